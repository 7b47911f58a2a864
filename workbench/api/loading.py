"""Loading: a schema from Prisma or SQL files, or from a live database (``prisma db pull``).

The facade's ``wb.load`` and ``wb.introspect`` and the CLI come here; the loaders below return the
IR and diagnostics, and this is where they become a :class:`~workbench.api.schema.LoadedSchema`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from workbench.api.schema import LoadedSchema
from workbench.diagnostics import LoadError


def load(
    source: str | os.PathLike[str] | list[str | os.PathLike[str]] | None = None,
    *,
    text: str | None = None,
    name: str | None = None,
    dialect: str | None = None,
    strict: bool = False,
) -> LoadedSchema:
    """Load a schema: a Prisma schema (a ``.prisma`` file, a folder of them, or ``text=``), or SQL DDL.

    SQL is read when ``dialect`` is given (``postgres``, ``duckdb``, ``sqlite``, ``mysql``) or the
    source is a ``.sql`` file or a folder of ``.sql`` files (a migrations folder, applied in order);
    its relation fields are named the way ``prisma db pull`` names them.

    Never raises on a broken schema: the result carries located diagnostics and displays them.
    ``strict=True`` raises :class:`LoadError` (all diagnostics in the message) when there are errors.
    """
    if source is None and text is None:
        raise TypeError("load() needs a path or text=")
    if isinstance(source, str) and "\n" in source and text is None and not os.path.lexists(source):
        from workbench.diagnostics import UserError

        raise UserError("load() was given schema text where a path belongs: pass it as wb.load(text=...)")
    if dialect is not None or _is_sql(source):
        from workbench.loaders.sql import load_sql

        sql_name = name or "schema.sql"
        # no dialect: a migrations folder's migration_lock.toml says it, else postgres
        sql = load_sql(source, dialect=dialect, text=text, name=sql_name)
        loaded = LoadedSchema(
            sql.schema,
            tuple(sql.diagnostics),
            dict(sql.sources),
            origin=_origin(source, sql_name),
            database=sql.database,
        )
    else:
        from workbench.loaders.prisma.loader import load_prisma_pending

        prisma_name = name or "schema.prisma"
        result = load_prisma_pending(source if source is not None else prisma_name, text=text, name=prisma_name)
        loaded = LoadedSchema(
            result, tuple(result.diagnostics), dict(result.sources), origin=_origin(source, prisma_name)
        )
    if strict and loaded.errors:
        raise LoadError(loaded.errors, loaded.sources)
    return loaded


def _is_sql(source: Any) -> bool:
    """A ``.sql`` file, a list of them, or a folder holding ``.sql`` files and no ``.prisma`` file."""
    if source is None:
        return False
    if isinstance(source, (list, tuple)):
        return bool(source) and all(str(s).endswith(".sql") for s in source)
    path = Path(source)
    try:
        if path.is_dir():
            return any(path.rglob("*.sql")) and not any(path.rglob("*.prisma"))
    except OSError:  # a name too long for the file system: not SQL; the loader reports it, located
        return False
    return path.suffix.lower() == ".sql"


def _origin(source: Any, name: str) -> str:
    if source is None:
        return name
    if isinstance(source, (list, tuple)):
        return ", ".join(str(s) for s in source)
    return str(source)


def introspect(target: Any, *, timeout: float | None = None) -> LoadedSchema:
    """Read a live database into the schema IR, like ``prisma db pull``.

    ``target``: a URL, a :class:`~workbench.db.connection.Connection` from :func:`connect`, or an
    open DuckDB / sqlite3 / psycopg connection. URLs are opened read-only (a missing database file
    is an error, never created); ``timeout`` is the connect timeout as in :func:`connect`. The
    result names its origin with the password masked: it shows up in displays and file headers.
    """
    from workbench.db.connection import Connection
    from workbench.db.secrets import redact_url
    from workbench.loaders.introspect import introspect as _introspect
    from workbench.loaders.introspect import lift

    if isinstance(target, Connection):
        origin, target = target.url, target.raw
    elif isinstance(target, str):
        origin = redact_url(target)
    else:
        origin = f"{type(target).__module__.split('.')[0].lstrip('_')} connection"
    database, diagnostics = _introspect(target, timeout=timeout)
    return LoadedSchema(lift(database), tuple(diagnostics), {}, origin=origin, database=database)
