"""Tokens of Prisma's expression syntax (attribute arguments, config values).

Prisma's grammar is line oriented: a field, an enum value, a block attribute or a config
property is one line. The parser therefore splits blocks into lines with plain string
operations and only tokenizes the part of a line that holds attributes or a value, through
one compiled master regex (C-speed scanning, one Python step per token). Offsets are absolute
offsets into the file text, so spans need no rebasing.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

# Token kinds (short strings: cheap to compare, readable in tests).
ATTR = "attr"  # @name, @@name, @db.VarChar (the whole name, dots included; blanks may follow the @)
IDENT = "ident"  # identifier or dotted path
STRING = "string"
NUMBER = "number"
PUNCT = "punct"  # one of ( ) [ ] , : = { } ? !
COMMENT = "comment"  # // ... (to the end of the range)
ERROR = "error"  # any other character, or an unterminated string

# Prisma's blanks: space, tab and the other Unicode space separators (category Zs), never a newline.
BLANK = "[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]"
# Prisma's identifier: a letter (of any script) or an ASCII digit, then letters, ASCII digits, `_`
# and `-` (`_id` is no identifier; `名前` and `1st` are). Python's regex has no \p{L}: [^\W\d_]
# is letters plus a few numeric symbols (², Ⅻ), which is_identifier() then rejects; only
# non-ASCII text needs that second look.
LETTER = r"[^\W\d_]"
IDENTIFIER = rf"(?:{LETTER}|[0-9])(?:{LETTER}|[0-9_\-])*"
_IDENT = rf"{LETTER}(?:{LETTER}|[0-9_\-])*"  # in expressions a leading digit starts a number
# A path: identifier ~ ("." ~ path?)*, so `db.` and `a..b` are paths too.
_PATH = rf"(?:\.(?:{IDENTIFIER})?)*"
_MASTER = re.compile(
    rf"(?:{BLANK}|\r)*(?:"
    rf"(@@?{BLANK}*{IDENTIFIER}{_PATH})"  # 1 attribute name (Prisma allows blanks after the @)
    r'|("(?:[^"\\\x00-\x1f]|\\.)*")'  # 2 string (JSON rules: no raw control characters)
    r"|(-?[0-9]+(?:\.[0-9]+)?)"  # 3 number (Prisma has no exponents)
    rf"|({_IDENT}{_PATH})"  # 4 identifier / path
    r"|([()\[\],:={}?!])"  # 5 punctuation
    r"|(//[^\n]*)"  # 6 comment
    r"|([^ \t\r\n])"  # 7 anything else: an error
    r")"
)
# The same tokens for ASCII text, where BLANK is `[ \t]` and LETTER `[A-Za-z]`: Python's regex
# engine scans these plain classes about twice as fast as the Unicode ones.
_ASCII_MASTER = re.compile(
    _MASTER.pattern.replace(BLANK, "[ \t]").replace(LETTER, "[A-Za-z]"),
)
_KINDS: tuple[str, ...] = ("", ATTR, STRING, NUMBER, IDENT, PUNCT, COMMENT, ERROR)  # by group number
ATTR_HEAD = re.compile(f"^@@?{BLANK}*")


class Token(NamedTuple):
    kind: str
    text: str
    start: int
    end: int


def is_identifier(text: str) -> bool:
    """Whether ``text`` (matched by :data:`IDENTIFIER`, maybe dotted) has only Prisma's identifier
    characters: every non-ASCII one must be a letter (Unicode category L*)."""
    return text.isascii() or all(ch.isascii() or unicodedata.category(ch)[0] == "L" for ch in text)


def tokenize(text: str, pos: int, endpos: int) -> list[Token]:
    """Tokens of ``text[pos:endpos]`` (whitespace skipped), offsets absolute."""
    out: list[Token] = []
    append = out.append
    new = tuple.__new__  # a Token without the Python-level __new__ of NamedTuple
    if text.isascii() if pos == 0 and endpos == len(text) else text[pos:endpos].isascii():
        for m in _ASCII_MASTER.finditer(text, pos, endpos):
            i = m.lastindex
            if i is None:  # trailing whitespace only
                continue
            s, e = m.span(i)
            append(new(Token, (_KINDS[i], m.group(i), s, e)))
        return out
    for m in _MASTER.finditer(text, pos, endpos):
        i = m.lastindex
        if i is None:  # trailing whitespace only
            continue
        s, e = m.span(i)
        kind = _KINDS[i]
        word = m.group(i)
        if (i == 1 or i == 4) and not word.isascii() and not is_identifier(ATTR_HEAD.sub("", word)):
            kind = ERROR
        append(new(Token, (kind, word, s, e)))
    return out


_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_HEX4 = re.compile(r"[0-9a-fA-F]{4}")
UNKNOWN_ESCAPE = "Unknown escape sequence. If the value is a windows-style path, `\\` must be escaped as `\\\\`."
INVALID_UNICODE = "Invalid unicode escape sequence."


class EscapeIssue(NamedTuple):
    """A bad escape in a string literal: offsets relative to the token's opening quote."""

    start: int
    end: int
    message: str


def unquote(token_text: str) -> str:
    """The value of a string literal token (JSON escapes; bad escapes are dropped, see :func:`decode_string`)."""
    body = token_text[1:-1]
    if "\\" not in body:
        return body
    return decode_string(token_text)[0]


def _codepoint(body: str, i: int) -> tuple[int, int | None]:
    """Prisma's ``parse_codepoint`` on ``body[i:]`` (at a backslash): (characters consumed, value or None)."""
    if len(body) - i < 4 or not body.startswith("\\u", i):
        return 0, None
    m = _HEX4.match(body, i + 2)
    if m is None:
        k = 0
        while k < 4 and i + 2 + k < len(body) and body[i + 2 + k] in "0123456789abcdefABCDEF":
            k += 1
        return 2 + k, None
    return 6, int(m.group(), 16)


def decode_string(token_text: str) -> tuple[str, list[EscapeIssue]]:
    """Value and escape errors of a string literal, exactly as Prisma's ``parse_string_literal``:
    JSON escapes, ``\\uXXXX`` with UTF-16 surrogate pairs combined; an unknown escape or a lone
    surrogate is an error and contributes nothing to the value (so a value never holds a lone
    surrogate, which could not be written as UTF-8)."""
    body = token_text[1:-1]
    out: list[str] = []
    issues: list[EscapeIssue] = []
    n = len(body)
    i = 0
    while i < n:
        j = body.find("\\", i)
        if j < 0:
            out.append(body[i:])
            break
        out.append(body[i:j])
        if j + 1 >= n:  # cannot happen in a token (a backslash always escapes something)
            break
        c = body[j + 1]
        if c in _ESCAPES:
            out.append(_ESCAPES[c])
            i = j + 2
            continue
        if c != "u":
            issues.append(EscapeIssue(1 + j, 1 + j + 2, UNKNOWN_ESCAPE))
            i = j + 2
            continue
        used, first = _codepoint(body, j)
        if first is None:
            used = max(used, 2)
            issues.append(EscapeIssue(1 + j, 1 + min(n, j + used), INVALID_UNICODE))
        elif not 0xD800 <= first <= 0xDFFF:
            out.append(chr(first))
        else:
            used2, second = _codepoint(body, j + 6)
            if second is None:
                issues.append(EscapeIssue(1 + j, 1 + min(n, j + used), INVALID_UNICODE))
            else:
                used = 12
                if 0xD800 <= first <= 0xDBFF and 0xDC00 <= second <= 0xDFFF:
                    out.append(chr(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)))
                else:
                    issues.append(EscapeIssue(1 + j, 1 + min(n, j + 6 + used2), INVALID_UNICODE))
        i = j + max(used, 2)
    return "".join(out), issues
