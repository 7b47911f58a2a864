"""One migrate at a time per database: the lock a run holds from its first read of the history to its end.

- **PostgreSQL**: Prisma Migrate's session-level advisory lock, ``pg_advisory_lock(72707369)``, so
  our runner and ``prisma migrate deploy`` exclude each other too. It is taken on the connection
  that runs the migrations, at session level (not ``pg_advisory_xact_lock``: it must outlive each
  migration's transaction), so a runner that is killed loses it with its session. A second runner
  polls ``pg_try_advisory_lock`` for ``timeout`` seconds (Prisma waits 10 s too), then refuses,
  naming the holder's pid. While it holds the lock the session asks the server to check every
  second that the client is still connected, so a killed runner's lock is freed within a second
  even in the middle of a long statement.
- **SQLite**: no lock for the whole run; each migration's transaction is taken with the connection's
  busy timeout set to ``timeout``, and the runner re-reads the history inside it (see
  :mod:`workbench.migrate.runner`), so a second runner waits for the first one's transaction, then
  skips what it applied, or refuses when the wait runs out.
- **DuckDB**: a database file is opened by one process at a time for writing; a second runner
  cannot even open it (its error says another process holds the file).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from workbench.db.connection import Connection
from workbench.diagnostics import UserError
from workbench.diagnostics.catalog import migrate as codes

PRISMA_LOCK_KEY = 72707369  # what Prisma's schema engine passes to pg_advisory_lock
DEFAULT_TIMEOUT = 10.0


class LockTimeout(UserError):
    """Another migrate holds the database's migration lock longer than we wait."""


@contextmanager
def migration_lock(conn: Connection, timeout: float = DEFAULT_TIMEOUT) -> Iterator[None]:
    """Hold the database's migration lock for the block (see the module docstring per engine)."""
    if conn.dialect == "postgres":
        _pg_acquire(conn, timeout)
        previous = _pg_watch_client(conn, "1s")
        try:
            yield
        finally:
            _pg_release(conn, previous)
        return
    if conn.dialect == "sqlite":
        before = conn.raw.execute("PRAGMA busy_timeout").fetchone()[0]
        conn.raw.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        try:
            yield
        finally:
            conn.raw.execute(f"PRAGMA busy_timeout = {int(before)}")
        return
    yield


def sqlite_busy(exc: BaseException, timeout: float) -> LockTimeout | None:
    """The refusal for SQLite's "database is locked" after the busy timeout, or None for other errors."""
    if "locked" not in str(exc).lower() and "busy" not in str(exc).lower():
        return None
    return LockTimeout(
        f"{codes.MIGRATE_LOCKED}: another migrate (or another writer) is running on this database: "
        f"waited {timeout:g} s for its write lock; try again when it has finished (nothing was changed)"
    )


def _pg_acquire(conn: Connection, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        got = conn.raw.execute("SELECT pg_try_advisory_lock(%s)", (PRISMA_LOCK_KEY,)).fetchone()[0]
        conn.raw.commit()
        if got:
            return
        if time.monotonic() >= deadline:
            raise LockTimeout(f"{codes.MIGRATE_LOCKED}: {_pg_holder(conn)}; waited {timeout:g} s (nothing was changed)")
        time.sleep(0.1)


def _pg_holder(conn: Connection) -> str:
    row = conn.raw.execute(
        "SELECT a.pid, a.backend_start FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 AND l.objid = %s AND l.objsubid = 1 "
        "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())",
        (PRISMA_LOCK_KEY,),
    ).fetchone()
    conn.raw.commit()
    if row is None:
        return "another migrate is running on this database"
    since = row[1].strftime("%Y-%m-%d %H:%M:%S %Z").strip() if row[1] is not None else "?"
    return f"another migrate is running on this database (pid {row[0]} since {since})"


def _pg_watch_client(conn: Connection, interval: str) -> str | None:
    """Make the server check that our client is still there while a statement runs (PostgreSQL 14+).

    Without it a runner killed during a long statement (``SELECT pg_sleep(30)``, a big backfill)
    keeps its session, its transaction and the migration lock until that statement ends, since the
    server only notices a closed socket when it next talks to the client. Returns the previous
    setting, restored at the end (None on servers without the setting).
    """
    if conn.raw.info.server_version < 140000:
        return None
    previous = str(conn.raw.execute("SELECT current_setting('client_connection_check_interval')").fetchone()[0])
    conn.raw.execute("SELECT set_config('client_connection_check_interval', %s, false)", (interval,))
    conn.raw.commit()
    return previous


def _pg_release(conn: Connection, previous: str | None) -> None:
    """Unlock; a connection that broke (the server went away) has lost the lock with its session."""
    try:
        from workbench.db.transaction import transaction_state

        if transaction_state(conn.raw, "postgres") != "idle":
            conn.raw.rollback()
        if previous is not None:
            conn.raw.execute("SELECT set_config('client_connection_check_interval', %s, false)", (previous,))
        conn.raw.execute("SELECT pg_advisory_unlock(%s)", (PRISMA_LOCK_KEY,))
        conn.raw.commit()
    except Exception:
        if not conn.raw.closed:
            raise
