"""Seeding into real PostgreSQL (binary COPY): the server enforces every primary, unique, foreign
key and NOT NULL constraint while loading; the same seed gives the same rows as on DuckDB."""

from __future__ import annotations

import pytest

import workbench as wb
from tests.seed_checks import content_hash, table_rows, violations
from tests.test_seed import SAMPLES, load
from workbench.api import seed
from workbench.seeding import build_plan


@pytest.mark.parametrize("name", SAMPLES)
def test_every_sample_loads_on_postgres_with_constraints_enforced(pg_url: str, name: str) -> None:
    s = load(name)
    with wb.connect(pg_url) as db:
        db.apply(s)
        report = seed(s, db, 200, seed=3)
        assert report.ok, report
        plan = build_plan(s.schema, 200)
        assert violations(db, plan, {t.name: t.rows for t in plan.tables}) == []
        # the server checked the foreign keys itself: they are all there
        fks = db.sql("SELECT count(*) FROM pg_constraint WHERE contype = 'f'").rows[0][0]
        assert fks == sum(len(t.fks) for t in plan.tables)


@pytest.mark.parametrize("name", SAMPLES)
def test_same_rows_on_postgres_and_duckdb(pg_url: str, name: str) -> None:
    s = load(name)
    plan = build_plan(s.schema, 150)
    with wb.connect(pg_url) as pg:
        pg.apply(s)
        seed(s, pg, 150, seed=11)
        pg_hash = content_hash(pg, plan)
        with wb.connect() as duck:
            duck.apply(s)
            seed(s, duck, 150, seed=11)
            duck_hash = content_hash(duck, plan)
            differing = [t for t in pg_hash if pg_hash[t] != duck_hash[t]]
            if differing:  # show the first differing row to make a failure readable
                t = plan.find(differing[0])
                a, b = table_rows(pg, t), table_rows(duck, t)  # type: ignore[arg-type]
                first = next(((x, y) for x, y in zip(a, b, strict=False) if x != y), None)
                pytest.fail(f"tables differ between engines: {differing}; first row pair: {first}")


def test_sequences_and_skew_on_postgres(pg_url: str) -> None:
    s = load("blog")
    with wb.connect(pg_url) as db:
        db.apply(s)
        seed(s, db, {"User": 500, "Post": 10_000, "Category": 30, "*": 50})
        db.sql("INSERT INTO \"Category\" (name) VALUES ('New')")
        assert db.sql("SELECT id FROM \"Category\" WHERE name = 'New'").rows[0][0] == 31
        top = db.sql(
            'SELECT sum(n) FROM (SELECT count(*) n FROM "Post" GROUP BY "authorId" ORDER BY n DESC LIMIT 5) t'
        ).rows[0][0]
        assert top / 10_000 > 0.2  # the top 1% of 500 users own over a fifth of the posts


def test_seed_files_on_postgres(pg_url: str) -> None:
    from tests.test_seed import SEEDS

    s = load("blog")
    with wb.connect(pg_url) as db:
        db.apply(s)
        report = seed(s, db, 30, seed_files=SEEDS / "blog")
        assert report.ok, report
        assert db.sql('SELECT label FROM "Tag" WHERE id = 2').rows[0][0] == "machines, thinking"
        assert violations(db, build_plan(s.schema, 30)) == []


def test_raw_psycopg_connection(pg_url: str) -> None:
    import psycopg

    s = load("saas")
    with wb.connect(pg_url) as db:
        db.apply(s)
    with psycopg.connect(pg_url) as raw:
        report = seed(s, raw, 40)
        assert report.ok and report.dialect == "postgres"
        assert raw.execute('SELECT count(*) FROM "Membership"').fetchone()[0] == 40  # type: ignore[index]


def test_a_seed_analyzes_its_tables_so_the_first_plan_knows_the_rows(pg_url: str) -> None:
    """Without ANALYZE the planner estimates an empty table's rows from its size in pages: the
    first profile after a seed warned about a 911x misestimate (#17). A seed that committed its own
    transaction refreshes the statistics of every table it filled; inside the caller's open
    transaction it leaves that to them."""
    import psycopg

    s = load("blog")
    with wb.connect(pg_url) as db:
        db.apply(s)
        seed(s, db, 300)
        rows = db.sql(
            "SELECT s.relname, c.reltuples::bigint, s.last_analyze IS NOT NULL FROM pg_class c "
            "JOIN pg_stat_user_tables s ON s.relid = c.oid ORDER BY s.relname"
        ).rows
    assert rows and all(analyzed for _, _, analyzed in rows), rows
    assert dict((name, n) for name, n, _ in rows)["User"] == 300
    with psycopg.connect(pg_url) as raw:  # the caller's transaction: no ANALYZE behind their back
        raw.execute('TRUNCATE "User" CASCADE')
        raw.commit()
        raw.execute("SELECT 1")  # a transaction is now open
        seed(s, raw, 10, reset=True)
        assert raw.info.transaction_status == psycopg.pq.TransactionStatus.INTRANS
        raw.rollback()
