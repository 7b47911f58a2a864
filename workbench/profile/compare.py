"""``compare(before, after)``: two profiles side by side with the speedup and a plan difference.

Operators are matched by (kind, operator, table, index) signature, in plan order, so the diff
reads like "Seq Scan on Order -> gone, Index Scan on Order (Order_customerId_idx) -> new". Works
across engines too (DuckDB vs PostgreSQL on the same data), where most operators differ by name:
the ``kind`` column then tells what corresponds.
"""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass

from workbench.display import Cell, Html, RichDisplay, html_table
from workbench.profile.plan import PlanNode
from workbench.profile.result import Profile, ms


def _sig(n: PlanNode, cross_engine: bool = False) -> tuple[str, str, str, str]:
    if cross_engine:  # operator names differ between engines: match what the operators do
        return (n.kind, n.kind.replace("_", " "), n.table or "", "")
    return (n.kind, n.operator, n.table or "", n.index or "")


def _rows(n: int) -> str:
    return f"{n:,} row{'' if n == 1 else 's'}"


def _speed(speedup: float) -> str:
    if 0.95 <= speedup <= 1.05:
        return "about as fast (within 5%)"
    if speedup >= 1:
        return f"{speedup:.1f}x faster"
    return f"{1 / speedup:.1f}x slower" if speedup > 0 else "n/a"


def _sig_text(sig: tuple[str, str, str, str]) -> str:
    _, op, table, index = sig
    target = f"{table} ({index})" if table and index else table or index
    return f"{op} on {target}" if target else op


@dataclass(frozen=True)
class OperatorDiff:
    status: str  # removed | added | kept
    operator: str
    before_rows: float | None = None
    after_rows: float | None = None
    before_ms: float | None = None
    after_ms: float | None = None


@dataclass(frozen=True)
class Comparison(RichDisplay):
    before: Profile
    after: Profile
    labels: tuple[str, str] = ("before", "after")

    @property
    def speedup(self) -> float:
        """Median before / median after (> 1: the second is faster)."""
        return self.before.median_ms / self.after.median_ms if self.after.median_ms > 0 else float("inf")

    @property
    def cross(self) -> bool:
        return self.before.engine != self.after.engine

    @property
    def same_rows(self) -> bool:
        return self.before.rows == self.after.rows

    def operator_diff(self) -> tuple[OperatorDiff, ...]:
        cross = self.before.engine != self.after.engine
        skip = ("projection", "other") if cross else ()
        b = [n for n in self.before.plan.root.walk() if n.kind not in skip]
        a = [n for n in self.after.plan.root.walk() if n.kind not in skip]
        out: list[OperatorDiff] = []
        remaining_after = Counter(_sig(n, cross) for n in a)
        after_by_sig: dict[tuple[str, str, str, str], list[PlanNode]] = {}
        for n in a:
            after_by_sig.setdefault(_sig(n, cross), []).append(n)
        for n in b:
            sig = _sig(n, cross)
            if remaining_after[sig] > 0:
                remaining_after[sig] -= 1
                m = after_by_sig[sig].pop(0)
                out.append(OperatorDiff("kept", _sig_text(sig), n.actual_rows, m.actual_rows, n.self_ms, m.self_ms))
            else:
                out.append(OperatorDiff("removed", _sig_text(sig), n.actual_rows, None, n.self_ms, None))
        for sig, nodes in sorted(after_by_sig.items()):
            for m in nodes:
                out.append(OperatorDiff("added", _sig_text(sig), None, m.actual_rows, None, m.self_ms))
        return tuple(out)

    def __repr__(self) -> str:
        lb, la = self.labels
        b, a = self.before, self.after
        lines = [
            f"{lb}: {b.engine}, {_rows(b.rows)}, median {ms(b.median_ms)} (min {ms(b.min_ms)})",
            f"{la}: {a.engine}, {_rows(a.rows)}, median {ms(a.median_ms)} (min {ms(a.min_ms)})",
            f"speedup ({lb} / {la}, medians): {self.speedup:.1f}x, {la} is {_speed(self.speedup)}"
            + ("" if self.same_rows else "  (row counts differ!)"),
            "plan difference:",
        ]
        changed = [d for d in self.operator_diff() if d.status != "kept"]
        for d in changed:
            sign = "-" if d.status == "removed" else "+"
            rows = d.before_rows if d.status == "removed" else d.after_rows
            lines.append(f"  {sign} {d.operator}" + ("" if rows is None else f"  ({rows:,.0f} rows)"))
        if not changed:
            lines.append("  same operators" + (" (matched by kind and table across engines)" if self.cross else ""))
        return "\n".join(lines)

    def _html(self) -> str:
        cells = []
        for label, p in zip(self.labels, (self.before, self.after), strict=True):
            svg = p.svg() or ""
            summary = html.escape(p.summary()).replace("\n", "<br>")
            table = f"<div style='overflow-x:auto'>{p._repr_html_table()}</div>"  # scrolls inside its half
            body = Html(f"<b>{html.escape(label)}</b><br>{summary}<br>{svg}{table}")
            cells.append(Cell(body, ' style="vertical-align:top"'))
        diff = "".join(
            f"<li>{'&minus;' if d.status == 'removed' else '+'} {html.escape(d.operator)}</li>"
            for d in self.operator_diff()
            if d.status != "kept"
        )
        names = f"{html.escape(self.labels[0])} / {html.escape(self.labels[1])}"
        verdict = f"{html.escape(self.labels[1])} is {_speed(self.speedup)}"
        head = f"<p><b>speedup {self.speedup:.1f}x</b> ({names}): {verdict}</p>"
        halves = ' style="table-layout:fixed;width:100%"'  # two equal halves of the panel, plans scaled to fit
        return f"<div>{head}{html_table(None, [cells], attrs=halves)}<ul>{diff}</ul></div>"


def compare(before: Profile, after: Profile, labels: tuple[str, str] = ("before", "after")) -> Comparison:
    """Side by side: speedup (median before / median after) and which operators came and went."""
    return Comparison(before, after, labels)
