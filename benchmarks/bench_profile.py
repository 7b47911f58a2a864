#!/usr/bin/env python3
"""Profiling overhead: ``profile(sql, runs=10, warmup=2)`` against the same 12 executions on the driver.

usage: python benchmarks/bench_profile.py [--reps 5] [--rows 10000000] [--pg-rows 400000]
                                          [--pg-url URL | --no-pg] [--strict]

The query is a join + group by tuned to take about 50 ms (DuckDB in memory; PostgreSQL on a
throwaway server from ``workbench/db/pgserver.py`` unless ``--pg-url`` is given). Each repetition times,
in alternating order, (a) ``profile()`` end to end: 2 warm-up runs (the last one instrumented:
DuckDB's profiler or PostgreSQL's EXPLAIN ANALYZE BUFFERS), 10 timed runs, plan parsing and hot
spots; and (b) 12 plain ``execute(...).fetchall()`` calls on the driver connection. Both fetch
every row. The table shows the median over ``--reps`` of each side and the ratio.

Target (issue 7): overhead < 10% on the ~50 ms query. ``--strict`` exits 1 when it is missed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workbench.profile import profile

QUERY = (
    "SELECT c.grp, count(*) AS n, sum(o.amount) AS total FROM orders o JOIN customers c ON c.id = o.customer_id"
    " WHERE o.amount > 10 GROUP BY c.grp ORDER BY c.grp"
)
RUNS, WARMUP = 10, 2


def direct_duckdb(con, sql: str, n: int) -> None:
    for _ in range(n):
        con.execute(sql).fetchall()


def direct_pg(con, sql: str, n: int) -> None:
    for _ in range(n):
        with con.cursor() as cur:
            cur.execute(sql)
            cur.fetchall()
        con.rollback()


def measure(name: str, con, direct, reps: int) -> tuple[float, float, float]:
    prof, plain, single = [], [], []
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


def setup_duckdb(rows: int):
    import duckdb

    con = duckdb.connect()
    con.execute("CREATE TABLE customers AS SELECT range AS id, range % 100 AS grp FROM range(20000)")
    con.execute(
        f"CREATE TABLE orders AS SELECT range AS id, (range * 7919) % 20000 AS customer_id,"
        f" (range * 31) % 1000 AS amount FROM range({rows})"
    )
    return con


def setup_pg(con, rows: int) -> None:
    con.execute("CREATE TABLE customers AS SELECT g AS id, g % 100 AS grp FROM generate_series(0, 19999) g")
    con.execute(
        f"CREATE TABLE orders AS SELECT g AS id, (g::bigint * 7919) % 20000 AS customer_id, (g * 31) % 1000 AS amount"
        f" FROM generate_series(0, {rows - 1}) g"
    )
    con.execute("ANALYZE")
    con.commit()


def report(rows: list[tuple[str, float, float, float]], strict: bool) -> int:
    print(f"{'engine':<10} {'query median':>13} {'profile() s':>12} {'direct s':>10} {'ratio':>7} {'overhead':>9}")
    missed = False
    for name, prof, plain, single in rows:
        ratio = prof / plain
        ok = ratio - 1 < 0.10
        missed |= not ok
        print(
            f"{name:<10} {single:>10.1f} ms {prof:>12.3f} {plain:>10.3f} {ratio:>7.3f} {(ratio - 1) * 100:>8.1f}%"
            f"  target < 10%: {'met' if ok else 'MISSED'}"
        )
    return 1 if strict and missed else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--rows", type=int, default=10_000_000, help="DuckDB orders rows (~50 ms query)")
    ap.add_argument("--pg-rows", type=int, default=400_000, help="PostgreSQL orders rows (~50 ms query)")
    ap.add_argument("--pg-url", default=None)
    ap.add_argument("--no-pg", action="store_true")
    ap.add_argument("--strict", action="store_true")
    ns = ap.parse_args()
    results = []
    con = setup_duckdb(ns.rows)
    results.append(("duckdb", *measure("duckdb", con, direct_duckdb, ns.reps)))
    con.close()
    if not ns.no_pg:
        import psycopg

        from workbench.db.pgserver import server_url

        with server_url(ns.pg_url) as url:
            if url is None:
                print("PostgreSQL: no server binaries found; skipped (use --pg-url or --no-pg)")
            else:
                with psycopg.connect(url) as pg:
                    setup_pg(pg, ns.pg_rows)
                    results.append(("postgres", *measure("postgres", pg, direct_pg, ns.reps)))
                    pg.execute("DROP TABLE orders, customers")
                    pg.commit()
    return report(results, ns.strict)


if __name__ == "__main__":
    sys.exit(main())
