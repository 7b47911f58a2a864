"""Which engine a target means, and how to open it.

Targets are URLs (``postgresql://...``, ``postgres://...``, ``duckdb:///path.duckdb``, ``duckdb://``,
``duckdb:///:memory:``, ``sqlite:///path.db``, ``sqlite:///:memory:``) or already-open connections
(``duckdb.DuckDBPyConnection``, ``sqlite3.Connection``, ``psycopg.Connection``). Connections the
caller passes stay open; connections opened here are closed by :func:`open_target`'s context.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, unquote

from workbench.diagnostics import UserError


class IntrospectionTargetError(UserError):
    """The target is neither a supported URL nor an open connection."""


def dialect_of(target: Any) -> str:
    """``postgres``, ``duckdb`` or ``sqlite`` for a URL or a connection object."""
    if isinstance(target, str):
        scheme = target.split(":", 1)[0].lower()
        if scheme in ("postgresql", "postgres") or scheme.startswith("postgresql+"):
            return "postgres"
        if scheme == "duckdb":
            return "duckdb"
        if scheme == "sqlite":
            return "sqlite"
        raise IntrospectionTargetError(f"unsupported database URL scheme `{scheme}:` in {target!r}")
    if isinstance(target, sqlite3.Connection):
        return "sqlite"
    module = type(target).__module__ or ""
    if module.startswith("duckdb") or module == "_duckdb":
        return "duckdb"
    if module.startswith("psycopg"):
        return "postgres"
    raise IntrospectionTargetError(f"cannot introspect a {type(target).__name__}: pass a URL or an open connection")


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
def open_target(target: Any) -> Iterator[tuple[str, Any]]:
    """Yield ``(dialect, connection)``; close the connection afterwards only if it was opened here."""
    dialect = dialect_of(target)
    if not isinstance(target, str):
        yield dialect, target
        return
    if dialect == "postgres":
        import psycopg

        url = target.replace("postgresql+psycopg://", "postgresql://", 1)
        with psycopg.connect(url) as conn:
            yield dialect, conn
            conn.rollback()
        return
    if dialect == "duckdb":
        import duckdb

        path = path_of(target, "duckdb")
        conn = duckdb.connect(path, read_only=path != ":memory:")
        try:
            yield dialect, conn
        finally:
            conn.close()
        return
    path = path_of(target, "sqlite")
    if path == ":memory:":
        conn_sqlite = sqlite3.connect(path)
    else:
        conn_sqlite = sqlite3.connect(f"file:{quote(path)}?mode=ro", uri=True)
    try:
        yield dialect, conn_sqlite
    finally:
        conn_sqlite.close()
