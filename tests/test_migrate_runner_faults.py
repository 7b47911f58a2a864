"""Fault injection for the migration runner: a failing statement, a SIGKILL mid-migration, two runners at once.

Each checks the promise of :mod:`workbench.migrate.execute`: a migration and its history row commit
together, so whatever happens the catalog, the rows and the history tell the same story.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest

from tests.migrate_runner_support import (
    ENGINES,
    FIVE,
    add_migration,
    records,
    snapshot,
    states,
    url_for,
    write_folder,
)
from workbench.db.connection import Connection
from workbench.migrate import runner
from workbench.migrate.execute import MigrationFailed
from workbench.migrate.locking import PRISMA_LOCK_KEY, LockTimeout
from workbench.migrate.runner import MigrateError

BROKEN = (
    '-- CreateTable\nCREATE TABLE "Tag" ("id" INTEGER NOT NULL PRIMARY KEY);\n'
    'INSERT INTO "User" ("id", "email") VALUES (2, \'bob@example.com\');\n'
    '-- the typo\n  INSERT INTO "Usr" ("id") VALUES (3);\n'
    'CREATE TABLE "Never" ("id" INTEGER);\n'
)
FIXED = BROKEN.replace('"Usr"', '"Tag"')


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_failure_at_third_statement_changes_nothing_then_fixed_file_applies(
    engine: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    folder = write_folder(tmp_path / "migrations", engine)
    add_migration(folder, "20240106000000_tags", BROKEN)
    add_migration(folder, "20240107000000_after", 'CREATE TABLE "After" ("id" INTEGER);\n')
    with Connection.open(url_for(engine, request, tmp_path)) as conn:
        runner.apply(conn, folder, to=FIVE[-1][0])
        before = snapshot(conn)
        with pytest.raises(MigrationFailed) as caught:
            runner.apply(conn, folder)
        message = str(caught.value)
        path = folder / "20240106000000_tags" / "migration.sql"
        assert "migration 20240106000000_tags failed at statement 3" in message
        assert f"{path}:5:3" in message and 'INSERT INTO "Usr"' in message and "Usr" in message.splitlines()[1]
        assert message.endswith("The database is unchanged.")
        assert snapshot(conn) == before  # catalog and every table's rows, byte for byte
        rows = records(conn)
        last = rows[-1]
        assert (last.migration_name, last.state, last.finished_at) == ("20240106000000_tags", "rolled back", None)
        assert last.logs is not None and f"{path}:5:3" in last.logs
        assert "20240107000000_after" not in [r.migration_name for r in rows]  # stopped there
        path.write_text(FIXED)
        report = runner.apply(conn, folder)
        assert report.applied == ("20240106000000_tags", "20240107000000_after")
        assert conn.sql('SELECT count(*) FROM "Tag"').rows == ((1,),)
        assert [s for s in states(conn) if s[0] == "20240106000000_tags"] == [
            ("20240106000000_tags", "rolled back"),
            ("20240106000000_tags", "applied"),
        ]


SLOW = {
    "postgres": "SELECT pg_sleep(30)",
    "sqlite": 'INSERT INTO "Slow" SELECT count(*) FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL '
    "SELECT x + 1 FROM c WHERE x < 2000000000) SELECT x FROM c)",
    "duckdb": 'INSERT INTO "Slow" SELECT count(*) FROM range(300000) a, range(300000) b '
    "WHERE (a.range * b.range) % 7 = 3",
}


def _pg_sleeping(url: str) -> bool:
    with psycopg.connect(url, autocommit=True, connect_timeout=10) as c:
        row = c.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(30)%' AND state = 'active'"
        ).fetchone()
        return bool(row and row[0])


def _pg_lock_holders(url: str) -> int:
    with psycopg.connect(url, autocommit=True, connect_timeout=10) as c:
        row = c.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = %s AND granted", (PRISMA_LOCK_KEY,)
        ).fetchone()
        return int(row[0]) if row else 0


def test_sigkill_mid_migration_leaves_truthful_history_and_apply_resumes(
    engine: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    folder = write_folder(tmp_path / "migrations", engine, FIVE[:2])
    slow = f'CREATE TABLE "Slow" ("n" BIGINT);\n{SLOW[engine]};\nCREATE TABLE "AfterSlow" ("id" INTEGER);\n'
    add_migration(folder, "20240106000000_slow", slow)
    url = url_for(engine, request, tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-m", "workbench", "migrate", "apply", "--db", url, "--dir", str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        if engine == "postgres":
            while not _pg_sleeping(url):
                assert proc.poll() is None and time.monotonic() < deadline, proc.stderr and proc.stderr.read()
                time.sleep(0.1)
        elif engine == "sqlite":
            while True:  # the first migrations committed, the slow one is running
                with Connection.open(url) as peek:
                    peek.raw.execute("PRAGMA busy_timeout = 5000")
                    if sum(1 for _, s in states(peek) if s == "applied") == 2:
                        break
                assert proc.poll() is None and time.monotonic() < deadline
                time.sleep(0.1)
            time.sleep(1.0)
        else:
            time.sleep(6.0)  # a DuckDB file cannot be read while another process writes it
        assert proc.poll() is None, "the runner finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    if engine == "postgres":  # the server ends the killed session: its transaction and its lock go with it
        deadline = time.monotonic() + 20
        while _pg_lock_holders(url) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _pg_lock_holders(url) == 0
    with Connection.open(url) as conn:
        got = states(conn)
        assert ("20240106000000_slow", "applied") not in got and ("20240106000000_slow", "failed") not in got
        tables = set(snapshot(conn)[0]["tables"])
        assert not {t for t in tables if t.split(".")[-1] in ("Slow", "AfterSlow")}  # nothing of it remains
        assert (FIVE[0][0], "applied") in got or not any(t.endswith("User") for t in tables)
        (folder / "20240106000000_slow" / "migration.sql").write_text(slow.replace(SLOW[engine], "SELECT 1"))
        report = runner.apply(conn, folder, lock_timeout=20)
        assert "20240106000000_slow" in report.applied
        assert [s for s in states(conn) if s[1] == "applied"] == [
            (FIVE[0][0], "applied"),
            (FIVE[1][0], "applied"),
            ("20240106000000_slow", "applied"),
        ]


def _marker_folder(root: Path) -> Path:
    migrations = [("20240100000000_marker", 'CREATE TABLE "marker" ("id" SERIAL PRIMARY KEY, "name" TEXT);\n', None)]
    for i in range(1, 6):
        name = f"2024010{i}000000_step{i}"
        migrations.append((name, f'INSERT INTO "marker" ("name") VALUES (\'{name}\');\nSELECT pg_sleep(0.2);\n', None))
    return write_folder(root, "postgres", migrations)


def test_two_runners_at_once_apply_each_migration_once_in_order(pg_url: str, tmp_path: Path) -> None:
    folder = _marker_folder(tmp_path / "migrations")
    command = [sys.executable, "-m", "workbench", "migrate", "apply", "--db", pg_url, "--dir", str(folder)]
    procs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    assert sorted(out.splitlines()[-1] for out, _ in outputs) == [
        "6 migration(s) applied, 0 were applied before",
        "nothing to apply: the database has all 6 migration(s)",
    ]  # the second waited for the first, then found everything applied
    names = [n for n in sorted(p.name for p in folder.iterdir() if p.is_dir())]
    with Connection.open(pg_url) as conn:
        assert [r[0] for r in conn.sql('SELECT "name" FROM "marker" ORDER BY "id"').rows] == names[1:]
        assert states(conn) == [(n, "applied") for n in names]


def test_second_runner_refuses_clearly_after_the_lock_timeout(pg_url: str, tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "migrations", "postgres", FIVE[:1])
    with psycopg.connect(pg_url, autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", (PRISMA_LOCK_KEY,))
        pid = holder.info.backend_pid
        with Connection.open(pg_url) as conn:
            started = time.monotonic()
            with pytest.raises(LockTimeout) as caught:
                runner.apply(conn, folder, lock_timeout=0.5)
            assert time.monotonic() - started < 5
            assert f"E1252: another migrate is running on this database (pid {pid} since " in str(caught.value)
            assert states(conn) == []
            holder.execute("SELECT pg_advisory_unlock(%s)", (PRISMA_LOCK_KEY,))
            assert runner.apply(conn, folder).applied == (FIVE[0][0],)


def test_sqlite_second_writer_waits_then_refuses(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "migrations", "sqlite", FIVE[:1])
    path = tmp_path / "w.db"
    with Connection.open(f"sqlite:///{path}") as conn:
        runner.apply(conn, folder, to=FIVE[0][0])
        add_migration(folder, "20240102000000_more", 'CREATE TABLE "More" ("id" INTEGER);\n')
        other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        try:
            other.execute("BEGIN IMMEDIATE")  # another writer
            with pytest.raises(LockTimeout, match=r"E1252: another migrate .* waited 0.3 s"):
                runner.apply(conn, folder, lock_timeout=0.3)
            assert states(conn) == [(FIVE[0][0], "applied")]
            release = threading.Timer(0.5, lambda: other.execute("COMMIT"))
            release.start()
            assert runner.apply(conn, folder, lock_timeout=20).applied == ("20240102000000_more",)  # it waited
            release.join()
        finally:
            other.close()


def test_statement_by_statement_failure_refuses_until_resolved(pg_url: str, tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "migrations", "postgres", FIVE[:2])
    add_migration(
        folder,
        "20240106000000_concurrently",
        'CREATE INDEX CONCURRENTLY "Post_title_idx" ON "Post" ("title");\n'
        'CREATE INDEX CONCURRENTLY "x" ON "Nope" ("a");\n',
    )
    add_migration(folder, "20240107000000_next", 'CREATE TABLE "Next" ("id" INTEGER);\n')
    with Connection.open(pg_url) as conn:
        with pytest.raises(MigrationFailed, match="its first 1 statement"):
            runner.apply(conn, folder)
        assert states(conn)[-1] == ("20240106000000_concurrently", "failed")
        with pytest.raises(MigrateError, match="E1251: migration 20240106000000_concurrently failed earlier"):
            runner.apply(conn, folder)
        conn.sql('DROP INDEX "Post_title_idx"')  # undone by hand
        assert runner.resolve(conn, folder, "20240106000000_concurrently", rolled_back=True).startswith("marked")
        (folder / "20240106000000_concurrently" / "migration.sql").write_text(
            'CREATE INDEX CONCURRENTLY "Post_title_idx" ON "Post" ("title");\n'
        )
        report = runner.apply(conn, folder)
        assert report.applied == ("20240106000000_concurrently", "20240107000000_next")
        assert conn.sql("SELECT count(*) FROM pg_indexes WHERE indexname = 'Post_title_idx'").rows == ((1,),)
