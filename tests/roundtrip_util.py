"""Helpers of the round-trip tests: build a database from a sample, compare two database views.

The comparison is exact except for differences that no introspection can undo, each listed in
:func:`comparable` with the reason; everything else (types, nullability, defaults, key and index
names and columns, foreign keys, enums, schemas) must match.
"""

from __future__ import annotations

import difflib
import pprint
import re
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

from workbench.ir.database import Database, DbColumn, DbIndex, DbTable

ROOT = Path(__file__).resolve().parent.parent
SAMPLES_DIR = ROOT / "sample_schemas"


def sample_paths() -> list[Path]:
    """Every sample: the ``*.prisma`` files and the multi-file folders of ``sample_schemas/``."""
    files = sorted(SAMPLES_DIR.glob("*.prisma"))
    folders = sorted(p for p in SAMPLES_DIR.iterdir() if p.is_dir() and any(p.rglob("*.prisma")))
    return files + folders


def sample_id(path: Path) -> str:
    return path.stem if path.is_file() else path.name


def apply_ddl(dialect: str, ddl: str, target: Any) -> None:
    """Run a DDL script on a psycopg URL, a DuckDB connection or a SQLite connection."""
    if dialect == "postgres":
        import psycopg

        with psycopg.connect(target, autocommit=True) as con:
            con.execute(ddl)
    elif dialect == "duckdb":
        target.execute(ddl)
    else:
        assert isinstance(target, sqlite3.Connection)
        target.executescript(ddl)


def _loose(expr: str) -> str:
    """An expression with casts, parentheses, quotes of identifiers and spacing removed."""
    cast = r"::\s*(\"[^\"]+\"|[A-Za-z_]\w*)(\s+(with|without|time|zone|varying|precision))*(\(\d+(,\d+)?\))?(\[\])*"
    text = re.sub(cast, "", expr)
    return re.sub(r"[()\s\"]", "", text).lower()


def comparable(
    expected: Database, got: Database, default_opclasses: frozenset[tuple[str, str]] = frozenset()
) -> Database:
    """``expected`` adjusted for what a catalog cannot give back (each rule says why).

    * DuckDB does not store primary/foreign key constraint names (it invents its own): None.
    * Views without a definition are not created by the DDL (there is no SQL to create them).
    * ``dbgenerated`` expressions come back rewritten by the server (casts and parentheses added):
      equal when they agree after removing those.
    * An operator class that is the default for its column type and method is not distinguishable
      from none at all in pg_catalog (``default_opclasses``: (method, opclass) pairs).
    """
    got_cols = {(t.schema, t.name, c.name): c for t in got.tables for c in t.columns}

    def column(t: DbTable, c: DbColumn) -> DbColumn:
        other = got_cols.get((t.schema, t.name, c.name))
        if (
            other
            and c.default
            and other.default
            and c.default != other.default
            and _loose(c.default) == _loose(other.default)
        ):
            return replace(c, default=other.default)
        return c

    def index(ix: DbIndex) -> DbIndex:
        cols = tuple(
            replace(c, ops=None) if c.ops and ((ix.method or "BTREE").lower(), c.ops) in default_opclasses else c
            for c in ix.columns
        )
        return replace(ix, columns=cols)

    tables = []
    for t in expected.tables:
        t = replace(t, columns=tuple(column(t, c) for c in t.columns), indexes=tuple(index(i) for i in t.indexes))
        if expected.dialect == "duckdb":
            pk = replace(t.primary_key, name=None) if t.primary_key else None
            t = replace(t, primary_key=pk, foreign_keys=tuple(replace(f, name=None) for f in t.foreign_keys))
        tables.append(t)
    views = tuple(v for v in expected.views if v.definition is not None)
    return replace(expected, tables=tuple(tables), views=views).normalized()


def db_diff(expected: Database, got: Database) -> str:
    """A readable unified diff of two normalized databases ('' when equal)."""
    a = pprint.pformat(expected.normalized(), width=110).splitlines()
    b = pprint.pformat(got.normalized(), width=110).splitlines()
    return "\n".join(difflib.unified_diff(a, b, "expected", "introspected", lineterm="", n=3))


def postgres_default_opclasses(url: str) -> frozenset[tuple[str, str]]:
    """(index method, operator class) pairs that are some type's default, from the live server."""
    import psycopg

    with psycopg.connect(url) as con:
        rows = con.execute(
            "SELECT am.amname, opc.opcname FROM pg_opclass opc JOIN pg_am am ON am.oid = opc.opcmethod "
            "WHERE opc.opcdefault"
        ).fetchall()
    return frozenset((r[0], r[1]) for r in rows)


__all__ = [
    "apply_ddl",
    "comparable",
    "db_diff",
    "postgres_default_opclasses",
    "sample_id",
    "sample_paths",
]
