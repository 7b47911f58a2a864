"""Turn catalog text (types, default expressions) into the canonical spellings of the database view.

Catalogs print what they stored, not what was written: Postgres answers ``'abc'::text`` for
``DEFAULT 'abc'`` and ``ARRAY['a'::text]`` for ``ARRAY['a']::TEXT[]``. The lowered database holds
Prisma Migrate's DDL spellings, so introspection rewrites catalog text into those (see
:mod:`workbench.ir.database`). Only rewrites that cannot change meaning are done; anything else is
kept verbatim and becomes ``dbgenerated("...")`` when lifted.
"""

from __future__ import annotations

import re

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
# one or more casts: ::text, ::"Role", ::public."Role", ::character varying(3),
# ::timestamp(3) without time zone, ::text[]
_NAME = r'(?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*)'
_CAST_CHAIN = re.compile(
    rf"^(?:\s*::\s*{_NAME}(?:\.{_NAME})?(?:\s+[A-Za-z]+)*(?:\(\s*\d+\s*(?:,\s*\d+\s*)?\))?"
    r"(?:\s+with(?:out)?\s+time\s+zone)?(?:\[\])*)+$",
    re.I,
)
_NOW = {"now()", "current_timestamp", "current_timestamp()", "transaction_timestamp()", "get_current_timestamp()"}


def is_number(text: str) -> bool:
    return bool(_NUMBER.match(text))


def split_string_literal(text: str) -> tuple[str, str] | None:
    """``'it''s'::text`` -> (``'it''s'``, ``::text``); None unless ``text`` starts with a literal."""
    if not text.startswith("'"):
        return None
    i = 1
    while i < len(text):
        if text[i] == "'":
            if i + 1 < len(text) and text[i + 1] == "'":
                i += 2
                continue
            return text[: i + 1], text[i + 1 :]
        i += 1
    return None


def unquote_literal(literal: str) -> str:
    """``'it''s'`` -> ``it's``."""
    return literal[1:-1].replace("''", "'")


def split_top_level(text: str, sep: str = ",") -> list[str]:
    """Split on ``sep`` outside quotes, brackets and parentheses; parts stripped."""
    parts: list[str] = []
    depth = 0
    quote: str | None = None
    start = 0
    i = 0
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == quote:
                if i + 1 < len(text) and text[i + 1] == quote:
                    i += 1
                else:
                    quote = None
        elif ch in "'\"":
            quote = ch
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
        i += 1
    tail = text[start:].strip()
    if tail or parts:
        parts.append(tail)
    return parts


def split_bracketed(text: str, opener: str) -> tuple[str, str] | None:
    """``ARRAY[1, 2]::int[]`` with opener ``ARRAY[`` -> (``1, 2``, ``::int[]``): the matching bracket is found."""
    if not text.upper().startswith(opener.upper()):
        return None
    close = {"[": "]", "(": ")"}[opener[-1]]
    depth = 1
    quote: str | None = None
    i = len(opener)
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == opener[-1]:
            depth += 1
        elif ch == close:
            depth -= 1
            if depth == 0:
                return text[len(opener) : i], text[i + 1 :]
        i += 1
    return None


def strip_parens(text: str) -> str:
    """``((-1.5))`` -> ``-1.5`` when the parentheses enclose the whole expression."""
    while text.startswith("(") and text.endswith(")"):
        depth = 0
        for i, ch in enumerate(text):
            depth += ch == "("
            depth -= ch == ")"
            if depth == 0 and i < len(text) - 1:
                return text
        text = text[1:-1].strip()
    return text


def strip_cast(text: str) -> str:
    """Remove trailing ``::type`` casts from a literal: ``'a'::character varying`` -> ``'a'``."""
    text = strip_parens(text.strip())
    lit = split_string_literal(text)
    if lit is not None:
        head, rest = lit
        return head if rest == "" or _CAST_CHAIN.match(rest) else text
    m = re.match(r"^([^:]*?)(::.*)$", text, re.S)
    if m and _CAST_CHAIN.match(m.group(2)):
        head = strip_parens(m.group(1).strip())
        if is_number(head) or head.lower() in {"true", "false"}:
            return head
    return text


def is_now(text: str) -> bool:
    return strip_parens(text.strip()).lower() in _NOW


def canonical_scalar_default(text: str, column_type: str) -> str:
    """A non-array default in Prisma's DDL spelling (literal casts removed, ``now()`` unified)."""
    text = text.strip()
    if is_now(text):
        return "CURRENT_TIMESTAMP"
    bare = strip_cast(text)
    lit = split_string_literal(bare)
    if lit is not None and lit[1] == "":
        inner = unquote_literal(bare)
        if _is_numeric_type(column_type) and is_number(inner):
            return _canonical_number(inner)
        if column_type == "BOOLEAN" and inner.lower() in {"true", "false", "t", "f"}:
            return "true" if inner.lower() in {"true", "t"} else "false"
        return bare
    if is_number(bare):
        return _canonical_number(bare)
    if bare.lower() in {"true", "false"}:
        return bare.lower()
    return text


def canonical_array_default(elements: list[str], column_type: str, cast: str | None = None) -> str:
    """Prisma's array default spelling: ``ARRAY['a', 'b']::TEXT[]`` (enums: ``::"Role"[]``).

    ``cast`` is the element type as written in the cast when it differs from the column type
    (a quoted, maybe schema-qualified enum name); ``cast="list_value"`` gives DuckDB's
    ``list_value('a', 'b')``.
    """
    base = column_type[:-2] if column_type.endswith("[]") else column_type
    items = [canonical_scalar_default(e, base) for e in elements]
    if cast == "list_value":
        return f"list_value({', '.join(items)})"
    return f"ARRAY[{', '.join(items)}]::{cast or base}[]"


def _is_numeric_type(column_type: str) -> bool:
    head = column_type.split("(")[0].upper()
    return head in {
        "INTEGER",
        "SMALLINT",
        "BIGINT",
        "DECIMAL",
        "NUMERIC",
        "DOUBLE PRECISION",
        "DOUBLE",
        "REAL",
        "FLOAT",
        "MONEY",
        "OID",
        "HUGEINT",
        "TINYINT",
        "UBIGINT",
        "UINTEGER",
        "USMALLINT",
        "UTINYINT",
        "INT",
    }


def _canonical_number(text: str) -> str:
    return text[1:] if text.startswith("+") else text
