"""``workbench monitor`` on real PostgreSQL and DuckDB: the sections, the findings and exit codes,
the Prisma line that removes an index, and that it reads only."""

from __future__ import annotations

import json
import socket
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import duckdb
import psycopg
import pytest

import workbench as wb
from tests.cli_run import ROOT, workbench

BLOG = str(ROOT / "sample_schemas" / "blog.prisma")
SECTIONS = ["workload", "slow_statements", "cache", "connections", "tables", "indexes"]
KEYS = ["engine", "database", "healthy", "findings", *SECTIONS]


@pytest.fixture
def blog_pg(pg_url: str) -> Iterator[str]:
    """The blog schema, seeded, plus an index duplicating the one ``@@index([authorId])`` declares."""
    with wb.connect(pg_url) as db:
        schema = wb.load(BLOG)
        db.apply(schema)
        wb.seed(schema, db, rows=200)
        db.sql('CREATE INDEX "Post_by_author" ON "Post" ("authorId")')
    yield pg_url


def _state(url: str) -> tuple[object, ...]:
    """What a read-only command must leave as it was: the data, the indexes, the extensions."""
    with psycopg.connect(url) as con:
        posts = con.execute("SELECT md5(string_agg(p::text, '|' ORDER BY id)) FROM \"Post\" p").fetchone()
        indexes = con.execute("SELECT array_agg(indexname ORDER BY indexname) FROM pg_indexes").fetchone()
        extensions = con.execute("SELECT array_agg(extname ORDER BY extname) FROM pg_extension").fetchone()
        return posts, indexes, extensions


def test_postgres_without_pg_stat_statements_says_how_and_creates_nothing(blog_pg: str) -> None:
    before = _state(blog_pg)
    # every transaction of the command's session is read-only: any write would fail the command
    read_only = blog_pg + "?options=-c%20default_transaction_read_only%3Don"
    result = workbench("monitor", "--db", read_only, "--schema", BLOG)
    assert result.returncode == 2, result.stderr
    out = result.stdout
    assert "pg_stat_statements is not available" in out
    assert "CREATE EXTENSION pg_stat_statements" in out and "workload: does not apply" in out
    assert "1 duplicate index(es)" in out and "remove `@@index([published, publishedAt])` from model Post" in out
    assert _state(blog_pg) == before  # the extension was not created, no row or index changed
    with psycopg.connect(blog_pg) as con:
        assert con.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'").fetchall() == []


def test_postgres_report_sections_findings_and_prisma_line(blog_pg: str) -> None:
    with psycopg.connect(blog_pg, autocommit=True) as con:
        con.execute("CREATE EXTENSION pg_stat_statements")
        con.execute("SELECT pg_stat_statements_reset()")
        con.execute("SELECT pg_sleep(0.15)")
        for i in range(3):
            con.execute('SELECT count(*) FROM "Post" WHERE "viewCount" > %s', (i,))
    before = _state(blog_pg)
    result = workbench("monitor", "--db", blog_pg, "--schema", BLOG, "--json", "--top", "3", "--slow-ms", "100")
    assert result.returncode == 2, result.stderr
    report = json.loads(result.stdout)
    assert list(report) == KEYS and report["engine"] == "postgres" and report["healthy"] is False
    assert all(report[s]["applies"] for s in SECTIONS)
    assert len(report["workload"]["statements"]) == 3
    slow = report["slow_statements"]["statements"]
    assert [s["query"] for s in slow] == ["SELECT pg_sleep($1)"] and slow[0]["mean_ms"] >= 150
    assert report["connections"]["in_use"] >= 1 and report["connections"]["max_connections"] == 200
    assert 0 <= report["cache"]["ratio"] <= 1
    assert {t["table"] for t in report["tables"]["tables"]} >= {"Post", "User", "Comment"}
    problems = report["indexes"]["problems"]
    duplicate = [p for p in problems if p["problem"] == "duplicate"]
    # the hand-made copy is dropped; the one Prisma declares is kept
    assert [(p["index"], p["duplicate_of"], p["fix"]) for p in duplicate] == [
        ("Post_by_author", "Post_authorId_idx", 'DROP INDEX "Post_by_author";')
    ]
    unused = {p["index"]: p for p in problems if p["problem"] == "unused"}
    prisma = unused["Post_published_publishedAt_idx"]["prisma"]
    assert prisma["line"] == "@@index([published, publishedAt])" and prisma["model"] == "Post"
    assert prisma["location"].startswith(BLOG + ":")
    line = int(prisma["location"].split(":")[-2])
    assert "@@index([published, publishedAt])" in Path(BLOG).read_text().splitlines()[line - 1]
    assert any("slow statements" in f for f in report["findings"])
    assert any("1 duplicate index" in f for f in report["findings"])
    assert _state(blog_pg) == before

    text = workbench("monitor", "--db", blog_pg, "--schema", BLOG, "--top", "3")
    assert text.returncode == 2
    headings = [ln for ln in text.stdout.splitlines() if ln and not ln.startswith(" ") and ln.endswith(":")]
    assert headings == ["workload:", "slow statements:", "cache:", "connections:", "tables:", "indexes:"]
    assert f"from model Post ({BLOG}:" in text.stdout


def test_postgres_healthy_database_exits_0(pg_url: str) -> None:
    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute("CREATE EXTENSION pg_stat_statements")
        con.execute("CREATE TABLE item (id int PRIMARY KEY, name text UNIQUE)")
        con.execute("INSERT INTO item SELECT g, 'n' || g FROM generate_series(1, 100) g")
    with wb.connect(pg_url) as db:
        report = db.monitor()
        assert report.healthy, report.findings
        assert report._repr_html_() == report._repr_html_() and "<table>" in (report._repr_html_() or "")
    result = workbench("monitor", env={"DATABASE_URL": pg_url})  # --db defaults to $DATABASE_URL
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith(f"monitor postgres database {pg_url.rsplit('/', 1)[1]}: healthy")


def _duckdb_blog(path: Path, duplicate: bool) -> str:
    with wb.connect(str(path)) as db:
        schema = wb.load(BLOG)
        db.apply(schema)
        wb.seed(schema, db, rows=100)
        if duplicate:
            db.sql('CREATE INDEX "Post_by_author" ON "Post" ("authorId")')
    return str(path)


def test_duckdb_says_what_does_not_apply_and_finds_duplicates(tmp_path: Path) -> None:
    path = _duckdb_blog(tmp_path / "blog.duckdb", duplicate=True)
    result = workbench("monitor", "--db", path, "--schema", BLOG, "--json")
    assert result.returncode == 2, result.stderr
    report = json.loads(result.stdout)
    assert list(report) == KEYS and report["engine"] == "duckdb"
    for name in ("workload", "slow_statements", "cache", "connections"):
        assert report[name]["applies"] is False and report[name]["note"].startswith("PostgreSQL only")
    assert report["tables"]["applies"] and {"table": "Post", "schema": "main", "rows": 100, "columns": 10} in [
        {k: t[k] for k in ("table", "schema", "rows", "columns")} for t in report["tables"]["tables"]
    ]
    (dup,) = report["indexes"]["problems"]
    assert (dup["index"], dup["duplicate_of"]) == ("Post_by_author", "Post_authorId_idx")
    assert "no index usage counts" in report["indexes"]["note"]
    text = workbench("monitor", "--db", path)
    assert "workload: does not apply" in text.stdout and "1 duplicate index(es)" in text.stdout
    with duckdb.connect(path, read_only=True) as con:
        assert con.execute('SELECT count(*) FROM "Post"').fetchall() == [(100,)]


def test_duckdb_healthy_exits_0(tmp_path: Path) -> None:
    path = _duckdb_blog(tmp_path / "blog.duckdb", duplicate=False)
    result = workbench("monitor", "--db", path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("monitor duckdb database blog: healthy")


def test_errors_are_one_line(tmp_path: Path) -> None:
    missing = workbench("monitor", env={"DATABASE_URL": ""})
    assert missing.returncode == 2 and "no database: give --db URL" in missing.stderr
    sqlite = tmp_path / "x.db"
    sqlite3.connect(sqlite).close()
    result = workbench("monitor", "--db", f"sqlite:///{sqlite}")
    assert result.returncode == 1 and result.stderr.strip().splitlines() == [
        "error: monitor supports PostgreSQL and DuckDB; this database is sqlite"
    ]
    bad = tmp_path / "bad.prisma"
    bad.write_text("model A {\n  id Int @id\n  x Nope\n}\n")
    result = workbench("monitor", "--db", _duckdb_blog(tmp_path / "b.duckdb", False), "--schema", str(bad))
    assert result.returncode == 1 and f"{bad}:3:" in result.stderr and "Traceback" not in result.stderr
    top = workbench("monitor", "--db", "x.duckdb", "--top", "0")
    assert top.returncode == 2 and "expected 1 or more" in top.stderr


@pytest.mark.parametrize("command", ["monitor", "maintain"])
def test_unreachable_or_missing_database_is_one_line_and_masked(command: str, tmp_path: Path) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = workbench(command, "--db", f"postgresql://me:s3cret-canary@127.0.0.1:{port}/db")
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1
    assert "cannot connect to postgresql://me:****@127.0.0.1" in result.stderr
    assert "s3cret-canary" not in result.stdout + result.stderr
    missing = tmp_path / "missing.duckdb"
    result = workbench(command, "--db", str(missing))
    assert result.returncode == 1 and f"no such database file {missing}" in result.stderr
    assert not missing.exists()
