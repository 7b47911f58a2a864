"""``seed()``: fill a database built from a schema with deterministic, constraint-respecting rows."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Literal

from workbench.diagnostics import Diagnostic, SourceFile, UserError
from workbench.dialects import registry
from workbench.emit.sql import schema_ddl
from workbench.progress import bar as progress_bar
from workbench.seeding.feasibility import Feasibility
from workbench.seeding.generate import BATCH, Options, TableGenerator
from workbench.seeding.generated import generated_columns, leave_to_database
from workbench.seeding.keystore import KeyStore
from workbench.seeding.plan import DEFAULT_ROWS, FkPlan, Plan, TablePlan, qualified
from workbench.seeding.planner import build_plan
from workbench.seeding.report import SeedReport, TableResult

if TYPE_CHECKING:
    from workbench.db.connection import Connection
    from workbench.ir import Schema

PathLike = str | os.PathLike[str]


class SeedError(UserError):
    """The engine refused a row while seeding; the transaction was rolled back (nothing written)."""


def seed(
    schema: Schema,
    db: Connection | str | Any | None = None,
    rows: int | Mapping[str, int] = DEFAULT_ROWS,
    *,
    seed: int = 42,
    seed_files: PathLike | list[PathLike] | None = None,
    fanout: Literal["uniform", "zipf"] | float | Mapping[str, Any] = "zipf",
    null_ratio: float | Mapping[str, float] = 0.1,
    reset: bool = False,
    progress: bool | None = None,
    strict: bool = False,
    sources: Mapping[str, SourceFile] | None = None,
) -> SeedReport:
    """Fill ``db`` (a :class:`~workbench.db.connection.Connection`, URL, raw DuckDB/psycopg/sqlite3
    connection, or None for a new in-memory DuckDB) whose tables were created from ``schema``.

    ``rows``: rows per table, or ``{"User": 1_000, "Post": 50_000, "*": 100}`` by model or table
    name (``*``: every other table, default 1000). ``fanout``: ``"zipf"`` (skewed: a few parents own
    most children), ``"uniform"``, a Zipf exponent, or a mapping ``{"Post.authorId": "uniform",
    "Comment": 1.5, "*": "zipf"}``. ``null_ratio``: share of NULLs in nullable columns, or a mapping
    by ``"Table.column"`` / ``"Table"`` / ``"*"``. ``seed_files``: JSON/YAML/CSV files (or folders)
    of hand-written rows, loaded first and validated (located errors: nothing is written then).

    Seeding adds rows to empty tables: when the schema's tables already hold rows it refuses
    (a second run would collide on every key), unless ``reset=True``, which empties them first
    in the same transaction (like ``prisma migrate reset`` before ``prisma db seed``). It is all
    or nothing: on a connection with no open transaction it commits its own; inside the caller's
    open transaction it works under a savepoint and leaves the commit to the caller (DuckDB,
    which has no savepoints, refuses then). Bad options raise :class:`SeedOptionError`.

    Before a row is written the feasibility plan (``report.plan``, also :func:`seed_plan`) clamps
    each table's row count to what its constraints allow (100 rows of a join table under 3 x 3
    parents: 9), an info per clamp; ``strict=True`` refuses such a plan instead (nothing written).

    ``progress``: a bar while rows are written: ``None`` once the seed has lasted 2 s in Jupyter or
    on a terminal, ``True`` always, ``False`` never (:mod:`workbench.progress`).

    ``sources``: the schema's files (``LoadedSchema.sources``), to locate diagnostics as ``file:line:col``.
    The same schema, rows and seed give the same rows on every run, machine and engine.
    Returns a :class:`SeedReport` (``.timings`` for rows/s per table).
    """
    from workbench.seeding.options import check_fanout, check_names, check_null_ratio, check_rows

    rows = check_rows(rows)
    check_null_ratio(null_ratio)
    check_fanout(fanout)
    plan = build_plan(schema, rows, strict=strict)
    if isinstance(rows, Mapping):
        check_names(plan, rows, "rows")
    for what, spec in (("fanout", fanout), ("null_ratio", null_ratio)):
        if isinstance(spec, Mapping):
            check_names(plan, spec, what)
    conn = _connection(db)
    if conn.dialect != "postgres" and any(t.skipped or t.blocked for t in plan.tables):
        plan = build_plan(schema, rows, strict=strict, dialect=conn.dialect)  # Unsupported types are text there
    if db is None:  # a fresh in-memory DuckDB: build the tables first (the report keeps the connection)
        conn.run_script(schema_ddl(schema, conn.dialect))
    diagnostics: list[Diagnostic] = list(plan.diagnostics)
    all_sources: dict[str, SourceFile] = dict(sources or {})
    feasible = Feasibility.of(plan, all_sources, strict)
    file_rows: dict[Any, Any] = {}
    if seed_files is not None:
        from workbench.seeding.files import load_seed_files

        file_rows, file_diags, file_sources = load_seed_files(seed_files, plan)
        diagnostics.extend(file_diags)
        all_sources.update(file_sources)
    if any(d.is_error for d in diagnostics):
        return SeedReport(conn.dialect, seed, (), tuple(diagnostics), all_sources, db=conn, plan=feasible)
    _check_footprint(plan, conn)
    opts = Options(seed=seed, fanout=_fanout(fanout), null_ratio=_null_ratio(null_ratio), batch=BATCH)
    writer = _writer(conn)
    from workbench.db.transaction import atomic, transaction_state

    ours = transaction_state(conn.raw, conn.dialect) == "idle"
    with writer.session(), atomic(conn.raw, "seed", conn.dialect):
        # asked inside the transaction: a query before it would open one on an idle psycopg connection
        plan, generated = leave_to_database(plan, generated_columns(conn.raw, conn.dialect, plan))
        diagnostics.extend(generated)
        _prepare(plan, writer, reset)
        results = _run(plan, opts, writer, file_rows, progress, conn.url)
    if ours:
        _analyze(conn, plan)
    return SeedReport(
        conn.dialect, seed, results[0], tuple(diagnostics), all_sources, results[1], db=conn, plan=feasible
    )


def _analyze(conn: Connection, plan: Plan) -> None:
    """Refresh the planner's statistics of the seeded tables (PostgreSQL), so the first query
    profiled after a seed is planned on its real row counts, not on the empty tables' estimates.

    Only after a seed that committed its own transaction: inside the caller's open transaction the
    rows are theirs to commit first (autovacuum analyzes them later)."""
    engine = registry.get(conn.dialect)
    if not engine.analyze_after_load:
        return
    names = ", ".join((f"{engine.quote(t.key[0])}." if t.key[0] else "") + engine.quote(t.key[1]) for t in plan.tables)
    if names:
        if conn.raw.info.server_version >= 150000:
            # publish the load's row counts first: counted after the ANALYZE, they would read as
            # rows added since it (n_mod_since_analyze) and double n_live_tup
            conn.sql("SELECT pg_stat_force_next_flush()")
        conn.sql(f"ANALYZE {names}")


def _prepare(plan: Plan, writer: Any, reset: bool) -> None:
    """Refuse before the first row when tables are missing or already hold rows (or empty them)."""
    missing = writer.missing_tables(plan)
    if missing:
        raise UserError(
            f"the database has no table {', '.join(f'`{m}`' for m in missing)}: "
            "create the schema's tables first (db.apply(schema), or --apply on the command line)"
        )
    if reset:
        try:
            writer.reset(plan)
        except UserError:
            raise
        except Exception as exc:
            raise SeedError(
                f"cannot reset the schema's tables on {writer.dialect}: {engine_message(exc)}; nothing was changed"
            ) from exc
        return
    filled = writer.tables_with_rows(plan)
    if filled:
        shown = ", ".join(f"`{n}`" for n in filled[:3]) + (f" and {len(filled) - 3} more" if len(filled) > 3 else "")
        raise UserError(
            f"the database already holds rows in {shown}: seeding fills empty tables, and new rows would collide "
            "with these on their keys; pass --reset (reset=True) to delete the rows of the schema's tables first, "
            "in the same transaction (nothing was changed)"
        )


def _check_footprint(plan: Plan, conn: Connection) -> None:
    """Refuse a run whose keys (and, for an in-memory database, rows) would not fit in memory."""
    from workbench.seeding.bounds import footprint, human_bytes
    from workbench.seeding.environment import available_memory, in_memory

    need = footprint(plan)
    memory = need.memory + (need.data if in_memory(conn) else 0)
    have = available_memory()
    if have is not None and memory > have:
        total = sum(t.rows for t in plan.tables)
        where = "the keys other tables reference" + (
            " and the rows of the in-memory database" if in_memory(conn) else ""
        )
        raise UserError(
            f"seeding {total:,} rows needs about {human_bytes(memory)} of memory for {where} (most for "
            f"{need.largest}), more than the {human_bytes(have)} available: ask for fewer rows (nothing was changed)"
        )


def _run(
    plan: Plan, opts: Options, writer: Any, file_rows: dict[Any, Any], progress: bool | None, url: str = ""
) -> tuple[tuple[TableResult, ...], float]:
    """Generate and load batch by batch. (A generator thread overlapping the loads was tried: on
    two cores it slowed DuckDB's Arrow scan, which takes the GIL, more than it saved.)

    An error from the engine becomes a :class:`SeedError` naming the table (the caller's
    ``atomic`` block then rolls everything back)."""
    total = sum(t.rows for t in plan.tables)
    bar = progress_bar(total, "seeding", "rows", progress=progress)
    store = KeyStore(plan)
    results: list[TableResult] = []
    started = time.perf_counter()
    deferred_done: set[tuple[Any, str]] = set()
    current = ""
    try:
        for t in plan.tables:
            current = qualified(t.key)
            t0 = time.perf_counter()
            gen = TableGenerator(plan, t, opts, store, file_rows.get(t.key))
            if not writer.can_update_later:
                for fk in t.fks:
                    # a key the database checks at insert time (and cannot UPDATE later) stays NULL
                    if fk.deferred and (
                        not fk.nullable or writer.enforces(t, fk) or _predict(plan, opts, gen, fk, file_rows)
                    ):
                        deferred_done.add((t.key, fk.name))
            count = 0
            for batch in gen.batches():
                store.add(t.key, batch)
                writer.write(t, batch)
                count += batch.num_rows
                bar.update(batch.num_rows)
            writer.fix_sequences(t)
            results.append(TableResult(qualified(t.key), count, gen.f, time.perf_counter() - t0))
        current = "the foreign keys that close a cycle"
        _fill_deferred(plan, opts, writer, store, deferred_done)
    except UserError:
        raise
    except Exception as exc:
        from workbench.db.secrets import scrub

        where = f"`{current}`" if not current.startswith("the ") else current
        raise SeedError(
            scrub(f"seeding failed on {writer.dialect} while loading {where}: {engine_message(exc)}", url)
            + "; nothing was written (the transaction was rolled back)"
            + remedy(exc)
        ) from exc
    finally:
        bar.close()
    return tuple(results), time.perf_counter() - started


def _predict(plan: Plan, opts: Options, gen: TableGenerator, fk: FkPlan, file_rows: dict[Any, Any]) -> bool:
    """Fill a cycle-closing key at insert time from its target's predicted keys (DuckDB); False
    when they cannot be predicted (then it is filled afterwards like on the other engines)."""
    try:
        store = KeyStore(plan, assume_planned=True)
        parent = TableGenerator(plan, plan.table(fk.ref), opts, store, file_rows.get(fk.ref))
        return gen.predict_deferred(fk, parent)
    except (IndexError, KeyError, ValueError, ArithmeticError):  # pyarrow's errors derive from these
        return False


def remedy(exc: BaseException) -> str:
    """What to do about a failed load: a CHECK constraint is the schema's own rule the seeder cannot
    read (hand-written rows are the way out); a broken key, or an error inside the generator, is a
    bug in the seeder's plan."""
    name = type(exc).__name__
    if name == "CheckViolation" or "CHECK constraint" in str(exc):
        return "; the seeder does not read CHECK constraints: give this table's rows in a seed file (--files)"
    ours = isinstance(exc, (ValueError, IndexError, KeyError, TypeError, ArithmeticError))  # numpy, pyarrow
    engine_refused = any(k in name for k in ("Integrity", "Constraint", "Violation", "DataError", "Conversion"))
    if engine_refused or (ours and type(exc).__module__.split(".")[0] in ("builtins", "pyarrow", "numpy")):
        return "; this is a bug in the seeder's plan, please report it with the schema"
    return ""


def engine_message(exc: BaseException) -> str:
    """An engine's error in one line: PostgreSQL's primary message and detail, else the first line."""
    diag = getattr(exc, "diag", None)
    primary = getattr(diag, "message_primary", None)
    if primary:
        detail = getattr(diag, "message_detail", None)
        return f"{primary} ({detail.rstrip('.')})" if detail else str(primary)
    return next((line.strip() for line in str(exc).splitlines() if line.strip()), type(exc).__name__)


def _fill_deferred(plan: Plan, opts: Options, writer: Any, store: KeyStore, done: set[tuple[Any, str]]) -> None:
    """Fill the foreign keys that closed a cycle, now that their targets exist (UPDATE)."""
    import pyarrow as pa

    from workbench.seeding.arrowutil import with_nulls
    from workbench.seeding.generate import deferred_choice

    for t in plan.tables:
        for fk in t.fks:
            if not fk.deferred or not fk.nullable or (t.key, fk.name) in done:  # partly nullable: stays NULL
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


def _fanout(spec: Any) -> Callable[[TablePlan, FkPlan], float | None]:
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


def _null_ratio(spec: float | Mapping[str, float]) -> Callable[[TablePlan, str], float]:
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
    try:
        engine = registry.from_connection(db)
    except registry.UnknownEngineError:
        engine = None
    if engine is not None and engine.connects:
        return Connection(engine.name, db, f"{engine.url_schemes[0]} connection")  # "postgresql connection"
    raise TypeError(
        f"seed() needs a workbench Connection, a URL, or a DuckDB/psycopg/sqlite3 connection, not {type(db).__name__}"
    )


def _writer(conn: Connection) -> Any:
    from workbench.seeding.load import DuckWriter, PgWriter

    if conn.dialect == "duckdb":
        return DuckWriter(conn.raw)
    if conn.dialect == "postgres":
        return PgWriter(conn.raw)
    if conn.dialect == "sqlite":
        from workbench.seeding.load_sqlite import SqliteWriter

        return SqliteWriter(conn.raw)
    raise UserError(f"seeding {conn.dialect} is not supported (DuckDB, PostgreSQL and SQLite are)")
