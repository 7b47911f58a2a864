"""Our migrations against Prisma Migrate's, by effect, on every pair of tests/data/migrations/.

For each pair: a database built with Prisma's CREATE script of the old schema and migrated with our
up script (``wb.diff(old, new).sql()``) has the catalog that Prisma's own migration script leaves
(names included; column order aside: Prisma appends columns, a rename of ours keeps the place);
our down script then brings back the catalog of the old schema exactly. On PostgreSQL and, for
the pairs SQLite can express, on SQLite against Prisma's SQLite scripts; on DuckDB (Prisma has no
DuckDB) old + up must equal the new schema built fresh, and old + up + down the old one.

A pair with ``renames.txt`` is diffed with those renames accepted (the rest by Prisma's rules), and
its rows must survive: the old table is seeded first and every value is still there afterwards.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import duckdb
import psycopg
import pytest

import workbench as wb
from tests.migration_catalog import (
    Catalog,
    apply_duckdb,
    apply_pg,
    apply_sqlite,
    catalog_diff,
    duckdb_catalog,
    pg_catalog,
    sqlite_catalog,
    without_positions,
)
from tests.migration_pairs import PAIRS, PAIRS_DIR, RENAME_PAIRS, SQLITE_PAIRS
from workbench.emit.sql import to_ddl

# Where Prisma's own script is not the reference, and why (tests/test_migration_oracle.py proves
# each): its script cannot run (22: `DROP SEQUENCE "";`), or it names a sequence it creates unlike a
# fresh SERIAL column (21), or appends an enum value where the schema declares it elsewhere (26).
# There, old + ours must equal the new schema built fresh instead.
FRESH_IS_THE_REFERENCE = {"21_default_autoincrement_add", "22_default_autoincrement_drop", "26_enum_add_value"}


def _read(pair: str, name: str) -> str:
    return (PAIRS_DIR / pair / name).read_text()


def _renames(pair: str) -> list[str] | None:
    path = PAIRS_DIR / pair / "renames.txt"
    return path.read_text().split() if path.exists() else None


def _diff(pair: str, suffix: str, dialect: str) -> Any:
    old = wb.load(PAIRS_DIR / pair / f"old{suffix}.prisma", strict=True)
    new = wb.load(PAIRS_DIR / pair / f"new{suffix}.prisma", strict=True)
    return wb.diff(old, new, dialect=dialect, renames=_renames(pair))


def _pg(url: str, *scripts: str) -> Catalog:
    with psycopg.connect(url, autocommit=True, connect_timeout=10) as conn:
        for script in scripts:
            apply_pg(conn, script)
        return pg_catalog(conn)


def _reset(url: str) -> None:
    with psycopg.connect(url, autocommit=True, connect_timeout=10) as conn:
        schemas = [
            r[0]
            for r in conn.execute(
                "SELECT nspname FROM pg_namespace WHERE nspname !~ '^pg_' AND nspname <> 'information_schema'"
            )
        ]
        for s in schemas:
            conn.execute(f'DROP SCHEMA "{s}" CASCADE')
        conn.execute("CREATE SCHEMA public")


@pytest.mark.parametrize("pair", PAIRS)
def test_postgres_up_matches_prisma_and_down_restores_old(pair: str, pg_url: str, pg_url2: str) -> None:
    d = _diff(pair, "", "postgres")
    old, theirs, new = (_read(pair, f) for f in ("old.postgres.sql", "expected.postgres.sql", "new.postgres.sql"))
    reference = _pg(pg_url2, new) if pair in FRESH_IS_THE_REFERENCE else _pg(pg_url2, old, theirs)
    ours = _pg(pg_url, old, d.sql())
    assert without_positions(ours) == without_positions(reference), (
        catalog_diff(without_positions(reference), without_positions(ours), ("prisma", "ours"))
        + f"\n--- our script:\n{d.sql()}"
    )
    back = _pg(pg_url, d.down_sql())
    _reset(pg_url2)
    before = _pg(pg_url2, old)
    assert without_positions(back) == without_positions(before), (
        catalog_diff(without_positions(before), without_positions(back), ("old", "old + up + down"))
        + f"\n--- our down script:\n{d.down_sql()}"
    )


def _lite(path: Path, *scripts: str) -> Catalog:
    conn = sqlite3.connect(path)
    try:
        for script in scripts:
            apply_sqlite(conn, script)
        return sqlite_catalog(conn)
    finally:
        conn.close()


@pytest.mark.parametrize("pair", SQLITE_PAIRS)
def test_sqlite_up_matches_prisma_and_down_restores_old(pair: str, tmp_path: Path) -> None:
    d = _diff(pair, ".sqlite", "sqlite")
    old, theirs = _read(pair, "old.sqlite.sql"), _read(pair, "expected.sqlite.sql")
    reference = without_positions(_lite(tmp_path / "prisma.db", old, theirs))
    ours = without_positions(_lite(tmp_path / "ours.db", old, d.sql()))
    assert ours == reference, catalog_diff(reference, ours, ("prisma", "ours")) + f"\n--- our script:\n{d.sql()}"
    back = without_positions(_lite(tmp_path / "ours.db", d.down_sql()))
    before = without_positions(_lite(tmp_path / "old.db", old))
    assert back == before, catalog_diff(before, back, ("old", "old + up + down")) + f"\n--- down:\n{d.down_sql()}"


def _duck(path: Path, *scripts: str) -> Catalog:
    conn = duckdb.connect(str(path))
    try:
        for script in scripts:
            apply_duckdb(conn, script)
        return duckdb_catalog(conn)
    finally:
        conn.close()


@pytest.mark.parametrize("pair", PAIRS)
def test_duckdb_up_gives_new_and_down_gives_old(pair: str, tmp_path: Path) -> None:
    d = _diff(pair, "", "duckdb")
    old_sql, new_sql = to_ddl(d.old), to_ddl(d.new)
    ours = without_positions(_duck(tmp_path / "ours.duckdb", old_sql, d.sql()))
    fresh = without_positions(_duck(tmp_path / "new.duckdb", new_sql))
    assert ours == fresh, catalog_diff(fresh, ours, ("new", "old + up")) + f"\n--- our script:\n{d.sql()}"
    back = without_positions(_duck(tmp_path / "ours.duckdb", d.down_sql()))
    before = without_positions(_duck(tmp_path / "old.duckdb", old_sql))
    assert back == before, catalog_diff(before, back, ("old", "old + up + down")) + f"\n--- down:\n{d.down_sql()}"


@pytest.mark.parametrize("pair", RENAME_PAIRS)
def test_renames_keep_every_row_and_value(pair: str, pg_url: str) -> None:
    d = _diff(pair, "", "postgres")
    assert any(op.kind == "rename column" for op in d.ops) and not d.loses_data
    renamed = [(op.table, op.old, op.new) for op in d.ops if op.kind == "rename column"]
    old = wb.load(PAIRS_DIR / pair / "old.prisma", strict=True)
    with psycopg.connect(pg_url, autocommit=True, connect_timeout=10) as conn:
        apply_pg(conn, _read(pair, "old.postgres.sql"))
    wb.seed(old, pg_url, rows=25)
    with psycopg.connect(pg_url, autocommit=True, connect_timeout=10) as conn:
        before = {t: conn.execute(f'SELECT id, "{a}" FROM "{t[1]}" ORDER BY id').fetchall() for t, a, _ in renamed}
        apply_pg(conn, d.sql())
        after = {t: conn.execute(f'SELECT id, "{b}" FROM "{t[1]}" ORDER BY id').fetchall() for t, _, b in renamed}
    assert all(len(rows) == 25 for rows in before.values()) and after == before
