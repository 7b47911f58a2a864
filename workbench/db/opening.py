"""Opening a driver connection from a URL: connect timeout, missing files, one-line errors.

The one URL opener of the package: :func:`open_url` (behind ``wb.connect``, apply, seed and
profile) and :func:`open_target` (behind introspection and ``pull``: read-only, or a caller's
connection adopted as it is) open databases here, so every
network connection gets the same connect timeout and every failure the same kind of error: one
line that names the database with its password masked, says what went wrong and what to do.

The connect timeout (seconds) is, first found wins: libpq's own ``connect_timeout=`` in the URL
(the user wrote it for this server), the ``timeout=`` argument, ``$WORKBENCH_CONNECT_TIMEOUT``,
libpq's ``$PGCONNECT_TIMEOUT``, and 10. libpq counts whole seconds, at least 2.

Files: a read never creates a database, so read-only opens refuse a DuckDB/SQLite file that
does not exist (``duckdb.connect`` and ``sqlite3.connect`` would silently create an empty one);
writers choose with ``create=``.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from workbench.db.secrets import redact_url, scrub
from workbench.db.urls import TargetError, as_url, engine_of, parse_url, path_of
from workbench.diagnostics import UserError
from workbench.dialects import registry

if TYPE_CHECKING:  # the drivers are imported when a connection is opened
    import duckdb
    import psycopg

DEFAULT_CONNECT_TIMEOUT = 10.0
TIMEOUT_ENV = "WORKBENCH_CONNECT_TIMEOUT"

_DRIVER_SCHEME = re.compile(r"^postgres(?:ql)?\+[A-Za-z0-9_]+://", re.IGNORECASE)
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


class ConnectError(UserError):
    """A database could not be opened; the message names it (password masked) and says what to do."""


# --- the connect timeout -------------------------------------------------------------------------
def connect_timeout(timeout: float | None = None) -> float | None:
    """Seconds to wait for a server to answer; None leaves it to libpq's ``$PGCONNECT_TIMEOUT``.

    Raises :class:`UserError` for a value that is not a positive number of seconds.
    """
    if timeout is not None:
        return _seconds(timeout, "timeout=")
    env = os.environ.get(TIMEOUT_ENV, "").strip()
    if env:
        return _seconds(env, f"{TIMEOUT_ENV}=")
    if os.environ.get("PGCONNECT_TIMEOUT", "").strip():
        return None
    return DEFAULT_CONNECT_TIMEOUT


def _seconds(value: float | str, where: str) -> float:
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        seconds = math.nan
    if isinstance(value, bool) or not math.isfinite(seconds) or seconds <= 0:
        raise UserError(f"{where}{value!r} is not a connect timeout: give a number of seconds above 0, e.g. 10")
    return seconds


# --- PostgreSQL ----------------------------------------------------------------------------------
def libpq_url(url: str) -> str:
    """``url`` as libpq reads it: SQLAlchemy's ``postgresql+psycopg://`` (any driver) is ``postgresql://``."""
    return _DRIVER_SCHEME.sub("postgresql://", url, count=1)


def open_postgres(url: str, *, timeout: float | None = None, **options: Any) -> psycopg.Connection[tuple[Any, ...]]:
    """A psycopg connection to ``url`` with a connect timeout; :class:`ConnectError` on any failure.

    ``options`` go to ``psycopg.connect`` (``autocommit=True``...).
    """
    import psycopg

    shown = redact_url(url)
    conninfo = libpq_url(url)
    _check_escapes(conninfo, shown)
    seconds = None if _has_param(conninfo, "connect_timeout") else connect_timeout(timeout)
    if seconds is not None:
        options["connect_timeout"] = max(2, math.ceil(seconds))
    try:
        return psycopg.connect(conninfo, **options)
    except psycopg.Error as exc:
        raise ConnectError(f"cannot connect to {shown}: {_pg_reason(exc, url, conninfo, seconds)}") from None


def _has_param(conninfo: str, name: str) -> bool:
    if "://" in conninfo:
        query = conninfo.partition("?")[2]
        return any(part.partition("=")[0] == name for part in query.split("&"))
    return re.search(rf"(?:^|\s){name}\s*=", conninfo) is not None


def _check_escapes(conninfo: str, shown: str) -> None:
    """A ``%`` not followed by two hex digits: libpq's message would quote the password."""
    if "://" not in conninfo:
        return
    authority = conninfo.split("://", 1)[1]
    at = authority.rfind("@")
    if at != -1 and _BAD_ESCAPE.search(authority[:at]):
        raise ConnectError(
            f"cannot connect to {shown}: the user or password has a `%` that is not a valid percent escape; "
            "write a literal `%` as `%25` (and `@` as `%40`, `/` as `%2F`, `:` as `%3A`)"
        )
    if _BAD_ESCAPE.search(authority[at + 1 :]):
        raise ConnectError(f"cannot connect to {shown}: the URL has a `%` that is not a valid percent escape (`%25`)")


def _pg_reason(exc: Exception, url: str, conninfo: str, seconds: float | None) -> str:
    """One line from psycopg's (often multi-line) message, scrubbed, with what to do."""
    import psycopg

    if isinstance(exc, psycopg.errors.ConnectionTimeout):
        in_url = re.search(r"[?&]connect_timeout=([^&]*)", conninfo)
        waited = (
            f"within {max(2, math.ceil(seconds))} s"
            if seconds is not None
            else f"within connect_timeout={in_url.group(1)} s"
            if in_url
            else "within the connect timeout"
        )
        return (
            f"the server did not answer {waited}: check the host and port, or wait longer with "
            f"connect_timeout=N in the URL or {TIMEOUT_ENV}=N"
        )
    text = scrub(scrub(str(exc), url), conninfo)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    reason = lines[0] if lines else type(exc).__name__
    reason = reason.rsplit(" failed: ", 1)[-1]  # "connection to server at "h", port 5 failed: X"
    for prefix in ("connection failed: ", "connection is bad: "):
        reason = reason.removeprefix(prefix)
    reason = re.sub(r"^(?:FATAL|ERROR):\s+", "", reason)
    reason = reason[:1].lower() + reason[1:] if reason[:2].istitle() else reason  # "Connection refused"
    return reason + _pg_hint(reason)


def _pg_hint(reason: str) -> str:
    low = reason.lower()
    if "connection refused" in low:
        return " (is PostgreSQL running and accepting TCP connections on that host and port?)"
    if re.search(r'database ".*" does not exist', low):
        return " (create it first, e.g. `createdb NAME`, or fix the database name in the URL)"
    if "password authentication failed" in low or re.search(r'role ".*" does not exist', low):
        return " (check the user name and password in the URL)"
    if "resolve host" in low or "translate host name" in low:
        return " (check the host name in the URL)"
    return ""


# --- DuckDB and SQLite files ---------------------------------------------------------------------
def open_duckdb(url: str, path: str, *, read_only: bool = False, create: bool = True) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection to ``path`` (``:memory:`` allowed); :class:`ConnectError` when it cannot be one."""
    import duckdb

    shown = redact_url(url)
    if path != ":memory:":
        _check_file(shown, path, may_create=create and not read_only, engine="duckdb")
    try:
        return duckdb.connect(path, read_only=read_only and path != ":memory:")
    except duckdb.Error as exc:
        reason = scrub(str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__, url)
        reason = reason.removeprefix("IO Error: ")
        if "lock" in reason.lower():
            reason += " (another process has the database open for writing; close it first)"
        raise ConnectError(f"cannot open {shown}: {reason}") from None


def open_sqlite(
    url: str, path: str, *, read_only: bool = False, create: bool = True, **options: Any
) -> sqlite3.Connection:
    """A sqlite3 connection to ``path`` that is known to be a database; ``options`` go to ``sqlite3.connect``."""
    shown = redact_url(url)
    if path == ":memory:":
        memory: sqlite3.Connection = sqlite3.connect(":memory:", **options)  # Any-typed through **options
        return memory
    _check_file(shown, path, may_create=create and not read_only, engine="sqlite")
    mode = "ro" if read_only else "rwc" if create else "rw"
    try:
        conn: sqlite3.Connection = sqlite3.connect(f"file:{quote(path)}?mode={mode}", uri=True, **options)
    except sqlite3.Error as exc:
        raise ConnectError(f"cannot open {shown}: {exc}") from None
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
    except sqlite3.Error as exc:
        conn.close()
        hint = f": use duckdb:///{path}" if _has_magic(Path(path), "duckdb") else ""
        raise ConnectError(f"cannot open {shown}: {path} is not a SQLite database ({exc}){hint}") from None
    return conn


def _check_file(shown: str, path: str, *, may_create: bool, engine: str) -> None:
    p = Path(path)
    if p.is_dir():
        raise ConnectError(f"cannot open {shown}: {path} is a folder, not a database file")
    if not p.exists():
        if may_create:
            return
        raise ConnectError(
            f"cannot open {shown}: no such database file {path} (check the path; reads never create a database, "
            "only building one does, e.g. `seed --apply`)"
        )
    if engine == "duckdb" and _has_magic(p, "sqlite"):
        raise ConnectError(f"cannot open {shown}: {path} is a SQLite database, not DuckDB: use sqlite:///{path}")
    if engine == "duckdb" and p.stat().st_size > 0 and not _has_magic(p, "duckdb"):
        raise ConnectError(f"cannot open {shown}: {path} is not a DuckDB database file")


def _has_magic(p: Path, engine: str) -> bool:
    try:
        with p.open("rb") as f:
            head = f.read(16)
    except OSError:
        return False
    found = registry.from_file_header(head)
    return found is not None and found.name == engine


# --- the one opener ------------------------------------------------------------------------------
def _open_postgres_url(url: str, *, read_only: bool, create: bool, timeout: float | None) -> Any:
    conn = open_postgres(url, timeout=timeout)
    if read_only:
        conn.read_only = True
    return conn


def _open_duckdb_url(url: str, *, read_only: bool, create: bool, timeout: float | None) -> Any:
    return open_duckdb(url, path_of(url), read_only=read_only, create=create)


def _open_sqlite_url(url: str, *, read_only: bool, create: bool, timeout: float | None) -> Any:
    if read_only:
        return open_sqlite(url, path_of(url), read_only=True)
    raw = open_sqlite(url, path_of(url), create=create, isolation_level=None)
    raw.execute("PRAGMA foreign_keys = ON")
    return raw


# The driver side of each engine that ``connects`` (dialects/ declares the engine; drivers live here).
OPENERS: dict[str, Callable[..., Any]] = {
    "postgres": _open_postgres_url,
    "duckdb": _open_duckdb_url,
    "sqlite": _open_sqlite_url,
}


def open_url(
    url: str | None, *, read_only: bool = False, create: bool = True, timeout: float | None = None
) -> tuple[str, Any]:
    """``(engine name, driver connection)`` for ``url`` (None: an in-memory DuckDB).

    ``read_only`` opens for reading (PostgreSQL: a read-only session; files: never created);
    writers choose with ``create=`` whether a missing file may be created. SQLite connections
    for writing are in autocommit mode with foreign keys enforced (what :mod:`.transaction`
    expects). Raises :class:`~workbench.db.urls.TargetError` for a URL of no engine workbench
    opens and :class:`ConnectError` for a database that cannot be opened.
    """
    target = parse_url(url)
    opener = OPENERS[target.dialect]
    return target.dialect, opener(target.url, read_only=read_only, create=create, timeout=timeout)


def adopt(raw: Any) -> str:
    """The engine name of a caller's open driver connection; :class:`TargetError` for anything else."""
    return engine_of(raw)


@contextlib.contextmanager
def open_target(target: Any, *, timeout: float | None = None) -> Iterator[tuple[str, Any]]:
    """Yield ``(dialect, connection)`` for reading; close the connection afterwards only if it was
    opened here, and leave a caller's connection in the transaction state it was found in.

    URLs are opened read-only (a read never changes data and never creates a database file),
    with the connect timeout above; a database that cannot be opened raises its
    :class:`ConnectError`, a target that is no database :class:`~workbench.db.urls.TargetError`.
    """
    from workbench.db.transaction import transaction_state

    if not isinstance(target, str):
        try:
            dialect = adopt(target)
        except TargetError:
            raise TargetError(
                f"cannot introspect a {type(target).__name__}: pass a URL or an open connection"
            ) from None
        # psycopg opens a transaction on the first query: a connection that was idle is left idle
        # (a read has nothing to commit), else a later apply would run under a savepoint of this
        # read transaction and never be committed. A transaction of the caller's stays open.
        idle = registry.get(dialect).driver_opens_transactions and transaction_state(target, dialect) == "idle"
        try:
            yield dialect, target
        finally:
            if idle and transaction_state(target, dialect) != "idle":
                target.rollback()
        return
    dialect, conn = open_url(as_url(target), read_only=True, timeout=timeout)
    try:
        yield dialect, conn
        if registry.get(dialect).driver_opens_transactions:
            conn.rollback()  # the read's own transaction: nothing to commit
    finally:
        conn.close()
