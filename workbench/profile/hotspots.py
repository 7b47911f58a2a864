"""Hot spots: plan nodes worth a look, each with the reason in words.

The rules use row counts and engine facts, never timings alone, so the same data gives the same
hot spots on every run (notebook outputs stay stable).
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.profile.plan import Plan, PlanNode

LARGE_SCAN_ROWS = 10_000  # a scan reading at least this many rows is "large"
SELECTIVE = 0.05  # ...and keeping at most this share of them is "selective"
MISESTIMATE = 10.0  # estimate off by this factor or more
MISESTIMATE_MIN_ROWS = 100  # ...on a node where either side is at least this many rows
NESTED_LOOP_ROWS = 100_000  # rows compared by a nested loop


@dataclass(frozen=True)
class HotSpot:
    node_id: int
    operator: str
    rule: str  # seq_scan_filter | misestimate | spill | nested_loop
    reason: str

    def __str__(self) -> str:
        return f"#{self.node_id} {self.operator}: {self.reason}"


def find_hotspots(plan: Plan) -> tuple[HotSpot, ...]:
    out: list[HotSpot] = []
    spilled = int(plan.facts.get("spilled_bytes") or 0)
    for n in plan.root.walk():
        out.extend(_node_rules(n))
    if spilled and plan.engine == "duckdb":
        target = next((n for n in plan.root.walk() if n.kind in ("sort", "aggregate", "join")), plan.root)
        out.append(HotSpot(target.node_id, target.label, "spill", f"the query spilled {spilled:,} bytes to disk"))
    return tuple(sorted(out, key=lambda h: (h.node_id, h.rule)))


def _node_rules(n: PlanNode) -> list[HotSpot]:
    out: list[HotSpot] = []
    label = n.label
    filt = n.extra.get("Filter") or n.extra.get("Filters")
    scanned = n.rows_scanned or 0.0
    selective = n.actual_rows is not None and n.actual_rows <= SELECTIVE * scanned
    if n.kind == "scan" and n.table and filt and scanned >= LARGE_SCAN_ROWS and selective:
        share = (n.actual_rows or 0.0) / scanned  # not None: `selective` checked it
        out.append(
            HotSpot(
                n.node_id,
                label,
                "seq_scan_filter",
                f"sequential scan of {n.table} reads {scanned:,.0f} rows to keep {n.actual_rows:,.0f}"
                f" ({share:.2%}) under filter {filt}: an index on the filtered columns may help",
            )
        )
    miss = n.misestimate
    if _misestimated(n) and not any(_misestimated(c) for c in n.children):  # flag where the error starts
        direction = "under" if (n.actual_rows or 0) > (n.estimated_rows or 0) else "over"
        out.append(
            HotSpot(
                n.node_id,
                label,
                "misestimate",
                f"estimated {n.estimated_rows:,.0f} rows, got {n.actual_rows:,.0f} ({miss:,.0f}x {direction}estimate):"
                " stale statistics or correlated predicates; the planner may pick the wrong join or scan",
            )
        )
    spill = _spill(n)
    if spill:
        out.append(HotSpot(n.node_id, label, "spill", spill))
    if n.kind == "join" and ("nested" in n.operator.lower() or "_NL_" in n.operator or n.operator == "CROSS_PRODUCT"):
        compared = _nested_loop_pairs(n)
        if compared >= NESTED_LOOP_ROWS:
            out.append(
                HotSpot(
                    n.node_id,
                    label,
                    "nested_loop",
                    f"nested loop over {compared:,.0f} row pairs: a hash join or an index on the inner side's"
                    " join column would avoid the repeated work",
                )
            )
    return out


def _misestimated(n: PlanNode) -> bool:
    miss = n.misestimate
    big = max(n.estimated_rows or 0, n.actual_rows or 0) >= MISESTIMATE_MIN_ROWS
    # modify nodes report a count and DuckDB's CTE node a materialisation, not rows flowing upward
    passthrough = n.kind == "modify" or n.operator in ("CTE", "RECURSIVE_CTE")
    return miss is not None and miss >= MISESTIMATE and big and not passthrough


def _spill(n: PlanNode) -> str | None:
    method = n.extra.get("Sort Method", "")
    if n.extra.get("Sort Space Type") == "Disk" or "external" in method:
        return f"sort spilled to disk ({method}, {n.extra.get('Sort Space Used', '?')} kB): raise work_mem or sort less"
    batches = n.extra.get("Hash Batches")
    if batches and batches.isdigit() and int(batches) > 1:
        return f"hash split into {batches} batches (spilled to disk): raise work_mem or hash the smaller side"
    if n.extra.get("Disk Usage") and n.extra.get("Disk Usage") not in ("0", "0 kB"):
        return f"{n.operator} spilled {n.extra['Disk Usage']} kB to disk: raise work_mem"
    if n.buffers.get("temp_written") and n.kind in ("sort", "aggregate", "join", "other"):
        return f"wrote {n.buffers['temp_written']:,} temp blocks (spilled to disk)"
    return None


def _nested_loop_pairs(n: PlanNode) -> float:
    """Outer rows x inner rows per loop: the comparisons a nested loop makes."""
    if len(n.children) < 2:
        return 0.0
    removed = n.extra.get("Rows Removed by Join Filter")
    if removed and removed.isdigit():  # PostgreSQL counts the pairs its join filter rejected
        return float(removed) * max(n.loops or 1, 1) + (n.actual_rows or 0.0)
    outer, inner = n.children[0], n.children[1]
    outer_rows = outer.actual_rows or 0.0
    if inner.loops and inner.loops > 1:  # PostgreSQL: the inner side re-runs once per outer row
        return float(inner.rows_scanned or inner.actual_rows or 0.0) + outer_rows
    return outer_rows * (inner.actual_rows or 0.0)
