"""Parse Prisma schema text into a :class:`~workbench.loaders.prisma.ast.SchemaFile`.

Like Prisma's own grammar, the parser is line oriented: inside a block every line is one field,
enum value, block attribute or property. A line that does not parse becomes one error for that
line ("This line is not a valid field or attribute definition.") and parsing goes on with the next
line, so one run reports every independent syntax error. Lines outside blocks that do not start
a block are reported one by one, as Prisma does.

Speed matters (a 2000-model schema must load in well under half a second): block structure and
field heads are matched with compiled regexes on whole lines; only attribute arguments and
config values go through the tokenizer.
"""

from __future__ import annotations

import re

from workbench.loaders.prisma.ast import (
    Argument,
    ArrayExpr,
    Attribute,
    Block,
    EnumValueDecl,
    Expr,
    FieldDecl,
    FieldLine,
    FieldType,
    FuncCall,
    NumberLit,
    ObjectExpr,
    Path,
    Property,
    SchemaFile,
    StringLit,
    SyntaxIssue,
)
from workbench.loaders.prisma.lexer import (
    ATTR,
    COMMENT,
    IDENT,
    NUMBER,
    PUNCT,
    STRING,
    Token,
    decode_string,
    tokenize,
    unquote,
)

_KEYWORDS = ("model", "view", "type", "enum", "datasource", "generator")
_HEADER = re.compile(r"[ \t]*(model|view|type|enum|datasource|generator)[ \t]+([A-Za-z0-9_][\w\-]*)[ \t]*\{[ \t\r]*")
_FIELD = re.compile(
    r"[ \t]*([A-Za-z0-9_][\w\-]*)"  # 1 name
    r"[ \t]*(:)?[ \t]*"  # 2 legacy colon
    r"(?:"
    r'(Unsupported[ \t]*\([ \t]*("(?:[^"\\\x00-\x1f]|\\.)*")[ \t]*\))'  # 3 Unsupported(...), 4 its string
    r"|(\[[ \t]*[A-Za-z_][\w\-]*[ \t]*\])"  # 5 legacy list type [Type]
    r"|([A-Za-z_][\w\-]*(?:\.[A-Za-z_][\w\-]*)*)"  # 6 type name
    r")?"
    r"[ \t]*(\[\]\?|\?\[\]|\[\]|\?|!)?"  # 7 modifiers (Prisma allows `Type ?`)
    r"[ \t\r]*"
)
_ARBITRARY = re.compile(r"[ \t]*[A-Za-z0-9_\-]+[ \t]*\{")
_ENUM_VALUE = re.compile(r"[ \t]*([A-Za-z0-9_][\w\-]*)[ \t\r]*")
_PROPERTY = re.compile(r"[ \t]*([A-Za-z_][\w\-]*)[ \t]*=[ \t]*")

_LINE_MSG = {
    "model": ("E0002", "This line is not a valid field or attribute definition."),
    "view": ("E0002", "This line is not a valid field or attribute definition."),
    "type": ("E0002", "This line is not a valid field or attribute definition."),
    "enum": ("E0004", "This line is not an enum value definition."),
    "datasource": ("E0005", "This line is not a valid definition within a datasource."),
    "generator": ("E0005", "This line is not a valid definition within a generator."),
}


class _Fail(Exception):
    """Internal signal: the tokens of a line do not form valid syntax (becomes a line error)."""


# Brackets deeper than this end parsing of the line with a located error (E0010). Real schemas
# nest three levels (`@@index([a(ops: raw("..."))])`); every later stage walks expressions
# recursively, so a bound here keeps them all far from Python's recursion limit. Prisma itself has
# no bound and crashes ("Maximum call stack size exceeded") at about 1,100 levels.
MAX_DEPTH = 64


class _TooDeep(_Fail):
    """Internal signal: the line nests brackets deeper than :data:`MAX_DEPTH`."""


def too_deep_at(line: str) -> int:
    """Offset in ``line`` of the bracket that opens expression level ``MAX_DEPTH + 1`` (an
    attribute's own argument list is not an expression), or -1. Used to place the error once the
    parser has given up on the line."""
    stack: list[bool] = []  # per open bracket: does it open an expression?
    depth = 0
    prev: Token | None = None
    for tok in tokenize(line, 0, len(line)):
        if tok.kind == PUNCT and tok.text in "([{":
            expression = not (tok.text == "(" and prev is not None and prev.kind == ATTR)
            stack.append(expression)
            depth += expression
            if depth > MAX_DEPTH:
                return tok.start
        elif tok.kind == PUNCT and tok.text in ")]}" and stack:
            depth -= stack.pop()
        prev = tok
    return -1


class _Tokens:
    """A cursor over the tokens of one line."""

    __slots__ = ("depth", "i", "shift", "toks")

    def __init__(self, toks: list[Token]) -> None:
        self.toks = toks
        self.i = 0
        self.shift = 0  # subtracted from token offsets (attribute arguments are attribute-relative)
        self.depth = 0  # open brackets around the expression being parsed

    def peek(self, k: int = 0) -> Token | None:
        j = self.i + k
        return self.toks[j] if j < len(self.toks) else None

    def is_punct(self, ch: str, k: int = 0) -> bool:
        t = self.peek(k)
        return t is not None and t.kind == PUNCT and t.text == ch

    def next(self) -> Token:
        if self.i >= len(self.toks):
            raise _Fail
        t = self.toks[self.i]
        self.i += 1
        return t

    def expect(self, ch: str) -> Token:
        t = self.next()
        if t.kind != PUNCT or t.text != ch:
            raise _Fail
        return t


def _expr(c: _Tokens) -> Expr:
    t = c.next()
    kind = t.kind
    sh = c.shift
    if kind == STRING:
        return StringLit(unquote(t.text), t.start - sh, t.end - sh)
    if kind == NUMBER:
        return NumberLit(t.text, t.start - sh, t.end - sh)
    if kind == IDENT:
        if c.is_punct("("):
            c.i += 1
            c.depth += 1
            if c.depth > MAX_DEPTH:
                raise _TooDeep
            args, end, trailing = _args(c)
            c.depth -= 1
            return FuncCall(t.text, args, t.start - sh, end, t.end - sh, trailing)
        return Path(t.text, t.start - sh, t.end - sh)
    if kind != PUNCT or t.text not in "[{":
        raise _Fail
    c.depth += 1
    if c.depth > MAX_DEPTH:
        raise _TooDeep
    e = _bracketed(c, t)
    c.depth -= 1
    return e


def _bracketed(c: _Tokens, t: Token) -> Expr:
    """An array ``[...]`` or object ``{...}`` expression whose opening bracket ``t`` was just read."""
    sh = c.shift
    if t.text == "[":
        items: list[Expr] = []
        while True:
            if c.is_punct("]"):
                end = c.next().end - sh
                break
            items.append(_expr(c))
            if c.is_punct(","):
                c.i += 1
                continue
            end = c.expect("]").end - sh
            break
        return ArrayExpr(tuple(items), t.start - sh, end)
    if t.text == "{":
        entries: list[Argument] = []
        while True:
            if c.is_punct("}"):
                end = c.next().end - sh
                break
            key = c.next()
            if key.kind not in (IDENT, STRING):
                raise _Fail
            c.expect(":")
            v = _expr(c)
            name = unquote(key.text) if key.kind == STRING else key.text
            entries.append(Argument(name, v, key.start - sh, v.end))
            if c.is_punct(","):
                c.i += 1
                continue
            end = c.expect("}").end - sh
            break
        return ObjectExpr(tuple(entries), t.start - sh, end)
    raise _Fail


def _args(c: _Tokens) -> tuple[tuple[Argument, ...], int, int | None]:
    """Arguments after an opening parenthesis, through the closing one: (args, end, trailing comma)."""
    args: list[Argument] = []
    trailing: int | None = None
    sh = c.shift
    if c.is_punct(")"):
        return (), c.next().end - sh, None
    while True:
        t = c.peek()
        if t is not None and t.kind == IDENT and c.is_punct(":", 1):
            c.i += 2
            if c.is_punct(",") or c.is_punct(")"):
                args.append(Argument(t.text, None, t.start - sh, c.toks[c.i - 1].end - sh))
            else:
                v = _expr(c)
                args.append(Argument(t.text, v, t.start - sh, v.end))
        else:
            v = _expr(c)
            args.append(Argument(None, v, v.start, v.end))
        sep = c.next()
        if sep.kind != PUNCT:
            raise _Fail
        if sep.text == ")":
            return tuple(args), sep.end - sh, trailing
        if sep.text != ",":
            raise _Fail
        if c.is_punct(")"):
            trailing = sep.start - sh
            return tuple(args), c.next().end - sh, trailing


def _parse_segment(segment: str) -> tuple[tuple[Attribute, ...], str | None]:
    """Attributes of a line segment, then an optional comment: (attributes, trailing doc).

    Attribute ``start`` is relative to the segment here; :func:`_segment` rebases it.
    """
    c = _Tokens(tokenize(segment, 0, len(segment)))
    attrs: list[Attribute] = []
    doc: str | None = None
    while True:
        t = c.peek()
        if t is None:
            break
        if t.kind == COMMENT:
            if t.text.startswith("///"):
                doc = t.text[3:].strip()
            c.i += 1
            if c.peek() is not None:
                raise _Fail
            break
        if t.kind != ATTR:
            raise _Fail
        c.i += 1
        block = t.text.startswith("@@")
        name = t.text[2:] if block else t.text[1:]
        c.shift = t.start
        if c.is_punct("("):
            c.i += 1
            args, end, trailing = _args(c)
            attrs.append(Attribute(name, args, t.start, end, t.end - t.start, block, True, trailing))
        else:
            attrs.append(Attribute(name, (), t.start, t.end - t.start, t.end - t.start, block))
    return tuple(attrs), doc


_FAILED = ((), "")
_TOO_DEEP = ((), "too deep")
_SEGMENTS: dict[str, tuple[tuple[Attribute, ...], str | None]] = {}


def _segment(segment: str, base: int) -> tuple[tuple[Attribute, ...], str | None]:
    """Parse (cached by text) and place the attributes of a segment starting at offset ``base``."""
    hit = _SEGMENTS.get(segment)
    if base == 0 and hit is not None and hit is not _FAILED and hit is not _TOO_DEEP:
        return hit
    if hit is None:
        try:
            hit = _parse_segment(segment)
        except _TooDeep:
            hit = _TOO_DEEP
        except _Fail:
            hit = _FAILED
        if len(_SEGMENTS) > 50_000:
            _SEGMENTS.clear()
        _SEGMENTS[segment] = hit
    if hit is _TOO_DEEP:
        raise _TooDeep
    if hit is _FAILED:
        raise _Fail
    templates, doc = hit
    return (
        tuple(
            Attribute(
                a.name, a.args, base + a.start, a.length, a.name_len, a.block_level, a.has_parens, a.trailing_comma
            )
            for a in templates
        ),
        doc,
    )


_Issue = tuple[str, str, int, int]
_FAILED_LINE = FieldLine("", 0, 0, FieldType("", 0, 0), (), None, 0, 0)
_FIELD_LINES: dict[str, tuple[FieldLine | None, tuple[_Issue, ...]]] = {}


def _field_line(line: str) -> tuple[FieldLine | None, tuple[_Issue, ...]]:
    """Parse a field line (offsets relative to the line): (line or None or _FAILED_LINE, issues)."""
    issues: list[_Issue] = []
    m = _FIELD.match(line)
    content_end = len(line.rstrip())
    if m is None:
        return _FAILED_LINE, ()
    line_start = m.start(1)
    rest_start = m.end()
    if rest_start < content_end and line[rest_start] != "@" and not line.startswith("//", rest_start):
        return _FAILED_LINE, ()
    name = m.group(1)
    mods = m.group(7) or ""
    if mods == "?[]":
        return _FAILED_LINE, ()
    unsupported: str | None = None
    if m.group(3) is not None:
        tname, tstart, tend = "Unsupported", m.start(3), m.end(3)
        unsupported = unquote(m.group(4))
    elif m.group(6) is not None:
        tname, tstart, tend = m.group(6), m.start(6), m.end(6)
    elif m.group(5) is not None:
        tname = m.group(5)[1:-1].strip()
        tstart, tend = m.start(5), m.end(5)
        issues.append(("E0009", "To specify a list, please use `Type[]` instead of `[Type]`.", tstart, tend))
    else:
        msg = f"This field declaration is invalid. It is either missing a name or a type (`{name}`)."
        return None, (("E0003", msg, line_start, content_end),)
    if m.group(2):
        issues.append(("E0009", "Field declarations don't require a `:`.", m.start(2), m.end(2)))
    type_end = m.end(7) if m.group(7) else tend
    if mods == "[]?":
        issues.append(("E0007", "Optional lists are not supported. Use either `Type[]` or `Type?`.", tstart, type_end))
    elif mods == "!":
        issues.append(("E0009", "Fields are required by default, `!` is no longer required.", tstart, type_end))
    ftype = FieldType(
        tname,
        tstart,
        tend,
        optional=mods == "?",
        list=mods.startswith("[]") or m.group(5) is not None,
        unsupported=unsupported,
        end_with_modifiers=type_end,
    )
    attrs: tuple[Attribute, ...] = ()
    doc: str | None = None
    if rest_start < content_end:
        try:
            attrs, doc = _segment(line[rest_start:content_end], rest_start)
        except _TooDeep:
            raise
        except _Fail:
            return _FAILED_LINE, tuple(issues)
        if any(a.block_level for a in attrs):
            return _FAILED_LINE, tuple(issues)
    fl = FieldLine(name, m.start(1), m.end(1), ftype, attrs, doc, line_start, content_end)
    return fl, tuple(issues)


class _FileParser:
    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.issues: list[SyntaxIssue] = []
        self.blocks: list[Block] = []

    def issue(self, code: str, message: str, start: int, end: int, help: str | None = None) -> None:
        self.issues.append(SyntaxIssue(code, message, self.path, start, end, help))

    def parse(self) -> SchemaFile:
        text = self.text
        lines = text.split("\n")
        n = len(lines)
        offs = [0] * n
        pos = 0
        for i, line in enumerate(lines):
            offs[i] = pos
            pos += len(line) + 1
        doc: list[str] = []
        i = 0
        while i < n:
            line = lines[i]
            stripped = line.strip()
            if not stripped:
                doc = []
                i += 1
                continue
            if stripped.startswith("//"):
                if stripped.startswith("///"):
                    doc.append(stripped[3:].strip())
                i += 1
                continue
            m = _HEADER.match(line)
            if m is None and _ARBITRARY.match(line):
                # `word {`: Prisma skips the whole block and reports it once.
                start = offs[i] + (len(line) - len(line.lstrip()))
                self.issue(
                    "E0001",
                    "This block is invalid. It does not start with any known Prisma schema keyword.",
                    start,
                    offs[i] + len(line.rstrip()),
                    "blocks start with model, view, enum, type, datasource or generator, followed by a name",
                )
                k, col = i, line.index("{") + 1
                while k < n and "}" not in lines[k][col:]:
                    k, col = k + 1, 0
                if k < n:  # the block ends at the first `}`; the rest of that line is top-level text
                    close = lines[k].index("}", col)
                    rest = lines[k][close + 1 :].strip()
                    if rest and not rest.startswith("//"):
                        at = offs[k] + lines[k].index(rest, close + 1)
                        msg = "This line is invalid. It does not start with any known Prisma schema keyword."
                        self.issue("E0001", msg, at, at + len(rest))
                i = k + 1
                doc = []
                continue
            if m is None:
                start = offs[i] + (len(line) - len(line.lstrip()))
                if stripped.split(None, 1)[0] in _KEYWORDS or re.match(r"(model|view|enum|type)\s", stripped):
                    msg = f"This line is not a valid `{stripped.split()[0]}` block header."
                    self.issue("E0001", msg, start, offs[i] + len(line.rstrip()), "write `keyword Name {` on one line")
                else:
                    msg = "This line is invalid. It does not start with any known Prisma schema keyword."
                    self.issue("E0001", msg, start, offs[i] + len(line.rstrip()))
                doc = []
                i += 1
                continue
            i = self.block(lines, offs, i, m, "\n".join(doc) if doc else None)
            doc = []
        return SchemaFile(self.path, tuple(self.blocks), tuple(self.issues))

    def block(self, lines: list[str], offs: list[int], i: int, m: re.Match[str], doc: str | None) -> int:
        keyword, name = m.group(1), m.group(2)
        base = offs[i]
        head_start = base + m.start(1)
        # Text after `{` on the header line is ignored, as Prisma's grammar does.
        fields: list[FieldDecl] = []
        values: list[EnumValueDecl] = []
        props: list[Property] = []
        attrs: list[Attribute] = []
        pending: list[str] = []
        n = len(lines)
        j = i + 1
        end = -1
        is_model = keyword in ("model", "view", "type")
        is_enum = keyword == "enum"
        is_config = keyword in ("datasource", "generator")
        get_line = _FIELD_LINES.get
        while j < n:
            line = lines[j]
            stripped = line.strip()
            if not stripped:
                pending = []
                j += 1
                continue
            first = stripped[0]
            if first == "}":
                close = line.index("}")
                end = offs[j] + close + 1
                rest = line[close + 1 :].strip()
                if rest and not rest.startswith("//"):
                    at = offs[j] + line.index(rest, close + 1)
                    self.issue(
                        "E0001",
                        "This line is invalid. It does not start with any known Prisma schema keyword.",
                        at,
                        at + len(rest),
                        "nothing may follow the closing brace of a block on its line",
                    )
                break
            if first == "/" and stripped.startswith("//"):
                if stripped.startswith("///"):
                    pending.append(stripped[3:].strip())
                j += 1
                continue
            lo = offs[j]
            if "\\" in line:
                self.escapes(line, lo)
            if is_model and first != "@":  # fast path: a field line seen before without issues
                hit = get_line(line)
                if hit is not None and not hit[1] and hit[0] is not None and hit[0] is not _FAILED_LINE:
                    fl = hit[0]
                    fdoc = "\n".join(pending) if pending else None
                    if fl.trailing_doc:
                        fdoc = f"{fdoc}\n{fl.trailing_doc}" if fdoc else fl.trailing_doc
                    fields.append(FieldDecl(fl, lo, fdoc, j + 1))
                    if pending:
                        pending = []
                    j += 1
                    continue
            try:
                if first == "@" and stripped.startswith("@@") and not is_config:
                    line_start = lo + line.index("@")
                    got, _ = _segment(stripped, line_start)
                    if len(got) != 1:
                        raise _Fail
                    attrs.append(got[0])
                elif is_model:
                    f = self.field(line, lo, "\n".join(pending) if pending else None, j + 1)
                    if f is not None:
                        fields.append(f)
                elif is_enum:
                    values.append(self.enum_value(line, lo, "\n".join(pending) if pending else None, j + 1))
                else:
                    props.append(self.property(line, lo, lo + len(line.rstrip())))
            except _TooDeep:
                self.too_deep(line, lo)
            except _Fail:
                code, msg = _LINE_MSG[keyword]
                self.issue(code, msg, lo + len(line) - len(line.lstrip()), lo + len(line.rstrip()))
            if pending:
                pending = []
            j += 1
        if end < 0:
            # Never closed: like Prisma, the block does not exist and each of its lines is invalid
            # (line errors found inside it are replaced by that plain top-level error).
            body_start = offs[i + 1] if i + 1 < n else len(self.text)
            self.issues = [x for x in self.issues if x.start < body_start]
            self.issue(
                "E0006",
                f"The {keyword} `{name}` is never closed: a line with `}}` is missing.",
                head_start,
                base + len(lines[i].rstrip()),
                f"add `}}` after the last line of {keyword} `{name}`",
            )
            for k in range(i + 1, n):
                text = lines[k].strip()
                if text and not text.startswith("//"):
                    start = offs[k] + len(lines[k]) - len(lines[k].lstrip())
                    self.issue(
                        "E0001",
                        "This line is invalid. It does not start with any known Prisma schema keyword.",
                        start,
                        offs[k] + len(lines[k].rstrip()),
                    )
            return n
        self.blocks.append(
            Block(
                keyword,
                name,
                self.path,
                head_start,
                end,
                base + m.start(2),
                base + m.end(2),
                doc,
                tuple(fields),
                tuple(values),
                tuple(props),
                tuple(attrs),
            )
        )
        return j + 1

    def escapes(self, line: str, lo: int) -> None:
        """Bad escapes in the line's string literals, one error each (Prisma's parser reports them)."""
        for tok in tokenize(line, 0, len(line)):
            if tok.kind == STRING and "\\" in tok.text:
                for bad in decode_string(tok.text)[1]:
                    self.issue("E0011", bad.message, lo + tok.start + bad.start, lo + tok.start + bad.end)

    def too_deep(self, line: str, lo: int) -> None:
        at = too_deep_at(line)
        start = lo + (at if at >= 0 else len(line) - len(line.lstrip()))
        self.issue(
            "E0010",
            f"This line nests brackets more than {MAX_DEPTH} levels deep.",
            start,
            start + 1 if at >= 0 else lo + len(line.rstrip()),
            "no Prisma attribute or value needs this nesting: check for brackets that are never closed",
        )

    def field(self, line: str, lo: int, doc: str | None, line_no: int) -> FieldDecl | None:
        hit = _FIELD_LINES.get(line)
        if hit is None:
            hit = _field_line(line)
            if len(_FIELD_LINES) > 100_000:
                _FIELD_LINES.clear()
            _FIELD_LINES[line] = hit
        fl, issues = hit
        for code, msg, s, e in issues:
            self.issue(code, msg, lo + s, lo + e)
        if fl is _FAILED_LINE:
            raise _Fail
        if fl is None:
            return None
        if fl.trailing_doc:
            doc = f"{doc}\n{fl.trailing_doc}" if doc else fl.trailing_doc
        return FieldDecl(fl, lo, doc, line_no)

    def enum_value(self, line: str, lo: int, doc: str | None, line_no: int) -> EnumValueDecl:
        m = _ENUM_VALUE.match(line)
        if m is None:
            raise _Fail
        rest = line[m.end() :].rstrip()
        attrs: tuple[Attribute, ...] = ()
        if rest:
            attrs, trailing_doc = _segment(rest, m.end())
            if trailing_doc:
                doc = f"{doc}\n{trailing_doc}" if doc else trailing_doc
            if any(a.block_level for a in attrs):
                raise _Fail
        return EnumValueDecl(m.group(1), m.start(1), m.end(1), attrs, doc, len(line.rstrip()), lo, line_no)

    def property(self, line: str, lo: int, line_end: int) -> Property:
        m = _PROPERTY.match(line)
        if m is None:
            raise _Fail
        c = _Tokens(tokenize(self.text, lo + m.end(), line_end))
        first = c.peek()
        if first is None or first.kind == COMMENT:  # `key =` without a value: reported by the resolver
            return Property(m.group(1), None, lo + m.start(1), lo + m.end(), lo + m.end(1))
        value = _expr(c)
        t = c.peek()
        if t is not None and (t.kind != COMMENT or c.peek(1) is not None):
            raise _Fail
        return Property(m.group(1), value, lo + m.start(1), value.end, lo + m.end(1))


def parse_schema(text: str, path: str = "schema.prisma") -> SchemaFile:
    """Parse one file. Never raises on bad input: syntax errors are in ``SchemaFile.issues``."""
    return _FileParser(path, text).parse()
