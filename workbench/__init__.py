"""workbench: design database schemas interactively.

The notebook-facing facade. Everything heavy is imported inside the function that needs it, so
``import workbench`` stays cheap (the CLI's start-up time is part of every ``workbench check``)::

    import workbench as wb
    s = wb.load("sample_schemas/blog.prisma")   # parse + validate, located diagnostics
    print(s.to_sql("postgres"))                 # DDL identical to Prisma Migrate's
    db = wb.connect()                           # in-memory DuckDB
    db.apply(s)                                 # build the tables
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.diagnostics import Diagnostic, LoadError, Severity, WorkbenchError

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from workbench.db.connection import Connection
    from workbench.notebook.loaded import LoadedSchema
    from workbench.notebook.studio import Studio
    from workbench.profile import Capture, Comparison, PoolUsage, Profile
    from workbench.seeding import Feasibility, SeedReport

__version__ = "0.1.0"

__all__ = [
    "Diagnostic",
    "LoadError",
    "Severity",
    "WorkbenchError",
    "__version__",
    "capture",
    "compare",
    "connect",
    "introspect",
    "load",
    "pool_usage",
    "seed",
    "seed_plan",
    "studio",
]


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
    from workbench.notebook.loaded import LoadedSchema

    if source is None and text is None:
        raise TypeError("load() needs a path or text=")
    if isinstance(source, str) and "\n" in source and text is None and not os.path.lexists(source):
        from workbench.diagnostics import UserError

        raise UserError("load() was given schema text where a path belongs: pass it as wb.load(text=...)")
    if dialect is not None or _is_sql(source):
        from workbench.loaders.sql import load_sql

        sql_name = name or "schema.sql"
        sql = load_sql(source, dialect=dialect or "postgres", text=text, name=sql_name)
        loaded = LoadedSchema(
            sql.schema,
            tuple(sql.diagnostics),
            dict(sql.sources),
            origin=_origin(source, sql_name),
            database=sql.database,
        )
    else:
        from workbench.loaders.prisma import load_prisma

        prisma_name = name or "schema.prisma"
        result = load_prisma(source if source is not None else prisma_name, text=text, name=prisma_name)
        loaded = LoadedSchema(
            result.schema, tuple(result.diagnostics), dict(result.sources), origin=_origin(source, prisma_name)
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


def connect(url: str | None = None, *, timeout: float | None = None, create: bool = True) -> Connection:
    """Open a database: in-memory DuckDB by default, or a URL (``duckdb:///file.duckdb``,
    ``postgresql://user@host:port/db``, ``sqlite:///file.db``).

    ``timeout``: seconds to wait for a PostgreSQL server (default 10, or ``$WORKBENCH_CONNECT_TIMEOUT``;
    ``connect_timeout=`` in the URL wins). A DuckDB/SQLite file that does not exist is created, as
    ``duckdb.connect`` does; ``create=False`` refuses it instead. A database that cannot be opened
    raises :class:`~workbench.db.opening.ConnectError` (a one-line message, password masked).
    """
    from workbench.db.connection import Connection

    return Connection.open(url, timeout=timeout, create=create)


def seed(schema: Any, db: Any = None, rows: Any = 1000, **options: Any) -> SeedReport:
    """Fill ``db`` (a :func:`connect` connection, URL, or None for a new in-memory DuckDB) with
    deterministic rows that respect every constraint of ``schema``.

    ``rows``: per table, or ``{"User": 1_000, "Post": 50_000}``; options: ``seed=42``,
    ``seed_files=...`` (hand-written JSON/YAML/CSV rows, validated, loaded first),
    ``fanout="zipf"|"uniform"``, ``null_ratio=0.1``, ``strict=True`` (refuse when a table's
    constraints allow fewer rows than asked). See :func:`workbench.seeding.seed`.
    """
    from workbench.seeding import seed as _seed

    return _seed(schema, db, rows, **options)


def seed_plan(schema: Any, rows: Any = 1000, *, strict: bool = False) -> Feasibility:
    """What :func:`seed` would write, before writing it: rows per table and the constraint that
    limits each (a join table holds at most parents x parents distinct pairs...). No database."""
    from workbench.seeding import seed_plan as _seed_plan

    return _seed_plan(schema, rows, strict=strict)


def compare(before: Profile, after: Profile, labels: tuple[str, str] = ("before", "after")) -> Comparison:
    """Two profiles side by side: speedup and operator-level plan difference."""
    from workbench.profile import compare as _compare

    return _compare(before, after, labels)


def capture(engine: Any) -> AbstractContextManager[Capture]:
    """``with wb.capture(engine) as cap:`` records every statement SQLAlchemy sends (text, parameters, time)."""
    from workbench.profile import capture as _capture

    return _capture(engine)


def pool_usage(engine: Any) -> PoolUsage:
    """Checked-out / size / overflow of a SQLAlchemy engine's QueuePool (a ``PoolUsage``)."""
    from workbench.profile.monitor_health import pool_usage as _pool_usage

    return _pool_usage(engine)


def studio(source: Any, **options: Any) -> Studio:
    """The interactive design session (ipywidgets): a schema editor with live diagram, diagnostics,
    lint (with fix buttons), generated code, data and explorer tabs. ``source``: a path or a loaded
    schema. Without a widget front end it displays as a static snapshot."""
    from workbench.notebook.studio import studio as _studio

    return _studio(source, **options)


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
    from workbench.notebook.loaded import LoadedSchema

    if isinstance(target, Connection):
        origin, target = target.url, target.raw
    elif isinstance(target, str):
        origin = redact_url(target)
    else:
        origin = f"{type(target).__module__.split('.')[0].lstrip('_')} connection"
    database, diagnostics = _introspect(target, timeout=timeout)
    return LoadedSchema(lift(database), tuple(diagnostics), {}, origin=origin, database=database)
