"""``monitor(db)``: one health report of a database, what ``workbench monitor`` prints.

It gathers what the other ``monitor*`` modules measure -- the workload (pg_stat_statements), the
cache hit ratio, connections against ``max_connections``, unused and duplicate indexes, slow
statement shapes -- into sections that are always present, in a fixed order, so the text and the
JSON keep one structure whatever the database: a section that does not apply (PostgreSQL-only
statistics on DuckDB, the workload when pg_stat_statements is not loaded) says so and why instead
of vanishing. Each problem worth acting on becomes a *finding*; ``workbench monitor`` exits 2
when there is any, so a cron job or CI step can alert on it.

Reads only: every catalog query runs in a transaction that is rolled back, and the
pg_stat_statements extension is never created here (the report says how to enable it).
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from workbench.display import RichDisplay, html_table
from workbench.profile.monitor import text_table

SECTIONS = ("workload", "slow_statements", "cache", "connections", "tables", "indexes")
CACHE_MIN = 0.9  # below this the working set does not fit in shared_buffers (OLTP aims for > 0.99)
CACHE_MIN_BLOCKS = 1000  # ...but a handful of cold reads right after a restart is no finding
CONNECTIONS_MAX = 0.8  # share of max_connections in use that leaves too little headroom


@dataclass(frozen=True)
class Section:
    """One part of the report: ``rows`` under ``head`` when it applies, else ``note`` says why not."""

    name: str
    applies: bool
    note: str = ""
    head: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    data: Mapping[str, Any] = field(default_factory=dict)  # the machine-readable part (JSON)

    def to_json(self) -> dict[str, Any]:
        return {"applies": self.applies, "note": self.note, **self.data}


@dataclass(frozen=True)
class MonitorReport(RichDisplay):
    engine: str
    database: str
    sections: tuple[Section, ...]
    findings: tuple[str, ...]

    @property
    def healthy(self) -> bool:
        return not self.findings

    def section(self, name: str) -> Section:
        for s in self.sections:
            if s.name == name:
                return s
        raise KeyError(name)

    def to_json(self) -> dict[str, Any]:
        return {
            "engine": self.engine,
            "database": self.database,
            "healthy": self.healthy,
            "findings": list(self.findings),
            **{s.name: s.to_json() for s in self.sections},
        }

    def to_json_text(self) -> str:
        return json.dumps(self.to_json(), indent=2)

    def _headline(self) -> str:
        n = len(self.findings)
        state = "healthy" if not n else ("1 finding needs attention" if n == 1 else f"{n} findings need attention")
        return f"monitor {self.engine} database {self.database}: {state}"

    def __repr__(self) -> str:
        lines = [self._headline()]
        lines += [f"  - {f}" for f in self.findings]
        for s in self.sections:
            lines.append("")
            lines.append(f"{s.name.replace('_', ' ')}:" + ("" if s.applies else " does not apply"))
            if s.note:
                lines.append(f"  {s.note}")
            if s.rows:
                lines.append(text_table(s.head, s.rows))
        return "\n".join(lines)

    def _html(self) -> str:
        parts = [f"<p><b>{html.escape(self._headline())}</b></p>"]
        if self.findings:
            parts.append("<ul>" + "".join(f"<li>{html.escape(f)}</li>" for f in self.findings) + "</ul>")
        for s in self.sections:
            title = s.name.replace("_", " ") + ("" if s.applies else " (does not apply)")
            parts.append(f"<p><b>{html.escape(title)}</b>")
            parts.append(f"<br>{html.escape(s.note)}</p>" if s.note else "</p>")
            if s.rows:
                parts.append(html_table(s.head, s.rows))
        return "<div>" + "".join(parts) + "</div>"


def not_postgres(name: str) -> Section:
    what = {
        "workload": "pg_stat_statements is PostgreSQL's",
        "slow_statements": "they come from pg_stat_statements, PostgreSQL's",
        "cache": "the shared-buffer hit ratio is PostgreSQL's (pg_statio)",
        "connections": "an embedded database has no server connections",
    }[name]
    return Section(name, False, f"PostgreSQL only: {what}")


def index_section(report: Any) -> Section:
    """The indexes section of an :class:`~workbench.profile.monitor_indexes.IndexReport` (both engines)."""
    problems = [{"problem": "unused", "duplicate_of": None, **_index_json(i)} for i in report.unused]
    problems += [
        {"problem": "duplicate", "duplicate_of": d.keep.name, **_index_json(i)}
        for d in report.duplicates
        for i in d.drop
    ]
    return Section(
        "indexes",
        True,
        report.summary(),
        report._HEAD,
        tuple(tuple(r) for r in report._rows()),
        {"problems": problems},
    )


def _index_json(i: Any) -> dict[str, Any]:
    prisma = {"model": i.prisma.model, "line": i.prisma.line, "location": i.prisma.location} if i.prisma else None
    return {"table": i.table, "index": i.name, "definition": i.definition, "fix": i.fix, "prisma": prisma}
