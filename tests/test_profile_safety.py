"""Profiling is safe by construction (issue 12, items 1-2): hostile statements never leave a trace.

Every statement below goes through ``db.profile`` and the ``workbench profile`` CLI on a DuckDB
file database and on the real PostgreSQL server. After each one the catalog, every table's rows,
the sessions' state and the files on disk are compared with a snapshot taken before: they must
be identical. What the rule refuses must be refused with a one-line reason (exit 1, no traceback);
what it allows (DML, transactional DDL) must run and be rolled back.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import psycopg
import pytest

import workbench as wb
from tests import pgcatalog
from workbench.cli.main import main as cli_main
from workbench.db.transaction import TransactionStateError
from workbench.profile.safety import UnsafeQueryError, check, classify, is_read_only

R = "refused"  # workbench must refuse it before anything runs
W = "rolled back"  # it must run (exit 0) and leave nothing behind
A = "any"  # refused, rejected by the engine or rolled back, depending on the engine: only the state checks matter

# Statements hostile on both engines ({dir}: a scratch folder the server may write to).
BOTH: list[tuple[str, str]] = [
    ("TRUNCATE t", W),
    ("DROP TABLE t CASCADE", W),
    ("DROP INDEX t_b_idx", W),
    ("DROP SCHEMA other CASCADE", W),
    ("DROP VIEW v", W),
    ("DROP SEQUENCE s", W),
    ("ALTER TABLE t ADD COLUMN z INTEGER", W),
    ("ALTER TABLE u DROP COLUMN b", W),
    ("ALTER TABLE u RENAME TO u2", W),
    ("CREATE TABLE n (a INTEGER)", W),
    ("CREATE INDEX n_idx ON t (a, b)", W),
    ("CREATE VIEW v2 AS SELECT * FROM t", W),
    ("CREATE SEQUENCE s2", W),
    ("CREATE SCHEMA s3", W),
    ("CREATE TABLE t4 AS SELECT * FROM t", W),
    ("INSERT INTO t VALUES (100, 'new')", W),
    ("UPDATE t SET b = 'changed'", W),
    ("DELETE FROM t", W),
    ("MERGE INTO t USING u ON t.a = u.a WHEN MATCHED THEN DELETE", W),
    ("CREATE INDEX CONCURRENTLY c_idx ON t (b)", R),
    ("select 1; drop table u", W),
    ("select 1; drop table t", A),  # PostgreSQL: view v depends on t
    ("select 1; delete from t", W),
    ("(select 1); delete from t", W),
    ("delete from t; commit", R),
    ("select 1; commit; drop table t", R),
    ("begin; delete from t; commit", R),
    ("start transaction; delete from t", R),
    ("rollback; delete from t", R),
    ("savepoint sp; delete from t; release savepoint sp", R),
    ("delete from t; rollback", R),
    ("WITH d AS (DELETE FROM t RETURNING *) SELECT count(*) FROM d", W),
    ("EXPLAIN ANALYZE DELETE FROM t", W),
    ("EXPLAIN ANALYZE UPDATE t SET b = 'x'", W),
    ("COPY t TO '{dir}/out.csv'", R),
    ("COPY (SELECT * FROM t) TO '{dir}/query.csv'", R),
    ("COPY t FROM '{dir}/in.csv'", R),
    ("VACUUM t", R),
    ("ANALYZE t", R),
    ("ANALYZE", R),
    ("CHECKPOINT", R),
    ("RESET ALL", R),
    ("select nextval('s')", R),
    ("select 1 from t where a = nextval('s')", R),
    ("PREPARE q AS DELETE FROM t", R),
    ("EXECUTE q", R),
    ("DEALLOCATE ALL", R),
    ("CALL wipe()", R),
    ("select 1 /* ; */; drop table u", W),
    ("select 1 /* ; */; commit; drop table t", R),
    ("-- x \n drop table u", W),
    ("-- x \n commit", R),
    ("select 1 /* /* */ ; commit; drop table t; /* */", R),
    ("select 'a;b' ; commit; drop table t", R),
    ("select $$ ; commit; drop table t; $$", W),
    ("select $x$ ; $$ ; commit; $x$; delete from t", W),
    ("selec 1; drop table t", R),
    ("drop table t; selec 1", R),
    ("", R),
    ("-- only a comment", R),
    ("GRANT SELECT ON t TO PUBLIC", R),
    ("LOCK TABLE t", R),
]

POSTGRES: list[tuple[str, str]] = [
    ("DROP TYPE mood", W),
    ("COPY t TO PROGRAM 'touch {marker}'", R),
    ("COPY (SELECT 1) TO PROGRAM 'touch {marker}'", R),
    ("SET work_mem = '64kB'", R),
    ("SET SESSION AUTHORIZATION DEFAULT", R),
    ("SET ROLE NONE", R),
    ("SET LOCAL work_mem = '64kB'; select 1", R),
    ("select set_config('work_mem', '64kB', false)", R),
    ("select setval('s', 100)", R),
    ("select pg_catalog.setval('s', 100)", R),
    ("select bump()", A),  # a user function calling nextval: the READ ONLY transaction refuses it
    ("select pg_advisory_lock(42)", R),
    ("select pg_try_advisory_lock(43)", R),
    ('select U&"pg\\005fadvisory\\005flock"(44)', R),
    ("select lo_import('/etc/hostname')", R),
    ("select lo_export(lo_from_bytea(0, 'x'), '{dir}/lo.txt')", R),
    ("select pg_terminate_backend(pg_backend_pid())", R),
    ("select pg_reload_conf()", R),
    ("select query_to_xml('delete from t returning a', true, false, '')", R),
    ("DO $$ BEGIN DELETE FROM t; END $$", R),
    ("do $body$ begin delete from t; commit; end $body$", R),
    ("LISTEN ch", R),
    ("NOTIFY ch, 'x'", R),
    ("select pg_notify('ch', 'x')", R),
    ("DISCARD ALL", R),
    ("CREATE DATABASE profile_hostile_db", R),
    ("CREATE ROLE profile_hostile_role", R),
    ("ALTER SYSTEM SET work_mem = '1MB'", R),
    ("CLUSTER t USING t_pkey", R),
    ("REINDEX TABLE t", R),
    ("DROP INDEX CONCURRENTLY t_b_idx", R),
    ("CREATE EXTENSION IF NOT EXISTS pg_trgm", R),
    ("ALTER SEQUENCE s RESTART WITH 1000", R),
    ("CREATE TYPE mood2 AS ENUM ('a')", W),
    ("SELECT * FROM t FOR UPDATE", W),
    ("SELECT * INTO t5 FROM t", W),
    ("DECLARE c CURSOR WITH HOLD FOR SELECT * FROM t", R),
    ("select E'\\'; commit; drop table t; --'", W),  # one escape string: a read
    ("select $$;$$; commit", R),
    ("EXPLAIN (ANALYZE, BUFFERS) DELETE FROM t", W),
    ("COMMENT ON TABLE t IS 'changed'", W),
]

DUCKDB: list[tuple[str, str]] = [
    ("DROP TYPE mood", W),
    ("CREATE TYPE mood2 AS ENUM ('a')", W),
    ("CREATE MACRO m2(x) AS x + 1", W),
    ("DROP MACRO twice", W),
    ("ATTACH '{dir}/new.duckdb' AS n2", R),
    ("ATTACH ':memory:' AS n3", R),
    ("DETACH n2", R),
    ("USE other", R),
    ("INSTALL httpfs", R),
    ("FORCE INSTALL httpfs", R),
    ("LOAD httpfs", R),
    ("UPDATE EXTENSIONS", R),
    ("PRAGMA threads = 1", R),
    ("PRAGMA enable_profiling", R),
    ("SET threads = 1", R),
    ("SET VARIABLE x = 1", R),
    ("RESET threads", R),
    ("EXPORT DATABASE '{dir}/export'", R),
    ("IMPORT DATABASE '{import}'", R),
    ("CREATE SECRET sec (TYPE s3, KEY_ID 'k', SECRET 'v')", R),
    ("CREATE PERSISTENT SECRET psec (TYPE s3, KEY_ID 'k', SECRET 'v')", R),
    ("CALL checkpoint()", R),
    ("CALL force_checkpoint()", R),
    ("select * from checkpoint()", R),
    ("select setseed(0.5)", R),
    ("select * from query('delete from t returning a')", R),
    ("COPY t TO '{dir}/out.parquet' (FORMAT parquet)", R),
    ("COPY FROM DATABASE x TO memory", R),
    ("select $$;$$; commit", R),
    ("COMMENT ON TABLE t IS 'changed'", W),
    ("SUMMARIZE t", R),
    ("SELECT * INTO t5 FROM t", A),
]


def _fill(sql: str, scratch: Path, marker: Path, import_dir: Path | None = None) -> str:
    return sql.replace("{dir}", str(scratch)).replace("{marker}", str(marker)).replace("{import}", str(import_dir))


def files_under(*roots: Path) -> dict[str, tuple[int, int]]:
    out = {}
    for root in roots:
        for p in sorted(root.rglob("*")):
            if p.is_file():
                st = p.stat()
                out[str(p)] = (st.st_size, st.st_mtime_ns)
            else:
                out[str(p)] = (-1, -1)
    return out


@pytest.fixture
def scratch() -> Iterator[Path]:
    """A folder the PostgreSQL server (another OS user) could write into, if anything let it."""
    path = Path(tempfile.mkdtemp(prefix="wb_profile_safety_"))
    path.chmod(0o777)
    (path / "in.csv").write_text("7,seven\n")
    (path / "in.csv").chmod(0o644)
    yield path
    shutil.rmtree(path, ignore_errors=True)


# --- PostgreSQL ------------------------------------------------------------------------------------
PG_SETUP = """
CREATE SCHEMA other;
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE SEQUENCE s;
SELECT nextval('s');
CREATE TABLE t (a integer PRIMARY KEY, b text);
CREATE TABLE u (a integer PRIMARY KEY, b text);
INSERT INTO t VALUES (1, 'one'), (2, 'two'), (3, 'three');
INSERT INTO u VALUES (2, 'deux'), (4, 'quatre');
CREATE INDEX t_b_idx ON t (b);
CREATE VIEW v AS SELECT * FROM t;
CREATE TABLE other.w (x integer);
INSERT INTO other.w VALUES (42);
CREATE PROCEDURE wipe() LANGUAGE plpgsql AS $$ BEGIN DELETE FROM t; COMMIT; END $$;
CREATE FUNCTION bump() RETURNS bigint LANGUAGE sql AS $$ SELECT nextval('s') $$;
"""


def pg_state(url: str) -> dict[str, Any]:
    """Catalog (tests/pgcatalog plus views, types, routines, sequence positions, large objects,
    manual VACUUM/ANALYZE counts), every user table's rows, and server-wide objects a statement
    could create (databases, roles)."""
    state: dict[str, Any] = {"catalog": pgcatalog.dump(url)}
    user_ns = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_t%'"
    with psycopg.connect(url, autocommit=True) as con:

        def rows(sql: str) -> list[tuple[Any, ...]]:
            return [tuple(r) for r in con.execute(sql).fetchall()]

        state["relations"] = rows(
            f"SELECT n.nspname, c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            f" WHERE {user_ns} ORDER BY 1, 2"
        )
        state["views"] = rows("SELECT viewname, definition FROM pg_views WHERE schemaname = 'public' ORDER BY 1")
        state["types"] = rows(
            f"SELECT n.nspname, t.typname, t.typtype FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
            f" WHERE {user_ns} ORDER BY 1, 2"
        )
        state["routines"] = rows(
            f"SELECT p.proname, p.prokind, p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
            f" WHERE {user_ns} ORDER BY 1"
        )
        sequences = rows(
            f"SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            f" WHERE c.relkind = 'S' AND {user_ns} ORDER BY 1, 2"
        )
        state["sequence_positions"] = [
            (s, n, rows(f'SELECT last_value, is_called FROM "{s}"."{n}"')) for s, n in sequences
        ]
        state["large_objects"] = rows("SELECT count(*) FROM pg_largeobject_metadata")
        state["maintenance"] = rows("SELECT relname, vacuum_count, analyze_count FROM pg_stat_user_tables ORDER BY 1")
        state["server"] = rows(
            "SELECT 'db', datname FROM pg_database WHERE datname = 'profile_hostile_db'"
            " UNION ALL SELECT 'role', rolname FROM pg_roles WHERE rolname = 'profile_hostile_role'"
        )
        state["data"] = {
            f"{s}.{n}": sorted(rows(f'SELECT * FROM "{s}"."{n}"'), key=repr)
            for s, n in rows(
                f"SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                f" WHERE c.relkind = 'r' AND {user_ns} ORDER BY 1, 2"
            )
        }
    return state


def pg_session(raw: psycopg.Connection[Any]) -> dict[str, Any]:
    """What a statement could change in the profiling session itself (then back to idle)."""
    state = {
        "settings": raw.execute("SELECT name, setting FROM pg_settings ORDER BY 1").fetchall(),
        "who": raw.execute("SELECT current_user, session_user").fetchall(),
        "listening": raw.execute("SELECT * FROM pg_listening_channels()").fetchall(),
        "prepared": raw.execute(
            "SELECT name, statement FROM pg_prepared_statements WHERE name NOT LIKE '\\_pg3\\_%' ORDER BY 1"
        ).fetchall(),
        "cursors": raw.execute("SELECT name FROM pg_cursors ORDER BY 1").fetchall(),
        "advisory_locks": raw.execute(
            "SELECT objid FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() ORDER BY 1"
        ).fetchall(),
    }
    raw.rollback()
    return state


@pytest.fixture
def pg_db(pg_url: str) -> str:
    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute(PG_SETUP)
    return pg_url


def _pg_cases(scratch: Path) -> list[tuple[str, str]]:
    marker = scratch / "marker"
    return [(_fill(sql, scratch, marker), expect) for sql, expect in BOTH + POSTGRES]


def test_hostile_list_is_long_enough() -> None:
    assert len(BOTH) + len(POSTGRES) >= 30 and len(BOTH) + len(DUCKDB) >= 30


def test_postgres_api_hostile_statements_change_nothing(pg_db: str, scratch: Path) -> None:
    before = pg_state(pg_db)
    files = files_under(scratch)
    db = wb.connect(pg_db)
    session = pg_session(db.raw)
    problems = []
    for sql, expect in _pg_cases(scratch):
        problems += _outcome_problems(sql, expect, _api_outcome(db, sql))
        if pg_state(pg_db) != before:
            problems.append(f"{sql!r} changed the database")
        if pg_session(db.raw) != session:
            problems.append(f"{sql!r} changed the session")
        if files_under(scratch) != files:
            problems.append(f"{sql!r} wrote a file")
        if db.raw.info.transaction_status.name != "IDLE":
            problems.append(f"{sql!r} left a transaction open")
    db.close()
    assert not problems, "\n".join(problems)


def test_postgres_cli_hostile_statements_change_nothing(
    pg_db: str, scratch: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = pg_state(pg_db)
    files = files_under(scratch)
    problems = []
    for sql, expect in _pg_cases(scratch):
        rc = cli_main(["profile", "--db", pg_db, "--query", sql, "--runs", "1", "--warmup", "1"])
        problems += _cli_problems(sql, expect, rc, capsys.readouterr())
        if pg_state(pg_db) != before:
            problems.append(f"{sql!r} changed the database")
        if files_under(scratch) != files:
            problems.append(f"{sql!r} wrote a file")
    assert not problems, "\n".join(problems)


# --- DuckDB ----------------------------------------------------------------------------------------
DUCK_SETUP = """
CREATE SCHEMA other;
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE SEQUENCE s;
SELECT nextval('s');
CREATE TABLE t (a INTEGER PRIMARY KEY, b VARCHAR);
CREATE TABLE u (a INTEGER PRIMARY KEY, b VARCHAR);
INSERT INTO t VALUES (1, 'one'), (2, 'two'), (3, 'three');
INSERT INTO u VALUES (2, 'deux'), (4, 'quatre');
CREATE INDEX t_b_idx ON t (b);
CREATE VIEW v AS SELECT * FROM t;
CREATE TABLE other.w (x INTEGER);
INSERT INTO other.w VALUES (42);
CREATE MACRO twice(x) AS x * 2;
CHECKPOINT;
"""


def duck_state(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Catalog, rows of every table, sequence positions, and the session (settings, secrets, ...)."""

    def rows(sql: str) -> list[tuple[Any, ...]]:
        return sorted((tuple(r) for r in con.execute(sql).fetchall()), key=repr)

    state: dict[str, Any] = {
        "databases": rows("SELECT database_name, path, type FROM duckdb_databases()"),
        "schemas": rows("SELECT database_name, schema_name FROM duckdb_schemas()"),
        "tables": rows("SELECT database_name, schema_name, table_name, sql FROM duckdb_tables()"),
        "columns": rows("SELECT table_name, column_name, data_type, is_nullable FROM duckdb_columns()"),
        "indexes": rows("SELECT index_name, table_name, sql FROM duckdb_indexes()"),
        "views": rows("SELECT view_name, sql FROM duckdb_views() WHERE NOT internal"),
        "types": rows("SELECT schema_name, type_name, logical_type FROM duckdb_types() WHERE NOT internal"),
        "sequences": rows("SELECT sequence_name, last_value FROM duckdb_sequences()"),
        "macros": rows("SELECT function_name, macro_definition FROM duckdb_functions() WHERE NOT internal"),
        "comments": rows("SELECT table_name, comment FROM duckdb_tables()"),
        "settings": rows("SELECT name, value FROM duckdb_settings()"),
        "variables": rows("SELECT name, value FROM duckdb_variables()"),
        "secrets": rows("SELECT name, persistent FROM duckdb_secrets()"),
        "extensions": rows("SELECT extension_name, loaded, installed FROM duckdb_extensions()"),
        "current": rows("SELECT current_database(), current_schema()"),
    }
    state["data"] = {
        f"{s}.{t}": rows(f'SELECT * FROM "{d}"."{s}"."{t}"')
        for d, s, t, _ in state["tables"]
        if d not in ("system", "temp")
    }
    return state


@pytest.fixture
def duck_db(tmp_path: Path) -> Iterator[tuple[str, Path, Path]]:
    """(url, folder of the database, an EXPORT DATABASE folder for IMPORT DATABASE)."""
    folder = tmp_path / "db"
    folder.mkdir()
    path = folder / "x.duckdb"
    con = duckdb.connect(str(path))
    con.execute(DUCK_SETUP)
    con.close()
    export = tmp_path / "importable"
    other = duckdb.connect()
    other.execute("CREATE TABLE imported AS SELECT 1 AS a")
    other.execute(f"EXPORT DATABASE '{export}'")
    other.close()
    yield f"duckdb:///{path}", folder, export


def _duck_cases(scratch: Path, import_dir: Path) -> list[tuple[str, str]]:
    marker = scratch / "marker"
    return [(_fill(sql, scratch, marker, import_dir), expect) for sql, expect in BOTH + DUCKDB]


def test_duckdb_api_hostile_statements_change_nothing(duck_db: tuple[str, Path, Path], scratch: Path) -> None:
    url, folder, import_dir = duck_db
    db = wb.connect(url)
    before = duck_state(db.raw)
    files = files_under(folder, scratch, import_dir)
    problems = []
    for sql, expect in _duck_cases(scratch, import_dir):
        problems += _outcome_problems(sql, expect, _api_outcome(db, sql))
        if duck_state(db.raw) != before:
            problems.append(f"{sql!r} changed the database or the session")
        if files_under(folder, scratch, import_dir) != files:
            problems.append(f"{sql!r} wrote a file")
    db.close()
    assert not problems, "\n".join(problems)


def test_duckdb_cli_hostile_statements_change_nothing(
    duck_db: tuple[str, Path, Path], scratch: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, folder, import_dir = duck_db
    files = files_under(folder, scratch, import_dir)
    watcher = duckdb.connect(url.removeprefix("duckdb:///"))  # the same database instance as the CLI's
    before = duck_state(watcher)
    problems = []
    for sql, expect in _duck_cases(scratch, import_dir):
        rc = cli_main(["profile", "--db", url, "--query", sql, "--runs", "1", "--warmup", "1"])
        problems += _cli_problems(sql, expect, rc, capsys.readouterr())
        if duck_state(watcher) != before:
            problems.append(f"{sql!r} changed the database")
        if files_under(folder, scratch, import_dir) != files:
            problems.append(f"{sql!r} wrote a file")
    watcher.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("engine", ["duckdb", "postgres"])
def test_cli_process_refuses_commit_and_copy_to_program(
    engine: str, request: pytest.FixtureRequest, scratch: Path
) -> None:
    """The real ``workbench profile`` process: one ``error:`` line, exit 1, database and disk unchanged."""
    url = request.getfixturevalue("pg_db") if engine == "postgres" else request.getfixturevalue("duck_db")[0]

    def state() -> dict[str, Any]:
        if engine == "postgres":
            return pg_state(url)
        with duckdb.connect(url.removeprefix("duckdb:///")) as con:
            return duck_state(con)

    before = state()
    marker = scratch / "marker"
    for sql in ("delete from t; commit", "select 1; commit; drop table t", f"COPY t TO PROGRAM 'touch {marker}'"):
        done = subprocess.run(
            [sys.executable, "-m", "workbench", "profile", "--db", url, "--query", sql],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
        )
        assert done.returncode == 1, done.stderr
        assert done.stderr.startswith("error: cannot profile ") and done.stderr.count("\n") == 1, done.stderr
        assert not marker.exists()
    assert state() == before


def _api_outcome(db: Any, sql: str) -> str:
    try:
        db.profile(sql, runs=1, warmup=1)
    except UnsafeQueryError as exc:
        assert "\n" not in str(exc)
        return R
    except Exception as exc:  # the engine rejected it
        return f"engine error: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
    return W


def _outcome_problems(sql: str, expect: str, outcome: str) -> list[str]:
    return [] if expect in (A, outcome) else [f"{sql!r}: expected {expect}, got {outcome}"]


def _cli_problems(sql: str, expect: str, rc: int, captured: Any) -> list[str]:
    err = captured.err
    if "Traceback" in err or "Traceback" in captured.out:
        return [f"{sql!r}: traceback {err}"]
    if expect == W or (expect == A and rc == 0):
        return [] if rc == 0 else [f"{sql!r}: expected exit 0, got {rc}: {err.strip()}"]
    if rc != 1 or not err.startswith("error: ") or err.count("\n") != 1:
        return [f"{sql!r}: expected one error line and exit 1, got {rc}: {err!r}"]
    refused = err.startswith(("error: cannot profile ", "error: nothing to profile"))
    return [f"{sql!r}: expected a refusal, got {err.strip()}"] if expect == R and not refused else []


# --- the classifier on its own ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("sql", "dialect", "effects"),
    [
        ("SELECT * FROM t WHERE a = 1", "postgres", ["read"]),
        ("WITH x AS (SELECT 1) SELECT * FROM x", "duckdb", ["read"]),
        ("VALUES (1), (2)", "postgres", ["read"]),
        ("TABLE t", "postgres", ["read"]),
        ("FROM t", "duckdb", ["read"]),
        ("(SELECT 1) UNION ALL (SELECT 2)", "duckdb", ["read"]),
        ("EXPLAIN SELECT 1", "postgres", ["read"]),
        ("EXPLAIN (ANALYZE, FORMAT JSON) SELECT 1", "postgres", ["read"]),
        ("explain analyze delete from t", "duckdb", ["write"]),
        ("select 'a; drop table t'", "postgres", ["read"]),
        ("select $$ ; drop table t $$", "postgres", ["read"]),
        ("select 1 -- ; drop table t", "postgres", ["read"]),
        ("select 1; select 2;", "postgres", ["read", "read"]),
        ("WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d", "postgres", ["write"]),
        ("SELECT * FROM t FOR UPDATE", "postgres", ["write"]),
        ("select 1; commit", "duckdb", ["read", "refused"]),
        ("start transaction", "postgres", ["refused"]),
        ("listen x", "postgres", ["refused"]),
        ("checkpoint", "duckdb", ["refused"]),
    ],
)
def test_classify(sql: str, dialect: str, effects: list[str]) -> None:
    assert [s.effect for s in classify(sql, dialect)] == effects


def test_refusal_is_one_located_line_with_a_reason() -> None:
    with pytest.raises(UnsafeQueryError) as info:
        check("select 1;\n  delete from t; commit", "postgres")
    msg = str(info.value)
    assert msg.startswith("cannot profile COMMIT (statement 3 of 3, at 2:18): it would end or split the transaction")
    assert "\n" not in msg and "profile the statements without it" in msg
    assert info.value._render_traceback_() == [f"UnsafeQueryError: {msg}"]  # a notebook shows this, no traceback
    with pytest.raises(UnsafeQueryError, match=r"calls nextval\(\), which moves a sequence"):
        check("SELECT nextval('s')", "postgres")
    with pytest.raises(UnsafeQueryError, match="cannot parse"):
        check("selec 1", "duckdb")
    with pytest.raises(UnsafeQueryError, match="single statement"):
        check("select %s; select 2", "postgres", params=True)


def test_explain_is_profiled_as_the_statement_inside() -> None:
    (s,) = check("EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM t WHERE a = %s", "postgres", params=True)
    assert s.is_read and s.run == "SELECT * FROM t WHERE a = %s" and s.explainable
    assert is_read_only("explain select 1", "duckdb") and not is_read_only("explain analyze delete from t", "duckdb")


def test_reads_still_profile_normally(pg_db: str) -> None:
    db = wb.connect(pg_db)
    for sql, rows in [
        ("SELECT * FROM t WHERE a > 1", 2),
        ("WITH x AS (SELECT a FROM t) SELECT * FROM x", 3),
        ("VALUES (1), (2)", 2),
        ("TABLE t", 3),
        ("EXPLAIN SELECT * FROM t", 3),
        ("select $$a;b$$ AS s", 1),
        ("SELECT * FROM t WHERE a = %s", 1),
    ]:
        p = db.profile(sql, params=(2,) if "%s" in sql else None, runs=1, warmup=0)
        assert (p.rows, p.dml) == (rows, False), sql
        assert p.plan.find(kind="scan") or sql.startswith(("VALUES", "select $$")), sql
    db.close()


def test_what_if_index_and_ddl_timings(pg_db: str, tmp_path: Path) -> None:
    """Several statements: the plan is the last one's; the earlier ones ran first in the same rolled-back run."""
    db = wb.connect(pg_db)
    p = db.profile("CREATE INDEX t_a_b ON t (b, a); SELECT a FROM t WHERE b = 'two'", runs=2, warmup=1)
    assert p.dml and p.statements == 2 and p.rows == 1 and "2 statements (rolled back)" in repr(p)
    ddl = db.profile("ALTER TABLE t ADD COLUMN z integer", runs=2, warmup=1)
    assert ddl.plan.facts["note"] == "PostgreSQL shows no plan for ALTER TABLE: wall times only"
    assert "z" not in [r[0] for r in db.sql("SELECT column_name FROM information_schema.columns").rows]
    db.close()
    duck = wb.connect(f"duckdb:///{tmp_path / 'w.duckdb'}")
    duck.run_script("CREATE TABLE t (a INTEGER, b VARCHAR); INSERT INTO t VALUES (1, 'x')")
    d = duck.profile("DROP TABLE t", runs=1, warmup=1)
    assert d.dml and d.plan.facts["note"] == "DuckDB shows no plan for DROP TABLE: wall times only"
    assert duck.tables() == ["t"]
    duck.close()


def test_duckdb_open_transaction_reads_run_writes_refused() -> None:
    db = wb.connect()
    db.run_script("CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1), (2)")
    db.raw.execute("BEGIN")
    db.raw.execute("INSERT INTO t VALUES (3)")
    assert db.profile("SELECT * FROM t", runs=1).rows == 3  # the caller's uncommitted row is visible
    with pytest.raises(TransactionStateError, match="open DuckDB transaction"):
        db.profile("DELETE FROM t", runs=1)
    with pytest.raises(UnsafeQueryError):
        db.profile("select 1; commit", runs=1)
    assert db.raw.execute("SELECT count(*) FROM t").fetchall() == [(3,)]
    db.raw.execute("COMMIT")
    assert db.raw.execute("SELECT count(*) FROM t").fetchall() == [(3,)]


def test_postgres_callers_transaction_survives_refusals_and_failures(pg_db: str) -> None:
    con = psycopg.connect(pg_db)
    con.execute("INSERT INTO t VALUES (99, 'pending')")
    with pytest.raises(UnsafeQueryError):
        profile_on(con, "delete from t; commit")
    with pytest.raises(psycopg.errors.UndefinedColumn):
        profile_on(con, "SELECT nope FROM t")
    with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
        profile_on(con, "SELECT bump()")  # a write hidden in a function meets the READ ONLY transaction
    assert profile_on(con, "DELETE FROM t").rows == 4
    assert con.execute("SELECT b FROM t WHERE a = 99").fetchall() == [("pending",)]
    assert con.info.transaction_status.name == "INTRANS"
    con.rollback()
    con.close()


def profile_on(con: Any, sql: str) -> Any:
    from workbench.profile import profile

    return profile(con, sql, runs=1, warmup=1)


def test_advise_and_sweep_leave_the_callers_database_unchanged(pg_db: str, tmp_path: Path) -> None:
    schema = wb.load(Path(__file__).parent / "data" / "profile" / "shop.prisma")
    for url in (pg_db, f"duckdb:///{tmp_path / 'a.duckdb'}"):
        db = wb.connect(url)
        if db.dialect == "duckdb":
            db.run_script(DUCK_SETUP.replace("CHECKPOINT;", ""))

        def snap(db: Any = db, url: str = url) -> dict[str, Any]:
            return pg_state(url) if db.dialect == "postgres" else duck_state(db.raw)

        before = snap()
        a = db.advise("SELECT * FROM u WHERE b = 'deux'", runs=1, warmup=0)
        assert a.results and snap() == before  # candidate indexes were built, measured and rolled back
        with pytest.raises(UnsafeQueryError):
            db.advise("select 1; commit; drop table t", runs=1)
        with pytest.raises(UnsafeQueryError):
            db.sweep("COPY t TO PROGRAM 'touch x'", schema, scales=[10])
        sw = db.sweep('SELECT count(*) FROM "Customer"', schema, scales=[10, 20, 30], runs=1, warmup=0)
        assert len(sw.points) == 3 and snap() == before
        db.close()


def test_advise_refuses_inside_an_open_duckdb_transaction() -> None:
    from workbench.profile import advise

    db = wb.connect()
    db.run_script("CREATE TABLE t (a INTEGER, b INTEGER); INSERT INTO t SELECT range, range % 7 FROM range(1000)")
    db.raw.execute("BEGIN")
    db.raw.execute("INSERT INTO t VALUES (-1, -1)")
    with pytest.raises(TransactionStateError, match="cannot advise inside your open DuckDB transaction"):
        advise(db, "SELECT * FROM t WHERE b = 3", runs=1)
    db.raw.execute("COMMIT")
    assert db.raw.execute("SELECT count(*) FROM t").fetchall() == [(1001,)]


def test_postgres_parser_disagreement_is_refused(pg_db: str) -> None:
    """With standard_conforming_strings off, PostgreSQL reads a backslash as an escape where
    sqlglot does not: what workbench reads as one SELECT is SELECT; COMMIT; DROP TABLE to the
    server. The server-side Parse check must refuse it before anything runs."""
    sql = "select 'a\\', ' ; commit; drop table t cascade; --'"
    assert [s.effect for s in classify(sql, "postgres")] == ["read"]
    with psycopg.connect(pg_db, autocommit=True) as con:
        con.execute(f'ALTER DATABASE "{con.info.dbname}" SET standard_conforming_strings = off')
    before = pg_state(pg_db)
    db = wb.connect(pg_db)
    assert db.sql("SHOW standard_conforming_strings").rows == (("off",),)
    with pytest.raises(UnsafeQueryError, match="PostgreSQL reads several statements in it"):
        db.profile(sql, runs=1)
    assert db.raw.info.transaction_status.name == "IDLE"
    db.close()
    assert pg_state(pg_db) == before


def test_a_sequence_moved_by_an_insert_is_reported(pg_db: str) -> None:
    """No engine rolls sequences back: an INSERT drawing ids from a default leaves a gap; the profile says so."""
    db = wb.connect(pg_db)
    db.run_script("CREATE TABLE ids (id serial PRIMARY KEY, v integer); INSERT INTO ids (v) VALUES (1)")
    p = db.profile("INSERT INTO ids (v) VALUES (2)", runs=2, warmup=1)
    assert db.sql("SELECT count(*) FROM ids").rows == ((1,),)
    assert p.notes == (
        "sequence public.ids_id_seq moved from 1 to 4: PostgreSQL never rolls sequences back, so the next generated"
        " ids skip those values (as after any rolled-back insert)",
    )
    assert "note: sequence public.ids_id_seq moved" in repr(p) and p.to_dict()["notes"] == list(p.notes)
    assert db.profile("SELECT * FROM ids", runs=1).notes == ()
    db.close()
    duck = wb.connect()
    duck.run_script(
        "CREATE SEQUENCE seq; CREATE TABLE ids (id INTEGER DEFAULT nextval('seq'), v INTEGER);"
        " INSERT INTO ids (v) VALUES (1)"
    )
    d = duck.profile("INSERT INTO ids (v) VALUES (2)", runs=1, warmup=0)
    assert duck.sql("SELECT count(*) FROM ids").rows == ((1,),)
    assert d.notes and d.notes[0].startswith("sequence main.seq moved from 1 to 3: DuckDB never rolls sequences back")
