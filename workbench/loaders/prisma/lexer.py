"""Tokens of Prisma's expression syntax (attribute arguments, config values).

Prisma's grammar is line oriented: a field, an enum value, a block attribute or a config
property is one line. The parser therefore splits blocks into lines with plain string
operations and only tokenizes the part of a line that holds attributes or a value, through
one compiled master regex (C-speed scanning, one Python step per token). Offsets are absolute
offsets into the file text, so spans need no rebasing.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# Token kinds (short strings: cheap to compare, readable in tests).
ATTR = "attr"  # @name, @@name, @db.VarChar (the whole name, dots included)
IDENT = "ident"  # identifier or dotted path
STRING = "string"
NUMBER = "number"
PUNCT = "punct"  # one of ( ) [ ] , : = { } ? !
COMMENT = "comment"  # // ... (to the end of the range)
ERROR = "error"  # any other character, or an unterminated string

_IDENT = r"[A-Za-z_][A-Za-z0-9_\-]*"
_MASTER = re.compile(
    r"[ \t\r]*(?:"
    rf"(@@?{_IDENT}(?:\.{_IDENT})*)"  # 1 attribute name
    r'|("(?:[^"\\\n]|\\.)*")'  # 2 string
    r"|(-?[0-9]+(?:\.[0-9]+)?)"  # 3 number (Prisma has no exponents)
    rf"|({_IDENT}(?:\.{_IDENT})*)"  # 4 identifier / path
    r"|([()\[\],:={}?!])"  # 5 punctuation
    r"|(//[^\n]*)"  # 6 comment
    r"|([^ \t\r\n])"  # 7 anything else: an error
    r")"
)
_KINDS = (None, ATTR, STRING, NUMBER, IDENT, PUNCT, COMMENT, ERROR)


class Token(NamedTuple):
    kind: str
    text: str
    start: int
    end: int


def tokenize(text: str, pos: int, endpos: int) -> list[Token]:
    """Tokens of ``text[pos:endpos]`` (whitespace skipped), offsets absolute."""
    out: list[Token] = []
    append = out.append
    for m in _MASTER.finditer(text, pos, endpos):
        i = m.lastindex
        if i is None:  # trailing whitespace only
            continue
        s, e = m.span(i)
        append(Token(_KINDS[i], m.group(i), s, e))
    return out


_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t", "r": "\r", "/": "/", "b": "\b", "f": "\f", "0": "\0"}
_ESCAPE_RE = re.compile(r"\\(u[0-9a-fA-F]{4}|.)")


def unquote(token_text: str) -> str:
    """The value of a string literal token (JSON-like escapes)."""
    body = token_text[1:-1]
    if "\\" not in body:
        return body

    def repl(m: re.Match[str]) -> str:
        s = m.group(1)
        if s[0] == "u" and len(s) == 5:
            return chr(int(s[1:], 16))
        return _ESCAPES.get(s, s)

    return _ESCAPE_RE.sub(repl, body)
