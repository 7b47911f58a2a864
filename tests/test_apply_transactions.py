"""``db.apply`` never touches the caller's own transaction, and its errors say everything the engine said.

On every engine, with and without a transaction the caller has open, with apply succeeding and
failing: the caller's uncommitted rows survive, success leaves their transaction open for them to
commit (PostgreSQL, SQLite: apply runs under a savepoint), and DuckDB (no savepoints) refuses
before anything runs. What is committed is checked from a second connection.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

import workbench as wb
from workbench.db.connection import ApplyError, Connection
from workbench.db.transaction import TransactionStateError, transaction_state
from workbench.diagnostics import UserError

ROOT = Path(__file__).resolve().parent.parent
BLOG = ROOT / "sample_schemas" / "blog.prisma"
ENGINES = ("duckdb", "sqlite", "postgres")


@pytest.fixture(params=ENGINES)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Connection]:
    """A file (or server) database with a table ``keep`` holding row 0."""
    if request.param == "postgres":
        url = request.getfixturevalue("pg_url")
    elif request.param == "duckdb":
        url = f"duckdb:///{tmp_path / 'x.duckdb'}"
    else:
        url = f"sqlite:///{tmp_path / 'x.db'}"
    con = wb.connect(url)
    con.apply("CREATE TABLE keep (id INTEGER PRIMARY KEY);\nINSERT INTO keep VALUES (0)")
    try:
        yield con
    finally:
        if transaction_state(con.raw, con.dialect) != "idle":
            rollback(con)
        con.close()


def begin(db: Connection) -> None:
    """The caller opens a transaction (psycopg opens one implicitly on the first statement)."""
    if db.dialect != "postgres":
        db.raw.execute("BEGIN")


def commit(db: Connection) -> None:
    db.raw.commit() if db.dialect == "postgres" else db.raw.execute("COMMIT")


def rollback(db: Connection) -> None:
    db.raw.rollback() if db.dialect == "postgres" else db.raw.execute("ROLLBACK")


def own_view(db: Connection, sql: str) -> list[Any]:
    """Rows as the caller's own connection (inside its transaction) sees them."""
    return [tuple(r) for r in db.raw.execute(sql).fetchall()]


def committed(db: Connection) -> tuple[list[int], set[str]]:
    """Ids in ``keep`` and table names, as a second connection sees them: only what was committed."""
    url = db._url  # the real URL (db.url is masked)
    if db.dialect == "duckdb":
        import duckdb

        # DuckDB shares one database instance per file inside a process; a new connection to it
        # has its own transaction and sees only committed data.
        with duckdb.connect(url.removeprefix("duckdb:///")) as other:
            ids = [r[0] for r in other.execute("SELECT id FROM keep ORDER BY id").fetchall()]
            tables = {r[0] for r in other.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        return ids, tables
    with wb.connect(url) as other:
        ids = [r[0] for r in other.sql("SELECT id FROM keep ORDER BY id").rows]
        return ids, set(other.tables())


# --- no transaction of the caller's ------------------------------------------------------------
def test_apply_without_a_caller_transaction_commits(db: Connection) -> None:
    db.apply("CREATE TABLE made (id INTEGER)")
    assert transaction_state(db.raw, db.dialect) == "idle"
    assert "made" in committed(db)[1]


def test_failed_apply_without_a_caller_transaction_changes_nothing(db: Connection) -> None:
    with pytest.raises(ApplyError, match="statement 2 of 2") as info:
        db.apply("CREATE TABLE made (id INTEGER);\nCREATE TABLE keep (id INTEGER)")
    assert "the database is unchanged" in str(info.value)
    assert transaction_state(db.raw, db.dialect) == "idle"
    ids, tables = committed(db)
    assert ids == [0] and "made" not in tables


# --- the caller's transaction is open ----------------------------------------------------------
def test_apply_inside_the_caller_transaction_keeps_their_uncommitted_rows(db: Connection) -> None:
    begin(db)
    db.raw.execute("INSERT INTO keep VALUES (1)")
    if db.dialect == "duckdb":
        with pytest.raises(TransactionStateError, match="COMMIT or ROLLBACK it first"):
            db.apply("CREATE TABLE made (id INTEGER)")
    else:
        db.apply("CREATE TABLE made (id INTEGER)")
        assert own_view(db, "SELECT count(*) FROM made") == [(0,)]
    assert transaction_state(db.raw, db.dialect) == "open"  # still the caller's to end
    assert own_view(db, "SELECT id FROM keep ORDER BY id") == [(0,), (1,)]
    assert committed(db)[0] == [0]  # nothing committed behind the caller's back
    commit(db)
    ids, tables = committed(db)
    assert ids == [0, 1]
    assert ("made" in tables) == (db.dialect != "duckdb")


def test_failed_apply_inside_the_caller_transaction_keeps_their_uncommitted_rows(db: Connection) -> None:
    begin(db)
    db.raw.execute("INSERT INTO keep VALUES (1)")
    script = "CREATE TABLE made (id INTEGER);\nCREATE TABLE keep (id INTEGER)"
    if db.dialect == "duckdb":
        with pytest.raises(TransactionStateError, match="nothing was changed"):
            db.apply(script)
    else:
        with pytest.raises(ApplyError, match="statement 2 of 2") as info:
            db.apply(script)
        assert "savepoint" in str(info.value) and "your open transaction" in str(info.value)
    assert transaction_state(db.raw, db.dialect) == "open"
    assert own_view(db, "SELECT id FROM keep ORDER BY id") == [(0,), (1,)]
    commit(db)
    ids, tables = committed(db)
    assert ids == [0, 1] and "made" not in tables


def test_apply_of_a_loaded_schema_inside_the_caller_transaction(db: Connection) -> None:
    """The issue's repro: ``db.raw.execute("INSERT ...")`` then ``db.apply(s)``."""
    begin(db)
    db.raw.execute("INSERT INTO keep VALUES (7)")
    if db.dialect == "duckdb":
        with pytest.raises(TransactionStateError):
            db.apply(wb.load(BLOG))
    else:
        db.apply(wb.load(BLOG))
    commit(db)
    assert committed(db)[0] == [0, 7]


def test_apply_refuses_a_failed_caller_transaction(db: Connection) -> None:
    begin(db)
    db.raw.execute("INSERT INTO keep VALUES (1)")
    with pytest.raises(Exception, match=r"(?i)duplicate|unique|constraint"):
        db.raw.execute("INSERT INTO keep VALUES (1)")  # duplicate key: the caller's transaction fails
    if db.dialect == "sqlite":  # SQLite keeps the transaction usable after a failed statement
        db.apply("CREATE TABLE made (id INTEGER)")
        assert own_view(db, "SELECT id FROM keep") == [(0,), (1,)]
        return
    with pytest.raises(TransactionStateError, match="roll it back first"):
        db.apply("CREATE TABLE made (id INTEGER)")
    rollback(db)
    assert committed(db)[0] == [0]


def test_apply_after_reading_the_catalog_is_committed(pg_url: str) -> None:
    """Introspection reads through psycopg, which opens a transaction: it must not be left open,
    or the next apply would run under a savepoint of it and never be committed."""
    with wb.connect(pg_url) as db:
        assert db.tables() == [] and transaction_state(db.raw) == "idle"
        db.introspect()
        wb.introspect(db)
        assert transaction_state(db.raw) == "idle"
        db.apply("CREATE TABLE made (id INTEGER)")
    with wb.connect(pg_url) as db:
        assert db.tables() == ["made"]


def test_introspecting_inside_the_caller_transaction_keeps_it(pg_url: str) -> None:
    with wb.connect(pg_url) as db:
        db.apply("CREATE TABLE keep (id INTEGER)")
        db.raw.execute("INSERT INTO keep VALUES (1)")
        assert [m.name for m in wb.introspect(db.raw).schema.models] == ["keep"]
        assert transaction_state(db.raw) == "open"
        db.raw.commit()
        assert db.sql("SELECT id FROM keep").rows == ((1,),)


# --- item 18: the whole error text -------------------------------------------------------------
def test_apply_error_keeps_postgres_detail_and_hint(pg_url: str) -> None:
    with wb.connect(pg_url) as db:
        db.apply("CREATE TABLE d (v INTEGER);\nINSERT INTO d VALUES (1), (1)")
        with pytest.raises(ApplyError) as info:
            db.apply('CREATE UNIQUE INDEX "d_v" ON d (v)')
        assert 'could not create unique index "d_v"\nDETAIL: Key (v)=(1) is duplicated.' in str(info.value)
        with pytest.raises(ApplyError) as info:
            db.apply("CREATE TABLE h (v INTEGER DEFAULT no_such_function(1))")
        message = str(info.value)
        assert "function no_such_function(integer) does not exist" in message
        assert "HINT: No function matches the given name and argument types." in message


def test_apply_error_keeps_a_message_that_spans_lines(pg_url: str) -> None:
    """An identifier holding a newline: the first line alone was a lone ``relation "``."""
    with wb.connect(pg_url) as db:
        db.apply('CREATE TABLE "\nodd" (id INTEGER)')
        with pytest.raises(ApplyError) as info:
            db.apply('CREATE TABLE "\nodd" (id INTEGER)')
        assert 'failed on postgres: relation "\nodd" already exists' in str(info.value)


@pytest.mark.parametrize("engine", ["duckdb", "sqlite"])
def test_apply_error_keeps_the_whole_embedded_engine_message(engine: str) -> None:
    with wb.connect(f"{engine}:///:memory:") as db, pytest.raises(ApplyError) as info:
        db.apply("CREATE TABLE t (id INTEGER);\nCREATE TABLE (")
    message = str(info.value)
    assert "statement 2 of 2" in message
    if engine == "duckdb":
        assert "syntax error" in message and "LINE 1: CREATE TABLE (" in message


def test_apply_error_is_scrubbed_of_the_password(pg_url: str) -> None:
    secret = "CANARY-apply-91c2"
    parts = urlsplit(pg_url)  # trust auth: any password connects
    url = parts._replace(netloc=f"{parts.username or 'postgres'}:{secret}@{parts.hostname}:{parts.port}").geturl()
    with wb.connect(url) as db, pytest.raises(ApplyError) as info:
        db.apply(f"COMMENT ON TABLE \"{secret}\" IS 'x'")
    assert secret not in str(info.value) and "****" in str(info.value)


def test_sql_leaves_the_callers_open_transaction_to_them(pg_url: str) -> None:
    """``db.sql`` commits its own work, but not a transaction the caller opened on ``db.raw``."""
    con = wb.connect(pg_url)
    try:
        con.sql("CREATE TABLE keep (id INTEGER PRIMARY KEY)")  # idle before: committed
        con.raw.execute("INSERT INTO keep VALUES (1)")  # the caller's open transaction
        assert con.sql("SELECT count(*) FROM keep").rows == ((1,),)
        assert transaction_state(con.raw, "postgres") == "open"
        con.raw.rollback()  # the caller changes their mind: their insert goes, the table stays
        assert con.sql("SELECT count(*) FROM keep").rows == ((0,),)
        with pytest.raises(Exception, match="division by zero"):
            con.sql("SELECT 1/0")
        assert transaction_state(con.raw, "postgres") == "idle"  # our failed query is cleaned up
    finally:
        con.close()


def test_load_of_schema_text_as_a_path_says_what_to_do() -> None:
    text = "model User {\n  id Int @id\n}\n" * 200  # longer than any file name
    with pytest.raises(UserError, match=r"pass it as wb.load\(text=\.\.\.\)"):
        wb.load(text)
    assert not wb.load("x" * 300 + ".prisma").ok  # a name too long: a located error, not an OSError


def test_a_commit_that_fails_is_rolled_back(tmp_path: Path) -> None:
    """SQLite checks deferred foreign keys at COMMIT; a failing COMMIT must not leave the work pending."""
    con = wb.connect(f"sqlite:///{tmp_path / 'x.db'}")
    try:
        con.apply(
            "CREATE TABLE parent (id INTEGER PRIMARY KEY);\n"
            "CREATE TABLE child (id INTEGER PRIMARY KEY, "
            "parent_id INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)"
        )
        with pytest.raises(ApplyError, match="FOREIGN KEY"):
            con.apply("INSERT INTO child VALUES (1, 42)")
        assert transaction_state(con.raw, "sqlite") == "idle"
        assert con.sql("SELECT count(*) FROM child").rows == ((0,),)
    finally:
        con.close()
