"""``workbench.migrate.dataloss.check``: what a down step would lose, counted read-only in the live database."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from workbench.db.connection import Connection
from workbench.db.transaction import transaction_state
from workbench.migrate.dataloss import check

INIT = 'CREATE TABLE "User" ("id" INTEGER NOT NULL PRIMARY KEY, "name" TEXT NOT NULL);\n'
ADD = (
    'ALTER TABLE "User" ADD COLUMN "bio" TEXT;\n'
    'ALTER TABLE "User" ADD COLUMN "role" TEXT NOT NULL DEFAULT \'member\';\n'
    'CREATE TABLE "Tag" ("id" INTEGER NOT NULL PRIMARY KEY, "label" VARCHAR(40));\n'
)
DOWN = 'DROP TABLE "Tag";\nALTER TABLE "User" DROP COLUMN "role";\nALTER TABLE "User" DROP COLUMN "bio";\n'


def _folder(root: Path, *, down: bool = True, provider: str = "postgresql") -> Path:
    folder = root / "migrations"
    for name, sql in (("20240101000000_init", INIT), ("20240102000000_add_bio", ADD)):
        (folder / name).mkdir(parents=True)
        (folder / name / "migration.sql").write_text(sql)
    if down:
        (folder / "20240102000000_add_bio" / "down.sql").write_text(DOWN)
    (folder / "migration_lock.toml").write_text(f'provider = "{provider}"\n')
    return folder


def _seed(conn: Connection) -> None:
    conn.run_script(
        INIT
        + ADD
        + "INSERT INTO \"User\" VALUES (1, 'a', 'hello', 'member'), (2, 'b', NULL, 'admin'), (3, 'c', 'x', 'member');"
        + "INSERT INTO \"Tag\" VALUES (1, 'red'), (2, 'blue');"
    )


@pytest.mark.parametrize("engine", ["duckdb", "sqlite"])
@pytest.mark.parametrize("down", [True, False], ids=["down.sql", "computed-down"])
def test_losses_named_with_counts(engine: str, down: bool, tmp_path: Path) -> None:
    folder = _folder(tmp_path, down=down)
    url = f"{engine}:///{tmp_path / ('db.' + engine)}"
    with Connection.open(url) as conn:
        _seed(conn)
        found = check(conn, folder, "20240102000000_add_bio")
    messages = sorted(str(x) for x in found)
    assert messages == [
        'down of 20240102000000_add_bio drops column "User"."bio", which holds values in 2 rows',
        'down of 20240102000000_add_bio drops column "User"."role", which holds values other than its default '
        "'member' in 1 row",
        'down of 20240102000000_add_bio drops table "Tag", which holds 2 rows',
    ]
    assert {(x.table, x.column, x.rows) for x in found} == {
        ('"User"', "bio", 2),
        ('"User"', "role", 1),
        ('"Tag"', None, 2),
    }


def test_nothing_to_lose_when_the_values_are_null_or_default(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    with Connection.open(f"duckdb:///{tmp_path / 'db.duckdb'}") as conn:
        conn.run_script(INIT + ADD + "INSERT INTO \"User\" (id, name) VALUES (1, 'a'), (2, 'b');")
        assert check(conn, folder, "add_bio") == []
        assert check(conn, folder, "init") != []  # the first down drops "User" itself, with its 2 rows


def test_a_down_script_that_keeps_a_column_loses_nothing_there(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "20240102000000_add_bio" / "down.sql").write_text('DROP TABLE "Tag";\n')
    with Connection.open(f"sqlite:///{tmp_path / 'db.sqlite'}") as conn:
        _seed(conn)
        assert [(x.table, x.column) for x in check(conn, folder, "add_bio")] == [('"Tag"', None)]


def test_narrowing_down_counts_values_that_do_not_fit(tmp_path: Path, pg_url: str) -> None:
    folder = tmp_path / "migrations"
    (folder / "1_init").mkdir(parents=True)
    (folder / "1_init" / "migration.sql").write_text('CREATE TABLE "T" ("id" INTEGER PRIMARY KEY, "s" VARCHAR(5));\n')
    (folder / "2_widen").mkdir()
    (folder / "2_widen" / "migration.sql").write_text('ALTER TABLE "T" ALTER COLUMN "s" SET DATA TYPE VARCHAR(50);\n')
    with Connection.open(pg_url) as conn:
        conn.run_script('CREATE TABLE "T" ("id" INTEGER PRIMARY KEY, "s" VARCHAR(50));')
        conn.run_script("INSERT INTO \"T\" VALUES (1, 'short'), (2, 'much too long'), (3, NULL)")
        found = check(conn, folder, "2_widen")
        assert [(x.column, x.rows) for x in found] == [("s", 1)]
        assert "narrows" in found[0].what and "VARCHAR(5)" in found[0].what


def test_postgres_read_only_and_the_callers_transaction_kept(tmp_path: Path, pg_url: str) -> None:
    folder = _folder(tmp_path)
    with Connection.open(pg_url) as conn:
        _seed(conn)
        assert transaction_state(conn.raw, "postgres") == "idle"
        assert len(check(conn, folder, "add_bio")) == 3
        assert transaction_state(conn.raw, "postgres") == "idle"  # no transaction left open
        conn.raw.execute("INSERT INTO \"Tag\" VALUES (3, 'green')")  # the caller's open transaction
        found = check(conn, folder, "add_bio")
        assert transaction_state(conn.raw, "postgres") == "open"  # still theirs, not committed nor rolled back
        assert ('"Tag"', 3) in {(x.table, x.rows) for x in found}
        conn.raw.rollback()
    with psycopg.connect(pg_url, connect_timeout=10) as raw:
        assert raw.execute('SELECT count(*) FROM "Tag"').fetchone() == (2,)


def test_enum_values_the_down_step_removes_count_the_rows_holding_them(tmp_path: Path, pg_url: str) -> None:
    folder = tmp_path / "migrations"
    (folder / "1_init").mkdir(parents=True)
    (folder / "1_init" / "migration.sql").write_text(
        "CREATE TYPE \"Status\" AS ENUM ('draft', 'live');\n"
        'CREATE TABLE "Post" ("id" INTEGER PRIMARY KEY, "status" "Status" NOT NULL);\n'
    )
    (folder / "2_archive").mkdir()
    (folder / "2_archive" / "migration.sql").write_text("ALTER TYPE \"Status\" ADD VALUE 'archived';\n")
    with Connection.open(pg_url) as conn:
        conn.run_script((folder / "1_init" / "migration.sql").read_text())
        conn.run_script((folder / "2_archive" / "migration.sql").read_text())
        conn.run_script("INSERT INTO \"Post\" VALUES (1, 'draft'), (2, 'archived'), (3, 'archived')")
        found = check(conn, folder, "archive")
    assert [(x.table, x.column, x.rows) for x in found] == [('"Post"', "status", 2)]
    assert str(found[0]) == (
        'down of 2_archive removes \'archived\' from enum Status: "Post"."status" holds them in 2 rows'
    )
