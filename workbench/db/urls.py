"""Database URLs: which engine, and where.

``None`` / ``duckdb://`` / ``duckdb:///:memory:`` is an in-memory DuckDB (the embedded default);
``duckdb:///path.duckdb`` a DuckDB file; ``sqlite:///path.db`` a SQLite file; ``postgresql://`` or
``postgres://`` a PostgreSQL server. A bare path ending in ``.duckdb``/``.db``/``.sqlite`` is
accepted for convenience.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.diagnostics import UserError


@dataclass(frozen=True, slots=True)
class DbTarget:
    dialect: str  # duckdb, sqlite, postgres
    url: str
    path: str | None = None  # file path for duckdb/sqlite (None = in memory)


def parse_url(url: str | None) -> DbTarget:
    if url is None or url in ("duckdb://", "duckdb:///:memory:", ":memory:"):
        return DbTarget("duckdb", "duckdb:///:memory:")
    for prefix, dialect in (("duckdb:///", "duckdb"), ("sqlite:///", "sqlite")):
        if url.startswith(prefix):
            path = url[len(prefix) :]
            return DbTarget(dialect, url, None if path in ("", ":memory:") else path)
    if url.startswith(("postgresql://", "postgres://")):
        return DbTarget("postgres", url)
    if url.endswith(".duckdb"):
        return DbTarget("duckdb", f"duckdb:///{url}", url)
    if url.endswith((".db", ".sqlite", ".sqlite3")):
        return DbTarget("sqlite", f"sqlite:///{url}", url)
    raise UserError(
        f"cannot tell which database {url!r} is: use duckdb:///FILE.duckdb, sqlite:///FILE.db "
        "or postgresql://USER@HOST:PORT/DB (or nothing, for an in-memory DuckDB)"
    )
