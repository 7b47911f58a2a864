"""``migrate apply/down/resolve`` on real PostgreSQL, SQLite and DuckDB files: history, checksums, refusals."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from tests.migrate_runner_support import ENGINES, FIVE, add_migration, snapshot, states, url_for, write_folder
from workbench.db.connection import Connection
from workbench.db.statements import split_statements, split_statements_at
from workbench.migrate import history, runner
from workbench.migrate.execute import must_run_alone, statements
from workbench.migrate.runner import MigrateError


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def conn(engine: str, request: pytest.FixtureRequest, tmp_path: Path):
    with Connection.open(url_for(engine, request, tmp_path)) as c:
        yield c


def test_split_statements_at_matches_split_statements() -> None:
    script = "-- head\nCREATE TABLE a (x int);\n\n  INSERT INTO a VALUES (';');\n/* c */ DROP TABLE a;\n-- end\n"
    found = split_statements_at(script)
    assert [t for t, _ in found] == split_statements(script)
    assert all(script[o : o + len(t)] == t for t, o in found)
    assert [(s.line, s.col) for s in statements(script)] == [(2, 1), (4, 3), (5, 9)]


def test_classify_scripts() -> None:
    assert must_run_alone(statements("CREATE TABLE a (x int);\nALTER TYPE r ADD VALUE 'X';"), "postgres") is None
    assert must_run_alone(statements("ALTER TYPE \"Role\" ADD VALUE 'EDITOR';"), "postgres") is None  # Prisma's
    used = "ALTER TYPE r ADD VALUE 'X';\nUPDATE t SET role = 'X';"
    assert "enum value" in (must_run_alone(statements(used), "postgres") or "")
    assert must_run_alone(statements('CREATE INDEX CONCURRENTLY "i" ON t (x);'), "postgres")
    assert must_run_alone(statements("VACUUM;"), "postgres")
    assert must_run_alone(statements("BEGIN;\nCREATE TABLE a (x int);\nCOMMIT;"), "sqlite")
    # a BEGIN inside a function body is no transaction control
    body = "CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END $$ LANGUAGE plpgsql;"
    assert must_run_alone(statements(body), "postgres") is None


def test_five_migrations_apply_with_prisma_checksums_reapply_is_noop(conn: Connection, tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "migrations", conn.dialect)
    report = runner.apply(conn, folder, to="20240103000000_rows")
    assert report.applied == tuple(name for name, _, _ in FIVE[:3])
    assert report.left == tuple(name for name, _, _ in FIVE[3:])
    report = runner.apply(conn, folder)
    assert report.applied == tuple(name for name, _, _ in FIVE[3:]) and report.already == 3
    rows = history.read(conn)
    assert [(r.migration_name, r.state) for r in rows] == [(name, "applied") for name, _, _ in FIVE]
    for r in rows:
        assert r.checksum == hashlib.sha256((folder / r.migration_name / "migration.sql").read_bytes()).hexdigest()
    assert [r.applied_steps_count for r in rows] == [1] * 5  # a whole script is one step, as Prisma records it
    before = snapshot(conn)
    again = runner.apply(conn, folder)
    assert again.applied == () and again.already == 5 and "nothing to apply" in again._text()
    assert snapshot(conn) == before
    assert conn.sql('SELECT "title" FROM "Post"').rows == (("hello; world",),)


def test_modified_migration_refused_nothing_runs_crlf_accepted(conn: Connection, tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "migrations", conn.dialect, FIVE[:2])
    runner.apply(conn, folder)
    up = folder / FIVE[0][0] / "migration.sql"
    original = up.read_bytes()
    add_migration(folder, "20240109000000_more", 'CREATE TABLE "More" ("id" INTEGER);\n')
    up.write_bytes(original.replace(b"\n", b"\r\n"))  # a Windows checkout: no edit (Prisma's rule)
    assert runner.apply(conn, folder).applied == ("20240109000000_more",)
    add_migration(folder, "20240110000000_last", 'CREATE TABLE "Last" ("id" INTEGER);\n')
    up.write_bytes(original + b"-- edited\n")
    before = snapshot(conn)
    with pytest.raises(MigrateError) as caught:
        runner.apply(conn, folder)
    message = str(caught.value)
    assert "E1250" in message and FIVE[0][0] in message and "was modified after it was applied" in message
    assert hashlib.sha256(original).hexdigest()[:12] in message and "workbench migrate resolve" in message
    assert snapshot(conn) == before
    assert ("20240110000000_last", "applied") not in states(conn)


def test_missing_migration_is_a_warning_and_apply_continues(conn: Connection, tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "migrations", conn.dialect, FIVE[:2])
    runner.apply(conn, folder)
    import shutil

    shutil.rmtree(folder / FIVE[1][0])
    add_migration(folder, "20240109000000_more", 'CREATE TABLE "More" ("id" INTEGER);\n')
    report = runner.apply(conn, folder)
    assert report.applied == ("20240109000000_more",)
    assert report.missing == (FIVE[1][0],) and "not in the migrations folder" in report._text()


def test_up_then_down_restores_the_catalog(conn: Connection, tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "migrations", conn.dialect)
    runner.apply(conn, folder, to=FIVE[0][0])
    after_first = snapshot(conn)
    runner.apply(conn, folder)
    report = runner.down(conn, folder, to=FIVE[0][0], accept_data_loss=True)
    assert report.rolled_back == tuple(name for name, _, _ in reversed(FIVE[1:]))
    assert snapshot(conn) == after_first
    assert [s for s in states(conn) if s[1] == "applied"] == [(FIVE[0][0], "applied")]
    runner.down(conn, folder, steps=1, accept_data_loss=True)
    assert not [s for s in states(conn) if s[1] == "applied"]
    assert runner.apply(conn, folder).applied == tuple(name for name, _, _ in FIVE)  # and up again


def test_down_refuses_data_loss_unless_accepted(conn: Connection, tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "migrations", conn.dialect)
    runner.apply(conn, folder)
    conn.raw.execute("""UPDATE "Post" SET "body" = 'kept'""")
    conn.raw.commit() if conn.dialect != "duckdb" else None
    before = snapshot(conn)
    with pytest.raises(MigrateError) as caught:
        runner.down(conn, folder, steps=2)  # the index goes, then the down of _body drops "body"
    message = str(caught.value)
    assert "E1256" in message and "--accept-data-loss" in message
    assert 'drops column "Post"."body", which holds values in 1 row' in message
    assert snapshot(conn) == before
    runner.down(conn, folder, steps=2, accept_data_loss=True)
    assert [r.migration_name for r in history.read(conn) if r.state == "applied"][-1] == "20240103000000_rows"


def test_down_without_down_sql_names_the_fix(conn: Connection, tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "migrations", conn.dialect, FIVE[:1])
    add_migration(folder, "20240102000000_nodown", 'CREATE TABLE "X" ("id" INTEGER);\n')
    runner.apply(conn, folder)
    with pytest.raises(MigrateError, match=r"E1255: migration 20240102000000_nodown has no down.sql: run `workbench"):
        runner.down(conn, folder, accept_data_loss=True)


def test_callers_open_transaction_is_refused_and_left_untouched(conn: Connection, tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "migrations", conn.dialect, FIVE[:1])
    conn.raw.execute('CREATE TABLE "mine" ("x" INTEGER)')
    conn.raw.execute("BEGIN") if conn.dialect != "postgres" else None
    conn.raw.execute('INSERT INTO "mine" VALUES (7)')
    for call in (lambda: runner.apply(conn, folder), lambda: runner.down(conn, folder, accept_data_loss=True)):
        with pytest.raises(MigrateError, match=r"E1254: cannot .* inside your open transaction"):
            call()
    from workbench.db.transaction import transaction_state

    assert transaction_state(conn.raw, conn.dialect) == "open"
    assert conn.raw.execute('SELECT "x" FROM "mine"').fetchall() == [(7,)]
    conn.raw.execute("ROLLBACK") if conn.dialect != "postgres" else conn.raw.rollback()
    assert not history.exists(conn)


def test_sqlite_redefine_keeps_child_rows(tmp_path: Path) -> None:
    """Prisma's SQLite redefine: PRAGMA foreign_keys=OFF must take effect although the script runs in a
    transaction, or dropping the parent cascades to the child rows."""
    folder = write_folder(
        tmp_path / "m",
        "sqlite",
        [
            (
                "1_init",
                'CREATE TABLE "User" ("id" INTEGER NOT NULL PRIMARY KEY, "name" TEXT);\n'
                'CREATE TABLE "Post" ("id" INTEGER NOT NULL PRIMARY KEY, "authorId" INTEGER NOT NULL,\n'
                '  CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") '
                "ON DELETE CASCADE ON UPDATE CASCADE);\n"
                'INSERT INTO "User" VALUES (1, \'a\');\nINSERT INTO "Post" VALUES (1, 1);\n',
                None,
            ),
        ],
    )
    add_migration(
        folder,
        "2_redefine",
        "-- RedefineTables\nPRAGMA defer_foreign_keys=ON;\nPRAGMA foreign_keys=OFF;\n"
        'CREATE TABLE "new_User" ("id" INTEGER NOT NULL PRIMARY KEY, "name" TEXT NOT NULL DEFAULT \'\');\n'
        'INSERT INTO "new_User" ("id", "name") SELECT "id", coalesce("name", \'\') FROM "User";\n'
        'DROP TABLE "User";\nALTER TABLE "new_User" RENAME TO "User";\n'
        "PRAGMA foreign_keys=ON;\nPRAGMA defer_foreign_keys=OFF;\n",
    )
    with Connection.open(f"sqlite:///{tmp_path / 'r.db'}") as c:
        runner.apply(c, folder)
        assert c.raw.execute('SELECT count(*) FROM "Post"').fetchone() == (1,)
        assert c.raw.execute("PRAGMA foreign_keys").fetchone() == (1,)  # restored
        assert c.raw.execute("PRAGMA foreign_key_check").fetchall() == []


def test_cli_apply_down_resolve(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "migrations", "sqlite", FIVE[:2])
    url = f"sqlite:///{tmp_path / 'c.db'}"

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "workbench", "migrate", *args], capture_output=True, text=True, timeout=120
        )

    done = cli("apply", "--db", url, "--dir", str(folder))
    assert done.returncode == 0 and "applied 20240102000000_post" in done.stdout, done.stderr
    done = cli("down", "--db", url, "--dir", str(folder), "--accept-data-loss")
    assert done.returncode == 0 and "rolled back 20240102000000_post" in done.stdout, done.stderr
    done = cli("resolve", "--db", url, "--dir", str(folder), "--rolled-back", FIVE[0][0])
    assert done.returncode == 1 and done.stderr.startswith("error: E1257") and "Traceback" not in done.stderr
    done = cli("apply", "--dir", str(folder))
    assert done.returncode == 2 and "give --db URL" in done.stderr


def test_password_never_shown(pg_url: str, tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "m", "postgres", FIVE[:1])
    add_migration(folder, "20240102000000_bad", "SELECT 1 FROM nowhere_table;\n")
    scheme, rest = pg_url.split("://", 1)
    user, host = rest.split("@", 1) if "@" in rest else ("postgres", rest)
    secret = f"{scheme}://{user}:hunter2-secret@{host}"
    done = subprocess.run(
        [sys.executable, "-m", "workbench", "migrate", "apply", "--db", secret, "--dir", str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1 and "hunter2-secret" not in done.stdout + done.stderr
    assert "migration.sql:1:1" in done.stderr


def test_apply_with_backup_copies_the_starting_state_first(
    engine: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """`migrate apply --backup DIR`: the copy holds the database as the pending migrations found it
    (restorable into a fresh database), and nothing is copied when nothing is pending."""
    from workbench.migrate.backup import restore

    url = url_for(engine, request, tmp_path)
    folder = write_folder(tmp_path / "migrations", engine)
    with Connection.open(url) as conn:
        runner.apply(conn, folder, to="20240103000000_rows")
        report = runner.apply(conn, folder, backup=tmp_path / "backups")
        assert report.backup is not None and "before_20240104000000_body" in report.backup
        assert "backup taken before" in report._text()
        assert runner.apply(conn, folder, backup=tmp_path / "more").backup is None
    assert not (tmp_path / "more").exists()
    (tmp_path / "copy").mkdir()
    copy_url = (
        str(request.getfixturevalue("pg_url2")) if engine == "postgres" else url_for(engine, request, tmp_path / "copy")
    )
    restore(report.backup, copy_url)
    with Connection.open(copy_url) as copy:
        applied = [r.migration_name for r in history.read(copy) if r.state == "applied"]
        assert applied == [name for name, _, _ in FIVE[:3]]  # the state before _body ran
        assert copy.sql('SELECT "title" FROM "Post"').rows == (("hello; world",),)
    from workbench.api.database import connect

    with connect(copy_url) as copy_db:
        post = next(t for t in copy_db.introspect().tables if t.name == "Post")
        assert [c.name for c in post.columns] == ["id", "title", "authorId"]  # no "body" yet
