"""Seeding is all-or-nothing and never touches the caller's transaction (issue #12 item 4), and a
second run on a seeded database is refused clearly or, with reset=True, starts over inside the
same transaction (item 8). Real DuckDB, PostgreSQL and SQLite, succeeding and failing."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import duckdb
import psycopg
import pytest

import workbench as wb
from tests.seed_checks import content_hash, violations
from workbench.api import seed
from workbench.db.transaction import TransactionStateError
from workbench.diagnostics import UserError
from workbench.seeding import build_plan
from workbench.seeding.api import SeedError

ROOT = Path(__file__).resolve().parent.parent
BLOG = wb.load(ROOT / "sample_schemas" / "blog.prisma")
ROWS = {"User": 20, "*": 10}
# a rule the generator knows nothing about: the engine refuses the first Post (a failure mid-run)
REFUSE_POSTS = 'ALTER TABLE "Post" ADD CONSTRAINT no_posts CHECK ("viewCount" < 0)'


def _count(db: Any, table: str) -> int:
    return int(db.sql(f'SELECT count(*) FROM "{table}"').rows[0][0])


def _apply(url: str | None, tmp_path: Path) -> str:
    target = url or str(tmp_path / "blog.duckdb")
    with wb.connect(target) as db:
        db.apply(BLOG)
        db.sql("CREATE TABLE audit (note TEXT)")
    return target


def _blog_ddl_with_a_small_category(dialect: str) -> str:
    """The blog schema's own DDL, with a CHECK that allows at most 10 categories: a failure that
    only the engine knows about, in the middle of a run."""
    ddl = str(BLOG.to_sql(dialect))
    head = ddl.index('CREATE TABLE "Category"')
    line = ddl.index('"id" ', head)
    comma = ddl.index(",\n", line)
    return ddl[:comma] + ' CHECK ("id" <= 10)' + ddl[comma:]


# -- PostgreSQL ------------------------------------------------------------------------------------
def test_postgres_seed_inside_the_callers_transaction_keeps_their_work(pg_url: str, tmp_path: Path) -> None:
    _apply(pg_url, tmp_path)
    with psycopg.connect(pg_url) as raw:
        raw.execute("INSERT INTO audit VALUES ('mine, uncommitted')")
        report = seed(BLOG, raw, ROWS)
        assert report.ok, report
        assert raw.info.transaction_status.name == "INTRANS"  # still the caller's to commit
        assert raw.execute("SELECT note FROM audit").fetchall() == [("mine, uncommitted",)]
        with psycopg.connect(pg_url) as other:  # nothing is visible outside before the caller commits
            assert other.execute('SELECT count(*) FROM "User"').fetchone() == (0,)
        raw.commit()
    with wb.connect(pg_url) as db:
        assert _count(db, "User") == 20 and db.sql("SELECT count(*) FROM audit").rows[0][0] == 1


def test_postgres_failed_seed_inside_the_callers_transaction_rolls_back_to_its_savepoint(
    pg_url: str, tmp_path: Path
) -> None:
    _apply(pg_url, tmp_path)
    with wb.connect(pg_url) as db:
        db.sql(REFUSE_POSTS)
    with psycopg.connect(pg_url) as raw:
        raw.execute("INSERT INTO audit VALUES ('mine, uncommitted')")
        with pytest.raises(SeedError, match=r"while loading `Post`: .*no_posts.*nothing was written"):
            seed(BLOG, raw, ROWS)
        assert raw.info.transaction_status.name == "INTRANS"  # usable, not aborted
        assert raw.execute("SELECT note FROM audit").fetchall() == [("mine, uncommitted",)]
        assert raw.execute('SELECT count(*) FROM "User"').fetchone() == (0,)  # the users went too
        raw.commit()
    with wb.connect(pg_url) as db:
        assert db.sql("SELECT count(*) FROM audit").rows[0][0] == 1


def test_postgres_without_a_transaction_commits_or_leaves_nothing(pg_url: str, tmp_path: Path) -> None:
    _apply(pg_url, tmp_path)
    with wb.connect(pg_url) as db:
        db.sql(REFUSE_POSTS)
        with pytest.raises(SeedError):
            seed(BLOG, db, ROWS)
        assert _count(db, "User") == 0
        db.sql('ALTER TABLE "Post" DROP CONSTRAINT no_posts')
        assert seed(BLOG, db, ROWS).ok
    with psycopg.connect(pg_url) as other:
        assert other.execute('SELECT count(*) FROM "User"').fetchone() == (20,)


# -- DuckDB ----------------------------------------------------------------------------------------
def test_duckdb_refuses_inside_the_callers_transaction_and_keeps_their_work(tmp_path: Path) -> None:
    path = _apply(None, tmp_path)
    raw = duckdb.connect(path)
    raw.execute("BEGIN")
    raw.execute("INSERT INTO audit VALUES ('mine, uncommitted')")
    with pytest.raises(TransactionStateError, match="inside your open DuckDB transaction"):
        seed(BLOG, raw, ROWS)
    assert raw.execute("SELECT note FROM audit").fetchall() == [("mine, uncommitted",)]
    raw.execute("COMMIT")
    assert raw.execute('SELECT count(*) FROM "User"').fetchall() == [(0,)]
    raw.close()


def test_duckdb_failure_reports_the_engines_error_and_leaves_nothing(tmp_path: Path) -> None:
    path = str(tmp_path / "blog.duckdb")
    with wb.connect(path) as db:
        db.apply(_blog_ddl_with_a_small_category("duckdb"))  # DuckDB cannot ALTER TABLE ... ADD CHECK
        with pytest.raises(SeedError) as caught:
            seed(BLOG, db, {**ROWS, "Category": 11})
        message = str(caught.value)
        assert "while loading `Category`" in message and "CHECK constraint failed" in message
        assert "TransactionContext" not in message  # the real error, not the one that used to hide it
        assert _count(db, "User") == 0
    with wb.connect(path) as db:
        assert _count(db, "User") == 0


# -- SQLite ----------------------------------------------------------------------------------------
def test_sqlite_seed_inside_the_callers_transaction_and_after_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "blog.sqlite"
    with wb.connect(f"sqlite:///{path}") as db:
        db.apply(BLOG)
        db.sql("CREATE TABLE audit (note TEXT)")
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("PRAGMA foreign_keys = ON")
    raw.execute("BEGIN")
    raw.execute("INSERT INTO audit VALUES ('mine, uncommitted')")
    raw.execute("CREATE TRIGGER no_posts BEFORE INSERT ON \"Post\" BEGIN SELECT RAISE(ABORT, 'no posts'); END")
    with pytest.raises(SeedError, match="while loading `Post`: no posts"):
        seed(BLOG, raw, ROWS)
    assert raw.in_transaction
    assert raw.execute("SELECT note FROM audit").fetchall() == [("mine, uncommitted",)]
    assert raw.execute('SELECT count(*) FROM "User"').fetchone() == (0,)
    raw.execute("DROP TRIGGER no_posts")
    assert seed(BLOG, raw, ROWS).ok
    assert raw.in_transaction  # the caller commits
    raw.execute("COMMIT")
    raw.close()
    with wb.connect(f"sqlite:///{path}") as db:
        assert _count(db, "User") == 20 and db.sql("SELECT count(*) FROM audit").rows[0][0] == 1
        assert violations(db, build_plan(BLOG.schema, ROWS)) == []


# -- seeding twice ---------------------------------------------------------------------------------
def _url(engine: str, pg_url: str, tmp_path: Path) -> str:
    return {"duckdb": str(tmp_path / "b.duckdb"), "postgres": pg_url, "sqlite": f"sqlite:///{tmp_path}/b.sqlite"}[
        engine
    ]


@pytest.mark.parametrize("engine", ["duckdb", "postgres", "sqlite"])
def test_reseeding_is_refused_and_reset_starts_over_in_the_same_transaction(
    engine: str, pg_url: str, tmp_path: Path
) -> None:
    plan = build_plan(BLOG.schema, ROWS)
    with wb.connect(_url(engine, pg_url, tmp_path)) as db:
        db.apply(_blog_ddl_with_a_small_category(db.dialect))
        assert seed(BLOG, db, ROWS, seed=1).ok
        first = content_hash(db, plan)
        with pytest.raises(UserError, match=r"already holds rows in `User`, `Post`, `Category` and 4 more.*--reset"):
            seed(BLOG, db, ROWS, seed=2)
        assert content_hash(db, plan) == first  # refused before anything changed
        report = seed(BLOG, db, ROWS, seed=2, reset=True)
        assert report.ok and report.rows["User"] == 20
        assert violations(db, plan, {t.name: t.rows for t in plan.tables}) == []
        second = content_hash(db, plan)
        assert second != first
        # a reset whose seeding fails half-way (the 11th category) leaves the previous rows in place
        with pytest.raises(SeedError, match=r"while loading `Category`"):
            seed(BLOG, db, {**ROWS, "Category": 11}, seed=3, reset=True)
        assert content_hash(db, plan) == second
    with wb.connect(None if engine == "duckdb" else _url(engine, pg_url, tmp_path)) as fresh:
        if engine == "duckdb":  # reset gives exactly what a fresh database gets
            fresh.apply(BLOG)
            seed(BLOG, fresh, ROWS, seed=2)
            assert content_hash(fresh, plan) == second


@pytest.mark.parametrize("engine", ["duckdb", "postgres", "sqlite"])
def test_reset_refuses_when_a_table_outside_the_schema_points_at_the_rows(
    engine: str, pg_url: str, tmp_path: Path
) -> None:
    plan = build_plan(BLOG.schema, ROWS)
    with wb.connect(_url(engine, pg_url, tmp_path)) as db:
        db.apply(BLOG)
        seed(BLOG, db, ROWS)
        before = content_hash(db, plan)
        key = "TEXT"
        db.sql(f'CREATE TABLE pin (user_id {key} REFERENCES "User"(id))')
        db.sql('INSERT INTO pin SELECT id FROM "User" LIMIT 1')
        with pytest.raises(UserError, match="reset") as caught:
            seed(BLOG, db, ROWS, seed=9, reset=True)
        assert "nothing was changed" in str(caught.value)
        assert content_hash(db, plan) == before
        assert db.sql("SELECT count(*) FROM pin").rows[0][0] == 1
