"""PostgreSQL monitoring (issue 7, item 6): workload summary and slow-query log from pg_stat_statements.

    workload(db, top=10)                      # top statements by total and by mean time, this database only
    with watch(db, threshold_ms=50) as log:   # statement shapes slower than 50 ms on average in the block
        ...
    log.statements

Cache hit ratio and pool usage live in ``monitor_health.py``, unused/duplicate indexes in
``monitor_indexes.py``. Everything here reads PostgreSQL's own statistics; nothing is sampled or
guessed. ``pg_stat_statements`` must be preloaded (``shared_preload_libraries``) and created in the
database (``CREATE EXTENSION pg_stat_statements``, or ``install=True``); without it we raise a
:class:`UserError` that says exactly which of the two is missing.

pg_stat_statements aggregates per *statement shape* (constants replaced by ``$1``), so both the
workload and the slow log are per shape, never per single execution: ``watch`` reports a shape when
its mean time over the executions inside the block exceeds the threshold. The view covers every
session on the server; we keep the current database only and leave out our own catalog queries
(tagged with the ``workbench.monitor`` comment) and transaction control (BEGIN, COMMIT, ROLLBACK,
SAVEPOINT...), which would otherwise crowd the list.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from workbench.diagnostics import UserError
from workbench.dialects import registry
from workbench.display import RichDisplay, html_table
from workbench.profile.result import ms

if TYPE_CHECKING:
    import pandas as pd
    import psycopg

TAG = "/* workbench.monitor */ "


# --- shared PostgreSQL plumbing --------------------------------------------------------------------
def pg_raw(con: Any, feature: str = "PostgreSQL monitoring") -> psycopg.Connection[tuple[Any, ...]]:
    """The psycopg connection behind ``con`` (workbench Connection or raw psycopg); UserError otherwise."""
    dialect = getattr(con, "dialect", None)
    raw = getattr(con, "raw", con)
    if not isinstance(dialect, str):
        dialect = _engine_name(raw)
    if dialect != "postgres":
        raise UserError(
            f"{feature} is PostgreSQL only (it reads PostgreSQL's statistics views); this connection is {dialect}"
        )
    conn: psycopg.Connection[tuple[Any, ...]] = raw  # a postgres connection: psycopg's (checked above)
    return conn


def _engine_name(raw: Any) -> str:
    try:
        return registry.from_connection(raw).name
    except registry.UnknownEngineError:
        return type(raw).__name__


def fetch(raw: Any, sql: str, params: Any = None, *, fresh_stats: bool = False) -> list[tuple[Any, ...]]:
    """Run one catalog query in a transaction (a savepoint inside the caller's) that is rolled back.

    ``fresh_stats`` first drops the backend's cached statistics snapshot: with the default
    ``stats_fetch_consistency = cache`` a second read in the same transaction would repeat the first.
    """
    with raw.transaction(force_rollback=True), raw.cursor() as cur:
        if fresh_stats:
            cur.execute(TAG + "SELECT pg_stat_clear_snapshot()")
        cur.execute(TAG + sql, params)
        fetched: list[tuple[Any, ...]] = cur.fetchall()  # the driver connection is untyped
        return fetched


def publish_own_stats(raw: Any) -> None:
    """Have this backend publish its pending I/O and scan counters before we read them.

    Backends batch their statistics (about once a second); ``pg_stat_force_next_flush()``
    (PostgreSQL 15+) makes the next idle moment flush, which the end of this short transaction
    is -- unless the caller holds a transaction open, when the counters arrive at its end.
    """
    if raw.info.server_version >= 150000:
        fetch(raw, "SELECT pg_stat_force_next_flush()")


def stat_statements_view(raw: Any, install: bool = False) -> str:
    """The schema-qualified pg_stat_statements view, creating the extension when ``install``."""
    rows = fetch(
        raw,
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
        " WHERE e.extname = 'pg_stat_statements'",
    )
    if not rows:
        if not _preloaded(raw):
            raise UserError(NOT_PRELOADED)
        if not install:
            raise UserError(
                "the pg_stat_statements extension is not created in this database: run"
                " CREATE EXTENSION pg_stat_statements (or pass install=True)"
            )
        with raw.transaction():
            raw.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        return stat_statements_view(raw)
    return f'"{rows[0][0]}".pg_stat_statements'


NOT_PRELOADED = (
    "pg_stat_statements is not loaded on this server: add it to shared_preload_libraries in"
    " postgresql.conf (shared_preload_libraries = 'pg_stat_statements'), restart PostgreSQL,"
    " then run CREATE EXTENSION pg_stat_statements in this database"
)


def _preloaded(raw: Any) -> bool:
    """Whether the library is preloaded; True when we may not read the setting (non-superusers):
    querying the view then tells, see :func:`_aggregate`."""
    import psycopg

    try:
        return "pg_stat_statements" in (fetch(raw, "SELECT current_setting('shared_preload_libraries')")[0][0] or "")
    except psycopg.errors.InsufficientPrivilege:
        return True


def _total_time_column(raw: Any) -> str:
    # PostgreSQL 13 split planning from execution time and renamed the column.
    return "total_exec_time" if raw.info.server_version >= 130000 else "total_time"


def one_line(sql: str, width: int = 100) -> str:
    text = " ".join(sql.split())
    return text if len(text) <= width else text[: width - 3] + "..."


def text_table(
    head: Sequence[str], rows: Sequence[Sequence[str]], right: frozenset[int] | set[int] = frozenset()
) -> str:
    """A plain-text table; columns in ``right`` are right-aligned (numbers)."""
    cells = [list(head)] + [list(r) for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(head))]
    lines = [
        "  ".join(v.rjust(w) if i in right else v.ljust(w) for i, (v, w) in enumerate(zip(c, widths, strict=True)))
        for c in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join("  " + line.rstrip() for line in lines)


# --- workload summary ------------------------------------------------------------------------------
@dataclass(frozen=True)
class QueryStat:
    """One statement shape as pg_stat_statements aggregates it (summed over users and nesting levels)."""

    queryid: int
    query: str
    calls: int
    total_ms: float
    rows: int
    shared_blks_hit: int
    shared_blks_read: int

    @property
    def mean_ms(self) -> float:
        return self.total_ms / self.calls if self.calls else 0.0

    @property
    def hit_ratio(self) -> float | None:
        """Share of shared-buffer block requests served from cache (None when no blocks were touched)."""
        total = self.shared_blks_hit + self.shared_blks_read
        return self.shared_blks_hit / total if total else None


_HEAD = ("calls", "total", "mean", "rows", "blks hit", "blks read", "query")


def _cells(s: QueryStat) -> list[str]:
    return [
        f"{s.calls:,}",
        ms(s.total_ms),
        ms(s.mean_ms),
        f"{s.rows:,}",
        f"{s.shared_blks_hit:,}",
        f"{s.shared_blks_read:,}",
        one_line(s.query),
    ]


@dataclass(frozen=True)
class Workload(RichDisplay):
    """Every statement shape of the current database, heaviest (total time) first."""

    database: str
    statements: tuple[QueryStat, ...]
    top: int = 10

    @property
    def by_total(self) -> tuple[QueryStat, ...]:
        return self.statements[: self.top]

    @property
    def by_mean(self) -> tuple[QueryStat, ...]:
        return tuple(sorted(self.statements, key=lambda s: (-s.mean_ms, s.query)))[: self.top]

    @property
    def total_ms(self) -> float:
        return sum(s.total_ms for s in self.statements)

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        cols = ["queryid", "query", "calls", "total_ms", "mean_ms", "rows", "shared_blks_hit", "shared_blks_read"]
        return pd.DataFrame([[getattr(s, c) for c in cols] for s in self.statements], columns=cols)

    def _sections(self) -> list[tuple[str, tuple[QueryStat, ...]]]:
        return [("top by total time", self.by_total), ("top by mean time", self.by_mean)]

    def __repr__(self) -> str:
        n = len(self.statements)
        parts = [f"workload of database {self.database}: {n} statement shape{'s' if n != 1 else ''}"]
        for title, stats in self._sections():
            parts.append(f"{title}:")
            parts.append(text_table(_HEAD, [_cells(s) for s in stats], right={0, 1, 2, 3, 4, 5}))
        return "\n".join(parts)

    def _html(self) -> str:
        n = len(self.statements)
        parts = [f"<p><b>workload of database {html.escape(self.database)}: {n} statement shapes</b></p>"]
        for title, stats in self._sections():
            none = "no statements recorded yet (pg_stat_statements is empty since its last reset)"
            parts.append(f"<p>{title}:</p>" + html_table(_HEAD, [_cells(s) for s in stats], empty=none))
        return "<div>" + "".join(parts) + "</div>"


# Transaction control is noise here (our own rolled-back catalog reads add ROLLBACKs too).
_TXN_CONTROL = r"^\s*(BEGIN|COMMIT|ROLLBACK|END|ABORT|START TRANSACTION|SAVEPOINT|RELEASE)\y"


def _aggregate(raw: Any, view: str) -> list[QueryStat]:
    import psycopg

    total = _total_time_column(raw)
    try:
        rows = fetch(
            raw,
            f"SELECT s.queryid, min(s.query), sum(s.calls), sum(s.{total}), sum(s.rows),"
            " sum(s.shared_blks_hit), sum(s.shared_blks_read)"
            f" FROM {view} s WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
            " AND s.queryid IS NOT NULL AND s.query NOT LIKE '%workbench.monitor%'"
            f" AND s.query !~* '{_TXN_CONTROL}'"
            " GROUP BY s.queryid",
        )
    except psycopg.errors.ObjectNotInPrerequisiteState:  # "must be loaded via shared_preload_libraries"
        raise UserError(NOT_PRELOADED) from None
    return [QueryStat(int(q), t, int(c), float(tm), int(r), int(h), int(rd)) for q, t, c, tm, r, h, rd in rows]


def workload(con: Any, top: int = 10, *, install: bool = False) -> Workload:
    """The statements of the current database from pg_stat_statements, for a top-``top`` summary.

    Counts accumulate since the last ``pg_stat_statements_reset()`` (see :func:`reset_statements`).
    """
    raw = pg_raw(con)
    view = stat_statements_view(raw, install)
    stats = sorted(_aggregate(raw, view), key=lambda s: (-s.total_ms, s.query))
    database = fetch(raw, "SELECT current_database()")[0][0]
    return Workload(database, tuple(stats), top)


def reset_statements(con: Any, *, install: bool = False) -> None:
    """Forget the accumulated statistics (``pg_stat_statements_reset()``; needs superuser or a grant)."""
    raw = pg_raw(con)
    stat_statements_view(raw, install)
    with raw.transaction(), raw.cursor() as cur:
        cur.execute(TAG + "SELECT pg_stat_statements_reset()")


# --- slow-query log --------------------------------------------------------------------------------
@dataclass(frozen=True)
class SlowStatement:
    """A statement shape whose mean time over its executions inside the watched block was above the threshold."""

    queryid: int
    query: str
    calls: int  # executions inside the block
    total_ms: float
    rows: int

    @property
    def mean_ms(self) -> float:
        return self.total_ms / self.calls if self.calls else 0.0


@dataclass
class SlowLog(RichDisplay):
    """Filled when the ``watch`` block ends; slowest mean first."""

    threshold_ms: float
    statements: list[SlowStatement] = field(default_factory=list)
    executed: int = 0  # statement shapes that ran in the block at all (slow or not)

    def __len__(self) -> int:
        return len(self.statements)

    def __iter__(self) -> Iterator[SlowStatement]:
        return iter(self.statements)

    def queries(self) -> list[str]:
        return [s.query for s in self.statements]

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        cols = ["queryid", "query", "calls", "total_ms", "mean_ms", "rows"]
        return pd.DataFrame([[getattr(s, c) for c in cols] for s in self.statements], columns=cols)

    def _rows(self) -> list[list[str]]:
        return [[f"{s.calls:,}", ms(s.mean_ms), ms(s.total_ms), f"{s.rows:,}", one_line(s.query)] for s in self]

    def __repr__(self) -> str:
        head = (
            f"{len(self.statements)} of {self.executed} statement shapes over {ms(self.threshold_ms)} (mean per shape)"
        )
        if not self.statements:
            return head
        return head + "\n" + text_table(("calls", "mean", "total", "rows", "query"), self._rows(), right={0, 1, 2, 3})

    def _html(self) -> str:
        first = html.escape(repr(self).splitlines()[0])
        table = html_table(("calls", "mean", "total", "rows", "query"), self._rows()) if self.statements else ""
        return f"<div><p><b>{first}</b></p>{table}</div>"


def _snapshot(raw: Any, view: str) -> dict[int, QueryStat]:
    return {s.queryid: s for s in _aggregate(raw, view)}


def slow_statements(
    before: dict[int, QueryStat], after: dict[int, QueryStat], threshold_ms: float
) -> tuple[list[SlowStatement], int]:
    """Per-shape deltas between two snapshots; a shape missing before, or with fewer calls after
    (evicted or reset in between), counts from zero."""
    slow, executed = [], 0
    for qid, a in after.items():
        b = before.get(qid)
        if b is not None and b.calls <= a.calls:
            calls, total, rows = a.calls - b.calls, a.total_ms - b.total_ms, a.rows - b.rows
        else:
            calls, total, rows = a.calls, a.total_ms, a.rows
        if calls <= 0:
            continue
        executed += 1
        if total / calls > threshold_ms:
            slow.append(SlowStatement(qid, a.query, calls, total, rows))
    slow.sort(key=lambda s: (-s.mean_ms, s.query))
    return slow, executed


@contextmanager
def watch(con: Any, threshold_ms: float = 100.0, *, install: bool = False) -> Iterator[SlowLog]:
    """Log statement shapes slower than ``threshold_ms`` (mean over their runs) while the block runs.

    Sees every session on the current database (your ORM's pool too), not only ``con``; statements
    count when they finish, so one still running when the block ends is not in the log. Per shape,
    not per execution: one 500 ms run among ninety-nine 1 ms runs of the same shape averages 6 ms.
    """
    raw = pg_raw(con)
    view = stat_statements_view(raw, install)
    log = SlowLog(float(threshold_ms))
    before = _snapshot(raw, view)
    try:
        yield log
    except BaseException:
        with suppress(Exception):  # never mask the block's own error (the connection may be unusable)
            log.statements, log.executed = slow_statements(before, _snapshot(raw, view), log.threshold_ms)
        raise
    log.statements, log.executed = slow_statements(before, _snapshot(raw, view), log.threshold_ms)
