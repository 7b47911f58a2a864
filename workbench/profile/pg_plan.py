"""PostgreSQL ``EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)`` -> :class:`Plan`.

psycopg returns the JSON already parsed: ``[{"Plan": {...}, "Planning Time": ms, "Execution Time": ms}]``.
PostgreSQL reports ``Actual Rows`` and ``Actual Total Time`` per loop (and per process for
parallel nodes); both are multiplied by ``Actual Loops`` here so that totals mean the same as on
DuckDB. Self time = inclusive time minus the children's inclusive time.
"""

from __future__ import annotations

from typing import Any

from workbench.profile.plan import Plan, PlanNode, number, with_self_times

_KINDS = {
    "scan": ("Seq Scan", "Parallel Seq Scan", "Sample Scan", "Function Scan", "Values Scan", "Result", "Tid Scan"),
    "index_scan": ("Index Scan", "Index Only Scan", "Bitmap Index Scan", "Bitmap Heap Scan"),
    "join": ("Nested Loop", "Hash Join", "Merge Join"),
    "aggregate": ("Aggregate", "GroupAggregate", "HashAggregate", "WindowAgg", "Group", "Unique", "SetOp"),
    "sort": ("Sort", "Incremental Sort"),
    "limit": ("Limit",),
    "cte": ("CTE Scan", "WorkTable Scan", "Recursive Union", "Subquery Scan"),
    "modify": ("ModifyTable",),
    "other": ("Hash", "Materialize", "Memoize", "Gather", "Gather Merge", "Append", "Merge Append"),
}
_KIND_OF = {op: kind for kind, ops in _KINDS.items() for op in ops}
_EXTRA_KEYS = (
    "Join Type",
    "Hash Cond",
    "Merge Cond",
    "Join Filter",
    "Index Cond",
    "Recheck Cond",
    "Filter",
    "Rows Removed by Filter",
    "Rows Removed by Join Filter",
    "Rows Removed by Index Recheck",
    "Sort Key",
    "Sort Method",
    "Sort Space Used",
    "Sort Space Type",
    "Group Key",
    "Strategy",
    "Hash Buckets",
    "Hash Batches",
    "Original Hash Batches",
    "Peak Memory Usage",
    "Disk Usage",
    "CTE Name",
    "Subplan Name",
    "Parent Relationship",
    "Operation",
    "Workers Planned",
    "Workers Launched",
    "Heap Fetches",
    "Cache Hits",
    "Cache Misses",
)
_BUFFERS = {
    "Shared Hit Blocks": "shared_hit",
    "Shared Read Blocks": "shared_read",
    "Shared Dirtied Blocks": "shared_dirtied",
    "Shared Written Blocks": "shared_written",
    "Local Hit Blocks": "local_hit",
    "Local Read Blocks": "local_read",
    "Temp Read Blocks": "temp_read",
    "Temp Written Blocks": "temp_written",
}


def parse_postgres(doc: Any) -> Plan:
    """Parse EXPLAIN's JSON (a list with one object, the object, or the JSON text)."""
    if isinstance(doc, str):
        import json

        doc = json.loads(doc)
    if isinstance(doc, list):
        doc = doc[0]
    if not isinstance(doc, dict) or "Plan" not in doc:
        raise ValueError("not a PostgreSQL EXPLAIN (FORMAT JSON) document (no `Plan`)")
    root = number(with_self_times(_node(doc["Plan"])))
    facts: dict[str, Any] = dict(root.buffers)  # the root's buffer counts include its children's
    if doc.get("Triggers"):
        facts["triggers"] = len(doc["Triggers"])
    return Plan(
        "postgres",
        root,
        execution_ms=doc.get("Execution Time"),
        planning_ms=doc.get("Planning Time"),
        facts=facts,
        raw=doc,
    )


def _node(raw: dict[str, Any]) -> PlanNode:
    node_type = raw.get("Node Type", "?")
    operator = node_type
    if node_type == "ModifyTable":
        operator = raw.get("Operation", node_type)
    elif node_type == "Aggregate" and raw.get("Strategy") in ("Hashed", "Sorted", "Mixed"):
        operator = {"Hashed": "HashAggregate", "Sorted": "GroupAggregate", "Mixed": "MixedAggregate"}[raw["Strategy"]]
    if raw.get("Parallel Aware") and not operator.startswith("Parallel"):
        operator = f"Parallel {operator}"
    loops = int(raw.get("Actual Loops", 1) or 0)
    rows = raw.get("Actual Rows")
    total = raw.get("Actual Total Time")
    removed = raw.get("Rows Removed by Filter")
    actual = None if rows is None else float(rows) * max(loops, 1)
    scanned = None
    if actual is not None and removed is not None and _KIND_OF.get(node_type) in ("scan", "index_scan"):
        scanned = actual + float(removed) * max(loops, 1)
    table = raw.get("Relation Name")
    if table and raw.get("Schema") not in (None, "public"):
        table = f"{raw['Schema']}.{table}"
    extra = {k: _text(raw[k]) for k in _EXTRA_KEYS if k in raw}
    if "Alias" in raw and raw.get("Alias") != raw.get("Relation Name"):
        extra["Alias"] = str(raw["Alias"])
    return PlanNode(
        operator=operator,
        kind=_KIND_OF.get(node_type, "other"),
        table=table,
        index=raw.get("Index Name"),
        estimated_rows=None if raw.get("Plan Rows") is None else float(raw["Plan Rows"]) * max(loops, 1),
        actual_rows=actual,
        total_ms=None if total is None else float(total) * max(loops, 1),
        loops=loops if "Actual Loops" in raw else None,
        rows_scanned=scanned,
        buffers={v: int(raw[k]) for k, v in _BUFFERS.items() if raw.get(k)},
        extra=extra,
        children=tuple(_node(c) for c in raw.get("Plans", [])),
    )


def _text(v: Any) -> str:
    return ", ".join(map(str, v)) if isinstance(v, list) else str(v)
