"""``maintain(db)``: the routine upkeep a database needs, as a list of statements it shows, then runs.

The planner reads the statistics views and proposes only what is due:

- *stats collection* (``analyze``): ``ANALYZE`` of each table whose statistics are stale --
  never analyzed while it has rows, or more rows changed since the last ANALYZE
  (``pg_stat_user_tables.n_mod_since_analyze``) than autovacuum's own rule
  (50 + 10% of the rows) would tolerate. The planner estimates row counts from these
  statistics, so stale ones give bad plans.
- *dead rows* (``vacuum``): plain ``VACUUM`` (never ``FULL``, which locks the table) of each table
  whose dead rows exceed 50 + 10% of its live rows, so their space is reused.
- *index upkeep* (``reindex``): ``REINDEX INDEX CONCURRENTLY`` of every invalid index (a failed
  ``CREATE INDEX CONCURRENTLY`` leaves one that writes still pay for) and of every B-tree index at
  least twice the size its rows need (an estimate from ``reltuples``, the key columns' average
  width in ``pg_stats`` and a 90% fill factor; deleted and updated rows leave such pages behind).

On DuckDB: ``ANALYZE`` (refreshes the optimizer's statistics) and ``CHECKPOINT`` (writes the WAL
into the database file and reclaims the space of deleted rows); its ART indexes need no upkeep.

Running: ``dry_run=True`` returns the plan and runs nothing; a real run plans the same way and runs
exactly the listed statements, each recorded in :attr:`MaintenanceReport.executed` as it completes.
On PostgreSQL they run on a connection of their own in autocommit (VACUUM and REINDEX
CONCURRENTLY cannot run inside a transaction block), with ``lock_timeout`` and
``statement_timeout`` set on that connection, so a busy table makes a statement fail fast instead
of queueing every query behind it. A caller with an open transaction is refused before anything
runs: maintenance never joins, commits or rolls back someone else's transaction.
"""

from __future__ import annotations

import html
import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

from workbench.db.transaction import transaction_state
from workbench.diagnostics import UserError
from workbench.display import RichDisplay, html_table
from workbench.profile.monitor import fetch, pg_raw, publish_own_stats, text_table
from workbench.profile.monitor_indexes import size_text

STALE_BASE, STALE_SCALE = 50, 0.1  # autovacuum's threshold + scale factor, with a stricter scale
BLOAT_FACTOR = 2.0  # an index this many times its estimated size is rebuilt
BLOAT_MIN_BYTES = 64 * 1024  # ...if it is at least this big: tiny indexes are not worth a rebuild
_DURATION = re.compile(r"\d+(us|ms|s|min|h|d)")  # PostgreSQL's units; one token, so it cannot add a setting
BLOAT_SHOWN = 1.5  # the report's bloat table lists indexes from this ratio up (and invalid ones)


@dataclass(frozen=True)
class Step:
    """One statement of the plan and why it is there."""

    statement: str
    reason: str
    kind: str  # "analyze", "vacuum", "reindex", "checkpoint"


@dataclass(frozen=True)
class IndexBloat:
    table: str
    index: str
    bytes: int
    estimated_bytes: int
    valid: bool

    @property
    def factor(self) -> float:
        return self.bytes / self.estimated_bytes if self.estimated_bytes else 0.0


@dataclass
class MaintenanceReport(RichDisplay):
    engine: str
    database: str
    dry_run: bool
    steps: tuple[Step, ...]
    settings: tuple[str, ...] = ()  # the maintenance connection's timeouts ("lock_timeout = 5s")
    notes: tuple[str, ...] = ()
    bloat: tuple[IndexBloat, ...] = ()
    executed: list[str] = field(default_factory=list)

    @property
    def statements(self) -> list[str]:
        """What the run executes (a dry run: what it would), in order."""
        return [s.statement for s in self.steps]

    def to_json(self) -> dict[str, Any]:
        return {
            "engine": self.engine,
            "database": self.database,
            "dry_run": self.dry_run,
            "settings": list(self.settings),
            "statements": [{"statement": s.statement, "kind": s.kind, "reason": s.reason} for s in self.steps],
            "executed": list(self.executed),
            "index_bloat": [
                {
                    "table": b.table,
                    "index": b.index,
                    "valid": b.valid,
                    "bytes": b.bytes,
                    "estimated_bytes": b.estimated_bytes,
                }
                for b in self.bloat
            ],
            "notes": list(self.notes),
        }

    def to_json_text(self) -> str:
        return json.dumps(self.to_json(), indent=2)

    def _headline(self) -> str:
        n = len(self.steps)
        if not n:
            return f"maintain {self.engine} database {self.database}: nothing is due"
        verb = "would run" if self.dry_run else "ran"
        return f"maintain {self.engine} database {self.database}: {verb} {n} statement{'s' if n != 1 else ''}"

    def _rows(self) -> list[list[str]]:
        return [[s.statement, s.reason] for s in self.steps]

    @property
    def bloated(self) -> tuple[IndexBloat, ...]:
        """The indexes worth a look: invalid, or at least 1.5x their estimated size."""
        return tuple(b for b in self.bloat if not b.valid or b.factor >= BLOAT_SHOWN)

    def _bloat_rows(self) -> list[list[str]]:
        return [
            [
                b.index,
                b.table,
                size_text(b.bytes),
                size_text(b.estimated_bytes) if b.valid else "invalid",
                f"{b.factor:.1f}x" if b.valid else "",
            ]
            for b in self.bloated
        ]

    _BLOAT_HEAD = ("index", "table", "size", "estimated need", "ratio")

    def __repr__(self) -> str:
        lines = [self._headline()]
        if self.settings and self.steps:
            lines.append("  on a connection of its own, autocommit, " + ", ".join(self.settings))
        if self.steps:
            lines.append(text_table(("statement", "why"), self._rows()))
        if self.bloated:
            lines.append(f"indexes at {BLOAT_SHOWN}x their estimated size or more (B-tree, 90% fill), or invalid:")
            lines.append(text_table(self._BLOAT_HEAD, self._bloat_rows(), right={2, 3, 4}))
        lines += [f"note: {n}" for n in self.notes]
        return "\n".join(lines)

    def _html(self) -> str:
        parts = [f"<p><b>{html.escape(self._headline())}</b></p>"]
        if self.settings and self.steps:
            parts.append(f"<p>on a connection of its own, autocommit, {html.escape(', '.join(self.settings))}</p>")
        if self.steps:
            parts.append(html_table(("statement", "why"), self._rows()))
        if self.bloated:
            head = f"indexes at {BLOAT_SHOWN}x their estimated size or more (B-tree, 90% fill), or invalid:"
            parts.append(f"<p>{html.escape(head)}</p>")
            parts.append(html_table(self._BLOAT_HEAD, self._bloat_rows()))
        parts += [f"<p>note: {html.escape(n)}</p>" for n in self.notes]
        return "<div>" + "".join(parts) + "</div>"


def maintain(
    con: Any,
    *,
    analyze: bool = True,
    reindex: bool = True,
    vacuum: bool = True,
    dry_run: bool = False,
    lock_timeout: str = "5s",
    statement_timeout: str = "1h",
) -> MaintenanceReport:
    """Plan the due upkeep of the database ``con`` is open on and run it (see the module docstring).

    Refuses (:class:`UserError`) when ``con`` has a transaction open: commit or roll it back first.
    """
    dialect = getattr(con, "dialect", None)
    if dialect not in ("postgres", "duckdb"):
        raise UserError(f"maintain supports PostgreSQL and DuckDB; this database is {dialect}")
    for name, value in (("lock_timeout", lock_timeout), ("statement_timeout", statement_timeout)):
        if not _DURATION.fullmatch(value):
            raise UserError(f"{name} `{value}` is not a duration: write a number with a unit (500ms, 5s, 10min, 1h)")
    if transaction_state(con.raw, dialect) != "idle":
        raise UserError(
            "this connection has a transaction open: commit or roll it back first"
            " (maintenance never runs inside, commits or rolls back your transaction)"
        )
    if dialect == "duckdb":
        report = _duckdb_plan(con, analyze, reindex, vacuum, dry_run)
        if not dry_run:
            for step in report.steps:
                con.raw.execute(step.statement)
                report.executed.append(step.statement)
        return report
    report = _postgres_plan(con, analyze, reindex, vacuum, dry_run, lock_timeout, statement_timeout)
    if not dry_run and report.steps:
        _run_postgres(con, report, lock_timeout, statement_timeout)
    return report


# --- DuckDB ----------------------------------------------------------------------------------------
def _duckdb_plan(con: Any, analyze: bool, reindex: bool, vacuum: bool, dry_run: bool) -> MaintenanceReport:
    database = str(con.raw.execute("SELECT current_database()").fetchall()[0][0])
    steps = []
    if analyze:
        steps.append(Step("ANALYZE", "refresh the optimizer's statistics of every table", "analyze"))
    if vacuum:
        steps.append(Step("CHECKPOINT", "write the WAL into the database file, reclaim deleted rows", "checkpoint"))
    notes = ("DuckDB's ART indexes need no upkeep: there is nothing to reindex",) if reindex else ()
    return MaintenanceReport("duckdb", database, dry_run, tuple(steps), notes=notes)


# --- PostgreSQL ------------------------------------------------------------------------------------
def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _postgres_plan(
    con: Any, analyze: bool, reindex: bool, vacuum: bool, dry_run: bool, lock_timeout: str, statement_timeout: str
) -> MaintenanceReport:
    raw = pg_raw(con, "maintain")
    publish_own_stats(raw)
    database = str(fetch(raw, "SELECT current_database()")[0][0])
    tables = fetch(
        raw,
        "SELECT schemaname, relname, n_live_tup, n_dead_tup, n_mod_since_analyze,"
        " (last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL)"
        " FROM pg_stat_user_tables ORDER BY schemaname, relname",
        fresh_stats=True,
    )
    steps: list[Step] = []
    for ns, table, live, dead, _modified, _analyzed in tables if vacuum else ():
        limit = STALE_BASE + STALE_SCALE * int(live)
        if int(dead) > limit:
            reason = f"{int(dead):,} dead rows beside {int(live):,} live ones"
            steps.append(Step(f"VACUUM {_quote(ns)}.{_quote(table)}", reason, "vacuum"))
    for ns, table, live, _dead, modified, analyzed in tables if analyze else ():
        if not analyzed and int(live) + int(modified) > 0:
            reason = "never analyzed"
        elif int(modified) > STALE_BASE + STALE_SCALE * int(live):
            reason = f"{int(modified):,} rows changed since the last ANALYZE ({int(live):,} rows)"
        else:
            continue
        steps.append(Step(f"ANALYZE {_quote(ns)}.{_quote(table)}", reason, "analyze"))
    notes: list[str] = []
    bloat = _index_bloat(raw, notes)
    if reindex:
        for b in bloat:
            if not b.valid:
                steps.append(
                    Step(_reindex(b), "invalid (a failed concurrent build): writes still pay for it", "reindex")
                )
            elif b.bytes >= BLOAT_MIN_BYTES and b.factor >= BLOAT_FACTOR:
                why = f"{size_text(b.bytes)}, {b.factor:.1f}x the {size_text(b.estimated_bytes)} its rows need"
                steps.append(Step(_reindex(b), why, "reindex"))
    settings = (f"lock_timeout = {lock_timeout}", f"statement_timeout = {statement_timeout}")
    return MaintenanceReport("postgres", database, dry_run, tuple(steps), settings, tuple(notes), bloat)


def _reindex(b: IndexBloat) -> str:
    schema, _, name = b.index.rpartition(".")
    return f"REINDEX INDEX CONCURRENTLY {_quote(schema)}.{_quote(name)}"


_BTREES = """
SELECT n.nspname, t.relname, c.relname, i.indisvalid, am.amname, pg_relation_size(c.oid), c.reltuples,
       current_setting('block_size')::int,
       (SELECT coalesce(sum(coalesce(s.avg_width, 8)), 0) FROM unnest(i.indkey) k(attnum)
          LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
          LEFT JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = t.relname AND s.attname = a.attname),
       t.reltuples
FROM pg_index i
JOIN pg_class c ON c.oid = i.indexrelid
JOIN pg_class t ON t.oid = i.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
JOIN pg_am am ON am.oid = c.relam
WHERE n.nspname <> 'information_schema' AND n.nspname !~ '^pg_' AND t.relkind IN ('r', 'm')
ORDER BY n.nspname, t.relname, c.relname
"""


def _index_bloat(raw: Any, notes: list[str]) -> tuple[IndexBloat, ...]:
    """Each index's size against what its rows need; invalid ones are listed whatever their size."""
    out, unknown = [], 0
    for ns, table, index, valid, am, size, tuples, block, width, table_tuples in fetch(raw, _BTREES):
        if not valid:
            out.append(IndexBloat(f"{ns}.{table}", f"{ns}.{index}", int(size), 0, False))
            continue
        if am != "btree":
            continue
        if float(tuples) < 0 or float(table_tuples) < 0:  # never vacuumed or analyzed: no estimate yet
            unknown += 1
            continue
        entry = 8 + 8 * math.ceil(int(width) / 8) + 4  # tuple header + MAXALIGNed key + line pointer
        per_page = max(1, int((int(block) - 24 - 16) * 0.9 / entry))
        pages = 1 + math.ceil(float(tuples) / per_page)  # + the metapage
        out.append(IndexBloat(f"{ns}.{table}", f"{ns}.{index}", int(size), pages * int(block), True))
    if unknown:
        notes.append(f"{unknown} index(es) without statistics yet (never analyzed): their bloat is not estimated")
    return tuple(out)


def _run_postgres(con: Any, report: MaintenanceReport, lock_timeout: str, statement_timeout: str) -> None:
    import psycopg

    from workbench.db.opening import open_postgres
    from workbench.db.secrets import scrub

    options = f"-c lock_timeout={lock_timeout} -c statement_timeout={statement_timeout}"
    with open_postgres(con._url, autocommit=True, options=options) as own:
        for step in report.steps:
            try:
                own.execute(step.statement.encode())
            except psycopg.Error as exc:
                done = f"{len(report.executed)} of {len(report.steps)} statements ran before it"
                leftover = (
                    "; a failed REINDEX CONCURRENTLY leaves an invalid index named *_ccnew: drop it"
                    if step.kind == "reindex"
                    else ""
                )
                reason = scrub(str(exc).strip().splitlines()[0], con._url)
                raise UserError(f"maintenance stopped at `{step.statement}`: {reason} ({done}){leftover}") from None
            report.executed.append(step.statement)
