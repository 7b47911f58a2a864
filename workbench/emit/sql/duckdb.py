"""DuckDB DDL: the natural equivalent of Prisma's PostgreSQL script that DuckDB 2.0 accepts.

Differences from PostgreSQL, each forced by DuckDB: foreign keys are declared inside CREATE
TABLE (there is no ``ALTER TABLE ... ADD FOREIGN KEY``), so tables are created in dependency
order; they reference a primary key or a UNIQUE *constraint* (a unique index is not enough), so
a referenced non-key column set also gets a ``UNIQUE (...)`` clause; autoincrement columns take
``DEFAULT nextval('<table>_<column>_seq')`` from a sequence created beforehand (DuckDB has no
SERIAL); no ON DELETE/UPDATE clauses (lowering reduced them to NO ACTION).
"""

from __future__ import annotations

from workbench.dialects.ordering import creation_order
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
from workbench.ir.database import Database, DbColumn, DbEnum, DbTable

Key = tuple[str, str, tuple[str, ...]]


def sequence_name(table: DbTable, column: DbColumn) -> str:
    return f"{table.name}_{column.name}_seq"


def column_sql(table: DbTable, column: DbColumn, enums: dict[str, DbEnum]) -> str:
    parts = [q(column.name), type_sql(column.type, enums)]
    if not column.nullable:
        parts.append("NOT NULL")
    if column.autoincrement:
        seq = qualified(sequence_name(table, column), table.schema)
        parts.append(f"DEFAULT nextval({literal(seq)})")
    elif column.default is not None:
        parts.append(f"DEFAULT {column.default}")
    return " ".join(parts)


def unique_constraints_needed(database: Database) -> set[Key]:
    """Referenced column sets that are not the referenced table's primary key."""
    pks = {(t.schema or "", t.name, t.primary_key.columns) for t in database.tables if t.primary_key is not None}
    needed: set[Key] = set()
    for t in database.tables:
        for fk in t.foreign_keys:
            key = (fk.ref_schema or "", fk.ref_table, fk.ref_columns)
            if key not in pks:
                needed.add(key)
    return needed


def create_table(table: DbTable, enums: dict[str, DbEnum], uniques: set[Key]) -> str:
    lines = [f"    {column_sql(table, c, enums)}" for c in table.columns]
    constraints: list[str] = []
    if table.primary_key is not None:
        pk = table.primary_key
        name = f"CONSTRAINT {q(pk.name)} " if pk.name else ""
        constraints.append(f"    {name}PRIMARY KEY ({column_list(pk.columns)})")
    for key in sorted(k for k in uniques if k[:2] == (table.schema or "", table.name)):
        constraints.append(f"    UNIQUE ({column_list(key[2])})")
    for fk in table.foreign_keys:
        name = f"CONSTRAINT {q(fk.name)} " if fk.name else ""
        constraints.append(
            f"    {name}FOREIGN KEY ({column_list(fk.columns)}) REFERENCES "
            f"{qualified(fk.ref_table, fk.ref_schema)}({column_list(fk.ref_columns)})"
        )
    body = ",\n".join(lines)
    if constraints:
        body += ",\n\n" + ",\n".join(constraints)
    return f"CREATE TABLE {qualified(table.name, table.schema)} (\n{body}\n);"


def emit(database: Database) -> str:
    enums = enum_lookup(database)
    ordered, stuck = creation_order(database.tables)
    tables = ordered + stuck  # stuck is empty for lowered databases (cycles were broken)
    uniques = unique_constraints_needed(database)
    blocks: list[str] = []
    for schema in sorted(database.schemas):
        blocks.append(block("CreateSchema", f"CREATE SCHEMA IF NOT EXISTS {q(schema)};"))
    for e in database.enums:
        values = ", ".join(literal(v) for v in e.values)
        blocks.append(block("CreateEnum", f"CREATE TYPE {qualified(e.name, e.schema)} AS ENUM ({values});"))
    for table in tables:
        for column in table.columns:
            if column.autoincrement:
                seq = qualified(sequence_name(table, column), table.schema)
                blocks.append(block("CreateSequence", f"CREATE SEQUENCE {seq};"))
    for table in tables:
        blocks.append(block("CreateTable", create_table(table, enums, uniques)))
    for table in tables:
        for index in table.indexes:
            stmt = index_statement(table, index, ops=False, method=False, where_parens=True)
            blocks.append(block("CreateIndex", stmt))
    return join_blocks(blocks)
