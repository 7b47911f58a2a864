"""Parse Prisma schema text into a :class:`~workbench.prisma.ast.SchemaFile`.

Like Prisma's own grammar, the parser is line oriented: inside a block every line is one field,
enum value, block attribute or property. A line that does not parse becomes one error for that
line ("This line is not a valid field or attribute definition.") and parsing goes on with the next
line, so one run reports every independent syntax error. Lines outside blocks that do not start
a block are reported one by one, as Prisma does.

Speed matters (every keystroke in the studio re-parses; `check` on 5000 models must beat Prisma's
own validator): block structure and field heads are matched with compiled regexes on whole lines;
only attribute arguments and config values go through the tokenizer. Since a line reads the same
wherever it stands in a model (or enum), each line is read once per process into a cache entry
(:func:`_model_entry`, :func:`_enum_entry`), and :meth:`_FileParser.fast_block` builds a block
from the entries of its lines, placing them at their offsets; a block with a line the entries do
not cover (an error, a block comment, an escape, no closing brace) is read line by line by
:meth:`_FileParser.block`, which has the whole grammar. ASCII twins of the header and field
regexes take the common line (the Unicode character classes cost several times more to scan).
tests/test_prisma_parser_paths.py checks that both ways read every test schema the same.
"""

from __future__ import annotations

import contextlib
import re
from bisect import bisect_right
from itertools import accumulate, repeat
from operator import add
from typing import Any

from workbench.diagnostics.catalog import prisma as codes
from workbench.prisma.ast import (
    Attribute,
    Block,
    EnumValueDecl,
    FieldDecl,
    FieldLine,
    FieldType,
    Property,
    SchemaFile,
    SyntaxIssue,
)
from workbench.prisma.comments import block_comment_text, doc_comment_text, trailing_start
from workbench.prisma.expressions import MAX_DEPTH, Fail, Tokens, TooDeep, parse_expr, segment, segment_at, too_deep_at
from workbench.prisma.lexer import (
    BLANK,
    COMMENT,
    IDENTIFIER,
    STRING,
    decode_string,
    is_identifier,
    tokenize,
    unquote,
)

_KEYWORDS = ("model", "view", "type", "enum", "datasource", "generator")
_HEADER = re.compile(rf"{BLANK}*(model|view|type|enum|datasource|generator){BLANK}*({IDENTIFIER}){BLANK}*\{{")
_FIELD = re.compile(
    rf"{BLANK}*({IDENTIFIER})"  # 1 name
    rf"{BLANK}*(:)?{BLANK}*"  # 2 legacy colon
    r"(?:"
    rf'(Unsupported{BLANK}*\({BLANK}*("(?:[^"\\\x00-\x1f]|\\.)*"){BLANK}*\))'  # 3 Unsupported(...), 4 its string
    rf"|(\[{BLANK}*{IDENTIFIER}{BLANK}*\])"  # 5 legacy list type [Type]
    rf"|({IDENTIFIER}(?:\.{IDENTIFIER})*)"  # 6 type name
    r")?"
    rf"{BLANK}*(\[\]\?|\?\[\]|\[\]|\?|!)?"  # 7 modifiers (Prisma allows `Type ?`)
    rf"(?:{BLANK}|\r)*"
)
# ASCII twins of _HEADER and _FIELD for the common line: Python's regex engine is several times
# faster on plain ASCII classes than on the Unicode ones. Wherever a twin matches (and, for a
# field, the line goes on with `@`, `//` or nothing), the full pattern matches with the same
# groups: each twin's identifiers stop where the full one's do (at a blank, `{`, `@`, `/` or the
# end); anything else (Unicode letters or blanks, `:`, `Type ?`, `!`, `Unsupported(...)`, `[Type]`)
# takes the full pattern.
_ASCII_ID = r"[A-Za-z0-9][A-Za-z0-9_\-]*"
_SIMPLE_HEADER = re.compile(rf"[ \t]*(model|view|type|enum|datasource|generator)[ \t]*({_ASCII_ID})[ \t]*\{{")
_SIMPLE_FIELD = re.compile(rf"[ \t]*({_ASCII_ID})[ \t]+({_ASCII_ID}(?:\.{_ASCII_ID})*)(\[\]|\?)?[ \t\r]*")
_ARBITRARY = re.compile(rf"{BLANK}*({IDENTIFIER}){BLANK}*\{{")
_ENUM_VALUE = re.compile(rf"{BLANK}*({IDENTIFIER})(?:{BLANK}|\r)*")
_PROPERTY = re.compile(rf"{BLANK}*({IDENTIFIER}){BLANK}*={BLANK}*")

_LINE_MSG = {
    "model": (codes.INVALID_FIELD_LINE, "This line is not a valid field or attribute definition."),
    "view": (codes.INVALID_FIELD_LINE, "This line is not a valid field or attribute definition."),
    "type": (codes.INVALID_FIELD_LINE, "This line is not a valid field or attribute definition."),
    "enum": (codes.INVALID_ENUM_LINE, "This line is not an enum value definition."),
    "datasource": (codes.INVALID_CONFIG_LINE, "This line is not a valid definition within a datasource."),
    "generator": (codes.INVALID_CONFIG_LINE, "This line is not a valid definition within a generator."),
}


_COMMENT_HINT = (
    "a block comment `/* ... */` may stand on a line of its own or end a line (then only blanks may follow "
    "it); it cannot stand between the parts of a line"
)


_Issue = tuple[str, str, int, int]
_new = tuple.__new__  # builds a NamedTuple without its Python-level __new__
_FAILED_LINE = FieldLine("", 0, 0, FieldType("", 0, 0), (), None, 0, 0)
_FIELD_LINES: dict[str, tuple[FieldLine | None, tuple[_Issue, ...]]] = {}


def _field_line(line: str) -> tuple[FieldLine | None, tuple[_Issue, ...]]:
    """Parse a field line (offsets relative to the line): (line or None or _FAILED_LINE, issues)."""
    m = _SIMPLE_FIELD.match(line)
    if m is not None:
        rest_start = m.end()
        content_end = len(line.rstrip())
        if rest_start >= content_end or line[rest_start] == "@" or line.startswith("//", rest_start):
            name, tname, mods = m.groups()
            tstart, tend = m.span(2)
            ftype = _new(FieldType, (tname, tstart, tend, mods == "?", mods == "[]", None, m.end(3) if mods else tend))
            if rest_start >= content_end:
                start, end = m.span(1)
                return _new(FieldLine, (name, start, end, ftype, (), None, start, content_end)), ()
            return _with_attributes(line, name, m.span(1), ftype, rest_start, content_end, ())
    m = _FIELD.match(line)
    if m is None:
        return _FAILED_LINE, ()
    name, colon, _, _, legacy, tname, mods = m.groups()
    if not line.isascii() and not all(is_identifier(g) for g in (name, legacy, tname) if g):
        return _FAILED_LINE, ()
    content_end = len(line.rstrip())
    rest_start = m.end()
    if rest_start < content_end and line[rest_start] != "@" and not line.startswith("//", rest_start):
        return _FAILED_LINE, ()
    if tname is not None and colon is None and mods in (None, "?", "[]"):  # the common line
        tstart, tend = m.span(6)
        ftype = _new(FieldType, (tname, tstart, tend, mods == "?", mods == "[]", None, m.end(7) if mods else tend))
        issues: tuple[_Issue, ...] = ()
    else:
        got = _field_type(m)
        if got is None:
            msg = f"This field declaration is invalid. It is either missing a name or a type (`{name}`)."
            return (None, ((codes.INVALID_FIELD_DECLARATION, msg, m.start(1), content_end),))
        ftype, issues = got
        if ftype is _FAILED_LINE.type:
            return _FAILED_LINE, ()
    return _with_attributes(line, name, m.span(1), ftype, rest_start, content_end, issues)


def _with_attributes(
    line: str,
    name: str,
    name_span: tuple[int, int],
    ftype: FieldType,
    rest_start: int,
    content_end: int,
    issues: tuple[_Issue, ...],
) -> tuple[FieldLine | None, tuple[_Issue, ...]]:
    """The field line once its head is read: its attributes (and trailing doc) from ``rest_start``."""
    attrs: tuple[Attribute, ...] = ()
    doc: str | None = None
    if rest_start < content_end:
        try:
            attrs, doc = segment_at(_with_doc_blanks(line, rest_start, line[rest_start:content_end]), rest_start)
        except TooDeep:
            raise
        except Fail:
            return _FAILED_LINE, issues
        for a in attrs:
            if a.block_level:
                return _FAILED_LINE, issues
    start, end = name_span
    return _new(FieldLine, (name, start, end, ftype, attrs, doc, start, content_end)), issues


def _field_type(m: re.Match[str]) -> tuple[FieldType, tuple[_Issue, ...]] | None:
    """The type of a field line with a legacy form, a modifier needing a message, or no type:
    (type, issues), (``_FAILED_LINE.type``, ()) when the line is invalid, None without a type."""
    issues: list[_Issue] = []
    mods = m.group(7) or ""
    if mods == "?[]":
        return _FAILED_LINE.type, ()
    unsupported: str | None = None
    if m.group(3) is not None:
        tname, tstart, tend = "Unsupported", m.start(3), m.end(3)
        unsupported = unquote(m.group(4))
    elif m.group(6) is not None:
        tname, tstart, tend = m.group(6), m.start(6), m.end(6)
    elif m.group(5) is not None:
        tname = m.group(5)[1:-1].strip()
        tstart, tend = m.start(5), m.end(5)
        issues.append(
            (codes.LEGACY_SYNTAX, "To specify a list, please use `Type[]` instead of `[Type]`.", tstart, tend)
        )
    else:
        return None
    if m.group(2):
        issues.append((codes.LEGACY_SYNTAX, "Field declarations don't require a `:`.", m.start(2), m.end(2)))
    type_end = m.end(7) if m.group(7) else tend
    if mods == "[]?":
        issues.append(
            (codes.OPTIONAL_LIST, "Optional lists are not supported. Use either `Type[]` or `Type?`.", tstart, type_end)
        )
    elif mods == "!":
        issues.append(
            (codes.LEGACY_SYNTAX, "Fields are required by default, `!` is no longer required.", tstart, type_end)
        )
    ftype = FieldType(
        tname,
        tstart,
        tend,
        optional=mods == "?",
        list=mods.startswith("[]") or m.group(5) is not None,
        unsupported=unsupported,
        end_with_modifiers=type_end,
    )
    return ftype, tuple(issues)


# Entries of the per-line caches of fast_block: (kind, payload...). A line's entry depends only on
# its text and on the kind of block (model/view/type or enum), never on its place.
_E_FIELD = 0  # (kind, FieldLine, its trailing doc)
_E_BLANK = 1  # (kind,)
_E_ATTR = 2  # block attribute: (kind, start in the line, then Attribute's fields but start)
_E_VALUE = 3  # (kind, then EnumValueDecl's fields up to line_end, relative to the line, doc = trailing doc)
_E_COMMENT = 4  # (kind, documentation of `///` or None for `//`)
_E_CLOSE = 5  # a line starting with `}`: (kind, column of the brace)
_E_SLOW = 6  # anything else (an error, a block comment, an escape): the block is read by _FileParser.block
_Entry = tuple[Any, ...]
_SLOW_ENTRY: _Entry = (_E_SLOW,)
_BLANK_ENTRY: _Entry = (_E_BLANK,)
_MODEL_ENTRIES: dict[str, _Entry] = {}
_ENUM_ENTRIES: dict[str, _Entry] = {}
_CONFIG = ("datasource", "generator")


def _common_entry(line: str) -> _Entry | None:
    """The entry of a line that reads the same in every block, or None for an item line. Mirrors
    the order of the tests in :meth:`_FileParser.block`."""
    stripped = line.strip()
    if not stripped:
        return _BLANK_ENTRY
    if "/*" in line or "\\" in line:
        return _SLOW_ENTRY
    first = stripped[0]
    if first == "}":
        return (_E_CLOSE, line.index("}"))
    if stripped.startswith("//"):
        return (_E_COMMENT, doc_comment_text(line.lstrip()) if stripped.startswith("///") else None)
    if first == "@" and stripped.startswith("@@"):
        try:
            got, _ = segment(stripped, 0)
        except Fail:
            return _SLOW_ENTRY
        if len(got) != 1:
            return _SLOW_ENTRY
        a = got[0]
        return (_E_ATTR, line.index("@") + a.start, a.name, a.args, a.length, a.name_len, a.block_level, a[6], a[7])
    return None


def _model_entry(line: str) -> _Entry:
    # A line that reads as a field starts with an identifier, so it is no blank, comment, closing
    # or block attribute line: try the common case first.
    if "/*" not in line and "\\" not in line and "@@" not in line:
        try:
            fl, issues = _field_line(line)
        except Fail:
            return _SLOW_ENTRY
        if not issues and fl is not None and fl is not _FAILED_LINE:
            return (_E_FIELD, fl, fl.trailing_doc)
    common = _common_entry(line)
    return _SLOW_ENTRY if common is None else common


def _enum_entry(line: str) -> _Entry:
    common = _common_entry(line)
    if common is not None:
        return common
    try:
        v = _FileParser("", "").enum_value(line, 0, None, 0, None)
    except Fail:
        return _SLOW_ENTRY
    return (_E_VALUE, v.name, v.start, v.end, v.attributes, v.doc, v.line_end)


_BOM_HINT = (
    "the file starts with a byte-order mark (U+FEFF), which Prisma reads as text: save the file as UTF-8 without it"
)


class _FileParser:
    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.issues: list[SyntaxIssue] = []
        self.blocks: list[Block] = []
        self.offs: list[int] = []  # offset of each line

    def issue(self, code: str, message: str, start: int, end: int, help: str | None = None) -> None:
        self.issues.append(SyntaxIssue(code, message, self.path, start, end, help))

    def parse(self) -> SchemaFile:
        text = self.text
        lines = text.split("\n")
        n = len(lines)
        # offset of each line: the running sum of the line lengths plus their newlines (in C)
        offs = list(accumulate(map(add, map(len, lines), repeat(1)), initial=0))
        offs.pop()
        self.offs = offs
        # Documentation as Prisma attaches it (see .comments): `block` holds the doc lines of the
        # comment block being read (None outside one), `pending` the block waiting for a model or enum.
        block: list[str] | None = None
        pending: list[str] | None = None
        seg = 0  # where the unread part of line i starts (after a block comment on it)
        i = 0
        while i < n:
            line = lines[i]
            if not line:  # the common empty line (the general test is below)
                block = None
                i, seg = i + 1, 0
                continue
            m = _SIMPLE_HEADER.match(line)  # the common header: then none of the tests below applies
            if m is not None:
                seg = 0
            else:
                stripped = line.strip()
                if not stripped:
                    block = None  # a comment block followed by an empty line documents nothing
                    i, seg = i + 1, 0
                    continue
                if stripped.startswith("/*"):
                    got = self.leading_comment(lines, i, seg, block is not None)
                    if got is not None:
                        k, end_col, doc_line, rest = got
                        block = [*(block or ()), doc_line]
                        if rest == "blank":
                            block = None
                        if rest == "more":
                            i, seg = k, end_col
                        else:
                            i, seg = k + 1, 0
                        continue
                if stripped.startswith("//"):
                    block = block if block is not None else []
                    if stripped.startswith("///"):
                        block.append(doc_comment_text(line.lstrip()))
                    i, seg = i + 1, 0
                    continue
                seg = 0
                m = _HEADER.match(line)
                if m is not None and not is_identifier(m.group(2)):
                    m = None
                arbitrary = _ARBITRARY.match(line) if m is None else None
                k, col = i, (line.index("{") + 1) if arbitrary is not None else 0
                while arbitrary is not None and k < n and "}" not in lines[k][col:]:
                    k, col = k + 1, 0
                if arbitrary is not None and k < n and is_identifier(arbitrary.group(1)):
                    # `word {` ... `}`: Prisma skips the whole block and reports it once (without a `}`
                    # it is no block: each line is invalid on its own, below).
                    start = offs[i] + (len(line) - len(line.lstrip()))
                    self.issue(
                        codes.INVALID_TOP_LEVEL_LINE,
                        "This block is invalid. It does not start with any known Prisma schema keyword.",
                        start,
                        offs[i] + len(line.rstrip()),
                        "blocks start with model, view, enum, type, datasource or generator, followed by a name",
                    )
                    block = None
                    i = self.after_close(lines, k, lines[k].index("}", col))
                    continue
                if m is None:
                    start = offs[i] + (len(line) - len(line.lstrip()))
                    if stripped.split(None, 1)[0] in _KEYWORDS or re.match(r"(model|view|enum|type)\s", stripped):
                        msg = f"This line is not a valid `{stripped.split()[0]}` block header."
                        self.issue(
                            codes.INVALID_TOP_LEVEL_LINE,
                            msg,
                            start,
                            offs[i] + len(line.rstrip()),
                            "write `keyword Name {` on one line",
                        )
                    else:
                        msg = "This line is invalid. It does not start with any known Prisma schema keyword."
                        hint = _BOM_HINT if i == 0 and line.startswith("\ufeff") else None
                        self.issue(codes.INVALID_TOP_LEVEL_LINE, msg, start, offs[i] + len(line.rstrip()), hint)
                    block = None
                    i += 1
                    continue
            if block is not None:
                pending = block  # Prisma keeps it for the next model or enum, even past a config block
                block = None
            keyword = m.group(1)
            if keyword in _CONFIG:
                i = self.block(lines, offs, i, m, None)
                continue
            doc = "\n".join(pending) if pending else None
            pending = None
            nxt = self.fast_block(lines, offs, i, m, doc, keyword)
            i = self.block(lines, offs, i, m, doc) if nxt is None else nxt
        return SchemaFile(self.path, tuple(self.blocks), tuple(self.issues))

    def leading_comment(self, lines: list[str], j: int, seg: int, continues: bool) -> tuple[int, int, str, str] | None:
        """A block comment opening line ``j`` (after blanks): (index of the line holding its ``*/``,
        column after the ``*/``, its documentation, what follows on that line: "eol" (nothing: the
        comment block may go on), "blank" (only blanks: the comment block ends) or "more" (text,
        read as a line of its own once the comment is blanked out)). None when it is never closed:
        then it is no comment and the line is invalid, as in Prisma.

        ``continues``: the comment is not the first of its comment block, so (as in Prisma) its
        match starts where the unread part of the line starts, blanks included."""
        line = lines[j]
        offs = self.offs
        start = offs[j] + len(line) - len(line.lstrip())
        close = self.text.find("*/", start + 2)
        if close < 0:
            return None
        end = close + 2
        k = bisect_right(offs, close) - 1
        end_col = end - offs[k]
        doc = block_comment_text(self.text[offs[j] + seg if continues else start : end])
        rest = lines[k][end_col:]
        if rest in ("", "\r"):
            return k, end_col, doc, "eol"
        if not rest.strip():
            return k, end_col, doc, "blank"
        lines[k] = " " * end_col + rest
        return k, end_col, doc, "more"

    def after_close(self, lines: list[str], j: int, close: int) -> int:
        """The line to read after a block's ``}`` at column ``close`` of line ``j``: the next one,
        or line ``j`` itself with everything through the brace blanked out when more follows on it
        (Prisma's grammar reads on after the brace: a comment, even another block)."""
        line = lines[j]
        if len(line) == close + 1:  # the common `}` line
            return j + 1
        rest = line[close + 1 :]
        if not rest.strip():
            return j + 1
        lines[j] = " " * (close + 1) + rest
        return j

    def fast_block(
        self, lines: list[str], offs: list[int], i: int, m: re.Match[str], doc: str | None, keyword: str
    ) -> int | None:
        """The common block, read from cached per-line entries (see :func:`_model_entry`), or None
        when a line needs :meth:`block` (an error, a block comment, an escape, no closing brace):
        then nothing has been recorded and :meth:`block` reads the block from its start.

        Documentation follows :meth:`block`: ``pending`` is the comment block waiting for the next
        item, and a comment continues it only directly after another comment line."""
        is_enum = keyword == "enum"
        cache = _ENUM_ENTRIES if is_enum else _MODEL_ENTRIES
        get = cache.get
        items: list[FieldDecl | EnumValueDecl] = []  # fields, or values of an enum
        add = items.append
        attrs: list[Attribute] = []
        pending: list[str] | None = None
        last_comment = -1  # the line of the last `//` comment
        j = i
        try:
            while True:
                j += 1
                line = lines[j]
                e = get(line)
                if e is None:
                    e = _enum_entry(line) if is_enum else _model_entry(line)
                    if len(cache) > 100_000:
                        cache.clear()
                    cache[line] = e
                kind = e[0]
                if kind == _E_FIELD:
                    if pending is None:
                        add(_new(FieldDecl, (e[1], offs[j], e[2], j + 1)))
                    else:
                        fdoc = _join("\n".join(pending) if pending else None, e[2])
                        add(_new(FieldDecl, (e[1], offs[j], fdoc, j + 1)))
                        pending = None
                elif kind == _E_BLANK:
                    pass
                elif kind == _E_VALUE:
                    fdoc = _join("\n".join(pending) if pending else None, e[5])
                    add(_new(EnumValueDecl, (e[1], e[2], e[3], e[4], fdoc, e[6], offs[j], j + 1)))
                    pending = None
                elif kind == _E_ATTR:
                    attrs.append(_new(Attribute, (e[2], e[3], offs[j] + e[1], e[4], e[5], e[6], e[7], e[8])))
                elif kind == _E_COMMENT:
                    if last_comment != j - 1 or pending is None:
                        pending = []
                    if e[1] is not None:
                        pending.append(e[1])
                    last_comment = j
                elif kind == _E_CLOSE:
                    break
                else:
                    return None
        except IndexError:  # never closed
            return None
        close = e[1]
        base = offs[i]
        block = (
            keyword,
            m.group(2),
            self.path,
            base + m.start(1),
            offs[j] + close + 1,
            base + m.start(2),
            base + m.end(2),
            doc,
            () if is_enum else tuple(items),
            tuple(items) if is_enum else (),
            (),
            tuple(attrs),
        )
        self.blocks.append(_new(Block, block))
        return self.after_close(lines, j, close)

    def block(self, lines: list[str], offs: list[int], i: int, m: re.Match[str], doc: str | None) -> int:
        keyword, name = m.group(1), m.group(2)
        base = offs[i]
        head_start = base + m.start(1)
        # Text after `{` on the header line is ignored, as Prisma's grammar does.
        fields: list[FieldDecl] = []
        values: list[EnumValueDecl] = []
        props: list[Property] = []
        attrs: list[Attribute] = []
        # Prisma's pending_field_comment: the doc lines of the last comment block, for the next
        # field or enum value (kept across empty lines and block attributes; see .comments).
        pending: list[str] | None = None
        in_block = False  # the previous item was a comment of that comment block
        seg = 0  # where the unread part of line j starts (after a block comment on it)
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
                in_block = False
                j, seg = j + 1, 0
                continue
            first = stripped[0]
            if first == "/" and stripped.startswith("/*"):
                got = self.leading_comment(lines, j, seg, in_block)
                if got is not None:
                    k, end_col, doc_line, rest = got
                    pending = [*pending, doc_line] if in_block and pending is not None else [doc_line]
                    in_block = rest != "blank"
                    j, seg = (k, end_col) if rest == "more" else (k + 1, 0)
                    continue
            seg = 0
            if first == "}":
                close = line.index("}")
                end = offs[j] + close + 1
                break
            if first == "/" and stripped.startswith("//"):
                if not in_block or pending is None:
                    pending = []
                if stripped.startswith("///"):
                    pending.append(doc_comment_text(line.lstrip()))
                in_block = True
                j += 1
                continue
            in_block = False
            lo = offs[j]
            if "\\" in line:
                self.escapes(line, lo)
            # (the common line has no block comment: skip the call)
            item, trailing, last = self.trailing_comment(lines, j) if "/*" in line else (line, None, j)
            fdoc = "\n".join(pending) if pending else None
            if is_model and first != "@":  # fast path: a field line seen before without issues
                hit = get_line(item)
                if hit is not None and not hit[1] and hit[0] is not None and hit[0] is not _FAILED_LINE:
                    fl = hit[0]
                    fields.append(FieldDecl(fl, lo, _join(_join(fdoc, fl.trailing_doc), trailing), j + 1))
                    pending = None
                    j = last + 1
                    continue
            try:
                if first == "@" and stripped.startswith("@@") and not is_config:
                    line_start = lo + line.index("@")
                    got_attrs, _ = segment(item.strip(), line_start)
                    if len(got_attrs) != 1:
                        raise Fail
                    attrs.append(got_attrs[0])
                elif is_model:
                    pending = None  # Prisma's field rule takes the comment even when the field is invalid
                    f = self.field(item, lo, _join(fdoc, None), j + 1, trailing)
                    if f is not None:
                        fields.append(f)
                elif is_enum:
                    values.append(self.enum_value(item, lo, fdoc, j + 1, trailing))
                    pending = None
                else:
                    props.append(self.property(item, lo, lo + len(item.rstrip())))
                j = last + 1
            except TooDeep:
                self.too_deep(line, lo)
                head = _FIELD.match(item) if is_model and first != "@" else None
                if head is not None:  # Prisma (which reads ~1,100 levels) has the field: keep it, sans attributes
                    with contextlib.suppress(Fail):
                        f = self.field(item[: head.end()], lo, fdoc, j + 1, trailing)
                        if f is not None:
                            fields.append(f)
                            pending = None
                j += 1
            except Fail:
                code, msg = _LINE_MSG[keyword]
                hint = _COMMENT_HINT if trailing_start(line) >= 0 else None
                self.issue(code, msg, lo + len(line) - len(line.lstrip()), lo + len(line.rstrip()), hint)
                j += 1
        if end < 0:
            # Never closed: like Prisma, the block does not exist and each of its lines is invalid
            # (line errors found inside it are replaced by that plain top-level error).
            body_start = offs[i + 1] if i + 1 < n else len(self.text)
            self.issues = [x for x in self.issues if x.start < body_start]
            self.issue(
                codes.UNCLOSED_BLOCK,
                f"The {keyword} `{name}` is never closed: a line with `}}` is missing.",
                head_start,
                base + len(lines[i].rstrip()),
                f"add `}}` after the last line of {keyword} `{name}`",
            )
            k = i + 1
            while k < n:
                text = lines[k].strip()
                start = offs[k] + len(lines[k]) - len(lines[k].lstrip())
                close = self.text.find("*/", start + 2) if text.startswith("/*") else -1
                if close >= 0:  # a block comment is no invalid line
                    k = bisect_right(offs, close)
                    continue
                if text and not text.startswith("//"):
                    self.issue(
                        codes.INVALID_TOP_LEVEL_LINE,
                        "This line is invalid. It does not start with any known Prisma schema keyword.",
                        start,
                        offs[k] + len(lines[k].rstrip()),
                    )
                k += 1
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
        return self.after_close(lines, j, close)

    def trailing_comment(self, lines: list[str], j: int) -> tuple[str, str | None, int]:
        """Line ``j`` split at a trailing block comment: (the line without it, the comment's
        documentation, index of the line holding its ``*/``). Only blanks may follow the ``*/``
        (Prisma's grammar wants the end of the line there); otherwise the line is returned whole,
        and its ``/*`` makes it invalid."""
        line = lines[j]
        c = trailing_start(line)
        if c < 0:
            return line, None, j
        offs = self.offs
        start = offs[j] + c
        close = self.text.find("*/", start + 2)
        if close < 0:
            return line, None, j
        k = bisect_right(offs, close) - 1
        if lines[k][close + 2 - offs[k] :].strip():
            return line, None, j
        return line[:c], block_comment_text(self.text[start : close + 2]), k

    def escapes(self, line: str, lo: int) -> None:
        """Bad escapes in the line's string literals, one error each (Prisma's parser reports them)."""
        for tok in tokenize(line, 0, len(line)):
            if tok.kind == STRING and "\\" in tok.text:
                for bad in decode_string(tok.text)[1]:
                    self.issue(codes.INVALID_ESCAPE, bad.message, lo + tok.start + bad.start, lo + tok.start + bad.end)

    def too_deep(self, line: str, lo: int) -> None:
        at = too_deep_at(line)
        start = lo + (at if at >= 0 else len(line) - len(line.lstrip()))
        self.issue(
            codes.NESTING_TOO_DEEP,
            f"This line nests brackets more than {MAX_DEPTH} levels deep.",
            start,
            start + 1 if at >= 0 else lo + len(line.rstrip()),
            "no Prisma attribute or value needs this nesting: check for brackets that are never closed",
        )

    def field(self, line: str, lo: int, doc: str | None, line_no: int, trailing: str | None) -> FieldDecl | None:
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
            raise Fail
        if fl is None:
            return None
        return FieldDecl(fl, lo, _join(_join(doc, fl.trailing_doc), trailing), line_no)

    def enum_value(self, line: str, lo: int, doc: str | None, line_no: int, trailing: str | None) -> EnumValueDecl:
        m = _ENUM_VALUE.match(line)
        if m is None or not is_identifier(m.group(1)):
            raise Fail
        rest = line[m.end() :].rstrip()
        attrs: tuple[Attribute, ...] = ()
        if rest:
            attrs, trailing_doc = segment(_with_doc_blanks(line, m.end(), rest), m.end())
            doc = _join(doc, trailing_doc)
            if any(a.block_level for a in attrs):
                raise Fail
        return EnumValueDecl(
            m.group(1), m.start(1), m.end(1), attrs, _join(doc, trailing), len(line.rstrip()), lo, line_no
        )

    def property(self, line: str, lo: int, line_end: int) -> Property:
        m = _PROPERTY.match(line)
        if m is None or not is_identifier(m.group(1)):
            raise Fail
        c = Tokens(tokenize(self.text, lo + m.end(), line_end))
        first = c.peek()
        if first is None or first.kind == COMMENT:  # `key =` without a value: reported by the resolver
            return Property(m.group(1), None, lo + m.start(1), lo + m.end(), lo + m.end(1))
        value = parse_expr(c)
        t = c.peek()
        if t is not None and (t.kind != COMMENT or c.peek(1) is not None):
            raise Fail
        return Property(m.group(1), value, lo + m.start(1), value.end, lo + m.end(1))


def _join(doc: str | None, more: str | None) -> str | None:
    """Documentation from a comment block and a trailing comment, joined as Prisma joins them."""
    if more is None:
        return doc
    return more if doc is None else f"{doc}\n{more}"


def _with_doc_blanks(line: str, start: int, rest: str) -> str:
    """The segment of ``line`` from ``start``: ``rest`` (blanks stripped at the end), or, when a
    ``///`` comment ends it, through the end of the line, because Prisma keeps a doc comment's
    trailing blanks (up to a carriage return)."""
    if "///" not in rest:
        return rest
    return line[start:].split("\r", 1)[0]


def parse_schema(text: str, path: str = "schema.prisma") -> SchemaFile:
    """Parse one file. Never raises on bad input: syntax errors are in ``SchemaFile.issues``."""
    return _FileParser(path, text).parse()
