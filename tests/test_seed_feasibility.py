"""The feasibility plan (issue #13): every table's row count and the constraint that limits it,
decided and shown before a row is written; ``strict`` refuses what it would clamp; columns of
types the seeder cannot make are left to the database or refused, located at their field; every
scalar and native type seeds the same rows on PostgreSQL, DuckDB and SQLite."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import workbench as wb
from tests.golden import check_golden
from tests.seed_checks import violations
from workbench.api import seed, seed_plan
from workbench.seeding import build_plan
from workbench.seeding.load import qident, qtable
from workbench.seeding.plan import ColumnPlan, TablePlan

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "seed"
FEASIBILITY = DATA / "feasibility.prisma"
# more rows asked than three tables' constraints allow
TIGHT = {"EntityVersion": 10, "EntityPermission": 100, "Conversation": 3, "Viewer": 4, "*": 100}


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workbench", "seed", *args], capture_output=True, text=True, timeout=120, cwd=ROOT
    )


def _relative(text: str) -> str:
    return text.replace(str(ROOT) + "/", "")


def test_the_plan_names_each_limit_and_matches_its_golden_file(update_golden: bool) -> None:
    plan = seed_plan(wb.load(FEASIBILITY), TIGHT)
    check_golden(DATA / "feasibility.plan.txt", _relative(repr(plan)) + "\n", update_golden)
    assert plan.ok
    assert {t.table: (t.asked, t.rows) for t in plan.clamped} == {
        "ConversationParticipant": (100, 12),  # 3 conversations x 4 viewers
        "EntityPermission": (100, 20),  # 10 versions x 2 actions
        "Setting": (100, 2),  # a unique Boolean
    }
    member = next(t for t in plan.tables if t.table == "Member")
    assert (member.rows, member.limit) == (100, 100)  # one member per email account: not clamped, but shown


def test_the_plan_displays_as_html_without_timings() -> None:
    bundle = seed_plan(wb.load(FEASIBILITY), TIGHT)._repr_mimebundle_()
    html = bundle["text/html"]
    assert "<table>" in html and "distinct pairs of `Conversation` x `Viewer`" in html
    assert re.search(r"\d+\.\d+ s\b", bundle["text/plain"]) is None  # deterministic: nothing timed
    assert bundle == seed_plan(wb.load(FEASIBILITY), TIGHT)._repr_mimebundle_()


@pytest.mark.parametrize("engine", ["duckdb", "postgres", "sqlite"])
def test_clamped_counts_are_what_gets_written_and_every_constraint_holds(
    engine: str, pg_url: str, tmp_path: Path
) -> None:
    s = wb.load(FEASIBILITY)
    url = {"duckdb": None, "postgres": pg_url, "sqlite": f"sqlite:///{tmp_path / 'f.db'}"}[engine]
    with wb.connect(url, create=True) as db:
        db.apply(s)
        report = seed(s, db, TIGHT)
        assert report.ok, report
        assert report.plan is not None and report.plan.rows == report.rows
        plan = build_plan(s.schema, TIGHT)
        expected = {t.name: t.rows for t in plan.tables}
        assert violations(db, plan, expected) == []
        assert all(n > 0 for n in expected.values())


@pytest.mark.parametrize("engine", ["duckdb", "postgres"])
def test_strict_refuses_a_plan_that_would_clamp_and_writes_nothing(engine: str, pg_url: str) -> None:
    s = wb.load(FEASIBILITY)
    with wb.connect(pg_url if engine == "postgres" else None) as db:
        db.apply(s)
        report = seed(s, db, TIGHT, strict=True)
        assert not report.ok
        refused = [d for d in report.errors if d.code == "E1109"]
        assert [d.message.split(":")[0] for d in refused] == [
            "`ConversationParticipant`",
            "`EntityPermission`",
            "`Setting`",
        ]
        assert all(d.span is not None and d.span.file.endswith("feasibility.prisma") for d in refused)
        assert "at most 12 possible" in refused[0].message and refused[0].help
        assert db.sql('SELECT count(*) FROM "Viewer"').rows[0][0] == 0  # nothing written
        # the same rows without a clamp are accepted
        ok = seed(s, db, {"Setting": 2, "*": 5}, strict=True)
        assert ok.ok, ok
        assert db.sql('SELECT count(*) FROM "Setting"').rows[0][0] == 2


def test_cli_prints_the_plan_before_seeding_and_strict_exits_1(pg_url: str) -> None:
    rows = "EntityVersion=10,EntityPermission=100,Conversation=3,Viewer=4,*=100"
    done = _cli(str(FEASIBILITY), "--rows", rows)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Seeding plan: 251 rows into 8 tables (517 asked; 3 tables limited by constraints)")
    assert lines[1].split() == ["table", "asked", "rows", "limit", "limited", "by"]
    assert "Seeded 251 rows into 8 tables on duckdb (seed=42)" in lines
    assert lines.index("Seeded 251 rows into 8 tables on duckdb (seed=42)") > 2  # after the plan
    assert "info[I1101]: ConversationParticipant: 100 rows asked, 12 possible" in done.stderr
    assert "Traceback" not in done.stderr

    refused = _cli(str(FEASIBILITY), "--db", pg_url, "--apply", "--rows", rows, "--strict")
    assert refused.returncode == 1
    assert refused.stdout.startswith("Seeding plan refused: 3 error(s) below; nothing will be written")
    assert "feasibility.prisma:33:1: error[E1109]: `ConversationParticipant`: 100 rows asked" in refused.stderr
    assert "Traceback" not in refused.stderr
    with wb.connect(pg_url) as db:  # refused before the database was touched: not even --apply ran
        assert db.sql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").rows[0][0] == 0


def test_cli_plan_alone_never_opens_the_database() -> None:
    started = time.monotonic()
    done = _cli(str(FEASIBILITY), "--plan", "--rows", "50", "--db", "postgresql://u:secret@192.0.2.1:5432/x")
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started < 30  # no connection attempt to an unroutable address
    assert done.stdout.startswith("Seeding plan: ")
    assert "Seeded" not in done.stdout and "secret" not in done.stdout + done.stderr


# -- columns the seeder cannot generate --------------------------------------------------------------
UNSUPPORTED = DATA / "unsupported.prisma"


def test_unsupported_columns_are_left_to_the_database_or_refused_at_their_field(pg_url: str) -> None:
    s = wb.load(UNSUPPORTED)
    plan = seed_plan(s, 10)
    assert not plan.ok
    [error] = [d for d in plan.diagnostics if d.is_error]
    assert (error.code, str(error.span).rsplit("/", 1)[-1]) == ("E1119", "unsupported.prisma:19:3")
    assert '`Note.body` is Unsupported("tsvector"), required and without a default' in error.message
    assert error.help is not None and "Note=0" in error.help
    notes = [(d.code, str(d.span).rsplit("/", 1)[-1]) for d in plan.diagnostics if not d.is_error]
    assert notes == [("W1103", "unsupported.prisma:10:3"), ("W1103", "unsupported.prisma:11:3")]
    with wb.connect(pg_url) as db:
        db.apply(s)
        refused = seed(s, db, 10)
        assert not refused.ok and db.sql('SELECT count(*) FROM "Article"').rows[0][0] == 0
        report = seed(s, db, {"Note": 0, "*": 10})
        assert report.ok, report
        rows = db.sql("SELECT count(*), count(search), count(*) FILTER (WHERE weighted = 'a:1 b:2') FROM \"Article\"")
        assert rows.rows[0] == (10, 0, 10)  # NULL where nullable, the default where there is one


def test_unsupported_columns_on_the_cli_are_located_errors_not_tracebacks(pg_url: str) -> None:
    done = _cli(str(UNSUPPORTED), "--rows", "5", "--db", pg_url, "--apply")
    assert done.returncode == 1
    assert "unsupported.prisma:19:3: error[E1119]" in done.stderr
    assert "Traceback" not in done.stderr
    with wb.connect(pg_url) as db:  # refused before --apply created anything
        assert db.sql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").rows[0][0] == 0
    assert _cli(str(UNSUPPORTED), "--rows", "Note=0,*=5", "--db", pg_url, "--apply").returncode == 0
    # on DuckDB the type is plain text (the PostgreSQL default is not carried over): short text
    duck = _cli(str(UNSUPPORTED), "--rows", "5")
    assert duck.returncode == 0, duck.stderr
    assert '`Note.body` is Unsupported("tsvector"), which is text on duckdb: filled with short text' in duck.stderr


# -- every type, the same rows on every engine ------------------------------------------------------
TYPES = DATA / "types.prisma"


def _canonical(c: ColumnPlan, v: Any, timespec: str = "microseconds") -> Any:
    """One engine-neutral value: the drivers spell the same stored value differently (MONEY as
    "$1.00", lists as JSON text on SQLite, Booleans as 0/1, timestamps with or without a zone).
    ``timespec="milliseconds"`` for SQLite, where Prisma's DateTime holds milliseconds."""
    if v is None:
        return None
    if c.array:
        if isinstance(v, str):
            v = json.loads(v) if v.startswith("[") else [x for x in v.strip("{}").split(",") if x]
        element = ColumnPlan(c.name, c.sql_type, c.base, c.nullable, scale=c.scale)
        return [_canonical(element, x, timespec) for x in v]
    if c.base in ("numeric", "money"):
        return str(Decimal(str(v).replace("$", "").replace(",", "")).normalize())
    if c.base == "bool":
        return bool(v)
    if c.base in ("timestamp", "timestamptz"):
        if isinstance(v, str):
            v = dt.datetime.fromisoformat(v)
        if v.tzinfo is not None:
            v = v.astimezone(dt.UTC).replace(tzinfo=None)
        return v.isoformat(timespec=timespec)
    if c.base in ("time", "timetz"):
        text = v.isoformat() if isinstance(v, dt.time) else str(v)
        return text.split("+")[0]
    if c.base in ("json", "jsonb"):
        return json.dumps(json.loads(v) if isinstance(v, str) else v, sort_keys=True)
    if isinstance(v, (bytes, bytearray, memoryview)):
        return bytes(v).hex()
    if c.base == "float4":  # PostgreSQL prints a REAL's shortest form, DuckDB returns its binary value
        return float(f"{float(v):.6g}")
    if isinstance(v, float):
        return round(v, 9)
    return str(v) if not isinstance(v, int) else v


def _rows(db: Any, t: TablePlan) -> list[tuple[Any, ...]]:
    cols = ", ".join(qident(c.name) for c in t.columns)
    got = db.sql(f'SELECT {cols} FROM {qident(t.name)} ORDER BY "id"').rows
    return [tuple(_canonical(c, v) for c, v in zip(t.columns, r, strict=True)) for r in got]


def test_every_type_seeds_the_same_rows_on_postgres_duckdb_and_sqlite(pg_url: str, tmp_path: Path) -> None:
    s = wb.load(TYPES)
    assert not s.errors
    plan = build_plan(s.schema, 60)
    [t] = plan.tables
    assert "search" in t.skipped and all(c.base != "unknown" for c in t.columns)
    seen = {}
    for engine, url in (("postgres", pg_url), ("duckdb", None), ("sqlite", f"sqlite:///{tmp_path / 't.db'}")):
        with wb.connect(url, create=True) as db:
            if engine == "postgres":
                db.sql("CREATE EXTENSION IF NOT EXISTS citext")
            db.apply(s)
            report = seed(s, db, 60, seed=7)
            assert report.ok, report
            assert violations(db, plan, {"Everything": 60}) == []
            seen[engine] = _rows(db, t)
    differing = {
        (other, c.name)
        for other in ("duckdb", "sqlite")
        for i, c in enumerate(t.columns)
        if [r[i] for r in seen[other]] != [r[i] for r in seen["postgres"]]
    }
    assert differing == set()
    assert any(r[t.columns.index(t.column("roles"))] for r in seen["postgres"])  # enum lists are filled


# -- columns the database generates ----------------------------------------------------------------
GENERATED_DDL = {
    "postgres": 'CREATE TABLE "Message" (id SERIAL PRIMARY KEY, body TEXT NOT NULL, '
    "words INTEGER GENERATED ALWAYS AS (length(body)) STORED, "
    "tsv tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, body)) STORED)",
    "duckdb": 'CREATE TABLE "Message" (id INTEGER PRIMARY KEY, body VARCHAR NOT NULL, '
    "words INTEGER GENERATED ALWAYS AS (length(body)) VIRTUAL, tsv VARCHAR)",
    "sqlite": 'CREATE TABLE "Message" (id INTEGER PRIMARY KEY, body TEXT NOT NULL, '
    "words INTEGER GENERATED ALWAYS AS (length(body)) STORED, tsv TEXT)",
}


@pytest.mark.parametrize("engine", ["postgres", "duckdb", "sqlite"])
def test_columns_the_database_generates_are_left_to_it(engine: str, pg_url: str, tmp_path: Path) -> None:
    """The database was built by the project's migration, not from the schema: `words` is
    GENERATED ALWAYS there, and writing it would make the engine refuse the whole load."""
    s = wb.load(DATA / "generated.prisma")
    url = {
        "duckdb": f"duckdb:///{tmp_path / 'g.duckdb'}",
        "postgres": pg_url,
        "sqlite": f"sqlite:///{tmp_path / 'g.db'}",
    }
    with wb.connect(url[engine], create=True) as db:
        db.sql(GENERATED_DDL[engine])
        report = seed(s, db, 40)
        assert report.ok, report
        notes = [d.message for d in report.diagnostics if d.code == "I1120"]
        # (`tsv`, an Unsupported type, is never written anyway: it is not in the plan)
        assert notes == ["`Message.words` is a generated column in the database: not written, it computes it"]
        same = "sum(CASE WHEN words = length(body) THEN 1 ELSE 0 END)"
        rows = db.sql(f'SELECT count(*), {same} FROM "Message"').rows[0]
        assert tuple(rows) == (40, 40)


@pytest.mark.parametrize("name", ["advanced", "blog", "ecommerce", "library", "saas", "social"])
def test_every_sample_seeds_the_same_rows_on_postgres_duckdb_and_sqlite(name: str, pg_url: str, tmp_path: Path) -> None:
    s = wb.load(ROOT / "sample_schemas" / f"{name}.prisma")
    plan = build_plan(s.schema, 80)
    seen: dict[str, dict[str, list[str]]] = {}
    for engine, url in (("postgres", pg_url), ("duckdb", None), ("sqlite", f"sqlite:///{tmp_path / 's.db'}")):
        with wb.connect(url, create=True) as db:
            db.apply(s)
            assert seed(s, db, 80, seed=13).ok
            # SQLite keeps Prisma's DateTime to the millisecond: compared with PostgreSQL at that precision
            for label, timespec in ((engine, "microseconds"), (f"{engine}-ms", "milliseconds")):
                tables: dict[str, list[str]] = {}
                for t in plan.tables:
                    cols = ", ".join(qident(c.name) for c in t.columns)
                    where = qident(t.name) if engine == "sqlite" else qtable(t)  # SQLite has one namespace
                    got = db.sql(f"SELECT {cols} FROM {where}").rows
                    canonical = [[_canonical(c, v, timespec) for c, v in zip(t.columns, r, strict=True)] for r in got]
                    tables[t.name] = sorted(json.dumps(r, sort_keys=True) for r in canonical)
                seen[label] = tables
    for other, reference in (("duckdb", "postgres"), ("sqlite-ms", "postgres-ms")):
        differing = [t for t in seen[reference] if seen[other][t] != seen[reference][t]]
        assert differing == [], f"{other} differs from {reference} in {differing}"


def test_fewer_rows_than_planned_are_said_after_the_run() -> None:
    """A unique key over part of a composite foreign key (inbox-zero's AutomationJob) can leave no
    room for some rows, found only while drawing the keys: the report says so, table by table."""
    schema = DATA / "composite_fk_unique.prisma"
    report = seed(wb.load(schema), None, 20)
    assert report.ok, report
    got, planned = report.short_of_plan["AutomationJob"]
    assert 0 < got < planned == 20
    assert "fewer rows than planned" in repr(report) and "`AutomationJob`" in repr(report)
    done = _cli(str(schema), "--rows", "20")
    assert done.returncode == 0, done.stderr
    assert f"`AutomationJob` {got:,} of 20" in done.stdout
