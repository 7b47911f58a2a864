"""workbench: design database schemas interactively.

The notebook-facing facade. Everything heavy is imported inside the function that needs it, so
``import workbench`` stays cheap (the CLI's start-up time is part of every ``workbench check``)::

    import workbench as wb
    s = wb.load("sample_schemas/blog.prisma")   # parse + validate, located diagnostics
    print(s.to_sql("postgres"))                 # DDL identical to Prisma Migrate's
    db = wb.connect()                           # in-memory DuckDB
    db.apply(s)                                 # build the tables

Each function here is a thin, typed door into :mod:`workbench.api` (what users hold) or a feature;
the layers below never import it (``docs/architecture.md``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from workbench.diagnostics import Diagnostic, LoadError, Severity, WorkbenchError

if TYPE_CHECKING:
    from workbench.api.authoring import NewMigration
    from workbench.api.database import Database
    from workbench.api.schema import LoadedSchema
    from workbench.emit.files import GeneratedFiles
    from workbench.ir import Schema
    from workbench.migrate.rehearse_report import Rehearsal
    from workbench.migrate.result import Diff
    from workbench.notebook.studio import Studio
    from workbench.profile.capture import Capture
    from workbench.profile.compare import Comparison
    from workbench.profile.monitor_health import PoolUsage
    from workbench.profile.result import Profile
    from workbench.project import Settings
    from workbench.render.erd import Erd
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
    "config",
    "connect",
    "diff",
    "erd",
    "export",
    "introspect",
    "load",
    "new_migration",
    "pool_usage",
    "postgres_url",
    "rehearse",
    "restore",
    "scratch_database",
    "seed",
    "seed_plan",
    "studio",
]

PathLike = str | os.PathLike[str]


def load(
    source: PathLike | list[PathLike] | None = None,
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
    from workbench.api.loading import load as _load

    return _load(source, text=text, name=name, dialect=dialect, strict=strict)


def introspect(target: Any, *, timeout: float | None = None) -> LoadedSchema:
    """Read a live database into the schema IR, like ``prisma db pull``.

    ``target``: a URL, a database from :func:`connect`, or an open DuckDB / sqlite3 / psycopg
    connection. URLs are opened read-only (a missing database file is an error, never created);
    ``timeout`` is the connect timeout as in :func:`connect`. The result names its origin with the
    password masked: it shows up in displays and file headers.
    """
    from workbench.api.loading import introspect as _introspect

    return _introspect(target, timeout=timeout)


def connect(url: str | None = None, *, timeout: float | None = None, create: bool = True) -> Database:
    """Open a database: in-memory DuckDB by default, or a URL (``duckdb:///file.duckdb``,
    ``postgresql://user@host:port/db``, ``sqlite:///file.db``).

    ``timeout``: seconds to wait for a PostgreSQL server (default 10, or ``$WORKBENCH_CONNECT_TIMEOUT``;
    ``connect_timeout=`` in the URL wins). A DuckDB/SQLite file that does not exist is created, as
    ``duckdb.connect`` does; ``create=False`` refuses it instead. A database that cannot be opened
    raises :class:`~workbench.db.opening.ConnectError` (a one-line message, password masked).

    ``connect("postgres")`` opens :func:`postgres_url`: ``$WORKBENCH_PG_URL``, else a throwaway
    server started for this process (when the PostgreSQL binaries are installed).
    """
    from workbench.api.database import connect as _connect

    if url in ("postgres", "postgresql"):
        url = postgres_url()

    db = _connect(url, timeout=timeout, create=create)
    if "IPython" in sys.modules:  # in a notebook the last database opened is the one %sql queries
        from workbench.notebook.magics import remember

        remember(db)
    return db


def config(start: PathLike | None = None) -> Settings:
    """The project's settings: ``[tool.workbench]`` in the nearest ``pyproject.toml`` (or a
    ``workbench.toml``) found walking up from ``start`` (default: the current folder), resolved the
    way the ``workbench`` command resolves them when its arguments are omitted: the environment
    (``WORKBENCH_SCHEMA``, ``DATABASE_URL``, ``WORKBENCH_MIGRATIONS``), then the file, then the
    schema datasource's ``url = env("...")``, then the defaults.

    ``.schema`` / ``.migrations`` are paths with where each came from; ``.database`` is the
    reference as written (``env(DATABASE_URL)``), read only by ``.database_url()``, so the display
    never shows a password; ``.exports`` the ``[tool.workbench.export]`` targets; ``.lint`` the
    lint table. A mistake in the file raises a :class:`UserError` located at its key.
    """
    from workbench.api.project import project_settings

    return project_settings(start)


def postgres_url() -> str:
    """A PostgreSQL URL for notebooks and tests: ``$WORKBENCH_PG_URL`` when set (an existing server,
    or the one ``make lab`` started), else a throwaway server of this process, started on first use
    and stopped at exit; a clear error saying what to install or set when neither is possible."""
    from workbench.db.pgserver import postgres_url as _postgres_url

    return _postgres_url()


def diff(
    old: LoadedSchema | PathLike,
    new: LoadedSchema | PathLike,
    *,
    dialect: str | None = None,
    renames: Mapping[str, str] | list[str] | str | None = None,
) -> Diff:
    """What changes from ``old`` to ``new`` (each a loaded schema, a Prisma file or folder, SQL DDL,
    or a database URL): ordered operations, ``.sql()`` up and ``.down_sql()`` down, rename
    candidates. ``renames={"Post.title": "Post.headline"}`` (or ``"auto"``) turns a drop + add into
    a rename that keeps the data; without it a rename is a drop and an add, as in Prisma Migrate."""
    from workbench.api.diffing import diff as _diff

    return _diff(old, new, dialect=dialect, renames=renames)


def new_migration(
    schema: LoadedSchema | PathLike,
    dir: PathLike,
    name: str,
    *,
    renames: Mapping[str, str] | list[str] | str | None = None,
    dialect: str | None = None,
) -> NewMigration:
    """Write the next migration of the versioned folder ``dir`` (Prisma Migrate's layout): the diff
    from the folder's replayed state to ``schema``, as ``<timestamp>_<name>/migration.sql`` with its
    hazards in a header, and ``down.sql`` beside it. Nothing is written when nothing changes."""
    from workbench.api.authoring import new_migration as _new

    return _new(schema, dir, name, renames=renames, dialect=dialect)


def rehearse(
    source: Diff | PathLike | tuple[Any, Any],
    rows: int = 1000,
    db: str | None = None,
    migration: str | None = None,
    seed: int = 0,
    **options: Any,
) -> Rehearsal:
    """Rehearse a migration (a diff, a pair ``(old, new)``, or a migrations folder's last migration or
    ``migration=``) on ``rows`` seeded rows per table, in DuckDB in memory or a throwaway database on
    the PostgreSQL server ``db``: what fails on the data, what is lost, which statement blocks writes
    and for how long, and whether the down script brings everything back."""
    from workbench.api.rehearsing import rehearse as _rehearse

    return _rehearse(source, rows, db, migration, seed, **options)


def scratch_database(url: str) -> AbstractContextManager[Database]:
    """``with wb.scratch_database(url) as db:``: a new, empty database on the PostgreSQL server at
    ``url``, dropped on exit. Needs the CREATEDB privilege."""
    from workbench.api.database import scratch_database as _scratch

    return _scratch(url)


def seed(
    schema: LoadedSchema | Schema, db: Any = None, rows: int | Mapping[str, int] = 1000, **options: Any
) -> SeedReport:
    """Fill ``db`` (a :func:`connect` database, URL, or None for a new in-memory DuckDB) with
    deterministic rows that respect every constraint of ``schema``.

    ``rows``: per table, or ``{"User": 1_000, "Post": 50_000}``; options: ``seed=42``,
    ``seed_files=...`` (hand-written JSON/YAML/CSV rows, validated, loaded first),
    ``fanout="zipf"|"uniform"``, ``null_ratio=0.1``, ``strict=True`` (refuse when a table's
    constraints allow fewer rows than asked). See :func:`workbench.seeding.seed`.
    """
    from workbench.api.seeding import seed as _seed

    return _seed(schema, db, rows, **options)


def seed_plan(
    schema: LoadedSchema | Schema, rows: int | Mapping[str, int] = 1000, *, strict: bool = False
) -> Feasibility:
    """What :func:`seed` would write, before writing it: rows per table and the constraint that
    limits each (a join table holds at most parents x parents distinct pairs...). No database."""
    from workbench.api.seeding import seed_plan as _seed_plan

    return _seed_plan(schema, rows, strict=strict)


def erd(schema: LoadedSchema | PathLike, **options: Any) -> Erd:
    """The ER diagram of a schema (a loaded schema or a path): ``s.erd(...)``, options as there."""
    return _loaded(schema).erd(**options)


def export(schema: LoadedSchema | PathLike, target: str, *, dialect: str | None = None) -> GeneratedFiles:
    """Generated code for ``target`` (``drizzle``, ``zod``, ``sql:postgres``...): ``s.export(...)``."""
    return _loaded(schema).export(target, dialect=dialect)


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


def studio(source: LoadedSchema | PathLike, **options: Any) -> Studio:
    """The interactive design session (ipywidgets): a schema editor with live diagram, diagnostics,
    lint (with fix buttons), generated code, data and explorer tabs. ``source``: a path or a loaded
    schema. Without a widget front end it displays as a static snapshot."""
    from workbench.notebook.studio import studio as _studio

    return _studio(source, **options)


def _loaded(schema: LoadedSchema | PathLike) -> LoadedSchema:
    from workbench.api.schema import LoadedSchema

    return schema if isinstance(schema, LoadedSchema) else load(schema, strict=True)


def restore(path: PathLike, url: str, *, force: bool = False) -> int:
    """Restore a backup written by ``db.backup(path)`` / ``workbench backup`` into the database at
    ``url`` (a DuckDB/SQLite file is created when missing); returns how many tables, views and
    sequences it then holds. A database that is not empty is refused unless ``force=True``
    (PostgreSQL: ``pg_restore --clean --if-exists``; a DuckDB/SQLite file becomes the backup).
    See :mod:`workbench.migrate.backup`."""
    from workbench.migrate.backup import restore as _restore

    return _restore(path, url, force=force)


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext workbench``: the ``%%prisma`` cell magic and the ``%sql`` / ``%%sql`` magics
    (:mod:`workbench.notebook.magics`)."""
    from workbench.notebook.magics import load_ipython_extension as _load_extension

    _load_extension(ipython)


def unload_ipython_extension(ipython: Any) -> None:
    """``%unload_ext workbench``: closes the connections ``%sql`` opened."""
    from workbench.notebook.magics import unload_ipython_extension as _unload_extension

    _unload_extension(ipython)
