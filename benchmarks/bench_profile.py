#!/usr/bin/env python3
"""Profiling overhead: ``profile(sql, runs=10, warmup=2)`` against the same 12 executions on the driver.

usage: python benchmarks/bench_profile.py [--reps 5] [--rows N] [--pg-rows N] [--query-ms 50]
                                          [--pg-url URL | --no-pg] [--strict] [--json PATH]

The query is a join + group by over ``orders`` x ``customers``. Its size is calibrated so that one
execution takes about ``--query-ms`` (50 ms) on this machine: the tables are built with a probe
size, the query timed, and the tables rebuilt with the row count scaled to the goal (``--rows`` /
``--pg-rows`` fix the size instead). The table reports the query's measured median, so what the
target is checked on is visible. Engines: DuckDB in memory; PostgreSQL on ``--pg-url``,
``$WORKBENCH_PG_URL``, ``$WORKBENCH_TEST_PG_URL``, else a throwaway server (``workbench.db.pgserver``).

Each repetition times, in alternating order, (a) ``profile()`` end to end: 2 warm-up runs (the
last one instrumented: DuckDB's profiler or PostgreSQL's EXPLAIN ANALYZE BUFFERS), 10 timed runs,
plan parsing and hot spots; and (b), the anchor, 12 plain ``execute(...).fetchall()`` calls on the
same driver connection. Both fetch every row. Medians over ``--reps`` and the ratio.

In-process on purpose: what is measured is the profiler's own cost around the query, not a CLI's
start-up. Target (issue 7): overhead < 10% on the ~50 ms query. ``--strict`` exits 1 when missed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from _common import BenchResult, Target, fresh_database, load_average, pg_server, write_result  # noqa: E402

from workbench.profile import profile  # noqa: E402

QUERY = (
    "SELECT c.grp, count(*) AS n, sum(o.amount) AS total FROM orders o JOIN customers c ON c.id = o.customer_id"
    " WHERE o.amount > 10 GROUP BY c.grp ORDER BY c.grp"
)
RUNS, WARMUP = 10, 2
PROBE_DUCKDB, PROBE_PG = 1_000_000, 100_000  # calibration sizes: a few ms to a few tens of ms
TARGET = 0.10


def direct_duckdb(con: Any, sql: str, n: int) -> None:
    for _ in range(n):
        con.execute(sql).fetchall()


def direct_pg(con: Any, sql: str, n: int) -> None:
    for _ in range(n):
        with con.cursor() as cur:
            cur.execute(sql)
            cur.fetchall()
        con.rollback()


def query_ms(con: Any, direct: Callable[[Any, str, int], None], times: int = 5) -> float:
    """Median milliseconds of one plain execution (after one untimed)."""
    direct(con, QUERY, 1)
    samples = []
    for _ in range(times):
        t0 = time.perf_counter()
        direct(con, QUERY, 1)
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples)


def measure(con: Any, direct: Callable[[Any, str, int], None], reps: int) -> tuple[float, float, float]:
    """Medians: profile() seconds, plain seconds, and the query's own median ms as profile() saw it."""
    prof, plain, single = [], [], []
    profile(con, QUERY, runs=RUNS, warmup=WARMUP)  # untimed warm-up: lazy imports, caches, as for a user's 2nd call
    direct(con, QUERY, RUNS + WARMUP)
    for i in range(reps):
        order = ("profile", "direct") if i % 2 == 0 else ("direct", "profile")
        for side in order:
            start = time.perf_counter()
            if side == "profile":
                p = profile(con, QUERY, runs=RUNS, warmup=WARMUP)
                single.append(p.median_ms)
            else:
                direct(con, QUERY, RUNS + WARMUP)
            (prof if side == "profile" else plain).append(time.perf_counter() - start)
    return statistics.median(prof), statistics.median(plain), statistics.median(single)


def setup_duckdb(con: Any, rows: int) -> None:
    con.execute("SET enable_progress_bar = false")
    con.execute("CREATE OR REPLACE TABLE customers AS SELECT range AS id, range % 100 AS grp FROM range(20000)")
    con.execute(
        f"CREATE OR REPLACE TABLE orders AS SELECT range AS id, (range * 7919) % 20000 AS customer_id,"
        f" (range * 31) % 1000 AS amount FROM range({rows})"
    )


def setup_pg(con: Any, rows: int) -> None:
    con.execute("DROP TABLE IF EXISTS orders, customers")
    con.execute("CREATE TABLE customers AS SELECT g AS id, g % 100 AS grp FROM generate_series(0, 19999) g")
    con.execute(
        f"CREATE TABLE orders AS SELECT g AS id, (g::bigint * 7919) % 20000 AS customer_id, (g * 31) % 1000 AS amount"
        f" FROM generate_series(0, {rows - 1}) g"
    )
    con.execute("ANALYZE")
    con.commit()


def calibrated(
    con: Any,
    setup: Callable[[Any, int], None],
    direct: Callable[[Any, str, int], None],
    rows: int | None,
    probe: int,
    goal_ms: float,
) -> int:
    """Build the tables with ``rows``, or (None) with the row count that makes the query take about
    ``goal_ms``: a probe size first, then scaled twice (a scan + hash join: about linear in rows)."""
    if rows:
        setup(con, rows)
        return rows
    rows = probe
    for _ in range(2):  # twice: a second step corrects what is not linear (caches, parallel scan)
        setup(con, rows)
        ms = query_ms(con, direct)
        rows = max(10_000, int(rows * goal_ms / max(ms, 0.1)))
    setup(con, rows)
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--rows", type=int, default=None, help="DuckDB orders rows (default: calibrated to --query-ms)")
    ap.add_argument("--pg-rows", type=int, default=None, help="PostgreSQL orders rows (default: calibrated)")
    ap.add_argument("--query-ms", type=float, default=50.0, help="the query's goal duration when calibrating (50)")
    ap.add_argument("--pg-url", default=None, help="server URL (default: $WORKBENCH_PG_URL, else a throwaway server)")
    ap.add_argument("--no-pg", action="store_true")
    ap.add_argument("--strict", action="store_true")
    ap.add_argument("--json", type=Path, help="write the result (_common.BenchResult) here, for run_all.py")
    ns = ap.parse_args(argv)
    load_before = load_average()
    print(f"load average before: {load_before:.2f}")
    results: list[tuple[str, int, float, float, float, float]] = []
    notes: list[str] = []

    import duckdb

    con = duckdb.connect()
    rows = calibrated(con, setup_duckdb, direct_duckdb, ns.rows, PROBE_DUCKDB, ns.query_ms)
    results.append(("duckdb", rows, query_ms(con, direct_duckdb), *measure(con, direct_duckdb, ns.reps)))
    con.close()
    if not ns.no_pg:
        import psycopg

        with pg_server(ns.pg_url) as server:
            if server is None:
                print("PostgreSQL: no server binaries found; skipped (use --pg-url or --no-pg)")
                notes.append("PostgreSQL skipped: no server binaries and no --pg-url / $WORKBENCH_PG_URL.")
            else:
                with fresh_database(server, "bench_profile") as url, psycopg.connect(url) as pg:
                    rows = calibrated(pg, setup_pg, direct_pg, ns.pg_rows, PROBE_PG, ns.query_ms)
                    results.append(("postgres", rows, query_ms(pg, direct_pg), *measure(pg, direct_pg, ns.reps)))
    load_after = load_average()

    print(
        f"{'engine':<10} {'rows':>11} {'query ms':>9} {'profile() s':>12} {'direct s':>10} {'ratio':>7} {'overhead':>9}"
    )
    table: list[list[str]] = []
    targets: list[Target] = []
    for name, n, plain_ms, prof, plain, single in results:
        ratio = prof / plain
        targets.append(
            Target(f"{name}: profile() overhead on a {plain_ms:.0f} ms query, %", (ratio - 1) * 100, 10, "<")
        )
        table.append(
            [name, f"{n:,}", f"{plain_ms:.1f}", f"{single:.1f}", f"{prof:.3f}", f"{plain:.3f}", f"{ratio:.3f}",
             f"{(ratio - 1) * 100:.1f}%"]
        )  # fmt: skip
        overhead = (ratio - 1) * 100
        print(
            f"{name:<10} {n:>11,} {plain_ms:>9.1f} {prof:>12.3f} {plain:>10.3f} {ratio:>7.3f} {overhead:>8.1f}%"
            f"  target < 10%: {'met' if targets[-1].met else 'MISSED'}"
        )
    print(f"load average after: {load_after:.2f}")
    notes += [
        f"Rows calibrated so that one plain execution takes about {ns.query_ms:.0f} ms here (unless --rows / "
        "--pg-rows fix them); `query ms` is the plain median measured, `profile() median ms` what profile() reported.",
        f"profile() = {WARMUP} warm-ups (the last instrumented) + {RUNS} timed runs + plan parsing; the anchor "
        f"`direct` = {RUNS + WARMUP} plain executions on the same connection. Medians of {ns.reps} alternated rounds "
        "after one untimed round of each.",
    ]
    result = BenchResult(
        name="profile",
        title="`profile()` overhead against plain executions of the same query",
        anchor=f"{RUNS + WARMUP} plain `execute().fetchall()` calls on the same driver connection (DuckDB, psycopg)",
        command="python benchmarks/bench_profile.py"
        + (f" --reps {ns.reps}" if ns.reps != 5 else "")
        + (f" --rows {ns.rows}" if ns.rows else "")
        + (f" --pg-rows {ns.pg_rows}" if ns.pg_rows else "")
        + (f" --query-ms {ns.query_ms:g}" if ns.query_ms != 50 else "")
        + (" --no-pg" if ns.no_pg else ""),
        columns=["engine", "rows", "query ms", "profile() median ms", "profile() s", "direct s", "ratio", "overhead"],
        rows=table,
        targets=targets,
        notes=notes,
        load_before=load_before,
        load_after=load_after,
    )
    write_result(result, ns.json)
    return 1 if ns.strict and any(not t.met for t in targets) else 0


if __name__ == "__main__":
    sys.exit(main())
