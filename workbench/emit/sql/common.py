"""Shared pieces of the DDL emitters: quoting, qualified names, statement blocks."""

from __future__ import annotations

from collections.abc import Iterable

from workbench.dialects.base import quote_identifier
from workbench.ir.database import Database, DbEnum, DbIndex, DbTable


def q(identifier: str) -> str:
    """Quote an identifier (always: Prisma quotes every name)."""
    return quote_identifier(identifier)


def qualified(name: str, schema: str | None) -> str:
    return f"{q(schema)}.{q(name)}" if schema else q(name)


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def column_list(names: Iterable[str], sep: str = ", ") -> str:
    return sep.join(q(n) for n in names)


def block(title: str, statement: str) -> str:
    return f"-- {title}\n{statement}"


def join_blocks(blocks: list[str]) -> str:
    return "\n\n".join(blocks) + "\n" if blocks else ""


def enum_lookup(database: Database) -> dict[str, DbEnum]:
    """Enum name -> enum (column types name enums by their unqualified database name)."""
    found: dict[str, DbEnum] = {}
    for e in database.enums:
        found.setdefault(e.name, e)
    return found


def type_sql(type_: str, enums: dict[str, DbEnum]) -> str:
    """A column type as DDL: enum references quoted (and schema-qualified), the rest verbatim."""
    base, suffix = (type_[:-2], "[]") if type_.endswith("[]") else (type_, "")
    enum = enums.get(base)
    if enum is not None:
        return qualified(enum.name, enum.schema) + suffix
    return type_


def index_statement(table: DbTable, index: DbIndex, *, ops: bool, method: bool, where_parens: bool) -> str:
    cols = []
    for c in index.columns:
        part = q(c.name)
        if ops and c.ops:
            part += f" {c.ops}"
        if c.sort:
            part += f" {c.sort}"
        cols.append(part)
    target = qualified(table.name, table.schema)
    using = f" USING {index.method} " if method and index.method else ""
    unique = "UNIQUE " if index.unique else ""
    sql = f"CREATE {unique}INDEX {q(index.name)} ON {target}{using}({', '.join(cols)})"
    if index.where:
        sql += f" WHERE ({index.where})" if where_parens else f" WHERE {index.where}"
    return sql + ";"
