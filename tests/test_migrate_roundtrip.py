"""Round trips with data, on every pair of tests/data/migrations: up then down gives back OLD.

For each pair and engine: build OLD, seed it (5 rows per table), keep its catalog and the values of
every column, run our up script then our down script (``wb.diff(old, new).sql()`` / ``.down_sql()``),
and check that the catalog is OLD's exactly and every column holds the values it held. A pair whose
up step loses data (a dropped column or table, a removed enum value) loses exactly what its hazards
announced, nothing else. A pair whose up step cannot run on the seeded rows (a required column
without a default, a cast the values do not survive) must have said so in a hazard too; its up
script then fails as a whole and leaves OLD as it was, and the pair is tried once more on one row
per table without NULLs (16: optional to required; the rest fail on any row, by their nature:
11 and 30 cast strings, 29 and 46 drop what the rows hold, 43 adds a foreign key to rows seeded
without it, 47 and 58 add a required column whose default is Prisma's, not the database's).

On PostgreSQL the catalog is compared without column positions: a column the down step adds
back (``ADD COLUMN``) comes last, and only a table rewrite could put it back in place. DuckDB and
SQLite (whose down steps redefine tables where they must) are compared with positions.

The catalog-only round trip (without data) is tests/test_migrate_pairs.py; this one adds the data.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import psycopg
import pytest

import workbench as wb
from tests.migration_catalog import (
    Catalog,
    catalog_diff,
    duckdb_catalog,
    pg_catalog,
    sqlite_catalog,
    without_positions,
)
from tests.migration_pairs import PAIRS, PAIRS_DIR, SQLITE_PAIRS
from workbench.diagnostics.catalog import migrate as codes
from workbench.emit.sql import to_ddl
from workbench.emit.sql.common import q, qualified
from workbench.ir.database import Database
from workbench.migrate import ops as o

ROWS = 5
SEEDINGS: list[dict[str, Any]] = [{"rows": ROWS}, {"rows": 1, "null_ratio": 0.0}]

# hazards that say the up step may fail on rows (then it must fail whole, or not at all)
DATA_DEPENDENT = {
    codes.ADD_REQUIRED_COLUMN,
    codes.SET_NOT_NULL,
    codes.ADD_UNIQUE,
    codes.NARROWING_TYPE,
    codes.CAST_TYPE,
    codes.REMOVE_ENUM_VALUE,
    codes.FOREIGN_KEY_ORPHANS,
}

Values = dict[tuple[str, str], list[str]]  # (table, column) -> sorted values, as text


def _renames(pair: str) -> list[str] | None:
    path = PAIRS_DIR / pair / "renames.txt"
    return path.read_text().split() if path.exists() else None


def _snapshot(fetch: Callable[[str], list[tuple[Any, ...]]], old: Database) -> Values:
    out: Values = {}
    for table in old.tables:
        names = [c.name for c in table.columns]
        try:  # after the up step a table or column of OLD may be gone (autocommit: nothing is left failed)
            rows = fetch(f"SELECT {', '.join(q(n) for n in names)} FROM {qualified(table.name, table.schema)}")
        except Exception:
            continue
        for i, name in enumerate(names):
            out[(table.name, name)] = sorted(repr(r[i]) for r in rows)
    return out


def _announced(d: Any) -> tuple[set[tuple[str, str | None]], set[str]]:
    """What the hazards say the up step loses ((table, column or None: the whole table)) and the
    hazard codes of the diff."""
    lost: set[tuple[str, str | None]] = set()
    for op in d.loses_data:
        if isinstance(op, o.DropTable):
            lost.add((op.table[1], None))
        elif isinstance(op, o.DropColumn):
            lost.add((op.on[1], op.column.name))
        elif isinstance(op, o.AlterEnum):
            for table in d.old.tables:
                for c in table.columns:
                    if c.type.removesuffix("[]").strip('"').split(".")[-1].strip('"') == op.old.name:
                        lost.add((table.name, c.name))
    return lost, {h.code for h in d.hazards}


def _adds_fk_to_existing(d: Any) -> bool:
    """The up step adds a foreign key to a table that has rows: the rows were seeded without it,
    so keys matching no parent are expected (the hazard needs the data to count them)."""
    created = {op.table for op in d.ops if isinstance(op, o.CreateTable)}
    return any(isinstance(op, o.AddForeignKey) and op.table not in created for op in d.ops)


def _check(pair: str, d: Any, before: Catalog, values: Values, run: Callable[[str], None], read: Any) -> bool:
    """Run up then down; compare catalog and values with OLD's. False when the up step could not
    run on these rows (announced, and nothing changed)."""
    lost_ok, codes = _announced(d)
    try:
        run(d.sql())
    except Exception as exc:
        assert codes & DATA_DEPENDENT or _adds_fk_to_existing(d), (
            f"{pair}: the up step failed on seeded rows without a hazard saying so: {exc}"
        )
        catalog, now = read()
        assert catalog == before, f"{pair}: a failed up step left changes:\n" + catalog_diff(before, catalog)
        assert now == values
        return False
    after_up = read()
    try:
        run(d.down_sql())
    except Exception as exc:
        # the up step destroyed data the down step cannot invent (a required column re-added to
        # rows): allowed only when both were announced, and the failed down must change nothing
        down_codes = {h.code for h in d.reverse().hazards}
        assert lost_ok and down_codes & DATA_DEPENDENT, f"{pair}: the down step failed: {exc}\n{d.down_sql()}"
        assert read() == after_up, f"{pair}: a failed down step left changes"
        return True
    catalog, now = read()
    assert catalog == before, (
        catalog_diff(before, catalog, ("old", "old + up + down")) + f"\n--- up:\n{d.sql()}\n--- down:\n{d.down_sql()}"
    )
    changed = {k for k in values if now.get(k) != values[k]}
    unannounced = {k for k in changed if k not in lost_ok and (k[0], None) not in lost_ok}
    assert not unannounced, (
        f"{pair}: up + down changed values the hazards did not announce as lost: "
        + "; ".join(f"{t}.{c}: {values[(t, c)]} -> {now.get((t, c))}" for t, c in sorted(unannounced))
        + f"\n--- up:\n{d.sql()}\n--- down:\n{d.down_sql()}"
    )
    return True


Engine = Callable[[dict[str, Any]], tuple[Callable[[str], None], Callable[[], tuple[Catalog, Values]]]]


def _round_trip(pair: str, d: Any, fresh: Engine) -> None:
    """Seeded as a test database would be; when the up step cannot run on those rows (a NULL where
    the column becomes required, duplicates under a new unique index), once more on one row per
    table without NULLs, so that the data round trip is checked wherever the data allows it."""
    for seeding in SEEDINGS:
        run, read = fresh(seeding)
        before, values = read()
        if _check(pair, d, before, values, run, read):
            return


@pytest.mark.parametrize("pair", PAIRS)
def test_postgres_up_down_keeps_catalog_and_data(pair: str, pg_url: str) -> None:
    old = wb.load(PAIRS_DIR / pair / "old.prisma", strict=True)
    new = wb.load(PAIRS_DIR / pair / "new.prisma", strict=True)
    d = wb.diff(old, new, dialect="postgres", renames=_renames(pair))
    with psycopg.connect(pg_url, autocommit=True, connect_timeout=10) as conn:

        def run(sql: str) -> None:
            with conn.transaction():  # all or nothing, as the runner does it
                conn.execute(sql.encode())

        def read() -> tuple[Catalog, Values]:
            return without_positions(pg_catalog(conn)), _snapshot(lambda s: conn.execute(s.encode()).fetchall(), d.old)

        def fresh(seeding: dict[str, Any]) -> tuple[Callable[[str], None], Callable[[], tuple[Catalog, Values]]]:
            for (schema,) in conn.execute(
                "SELECT nspname FROM pg_namespace WHERE nspname !~ '^pg_' AND nspname <> 'information_schema'"
            ).fetchall():
                conn.execute(f"DROP SCHEMA {q(schema)} CASCADE")
            conn.execute("CREATE SCHEMA public")
            conn.execute((PAIRS_DIR / pair / "old.postgres.sql").read_bytes())
            wb.seed(old, pg_url, **seeding)
            return run, read

        _round_trip(pair, d, fresh)


@pytest.mark.parametrize("pair", SQLITE_PAIRS)
def test_sqlite_up_down_keeps_catalog_and_data(pair: str, tmp_path: Path) -> None:
    old = wb.load(PAIRS_DIR / pair / "old.sqlite.prisma", strict=True)
    new = wb.load(PAIRS_DIR / pair / "new.sqlite.prisma", strict=True)
    d = wb.diff(old, new, dialect="sqlite", renames=_renames(pair))
    opened: list[sqlite3.Connection] = []

    def fresh(seeding: dict[str, Any]) -> tuple[Callable[[str], None], Callable[[], tuple[Catalog, Values]]]:
        path = tmp_path / f"db{len(opened)}.sqlite"
        conn = sqlite3.connect(path, isolation_level=None)
        opened.append(conn)
        conn.executescript((PAIRS_DIR / pair / "old.sqlite.sql").read_text())
        wb.seed(old, f"sqlite:///{path}", **seeding)
        conn.execute("PRAGMA foreign_keys = ON")  # as workbench opens SQLite (and the runner runs on it)

        def run(sql: str) -> None:
            conn.execute("BEGIN")
            try:
                for stmt in _sqlite_statements(sql):
                    conn.execute(stmt)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

        def read() -> tuple[Catalog, Values]:
            return sqlite_catalog(conn), _snapshot(lambda s: conn.execute(s).fetchall(), d.old)

        return run, read

    try:
        _round_trip(pair, d, fresh)
    finally:
        for conn in opened:
            conn.close()


def _sqlite_statements(sql: str) -> list[str]:
    """Every statement, PRAGMA foreign_keys too: a no-op inside the transaction, as in the runner."""
    from workbench.db.statements import split_statements

    return split_statements(sql)


@pytest.mark.parametrize("pair", PAIRS)
def test_duckdb_up_down_keeps_catalog_and_data(pair: str) -> None:
    old = wb.load(PAIRS_DIR / pair / "old.prisma", strict=True)
    new = wb.load(PAIRS_DIR / pair / "new.prisma", strict=True)
    d = wb.diff(old, new, dialect="duckdb", renames=_renames(pair))
    opened: list[duckdb.DuckDBPyConnection] = []

    def fresh(seeding: dict[str, Any]) -> tuple[Callable[[str], None], Callable[[], tuple[Catalog, Values]]]:
        conn = duckdb.connect()
        opened.append(conn)
        conn.execute(to_ddl(d.old))
        wb.seed(old, conn, **seeding)

        def run(sql: str) -> None:
            conn.execute("BEGIN")
            try:
                conn.execute(sql)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

        def read() -> tuple[Catalog, Values]:
            return duckdb_catalog(conn), _snapshot(lambda s: conn.execute(s).fetchall(), d.old)

        return run, read

    try:
        _round_trip(pair, d, fresh)
    finally:
        for conn in opened:
            conn.close()
