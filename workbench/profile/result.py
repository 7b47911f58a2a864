"""``Profile``: what :func:`workbench.profile.profile` returns, and how it shows in a notebook.

Timings differ on every run, so every timing in the text and HTML is written as ``<number> ms``:
the form ``tests/nbval_sanitize.cfg`` masks. Everything else (rows, plan shape, hot spots) is
deterministic for the same data. The SVG diagram encodes time shares in colours and sizes, so
notebook cells showing it are marked ``# NBVAL_IGNORE_OUTPUT``.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from typing import Any

from workbench.display import Html, RichDisplay, Row, html_table
from workbench.profile.hotspots import HotSpot
from workbench.profile.plan import Plan


def percentile(values: list[float] | tuple[float, ...], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default), q in 0..100."""
    data = sorted(values)
    if not data:
        return math.nan
    pos = (len(data) - 1) * q / 100.0
    lo, hi = math.floor(pos), math.ceil(pos)
    return data[lo] + (data[hi] - data[lo]) * (pos - lo)


def ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f} ms"


@dataclass(frozen=True)
class Profile(RichDisplay):
    sql: str
    params: Any
    engine: str
    times_ms: tuple[float, ...]
    rows: int
    plan: Plan
    hotspots: tuple[HotSpot, ...]
    dml: bool = False  # some statement changes data or schema: every run was rolled back
    warmup: int = 0
    statements: int = 1  # statements in ``sql``, run in order in each (rolled-back) run
    notes: tuple[str, ...] = ()  # what the user should know: no plan for DDL, a sequence that moved

    @property
    def min_ms(self) -> float:
        return min(self.times_ms)

    @property
    def median_ms(self) -> float:
        return percentile(self.times_ms, 50)

    @property
    def p95_ms(self) -> float:
        return percentile(self.times_ms, 95)

    @property
    def runs(self) -> int:
        return len(self.times_ms)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary (the CLI's ``--json``)."""
        parents = self.plan.parents()
        return {
            "engine": self.engine,
            "sql": self.sql,
            "runs": self.runs,
            "warmup": self.warmup,
            "rows": self.rows,
            "dml_rolled_back": self.dml,
            "statements": self.statements,
            "notes": list(self.notes),
            "times_ms": list(self.times_ms),
            "min_ms": self.min_ms,
            "median_ms": self.median_ms,
            "p95_ms": self.p95_ms,
            "plan": {
                "execution_ms": self.plan.execution_ms,
                "planning_ms": self.plan.planning_ms,
                "facts": dict(self.plan.facts),
                "nodes": [
                    {
                        "id": n.node_id,
                        "parent": parents[n.node_id],
                        **n.row(),
                        "buffers": dict(n.buffers),
                        "extra": dict(n.extra),
                    }
                    for n in self.plan.root.walk()
                ],
            },
            "hotspots": [
                {"node": h.node_id, "operator": h.operator, "rule": h.rule, "reason": h.reason} for h in self.hotspots
            ],
        }

    # --- display ---------------------------------------------------------------------------------
    def summary(self) -> str:
        what = "statement (rolled back)" if self.dml else "query"
        if self.statements > 1:
            what = f"{self.statements} statements{' (rolled back)' if self.dml else ''}"
        rows = f"{self.rows:,} row{'s' if self.rows != 1 else ''}{' affected' if self.dml else ''}"
        return (
            f"{self.engine} {what}: {rows}, {self.runs} runs after {self.warmup} warm-up\n"
            f"wall time: min {ms(self.min_ms)}, median {ms(self.median_ms)}, p95 {ms(self.p95_ms)}"
        )

    def plan_text(self) -> str:
        depths = self.plan.depths()
        lines = []
        for n in self.plan.root.walk():
            est = "?" if n.estimated_rows is None else f"{n.estimated_rows:,.0f}"
            act = "?" if n.actual_rows is None else f"{n.actual_rows:,.0f}"
            loops = f" x{n.loops} loops" if n.loops and n.loops > 1 else ""
            head = f"{'  ' * depths[n.node_id]}#{n.node_id} {n.label}"
            lines.append(f"  {head}  [self {ms(n.self_ms)}; est {est} / actual {act} rows{loops}]")
        return "\n".join(lines)

    def __repr__(self) -> str:
        parts = [self.summary(), *(f"note: {n}" for n in self.notes)]
        parts += ["plan (self time; estimated / actual rows):", self.plan_text()]
        if self.hotspots:
            parts.append("hot spots:")
            parts.extend(f"  {h}" for h in self.hotspots)
        else:
            parts.append("hot spots: none")
        return "\n".join(parts)

    def _repr_html_table(self) -> str:
        depths = self.plan.depths()
        hot = {h.node_id: h for h in self.hotspots}
        head = ("#", "operator", "table / index", "est. rows", "actual rows", "loops", "self", "total", "share")
        body = []
        for n in self.plan.root.walk():
            share = self.plan.share(n)
            style = ' style="background:#fde0dc"' if n.node_id in hot else ""
            pad = "&nbsp;" * 4 * depths[n.node_id]
            target = " / ".join(x for x in (n.table, n.index) if x)
            cells = [
                str(n.node_id),
                Html(pad + html.escape(n.operator)),
                target,
                "" if n.estimated_rows is None else f"{n.estimated_rows:,.0f}",
                "" if n.actual_rows is None else f"{n.actual_rows:,.0f}",
                "" if n.loops is None else str(n.loops),
                ms(n.self_ms),
                ms(n.total_ms),
                Html(f'<div style="background:#d9534f;height:0.8em;width:{share * 100:.0f}px"></div>'),
            ]
            body.append(Row(cells, style))
        return html_table(head, body)

    def svg(self) -> str | None:
        from workbench.profile.diagram import plan_svg

        return plan_svg(self.plan, hot={h.node_id for h in self.hotspots})

    def _rich(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        summary = html.escape(self.summary()).replace("\n", "<br>")
        spots = "".join(f"<li>{html.escape(str(h))}</li>" for h in self.hotspots)
        svg = self.svg()
        parts = [f"<p><b>{summary}</b></p>", *(f"<p>note: {html.escape(n)}</p>" for n in self.notes)]
        if svg:
            parts.append(f"<div>{svg}</div>")
        parts.append(self._repr_html_table())
        parts.append(f"<p>hot spots:</p><ul>{spots}</ul>" if spots else "<p>hot spots: none</p>")
        bundle = {"text/html": "<div>" + "".join(parts) + "</div>"}
        if svg:
            bundle["image/svg+xml"] = svg
        return bundle
