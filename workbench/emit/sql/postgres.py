"""PostgreSQL DDL in Prisma Migrate's layout (``-- CreateTable`` blocks, then indexes, then FKs).

Byte-for-byte like ``prisma migrate diff --from-empty --script`` for what Prisma can express,
including its quirks: ``CREATE SCHEMA IF NOT EXISTS "public"`` first, SERIAL pseudo-types,
no space after the comma in primary-key column lists, ``USING GIN ("col" ops)``.
One deliberate difference: enum labels are escaped (Prisma writes ``'it's'`` unescaped).
"""

from __future__ import annotations

from workbench.dialects.postgres import DIALECT, SERIAL_TYPES
from workbench.emit.sql.common import (
    block,
    column_list,
    enum_lookup,
    index_statement,
    join_blocks,
    literal,
    q,
    qualified,
    type_sql,
)
from workbench.ir.database import Database, DbColumn, DbEnum, DbExtension, DbForeignKey, DbTable

DEFAULT_SCHEMA = DIALECT.default_schema or "public"


def column_sql(column: DbColumn, enums: dict[str, DbEnum]) -> str:
    if column.autoincrement and column.type in SERIAL_TYPES:
        type_ = SERIAL_TYPES[column.type]
    else:
        type_ = type_sql(column.type, enums)
    parts = [q(column.name), type_]
    if not column.nullable:
        parts.append("NOT NULL")
    if column.default is not None and not (column.autoincrement and column.type in SERIAL_TYPES):
        parts.append(f"DEFAULT {column.default}")
    return " ".join(parts)


def create_table(table: DbTable, enums: dict[str, DbEnum]) -> str:
    lines = [f"    {column_sql(c, enums)}" for c in table.columns]
    body = ",\n".join(lines)
    if table.primary_key is not None:
        pk = table.primary_key
        name = f"CONSTRAINT {q(pk.name)} " if pk.name else ""
        body += f",\n\n    {name}PRIMARY KEY ({column_list(pk.columns, ',')})"
    return f"CREATE TABLE {qualified(table.name, table.schema)} (\n{body}\n);"


def foreign_key_statement(table: DbTable, fk: DbForeignKey) -> str:
    """``ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY``, as Prisma writes it (the migration SQL uses it too)."""
    sql = (
        f"ALTER TABLE {qualified(table.name, table.schema)} ADD CONSTRAINT {q(fk.name or '')} "
        f"FOREIGN KEY ({column_list(fk.columns)}) REFERENCES {qualified(fk.ref_table, fk.ref_schema)}"
        f"({column_list(fk.ref_columns)}) ON DELETE {fk.on_delete} ON UPDATE {fk.on_update};"
    )
    return sql.replace("ADD CONSTRAINT  ", "ADD ") if not fk.name else sql


def create_extension(x: DbExtension) -> str:
    """``CREATE EXTENSION IF NOT EXISTS "citext" WITH SCHEMA "s" VERSION "1.6";``, as Prisma Migrate
    writes it (``IF NOT EXISTS``: an extension belongs to the database, it may be there already)."""
    options = (f" SCHEMA {q(x.schema)}" if x.schema else "") + (f" VERSION {q(x.version)}" if x.version else "")
    return f"CREATE EXTENSION IF NOT EXISTS {q(x.name)}{' WITH' + options if options else ''};"


def emit(database: Database) -> str:
    enums = enum_lookup(database)
    blocks: list[str] = []
    for schema in sorted({DEFAULT_SCHEMA, *database.schemas}):
        blocks.append(block("CreateSchema", f"CREATE SCHEMA IF NOT EXISTS {q(schema)};"))
    for x in database.extensions:
        blocks.append(block("CreateExtension", create_extension(x)))
    for e in database.enums:
        values = ", ".join(literal(v) for v in e.values)
        blocks.append(block("CreateEnum", f"CREATE TYPE {qualified(e.name, e.schema)} AS ENUM ({values});"))
    for table in database.tables:
        blocks.append(block("CreateTable", create_table(table, enums)))
    for table in database.tables:
        for index in table.indexes:
            blocks.append(block("CreateIndex", index_statement(table, index, ops=True, method=True, where_parens=True)))
    for table in database.tables:
        for fk in table.foreign_keys:
            blocks.append(block("AddForeignKey", foreign_key_statement(table, fk)))
    return join_blocks(blocks)
