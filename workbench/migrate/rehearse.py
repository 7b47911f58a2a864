"""Rehearse a migration on seeded data before it runs in production (what no anchor tool does).

Prisma Migrate, Atlas and Alembic check a migration's SQL, not what it does to rows, and none of
them measures how long a statement holds its lock at your data volume. A rehearsal builds the old
schema in a scratch database (DuckDB in memory, or a throwaway database created and dropped on a
PostgreSQL server), seeds ``rows`` rows per table, fingerprints every column, runs the up script
statement by statement (timed; on PostgreSQL with its locks sampled from ``pg_locks``), checks
what survived (following renames), runs the down script and checks the round trip. Nothing but
the scratch database is ever touched, and it is dropped at the end, failure or not.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from workbench.db.connection import Connection, error_text
from workbench.diagnostics import Diagnostic, Severity, SourceFile, UserError
from workbench.diagnostics.catalog import migrate as codes
from workbench.migrate.diff import diff_databases
from workbench.migrate.rehearse_data import Fingerprint, fingerprint, follow, round_trip
from workbench.migrate.rehearse_input import Plan, from_diff, from_folder
from workbench.migrate.rehearse_locks import LockSampler, show_mode, table_oids
from workbench.migrate.rehearse_match import hazards_for
from workbench.migrate.rehearse_report import Rehearsal, seconds
from workbench.migrate.rehearse_run import Step, Timed, run_steps, steps
from workbench.migrate.result import Diff
from workbench.progress import Bar
from workbench.progress import bar as progress_bar

Source = Diff | str | os.PathLike[str]
_LOCK_CODES = (codes.TABLE_REWRITE, codes.INDEX_NOT_CONCURRENT, codes.FOREIGN_KEY_VALIDATES, codes.SET_NOT_NULL_SCANS)


def plan_of(source: Source, migration: str | None = None, engine: str = "duckdb") -> Plan:
    """What to rehearse: a :class:`Diff`, or a migrations folder (its last migration, or ``migration``)."""
    if isinstance(source, Diff):
        if migration is not None:
            raise UserError("migration= names a migration of a folder; a diff is one migration already")
        return from_diff(source)
    return from_folder(Path(source), migration, engine)


def rehearse(source: Source | Plan, rows: int = 1000, *, db: str | None = None, migration: str | None = None,
             seed: int = 0, progress: bool | None = None) -> Rehearsal:  # fmt: skip
    """Rehearse ``source`` on ``rows`` seeded rows per table; ``db``: a PostgreSQL server URL (a throwaway
    database is created there and dropped), or None for DuckDB in memory. ``progress``: a bar while
    seeding, then one over the rehearsal's stages (:mod:`workbench.progress`)."""
    if isinstance(rows, bool) or not isinstance(rows, int) or rows < 0:
        raise UserError(f"rows={rows!r}: give the number of rows to seed per table (0 or more)")
    engine = _engine(db)
    plan = source if isinstance(source, Plan) else plan_of(source, migration, engine)
    if plan.dialect != engine:
        where = "give db= a PostgreSQL server URL" if plan.dialect == "postgres" else "leave db= out (DuckDB)"
        raise UserError(
            f"{plan.name} is written for {plan.dialect}; it rehearses on {engine} only if the SQL is for it: {where}"
        )
    with _scratch(db) as conn:
        return _Rehearsal(plan, conn, rows, seed, db, progress).run()


def _engine(db: str | None) -> str:
    if db is None:
        return "duckdb"
    from workbench.db.secrets import redact_url
    from workbench.dialects import registry

    found = registry.from_url(db) if "://" in db else None
    if found is None or found.name != "postgres":
        raise UserError(
            f"db={redact_url(db)}: give a PostgreSQL server URL (postgresql://user@host:5432/postgres): the rehearsal"
            " creates a throwaway database there and drops it; leave db out to rehearse on DuckDB in memory"
        )
    return "postgres"


@contextmanager
def _scratch(db: str | None) -> Iterator[Connection]:
    if db is None:
        conn = Connection.open(None)
        # DuckDB draws a progress widget for long statements in a notebook: the report has the times
        conn.raw.execute("SET enable_progress_bar = false")
        try:
            yield conn
        finally:
            conn.close()
        return
    from workbench.profile.sweep import scratch_postgres

    with scratch_postgres(db) as conn:
        conn.raw.autocommit = True  # transactions are explicit in the rehearsal (BEGIN ... COMMIT per script)
        yield conn


class _Rehearsal:
    def __init__(
        self, plan: Plan, conn: Connection, rows: int, seed: int, server: str | None, progress: bool | None = None
    ) -> None:
        self.plan, self.conn, self.rows, self.seed, self.server = plan, conn, rows, seed, server
        self.progress = progress
        self.findings: list[Diagnostic] = []
        self.sources: dict[str, SourceFile] = {plan.up.path: plan.up}
        if plan.down is not None:
            self.sources[plan.down.path] = plan.down

    def run(self) -> Rehearsal:
        for script in self.plan.setup:
            self.conn.run_script(script)
        seeded = self._seed()
        stages = 5 if self.plan.down is not None else 3  # fingerprint, up, check (+ down, round trip)
        with progress_bar(stages, "rehearsal", "stages", progress=self.progress) as bar:
            up, down, survival, trip, changes = self._stages(bar)
        raw = self.conn.raw
        scratch = str(raw.info.dbname) if self.conn.dialect == "postgres" else None
        return Rehearsal(
            self.plan.name, self.conn.dialect, self.rows, seeded, tuple(up), tuple(down), self.plan.down_from,
            tuple(survival), tuple(trip), changes, tuple(self.findings), self.sources, scratch,
        )  # fmt: skip

    def _stages(self, bar: Bar) -> tuple[list[Timed], list[Timed], list[Any], list[Any], tuple[str, ...]]:
        """Fingerprint, up, survival, down, round trip: each stage one step of ``bar``."""
        raw = self.conn.raw
        bar.note("fingerprinting the seeded data")
        before_view = self._introspect()
        before = fingerprint(raw, before_view)
        bar.update()
        bar.note("running the up script")
        up = self._run(self.plan.up, locks=self.conn.dialect == "postgres")
        bar.update()
        survival: list[Any] = []
        down: list[Timed] = []
        trip: list[Any] = []
        changes: tuple[str, ...] = ()
        if any(t.error for t in up):
            self._failed(up, codes.REHEARSE_FAILS, "fails on the seeded data")
            return up, down, survival, trip, changes
        bar.note("checking what survived")
        after = fingerprint(raw, self._introspect())
        survival = follow(before, after, self.plan.renames.tables, self.plan.renames.columns)
        self._losses(survival)
        self._blocking(up)
        bar.update()
        if self.plan.down is not None:
            bar.note("running the down script")
            down = self._run(self.plan.down, locks=False)
            bar.update()
            if any(t.error for t in down):
                self._failed(down, codes.REHEARSE_DOWN_FAILS, "(down) fails after the up script")
            else:
                bar.note("checking the round trip")
                changes, trip = self._round_trip(before_view, before)
                bar.update()
        return up, down, survival, trip, changes

    def _seed(self) -> int:
        if not self.plan.model.tables or self.rows == 0:
            return 0
        from workbench.seeding import seed

        report = seed(self.plan.model, self.conn, rows=self.rows, seed=self.seed, progress=self.progress)
        if self.conn.dialect == "postgres":
            self.conn.raw.execute("ANALYZE")  # what production's planner knows: a rewrite is timed with statistics
        return sum(t.rows for t in report.tables)

    def _introspect(self) -> Any:
        from workbench.loaders.introspect import introspect

        return introspect(self.conn.raw)[0]

    def _run(self, source: SourceFile, *, locks: bool) -> list[Timed]:
        all_steps = steps(source)
        raw = self.conn.raw
        url = self.conn._url

        def text(exc: BaseException) -> str:
            return error_text(exc, url)

        if not locks:
            return run_steps(raw, all_steps, None, text)
        with self._second() as watcher, LockSampler(watcher, int(raw.info.backend_pid), table_oids(watcher)) as sampler:
            timed = run_steps(raw, all_steps, sampler, text)
        if sampler.error is not None:  # a report without the locks would read as "no lock taken"
            raise UserError(f"sampling pg_locks failed, so the locks are unknown: {error_text(sampler.error, url)}")
        return timed

    @contextmanager
    def _second(self) -> Iterator[Any]:
        """A second connection to the scratch database, for ``pg_locks`` (the first one is busy migrating)."""
        from psycopg.conninfo import conninfo_to_dict, make_conninfo

        from workbench.db.opening import libpq_url, open_postgres

        params = conninfo_to_dict(libpq_url(str(self.server)))
        params["dbname"] = self.conn.raw.info.dbname
        second = open_postgres(make_conninfo("", **params), autocommit=True)
        try:
            yield second
        finally:
            second.close()

    def _span(self, source: SourceFile, step: Step) -> Any:
        return source.span(step.start, step.end)

    def _failed(self, timed: list[Timed], code: str, what: str) -> None:
        source = self.plan.up if code == codes.REHEARSE_FAILS else self.plan.down
        assert source is not None
        for t in timed:
            if not t.error:
                continue
            risks = hazards_for(t.step.sql, self.plan)
            help = risks[0].help if risks and risks[0].help else None
            notes = [f"error: {line}" for line in t.error.splitlines()]
            notes += [f"hazard {h.code}: {h.message}" for h in risks]
            if code == codes.REHEARSE_FAILS:
                notes.append("the migration was rolled back: nothing of it remains in the scratch database")
            message = f"this statement {what} ({self.rows:,} rows per table)"
            self.findings.append(Diagnostic(code, Severity.ERROR, message, self._span(source, t.step), help,
                                            tuple(notes)))  # fmt: skip

    def _losses(self, survival: list[Any]) -> None:
        for s in survival:
            if s.kept:
                continue
            where = f"`{s.table}.{s.column}`"
            if s.now is None:
                msg = f"{where} is gone: {s.values_before:,} values lost"
                self._add(codes.REHEARSE_VALUES_LOST, msg, _lost_help(s, self.plan))
            if s.now is not None and (s.rows_lost or s.values_lost):
                self._add(codes.REHEARSE_VALUES_LOST, f"{where}: {s.rows_lost:,} rows lost", None)
            if s.nulls_introduced:
                self._add(codes.REHEARSE_NULLS, f"{where}: {s.nulls_introduced:,} values became NULL", None)
            if s.changed:
                msg = f"{where} -> `{s.now}`: values changed (same counts, other values or spellings)"
                self._add(codes.REHEARSE_VALUES_LOST, msg, None)

    def _add(self, code: str, message: str, help: str | None, span: Any = None, notes: tuple[str, ...] = ()) -> None:
        self.findings.append(Diagnostic(code, Severity.WARNING, message, span, help, notes))

    def _blocking(self, up: list[Timed]) -> None:
        for t in up:
            lock = t.strongest
            if lock is None or not lock.blocks_writes:
                continue
            risks = sorted(hazards_for(t.step.sql, self.plan), key=lambda h: h.code not in _LOCK_CODES)
            help = next((h.help for h in risks if h.help), None)
            what = "writes and reads" if lock.blocks_reads else "writes"
            msg = (
                f"{show_mode(lock.mode)} lock on `{lock.table}` held {seconds(lock.held)} at {self.rows:,} rows:"
                f" blocks {what} to it (the statement ran {seconds(t.seconds)})"
            )
            notes = tuple(f"hazard {h.code}: {h.message}" for h in risks)
            self._add(codes.REHEARSE_BLOCKS_WRITES, msg, help, self._span(self.plan.up, t.step), notes)

    def _round_trip(self, before_view: Any, before: Fingerprint) -> tuple[tuple[str, ...], list[Any]]:
        now_view = self._introspect()
        changes = tuple(op.summary() for op in diff_databases(before_view, now_view))
        trip = round_trip(before, fingerprint(self.conn.raw, now_view))
        if changes:
            msg = f"up then down ({self.plan.down_from}) leaves the catalog changed: " + "; ".join(changes)
            self._add(codes.REHEARSE_ROUND_TRIP, msg, "write a down.sql that restores what up changed")
        for s in trip:
            msg = f"up then down ({self.plan.down_from}) does not bring back the data of `{s.table}.{s.column}`"
            self._add(codes.REHEARSE_ROUND_TRIP, msg, "copy the values aside before a step that drops them")
        return changes, trip


def _lost_help(survival: Any, plan: Plan) -> str:
    """How the values could have been kept."""
    renamed = bool(plan.renames.columns or plan.renames.tables)
    return (
        "if the column was renamed, say so (renames=, --rename Model.old=Model.new): a rename keeps the values;"
        " else copy them aside before dropping"
        if not renamed
        else "copy the values aside before dropping the column"
    )
