"""The formatter's view of a Prisma file: Prisma's own PEG grammar, trivia included.

``prisma format`` does not re-print a schema from its semantic model: it walks the *pest* parse
tree of the file (grammar ``datamodel.pest`` in prisma-engines) and keeps everything the grammar
keeps, comments, blank lines and lines it cannot parse (``CATCH_ALL``, copied verbatim). To print
byte for byte what it prints, this module reproduces that grammar rule by rule, with PEG
semantics (ordered choice, no backtracking into a committed alternative) and pest's implicit
whitespace (spaces and tabs, never newlines) between the parts of non-atomic rules. The loader's
parser (:mod:`.parser`) is deliberately different: it recovers from errors per line and drops
trivia, which is right for diagnostics and speed, wrong for formatting.

Every node carries what the layout needs, already normalised the way Prisma's reformatter
re-prints it (``@relation(fields:[a])`` -> ``@relation(fields: [a])``), plus the offsets that the
"missing relation bits" step (:mod:`.format_relations`) needs to insert text into the source.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Callable
from typing import NamedTuple, TypeAlias

from workbench.prisma.expressions import MAX_DEPTH

# WHITESPACE = SPACE_SEPARATOR | "\t" (Unicode category Zs, plus tab). Never a newline.
_WS_CHARS = "\t \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_WS = re.compile(f"[{_WS_CHARS}]*")
# identifier = (LETTER | ASCII_DIGIT) ~ ("_" | "-" | LETTER | ASCII_DIGIT)*, LETTER = Unicode category L*.
# The regexes over-approximate non-ASCII letters; _letters_only() trims the match where needed.
# (The classes are written as exclusions: "ASCII letter or digit, or any non-ASCII character" as
# a range up to U+10FFFF takes the regex compiler ~10 ms per pattern, at every start.)
_ID_START = r"[^\x00-\x2f:-@\[-`{-\x7f]"  # ASCII letters and digits, anything non-ASCII
_ID_REST = r"[^\x00-\x2c./:-@\[-^`{-\x7f]"  # the same plus `-` and `_`
_IDENT = re.compile(f"{_ID_START}{_ID_REST}*")
_PATH = re.compile(f"{_ID_START}{_ID_REST}*(?:\\.(?:{_ID_START}{_ID_REST}*)?)*")
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_STRING = re.compile(r'"(?:\\[\s\S]|[^"\\\x00-\x1f])*"')
_REST = re.compile(r"[^\r\n]*")  # (!NEWLINE ~ ANY)*
_EMPTY_LINES = re.compile(f"(?:[{_WS_CHARS}]*(?:\r\n|\n|\r))+")


def _letters_only(text: str) -> str:
    """The longest prefix of an identifier/path candidate whose non-ASCII characters are letters."""
    for k, ch in enumerate(text):
        if ch >= "\x80" and not unicodedata.category(ch).startswith("L"):
            return text[:k]
    return text


class Attr(NamedTuple):
    """``@path(args)`` or ``@@path(args)``: ``text`` is the re-printed form, without the ``@``s
    (its arguments, when a reader needs them: :func:`attribute_arguments`)."""

    path: str
    text: str


class Comment(NamedTuple):
    prefix: str  # "//", "///", or "/*" for a multi-line comment
    content: str  # verbatim: up to the end of the line; for "/*" the whole match (see render_comment)


def render_comment(c: Comment) -> list[str]:
    """The lines Prisma prints for one comment of a comment block."""
    if c.prefix != "/*":
        return [c.prefix + c.content]
    # Prisma cuts two bytes off each end of the *match*, which starts with the blanks that
    # precede a comment that is not the first of its block: `  /* a */` keeps `/* a`.
    raw = c.content.encode("utf-8")[2:-2].decode("utf-8", errors="replace")
    lines = ["/**"]
    for line in raw.split("\n"):
        line = line.strip()
        if line.startswith("*"):
            line = line[1:].lstrip()
        if line:
            lines.append(" * " + line)
    lines.append(" */")
    return lines


class Comments(NamedTuple):
    comments: tuple[Comment, ...]


class Empty(NamedTuple):
    """One or more empty lines (the grammar's ``empty_lines``)."""


class Raw(NamedTuple):
    """Text Prisma copies verbatim: ``CATCH_ALL`` lines, ``arbitrary_block`` and ``type_alias``."""

    text: str
    kind: str  # "catch_all", "arbitrary_block", "type_alias"


class Field(NamedTuple):
    name: str
    type: str | None  # re-printed: "String?", "Post[]", 'Unsupported("x")'
    type_name: str | None  # the base type as written
    arity: str  # "", "?", "[]", "[]?"
    attributes: tuple[Attr, ...]
    trailing: str | None  # "// ..." after the attributes


class KeyValue(NamedTuple):
    name: str
    value: str | None
    trailing: str | None


class EnumValue(NamedTuple):
    name: str
    attributes: tuple[Attr, ...]
    trailing: str | None


class BlockAttr(NamedTuple):
    attr: Attr
    trailing: str | None


Item: TypeAlias = Field | KeyValue | EnumValue | BlockAttr | Comments | Empty | Raw


class Block(NamedTuple):
    keyword: str  # model, type, view, enum, datasource, generator
    name: str
    items: tuple[Item, ...]
    start: int
    end: int  # after the closing brace


TopItem: TypeAlias = Block | Comments | Empty | Raw


# -- the fast path: lines already in Prisma's canonical form --------------------------------------
# Most lines of a real schema (and every line of a formatted one) are plain: ASCII names, blanks
# between the parts, arguments spelt exactly as Prisma re-prints them (``, `` and ``: `` as the
# only blanks, no trailing comma, strings without escapes, at most calls inside lists inside
# calls). For such a line the grammar's parse is known without running it: the re-printed text of
# each attribute is its source text. These patterns accept only that subset, anchored on the whole
# line up to its LF, and every token class is a subset of the grammar's (an identifier that
# continues with ``-`` or a non-ASCII letter, for one, stops the match); anything else, CRLF
# endings included, goes through the grammar as before.
_F_NAME = r"[A-Za-z][A-Za-z0-9_]*"
_F_PATH = rf"{_F_NAME}(?:\.{_F_NAME})*"
_F_LEAF = rf'(?:-?[0-9]+(?:\.[0-9]+)?(?![0-9A-Za-z_.])|"[^"\\\x00-\x1f]*"|{_F_PATH}(?![(\[{{]))'


def _f_list(item: str, close: str) -> str:
    """Items separated by ``, `` (none before ``close``), each pattern once: a compact pattern."""
    return rf"(?:{item}(?:, (?!{close})|(?={close})))*"


_F_CLOSE_CALL, _F_CLOSE_LIST = r"\)", r"\]"
_F_CALL = _F_PATH + r"\(" + _f_list(rf"(?:{_F_NAME}: )?{_F_LEAF}", _F_CLOSE_CALL) + r"\)"
_F_ITEM = rf"(?:{_F_CALL}|{_F_LEAF})"
_F_VALUE = r"(?:\[" + _f_list(_F_ITEM, _F_CLOSE_LIST) + rf"\]|{_F_ITEM})"
_F_ARGS = r"\(" + _f_list(rf"(?:{_F_NAME}: )?{_F_VALUE}", _F_CLOSE_CALL) + r"\)"
_FAST_ARG = re.compile(rf"(?:({_F_NAME}): )?({_F_VALUE})(?:, (?!\))|\)\Z)")  # one of a plain argument list
# One attribute (`@` or `@@` already read), or, in a field's run, blanks, `@` and one attribute.
_FAST_ATTR = re.compile(rf"(?:[ \t]+@)?({_F_PATH})({_F_ARGS})?")
_FAST_END = re.compile(r"[ \t]*(//[^\r\n]*)?\Z")  # what may follow the attributes (the line has no LF)
_EMPTY_OR_CLOSE = rf"|(?P<empty>(?:[{_WS_CHARS}]*(?:\r\n|\n|\r))+)|(?P<close>}})"
_FAST_FIELD = re.compile(
    rf"[ \t]*(?:(?P<name>{_F_NAME})[ \t]+(?P<base>{_F_NAME})(?P<arity>\[\]|\?)?(?P<rest>[^\r\n]*)\n"
    rf"|@@(?P<battr>[^\r\n]*)\n{_EMPTY_OR_CLOSE})"
)
_FAST_ENUM = re.compile(rf"[ \t]*(?:(?P<name>{_F_NAME})(?P<rest>[^\r\n]*)\n|@@(?P<battr>[^\r\n]*)\n{_EMPTY_OR_CLOSE})")
_RUNS: dict[str, tuple[tuple[Attr, ...], str | None] | None] = {}  # the rest of a line -> its reading
_BLOCK_ATTRS: dict[str, BlockAttr | None] = {}  # a block attribute line after `@@` -> its reading


def _fast_run(rest: str) -> tuple[tuple[Attr, ...], str | None] | None:
    """A plain line's attributes and trailing comment (``rest``: after the type or the enum value
    name, without the LF), or None: the rest is not plain."""
    if rest in _RUNS:
        return _RUNS[rest]
    attrs: list[Attr] = []
    pos = 0
    while True:
        m = _FAST_ATTR.match(rest, pos)
        if m is None or m.start(1) == pos:  # no attribute, or no blank and `@` before it
            break
        path, args = m.group(1, 2)
        attrs.append(Attr(path, path + args if args else path))
        pos = m.end()
    end = _FAST_END.match(rest, pos)
    got = (tuple(attrs), end[1]) if end is not None else None
    if len(_RUNS) > 100_000:
        _RUNS.clear()
    _RUNS[rest] = got
    return got


def _fast_block_attribute(text: str) -> BlockAttr | None:
    """A plain block attribute (``text``: after the ``@@``, without the LF), or None."""
    if text in _BLOCK_ATTRS:
        return _BLOCK_ATTRS[text]
    m = _FAST_ATTR.match(text)
    end = _FAST_END.match(text, m.end()) if m is not None and m.start(1) == 0 else None
    got = None
    if m is not None and end is not None:
        path, args = m.group(1, 2)
        got = BlockAttr(Attr(path, path + args if args else path), end[1])
    if len(_BLOCK_ATTRS) > 100_000:
        _BLOCK_ATTRS.clear()
    _BLOCK_ATTRS[text] = got
    return got


_LINES: dict[tuple[bool, str | None], tuple[int, Item]] = {}  # (is enum, line text) -> (length, item)


class _NoMatch(Exception):
    """A rule did not match (PEG failure); the caller tries its next alternative."""


class _Parser:
    __slots__ = ("depth", "n", "s")

    def __init__(self, text: str) -> None:
        self.s = text
        self.n = len(text)
        self.depth = 0  # expressions being parsed around the current one

    # -- terminals ---------------------------------------------------------------------------
    def skip(self, i: int) -> int:
        return _WS.match(self.s, i).end()  # type: ignore[union-attr]  # matches the empty string: never None

    def lit(self, i: int, text: str) -> int:
        if self.s.startswith(text, i):
            return i + len(text)
        raise _NoMatch

    def newline(self, i: int) -> int:
        s = self.s
        if i < self.n:
            c = s[i]
            if c == "\n":
                return i + 1
            if c == "\r":
                return i + 2 if s.startswith("\n", i + 1) else i + 1
        raise _NoMatch

    def rx(self, pattern: re.Pattern[str], i: int) -> tuple[int, str]:
        m = pattern.match(self.s, i)
        if m is None or m.end() == i:
            raise _NoMatch
        text = m.group()
        if not text.isascii():
            text = _letters_only(text)
            if not text:
                raise _NoMatch
        return i + len(text), text

    # -- expressions ---------------------------------------------------------------------------
    def arguments(self, i: int) -> tuple[int, str, tuple[tuple[str | None, str | None], ...]]:
        """``arguments_list``: ``"(" ~ (argument ~ ("," ~ argument)*)? ~ trailing_comma? ~ ")"``."""
        i = self.skip(self.lit(i, "("))
        args: list[tuple[str | None, str | None]] = []
        try:
            i, a = self.argument(i)
            args.append(a)
            while True:
                try:
                    j = self.skip(self.lit(self.skip(i), ","))
                    j, a = self.argument(j)
                except _NoMatch:
                    break
                args.append(a)
                i = j
        except _NoMatch:
            pass
        i = self.skip(i)
        if self.s.startswith(",", i):
            i = self.skip(i + 1)
        i = self.lit(i, ")")
        parts = [(f"{k}: {v}" if v is not None else f"{k}: ") if k is not None else (v or "") for k, v in args]
        return i, "(" + ", ".join(parts) + ")", tuple(args)

    def argument(self, i: int) -> tuple[int, tuple[str | None, str | None]]:
        try:  # named_argument | empty_argument
            j, name = self.rx(_IDENT, i)
            j = self.lit(self.skip(j), ":")
            try:
                k, value = self.expression(self.skip(j))
                return k, (name, value)
            except _NoMatch:
                return j, (name, None)
        except _NoMatch:
            pass
        j, value = self.expression(i)
        return j, (None, value)

    def expression(self, i: int) -> tuple[int, str]:
        # Deeper than the loader's bound: no match, so the line is copied verbatim (CATCH_ALL) and
        # the loader's E0010 explains why. Prisma's own parser crashes at about 1,100 levels.
        if self.depth > MAX_DEPTH:  # a leaf inside MAX_DEPTH brackets is expression MAX_DEPTH + 1
            raise _NoMatch
        self.depth += 1
        try:
            return self._expression(i)
        finally:
            self.depth -= 1

    def _expression(self, i: int) -> tuple[int, str]:
        s = self.s
        try:  # function_call = path ~ arguments_list
            j, path = self.rx(_PATH, i)
            k, args, _ = self.arguments(self.skip(j))
            return k, path + args
        except _NoMatch:
            pass
        if s.startswith("[", i):  # array_expression
            try:
                j = self.skip(i + 1)
                items: list[str] = []
                try:
                    j, v = self.expression(j)
                    items.append(v)
                    while True:
                        try:
                            k = self.skip(self.lit(self.skip(j), ","))
                            k, v = self.expression(k)
                        except _NoMatch:
                            break
                        items.append(v)
                        j = k
                except _NoMatch:
                    pass
                j = self.lit(self.skip(j), "]")
                return j, "[" + ", ".join(items) + "]"
            except _NoMatch:
                pass
        if s.startswith("{", i):  # object_expression: { key: value, ... } (partial index conditions)
            try:
                j = self.skip(i + 1)
                entries: list[str] = []
                try:
                    j, e = self.object_entry(j)
                    entries.append(e)
                    while True:
                        try:
                            k = self.skip(self.lit(self.skip(j), ","))
                            k, e = self.object_entry(k)
                        except _NoMatch:
                            break
                        entries.append(e)
                        j = k
                except _NoMatch:
                    pass
                j = self.lit(self.skip(j), "}")
                return j, "{ " + ", ".join(entries) + " }"
            except _NoMatch:
                pass
        for pattern in (_NUMBER, _STRING):
            m = pattern.match(s, i)
            if m is not None and m.end() > i:
                return m.end(), m.group()
        return self.rx(_PATH, i)

    def object_entry(self, i: int) -> tuple[int, str]:
        i, key = self.rx(_IDENT, i)
        i, value = self.expression(self.skip(self.lit(self.skip(i), ":")))
        return i, f"{key}: {value}"

    def attribute(self, i: int, at: str) -> tuple[int, Attr]:
        """``field_attribute`` (at="@") or the head of ``block_attribute`` (at="@@")."""
        i = self.skip(self.lit(i, at))
        i, path = self.rx(_PATH, i)
        text = path
        i = self.skip(i)  # consumed even when no argument list follows (pest's `~ x?`)
        try:
            i, rendered, _ = self.arguments(i)
            text = path + rendered
        except _NoMatch:
            pass
        return i, Attr(path, text)

    def optional_trailing(self, i: int) -> tuple[int, str | None]:
        """``~ trailing_comment?``: (end, comment) or (i, None) when there is none."""
        try:
            return self.trailing_comment(self.skip(i))
        except _NoMatch:
            return i, None

    def trailing_comment(self, i: int) -> tuple[int, str]:
        if self.s.startswith("//", i):
            m = _REST.match(self.s, i)
            assert m is not None  # `_REST` matches the empty string
            return m.end(), m.group()
        if self.s.startswith("/*", i):
            close = self.s.find("*/", i + 2)
            if close >= 0:
                return close + 2, self.s[i : close + 2]
        raise _NoMatch

    def comment_block(self, i: int) -> tuple[int, Comments]:
        s = self.s
        out: list[Comment] = []
        while True:
            j = self.skip(i)
            if s.startswith("/*", j):
                close = s.find("*/", j + 2)
                if close < 0:
                    break
                start = j if not out else i  # the match includes its leading blanks
                out.append(Comment("/*", s[start : close + 2]))
                i = close + 2
                try:
                    i = self.newline(i)
                except _NoMatch:
                    break
                continue
            if not s.startswith("//", j):
                break
            prefix = "///" if s.startswith("///", j) else "//"
            m = _REST.match(s, j + len(prefix))
            assert m is not None  # `_REST` matches the empty string
            out.append(Comment(prefix, m.group()))
            i = m.end()
            try:
                i = self.newline(i)
            except _NoMatch:
                break
        if not out:
            raise _NoMatch
        return i, Comments(tuple(out))

    def empty_lines(self, i: int) -> int:
        m = _EMPTY_LINES.match(self.s, i)
        if m is None or m.end() == i:
            raise _NoMatch
        return m.end()

    def catch_all(self, i: int) -> tuple[int, str]:
        m = _REST.match(self.s, i)
        assert m is not None  # `_REST` matches the empty string
        j = m.end()
        if j == i:
            raise _NoMatch
        with contextlib.suppress(_NoMatch):
            j = self.newline(self.skip(j))
        return j, self.s[i:j]

    # -- block contents --------------------------------------------------------------------------
    def field_type(self, i: int) -> tuple[int, str, str, str, int]:
        """(end, re-printed type, base type text, arity, end of the base type)."""
        s = self.s
        try:
            j, base = self.base_type(i)
            k = self.skip(j)
            if s.startswith("[]", k):
                m = self.skip(k + 2)
                if s.startswith("?", m):
                    return m + 1, base + "[]?", base, "[]?", j
                return k + 2, base + "[]", base, "[]", j
            if s.startswith("?", k):
                return k + 1, base + "?", base, "?", j
            if s.startswith("!", k):
                return k + 1, base, base, "", j
        except _NoMatch:
            pass
        if s.startswith("[", i):
            try:
                j, base = self.base_type(self.skip(i + 1))
                k = self.lit(self.skip(j), "]")
                return k, base + "[]", base, "[]", j
            except _NoMatch:
                pass
        j, base = self.base_type(i)
        return j, base, base, "", j

    def base_type(self, i: int) -> tuple[int, str]:
        if self.s.startswith("Unsupported(", i):
            try:
                j = self.skip(i + 12)
                j, _ = self.rx(_STRING, j)
                j = self.lit(self.skip(j), ")")
                return j, self.s[i:j]
            except _NoMatch:
                pass
        return self.rx(_IDENT, i)

    def field(self, i: int) -> tuple[int, Field]:
        i, name = self.rx(_IDENT, i)
        i = self.skip(i)
        if self.s.startswith(":", i):
            i = self.skip(i + 1)
        ftype = base = None
        arity = ""
        with contextlib.suppress(_NoMatch):
            i, ftype, base, arity, _ = self.field_type(i)
        attrs, i = self.field_attributes(self.skip(i))
        i, trailing = self.optional_trailing(i)
        i = self.newline(self.skip(i))
        return i, Field(name, ftype, base, arity, tuple(attrs), trailing)

    def field_attributes(self, i: int) -> tuple[list[Attr], int]:
        attrs: list[Attr] = []
        while True:
            try:
                j, a = self.attribute(i if not attrs else self.skip(i), "@")
            except _NoMatch:
                return attrs, i
            attrs.append(a)
            i = j

    def block_attribute(self, i: int) -> tuple[int, BlockAttr]:
        i, attr = self.attribute(i, "@@")
        i, trailing = self.optional_trailing(i)
        return self.newline(self.skip(i)), BlockAttr(attr, trailing)

    def enum_value(self, i: int) -> tuple[int, EnumValue]:
        i, name = self.rx(_IDENT, i)
        attrs, i = self.field_attributes(self.skip(i))
        i, trailing = self.optional_trailing(i)
        i = self.newline(self.skip(i))
        return i, EnumValue(name, tuple(attrs), trailing)

    def key_value(self, i: int) -> tuple[int, KeyValue]:
        i, name = self.rx(_IDENT, i)
        i = self.skip(self.lit(self.skip(i), "="))
        value = None
        with contextlib.suppress(_NoMatch):
            i, value = self.expression(i)
        i, trailing = self.optional_trailing(i)
        i = self.newline(self.skip(i))
        return i, KeyValue(name, value, trailing)

    def contents(self, i: int, keyword: str) -> tuple[int, list[Item]]:
        items: list[Item] = []
        s = self.s
        first: tuple[Callable[[int], tuple[int, Item]], ...]
        if keyword in ("datasource", "generator"):
            first = (self.key_value,)
        elif keyword == "enum":
            first = (self.enum_value, self.block_attribute)
        else:
            first = (self.field, self.block_attribute)
        cache = _LINES if keyword not in ("datasource", "generator") else None
        enum = keyword == "enum"
        plain = _FAST_ENUM.match if enum else _FAST_FIELD.match
        while True:
            if cache is not None:
                # the fast path (plain lines, see _F_NAME): one match gives the item
                m = plain(s, i)
                if m is not None:
                    name = m["name"]
                    if name is not None:
                        run = _fast_run(m["rest"])
                        if run is not None:
                            if enum:
                                items.append(EnumValue(name, run[0], run[1]))
                            else:
                                base, arity = m.group("base", "arity")
                                if arity is None:
                                    items.append(Field(name, base, base, "", run[0], run[1]))
                                else:
                                    items.append(Field(name, base + arity, base, arity, run[0], run[1]))
                            i = m.end()
                            continue
                    elif m["battr"] is not None:
                        battr = _fast_block_attribute(m["battr"])
                        if battr is not None:
                            items.append(battr)
                            i = m.end()
                            continue
                    elif m["empty"] is not None:
                        items.append(Empty())
                        i = m.end()
                        continue
                    else:
                        return i, items  # `}`: what the rules below come to, none matches it
            j = self.skip(i) if items else i
            if cache is not None:
                # identical lines parse identically (positions are not kept)
                eol = s.find("\n", j)
                line = s[j : eol + 1] if eol >= 0 else None
                hit = cache.get((enum, line)) if line else None
                if hit is not None:
                    items.append(hit[1])
                    i = j + hit[0]
                    continue
            item: Item | None = None
            for rule in first:
                try:
                    k, item = rule(j)
                except _NoMatch:
                    continue
                if cache is not None and line and isinstance(item, Field | EnumValue):
                    if len(cache) > 100_000:
                        cache.clear()
                    cache[(keyword == "enum", line)] = (k - j, item)
                break
            if item is None:
                try:
                    k, item = self.comment_block(j)
                except _NoMatch:
                    try:
                        k = self.empty_lines(j)
                        item = Empty()
                    except _NoMatch:
                        if j >= self.n or s.startswith("}", j):
                            return i, items
                        k, text = self.catch_all(self.skip(j))
                        item = Raw(text, "catch_all")
            items.append(item)
            i = k

    def block(self, i: int) -> tuple[int, Block]:
        start = i
        s = self.s
        for kw in ("model", "type", "view", "enum", "datasource", "generator"):
            if s.startswith(kw, i):
                keyword = kw
                break
        else:
            raise _NoMatch
        i, name = self.rx(_IDENT, self.skip(i + len(keyword)))
        i = self.lit(self.skip(i), "{")
        i = self.newline(self.skip(_REST.match(s, i).end()))  # type: ignore[union-attr]  # matches the empty string: never None
        i, items = self.contents(self.skip(i), keyword)
        i = self.lit(self.skip(i), "}")
        return i, Block(keyword, name, tuple(items), start, i)

    def type_alias(self, i: int) -> int:
        i = self.skip(self.lit(i, "type"))
        i = self.skip(self.rx(_IDENT, i)[0])
        i = self.skip(self.lit(i, "="))
        i, _ = self.base_type(i)
        # pest consumes the blanks before an absent optional part, so they belong to the alias
        attrs, j = self.field_attributes(self.skip(i))
        return j if attrs else self.skip(i)

    def arbitrary_block(self, i: int) -> int:
        i, _ = self.rx(_IDENT, i)
        i = self.lit(self.skip(i), "{")
        i = self.newline(self.skip(_REST.match(self.s, i).end()))  # type: ignore[union-attr]  # matches the empty string: never None
        close = self.s.find("}", i)
        if close < 0:
            raise _NoMatch
        return close + 1

    def schema(self) -> list[TopItem]:
        items: list[TopItem] = []
        i = self.skip(0)
        n = self.n
        while i < n:
            item: TopItem
            try:
                i, item = self.block(i)
            except _NoMatch:
                try:
                    j = self.type_alias(i)
                    item = Raw(self.s[i:j], "type_alias")
                    i = j
                except _NoMatch:
                    try:
                        j = self.arbitrary_block(i)
                        item = Raw(self.s[i:j], "arbitrary_block")
                        i = j
                    except _NoMatch:
                        try:
                            i, item = self.comment_block(i)
                        except _NoMatch:
                            try:
                                i = self.empty_lines(i)
                                item = Empty()
                            except _NoMatch:
                                i, text = self.catch_all(i)
                                item = Raw(text, "catch_all")
            items.append(item)
            i = self.skip(i)
        return items


def attribute_arguments(attr: Attr) -> tuple[tuple[str | None, str | None], ...] | None:
    """The arguments of a parsed attribute: (name or None, re-printed value or None) each; None
    if the text does not read back whole (not expected: then the caller must not guess).

    Read back from the re-printed text, which is Prisma's canonical form of what was written and
    parses to the same arguments (the parser itself does not keep them: only the relation step
    reads them, and only for ``@relation``)."""
    rest = attr.text[len(attr.path) :]
    if not rest:
        return ()
    if rest == "()":
        return ()
    # Plain arguments (see _F_NAME) split without the grammar: each is its own printed text.
    args: list[tuple[str | None, str | None]] = []
    pos = 1
    while True:
        m = _FAST_ARG.match(rest, pos)
        if m is None:
            break
        args.append((m[1], m[2]))
        pos = m.end()
        if pos == len(rest):
            return tuple(args)
    parser = _Parser(rest)
    try:
        end, _, read = parser.arguments(0)
    except _NoMatch:
        return None
    return read if end == len(rest) else None


def parse_for_format(text: str) -> list[TopItem]:
    """The top-level items of ``text`` as Prisma's formatter sees them. Never fails: every line
    that matches no rule is a verbatim ``Raw`` item, as in Prisma's grammar."""
    return _Parser(text).schema()
