"""Which engine a target means, and how to open it.

Targets are URLs (``postgresql://...``, ``postgres://...``, ``duckdb:///path.duckdb``, ``duckdb://``,
``duckdb:///:memory:``, ``sqlite:///path.db``, ``sqlite:///:memory:``), bare database file paths
(``blog.duckdb``, ``app.db``, ``app.sqlite``) or already-open connections
(``duckdb.DuckDBPyConnection``, ``sqlite3.Connection``, ``psycopg.Connection``). Connections the
caller passes stay open; connections opened here are closed by :func:`open_target`'s context.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, unquote

from workbench.db.secrets import redact_url
from workbench.db.transaction import TransactionStateError, dialect_of_raw
from workbench.diagnostics import UserError


class IntrospectionTargetError(UserError):
    """The target is neither a supported URL nor an open connection."""


DUCKDB_SUFFIXES = (".duckdb",)
SQLITE_SUFFIXES = (".db", ".sqlite", ".sqlite3")


def as_url(target: str) -> str:
    """A bare database file path as a URL (``blog.duckdb`` -> ``duckdb:///blog.duckdb``, ``x.db`` ->
    ``sqlite:///x.db``, absolute paths too); anything else unchanged."""
    if "://" in target:
        return target
    if target.lower().endswith(DUCKDB_SUFFIXES):
        return f"duckdb:///{quote(target)}"
    if target.lower().endswith(SQLITE_SUFFIXES):
        return f"sqlite:///{quote(target)}"
    return target


def dialect_of(target: Any) -> str:
    """``postgres``, ``duckdb`` or ``sqlite`` for a URL or a connection object.

    The error for an unsupported URL shows it with its password masked: a ``mysql://`` URL holds
    a password as much as a ``postgresql://`` one does.
    """
    if isinstance(target, str):
        target = as_url(target)
        scheme = target.split("://", 1)[0].lower() if "://" in target else ""
        if not re.fullmatch(r"[a-z][a-z0-9+.\-]*", scheme):
            raise IntrospectionTargetError(
                f"not a database URL: {_shown(target)}; use postgresql://user@host:port/db, duckdb:///path.duckdb "
                "or sqlite:///path.db (a bare path must end in .duckdb, .db or .sqlite)"
            )
        if scheme in ("postgresql", "postgres") or scheme.startswith(("postgresql+", "postgres+")):
            return "postgres"
        if scheme == "duckdb":
            return "duckdb"
        if scheme == "sqlite":
            return "sqlite"
        raise IntrospectionTargetError(
            f"unsupported database URL scheme `{scheme}://` in {_shown(target)}: "
            "use postgresql://, duckdb:/// or sqlite:///"
        )
    try:
        return dialect_of_raw(target)
    except TransactionStateError:
        raise IntrospectionTargetError(
            f"cannot introspect a {type(target).__name__}: pass a URL or an open connection"
        ) from None


def _shown(target: str) -> str:
    """``target`` quoted for an error, password masked (also in ``user:password@host`` without a scheme)."""
    return repr(redact_url(target))


def path_of(url: str, scheme: str) -> str:
    """The file path of a ``duckdb:``/``sqlite:`` URL, SQLAlchemy's convention.

    ``sqlite:///rel.db`` -> ``rel.db`` (relative), ``sqlite:////abs/x.db`` -> ``/abs/x.db``,
    ``duckdb://``, ``duckdb:///:memory:`` -> ``:memory:``. A query string is ignored.
    """
    rest = url[len(scheme) + 1 :].split("?", 1)[0]
    if rest.startswith("//"):
        rest = rest[2:]
        rest = rest[1:] if rest.startswith("/") else rest  # the host part is empty
    path = unquote(rest)
    return ":memory:" if path in ("", ":memory:") else path


@contextlib.contextmanager
def open_target(target: Any, *, timeout: float | None = None) -> Iterator[tuple[str, Any]]:
    """Yield ``(dialect, connection)``; close the connection afterwards only if it was opened here,
    and leave a caller's connection in the transaction state it was found in.

    URLs are opened read-only (introspection is a read: it never changes data and never creates a
    database file), with the connect timeout of :mod:`workbench.db.opening`; a database that
    cannot be opened raises its :class:`~workbench.db.opening.ConnectError`.
    """
    from workbench.db.opening import open_duckdb, open_postgres, open_sqlite
    from workbench.db.transaction import transaction_state

    dialect = dialect_of(target)
    if not isinstance(target, str):
        # psycopg opens a transaction on the first query: a connection that was idle is left idle
        # (a read has nothing to commit), else a later apply would run under a savepoint of this
        # read transaction and never be committed. A transaction of the caller's stays open.
        idle = dialect == "postgres" and transaction_state(target, dialect) == "idle"
        try:
            yield dialect, target
        finally:
            if idle and transaction_state(target, dialect) != "idle":
                target.rollback()
        return
    target = as_url(target)
    if dialect == "postgres":
        with open_postgres(target, timeout=timeout) as conn:
            conn.read_only = True
            yield dialect, conn
            conn.rollback()
        return
    if dialect == "duckdb":
        conn_duckdb = open_duckdb(target, path_of(target, "duckdb"), read_only=True)
        try:
            yield dialect, conn_duckdb
        finally:
            conn_duckdb.close()
        return
    conn_sqlite = open_sqlite(target, path_of(target, "sqlite"), read_only=True)
    try:
        yield dialect, conn_sqlite
    finally:
        conn_sqlite.close()
