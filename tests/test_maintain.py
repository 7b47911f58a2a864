"""``maintain`` / ``workbench maintain`` on real PostgreSQL and DuckDB: what is due is planned, the
dry run lists exactly what a real run then executes (PostgreSQL's own statement log confirms it),
statements that cannot run in a transaction run outside one, timeouts hold, and a caller's open
transaction is never touched."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

import workbench as wb
from tests.cli_run import ROOT, workbench
from workbench.diagnostics import UserError
from workbench.profile.monitor import reset_statements, workload

NO_AUTOVACUUM = "WITH (autovacuum_enabled = false)"  # nothing but the test changes the statistics


def _flush(con: psycopg.Connection) -> None:
    """Publish this backend's pending row counts before the next statement: a VACUUM or ANALYZE
    that ran before them would otherwise see them added afterwards, as if the rows were new."""
    con.execute("SELECT pg_stat_force_next_flush()")


@pytest.fixture
def due(pg_url: str) -> Iterator[str]:
    """A database where each kind of upkeep is due once:

    - ``churned``: a fifth of its rows deleted since its last ANALYZE -> VACUUM and ANALYZE;
    - ``fresh``: rows, never analyzed -> ANALYZE;
    - ``bloated_grp``: an index still sized for 20x the rows left -> REINDEX CONCURRENTLY;
    - ``broken_idx``: an invalid index (as a failed CREATE INDEX CONCURRENTLY leaves) -> REINDEX.
    """
    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute("CREATE EXTENSION pg_stat_statements")
        con.execute(f"CREATE TABLE churned (id int PRIMARY KEY, v int) {NO_AUTOVACUUM}")
        con.execute("INSERT INTO churned SELECT g, g FROM generate_series(1, 10000) g")
        _flush(con)
        con.execute("ANALYZE churned")
        con.execute("DELETE FROM churned WHERE id % 5 = 0")  # a fifth: its index stays under 2x
        con.execute(f"CREATE TABLE fresh (id int PRIMARY KEY) {NO_AUTOVACUUM}")
        con.execute("INSERT INTO fresh SELECT generate_series(1, 1000)")
        con.execute(f"CREATE TABLE bloated (id int, grp int) {NO_AUTOVACUUM}")
        con.execute("INSERT INTO bloated SELECT g, g % 1000 FROM generate_series(1, 100000) g")
        con.execute("CREATE INDEX bloated_grp ON bloated (grp)")
        con.execute("DELETE FROM bloated WHERE id % 20 <> 0")
        _flush(con)
        con.execute("VACUUM ANALYZE bloated")
        con.execute("CREATE INDEX broken_idx ON bloated (id)")
        con.execute("UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'broken_idx'::regclass")
        _flush(con)
    yield pg_url


EXPECTED = [
    'VACUUM "public"."churned"',
    'ANALYZE "public"."churned"',
    'ANALYZE "public"."fresh"',
    'REINDEX INDEX CONCURRENTLY "public"."bloated_grp"',
    'REINDEX INDEX CONCURRENTLY "public"."broken_idx"',
]


def test_dry_run_lists_exactly_what_the_run_executes(due: str) -> None:
    with wb.connect(due) as db:
        plan = db.maintain(dry_run=True)
        assert plan.statements == EXPECTED and plan.executed == []
        assert [s.kind for s in plan.steps] == ["vacuum", "analyze", "analyze", "reindex", "reindex"]
        assert db.maintain(dry_run=True).statements == EXPECTED  # a dry run changed nothing
        reset_statements(db)
        report = db.maintain()
        assert report.executed == plan.statements
        # PostgreSQL's own log of what ran on this database since the reset: those statements, once each
        ran = {s.query: s.calls for s in workload(db, top=100).statements}
        assert ran == dict.fromkeys(EXPECTED, 1)
        with psycopg.connect(due) as con:
            assert con.execute("SELECT indisvalid FROM pg_index WHERE indexrelid = 'broken_idx'::regclass").fetchone()
            assert con.execute("SELECT pg_relation_size('bloated_grp')").fetchone()[0] < 200_000
        deadline = time.monotonic() + 10  # the maintenance connection's statistics arrive asynchronously
        while (after := db.maintain(dry_run=True)).statements and time.monotonic() < deadline:
            time.sleep(0.1)
        assert after.statements == [] and repr(after).endswith("nothing is due")


def test_kinds_can_be_chosen_and_html_is_deterministic(due: str) -> None:
    with wb.connect(due) as db:
        assert db.maintain(dry_run=True, vacuum=False, reindex=False).statements == EXPECTED[1:3]
        plan = db.maintain(dry_run=True, analyze=False, vacuum=False)
        assert plan.statements == EXPECTED[3:]
        first, second = plan._repr_html_(), db.maintain(dry_run=True, analyze=False, vacuum=False)._repr_html_()
        assert first == second and "<table>" in (first or "") and "REINDEX INDEX CONCURRENTLY" in (first or "")
        text = repr(plan)
        assert "would run 2 statements" in text and "lock_timeout = 5s, statement_timeout = 1h" in text
        assert "public.broken_idx" in text and "invalid" in text


def test_refuses_the_callers_open_transaction_and_leaves_it_open(due: str) -> None:
    with wb.connect(due) as db:
        db.raw.execute("INSERT INTO fresh VALUES (5000)")  # the caller's transaction, uncommitted
        with pytest.raises(UserError, match="transaction open: commit or roll it back first"):
            db.maintain()
        assert db.raw.info.transaction_status == psycopg.pq.TransactionStatus.INTRANS
        assert db.raw.execute("SELECT count(*) FROM fresh WHERE id = 5000").fetchone() == (1,)
        db.raw.rollback()


def test_timeouts_must_be_durations(due: str) -> None:
    with wb.connect(due) as db, pytest.raises(UserError, match="lock_timeout `5s -c x=1` is not a duration"):
        db.maintain(lock_timeout="5s -c x=1")
    result = workbench("maintain", "--db", due, "--statement-timeout", "soon")
    assert result.returncode == 1 and result.stderr.startswith("error: statement_timeout `soon` is not a duration")


def test_lock_timeout_stops_a_statement_that_would_queue(due: str) -> None:
    with psycopg.connect(due) as holder, wb.connect(due) as db:
        holder.execute("LOCK TABLE fresh IN ACCESS EXCLUSIVE MODE")  # held until the end of this block
        started = time.monotonic()
        with pytest.raises(UserError) as caught:
            db.maintain(vacuum=False, reindex=False, lock_timeout="300ms")
        assert time.monotonic() - started < 5
        message = str(caught.value)
        assert 'maintenance stopped at `ANALYZE "public"."fresh"`' in message
        assert "lock timeout" in message and "1 of 2 statements ran before it" in message
        holder.rollback()


def test_cli_dry_run_then_run_on_postgres(due: str) -> None:
    dry = workbench("maintain", "--db", due, "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    listed = [s["statement"] for s in json.loads(dry.stdout)["statements"]]
    assert listed == EXPECTED
    text = workbench("maintain", "--db", due, "--analyze", "--dry-run")
    assert text.returncode == 0 and "would run 2 statements" in text.stdout
    assert 'ANALYZE "public"."fresh"' in text.stdout and "VACUUM" not in text.stdout
    run = workbench("maintain", "--db", due, "--json")
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["executed"] == listed and report["dry_run"] is False


def test_duckdb_analyze_and_checkpoint(tmp_path: Path) -> None:
    path = str(tmp_path / "app.duckdb")
    with wb.connect(path) as db:
        db.sql("CREATE TABLE t AS SELECT range AS id FROM range(1000)")
        plan = db.maintain(dry_run=True)
        assert plan.statements == ["ANALYZE", "CHECKPOINT"] and plan.executed == []
        assert plan.notes == ("DuckDB's ART indexes need no upkeep: there is nothing to reindex",)
        assert db.maintain().executed == plan.statements
        db.raw.execute("BEGIN")
        with pytest.raises(UserError, match="transaction open"):
            db.maintain()
        db.raw.execute("ROLLBACK")
    result = workbench("maintain", "--db", path, "--reindex", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["statements"] == [] and report["notes"] and report["engine"] == "duckdb"
    dry = workbench("maintain", "--db", path, "--dry-run")
    assert "would run 2 statements" in dry.stdout and "CHECKPOINT" in dry.stdout


def test_nothing_is_stale_right_after_a_seed(pg_url: str) -> None:
    """wb.seed analyzes what it loaded; its row counts must reach the statistics before that ANALYZE."""
    with wb.connect(pg_url) as db:
        blog = wb.load(str(ROOT / "sample_schemas" / "blog.prisma"))
        db.apply(blog)
        wb.seed(blog, db, rows=100)
        assert db.maintain(dry_run=True, vacuum=False, reindex=False).statements == []
        live = db.sql("SELECT n_live_tup, n_mod_since_analyze FROM pg_stat_user_tables WHERE relname = 'Post'")
        assert live.rows == ((100, 0),)
