"""Index advisor that measures instead of guessing.

Candidates come from the query's filter, join, group and order columns (sqlglot) minus what
existing indexes already lead with. Each candidate is built for real inside a transaction that is
rolled back afterwards (PostgreSQL: a savepoint-safe ``transaction(force_rollback=True)``; DuckDB:
``BEGIN ... ROLLBACK`` on the same connection, refused inside the caller's open transaction), the
query is re-timed, and the index's size and the insert slowdown it causes are measured on a
scratch copy of sample rows. Only a candidate that the engine actually uses *and* that makes the
query at least ``min_speedup`` times faster is recommended, with the Prisma ``@@index`` line to add.

While a candidate is measured on PostgreSQL its ``CREATE INDEX`` holds a SHARE lock on the table
(writers wait): run the advisor on a copy of production data, not on production.
"""

from __future__ import annotations

import html
import time
from dataclasses import dataclass, replace
from typing import Any

from workbench.db.transaction import TransactionStateError
from workbench.diagnostics import UserError
from workbench.dialects import registry
from workbench.display import Html, RichDisplay, html_table
from workbench.ir import Schema
from workbench.profile import catalog
from workbench.profile.querycols import ColumnUse, query_columns
from workbench.profile.result import Profile, ms
from workbench.profile.run import Target, prepare, profile
from workbench.progress import bar as progress_bar

NO_CANDIDATES = "no candidate indexes: the query's columns are already indexed or not indexable"


@dataclass(frozen=True)
class Candidate:
    table: str
    columns: tuple[str, ...]
    why: str


@dataclass(frozen=True)
class Measured:
    candidate: Candidate
    name: str
    ddl: str
    profile: Profile | None
    speedup: float | None
    used: bool
    size_bytes: int | None
    insert_slowdown: float | None  # insert time with the index / without, on sample rows
    recommended: bool
    reason: str
    model: str  # the Prisma model to add it to
    prisma: str  # the @@index line to add


@dataclass(frozen=True)
class Advice(RichDisplay):
    sql: str
    engine: str
    baseline: Profile
    results: tuple[Measured, ...]

    @property
    def recommended(self) -> tuple[Measured, ...]:
        return tuple(sorted((m for m in self.results if m.recommended), key=lambda m: -(m.speedup or 0)))

    @property
    def best(self) -> Measured | None:
        return self.recommended[0] if self.recommended else None

    def __repr__(self) -> str:
        lines = [f"index advisor ({self.engine}): baseline median {ms(self.baseline.median_ms)}"]
        if not self.results:
            lines.append(f"  {NO_CANDIDATES}")
        for m in self.results:
            verdict = "RECOMMEND" if m.recommended else "decline"
            lines.append(f"  {verdict} {m.candidate.table}({', '.join(m.candidate.columns)}): {m.reason}")
            if m.recommended:
                lines.append(f"    add to model {m.model}: {m.prisma}")
        return "\n".join(lines)

    def _html(self) -> str:
        head = ("index", "verdict", "used", "median", "speedup", "size", "insert", "why", "Prisma")
        rows = []
        for m in self.results:
            rows.append(
                [
                    f"{m.candidate.table}({', '.join(m.candidate.columns)})",
                    "recommend" if m.recommended else "decline",
                    "yes" if m.used else "no",
                    ms(m.profile.median_ms if m.profile else None),
                    "" if m.speedup is None else f"{m.speedup:.1f}x",
                    "" if m.size_bytes is None else f"{m.size_bytes / 1024:,.0f} KiB",
                    "" if m.insert_slowdown is None else f"{m.insert_slowdown:.2f}x",
                    m.reason,  # the verdict's reason, as in the text form
                    Html(f"<code>{html.escape(m.model)}: {html.escape(m.prisma)}</code>") if m.recommended else "",
                ]
            )
        summary = html.escape(f"baseline median {ms(self.baseline.median_ms)}")
        return f"<p>{summary}</p>{html_table(head, rows, empty=NO_CANDIDATES)}"


def candidates(uses: tuple[ColumnUse, ...], existing: dict[str, list[tuple[str, ...]]]) -> list[Candidate]:
    """Single-column candidates per filtered/joined/ordered column, plus equality+range composites."""
    out: list[Candidate] = []
    by_table: dict[str, list[ColumnUse]] = {}
    for u in uses:
        by_table.setdefault(u.table, []).append(u)
    for table, tuses in by_table.items():
        eq = [u.column for u in tuses if u.role == "filter_eq"]
        rng = [u.column for u in tuses if u.role == "filter_range" and u.column not in eq]
        if len(eq) + len(rng[:1]) > 1:
            why = "equality filters, then a range" if rng else "equality filters"
            out.append(Candidate(table, tuple(dict.fromkeys(eq + rng[:1])), why))
        for u in tuses:
            why = {
                "filter_eq": "equality filter",
                "filter_range": "range filter",
                "join": "join column",
                "group": "GROUP BY column",
                "order": "ORDER BY column",
            }[u.role]
            out.append(Candidate(table, (u.column,), why))
    seen: set[tuple[str, tuple[str, ...]]] = set()
    result = []
    for c in out:
        key = (c.table, c.columns)
        covered = any(idx[: len(c.columns)] == c.columns for idx in existing.get(c.table, []))
        if key in seen or covered:
            continue
        seen.add(key)
        result.append(c)
    return result


def advise(
    con: Any,
    sql: str,
    params: Any = None,
    *,
    schema: Schema | None = None,
    runs: int = 10,
    warmup: int = 2,
    min_speedup: float = 1.5,
    max_candidates: int = 6,
    insert_rows: int = 20_000,
    progress: bool | None = None,
) -> Advice:
    """Propose, build, measure and roll back candidate indexes for ``sql``; see the module docstring.

    ``schema`` (the IR ``Schema``) maps tables/columns back to Prisma model/field
    names for the ``@@index`` line; without it the database names are used. ``progress``: a bar over
    the baseline and the trials (:mod:`workbench.progress`).
    """
    job = prepare(con, sql, params)  # the profiling safety rule, checked before any index is built
    tgt = job.tgt
    if len(job.statements) > 1:
        raise UserError(f"the index advisor measures one statement; this query has {len(job.statements)}")
    if tgt.dialect == "duckdb" and job.writes:
        raise UserError("the index advisor measures queries on DuckDB, not INSERT/UPDATE/DELETE or DDL")
    if not job.own_transaction:
        raise TransactionStateError(
            "cannot advise inside your open DuckDB transaction: the candidate indexes are built and rolled back"
            " in a transaction of their own, and DuckDB has no savepoints; COMMIT or ROLLBACK first"
        )
    cols = catalog.columns(tgt)
    existing = catalog.index_columns(tgt)
    uses = query_columns(sql, tgt.dialect, cols)
    cands = candidates(uses, existing)[:max_candidates]
    results = []
    with progress_bar(len(cands) + 1, "index advisor", "trials", progress=progress) as bar:
        bar.note("baseline")
        baseline = profile(con, sql, params, runs=runs, warmup=warmup)
        bar.update()
        for c in cands:
            bar.note(f"{c.table}({', '.join(c.columns)})")
            args = (baseline, schema, runs, warmup, min_speedup, insert_rows, existing)
            results.append(_measure(tgt, con, sql, params, c, *args))
            bar.update()
    return Advice(sql, tgt.dialect, baseline, _drop_redundant(results))


def _drop_redundant(results: list[Measured]) -> tuple[Measured, ...]:
    """Decline a wider index when a recommended index on its leading columns is about as fast."""
    out = []
    for m in results:
        better = [
            o
            for o in results
            if o is not m
            and o.recommended
            and len(o.candidate.columns) < len(m.candidate.columns)
            and m.candidate.columns[: len(o.candidate.columns)] == o.candidate.columns
            and (m.speedup or 0) < 1.25 * (o.speedup or 0)
        ]
        if m.recommended and better:
            o = better[0]
            reason = f"{m.reason}; but no better than the index on ({', '.join(o.candidate.columns)}), which is smaller"
            m = replace(m, recommended=False, reason=reason)
        out.append(m)
    return tuple(out)


def index_name(table: str, columns: tuple[str, ...], dialect: str) -> str:
    """Prisma's default ``@@index`` name, so the measured index is the one Prisma Migrate would create."""
    name = f"{table}_{'_'.join(columns)}_idx"
    limit = registry.get(dialect).truncates_identifiers_at
    return name[:limit] if limit is not None else name


def _measure(
    tgt: Target,
    con: Any,
    sql: str,
    params: Any,
    cand: Candidate,
    baseline: Profile,
    schema: Any,
    runs: int,
    warmup: int,
    min_speedup: float,
    insert_rows: int,
    existing: dict[str, list[tuple[str, ...]]],
) -> Measured:
    name = index_name(cand.table, cand.columns, tgt.dialect)
    cols = ", ".join(map(catalog.quote, cand.columns))
    ddl = f"CREATE INDEX {catalog.quote(name)} ON {catalog.quote(cand.table)} ({cols})"
    model, prisma = prisma_index_line(schema, cand.table, cand.columns)
    if tgt.dialect == "postgres":
        with tgt.raw.transaction(force_rollback=True):
            tgt.raw.execute(ddl)
            after = profile(con, sql, params, runs=runs, warmup=warmup)
            size = int(tgt.raw.execute("SELECT pg_relation_size(%s::regclass)", (catalog.quote(name),)).fetchone()[0])
            slowdown = _insert_slowdown(tgt, cand, insert_rows, existing.get(cand.table, []))
    else:
        tgt.raw.execute("BEGIN TRANSACTION")
        try:
            mem0 = _duckdb_index_memory(tgt.raw)
            tgt.raw.execute(ddl)
            size = _duckdb_index_memory(tgt.raw) - mem0
            after = profile(con, sql, params, runs=runs, warmup=warmup)
            slowdown = _insert_slowdown(tgt, cand, insert_rows, existing.get(cand.table, []))
        finally:
            tgt.raw.execute("ROLLBACK")
    used = _uses_index(after, cand.table, name, cand.columns[0])
    speedup = baseline.median_ms / after.median_ms if after.median_ms > 0 else None
    if not used:
        ok, reason = False, f"not used by the {tgt.dialect} planner ({cand.why}); the plan did not change"
    elif after.rows != baseline.rows:
        ok, reason = False, "the query returned a different number of rows with the index (data changed meanwhile?)"
    elif speedup is None or speedup < min_speedup:
        ok, reason = (
            False,
            f"used, but only {speedup or 0:.1f}x faster (< {min_speedup:.1f}x): not worth its write cost",
        )
    else:
        ok = True
        extra = f", index {size / 1024:,.0f} KiB" if size else ""
        slow = _insert_cost(slowdown)
        reason = (
            f"{cand.why}: median {ms(baseline.median_ms)} -> {ms(after.median_ms)} ({speedup:.1f}x faster{extra}{slow})"
        )
    return Measured(cand, name, ddl, after, speedup, used, size or None, slowdown, ok, reason, model, prisma)


def _insert_cost(slowdown: float | None) -> str:
    """The insert ratio in words: below 1 the index cannot have made inserts faster, so it is noise
    of a short timing on a busy machine, said as such rather than as "0.59x slower"."""
    if not slowdown:
        return ""
    if slowdown < 1:
        return f", inserts no slower (measured {slowdown:.2f}x: within noise)"
    return f", inserts {slowdown:.2f}x slower"


def _uses_index(p: Profile, table: str, name: str, first_column: str) -> bool:
    """PostgreSQL names the index in the plan; DuckDB only says "Index Scan" with the filter it used."""
    for n in p.plan.root.walk():
        if n.index == name:
            return True
        same_table = (n.table or "").split(".")[-1] == table
        filtered = first_column in n.extra.get("Filters", "")
        if p.engine == "duckdb" and n.kind == "index_scan" and same_table and filtered:
            return True
    return False


def _duckdb_index_memory(raw: Any) -> int:
    row = raw.execute("SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory() WHERE tag = 'ART_INDEX'")
    return int(row.fetchall()[0][0])


def _insert_slowdown(
    tgt: Target, cand: Candidate, rows: int, existing: list[tuple[str, ...]], repeats: int = 3
) -> float | None:
    """Time inserting sample rows into a scratch copy of the table without, then with, the index.

    The copy gets plain indexes on the table's existing index columns (primary key included) so
    the ratio is the candidate's marginal cost, not the cost of indexing an unindexed heap.
    """
    t = catalog.quote(cand.table)
    cols = ", ".join(map(catalog.quote, cand.columns))

    def run(stmt: str) -> None:
        tgt.raw.execute(stmt)

    run(f"CREATE TEMP TABLE _wb_src AS SELECT * FROM {t} LIMIT {int(rows)}")
    run(f"CREATE TEMP TABLE _wb_probe AS SELECT * FROM {t} LIMIT 0")
    for i, idx in enumerate(existing):
        run(f"CREATE INDEX _wb_probe_{i} ON _wb_probe ({', '.join(map(catalog.quote, idx))})")

    def timed() -> float:
        best = float("inf")
        for _ in range(repeats):
            run("DELETE FROM _wb_probe")
            start = time.perf_counter()
            run("INSERT INTO _wb_probe SELECT * FROM _wb_src")
            best = min(best, time.perf_counter() - start)
        return best

    without = timed()
    run(f"CREATE INDEX _wb_probe_idx ON _wb_probe ({cols})")
    with_index = timed()
    run("DROP TABLE _wb_probe")
    run("DROP TABLE _wb_src")
    return with_index / without if without > 0 else None


def prisma_index_line(schema: Schema | None, table: str, columns: tuple[str, ...]) -> tuple[str, str]:
    """(model, ``@@index([customerId])``) in Prisma names when ``schema`` knows the table."""
    for model in schema.models if schema is not None else ():
        if model.db_name == table or model.name == table:
            by_db = {f.db_name: f.name for f in model.scalar_fields}
            names = [by_db.get(c, c) for c in columns]
            return model.name, f"@@index([{', '.join(names)}])"
    return table, f"@@index([{', '.join(columns)}])"
