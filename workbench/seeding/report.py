"""``SeedReport``: what was seeded (rows per table) and, separately, how long it took.

The default display holds only deterministic facts (tables, row counts, diagnostics) so notebook
outputs compare equal run after run; durations and rates live in :attr:`SeedReport.timings`.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from workbench.diagnostics import Diagnostic, SourceFile, render_html, render_text
from workbench.diagnostics.results import HasDiagnostics
from workbench.display import RichDisplay
from workbench.display import html_table as display_table


@dataclass(frozen=True)
class TableResult:
    table: str  # schema-qualified outside the default schema
    rows: int
    from_files: int = 0
    seconds: float = 0.0

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0


def text_table(headers: list[str], rows: list[list[str]], right: set[int]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]

    def fmt(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return "\n".join([fmt(headers), "  ".join("-" * w for w in widths), *(fmt(r) for r in rows)])


def html_table(headers: list[str], rows: list[list[str]], right: set[int]) -> str:
    """A table whose columns in ``right`` are right-aligned (numbers), the others left-aligned."""
    align = [f' style="text-align:{"right" if i in right else "left"}"' for i in range(len(headers))]
    return display_table(headers, rows, cell_attrs=align)


@dataclass(frozen=True)
class Timings(RichDisplay):
    tables: tuple[TableResult, ...]
    seconds: float

    def _rows(self) -> list[list[str]]:
        out = [[t.table, f"{t.rows:,}", f"{t.seconds:.3f} s", f"{t.rows_per_second:,.0f}"] for t in self.tables]
        total = sum(t.rows for t in self.tables)
        rate = total / self.seconds if self.seconds > 0 else 0.0
        out.append(["total", f"{total:,}", f"{self.seconds:.3f} s", f"{rate:,.0f}"])
        return out

    def __repr__(self) -> str:
        return text_table(["table", "rows", "time", "rows/s"], self._rows(), {1, 2, 3})

    def _html(self) -> str:
        return html_table(["table", "rows", "time", "rows/s"], self._rows(), {1, 2, 3})


@dataclass(frozen=True)
class SeedReport(RichDisplay, HasDiagnostics[Diagnostic]):
    """Result of :func:`workbench.seeding.seed`: rows per table, diagnostics, and ``.timings``."""

    dialect: str
    seed: int
    tables: tuple[TableResult, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    sources: Mapping[str, SourceFile] = field(default_factory=dict)
    seconds: float = 0.0
    db: Any = field(default=None, compare=False, repr=False)  # the Connection that was seeded
    plan: Any = field(default=None, compare=False, repr=False)  # the Feasibility shown before writing

    @property
    def total_rows(self) -> int:
        return sum(t.rows for t in self.tables)

    @property
    def rows(self) -> dict[str, int]:
        return {t.table: t.rows for t in self.tables}

    @property
    def timings(self) -> Timings:
        return Timings(self.tables, self.seconds)

    def _rows(self) -> list[list[str]]:
        return [[t.table, f"{t.rows:,}", f"{t.from_files:,}" if t.from_files else ""] for t in self.tables]

    def summary(self) -> str:
        """The headline, and the rows per table only when they differ from the feasibility plan
        printed before the run (seed-file rows, or fewer rows than planned)."""
        parts = [self._headline()]
        if any(t.from_files for t in self.tables) or self.short_of_plan:
            parts.append(text_table(["table", "rows", "from files"], self._rows(), {1, 2}))
        if self.short_of_plan:
            parts.append(self._short_note())
        return "\n".join(parts)

    @property
    def short_of_plan(self) -> dict[str, tuple[int, int]]:
        """Tables that got fewer rows than the plan said (written, planned): a unique key over
        foreign keys that left no room for some rows, found only while drawing the keys."""
        planned = getattr(self.plan, "rows", None) or {}
        return {t.table: (t.rows, planned[t.table]) for t in self.tables if t.rows < planned.get(t.table, 0)}

    def _short_note(self) -> str:
        shown = ", ".join(f"`{name}` {got:,} of {want:,}" for name, (got, want) in self.short_of_plan.items())
        return f"fewer rows than planned, where unique keys over foreign keys left no room for more: {shown}"

    def _headline(self) -> str:
        if not self.ok:
            return f"Seeding failed on {self.dialect}: {len(self.errors)} error(s); nothing was written"
        n = len(self.tables)
        into = f"{n} table{'s' if n != 1 else ''}"
        return f"Seeded {self.total_rows:,} rows into {into} on {self.dialect} (seed={self.seed})"

    def __repr__(self) -> str:
        parts = [self._headline()]
        if self.tables:
            parts.append(text_table(["table", "rows", "from files"], self._rows(), {1, 2}))
        if self.short_of_plan:
            parts.append(self._short_note())
        if self.diagnostics:
            parts.append(render_text(self.diagnostics, self.sources))
        return "\n".join(parts)

    def _html(self) -> str:
        head = html.escape(repr(self).splitlines()[0])
        body = html_table(["table", "rows", "from files"], self._rows(), {1, 2}) if self.tables else ""
        diags = render_html(self.diagnostics, self.sources) if self.diagnostics else ""
        short = f"<p>{html.escape(self._short_note())}</p>" if self.short_of_plan else ""
        return f"<div><b>{head}</b>{body}{short}{diags}</div>"
