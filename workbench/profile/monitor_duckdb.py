"""The DuckDB side of ``monitor``: what an embedded analytical database has to watch.

DuckDB keeps no statement statistics, no shared buffer cache counters and no index usage counts,
so the report says plainly that the workload, slow statements, cache and connections sections
are PostgreSQL's, and fills what does apply from DuckDB's own catalog functions: table sizes
(``duckdb_tables()``: estimated rows, columns) and indexes (``duckdb_indexes()``), where two
indexes over the same expressions of one table are duplicates (one of them is reported, with the
Prisma line that declares it). Unused indexes cannot be told without usage counts; an ART index
in DuckDB mainly serves constraints and point lookups, and the note says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from workbench.diagnostics import SourceFile
from workbench.ir import Schema
from workbench.profile.monitor_indexes import Duplicate, IndexInfo, IndexReport, prisma_indexes
from workbench.profile.monitor_report import MonitorReport, Section, index_section, not_postgres


def _rows(con: Any, sql: str) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = con.raw.execute(sql).fetchall()
    return rows


def duckdb_report(con: Any, schema: Schema | None, sources: Mapping[str, SourceFile] | None) -> MonitorReport:
    database = str(_rows(con, "SELECT current_database()")[0][0])
    where = "WHERE database_name = current_database() AND NOT internal"
    tables = _rows(
        con,
        f"SELECT schema_name, table_name, estimated_size, column_count FROM duckdb_tables() {where}"
        " ORDER BY estimated_size DESC, schema_name, table_name",
    )
    table_section = Section(
        "tables",
        True,
        f"{len(tables)} table(s), largest first (rows: DuckDB's estimate)",
        ("table", "rows", "columns"),
        tuple((f"{s}.{t}", f"{int(n):,}", str(c)) for s, t, n, c in tables),
        {"tables": [{"schema": s, "table": t, "rows": int(n), "columns": int(c)} for s, t, n, c in tables]},
    )
    report = duckdb_index_report(con, schema, sources)
    findings = []
    n_dup = sum(len(d.drop) for d in report.duplicates)
    if n_dup:
        findings.append(f"{n_dup} duplicate index(es): drop them (see indexes)")
    indexes = index_section(report)
    note = indexes.note + "; DuckDB keeps no index usage counts, so unused indexes cannot be told"
    indexes = Section(indexes.name, True, note, indexes.head, indexes.rows, indexes.data)
    sections = (
        not_postgres("workload"),
        not_postgres("slow_statements"),
        not_postgres("cache"),
        not_postgres("connections"),
        table_section,
        indexes,
    )
    return MonitorReport("duckdb", database, sections, tuple(findings))


def duckdb_index_report(con: Any, schema: Schema | None, sources: Mapping[str, SourceFile] | None) -> IndexReport:
    """Duplicate indexes of a DuckDB database (same table, same expressions, same uniqueness)."""
    declared = prisma_indexes(schema, sources or {}) if schema is not None else {}
    rows = _rows(
        con,
        "SELECT schema_name, table_name, index_name, coalesce(sql, ''), is_unique, is_primary, expressions"
        " FROM duckdb_indexes() WHERE database_name = current_database()"
        " ORDER BY schema_name, table_name, index_name",
    )
    groups: dict[tuple[str, str, str], list[IndexInfo]] = {}
    for ns, table, name, sql, unique, primary, expressions in rows:
        info = IndexInfo(ns, table, name, sql, 0, 0, bool(primary), bool(unique), False, declared.get((table, name)))
        groups.setdefault((ns, table, f"{expressions}|{bool(unique)}"), []).append(info)
    duplicates = []
    for members in groups.values():
        if len(members) > 1:
            ranked = sorted(members, key=lambda i: (not i.primary, not i.unique, i.prisma is None, i.name))
            duplicates.append(Duplicate(ranked[0], tuple(ranked[1:])))
    return IndexReport((), tuple(duplicates))
