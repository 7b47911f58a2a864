"""SQLite DDL in Prisma Migrate's layout: foreign keys inline in CREATE TABLE (SQLite cannot add
them later), single-column primary keys inline (``INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT``
for the rowid alias), compound ones as an unnamed ``PRIMARY KEY (...)`` clause."""

from __future__ import annotations

from workbench.emit.sql.common import block, column_list, index_statement, join_blocks, q
from workbench.ir.database import Database, DbColumn, DbTable


def column_sql(column: DbColumn, inline_pk: bool) -> str:
    parts = [q(column.name), column.type]
    if not column.nullable:
        parts.append("NOT NULL")
    if inline_pk:
        parts.append("PRIMARY KEY")
        if column.autoincrement:
            parts.append("AUTOINCREMENT")
    if column.default is not None:
        parts.append(f"DEFAULT {column.default}")
    return " ".join(parts)


def create_table(table: DbTable) -> str:
    pk = table.primary_key
    inline = pk.columns[0] if pk is not None and len(pk.columns) == 1 else None
    lines = [f"    {column_sql(c, c.name == inline)}" for c in table.columns]
    body = ",\n".join(lines)
    if pk is not None and inline is None:
        name = f"CONSTRAINT {q(pk.name)} " if pk.name else ""
        body += f",\n\n    {name}PRIMARY KEY ({column_list(pk.columns)})"
    for fk in table.foreign_keys:
        name = f"CONSTRAINT {q(fk.name)} " if fk.name else ""
        body += (
            f",\n    {name}FOREIGN KEY ({column_list(fk.columns)}) REFERENCES {q(fk.ref_table)} "
            f"({column_list(fk.ref_columns)}) ON DELETE {fk.on_delete} ON UPDATE {fk.on_update}"
        )
    return f"CREATE TABLE {q(table.name)} (\n{body}\n);"


def emit(database: Database) -> str:
    blocks = [block("CreateTable", create_table(t)) for t in database.tables]
    for table in database.tables:
        for index in table.indexes:
            stmt = index_statement(table, index, ops=False, method=False, where_parens=False)
            blocks.append(block("CreateIndex", stmt))
    return join_blocks(blocks)
