"""Database-side defaults as SQL expressions, per dialect, in Prisma's spelling.

``now()`` is ``CURRENT_TIMESTAMP``; ``dbgenerated("expr")`` is ``expr``; literals are quoted and
formatted like Prisma's schema engine prints them; client-side generators (``uuid()``,
``cuid()``, ``nanoid()``, ``ulid()``) and ``autoincrement()`` produce no DEFAULT clause here
(autoincrement is a column flag). A default the dialect cannot write comes back as a problem
string for the caller to turn into a diagnostic.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from workbench.dialects.base import quote_literal
from workbench.dialects.literals import (
    decode_bytes,
    format_bool,
    format_datetime,
    format_naive_utc,
    format_number,
    parse_datetime,
)
from workbench.ir.schema import CLIENT_SIDE_DEFAULTS, DefaultKind, Enum, ScalarField, ScalarType

# Prisma providers whose SQL a dialect can run as is (dbgenerated expressions are raw SQL).
NATIVE_PROVIDERS = {"postgres": {"postgresql", None}, "sqlite": {"sqlite", None}, "duckdb": {"duckdb", None}}


@dataclass(frozen=True, slots=True)
class DefaultContext:
    dialect: str
    provider: str | None
    element_type: str  # the column's element type as written in DDL (no [] suffix)
    enum: Enum | None = None
    enum_type_sql: str | None = None  # quoted (qualified) enum type name, for ARRAY[...]::"E"[]


def render_default(field: ScalarField, ctx: DefaultContext) -> tuple[str | None, str | None]:
    """(SQL expression or None, problem or None)."""
    default = field.default
    if default is None or default.kind in CLIENT_SIDE_DEFAULTS or default.kind is DefaultKind.AUTOINCREMENT:
        return None, None
    if default.kind is DefaultKind.NOW:
        return "CURRENT_TIMESTAMP", None
    if default.kind is DefaultKind.SEQUENCE:
        return None, "sequence() defaults exist only on CockroachDB"
    if default.kind is DefaultKind.DBGENERATED:
        if default.value is None or default.value == "":
            return None, None
        if ctx.provider not in NATIVE_PROVIDERS.get(ctx.dialect, {None}):
            return (
                None,
                f'dbgenerated("{default.value}") is {ctx.provider} SQL; it is not carried over to {ctx.dialect}',
            )
        return str(default.value), None
    if field.list:
        values = default.value if isinstance(default.value, tuple) else (default.value,)
        if ctx.dialect == "sqlite":
            return None, "list defaults cannot be written on SQLite"
        items: list[str] = []
        for value in values:
            item = _scalar(default.kind, value, field, ctx)
            if item is None:
                return None, f"default value {value!r} cannot be written for type {ctx.element_type}"
            items.append(item)
        if ctx.dialect == "duckdb":
            return f"list_value({', '.join(items)})", None
        cast = ctx.enum_type_sql or ctx.element_type
        return f"ARRAY[{', '.join(items)}]::{cast}[]", None
    single = default.value[0] if isinstance(default.value, tuple) and len(default.value) == 1 else default.value
    rendered = _scalar(default.kind, single, field, ctx)
    if rendered is None:
        return None, f"default value {default.value!r} cannot be written for type {ctx.element_type}"
    return rendered, None


def _scalar(kind: DefaultKind, value: object, field: ScalarField, ctx: DefaultContext) -> str | None:
    if kind is DefaultKind.ENUM or field.type is ScalarType.ENUM:
        if ctx.enum is None or not isinstance(value, str):
            return None
        for v in ctx.enum.values:
            if v.name == value:
                return quote_literal(v.db_name)
        return None
    render = _LITERALS.get(field.type)
    return render(value, ctx) if render else None


def _string(value: object, ctx: DefaultContext) -> str | None:
    return quote_literal(value) if isinstance(value, str) else None


def _number(value: object, ctx: DefaultContext) -> str | None:
    return format_number(value)


def _bool(value: object, ctx: DefaultContext) -> str | None:
    return format_bool(value)


def _datetime(value: object, ctx: DefaultContext) -> str | None:
    dt = parse_datetime(value)
    if dt is None:
        return None
    if ctx.dialect == "duckdb":
        kind = ctx.element_type
        if kind == "DATE":
            return quote_literal(f"{dt:%Y-%m-%d}")
        if kind.startswith("TIME") and not kind.startswith("TIMESTAMP"):
            return quote_literal(f"{dt:%H:%M:%S}")
        if kind == "TIMESTAMP WITH TIME ZONE":
            return quote_literal(format_datetime(dt).replace(" +", "+").replace(" -", "-"))
        return quote_literal(format_naive_utc(dt))
    return quote_literal(format_datetime(dt))


def _json(value: object, ctx: DefaultContext) -> str | None:
    text = value if isinstance(value, str) else json.dumps(value)
    return quote_literal(text)


def _bytes(value: object, ctx: DefaultContext) -> str | None:
    data = decode_bytes(value)
    if data is None:
        return None
    if ctx.dialect == "sqlite":
        return f"X'{data.hex().upper()}'"  # Prisma writes '68656c6c6f' (a TEXT default); a blob is right
    if ctx.dialect == "duckdb":
        return "'" + "".join(f"\\x{b:02x}" for b in data) + "'"
    return f"'\\x{data.hex()}'"


_LITERALS: dict[ScalarType, Callable[[object, DefaultContext], str | None]] = {
    ScalarType.STRING: _string,
    ScalarType.INT: _number,
    ScalarType.BIGINT: _number,
    ScalarType.FLOAT: _number,
    ScalarType.DECIMAL: _number,
    ScalarType.BOOLEAN: _bool,
    ScalarType.DATETIME: _datetime,
    ScalarType.JSON: _json,
    ScalarType.BYTES: _bytes,
}
