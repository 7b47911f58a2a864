"""``migrate status``: every state on real databases, drift made by hand with the SQL that reconciles
it both ways, no false drift on the migration pairs, status never writes, exit codes, no password."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import workbench as wb
from workbench.api.status import migration_status
from workbench.db.connection import Connection
from workbench.migrate import history
from workbench.migrate.folder import read_folder

PAIRS = Path(__file__).parent / "data" / "migrations"
INIT = (
    'CREATE TABLE "User" ("id" INTEGER NOT NULL, "email" TEXT NOT NULL, "role" TEXT DEFAULT \'member\', '
    'CONSTRAINT "User_pkey" PRIMARY KEY ("id"));\n'
    'CREATE UNIQUE INDEX "User_email_key" ON "User"("email");\n'
)
POST = (
    'CREATE TABLE "Post" ("id" INTEGER NOT NULL, "title" TEXT NOT NULL, CONSTRAINT "Post_pkey" PRIMARY KEY ("id"));\n'
    'CREATE INDEX "Post_title_idx" ON "Post"("title");\n'
)
TAG = 'CREATE TABLE "Tag" ("id" INTEGER NOT NULL, CONSTRAINT "Tag_pkey" PRIMARY KEY ("id"));\n'


def _sqlite_style(sql: str) -> str:
    """Prisma's SQLite DDL names no primary key (``"id" INTEGER NOT NULL PRIMARY KEY``); our SQLite
    table rebuild writes it that way too, so a named one would come back unnamed."""
    sql = re.sub(r', CONSTRAINT "\w+_pkey" PRIMARY KEY \("id"\)', "", sql)
    return sql.replace('"id" INTEGER NOT NULL,', '"id" INTEGER NOT NULL PRIMARY KEY,').replace(
        '"id" INTEGER NOT NULL)', '"id" INTEGER NOT NULL PRIMARY KEY)'
    )


def _for(url: str, sql: str) -> str:
    return _sqlite_style(sql) if url.startswith("sqlite") else sql


def _folder(root: Path, scripts: dict[str, str], url: str = "") -> Path:
    folder = root / "migrations"
    for name, sql in scripts.items():
        sql = _sqlite_style(sql) if url.startswith("sqlite") else sql
        (folder / name).mkdir(parents=True)
        (folder / name / "migration.sql").write_text(sql)
    return folder


@pytest.fixture(params=["postgres", "sqlite", "duckdb"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "postgres":
        yield request.getfixturevalue("pg_url")
    elif request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'app.db'}"
    else:
        yield f"duckdb:///{tmp_path / 'app.duckdb'}"


def _apply(conn: Connection, folder: Path, name: str) -> None:
    """What the runner does for a successful migration: the script, then its applied row."""
    m = read_folder(folder).get(name)
    assert m is not None
    conn.run_script(m.sql)
    _row(conn, m.name, m.checksum, finished=True, steps=1)


def _row(conn: Connection, name: str, checksum: str, **kw: object) -> str:
    history.ensure(conn)
    row = history.insert(conn, name, checksum, **kw)  # type: ignore[arg-type]
    conn.raw.commit()
    return row


def test_every_state(url: str, tmp_path: Path) -> None:
    folder = _folder(
        tmp_path,
        {
            "20240101000000_init": INIT,
            "20240102000000_post": POST,
            "20240103000000_tag": TAG,
            "20240104000000_late": 'ALTER TABLE "User" ADD COLUMN "bio" TEXT;\n',
            "20240105000000_failed": 'ALTER TABLE "User" ADD COLUMN "x" TEXT;\n',
            "20240106000000_down": 'ALTER TABLE "Post" ADD COLUMN "y" TEXT;\n',
        },
        url,
    )
    with Connection.open(url) as conn:
        _apply(conn, folder, "20240101000000_init")
        _apply(conn, folder, "20240102000000_post")
        f = read_folder(folder)
        # 20240103 never applied (pending, and older than applied ones: out of order)
        _apply(conn, folder, "20240104000000_late")
        # a failed attempt that our runner rolled back: database unchanged
        failed = f.find("failed")
        row = _row(conn, failed.name, failed.checksum)
        history.fail(conn, row, "ALTER TABLE ... failed\nmigration.sql:1:1", rolled_back=True)
        conn.raw.commit()
        down = f.find("down")
        row = _row(conn, down.name, down.checksum, finished=True, steps=1)
        history.roll_back(conn, row)  # `down` ran: pending again
        conn.raw.commit()
        _row(conn, "20231231000000_gone", "0" * 64, finished=True, steps=1)  # applied, not in the folder
        (folder / "20240102000000_post" / "migration.sql").write_text(
            "-- edited\n" + (_sqlite_style(POST) if url.startswith("sqlite") else POST)
        )  # modified
        s = migration_status(conn, folder)
    states = {e.name: e.state for e in s.entries}
    assert states == {
        "20240101000000_init": "applied",
        "20240102000000_post": "modified",
        "20240103000000_tag": "pending",
        "20240104000000_late": "applied",
        "20240105000000_failed": "pending",
        "20240106000000_down": "rolled back",
        "20231231000000_gone": "missing",
    }
    by = {e.name: e for e in s.entries}
    assert by["20240103000000_tag"].out_of_order and not by["20240105000000_failed"].out_of_order
    assert by["20240105000000_failed"].unchanged is True
    assert "migration.sql:1:1" in by["20240105000000_failed"].note()
    assert not s.up_to_date
    assert s.drift is not None and s.drift.empty, s.drift.changes()  # the pending ones are not drift
    text = s._text()
    assert "out of order" in text and "changed after it was applied" in text and "not in the folder" in text
    assert "20240101000000_init" in (s._html() or "")
    doc = json.loads(s.to_json_text())
    assert doc["upToDate"] is False and len(doc["migrations"]) == 7


def test_partly_applied_failure_needs_resolve(url: str, tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"20240101000000_init": INIT, "20240102000000_post": POST}, url)
    with Connection.open(url) as conn:
        _apply(conn, folder, "20240101000000_init")
        post = read_folder(folder).find("post")
        row = _row(conn, post.name, post.checksum)
        history.fail(conn, row, "boom at migration.sql:2:1", rolled_back=False, steps=1)
        conn.raw.commit()
        s = migration_status(conn, folder)
    entry = s.entries[1]
    assert entry.state == "failed" and entry.unchanged is False
    assert "workbench migrate resolve --applied 20240102000000_post" in entry.note()
    assert s.drift is None and "resolve it first" in s._text()
    assert not s.up_to_date


def test_up_to_date_and_no_history_table_means_all_pending(url: str, tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"20240101000000_init": INIT})
    with Connection.open(url) as conn:
        s = migration_status(conn, folder)
        assert [e.state for e in s.entries] == ["pending"] and not s.history_table
        assert not history.exists(conn)  # status never creates the table
        _apply(conn, folder, "20240101000000_init")
        s = migration_status(conn, folder)
    assert s.up_to_date, s._text()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ('ALTER TABLE "User" ADD COLUMN "nickname" TEXT', "add column User.nickname"),
        ('DROP INDEX "Post_title_idx"', "drop index Post_title_idx"),
        ('ALTER TABLE "User" ALTER COLUMN "role" SET DEFAULT \'admin\'', "alter column User.role"),
    ],
)
def test_drift_by_hand_reported_and_reconciled(url: str, tmp_path: Path, change: str, expected: str) -> None:
    if url.startswith("sqlite") and "SET DEFAULT" in change:  # SQLite has no ALTER COLUMN: rebuild the table
        change = (
            'CREATE TABLE "new_User" ("id" INTEGER NOT NULL PRIMARY KEY, "email" TEXT NOT NULL, '
            "\"role\" TEXT DEFAULT 'admin');\n"
            'INSERT INTO "new_User" SELECT * FROM "User";\nDROP TABLE "User";\n'
            'ALTER TABLE "new_User" RENAME TO "User";\nCREATE UNIQUE INDEX "User_email_key" ON "User"("email");\n'
        )
    folder = _folder(tmp_path, {"20240101000000_init": INIT, "20240102000000_post": POST}, url)
    with Connection.open(url) as conn:
        _apply(conn, folder, "20240101000000_init")
        _apply(conn, folder, "20240102000000_post")
        conn.run_script(change)
        s = migration_status(conn, folder)
        assert s.drift is not None and not s.drift.empty and not s.up_to_date
        assert any(c.startswith(expected) for c in s.drift.changes()), s.drift.changes()
        assert "workbench migrate new" in s._text() and "--name record_drift" in s.record_command()
        # (a) recording it: the record SQL as a new migration, marked applied, leaves no drift
        record = s.drift.record.sql()
        (folder / "20240103000000_record_drift").mkdir()
        (folder / "20240103000000_record_drift" / "migration.sql").write_text(record)
        m = read_folder(folder).find("record_drift")
        _row(conn, m.name, m.checksum, finished=True, steps=1)
        after = migration_status(conn, folder)
        assert after.drift is not None and after.drift.empty and after.up_to_date, after._text()
        # (b) undoing it instead: the revert SQL brings the database back to the applied migrations
        (folder / "20240103000000_record_drift" / "migration.sql").unlink()
        (folder / "20240103000000_record_drift").rmdir()
        conn.run_script("DELETE FROM _prisma_migrations WHERE migration_name = '20240103000000_record_drift'")
        s = migration_status(conn, folder)
        conn.run_script(s.drift.revert.sql())  # type: ignore[union-attr]
        s = migration_status(conn, folder)
    assert s.drift is not None and s.drift.empty, s.drift.changes()
    assert s.up_to_date


def _pair_folder(root: Path, scripts: list[str]) -> Path:
    return _folder(root, {f"2024010100000{i}_m": sql for i, sql in enumerate(scripts)})


# Pairs whose migration script itself does not run, so there is no database to compare:
NOT_RUNNABLE = {
    # Prisma's own script: `DROP SEQUENCE "";` (an empty name)
    ("postgres", "22_default_autoincrement_drop"),
    # our DuckDB script: DuckDB refuses `DROP COLUMN` while an index depends on a later column
    ("duckdb", "59_mixed_changes_one_table"),
}


def _scripts(engine: str, pair: Path) -> list[str] | None:
    """The pair as two migrations: the old schema's CREATE script, then the migration to the new one.
    PostgreSQL and SQLite: Prisma's own DDL (the goldens); DuckDB (no Prisma provider): ours."""
    if engine == "duckdb":
        old = wb.load(pair / "old.prisma")
        return [str(old.to_sql("duckdb")), wb.diff(pair / "old.prisma", pair / "new.prisma", dialect="duckdb").sql()]
    old_sql, up = pair / f"old.{engine}.sql", pair / f"expected.{engine}.sql"
    return [old_sql.read_text(), up.read_text()] if old_sql.exists() else None


@pytest.mark.parametrize("engine", ["postgres", "sqlite", "duckdb"])
def test_no_false_drift_on_migration_pairs(engine: str, tmp_path: Path, pg_server_url: str) -> None:
    """Each pair's old DDL then its migration, applied to a real database: introspection and the
    replayed folder agree. What this found, fixed in the SQL loader: several SET DEFAULTs in one
    ALTER TABLE, ALTER TYPE (ADD VALUE, RENAME TO; DuckDB's DROP TYPE), ALTER INDEX RENAME TO,
    DROP DEFAULT of a serial, CREATE TABLE ... AS SELECT of our DuckDB table rebuilds."""
    drifted: dict[str, list[str]] = {}
    checked = 0
    for pair in sorted(p for p in PAIRS.iterdir() if p.is_dir()):
        scripts = _scripts(engine, pair)
        if scripts is None or (engine, pair.name) in NOT_RUNNABLE:
            continue
        checked += 1
        folder = _pair_folder(tmp_path / pair.name, scripts)
        if engine == "postgres":
            with _database(pg_server_url, pair.name) as db_url:
                drifted.update(_drift_of(db_url, folder, pair.name))
        else:
            ext = "db" if engine == "sqlite" else "duckdb"
            drifted.update(_drift_of(f"{engine}:///{tmp_path / pair.name / f'x.{ext}'}", folder, pair.name))
    assert drifted == {}
    assert checked >= (40 if engine == "sqlite" else 60)


@contextmanager
def _database(server_url: str, pair: str) -> Iterator[str]:
    import psycopg

    name = f"status_{pair[:2]}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server_url, autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server_url.rpartition('/')[0]}/{name}"
    finally:
        with psycopg.connect(server_url, autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _drift_of(url: str, folder: Path, name: str) -> dict[str, list[str]]:
    with Connection.open(url) as conn:
        for m in read_folder(folder):
            if m.sql.strip():
                conn.run_script(m.sql)
            _row(conn, m.name, m.checksum, finished=True, steps=1)
        s = migration_status(conn, folder)
    assert s.drift is not None
    problems = [p.message for p in s.drift.problems]
    return {name: s.drift.changes() + problems} if not s.drift.empty or problems else {}


def test_status_never_writes(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"20240101000000_init": INIT})
    db = tmp_path / "app.db"
    with Connection.open(f"sqlite:///{db}") as conn:
        _apply(conn, folder, "20240101000000_init")
        conn.run_script('ALTER TABLE "User" ADD COLUMN "nickname" TEXT')
    before = db.read_bytes()
    s = migration_status(f"sqlite:///{db}", folder)
    assert not s.drift.empty  # type: ignore[union-attr]
    assert db.read_bytes() == before
    with pytest.raises(Exception, match=r"does not exist|no such|cannot"):
        migration_status(f"sqlite:///{tmp_path / 'absent.db'}", folder)
    assert not (tmp_path / "absent.db").exists()


def test_database_method(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"20240101000000_init": INIT})
    db = wb.connect(f"duckdb:///{tmp_path / 'a.duckdb'}")
    try:
        assert [e.state for e in db.migration_status(str(folder)).entries] == ["pending"]
    finally:
        db.close()


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workbench", "migrate", "status", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def test_cli_exit_codes_and_json(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"20240101000000_init": INIT})
    url = f"sqlite:///{tmp_path / 'app.db'}"
    with Connection.open(url) as conn:
        conn.run_script("SELECT 1")
    pending = _cli("--db", url, "--dir", str(folder))
    assert pending.returncode == 2 and "pending" in pending.stdout
    with Connection.open(url) as conn:
        _apply(conn, folder, "20240101000000_init")
    ok = _cli("--db", url, "--dir", str(folder), "--json")
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["upToDate"] is True
    with Connection.open(url) as conn:
        conn.run_script('DROP INDEX "User_email_key"')
    drift = _cli("--dir", str(folder), env={"DATABASE_URL": url})
    assert drift.returncode == 2 and "drop unique index User_email_key" in drift.stdout
    # --no-drift: the history alone decides, like `prisma migrate status`
    unchecked = _cli("--db", url, "--dir", str(folder), "--no-drift")
    assert unchecked.returncode == 0 and "drift not checked" in unchecked.stdout, unchecked.stdout
    missing = _cli("--db", url, "--dir", str(tmp_path / "nowhere"))
    assert missing.returncode == 1 and missing.stderr.startswith("error: ") and "Traceback" not in missing.stderr
    no_db = _cli("--dir", str(folder), env={"DATABASE_URL": ""})
    assert no_db.returncode == 2 and "--db" in no_db.stderr


def test_password_never_appears(pg_url: str, tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"20240101000000_init": INIT})
    base, _, name = pg_url.rpartition("/")
    scheme, _, rest = base.partition("://")
    user_host = rest.split("@")[-1]
    user = rest.split("@")[0].split(":")[0] if "@" in rest else "postgres"
    secret = f"{scheme}://{user}:Sup3rSecretPw@{user_host}/{name}"
    with Connection.open(pg_url) as conn:
        _apply(conn, folder, "20240101000000_init")
        conn.run_script('ALTER TABLE "User" ADD COLUMN "nickname" TEXT')
    s = migration_status(secret, folder)
    out = s._text() + (s._html() or "") + s.to_json_text()
    assert "Sup3rSecretPw" not in out and "****" in out
    assert '"$DATABASE_URL"' in s.record_command()
    cli = _cli("--db", secret, "--dir", str(folder))
    assert cli.returncode == 2 and "Sup3rSecretPw" not in cli.stdout + cli.stderr
    bad = _cli("--db", secret.replace(name, name + "_absent"), "--dir", str(folder))
    assert bad.returncode == 1 and "Sup3rSecretPw" not in bad.stdout + bad.stderr


def test_loader_replays_what_prisma_writes_for_enums_indexes_and_defaults() -> None:
    """The causes of false drift found on the pairs, fixed in the SQL loader: several SET DEFAULTs in
    one ALTER TABLE each got the statement's last DEFAULT text; ALTER TYPE (ADD VALUE, RENAME TO, the
    enum swap Prisma writes to remove a value) and ALTER INDEX ... RENAME TO were skipped."""
    from workbench.loaders.sql import load_sql

    script = (
        "CREATE TYPE \"Role\" AS ENUM ('USER', 'ADMIN');\n"
        'CREATE TABLE "T" ("a" INTEGER, "b" BOOLEAN, "role" "Role");\n'
        'CREATE INDEX "T_a_idx" ON "T"("a");\n'
        'ALTER TABLE "T" ALTER COLUMN "a" SET DEFAULT 3,\nALTER COLUMN "b" SET DEFAULT false;\n'
        "ALTER TYPE \"Role\" ADD VALUE 'EDITOR' BEFORE 'ADMIN';\n"
        "CREATE TYPE \"Role_new\" AS ENUM ('USER', 'EDITOR');\n"
        'ALTER TABLE "T" ALTER COLUMN "role" TYPE "Role_new" USING ("role"::text::"Role_new");\n'
        'ALTER TYPE "Role" RENAME TO "Role_old";\nALTER TYPE "Role_new" RENAME TO "Role";\nDROP TYPE "Role_old";\n'
        'ALTER INDEX "T_a_idx" RENAME TO "t_a";\n'
    )
    result = load_sql(text=script, dialect="postgres")
    assert not result.errors
    table = result.database.tables[0]
    assert [(c.name, c.default, c.type) for c in table.columns] == [
        ("a", "3", "INTEGER"),
        ("b", "false", "BOOLEAN"),
        ("role", None, "Role"),
    ]
    assert [(e.name, e.values) for e in result.database.enums] == [("Role", ("USER", "EDITOR"))]
    assert [i.name for i in table.indexes] == ["t_a"]


def test_loader_replays_duckdb_table_rebuilds_and_dropped_serial_defaults() -> None:
    """Our DuckDB migrations keep rows in ``CREATE TABLE "_wb_old_T" AS SELECT ...`` and drop enums
    with ``DROP TYPE`` (a bare command in sqlglot's DuckDB dialect); a serial whose default is
    dropped is no longer autoincrement. Each was a false drift before."""
    from workbench.loaders.sql import load_sql

    script = (
        'CREATE TYPE "Role" AS ENUM (\'A\');\nCREATE SEQUENCE "T_id_seq";\n'
        'CREATE TABLE "T" ("id" INTEGER NOT NULL DEFAULT nextval(\'"T_id_seq"\'), "r" "Role");\n'
        'CREATE TABLE "_wb_old_T" AS SELECT "id", CAST("r" AS VARCHAR) AS "r" FROM "T";\n'
        'DROP TABLE "T";\nDROP TABLE "_wb_old_T";\nDROP TYPE "Role";\n'
        'CREATE TABLE "U" ("id" INTEGER NOT NULL DEFAULT nextval(\'"T_id_seq"\'));\n'
        'ALTER TABLE "U" ALTER COLUMN "id" DROP DEFAULT;\n'
    )
    result = load_sql(text=script, dialect="duckdb")
    assert not result.errors, result.errors
    assert [t.name for t in result.database.tables] == ["U"] and not result.database.enums
    assert result.database.tables[0].columns[0].autoincrement is False


def test_a_folder_for_another_engine_is_a_clear_error(tmp_path: Path) -> None:
    from workbench.migrate.folder import FolderError, lock_text

    folder = _folder(tmp_path, {"20240101000000_init": INIT})
    (folder / "migration_lock.toml").write_text(lock_text("postgresql"))
    Connection.open(f"sqlite:///{tmp_path / 'a.db'}").close()  # an existing, empty database
    with pytest.raises(FolderError, match=r"provider `postgresql`, but the database is sqlite"):
        migration_status(f"sqlite:///{tmp_path / 'a.db'}", folder)
    cli = _cli("--db", f"sqlite:///{tmp_path / 'a.db'}", "--dir", str(folder))
    assert cli.returncode == 1 and cli.stderr.startswith("error: ") and "Traceback" not in cli.stderr


def test_the_callers_open_transaction_is_kept(pg_url: str, tmp_path: Path) -> None:
    from workbench.db.transaction import transaction_state

    folder = _folder(tmp_path, {"20240101000000_init": INIT})
    with Connection.open(pg_url) as conn:
        _apply(conn, folder, "20240101000000_init")
        conn.raw.execute("INSERT INTO \"User\" (id, email) VALUES (1, 'a@x')")  # uncommitted: the caller's
        s = migration_status(conn, folder)
        assert s.up_to_date
        assert transaction_state(conn.raw, "postgres") == "open"
        assert conn.raw.execute('SELECT count(*) FROM "User"').fetchone()[0] == 1
        conn.raw.rollback()
        s = migration_status(conn, folder)
        assert transaction_state(conn.raw, "postgres") == "idle"  # a read of ours leaves nothing open
