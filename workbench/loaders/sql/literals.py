"""PostgreSQL escape-string literals (``E'USD'``) rewritten as the standard literals the catalog prints.

Prisma Migrate wrote string defaults as ``DEFAULT E'USD'`` until 2022, and many real migrations
folders still hold them. The server stores the value, not the spelling: ``pg_get_expr`` prints
``'USD'::text`` (with ``standard_conforming_strings`` on, its default since 9.1). A replayed folder
must spell the default as introspection does, or every such column reads as drift.
"""

from __future__ import annotations

import re

from workbench.loaders.sql.statements import skip_quoted

_SIMPLE = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]{1,2})|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.S)


def _unescape(body: str) -> str | None:
    """The value of an escape string's body (between the quotes); None for an invalid escape."""

    def one(m: re.Match[str]) -> str:
        octal, hexa, u4, u8, other = m.groups()
        if other is not None:
            return _SIMPLE.get(other, other)
        code = int(octal, 8) if octal else int(hexa or u4 or u8, 16)
        return chr(code)

    try:
        return _ESCAPE.sub(one, body.replace("''", "'"))
    except ValueError:
        return None


def standard_literals(text: str) -> str:
    """``text`` with every ``E'...'`` literal (outside other literals and quoted names) rewritten as
    ``'...'``; a literal with an escape that cannot be decoded is kept as written."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "'\"":
            j = skip_quoted(text, i, ch, backslash=False)
            out.append(text[i:j])
            i = j
            continue
        if (
            ch in "eE"
            and i + 1 < n
            and text[i + 1] == "'"
            and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_$"))
        ):
            j = skip_quoted(text, i + 1, "'", backslash=True)
            value = _unescape(text[i + 2 : j - 1]) if j <= n and text[j - 1] == "'" and j - 1 > i + 1 else None
            out.append(text[i:j] if value is None else "'" + value.replace("'", "''") + "'")
            i = j
            continue
        out.append(ch)
        i += 1
    return "".join(out)


_LOOSE = re.compile(r"\bARRAY\s+\[|\s*::\s*|(?:(?<=[\w\]])|^)\s+\[\s*\]|\[\s+\]", re.I)


def tight_casts(text: str) -> str:
    """``ARRAY [] :: TEXT []`` -> ``ARRAY[]::TEXT[]``: the spaces a formatter puts in a default, taken
    out (outside literals and quoted names) so the default reads as Prisma writes it."""

    def tight(m: re.Match[str]) -> str:
        word = m.group(0)
        return "ARRAY[" if word[:1] in "aA" else "::" if "::" in word else "[]"

    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        j = min((k for k in (text.find("'", i), text.find('"', i)) if k >= 0), default=n)
        out.append(_LOOSE.sub(tight, text[i:j]))
        if j < n:
            end = skip_quoted(text, j, text[j], backslash=False)
            out.append(text[j:end])
            j = end
        i = j
    return "".join(out)


__all__ = ["standard_literals", "tight_casts"]
