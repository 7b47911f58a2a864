"""The seeding plan as the user sees it before a single row is written.

For each table: the rows asked, the rows that will be made, and the constraint that limits them
(a 1:1 key holds one row per parent, a join table distinct pairs, ``@@unique([userId, role])``
parents x enum values, a ``Boolean @unique`` two rows...). A design session learns here, not
from a duplicate-key error half-way through a load, that 100 ``Membership`` rows cannot fit
under 10 users and 3 roles. ``seed(..., strict=True)`` / ``workbench seed --strict`` refuses a
plan that would clamp, for a seed-data test that must get exactly the rows it asks for.

The display is deterministic (no timings), so notebook outputs compare equal run after run.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from workbench.diagnostics import Diagnostic, SourceFile, render_html, render_text
from workbench.diagnostics.results import HasDiagnostics
from workbench.display import RichDisplay
from workbench.seeding.plan import DEFAULT_ROWS, Plan, TablePlan, qualified
from workbench.seeding.planner import build_plan
from workbench.seeding.report import html_table, text_table

if TYPE_CHECKING:
    from workbench.ir import Schema


@dataclass(frozen=True, slots=True)
class TableFeasibility:
    """One table's line of the plan."""

    table: str  # schema-qualified outside the default schema
    asked: int
    rows: int  # what will be generated
    limit: int | None = None  # the tightest ceiling worth showing (None: only the engine's limits)
    reason: str | None = None  # why the ceiling is what it is, worded for the user
    skipped: tuple[str, ...] = ()  # columns left to the database (Unsupported types)

    @property
    def clamped(self) -> bool:
        return self.rows < self.asked


def _line(t: TablePlan) -> TableFeasibility:
    shown = next((b for b in t.limits if not b.width or b.rows < t.asked), None)
    if t.blocked is not None and t.asked > 0:
        return TableFeasibility(qualified(t.key), t.asked, 0, 0, "a required column cannot be generated", t.skipped)
    if shown is None:
        return TableFeasibility(qualified(t.key), t.asked, t.rows, skipped=t.skipped)
    return TableFeasibility(qualified(t.key), t.asked, t.rows, shown.rows, shown.reason, t.skipped)


@dataclass(frozen=True)
class Feasibility(RichDisplay, HasDiagnostics[Diagnostic]):
    """What a seeding run will do, table by table, and what it cannot do (``diagnostics``).

    ``ok`` is False when the plan cannot run: a refused clamp (strict), a table no row can be made for.
    """

    tables: tuple[TableFeasibility, ...]
    diagnostics: tuple[Diagnostic, ...] = ()
    sources: Mapping[str, SourceFile] = field(default_factory=dict)
    strict: bool = False
    memory: int = 0  # bytes of keys held in memory while seeding (an estimate)
    data: int = 0  # bytes of rows written (an estimate)

    @classmethod
    def of(cls, plan: Plan, sources: Mapping[str, SourceFile] | None = None, strict: bool = False) -> Feasibility:
        from workbench.seeding.bounds import footprint

        need = footprint(plan)
        return cls(
            tuple(_line(t) for t in plan.tables), plan.diagnostics, dict(sources or {}), strict, need.memory, need.data
        )

    @property
    def clamped(self) -> tuple[TableFeasibility, ...]:
        return tuple(t for t in self.tables if t.clamped)

    @property
    def rows(self) -> dict[str, int]:
        return {t.table: t.rows for t in self.tables}

    def headline(self) -> str:
        from workbench.seeding.bounds import human_bytes

        asked = sum(t.asked for t in self.tables)
        rows = sum(t.rows for t in self.tables)
        clamped = self.clamped
        if not self.ok:
            errors = sum(1 for d in self.diagnostics if d.is_error)
            return f"Seeding plan refused: {errors} error(s) below; nothing will be written"
        what = f"{rows:,} rows into {len(self.tables)} table{'s' if len(self.tables) != 1 else ''}"
        if clamped:
            what += f" ({asked:,} asked; {len(clamped)} table{'s' if len(clamped) != 1 else ''} limited by constraints)"
        cost = f"about {human_bytes(self.data)} of data, {human_bytes(self.memory)} of keys in memory"
        return f"Seeding plan: {what}; {cost}"

    def _cells(self) -> list[list[str]]:
        out = []
        for t in self.tables:
            limit = f"{t.limit:,}" if t.limit is not None else ""
            out.append([t.table, f"{t.asked:,}", f"{t.rows:,}", limit, t.reason or ""])
        return out

    def table_text(self) -> str:
        return text_table(list(_HEADERS), self._cells(), {1, 2, 3})

    def __repr__(self) -> str:
        parts = [self.headline(), self.table_text()]
        if self.diagnostics:
            parts.append(render_text(self.diagnostics, self.sources))
        return "\n".join(parts)

    def _html(self) -> str:
        head = html.escape(self.headline())
        body = html_table(list(_HEADERS), self._cells(), {1, 2, 3})
        diags = render_html(self.diagnostics, self.sources) if self.diagnostics else ""
        return f"<div><b>{head}</b>{body}{diags}</div>"


_HEADERS = ("table", "asked", "rows", "limit", "limited by")


def seed_plan(
    schema: Schema,
    rows: int | Mapping[str, int] = DEFAULT_ROWS,
    *,
    strict: bool = False,
    dialect: str = "postgres",
    sources: Mapping[str, SourceFile] | None = None,
) -> Feasibility:
    """The feasibility plan of ``seed(schema, db, rows)``, without a database: rows per table, the
    constraint that limits each, and what cannot be seeded. ``strict=True`` turns each clamp into
    an error (what ``seed(..., strict=True)`` refuses). ``dialect``: the target engine (``postgres``,
    ``duckdb``, ``sqlite``), which decides only columns of Unsupported types (text elsewhere than on
    PostgreSQL). ``sources``: the schema's files, to locate each clamp (``file:line:col``). Bad ``rows``
    raise :class:`SeedOptionError`."""
    from workbench.seeding.options import check_names, check_rows

    rows = check_rows(rows)
    plan = build_plan(schema, rows, strict=strict, dialect=dialect)
    if isinstance(rows, Mapping):
        check_names(plan, rows, "rows")
    return Feasibility.of(plan, sources, strict)
