"""Running one migration script: statements with their place in the file, in one transaction with its row.

A migration and its ``_prisma_migrations`` row commit together: the row is inserted and finished
inside the script's transaction, so a failure or a killed runner leaves no trace of the migration in
the schema nor a row claiming it was applied (DDL is transactional on PostgreSQL, SQLite and DuckDB).
A failed attempt is then recorded in a short transaction of its own (``rolled_back_at`` set: nothing of
it remains, which is how Prisma reads such a row).

Some scripts cannot run in one transaction (see :func:`must_run_alone`): they run statement by
statement, their row inserted first; when one fails the row stays "failed" and ``apply`` refuses
until ``migrate resolve`` says what happened (Prisma's P3009).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.db.connection import Connection, error_text
from workbench.db.secrets import scrub
from workbench.db.statements import split_statements_at
from workbench.diagnostics import UserError
from workbench.diagnostics.catalog import migrate as codes
from workbench.migrate import history
from workbench.migrate.folder import Migration

_COMMENT = re.compile(r"--[^\n]*|/\*.*?\*/", re.S)
_STRING = re.compile(r"'(?:[^']|'')*'")
_OWN_TRANSACTION = re.compile(r"^(BEGIN|START\s+TRANSACTION|COMMIT|ROLLBACK|END\s+TRANSACTION)\b", re.I)
_NO_TRANSACTION = re.compile(
    r"^(?:(?:CREATE\s+(?:UNIQUE\s+)?|DROP\s+|REINDEX\s+(?:\w+\s+)?)INDEX\s+CONCURRENTLY\b|VACUUM\b|"
    r"CREATE\s+DATABASE\b|DROP\s+DATABASE\b|ALTER\s+SYSTEM\b|REINDEX\s+\w+\s+CONCURRENTLY\b)",
    re.I,
)
_ADD_VALUE = re.compile(r"^ALTER\s+TYPE\s+.+?\s+ADD\s+VALUE\s+(?:IF\s+NOT\s+EXISTS\s+)?('(?:[^']|'')*')", re.I | re.S)
_FOREIGN_KEYS_PRAGMA = re.compile(r"^PRAGMA\s+(?:\w+\.)?foreign_keys\s*=\s*(\w+)", re.I)

# ``applied_steps_count`` of an applied migration, as Prisma's runner records it: the whole script
# is one step (its rows read 1 whatever the number of statements; 0 until the script finished).
PRISMA_STEPS = 1


class MigrationFailed(UserError):
    """A statement of a migration failed; the message names the file, line and statement."""


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement of a script and where its code starts in the file (1-based line and column)."""

    number: int
    text: str
    line: int
    col: int

    @property
    def code(self) -> str:
        """The statement without its comments (what the classifier reads)."""
        return _COMMENT.sub(" ", self.text).strip()

    @property
    def first_line(self) -> str:
        return self.code.splitlines()[0] if self.code else ""


def statements(script: str) -> list[Statement]:
    """The statements of ``script`` with the line:col of their first code character (leading comments skipped)."""
    found = []
    for number, (text, offset) in enumerate(split_statements_at(script), 1):
        lead = re.match(r"(?:\s+|--[^\n]*|/\*.*?\*/)*", text, re.S)
        at = offset + (lead.end() if lead else 0)
        line = script.count("\n", 0, at) + 1
        col = at - (script.rfind("\n", 0, at) + 1) + 1
        found.append(Statement(number, text, line, col))
    return found


def must_run_alone(stmts: list[Statement], dialect: str) -> str | None:
    """Why the script cannot run in one transaction, or None when it can (the default).

    - it opens or ends transactions itself (``BEGIN``, ``COMMIT``...): its author decided;
    - ``CREATE/DROP INDEX CONCURRENTLY``, ``VACUUM``, ``CREATE DATABASE``: PostgreSQL refuses them
      inside a transaction block;
    - PostgreSQL ``ALTER TYPE ... ADD VALUE 'v'`` followed by a use of ``'v'`` later in the script:
      a new enum value cannot be used before its transaction commits ("unsafe use of new value").
      Prisma writes the ``ADD VALUE`` alone in its migration, which runs in one transaction fine.
    """
    added: list[str] = []
    for st in stmts:
        code = st.code
        if _OWN_TRANSACTION.match(code):
            return f"statement {st.number} (line {st.line}) controls the transaction itself"
        if dialect == "postgres" and _NO_TRANSACTION.match(code):
            return f"statement {st.number} (line {st.line}) cannot run inside a transaction on PostgreSQL"
        if dialect == "postgres":
            literals = _STRING.findall(code)
            if any(v in literals for v in added):
                return f"statement {st.number} (line {st.line}) uses an enum value added earlier in the script"
            value = _ADD_VALUE.match(code)
            if value:
                added.append(value.group(1))
    return None


def run_up(conn: Connection, migration: Migration, pending: Callable[[], bool] = lambda: True) -> int | None:
    """Apply ``migration`` with its history row; the number of statements run.

    ``pending`` is asked inside the migration's transaction (after its write lock is taken) whether
    the migration is still to apply: a runner that waited for another one skips what that one
    applied (None). Raises :class:`MigrationFailed` after rolling back and recording the failed attempt.
    """
    stmts = statements(migration.sql)
    alone = must_run_alone(stmts, conn.dialect)
    if alone is not None:
        return _run_alone(conn, migration, stmts, alone)
    row_id = ""
    try:
        with _foreign_keys_off_if_asked(conn, stmts) as check_fk, transaction(conn):
            if not pending():
                return None
            row_id = history.insert(conn, migration.name, migration.checksum)
            for st in stmts:
                _run(conn, migration, st, migration.up_path)
            if check_fk:
                _check_foreign_keys(conn, migration, migration.up_path)
            history.finish(conn, row_id, PRISMA_STEPS)
    except _StatementError as failure:
        logs = failure.logs
        with transaction(conn):
            history.insert(conn, migration.name, migration.checksum, logs=logs, rolled_back=True)
        raise MigrationFailed(f"{codes.MIGRATION_FAILED}: {failure.message}\nThe database is unchanged.") from None
    except _driver_errors(conn) as exc:  # the COMMIT itself (SQLite: a deferred foreign key)
        if not row_id:
            raise  # before the migration started (SQLite: its write lock was not granted)
        text = error_text(exc, conn._url)
        with transaction(conn):
            history.insert(conn, migration.name, migration.checksum, logs=text, rolled_back=True)
        raise MigrationFailed(
            f"{codes.MIGRATION_FAILED}: migration {migration.name} failed at its commit: {text}\n"
            "The database is unchanged."
        ) from None
    return len(stmts)


def _run_alone(conn: Connection, migration: Migration, stmts: list[Statement], why: str) -> int:
    """Statement by statement, each committing on its own (the script's own BEGIN/COMMIT hold)."""
    with transaction(conn):
        row_id = history.insert(conn, migration.name, migration.checksum)
    done = 0
    with _autocommit(conn):
        for st in stmts:
            try:
                _run(conn, migration, st, migration.up_path)
            except _StatementError as failure:
                if _in_transaction(conn):
                    conn.raw.execute("ROLLBACK")
                history.fail(conn, row_id, failure.logs, rolled_back=False, steps=0)
                raise MigrationFailed(
                    f"{codes.MIGRATION_FAILED}: {failure.message}\n"
                    f"This migration runs statement by statement ({why}): its first {done} statement(s) "
                    "stay applied. Fix the database by hand, then mark it with `workbench migrate resolve "
                    f"--applied {migration.name}` or `--rolled-back {migration.name}`."
                ) from None
            done += 1
        history.finish(conn, row_id, PRISMA_STEPS)
    return done


def run_down(conn: Connection, migration: Migration, row_id: str) -> int:
    """Run ``migration``'s down.sql and mark its row rolled back, in one transaction."""
    assert migration.down is not None
    stmts = statements(migration.down)
    try:
        with _foreign_keys_off_if_asked(conn, stmts) as check_fk, transaction(conn):
            for st in stmts:
                _run(conn, migration, st, migration.down_path)
            if check_fk:
                _check_foreign_keys(conn, migration, migration.down_path)
            history.roll_back(conn, row_id)
    except _StatementError as failure:
        raise MigrationFailed(f"{codes.MIGRATION_FAILED}: {failure.message}\nThe database is unchanged.") from None
    return len(stmts)


@contextmanager
def transaction(conn: Connection) -> Iterator[None]:
    """One transaction of ours (the runner refused to start inside the caller's): commit or roll back.

    SQLite takes its write lock at BEGIN (``BEGIN IMMEDIATE``), waiting up to the busy timeout, so
    two runners cannot both read the history as pending and then both write.
    """
    if conn.dialect == "postgres":
        with conn.raw.transaction():
            yield
        return
    conn.raw.execute("BEGIN IMMEDIATE" if conn.dialect == "sqlite" else "BEGIN")
    try:
        yield
        conn.raw.execute("COMMIT")
    except BaseException:
        if _in_transaction(conn):
            conn.raw.execute("ROLLBACK")
        raise


class _StatementError(Exception):
    def __init__(self, message: str, logs: str):
        super().__init__(message)
        self.message = message
        self.logs = logs


def _run(conn: Connection, migration: Migration, st: Statement, path: Path) -> None:
    try:
        conn.raw.execute(st.text)
    except Exception as exc:
        error = error_text(exc, conn._url)
        where = f"{path}:{st.line}:{st.col}"
        message = (
            f"migration {migration.name} failed at statement {st.number} ({where}): "
            f"{scrub(st.first_line, conn._url)}\n{error}"
        )
        logs = f"{where}: statement {st.number}: {scrub(st.first_line, conn._url)}\n{error}"
        raise _StatementError(message, logs) from None


def _driver_errors(conn: Connection) -> tuple[type[BaseException], ...]:
    return conn._driver_errors()


def _in_transaction(conn: Connection) -> bool:
    from workbench.db.transaction import transaction_state

    return transaction_state(conn.raw, conn.dialect) != "idle"


@contextmanager
def _autocommit(conn: Connection) -> Iterator[None]:
    """psycopg opens a transaction before any statement unless in autocommit; the others already are."""
    if conn.dialect != "postgres":
        yield
        return
    conn.raw.autocommit = True
    try:
        yield
    finally:
        if _in_transaction(conn):
            conn.raw.execute("ROLLBACK")
        conn.raw.autocommit = False


@contextmanager
def _foreign_keys_off_if_asked(conn: Connection, stmts: list[Statement]) -> Iterator[bool]:
    """SQLite: honour a script's ``PRAGMA foreign_keys=OFF`` around its transaction.

    Prisma's SQLite "redefine table" scripts (``PRAGMA foreign_keys=OFF; CREATE TABLE new_T ...;
    INSERT ... SELECT; DROP TABLE T; ALTER TABLE new_T RENAME TO T; PRAGMA foreign_keys=ON``) need
    enforcement off while ``T`` is dropped, or the drop deletes (or fails on) the rows of tables that
    reference it. But ``PRAGMA foreign_keys`` is a no-op inside a transaction, and we run the whole
    script in one. So the pragma is applied here, before BEGIN, and the setting the connection had
    is restored after COMMIT/ROLLBACK (SQLite's own recipe, "Making other kinds of table schema
    changes"); :func:`_check_foreign_keys` runs ``PRAGMA foreign_key_check`` before the commit so
    a redefine cannot leave orphan rows behind where enforcement was on. Yields whether to check.
    """
    if conn.dialect != "sqlite" or not any(_off(st) for st in stmts):
        yield False
        return
    before = conn.raw.execute("PRAGMA foreign_keys").fetchone()[0]
    conn.raw.execute("PRAGMA foreign_keys = OFF")
    try:
        yield bool(before)
    finally:
        conn.raw.execute(f"PRAGMA foreign_keys = {'ON' if before else 'OFF'}")


def _off(st: Statement) -> bool:
    m = _FOREIGN_KEYS_PRAGMA.match(st.code)
    return bool(m) and m is not None and m.group(1).upper() in ("OFF", "0", "FALSE", "NO")


def _check_foreign_keys(conn: Connection, migration: Migration, path: Path) -> None:
    bad: list[Any] = conn.raw.execute("PRAGMA foreign_key_check").fetchall()
    if bad:
        table, rowid, parent = bad[0][0], bad[0][1], bad[0][2]
        text = (
            f"{len(bad)} row(s) would break a foreign key after the script, e.g. {table} rowid {rowid} "
            f"references no row of {parent}"
        )
        raise _StatementError(f"migration {migration.name} failed: {text}", f"{path}: {text}")
