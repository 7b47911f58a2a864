"""Attribute arguments and values of Prisma's expression syntax: function calls, arrays, objects.

Split from :mod:`.parser`, which handles lines and blocks: this module turns the tokens of one
line segment (``@id @default(now())``, a config value) into :mod:`.ast` nodes. Identical segments
are parsed once (:func:`segment` caches by text); nesting is bounded by :data:`MAX_DEPTH`, so no
later stage that walks expressions recursively can exhaust Python's recursion limit.
"""

from __future__ import annotations

import re

from workbench.prisma.ast import (
    Argument,
    ArrayExpr,
    Attribute,
    Expr,
    FuncCall,
    NumberLit,
    ObjectExpr,
    Path,
    StringLit,
)
from workbench.prisma.comments import doc_comment_text
from workbench.prisma.lexer import (
    ATTR,
    ATTR_HEAD,
    COMMENT,
    IDENT,
    NUMBER,
    PUNCT,
    STRING,
    Token,
    tokenize,
    unquote,
)


class Fail(Exception):
    """Internal signal: the tokens of a line do not form valid syntax (becomes a line error)."""


# Brackets deeper than this end parsing of the line with a located error (E0010). Real schemas
# nest three levels (`@@index([a(ops: raw("..."))])`); every later stage walks expressions
# recursively, so a bound here keeps them all far from Python's recursion limit. Prisma itself has
# no bound and crashes ("Maximum call stack size exceeded") at about 1,100 levels.
MAX_DEPTH = 64


class TooDeep(Fail):
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


class Tokens:
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
            raise Fail
        t = self.toks[self.i]
        self.i += 1
        return t

    def expect(self, ch: str) -> Token:
        t = self.next()
        if t.kind != PUNCT or t.text != ch:
            raise Fail
        return t


def parse_expr(c: Tokens) -> Expr:
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
                raise TooDeep
            args, end, trailing = _args(c)
            c.depth -= 1
            return FuncCall(t.text, args, t.start - sh, end, t.end - sh, trailing)
        return Path(t.text, t.start - sh, t.end - sh)
    if kind != PUNCT or t.text not in "[{":
        raise Fail
    c.depth += 1
    if c.depth > MAX_DEPTH:
        raise TooDeep
    e = _bracketed(c, t)
    c.depth -= 1
    return e


def _bracketed(c: Tokens, t: Token) -> Expr:
    """An array ``[...]`` or object ``{...}`` expression whose opening bracket ``t`` was just read."""
    sh = c.shift
    if t.text == "[":
        items: list[Expr] = []
        while True:
            if c.is_punct("]"):
                end = c.next().end - sh
                break
            items.append(parse_expr(c))
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
                raise Fail
            c.expect(":")
            v = parse_expr(c)
            name = unquote(key.text) if key.kind == STRING else key.text
            entries.append(Argument(name, v, key.start - sh, v.end))
            if c.is_punct(","):
                c.i += 1
                continue
            end = c.expect("}").end - sh
            break
        return ObjectExpr(tuple(entries), t.start - sh, end)
    raise Fail


def _args(c: Tokens) -> tuple[tuple[Argument, ...], int, int | None]:
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
                v = parse_expr(c)
                args.append(Argument(t.text, v, t.start - sh, v.end))
        else:
            v = parse_expr(c)
            args.append(Argument(None, v, v.start, v.end))
        sep = c.next()
        if sep.kind != PUNCT:
            raise Fail
        if sep.text == ")":
            return tuple(args), sep.end - sh, trailing
        if sep.text != ",":
            raise Fail
        if c.is_punct(")"):
            trailing = sep.start - sh
            return tuple(args), c.next().end - sh, trailing


# The attributes most lines hold, in ASCII with plain blanks: `@id`, `@@map("x")`, `@db.VarChar(255)`,
# `@default(DRAFT)`, `@default(now())`. parse_segment reads a segment of only these with one regex
# match per attribute instead of tokens; anything else (named arguments, lists, escapes, comments,
# non-ASCII names, Unicode blanks) fails the match and goes through the tokenizer. The tokens the
# match stands for are exactly the tokenizer's: each ends where the tokenizer's would (a name is
# followed by a blank, `@`, `(` or the end; a value by `)`).
_SIMPLE_ATTR = re.compile(
    r"[ \t]*(@@?)([A-Za-z0-9][A-Za-z0-9_\-]*(?:\.[A-Za-z0-9][A-Za-z0-9_\-]*)*)"  # 1 @ or @@, 2 name
    r"(?:\((?:"
    r'"([^"\\\x00-\x1f]*)"'  # 3 string without escapes
    r"|(-?[0-9]+(?:\.[0-9]+)?)"  # 4 number
    r"|([A-Za-z][A-Za-z0-9_\-]*)(\(\))?"  # 5 identifier, 6 `()`: a call without arguments
    r")\))?"
    r"(?=[ \t@]|$)"
)


def _simple_segment(segment: str) -> tuple[Attribute, ...] | None:
    """The attributes of a segment of simple attributes only (see :data:`_SIMPLE_ATTR`), or None."""
    attrs: list[Attribute] = []
    pos = 0
    n = len(segment)
    match = _SIMPLE_ATTR.match
    while pos < n:
        m = match(segment, pos)
        if m is None:
            return None
        at, name_end, end = m.start(1), m.end(2), m.end()
        block = m.end(1) - at == 2
        last = m.lastindex
        if last == 2:  # no arguments
            attrs.append(Attribute(m.group(2), (), at, end - at, end - at, block))
            pos = end
            continue
        if last == 3:
            s, e = m.start(3) - 1 - at, m.end(3) + 1 - at
            value: Expr = StringLit(m.group(3), s, e)
        elif last == 4:
            s, e = m.start(4) - at, m.end(4) - at
            value = NumberLit(m.group(4), s, e)
        elif last == 6:
            s, e = m.start(5) - at, m.end(6) - at
            value = FuncCall(m.group(5), (), s, e, m.end(5) - at, None)
        else:
            s, e = m.start(5) - at, m.end(5) - at
            value = Path(m.group(5), s, e)
        args = (Argument(None, value, s, e),)
        attrs.append(Attribute(m.group(2), args, at, end - at, name_end - at, block, True, None))
        pos = end
    return tuple(attrs)


def parse_segment(segment: str) -> tuple[tuple[Attribute, ...], str | None]:
    """Attributes of a line segment, then an optional comment: (attributes, trailing doc).

    Attribute ``start`` is relative to the segment here; :func:`_segment` rebases it.
    """
    simple = _simple_segment(segment)
    if simple is not None:
        return simple, None
    c = Tokens(tokenize(segment, 0, len(segment)))
    attrs: list[Attribute] = []
    doc: str | None = None
    while True:
        t = c.peek()
        if t is None:
            break
        if t.kind == COMMENT:
            if t.text.startswith("///"):
                doc = doc_comment_text(t.text)
            c.i += 1
            if c.peek() is not None:
                raise Fail
            break
        if t.kind != ATTR:
            raise Fail
        c.i += 1
        block = t.text.startswith("@@")
        name = ATTR_HEAD.sub("", t.text)
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


def segment(segment: str, base: int) -> tuple[tuple[Attribute, ...], str | None]:
    """Parse (cached by text) and place the attributes of a segment starting at offset ``base``."""
    hit = _SEGMENTS.get(segment)
    if hit is None:
        try:
            hit = parse_segment(segment)
        except TooDeep:
            hit = _TOO_DEEP
        except Fail:
            hit = _FAILED
        if len(_SEGMENTS) > 50_000:
            _SEGMENTS.clear()
        _SEGMENTS[segment] = hit
    if hit is _TOO_DEEP:
        raise TooDeep
    if hit is _FAILED:
        raise Fail
    if base == 0:
        return hit
    templates, doc = hit
    new = tuple.__new__  # an Attribute without the Python-level __new__ of NamedTuple
    placed = [
        new(
            Attribute,
            (a.name, a.args, base + a.start, a.length, a.name_len, a.block_level, a.has_parens, a.trailing_comma),
        )
        for a in templates
    ]
    return tuple(placed), doc


_PLACED: dict[tuple[str, int], tuple[tuple[Attribute, ...], str | None]] = {}


def segment_at(segment_text: str, base: int) -> tuple[tuple[Attribute, ...], str | None]:
    """:func:`segment` for a ``base`` relative to a line (so it repeats: aligned columns), cached
    by (text, base), so a field line seen for the first time often finds its attributes placed."""
    key = (segment_text, base)
    hit = _PLACED.get(key)
    if hit is None:
        hit = segment(segment_text, base)
        if len(_PLACED) > 50_000:
            _PLACED.clear()
        _PLACED[key] = hit
    return hit
