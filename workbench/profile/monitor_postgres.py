"""The PostgreSQL side of ``monitor``: the sections read from PostgreSQL's statistics views.

Workload and slow statements from pg_stat_statements (never created here: a read command only
says how to enable it), the shared-buffer hit ratio (pg_statio), connections by state against
``max_connections`` (pg_stat_activity), table sizes and unused/duplicate indexes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from workbench.diagnostics import SourceFile, UserError
from workbench.ir import Schema
from workbench.profile.monitor import NOT_PRELOADED, fetch, one_line, pg_raw
from workbench.profile.monitor_report import (
    CACHE_MIN,
    CACHE_MIN_BLOCKS,
    CONNECTIONS_MAX,
    MonitorReport,
    Section,
    index_section,
)
from workbench.profile.result import ms


def postgres_report(
    con: Any, schema: Schema | None, sources: Mapping[str, SourceFile] | None, top: int, slow_ms: float
) -> MonitorReport:
    from workbench.profile.monitor_health import cache_hit_ratio
    from workbench.profile.monitor_indexes import index_report

    raw = pg_raw(con, "monitor")
    findings: list[str] = []
    database = str(fetch(raw, "SELECT current_database()")[0][0])
    workload, slow = _workload_sections(con, top, slow_ms, findings)
    cache = _cache_section(cache_hit_ratio(con), findings)
    connections = _connections_section(raw, findings)
    tables = _pg_tables(raw)
    indexes = _index_section(index_report(con, schema, sources), findings)
    return MonitorReport("postgres", database, (workload, slow, cache, connections, tables, indexes), tuple(findings))


NOT_CREATED = (
    "pg_stat_statements is loaded but not created in this database: run CREATE EXTENSION pg_stat_statements"
    " in it (as a superuser or the database owner)"
)
_STATEMENT_HEAD = ("calls", "total", "mean", "rows", "query")


def _workload_sections(con: Any, top: int, slow_ms: float, findings: list[str]) -> tuple[Section, Section]:
    from workbench.profile.monitor import workload

    try:
        w = workload(con, top)  # never install=True: a read command creates nothing
    except UserError as exc:
        missing = str(exc) if str(exc) == NOT_PRELOADED else NOT_CREATED
        note = f"{missing}; then run `workbench monitor` again"
        findings.append("pg_stat_statements is not available: enable it to see the workload (see workload)")
        return Section("workload", False, note, data={"statements": []}), Section(
            "slow_statements", False, "needs pg_stat_statements (see workload)", data={"threshold_ms": slow_ms}
        )

    def row(s: Any) -> tuple[str, ...]:
        return (f"{s.calls:,}", ms(s.total_ms), ms(s.mean_ms), f"{s.rows:,}", one_line(s.query, 80))

    def item(s: Any) -> dict[str, Any]:
        return {"query": s.query, "calls": s.calls, "total_ms": s.total_ms, "mean_ms": s.mean_ms, "rows": s.rows}

    n = len(w.statements)
    load = Section(
        "workload",
        True,
        f"top {len(w.by_total)} of {n} statement shape{'s' if n != 1 else ''} by total time (pg_stat_statements)",
        _STATEMENT_HEAD,
        tuple(row(s) for s in w.by_total),
        {"statements": [item(s) for s in w.by_total]},
    )
    slow_list = [s for s in w.by_mean if s.mean_ms > slow_ms]
    if slow_list:
        findings.append(f"{len(slow_list)} statement shape(s) average over {ms(slow_ms)} (see slow statements)")
    slow = Section(
        "slow_statements",
        True,
        f"{len(slow_list)} statement shape(s) with a mean over {ms(slow_ms)}",
        _STATEMENT_HEAD,
        tuple(row(s) for s in slow_list),
        {"threshold_ms": slow_ms, "statements": [item(s) for s in slow_list]},
    )
    return load, slow


def _cache_section(report: Any, findings: list[str]) -> Section:
    from workbench.profile.monitor_health import pct

    reads = sum(t.heap_read + t.index_read for t in report.tables)
    hits = sum(t.heap_hit + t.index_hit for t in report.tables)
    if report.ratio is not None and report.ratio < CACHE_MIN and hits + reads >= CACHE_MIN_BLOCKS:
        findings.append(f"cache hit ratio {pct(report.ratio)} is below {pct(CACHE_MIN)}: raise shared_buffers")
    return Section(
        "cache",
        True,
        report.summary(),
        data={"ratio": report.ratio, "heap_ratio": report.heap_ratio, "index_ratio": report.index_ratio},
    )


def _connections_section(raw: Any, findings: list[str]) -> Section:
    rows = fetch(
        raw,
        "SELECT coalesce(state, 'unknown'), count(*) FROM pg_stat_activity"
        " WHERE backend_type = 'client backend' GROUP BY 1 ORDER BY 1",
    )
    limit = int(fetch(raw, "SELECT current_setting('max_connections')::int")[0][0])
    reserved = int(fetch(raw, "SELECT current_setting('superuser_reserved_connections')::int")[0][0])
    by_state = {str(s): int(n) for s, n in rows}
    used = sum(by_state.values())
    available = max(limit - reserved, 1)
    if used / available > CONNECTIONS_MAX:
        findings.append(
            f"{used} of {available} connections in use: put a pool (PgBouncer, SQLAlchemy) in front"
            " or raise max_connections"
        )
    idle_tx = by_state.get("idle in transaction", 0)
    if idle_tx:
        findings.append(f"{idle_tx} connection(s) idle in transaction: they hold locks and stop VACUUM")
    note = f"{used} of {available} connections in use ({limit} max_connections, {reserved} reserved)"
    return Section(
        "connections",
        True,
        note,
        ("state", "connections"),
        tuple((s, str(n)) for s, n in sorted(by_state.items())),
        {"in_use": used, "max_connections": limit, "reserved": reserved, "by_state": by_state},
    )


def _pg_tables(raw: Any) -> Section:
    from workbench.profile.monitor_indexes import size_text

    rows = fetch(
        raw,
        "SELECT schemaname, relname, n_live_tup, pg_total_relation_size(relid) FROM pg_stat_user_tables"
        " ORDER BY pg_total_relation_size(relid) DESC, schemaname, relname",
        fresh_stats=True,
    )
    tables = [{"schema": s, "table": t, "rows": int(n), "bytes": int(b)} for s, t, n, b in rows]
    return Section(
        "tables",
        True,
        f"{len(tables)} table(s), largest first (rows: the statistics' estimate)",
        ("table", "rows", "size"),
        tuple((f"{t['schema']}.{t['table']}", f"{t['rows']:,}", size_text(t["bytes"])) for t in tables),
        {"tables": tables},
    )


def _index_section(report: Any, findings: list[str]) -> Section:
    if report.unused:
        findings.append(f"{len(report.unused)} unused index(es): drop them (see indexes)")
    n_dup = sum(len(d.drop) for d in report.duplicates)
    if n_dup:
        findings.append(f"{n_dup} duplicate index(es): drop them (see indexes)")
    return index_section(report)
