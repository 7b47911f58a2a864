"""``backup``/``restore`` on real DuckDB, SQLite and PostgreSQL (pg_dump/pg_restore): a backup taken,
the database changed, the backup restored gives back the catalog and every row; refusals leave
files and databases as they were; the password never reaches a command line or a message."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path
from typing import Any

import duckdb
import psycopg
import pytest

import workbench as wb
from tests.cli_run import workbench
from tests.migration_catalog import duckdb_catalog, pg_catalog, sqlite_catalog
from workbench.db.connection import Connection
from workbench.db.transaction import transaction_state
from workbench.migrate import backup as backup_module
from workbench.migrate.backup import BackupError, backup, restore, tool_command

SCHEMA = """
CREATE TABLE "User" ("id" INTEGER NOT NULL PRIMARY KEY, "email" TEXT NOT NULL, "bio" TEXT);
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
CREATE TABLE "Post" ("id" INTEGER NOT NULL PRIMARY KEY, "title" TEXT, "authorId" INTEGER REFERENCES "User"("id"));
INSERT INTO "User" VALUES (1, 'a@x', 'hello'), (2, 'b@x', NULL);
INSERT INTO "Post" VALUES (10, 'first', 1), (11, 'second', 2), (12, 'third', 1);
"""
PG_SCHEMA = SCHEMA.replace('"bio" TEXT', '"bio" "Mood"').replace("'hello'", "'ok'")  # an enum column too
CHANGE = 'DROP TABLE "Post"; DELETE FROM "User" WHERE "id" = 2; INSERT INTO "User" VALUES (3, \'c@x\', NULL);'


def _state(url: str) -> tuple[Any, Any]:
    """Catalog and every row of the two tables."""
    with Connection.open(url, create=False) as conn:
        tables = (
            [r[0] for r in conn.sql("SELECT table_name FROM information_schema.tables").rows]
            if (conn.dialect != "sqlite")
            else [r[0] for r in conn.sql("SELECT name FROM sqlite_master WHERE type = 'table'").rows]
        )
        rows = tuple(conn.sql(f'SELECT * FROM "{t}" ORDER BY 1').rows for t in ("User", "Post") if t in tables)
        raw = conn.raw
        catalog = {"duckdb": duckdb_catalog, "sqlite": sqlite_catalog, "postgres": pg_catalog}[conn.dialect](raw)
        return catalog, rows


@pytest.mark.parametrize("engine", ["duckdb", "sqlite"])
def test_embedded_backup_change_restore_gives_everything_back(engine: str, tmp_path: Path) -> None:
    url = f"{engine}:///{tmp_path / ('app.' + engine)}"
    with Connection.open(url) as conn:
        conn.run_script(SCHEMA)
    before = _state(url)
    with wb.connect(url) as db:
        report = db.backup(tmp_path / "bk")
    assert report.kind == ("export" if engine == "duckdb" else "file") and report.objects == 2 and report.size > 0
    with Connection.open(url) as conn:
        conn.run_script(CHANGE)
    assert _state(url) != before
    with pytest.raises(BackupError, match="is not empty: restore into an empty database, or pass --force"):
        wb.restore(tmp_path / "bk", url)
    assert wb.restore(tmp_path / "bk", url, force=True) == 2
    assert _state(url) == before
    fresh = f"{engine}:///{tmp_path / ('fresh.' + engine)}"  # a new file: created
    assert wb.restore(tmp_path / "bk", fresh) == 2
    assert _state(fresh) == before


def test_postgres_backup_change_restore(pg_url: str, pg_url2: str, tmp_path: Path) -> None:
    with Connection.open(pg_url) as conn:
        conn.run_script(
            "CREATE TYPE \"Mood\" AS ENUM ('ok', 'bad');"
            + SCHEMA.replace('"bio" TEXT', '"bio" "Mood"').replace("'hello'", "'ok'")
        )
    before = _state(pg_url)
    with Connection.open(pg_url) as conn:
        report = backup(conn, tmp_path / "app.dump")
    assert report.kind == "pg_dump" and (tmp_path / "app.dump").read_bytes().startswith(b"PGDMP")
    assert restore(tmp_path / "app.dump", pg_url2) == 2  # an empty database
    assert _state(pg_url2) == before
    with Connection.open(pg_url) as conn:
        conn.run_script(CHANGE)
    with pytest.raises(BackupError, match="not empty"):
        restore(tmp_path / "app.dump", pg_url)
    assert restore(tmp_path / "app.dump", pg_url, force=True) == 2  # pg_restore --clean --if-exists
    assert _state(pg_url) == before


def test_a_failed_postgres_restore_changes_nothing(pg_url: str, tmp_path: Path) -> None:
    with Connection.open(pg_url) as conn:
        conn.run_script(SCHEMA)
        backup(conn, tmp_path / "app.dump")
        # a view of someone else's depends on "Post": --clean cannot drop it, the restore fails
        conn.run_script('CREATE VIEW "titles" AS SELECT "title" FROM "Post"; DELETE FROM "Post" WHERE id = 12;')
    before = _state(pg_url)
    with pytest.raises(BackupError, match=r"(?s)pg_restore on postgresql://.* failed: .*view public.titles depends on"):
        restore(tmp_path / "app.dump", pg_url, force=True)
    assert _state(pg_url) == before  # --single-transaction: all of it rolled back


def test_password_never_on_the_command_line_nor_in_messages(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = "s3cr3t-Pw"
    url = pg_url.replace("postgresql://postgres@", f"postgresql://postgres:{secret}@")
    assert secret in url
    argv, env = tool_command("pg_dump", url, "--format=custom")
    assert not any(secret in a for a in argv) and env["PGPASSWORD"] == secret
    assert any(a.startswith("--dbname=") and "connect_timeout=10" in a for a in argv)
    # the real pg_dump, behind a wrapper on PATH that writes down the argv it was given
    shim = tmp_path / "bin" / "pg_dump"
    shim.parent.mkdir()
    seen = tmp_path / "argv.txt"
    shim.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {seen}\nexec {argv[0]} "$@"\n')
    shim.chmod(shim.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{shim.parent}{os.pathsep}{os.environ['PATH']}")
    with Connection.open(url) as conn:
        conn.run_script(SCHEMA)
        backup(conn, tmp_path / "ok.dump")
    assert seen.read_text().strip() and secret not in seen.read_text()
    # the error path: a database that does not exist, a corrupt archive
    gone = url.rsplit("/", 1)[0] + "/rollback_no_such_db"
    with pytest.raises(BackupError) as caught:
        backup_module._pg_dump(gone, tmp_path / "x.dump", 60)
    assert "rollback_no_such_db" in str(caught.value) and secret not in str(caught.value)
    assert "****" in str(caught.value)
    bad = tmp_path / "bad.dump"
    bad.write_bytes(b"PGDMP" + b"\0" * 64)
    with pytest.raises(BackupError) as caught:
        restore(bad, url, force=True)
    assert "pg_restore" in str(caught.value) and secret not in str(caught.value)


def test_refusals_leave_everything_as_it_was(tmp_path: Path) -> None:
    url = f"duckdb:///{tmp_path / 'app.duckdb'}"
    with Connection.open(url) as conn:
        conn.run_script(SCHEMA)
        taken = tmp_path / "taken"
        taken.mkdir()
        (taken / "keep.txt").write_text("mine")
        with pytest.raises(BackupError, match="already exists and is not empty: a backup never overwrites"):
            backup(conn, taken)
        assert [p.name for p in taken.iterdir()] == ["keep.txt"]
        (tmp_path / "empty").mkdir()
        assert backup(conn, tmp_path / "empty").objects == 2  # an empty folder the user made is fine
        conn.raw.execute("BEGIN")
        with pytest.raises(BackupError, match="has a transaction open: commit or roll back first"):
            backup(conn, tmp_path / "during")
        conn.raw.execute("ROLLBACK")
        assert not (tmp_path / "during").exists()
        assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging left behind
    lite = tmp_path / "app.db"
    sqlite3.connect(lite).close()
    with pytest.raises(BackupError, match=r"holds a 'export' backup, not a SQLite backup \('file'\)"):
        restore(tmp_path / "empty", f"sqlite:///{lite}")
    with pytest.raises(BackupError, match="does not exist: give the path of a backup"):
        restore(tmp_path / "nothing", url)
    new = tmp_path / "new.duckdb"
    with pytest.raises(BackupError, match="holds nothing"):
        restore(taken, f"duckdb:///{new}")
    assert not new.exists()
    corrupt = tmp_path / "corrupt"
    corrupt.mkdir()
    (corrupt / "schema.sql").write_text("CREATE TABLE broken (;\n")
    (corrupt / "load.sql").write_text("")
    with pytest.raises(BackupError, match=r"(?s)restore into duckdb:///.* failed: .*; it is unchanged"):
        restore(corrupt, f"duckdb:///{new}")
    assert not new.exists()  # the file the failed restore created is gone again


def test_missing_pg_dump_says_what_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(backup_module, "TOOL_DIRS", (str(tmp_path / "nowhere"),))
    with pytest.raises(BackupError, match=r"pg_dump was not found .* apt install postgresql-client"):
        backup_module.find_tool("pg_dump")


def test_cli_backup_and_restore(tmp_path: Path) -> None:
    db = tmp_path / "app.db"
    with Connection.open(f"sqlite:///{db}") as conn:
        conn.run_script(SCHEMA)
    done = workbench("backup", "--db", str(db), str(tmp_path / "bk.db"))
    assert done.returncode == 0, done.stderr
    assert "2 objects" in done.stderr and done.stdout == ""
    again = workbench("backup", "--db", str(db), str(tmp_path / "bk.db"))
    assert again.returncode == 1 and again.stderr.startswith("error: ") and "Traceback" not in again.stderr
    refused = workbench("restore", str(tmp_path / "bk.db"), "--db", str(db))
    assert refused.returncode == 1 and "--force" in refused.stderr
    back = workbench("restore", str(tmp_path / "bk.db"), "--db", f"sqlite:///{tmp_path / 'copy.db'}")
    assert back.returncode == 0, back.stderr
    assert _state(f"sqlite:///{tmp_path / 'copy.db'}") == _state(f"sqlite:///{db}")
    missing = workbench("restore", str(tmp_path / "bk.db"), env={"DATABASE_URL": ""})
    assert missing.returncode == 2 and "give --db URL" in missing.stderr


def test_duckdb_in_memory_backup(tmp_path: Path) -> None:
    raw = duckdb.connect()
    raw.execute(SCHEMA)
    conn = Connection("duckdb", raw, "duckdb://")
    assert backup(conn, tmp_path / "mem").objects == 2
    assert restore(tmp_path / "mem", f"duckdb:///{tmp_path / 'disk.duckdb'}") == 2
    with pytest.raises(BackupError, match="is in memory: what is restored there is gone"):
        restore(tmp_path / "mem", "duckdb://")


def test_pg_dump_connection_keeps_ours_untouched(pg_url: str, tmp_path: Path) -> None:
    """The backup reads in its own session: our connection's transaction state is left idle."""
    with Connection.open(pg_url) as conn:
        conn.run_script(SCHEMA)
        conn.sql('SELECT count(*) FROM "User"')
        backup(conn, tmp_path / "a.dump")
        assert transaction_state(conn.raw, "postgres") == "idle"
        with psycopg.connect(pg_url, connect_timeout=10) as other:
            assert other.execute('SELECT count(*) FROM "Post"').fetchone() == (3,)
