"""Lookups into a database view for the per-engine migration SQL tests: each asserts that what it
looks up exists, so a test fails on the missing table or column, not on a ``None`` later."""

from __future__ import annotations

from workbench.ir.database import Database, DbColumn, DbForeignKey, DbIndex, DbPrimaryKey, DbTable


def table(db: Database, name: str) -> DbTable:
    found = db.table(name)
    assert found is not None, name
    return found


def column(db: Database, name: str, col: str) -> DbColumn:
    found = table(db, name).column(col)
    assert found is not None, (name, col)
    return found


def index(db: Database, name: str, idx: str) -> DbIndex:
    return next(i for i in table(db, name).indexes if i.name == idx)


def fk(db: Database, name: str) -> DbForeignKey:
    return table(db, name).foreign_keys[0]


def pk(db: Database, name: str) -> DbPrimaryKey:
    key = table(db, name).primary_key
    assert key is not None
    return key
