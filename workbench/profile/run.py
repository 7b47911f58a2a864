"""Running a query N times and once under the engine's profiler.

The timed runs are plain driver calls (execute + fetch every row), exactly what an application
does, so the numbers are not inflated by instrumentation. The plan comes from one extra,
instrumented execution: the last warm-up run (or one run after the timed ones when ``warmup=0``).
DML runs inside a transaction that is always rolled back, so profiling never changes data.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from workbench.diagnostics import UserError
from workbench.profile.duckdb_plan import parse_duckdb
from workbench.profile.hotspots import find_hotspots
from workbench.profile.pg_plan import parse_postgres
from workbench.profile.plan import Plan, PlanNode
from workbench.profile.result import Profile

_DML = ("insert", "update", "delete", "merge")


@dataclass(frozen=True)
class Target:
    """The engine and the driver connection behind a workbench Connection (or a raw connection)."""

    dialect: str
    raw: Any


def target_of(con: Any) -> Target:
    dialect = getattr(con, "dialect", None)
    raw = getattr(con, "raw", con)
    if not isinstance(dialect, str):
        module = type(raw).__module__.split(".")[0]
        dialect = {"duckdb": "duckdb", "_duckdb": "duckdb", "psycopg": "postgres"}.get(module, module)
    if dialect not in ("duckdb", "postgres"):
        raise UserError(f"query profiling supports DuckDB and PostgreSQL, not {dialect}")
    return Target(dialect, raw)


def is_dml(sql: str, dialect: str) -> bool:
    """True for INSERT/UPDATE/DELETE/MERGE, including ``WITH ... INSERT`` forms."""
    import sqlglot
    from sqlglot import exp

    try:
        tree = sqlglot.parse_one(sql, read=dialect)
    except Exception:  # unparsable for sqlglot: fall back to the leading keyword
        return sql.lstrip().split(None, 1)[0].lower() in _DML if sql.strip() else False
    return isinstance(tree, exp.Insert | exp.Update | exp.Delete | exp.Merge)


def profile(con: Any, sql: str, params: Any = None, runs: int = 10, warmup: int = 2) -> Profile:
    """Time ``sql`` ``runs`` times (after ``warmup`` untimed runs) and capture its executed plan.

    ``con``: a :class:`workbench.db.connection.Connection` (DuckDB or PostgreSQL) or a raw
    DuckDB / psycopg connection. Returns a :class:`Profile` (wall times, rows, plan, hot spots).
    """
    if runs < 1 or warmup < 0:
        raise ValueError("runs must be >= 1 and warmup >= 0")
    tgt = target_of(con)
    dml = is_dml(sql, tgt.dialect)
    run_once = _duckdb_run if tgt.dialect == "duckdb" else _pg_run
    plan_once = _duckdb_plan if tgt.dialect == "duckdb" else _pg_plan
    plan: Plan | None = None
    for i in range(warmup):
        if i == warmup - 1:
            plan = plan_once(tgt.raw, sql, params, dml)
        else:
            run_once(tgt.raw, sql, params, dml)
    times: list[float] = []
    rows = 0
    for _ in range(runs):
        elapsed, rows = run_once(tgt.raw, sql, params, dml)
        times.append(elapsed * 1000.0)
    if plan is None:
        plan = plan_once(tgt.raw, sql, params, dml)
    return Profile(
        sql=sql,
        params=params,
        engine=tgt.dialect,
        times_ms=tuple(times),
        rows=rows,
        plan=plan,
        hotspots=find_hotspots(plan),
        dml=dml,
        warmup=warmup,
    )


# --- DuckDB ----------------------------------------------------------------------------------------
def _duckdb_exec(raw: Any, sql: str, params: Any, dml: bool) -> tuple[float, int]:
    start = time.perf_counter()
    cur = raw.execute(sql, params) if params is not None else raw.execute(sql)
    result = cur.fetchall() if cur.description else []
    elapsed = time.perf_counter() - start
    if dml and cur.description and [d[0] for d in cur.description] == ["Count"] and len(result) == 1:
        return elapsed, int(result[0][0])  # INSERT/UPDATE/DELETE without RETURNING: affected rows
    return elapsed, len(result)


def _duckdb_txn(raw: Any, fn: Any) -> Any:
    try:
        raw.execute("BEGIN TRANSACTION")
    except Exception as exc:
        raise UserError(
            f"cannot profile a data-changing statement inside an open DuckDB transaction ({exc}):"
            " commit or roll back first"
        ) from None
    try:
        return fn()
    finally:
        raw.execute("ROLLBACK")


def _duckdb_run(raw: Any, sql: str, params: Any, dml: bool) -> tuple[float, int]:
    if dml:
        return _duckdb_txn(raw, lambda: _duckdb_exec(raw, sql, params, dml))
    return _duckdb_exec(raw, sql, params, dml)


def _duckdb_plan(raw: Any, sql: str, params: Any, dml: bool) -> Plan:
    def go() -> Plan:
        raw.execute("SET enable_profiling = 'no_output'")
        try:
            _duckdb_exec(raw, sql, params, dml)
            doc = json.loads(raw.get_profiling_information())
        finally:
            raw.execute("PRAGMA disable_profiling")
        try:
            return parse_duckdb(doc)
        except ValueError:
            # DuckDB 2.0 answers some queries without running operators (count(*) of a whole table
            # comes from metadata) and then reports {"result": "error"}: keep one opaque node.
            note = "DuckDB reported no operator profile for this query (answered from table metadata?)"
            return Plan("duckdb", PlanNode("QUERY"), facts={"note": note}, raw=doc)

    return _duckdb_txn(raw, go) if dml else go()


# --- PostgreSQL ------------------------------------------------------------------------------------
def _pg_run(raw: Any, sql: str, params: Any, dml: bool) -> tuple[float, int]:
    # Every run sits in a transaction (a savepoint when the caller has one open) that is rolled
    # back: DML leaves no trace and a SELECT leaves no transaction open behind the caller's back.
    with raw.transaction(force_rollback=True), raw.cursor() as cur:
        start = time.perf_counter()
        cur.execute(sql, params)
        n = len(cur.fetchall()) if cur.description else max(cur.rowcount, 0)
        return time.perf_counter() - start, n


def _pg_plan(raw: Any, sql: str, params: Any, dml: bool) -> Plan:
    with raw.transaction(force_rollback=True), raw.cursor() as cur:
        cur.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, params)
        doc = cur.fetchone()[0]
    return parse_postgres(doc)
