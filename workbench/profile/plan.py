"""One engine-neutral plan tree for DuckDB and PostgreSQL.

Both engines' executed plans are parsed into :class:`PlanNode` trees so that hot-spot rules,
diagrams, comparisons and the index advisor are written once. Engine spellings stay visible
(``operator`` is the engine's own name, ``kind`` is the neutral category) because users read the
engine's documentation with those names.

Times are milliseconds. ``self_ms`` is the time spent in the operator itself, ``total_ms`` includes
its children. ``actual_rows`` is the total over all loops (PostgreSQL reports a per-loop average;
it is multiplied back here so both engines mean the same thing). DuckDB's operator timings add up
the time of every thread working on the operator, so their sum can exceed the query's wall time;
``Plan.share`` (a node's share of all operator time) is the comparable figure.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

KINDS = ("scan", "index_scan", "join", "aggregate", "sort", "filter", "projection", "limit", "cte", "modify", "other")


@dataclass(frozen=True)
class PlanNode:
    operator: str
    kind: str = "other"
    table: str | None = None
    index: str | None = None
    estimated_rows: float | None = None
    actual_rows: float | None = None
    self_ms: float | None = None
    total_ms: float | None = None
    loops: int | None = None
    rows_scanned: float | None = None  # rows read before the operator's own filter, when known
    buffers: Mapping[str, int] = field(default_factory=dict)
    extra: Mapping[str, str] = field(default_factory=dict)
    children: tuple[PlanNode, ...] = ()
    node_id: int = 0

    def walk(self) -> Iterator[PlanNode]:
        """This node and its descendants, pre-order (the order of ``node_id``)."""
        yield self
        for child in self.children:
            yield from child.walk()

    def row(self) -> dict[str, Any]:
        """The node's own scalar facts, in the order every export lists them (``to_dict``'s JSON,
        ``Plan.to_frame``'s columns): one list, so the two exports cannot drift apart."""
        return {
            "operator": self.operator,
            "kind": self.kind,
            "table": self.table,
            "index": self.index,
            "estimated_rows": self.estimated_rows,
            "actual_rows": self.actual_rows,
            "loops": self.loops,
            "self_ms": self.self_ms,
            "total_ms": self.total_ms,
        }

    @property
    def label(self) -> str:
        target = (self.index and self.table and f"{self.table} using {self.index}") or self.table or self.index
        return f"{self.operator} on {target}" if target else self.operator

    @property
    def misestimate(self) -> float | None:
        """How far the estimate was off (>= 1, either direction), or None when either side is unknown."""
        if self.estimated_rows is None or self.actual_rows is None:
            return None
        est, act = max(self.estimated_rows, 1.0), max(self.actual_rows, 1.0)
        return max(est / act, act / est)


def number(root: PlanNode) -> PlanNode:
    """Give every node its pre-order ``node_id`` (root = 0)."""
    counter = iter(range(1 << 30))

    def go(n: PlanNode) -> PlanNode:
        nid = next(counter)
        return replace(n, node_id=nid, children=tuple(go(c) for c in n.children))

    return go(root)


def with_totals(node: PlanNode) -> PlanNode:
    """Fill ``total_ms`` from ``self_ms`` (DuckDB reports self time only)."""
    children = tuple(with_totals(c) for c in node.children)
    total = (node.self_ms or 0.0) + sum(c.total_ms or 0.0 for c in children)
    return replace(node, children=children, total_ms=total)


def with_self_times(node: PlanNode) -> PlanNode:
    """Fill ``self_ms`` from inclusive ``total_ms`` (PostgreSQL reports inclusive time)."""
    children = tuple(with_self_times(c) for c in node.children)
    if node.total_ms is None:
        return replace(node, children=children)
    own = node.total_ms - sum(c.total_ms or 0.0 for c in children)
    return replace(node, children=children, self_ms=max(own, 0.0))


@dataclass(frozen=True)
class Plan:
    """An executed plan: the tree plus engine-level facts (planning time, spilled bytes...)."""

    engine: str
    root: PlanNode
    execution_ms: float | None = None
    planning_ms: float | None = None
    facts: Mapping[str, Any] = field(default_factory=dict)
    raw: Any = None  # the engine's JSON, for anything the neutral model leaves out

    def nodes(self) -> list[PlanNode]:
        return list(self.root.walk())

    def node(self, node_id: int) -> PlanNode:
        for n in self.root.walk():
            if n.node_id == node_id:
                return n
        raise KeyError(node_id)

    def parents(self) -> dict[int, int | None]:
        out: dict[int, int | None] = {self.root.node_id: None}
        for n in self.root.walk():
            for c in n.children:
                out[c.node_id] = n.node_id
        return out

    def depths(self) -> dict[int, int]:
        out: dict[int, int] = {}

        def go(n: PlanNode, d: int) -> None:
            out[n.node_id] = d
            for c in n.children:
                go(c, d + 1)

        go(self.root, 0)
        return out

    @property
    def total_self_ms(self) -> float:
        return sum(n.self_ms or 0.0 for n in self.root.walk())

    def share(self, node: PlanNode) -> float:
        """The node's share (0..1) of the time spent in all operators."""
        total = self.total_self_ms
        return (node.self_ms or 0.0) / total if total > 0 else 0.0

    def find(self, kind: str | None = None, table: str | None = None, operator: str | None = None) -> list[PlanNode]:
        """Nodes matching every given criterion (operator: case-insensitive substring)."""
        return [
            n
            for n in self.root.walk()
            if (kind is None or n.kind == kind)
            and (table is None or (n.table or "").lower() == table.lower())
            and (operator is None or operator.lower() in n.operator.lower())
        ]

    def to_frame(self) -> pd.DataFrame:
        """One row per operator, pre-order, as a pandas DataFrame."""
        import pandas as pd

        parents, depths = self.parents(), self.depths()
        rows = []
        for n in self.root.walk():
            rows.append(
                {
                    "id": n.node_id,
                    "parent": parents[n.node_id],
                    "depth": depths[n.node_id],
                    **n.row(),
                    "time_share": round(self.share(n), 4),
                    "buffers": dict(n.buffers),
                    "extra": "; ".join(f"{k}: {v}" for k, v in n.extra.items()),
                }
            )
        return pd.DataFrame(rows)
