"""Our runner on folders Prisma Migrate wrote, judged against what Prisma's own runner did with them.

The goldens in ``tests/data/prisma_folders/`` (see tests/test_prisma_folders.py) come from
``prisma migrate deploy``'s engine (prisma 7.10.1, Wasm schema engine + ``@prisma/adapter-pg``):
the ``_prisma_migrations`` rows it wrote (``prisma_rows.json``) and the schema of the last step
(``last.sql``). ``workbench migrate apply`` must leave the same rows (ids and times aside) and the
same schema, so a team can switch between the two runners on one database.

Where we differ on purpose: a migration that fails. Prisma's runner leaves the row "failed"
(``finished_at`` and ``rolled_back_at`` NULL) with whatever statements ran before the failure still
in the database (the Wasm engine runs a script statement by statement, outside a transaction) and
refuses every later deploy until ``migrate resolve`` (P3009). Ours runs the script and its row in one
transaction: nothing of it remains, and the attempt is recorded as rolled back with the error in
``logs`` (Prisma reads such a row as not applied, so it retries it).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.migration_catalog import apply_pg, apply_sqlite, catalog_diff, pg_catalog, sqlite_catalog, without_positions
from workbench.db.connection import Connection
from workbench.diagnostics import UserError
from workbench.migrate import history, runner

DATA = Path(__file__).parent / "data" / "prisma_folders"
PG_COMPLETE = ["pg_accounts", "pg_shop"]
KEYS = ("migration_name", "checksum", "applied_steps_count", "logs", "finished", "rolled_back")


def golden_rows(name: str) -> list[dict[str, Any]]:
    return list(json.loads((DATA / name / "prisma_rows.json").read_text(encoding="utf-8")))


def our_rows(url: str) -> list[dict[str, Any]]:
    with Connection.open(url) as conn:
        records = history.read(conn)
    return [
        dict(
            zip(
                KEYS,
                (
                    r.migration_name,
                    r.checksum,
                    r.applied_steps_count,
                    r.logs,
                    r.finished_at is not None,
                    r.rolled_back_at is not None,
                ),
                strict=True,
            )
        )
        for r in records
    ]


def pg_schema(url: str) -> dict[str, Any]:
    """The catalog without the history table and without column positions (Prisma's renames move columns)."""
    with psycopg.connect(url, autocommit=True) as conn:
        catalog = pg_catalog(conn)
    catalog["tables"].pop("public._prisma_migrations", None)
    return without_positions(catalog)


def prisma_last_schema(name: str, url: str) -> dict[str, Any]:
    with psycopg.connect(url, autocommit=True) as conn:
        apply_pg(conn, (DATA / name / "last.sql").read_text(encoding="utf-8"))
    return pg_schema(url)


@pytest.mark.parametrize("name", PG_COMPLETE)
def test_apply_writes_the_rows_prismas_runner_wrote(name: str, pg_url: str, pg_url2: str) -> None:
    with Connection.open(pg_url) as conn:
        report = runner.apply(conn, DATA / name / "migrations")
    golden = golden_rows(name)
    assert list(report.applied) == [r["migration_name"] for r in golden]
    assert our_rows(pg_url) == golden
    want = prisma_last_schema(name, pg_url2)
    got = pg_schema(pg_url)
    assert got == want, catalog_diff(want, got, ("prisma", "ours"))


def test_the_history_table_apply_creates_is_prismas(pg_url: str) -> None:
    with Connection.open(pg_url) as conn:
        runner.apply(conn, DATA / "pg_shop" / "migrations")
    with psycopg.connect(pg_url, autocommit=True) as conn:
        table = pg_catalog(conn)["tables"]["public._prisma_migrations"]
    golden = json.loads((DATA / "prisma_migrations_table.json").read_text(encoding="utf-8"))
    assert table == golden, catalog_diff(golden, table, ("prisma", "ours"))


def test_a_second_apply_applies_nothing(pg_url: str) -> None:
    with Connection.open(pg_url) as conn:
        runner.apply(conn, DATA / "pg_accounts" / "migrations")
        again = runner.apply(conn, DATA / "pg_accounts" / "migrations")
    assert again.applied == ()
    assert our_rows(pg_url) == golden_rows("pg_accounts")


def test_cli_apply_on_a_prisma_folder(pg_url: str) -> None:
    env = {**os.environ, "DATABASE_URL": ""}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "workbench",
            "migrate",
            "apply",
            "--db",
            pg_url,
            "--dir",
            str(DATA / "pg_shop" / "migrations"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert our_rows(pg_url) == golden_rows("pg_shop")


def test_a_failing_prisma_migration_leaves_nothing_and_is_recorded_rolled_back(pg_url: str) -> None:
    """Same stop as Prisma (the NOT NULL column on filled rows); our row is rolled back, Prisma's failed."""
    with Connection.open(pg_url) as conn, pytest.raises(UserError) as caught:
        runner.apply(conn, DATA / "pg_failing" / "migrations")
    assert "sku" in str(caught.value)
    *ok, failed = golden_rows("pg_failing")
    *ours_ok, ours_failed = our_rows(pg_url)
    assert ours_ok == ok
    assert (ours_failed["migration_name"], ours_failed["checksum"]) == (failed["migration_name"], failed["checksum"])
    assert (failed["finished"], failed["rolled_back"]) == (False, False)  # Prisma: "failed", blocks deploys (P3009)
    assert (ours_failed["finished"], ours_failed["rolled_back"]) == (False, True)  # ours: rolled back, retried
    assert ours_failed["logs"] and "migration.sql:" in ours_failed["logs"]
    with psycopg.connect(pg_url, autocommit=True) as conn:
        columns = [
            r[0] for r in conn.execute("SELECT column_name FROM information_schema.columns WHERE table_name = 'Item'")
        ]
    assert sorted(columns) == ["id", "name"]


def test_apply_on_prismas_sqlite_folder_gives_prismas_rows_and_last_schema(tmp_path: Path) -> None:
    db = tmp_path / "notes.db"
    with Connection.open(f"sqlite:///{db}") as conn:
        report = runner.apply(conn, DATA / "sqlite_notes" / "migrations")
    golden = golden_rows("sqlite_notes")
    assert list(report.applied) == [r["migration_name"] for r in golden]
    assert our_rows(f"sqlite:///{db}") == golden
    direct = sqlite3.connect(tmp_path / "direct.db")
    ours = sqlite3.connect(db)
    try:
        apply_sqlite(direct, (DATA / "sqlite_notes" / "last.sql").read_text(encoding="utf-8"))
        want = without_positions(sqlite_catalog(direct))
        got = without_positions(sqlite_catalog(ours))
    finally:
        direct.close()
        ours.close()
    got["tables"].pop("_prisma_migrations", None)
    assert got == want, catalog_diff(want, got, ("prisma", "ours"))
