"""``seed()``: fill a database built from a schema with deterministic, constraint-respecting rows."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

from workbench.diagnostics import Diagnostic
from workbench.seeding.generate import BATCH, KeyStore, Options, TableGenerator
from workbench.seeding.plan import DEFAULT_ROWS, FkPlan, Plan, TablePlan, build_plan, qualified
from workbench.seeding.report import SeedReport, TableResult

if TYPE_CHECKING:
    from workbench.db.connection import Connection
    from workbench.ir import Schema
    from workbench.notebook.loaded import LoadedSchema

PathLike = str | os.PathLike[str]
PROGRESS_MIN_ROWS = 1_000_000


def seed(
    schema: Schema | LoadedSchema,
    db: Connection | str | Any | None = None,
    rows: int | Mapping[str, int] = DEFAULT_ROWS,
    *,
    seed: int = 42,
    seed_files: PathLike | list[PathLike] | None = None,
    fanout: Literal["uniform", "zipf"] | float | Mapping[str, Any] = "zipf",
    null_ratio: float | Mapping[str, float] = 0.1,
    progress: bool | None = None,
) -> SeedReport:
    """Fill ``db`` (a :class:`~workbench.db.connection.Connection`, URL, raw DuckDB/psycopg connection,
    or None for a new in-memory DuckDB) whose tables were created from ``schema``.

    ``rows``: rows per table, or ``{"User": 1_000, "Post": 50_000, "*": 100}`` by model or table
    name (``*``: every other table, default 1000). ``fanout``: ``"zipf"`` (skewed: a few parents own
    most children), ``"uniform"``, a Zipf exponent, or a mapping ``{"Post.authorId": "uniform",
    "Comment": 1.5, "*": "zipf"}``. ``null_ratio``: share of NULLs in nullable columns, or a mapping
    by ``"Table.column"`` / ``"Table"`` / ``"*"``. ``seed_files``: JSON/YAML/CSV files (or folders)
    of hand-written rows, loaded first and validated (located errors: nothing is written then).

    The same schema, rows and seed give the same rows on every run, machine and engine.
    Returns a :class:`SeedReport` (``.timings`` for rows/s per table).
    """
    ir: Schema = schema.schema if hasattr(schema, "schema") else schema  # type: ignore[union-attr,assignment]
    conn = _connection(db)
    if db is None:  # a fresh in-memory DuckDB: build the tables first (the report keeps the connection)
        conn.apply(ir)
    plan = build_plan(ir, rows)
    diagnostics: list[Diagnostic] = list(plan.diagnostics)
    sources: dict[str, Any] = {}
    file_rows: dict[Any, Any] = {}
    if seed_files is not None:
        from workbench.seeding.files import load_seed_files

        file_rows, file_diags, sources = load_seed_files(seed_files, plan)
        diagnostics.extend(file_diags)
    if any(d.is_error for d in diagnostics):
        return SeedReport(conn.dialect, seed, (), tuple(diagnostics), sources, db=conn)
    opts = Options(seed=seed, fanout=_fanout(fanout), null_ratio=_null_ratio(null_ratio), batch=BATCH)
    writer = _writer(conn)
    missing = writer.missing_tables(plan)
    if missing:
        from workbench.diagnostics import UserError

        raise UserError(
            f"the database has no table {', '.join(f'`{m}`' for m in missing)}: "
            "create the schema's tables first (db.apply(schema), or --apply on the command line)"
        )
    results = _run(plan, opts, writer, file_rows, progress)
    return SeedReport(conn.dialect, seed, results[0], tuple(diagnostics), sources, results[1], db=conn)


def _run(
    plan: Plan, opts: Options, writer: Any, file_rows: dict[Any, Any], progress: bool | None
) -> tuple[tuple[TableResult, ...], float]:
    """Generate and load batch by batch. (A generator thread overlapping the loads was tried: on
    two cores it slowed DuckDB's Arrow scan, which takes the GIL, more than it saved.)"""
    total = sum(t.rows for t in plan.tables)
    bar = _progress_bar(total, progress)
    store = KeyStore(plan)
    results: list[TableResult] = []
    started = time.perf_counter()
    deferred_done: set[tuple[Any, str]] = set()
    writer.begin()
    try:
        for t in plan.tables:
            t0 = time.perf_counter()
            gen = TableGenerator(plan, t, opts, store, file_rows.get(t.key))
            if not writer.can_update_later:
                for fk in t.fks:
                    if fk.deferred:
                        parent = TableGenerator(plan, plan.table(fk.ref), opts, KeyStore(plan), file_rows.get(fk.ref))
                        if gen.predict_deferred(fk, parent):
                            deferred_done.add((t.key, fk.name))
            count = 0
            for batch in gen.batches():
                store.add(t.key, batch)
                writer.write(t, batch)
                count += batch.num_rows
                if bar is not None:
                    bar.update(batch.num_rows)
            writer.fix_sequences(t)
            results.append(TableResult(qualified(t.key), count, gen.f, time.perf_counter() - t0))
        _fill_deferred(plan, opts, writer, store, deferred_done)
        writer.commit()
    except BaseException:
        writer.rollback()
        raise
    finally:
        if bar is not None:
            bar.close()
    return tuple(results), time.perf_counter() - started


def _fill_deferred(plan: Plan, opts: Options, writer: Any, store: KeyStore, done: set[tuple[Any, str]]) -> None:
    """Fill the foreign keys that closed a cycle, now that their targets exist (UPDATE)."""
    import pyarrow as pa

    from workbench.seeding.arrowutil import with_nulls
    from workbench.seeding.generate import deferred_choice

    for t in plan.tables:
        for fk in t.fks:
            if not fk.deferred or (t.key, fk.name) in done:
                continue
            n = store.count.get(t.key, 0)
            n_parent = store.count.get(fk.ref, 0)
            if n == 0 or n_parent == 0:
                continue
            idx, mask = deferred_choice(opts, t, fk, n, n_parent)
            key = t.primary_key or tuple(c.name for c in t.columns if c.name not in fk.columns)
            data = {c: store.column(t.key, c) for c in key}
            for col, ref_col in zip(fk.columns, fk.ref_columns, strict=True):
                data[col] = with_nulls(store.take(fk.ref, ref_col, idx), mask)
            keep = pa.array(~mask)
            table = pa.table(data).filter(keep)
            for start in range(0, table.num_rows, opts.batch):
                writer.update(t, key, table.slice(start, opts.batch))


def _fanout(spec: Any):
    from workbench.seeding.fks import fanout_exponent

    if not isinstance(spec, Mapping):
        s = fanout_exponent(spec)
        return lambda t, fk: s

    def lookup(t: TablePlan, fk: FkPlan) -> float | None:
        fields = {db: f for f, db in t.fields}
        for name in (t.model, t.name):
            if name is None:
                continue
            for col in (*fk.columns, *(fields[c] for c in fk.columns if c in fields)):
                if f"{name}.{col}" in spec:
                    return fanout_exponent(spec[f"{name}.{col}"])
            if name in spec:
                return fanout_exponent(spec[name])
        return fanout_exponent(spec.get("*", "zipf"))

    return lookup


def _null_ratio(spec: float | Mapping[str, float]):
    if not isinstance(spec, Mapping):
        value = float(spec)
        return lambda t, c: value

    def lookup(t: TablePlan, col: str) -> float:
        fields = {db: f for f, db in t.fields}
        for name in (t.model, t.name):
            if name is None:
                continue
            for c in (col, fields.get(col)):
                if c and f"{name}.{c}" in spec:
                    return float(spec[f"{name}.{c}"])
            if name in spec:
                return float(spec[name])
        return float(spec.get("*", 0.1))

    return lookup


def _connection(db: Any) -> Connection:
    from workbench.db.connection import Connection

    if db is None or isinstance(db, str):
        return Connection.open(db)
    if isinstance(db, Connection):
        return db
    module = type(db).__module__
    if module.startswith("duckdb") or module.startswith("_duckdb"):
        return Connection("duckdb", db, "duckdb connection")
    if module.startswith("psycopg"):
        return Connection("postgres", db, "postgresql connection")
    raise TypeError(
        f"seed() needs a workbench Connection, a URL, or a DuckDB/psycopg connection, not {type(db).__name__}"
    )


def _writer(conn: Connection) -> Any:
    from workbench.seeding.load import DuckWriter, PgWriter

    if conn.dialect == "duckdb":
        return DuckWriter(conn.raw)
    if conn.dialect == "postgres":
        return PgWriter(conn.raw)
    raise NotImplementedError(f"seeding {conn.dialect} is not supported yet (DuckDB and PostgreSQL are)")


def _progress_bar(total: int, progress: bool | None) -> Any:
    if progress is None:
        progress = total >= PROGRESS_MIN_ROWS and (_in_notebook() or sys.stderr.isatty())
    if not progress:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, unit="rows", unit_scale=True, desc="seeding")


def _in_notebook() -> bool:
    shell = sys.modules.get("IPython")
    if shell is None:
        return False
    try:
        ip = shell.get_ipython()  # type: ignore[attr-defined]
    except Exception:
        return False
    return ip is not None and type(ip).__name__ == "ZMQInteractiveShell"
