"""Running a query N times and once under the engine's profiler, without leaving a trace.

The timed runs are plain driver calls (execute + fetch every row), exactly what an application
does, so the numbers are not inflated by instrumentation. The plan comes from one extra,
instrumented execution: the last warm-up run (or one run after the timed ones when ``warmup=0``).

Safety by construction (``safety.py`` has the rule): every statement of the query string is
classified first and anything that could outlive a rollback is refused before anything runs.
Every run then sits in a transaction of its own that is always rolled back, reads included:
on PostgreSQL a READ ONLY one for reads (the server itself then refuses a write hidden in a
function), under a savepoint when the caller has a transaction open; on DuckDB ``BEGIN ...
ROLLBACK``. DuckDB has no savepoints, so inside the caller's open DuckDB transaction only reads
run (in that transaction: a read that fails there aborts it, as it would run directly), and
writes are refused. Before the first run each engine's own parser confirms it sees exactly the
classified statements, so a disagreement between sqlglot's tokenizer and the engine's cannot
smuggle a statement past the classifier.

A query string may hold several statements: each run executes them in order in one rolled-back
transaction and is timed as a whole; the plan is the last statement's, the earlier ones having run
first in the same transaction (``CREATE INDEX ...; SELECT ...`` measures a what-if index).
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from workbench.db.transaction import TransactionStateError, transaction_state
from workbench.diagnostics import UserError
from workbench.dialects import registry
from workbench.profile import safety
from workbench.profile.duckdb_plan import parse_duckdb
from workbench.profile.hotspots import find_hotspots
from workbench.profile.pg_plan import parse_postgres
from workbench.profile.plan import Plan, PlanNode
from workbench.profile.result import Profile
from workbench.profile.safety import Statement, UnsafeQueryError
from workbench.progress import bar as progress_bar


@dataclass(frozen=True)
class Target:
    """The engine and the driver connection behind a workbench Connection (or a raw connection)."""

    dialect: str
    raw: Any


def target_of(con: Any) -> Target:
    dialect = getattr(con, "dialect", None)
    raw = getattr(con, "raw", con)
    if not isinstance(dialect, str):
        try:
            dialect = registry.from_connection(raw).name
        except registry.UnknownEngineError:
            dialect = type(raw).__module__.split(".")[0]
    engine = registry.find(dialect)
    if engine is None or not engine.profiles:
        raise UserError(f"query profiling supports DuckDB and PostgreSQL, not {dialect}")
    return Target(dialect, raw)


def is_dml(sql: str, dialect: str) -> bool:
    """True when some statement of ``sql`` changes data or schema (it runs rolled back)."""
    return any(s.effect == "write" for s in safety.classify(sql, dialect))


@dataclass(frozen=True)
class _Job:
    """What one profile runs: the checked statements, how to open a run's transaction, how to run them."""

    tgt: Target
    statements: tuple[Statement, ...]
    params: Any
    writes: bool
    own_transaction: bool  # False: reads inside the caller's open DuckDB transaction

    @property
    def last(self) -> Statement:
        return self.statements[-1]


def prepare(con: Any, sql: str, params: Any = None) -> _Job:
    """Check ``sql`` for ``con`` and decide how it runs; raises before anything has run.

    Raises :class:`UnsafeQueryError` for a refused statement and :class:`TransactionStateError`
    when the connection's transaction state does not allow the work.
    """
    tgt = target_of(con)
    statements = safety.check(sql, tgt.dialect, params=params is not None)
    writes = any(s.effect == "write" for s in statements)
    state = transaction_state(tgt.raw, tgt.dialect)
    if state == "failed":
        raise TransactionStateError(
            "cannot profile: the connection's transaction has failed; roll it back first (nothing was run)"
        )
    own = not (state == "open" and not registry.get(tgt.dialect).supports_savepoints)
    if not own and writes:
        raise TransactionStateError(
            "cannot profile a data-changing statement inside your open DuckDB transaction (DuckDB has no"
            " savepoints, so undoing it would discard your uncommitted work): COMMIT or ROLLBACK first"
        )
    job = _Job(tgt, statements, params, writes, own)
    (_duckdb_agrees if tgt.dialect == "duckdb" else _pg_agrees)(job)
    return job


def profile(
    con: Any, sql: str, params: Any = None, runs: int = 10, warmup: int = 2, *, progress: bool | None = False
) -> Profile:
    """Time ``sql`` ``runs`` times (after ``warmup`` untimed runs) and capture its executed plan.

    ``con``: a :class:`workbench.db.connection.Connection` (DuckDB or PostgreSQL) or a raw
    DuckDB / psycopg connection. Returns a :class:`Profile` (wall times, rows, plan, hot spots).
    Nothing the query does survives: see the module docstring for how, and what is refused.
    ``progress``: a bar over the runs (:mod:`workbench.progress`); off by default, because the
    sweep and the advisor profile inside bars of their own (the CLI's ``profile`` passes its flag).
    """
    if runs < 1 or warmup < 0:
        raise ValueError("runs must be >= 1 and warmup >= 0")
    job = prepare(con, sql, params)
    sequences = _sequence_positions(job)
    run_once = _duckdb_run if job.tgt.dialect == "duckdb" else _pg_run
    plan_once = _duckdb_plan if job.tgt.dialect == "duckdb" else _pg_plan
    plan: Plan | None = None
    times: list[float] = []
    rows = 0
    with progress_bar(warmup + runs, "profiling", "runs", progress=progress) as bar:
        for i in range(warmup):
            if i == warmup - 1:
                plan = plan_once(job)
            else:
                run_once(job)
            bar.update()
        for _ in range(runs):
            elapsed, rows = run_once(job)
            times.append(elapsed * 1000.0)
            bar.update()
    if plan is None:
        plan = plan_once(job)
    notes = [str(plan.facts["note"])] if "note" in plan.facts else []
    notes += _moved_sequences(job, sequences)
    return Profile(
        sql=sql,
        params=params,
        engine=job.tgt.dialect,
        times_ms=tuple(times),
        rows=rows,
        plan=plan,
        hotspots=find_hotspots(plan),
        dml=job.writes,
        warmup=warmup,
        statements=len(job.statements),
        notes=tuple(notes),
    )


def _sequence_positions(job: _Job) -> dict[str, Any]:
    """Every sequence's position, when the runs could move one (PostgreSQL: only writes can)."""
    raw = job.tgt.raw
    if job.tgt.dialect == "duckdb":
        sql = "SELECT schema_name || '.' || sequence_name, last_value FROM duckdb_sequences()"
        return {str(k): v for k, v in raw.execute(sql).fetchall()}
    if not job.writes:
        return {}
    with raw.transaction(force_rollback=True), raw.cursor() as cur:
        cur.execute("SELECT schemaname || '.' || sequencename, last_value FROM pg_sequences")
        return {str(k): v for k, v in cur.fetchall()}


def _moved_sequences(job: _Job, before: dict[str, Any]) -> list[str]:
    """Say so when a run advanced a sequence (a column default's nextval): no engine rolls that back.

    Explicit nextval()/setval() calls are refused, but an INSERT into a serial or identity column
    draws values too, as every rolled-back insert does; the rows are gone, the gap stays.
    """
    if not before:
        return []
    after = _sequence_positions(job)
    engine = registry.get(job.tgt.dialect).label
    return [
        f"sequence {name} moved from {before[name]} to {after[name]}: {engine} never rolls sequences back,"
        " so the next generated ids skip those values (as after any rolled-back insert)"
        for name in sorted(before)
        if name in after and after[name] != before[name]
    ]


def _timed(job: _Job, execute: Callable[[Statement, Any], int]) -> tuple[float, int]:
    """Run every statement in order; the wall time of all of them and the last one's row count."""
    rows = 0
    start = time.perf_counter()
    for s in job.statements:
        rows = execute(s, job.params)
    return time.perf_counter() - start, rows


def _no_plan(job: _Job) -> Plan:
    """A one-node plan for statements the engine cannot show a plan for (DDL, TRUNCATE, ...)."""
    engine = registry.get(job.tgt.dialect).label
    note = f"{engine} shows no plan for {job.last.kind}: wall times only"
    return Plan(job.tgt.dialect, PlanNode(job.last.kind), facts={"note": note})


# --- DuckDB ----------------------------------------------------------------------------------------
_DUCKDB_READS = frozenset({"SELECT"})
_DUCKDB_WRITES = frozenset({"SELECT", "INSERT", "UPDATE", "DELETE", "MERGE_INTO", "CREATE", "DROP", "ALTER"})


def _duckdb_agrees(job: _Job) -> None:
    """DuckDB's own parser must see one statement of an allowed type for each classified one."""
    for s in job.statements:
        try:
            found = job.tgt.raw.extract_statements(s.run)
        except Exception:
            continue  # DuckDB cannot parse it: running it fails the same way, before it can do anything
        types = [str(getattr(f.type, "name", f.type)) for f in found]
        allowed = _DUCKDB_READS if s.is_read else _DUCKDB_WRITES
        if len(types) != 1 or types[0] not in allowed:
            raise UnsafeQueryError(
                f"cannot profile {s.kind} (at {s.line}:{s.col}): DuckDB reads it as {' + '.join(types) or 'nothing'},"
                " not as the statement workbench checked, so it cannot prove it safe"
            )


def _duckdb_exec(raw: Any, s: Statement, params: Any) -> int:
    cur = raw.execute(s.run, params) if params is not None else raw.execute(s.run)
    result = cur.fetchall() if cur.description else []
    if s.effect == "write" and cur.description and [d[0] for d in cur.description] == ["Count"] and len(result) == 1:
        return int(result[0][0])  # INSERT/UPDATE/DELETE without RETURNING: affected rows
    return len(result)


@contextmanager
def _duckdb_scope(job: _Job) -> Iterator[None]:
    """One run's transaction, always rolled back; none of our own inside the caller's (reads only)."""
    raw = job.tgt.raw
    if not job.own_transaction:
        yield
        return
    raw.execute("BEGIN TRANSACTION")
    try:
        yield
    finally:
        raw.execute("ROLLBACK")


def _duckdb_run(job: _Job) -> tuple[float, int]:
    with _duckdb_scope(job):
        return _timed(job, lambda s, p: _duckdb_exec(job.tgt.raw, s, p))


def _duckdb_plan(job: _Job) -> Plan:
    raw = job.tgt.raw
    if not job.last.explainable:
        with _duckdb_scope(job):
            _timed(job, lambda s, p: _duckdb_exec(raw, s, p))
        return _no_plan(job)
    with _duckdb_profiling(raw), _duckdb_scope(job):
        for s in job.statements[:-1]:
            _duckdb_exec(raw, s, job.params)
        raw.execute("SET enable_profiling = 'no_output'")
        _duckdb_exec(raw, job.last, job.params)
        doc = json.loads(raw.get_profiling_information())
    try:
        return parse_duckdb(doc)
    except ValueError:
        # DuckDB 2.0 answers some queries without running operators (count(*) of a whole table
        # comes from metadata) and then reports {"result": "error"}: keep one opaque node.
        note = "DuckDB reported no operator profile for this query (answered from table metadata?)"
        return Plan("duckdb", PlanNode("QUERY"), facts={"note": note}, raw=doc)


@contextmanager
def _duckdb_profiling(raw: Any) -> Iterator[None]:
    """Give the session back its own ``enable_profiling`` afterwards (settings are not transactional).

    Restored after the run's rollback, since an aborted transaction refuses even SET; when the
    block failed, a failed restore must not hide the error that matters.
    """
    prior = raw.execute("SELECT current_setting('enable_profiling')").fetchall()[0][0]

    def restore() -> None:
        if prior is None:
            raw.execute("RESET enable_profiling")
        else:
            raw.execute(f"SET enable_profiling = '{str(prior).replace(chr(39), chr(39) * 2)}'")

    try:
        yield
    except BaseException:
        with contextlib.suppress(Exception):
            restore()
        raise
    restore()


# --- PostgreSQL ------------------------------------------------------------------------------------
def _pg_agrees(job: _Job) -> None:
    """PostgreSQL's parser must see exactly one statement in each classified one.

    The check parses each statement as the unnamed prepared statement without executing it:
    PostgreSQL splits the text with its own lexer and refuses several commands in one Parse
    before any analysis, so any other error (a syntax error, a table created by an earlier
    statement) still proves the text is one statement or none that could run. Each check sits in
    a rolled-back scope so a failed Parse cannot abort the caller's transaction. Parameterised
    queries need no check: psycopg sends them with the extended protocol, which refuses several
    commands anyway.
    """
    if job.params is not None:
        return
    raw = job.tgt.raw
    for s in job.statements:
        with _pg_scope(job):
            result = raw.pgconn.prepare(b"", s.run.encode(raw.info.encoding))
        message = (result.error_message or b"").decode(raw.info.encoding, "replace")
        if "cannot insert multiple commands" in message:
            raise UnsafeQueryError(
                f"cannot profile {s.kind} (at {s.line}:{s.col}): PostgreSQL reads several statements in it"
                " where workbench read one (a server setting such as standard_conforming_strings?),"
                " so it cannot prove it safe"
            )


@contextmanager
def _pg_scope(job: _Job) -> Iterator[None]:
    """A transaction (a savepoint inside the caller's) that is rolled back; READ ONLY for reads."""
    raw = job.tgt.raw
    with raw.transaction(force_rollback=True):
        if not job.writes:
            raw.execute("SET LOCAL transaction_read_only = on")
        yield


def _pg_exec(cur: Any, s: Statement, params: Any) -> int:
    cur.execute(s.run, params)
    return len(cur.fetchall()) if cur.description else max(cur.rowcount, 0)


def _pg_run(job: _Job) -> tuple[float, int]:
    with _pg_scope(job), job.tgt.raw.cursor() as cur:
        return _timed(job, lambda s, p: _pg_exec(cur, s, p))


def _pg_plan(job: _Job) -> Plan:
    with _pg_scope(job), job.tgt.raw.cursor() as cur:
        for s in job.statements[:-1]:
            _pg_exec(cur, s, job.params)
        if not job.last.explainable:
            _pg_exec(cur, job.last, job.params)
            return _no_plan(job)
        cur.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + job.last.run, job.params)
        doc = cur.fetchone()[0]
    return parse_postgres(doc)
