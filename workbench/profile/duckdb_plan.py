"""DuckDB profiling JSON (2.0 and 1.x shapes) -> :class:`Plan`.

2.0 (``SET enable_profiling='no_output'`` then ``get_profiling_information()``): a top-level object
with sections ``io``, ``optimizer``, ``planner``, ``query``, ``system`` and an ``operator`` list of
trees ``{name, type, timing, intermediate_rows, extra_info, children}``.
1.x: a flat top level (``latency``, ``rows_returned``, ...) whose ``children`` are trees of
``{operator_name, operator_type, operator_timing, operator_cardinality, operator_rows_scanned,
extra_info, children}``; before 1.1 ``extra_info`` was a string of ``Key: value`` lines with an
``EC: n`` estimate. Timings are seconds in every version.
"""

from __future__ import annotations

import re
from typing import Any

from workbench.profile.plan import Plan, PlanNode, number, with_totals

_KINDS = {
    "join": (
        "HASH_JOIN",
        "NESTED_LOOP_JOIN",
        "PIECEWISE_MERGE_JOIN",
        "BLOCKWISE_NL_JOIN",
        "CROSS_PRODUCT",
        "IE_JOIN",
        "DELIM_JOIN",
        "LEFT_DELIM_JOIN",
        "RIGHT_DELIM_JOIN",
        "POSITIONAL_JOIN",
        "ASOF_JOIN",
        "INDEX_JOIN",
    ),
    "aggregate": (
        "HASH_GROUP_BY",
        "PERFECT_HASH_GROUP_BY",
        "PARTITIONED_AGGREGATE",
        "UNGROUPED_AGGREGATE",
        "SIMPLE_AGGREGATE",
        "STREAMING_WINDOW",
        "WINDOW",
    ),
    "sort": ("ORDER_BY", "TOP_N"),
    "filter": ("FILTER",),
    "projection": ("PROJECTION",),
    "limit": ("LIMIT", "STREAMING_LIMIT", "LIMIT_PERCENT"),
    "cte": ("CTE", "CTE_SCAN", "RECURSIVE_CTE", "RECURSIVE_CTE_SCAN", "DELIM_SCAN", "COLUMN_DATA_SCAN"),
    "modify": ("INSERT", "BATCH_INSERT", "UPDATE", "DELETE", "MERGE_INTO", "BATCH_COPY_TO_FILE", "COPY_TO_FILE"),
    "scan": ("TABLE_SCAN", "SEQ_SCAN", "READ_CSV", "READ_PARQUET", "DUMMY_SCAN", "EMPTY_RESULT", "CHUNK_SCAN"),
}
_KIND_OF = {op: kind for kind, ops in _KINDS.items() for op in ops}
_HIDDEN = ("RESULT_COLLECTOR", "QUERY", "EXPLAIN_ANALYZE")


def parse_duckdb(doc: dict[str, Any]) -> Plan:
    """Parse either shape; raises ValueError when ``doc`` is neither."""
    if "operator" in doc or "operator_name" in doc:
        roots = doc.get("operator")
        roots = roots if isinstance(roots, list) else [roots] if isinstance(roots, dict) else [doc]
        query = doc.get("query", {})
        system = doc.get("system", {})
        latency = query.get("total_time", doc.get("latency"))
        facts = {
            "rows_scanned": query.get("total_rows_scanned"),
            "cpu_ms": _ms(query.get("cpu_time")),
            "peak_memory_bytes": system.get("peak_buffer_memory"),
            "spilled_bytes": system.get("total_bytes_spilled"),
            "bytes_read": doc.get("io", {}).get("total_bytes_read"),
        }
    elif "children" in doc:
        roots = doc["children"]
        latency = doc.get("latency", doc.get("timing"))
        facts = {
            "rows_scanned": doc.get("cumulative_rows_scanned"),
            "cpu_ms": _ms(doc.get("cpu_time")),
            "spilled_bytes": doc.get("total_bytes_spilled"),
        }
    else:
        raise ValueError("not a DuckDB profiling document (no `operator` tree and no `children`)")
    nodes = [n for r in roots for n in _unwrap(r)]
    if not nodes:
        raise ValueError("DuckDB profiling document has no operators")
    root = _node(nodes[0]) if len(nodes) == 1 else PlanNode("QUERY", children=tuple(_node(n) for n in nodes))
    root = number(with_totals(root))
    facts = {k: v for k, v in facts.items() if v is not None}
    return Plan(
        "duckdb",
        root,
        execution_ms=_ms(latency),
        planning_ms=_ms(doc.get("planner", {}).get("total_time")),
        facts=facts,
        raw=doc,
    )


def _unwrap(raw: dict[str, Any]) -> list[dict[str, Any]]:
    """Skip DuckDB's bookkeeping operators (result collector, query root) to reach the real plan."""
    name = _name(raw)
    if name in _HIDDEN or name == "":
        return [n for c in raw.get("children", []) for n in _unwrap(c)]
    return [raw]


def _name(raw: dict[str, Any]) -> str:
    return str(raw.get("name", raw.get("operator_name", raw.get("operator_type", "")))).strip()


def _node(raw: dict[str, Any]) -> PlanNode:
    name = _name(raw)
    op_type = str(raw.get("type", raw.get("operator_type", name)))
    info = _extra_info(raw.get("extra_info"))
    estimated = _float(info.pop("Estimated Cardinality", None) or info.pop("EC", None))
    table = info.pop("Table", None) or info.pop("Function", None) if op_type in ("TABLE_SCAN", "SEQ_SCAN") else None
    scan_type = info.pop("Type", "") if op_type in ("TABLE_SCAN", "SEQ_SCAN") else ""
    kind = _KIND_OF.get(name, _KIND_OF.get(op_type, "other"))
    operator = name
    if scan_type == "Index Scan":
        kind, operator = "index_scan", "INDEX_SCAN"
    rows = raw.get("intermediate_rows", raw.get("operator_cardinality", raw.get("cardinality")))
    scanned = raw.get("rows_scanned", raw.get("operator_rows_scanned"))
    timing = raw.get("timing", raw.get("operator_timing"))
    return PlanNode(
        operator=operator,
        kind=kind,
        table=_table(table) if table else None,
        estimated_rows=estimated,
        actual_rows=_float(rows),
        self_ms=_ms(timing),
        loops=None,
        rows_scanned=_float(scanned) if scanned else None,
        extra=info,
        children=tuple(_node(c) for c in raw.get("children", []) if _name(c) not in _HIDDEN),
    )


def _extra_info(info: Any) -> dict[str, str]:
    if isinstance(info, dict):
        return {str(k): ", ".join(map(str, v)) if isinstance(v, list) else str(v) for k, v in info.items()}
    out: dict[str, str] = {}
    if isinstance(info, str):  # pre-1.1: "Table: t\nFilters: ...\n[INFOSEPARATOR]\nEC: 12"
        key = "Info"
        for line in info.splitlines():
            line = line.strip()
            if not line or line.startswith("[INFOSEPARATOR]") or set(line) <= {"-"}:
                continue
            k, sep, v = line.partition(":")
            if sep and k.strip() and " " not in k.strip()[:1]:
                key = k.strip()
                out[key] = v.strip()
            else:
                out[key] = f"{out[key]}, {line}" if key in out else line
    return out


def _table(name: str) -> str:
    """``memory.main."Order"`` -> ``Order``; keeps a non-default schema (``sales.Order``)."""
    parts = [quoted.replace('""', '"') or bare for quoted, bare in re.findall(r'"((?:[^"]|"")*)"|([^.]+)', name)]
    if len(parts) == 3:
        parts = parts[1:]
    if len(parts) == 2 and parts[0] == "main":
        parts = parts[1:]
    return ".".join(parts)


def _float(v: Any) -> float | None:
    if v is None or v == "":
        return None
    try:
        return float(str(v).replace("~", "").replace(",", "").strip())
    except ValueError:
        return None


def _ms(seconds: Any) -> float | None:
    v = _float(seconds)
    return None if v is None else v * 1000.0
