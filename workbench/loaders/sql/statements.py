"""Split a SQL script into statements, each with its character offsets in the file.

sqlglot parses a whole script at once and stops at the first error; splitting first lets the
loader parse statement by statement, so a syntax error in one statement is reported at that
statement (``file:line:col``) and loading goes on with the next one. The splitter only has to
know what can hide a semicolon: quoted strings and identifiers, comments, PostgreSQL/DuckDB
dollar quoting (function bodies) and ``BEGIN ... END`` trigger bodies (SQLite, MySQL); and that
a psql meta-command in a dump (``\\connect``, ``\\restrict``) is one line without a semicolon.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbench.dialects import registry

_DOLLAR_TAG = re.compile(r"\$([A-Za-z_][A-Za-z_0-9]*)?\$")
_WORD = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")
_TRIGGER_HEAD = re.compile(r"^\s*CREATE\s+(?:TEMP\w*\s+)?(?:DEFINER\s*=\s*\S+\s+)?TRIGGER\b", re.I)


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement: its text (without the terminating ``;``) and where it starts in the file.

    ``start`` is the offset of its first token (leading comments and blank lines skipped), so a
    diagnostic located at the statement points at its keyword.
    """

    text: str
    start: int
    end: int  # offset just after the last character of the statement (before ``;``)


def _skip_blank(text: str, i: int, hash_comments: bool = False) -> int:
    """Offset of the next character that is neither whitespace nor inside a comment."""
    n = len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif text.startswith("--", i) or (hash_comments and ch == "#"):
            j = text.find("\n", i)
            i = n if j == -1 else j + 1
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j == -1 else j + 2
        else:
            break
    return i


def split_statements(text: str, dialect: str) -> list[Statement]:
    """Statements of ``text`` in order; empty statements (``;;``, comment-only tails) are skipped."""
    engine = registry.get(dialect)
    dollar, hash_comments = engine.dollar_quoted_strings, engine.hash_comments
    out: list[Statement] = []
    n = len(text)
    i = _skip_blank(text, 0, hash_comments)
    start = i
    depth_begin = 0  # BEGIN ... END nesting inside a CREATE TRIGGER
    in_trigger = False
    while i < n:
        ch = text[i]
        if ch == "\\" and i == start and dialect == "postgres":  # psql meta-command: ends at the line end
            j = text.find("\n", i)
            j = n if j == -1 else j
            _append(out, text, start, j)
            i = _skip_blank(text, j, hash_comments)
            start = i
            continue
        if ch in "'\"`":
            i = skip_quoted(text, i, ch, backslash=ch == "'" and engine.backslash_escapes)
            continue
        if text.startswith("--", i) or (hash_comments and ch == "#"):
            j = text.find("\n", i)
            i = n if j == -1 else j + 1
            continue
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j == -1 else j + 2
            continue
        if dollar and ch == "$":
            m = _DOLLAR_TAG.match(text, i)
            if m and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
                j = text.find(m.group(0), m.end())
                i = n if j == -1 else j + len(m.group(0))
                continue
        m = _WORD.match(text, i) if ch.isalpha() or ch == "_" else None
        if m is not None:  # (a non-ASCII letter is no keyword: it falls through)
            word = m.group(0).upper()
            if word == "BEGIN" and (in_trigger or _TRIGGER_HEAD.match(text[start:i])):
                in_trigger = True
                depth_begin += 1
            elif word == "END" and in_trigger and depth_begin > 0:
                depth_begin -= 1
            i = m.end()
            continue
        if ch == ";" and depth_begin == 0:
            _append(out, text, start, i)
            i = _skip_blank(text, i + 1, hash_comments)
            start = i
            in_trigger = False
            continue
        i += 1
    _append(out, text, start, n)
    return out


def skip_quoted(text: str, i: int, quote: str, backslash: bool) -> int:
    """Offset just after the quoted token starting at ``i`` (doubled quotes escape; end of text if open)."""
    j = i + 1
    n = len(text)
    while j < n:
        c = text[j]
        if backslash and c == "\\":
            j += 2
            continue
        if c == quote:
            if j + 1 < n and text[j + 1] == quote:
                j += 2
                continue
            return j + 1
        j += 1
    return n


def _append(out: list[Statement], text: str, start: int, end: int) -> None:
    body = text[start:end].rstrip()
    if body and _skip_blank(body, 0) < len(body):
        out.append(Statement(text=body, start=start, end=start + len(body)))


__all__ = ["Statement", "skip_quoted", "split_statements"]
