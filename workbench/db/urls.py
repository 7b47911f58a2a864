"""Database URLs for :func:`workbench.connect`: which engine, and where.

``None`` is an in-memory DuckDB (the embedded default). URLs follow SQLAlchemy's convention and
are parsed by the introspection layer's :mod:`~workbench.loaders.introspect.urls` (one parser for
the whole package); a bare path ending in ``.duckdb``/``.db``/``.sqlite`` is accepted too.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.loaders.introspect.urls import as_url, dialect_of, path_of


@dataclass(frozen=True, slots=True)
class DbTarget:
    dialect: str  # duckdb, sqlite, postgres
    url: str
    path: str | None = None  # file path for duckdb/sqlite (None = in memory)


def parse_url(url: str | None) -> DbTarget:
    if url is None or url == ":memory:":
        return DbTarget("duckdb", "duckdb:///:memory:")
    url = as_url(url)
    dialect = dialect_of(url)
    if dialect == "postgres":
        return DbTarget(dialect, url)
    path = path_of(url, dialect)
    return DbTarget(dialect, url, None if path == ":memory:" else path)
