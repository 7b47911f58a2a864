"""``Database``: the open database users hold (``db = wb.connect()``), with the features on it.

The driver part (opening, queries, all-or-nothing scripts) is :class:`workbench.db.connection.Connection`,
which features work on; this subclass adds what a notebook user calls on the database: ``apply`` a
schema, ``introspect`` it, ``profile``/``advise``/``sweep`` a query and the PostgreSQL monitoring
views. It is the one place where a :class:`~workbench.api.schema.LoadedSchema` is unwrapped into
the IR and its sources before a feature sees it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from workbench.api.schema import LoadedSchema, unwrap
from workbench.db.connection import Connection
from workbench.ir import Schema

if TYPE_CHECKING:  # the features are imported when called: `import workbench` stays cheap
    from contextlib import AbstractContextManager

    from workbench.ir import Database as DatabaseView
    from workbench.migrate.backup import BackupReport
    from workbench.migrate.runner import ApplyReport, DownReport
    from workbench.migrate.status import MigrationStatus
    from workbench.profile.advisor import Advice
    from workbench.profile.maintenance import MaintenanceReport
    from workbench.profile.monitor import SlowLog, Workload
    from workbench.profile.monitor_health import CacheReport
    from workbench.profile.monitor_indexes import IndexReport
    from workbench.profile.monitor_report import MonitorReport
    from workbench.profile.result import Profile
    from workbench.profile.sweep import Sweep


class Database(Connection):
    """An open database. Create it with :func:`workbench.connect`.

    ``url`` is the URL with its password masked (what displays and messages show); the real URL
    is kept private and only ever handed to the driver.
    """

    def __repr__(self) -> str:
        return f"<workbench.Database {self.dialect} {self.url}>"

    # --- schema ----------------------------------------------------------------------------------
    def apply(self, schema: LoadedSchema | Schema | str) -> str:
        """Create a schema's tables (a loaded schema, an IR ``Schema`` or a DDL script).

        Returns the DDL that ran. Raises :class:`~workbench.db.connection.ApplyError` (nothing
        changed) if any statement fails. Inside a transaction you opened on ``db.raw`` the tables
        join it: commit it to keep them (on DuckDB, finish it first). See :meth:`run_script`.
        """
        script = self._ddl_for(schema)
        self.run_script(script)
        return script

    def _ddl_for(self, schema: LoadedSchema | Schema | str) -> str:
        if isinstance(schema, str):
            return schema
        if isinstance(schema, LoadedSchema):
            return str(schema.to_sql(self.dialect))
        from workbench.emit.sql import schema_ddl

        return schema_ddl(schema, self.dialect)

    def introspect(self) -> DatabaseView:
        """The database's tables, columns, keys and indexes as the IR's database view."""
        from workbench.loaders.introspect import introspect

        return introspect(self.raw)[0]

    def tables(self) -> list[str]:
        """Names of the tables in the database (schema-qualified outside the default schema)."""
        db = self.introspect()
        return sorted(f"{t.schema}.{t.name}" if t.schema else t.name for t in db.tables)

    # --- query performance -----------------------------------------------------------------------
    def profile(self, sql: str, params: Any = None, runs: int = 10, warmup: int = 2) -> Profile:
        """Time a query and parse its executed plan (DuckDB/PostgreSQL); DML is rolled back.

        Returns a :class:`workbench.profile.Profile`: wall times, rows, an engine-neutral plan tree
        with hot spots, shown as a plan diagram and table in a notebook.
        """
        from workbench.profile.run import profile

        return profile(self, sql, params, runs=runs, warmup=warmup)

    def advise(
        self, sql: str, params: Any = None, *, schema: LoadedSchema | Schema | None = None, **options: Any
    ) -> Advice:
        """Build, measure and roll back candidate indexes for a query; recommend only what helps.

        ``schema`` (a loaded schema) names the Prisma ``@@index`` line; options: ``runs=``, ``min_speedup=``.
        """
        from workbench.profile.advisor import advise

        ir = unwrap(schema)[0] if schema is not None else None
        return advise(self, sql, params, schema=ir, **options)

    def sweep(
        self, sql: str, schema: LoadedSchema | Schema, scales: Sequence[float] = (1e3, 1e4, 1e5), **options: Any
    ) -> Sweep:
        """Seed fresh databases at each scale, profile ``sql`` on each and name the growth.

        Options: ``rows=``, ``runs=``, ``seed=``, ``fanout=``. The caller's database is never touched.
        """
        from workbench.profile.sweep import sweep

        return sweep(self, sql, unwrap(schema)[0], scales, **options)

    # --- monitoring (PostgreSQL only) ------------------------------------------------------------
    def workload(self, top: int = 10, *, install: bool = False) -> Workload:
        """Top statements of this database by total and by mean time (pg_stat_statements)."""
        from workbench.profile.monitor import workload

        return workload(self, top, install=install)

    def watch(self, threshold_ms: float = 100.0, *, install: bool = False) -> AbstractContextManager[SlowLog]:
        """``with db.watch(threshold_ms=50) as log:``: statement shapes slower than that inside the block."""
        from workbench.profile.monitor import watch

        return watch(self, threshold_ms, install=install)

    def cache_hit_ratio(self) -> CacheReport:
        """Shared-buffer hit ratios (heap, index; per table and overall) from pg_statio."""
        from workbench.profile.monitor_health import cache_hit_ratio

        return cache_hit_ratio(self)

    def index_report(self, schema: LoadedSchema | Schema | None = None) -> IndexReport:
        """Unused and duplicate indexes, with the Prisma line (or DROP INDEX) that removes each."""
        from workbench.profile.monitor_indexes import index_report

        if schema is None:
            return index_report(self)
        ir, sources = unwrap(schema)
        return index_report(self, ir, sources)

    # --- monitoring and maintenance (PostgreSQL and DuckDB) -----------------------------------------
    def monitor(
        self, schema: LoadedSchema | Schema | None = None, *, top: int = 10, slow_ms: float = 100.0
    ) -> MonitorReport:
        """One health report (what ``workbench monitor`` prints): workload, slow statements, cache
        hit ratio, connections, table sizes, unused/duplicate indexes; ``.findings`` lists what
        needs attention. Reads only. ``schema`` names the Prisma line that removes an index."""
        from workbench.profile.monitor_check import monitor

        if schema is None:
            return monitor(self, top=top, slow_ms=slow_ms)
        ir, sources = unwrap(schema)
        return monitor(self, ir, sources, top=top, slow_ms=slow_ms)

    def maintain(
        self,
        *,
        analyze: bool = True,
        reindex: bool = True,
        vacuum: bool = True,
        dry_run: bool = False,
        lock_timeout: str = "5s",
        statement_timeout: str = "1h",
    ) -> MaintenanceReport:
        """ANALYZE stale tables, VACUUM ones with many dead rows, REINDEX CONCURRENTLY invalid or
        bloated indexes (DuckDB: ANALYZE, CHECKPOINT); ``dry_run=True`` only lists the statements.
        Refused while this connection has a transaction open (see :mod:`workbench.profile.maintenance`)."""
        from workbench.profile.maintenance import maintain

        return maintain(
            self,
            analyze=analyze,
            reindex=reindex,
            vacuum=vacuum,
            dry_run=dry_run,
            lock_timeout=lock_timeout,
            statement_timeout=statement_timeout,
        )

    # --- migrations (#16) ---------------------------------------------------------------------------
    def migrate(
        self, dir: str | os.PathLike[str], *, to: str | None = None, backup: str | os.PathLike[str] | None = None
    ) -> ApplyReport:
        """Apply a migrations folder's pending migrations (see :func:`workbench.api.migrating.migrate`);
        ``backup=DIR`` copies the database there first when something is pending."""
        from workbench.api.migrating import migrate

        return migrate(self, dir, to=to, backup=backup)

    def migrate_down(
        self,
        dir: str | os.PathLike[str],
        *,
        to: str | None = None,
        steps: int = 1,
        accept_data_loss: bool = False,
    ) -> DownReport:
        """Roll back applied migrations with their down.sql (see :func:`workbench.api.migrating.migrate_down`)."""
        from workbench.api.migrating import migrate_down

        return migrate_down(self, dir, to=to, steps=steps, accept_data_loss=accept_data_loss)

    def migration_status(self, dir: str = "migrations", *, drift: bool = True, times: bool = False) -> MigrationStatus:
        """Applied, pending, failed and modified migrations of ``dir`` on this database, and drift
        (what was changed by hand, with the SQL to record it or undo it). Reads only."""
        from workbench.api.status import migration_status

        return migration_status(self, dir, drift=drift, times=times)

    def backup(self, path: str | os.PathLike[str]) -> BackupReport:
        """Copy this database to ``path`` before a risky migration (DuckDB ``EXPORT DATABASE`` to a
        directory, SQLite's backup API to a file, PostgreSQL ``pg_dump --format=custom``); a path
        that exists and is not empty is refused. ``wb.restore(path, url)`` brings it back."""
        from workbench.migrate.backup import backup

        return backup(self, path)


def connect(url: str | None = None, *, timeout: float | None = None, create: bool = True) -> Database:
    """Open a database: in-memory DuckDB by default, or a URL (``duckdb:///file.duckdb``,
    ``postgresql://user@host:port/db``, ``sqlite:///file.db``).

    ``timeout``: seconds to wait for a PostgreSQL server (default 10, or ``$WORKBENCH_CONNECT_TIMEOUT``;
    ``connect_timeout=`` in the URL wins). A DuckDB/SQLite file that does not exist is created, as
    ``duckdb.connect`` does; ``create=False`` refuses it instead. A database that cannot be opened
    raises :class:`~workbench.db.opening.ConnectError` (a one-line message, password masked).
    """
    return Database.open(url, timeout=timeout, create=create)


def as_database(conn: Connection) -> Database:
    """The user-facing view of a driver connection a feature opened (same driver connection)."""
    if isinstance(conn, Database):
        return conn
    return Database(conn.dialect, conn.raw, conn._url)


@contextmanager
def scratch_database(url: str) -> Iterator[Database]:
    """``with wb.scratch_database(url) as db:``: a new, empty database on the PostgreSQL server at
    ``url``, dropped on exit (what ``db.sweep`` measures on). Needs the CREATEDB privilege."""
    from workbench.profile.sweep import scratch_postgres

    with scratch_postgres(url) as conn:
        yield as_database(conn)
