#!/usr/bin/env python3
"""Peak memory of ``workbench seed`` as a user runs it: one real process per engine, its peak RSS
(``ru_maxrss`` of the finished child), beside the plan's own estimate of the keys it keeps.

usage: python benchmarks/bench_seed_memory.py [--rows 10000000] [--engines postgres,duckdb,sqlite]
                                              [--pg-url URL]

Rows are split over the blog sample like ``bench_seed.py`` (10% users, 30% posts, 40% comments...).
PostgreSQL runs in its own server process, so the figure there is the seeder's alone; DuckDB is
in-process (a file database under a temp dir), so its figure includes DuckDB's own buffers and
key indexes (``bench_seed.py`` shows that DuckDB's INSERT ... SELECT needs as much on its own);
SQLite is in-process too but keeps almost nothing in memory.

Issue #13: memory must stay bounded (generate and load in batches); what grows with the row count
is only the key columns children reference (the plan's "keys in memory").
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_seed import blog_rows  # noqa: E402


def _rows_arg(total: int) -> str:
    return ",".join(f"{name}={n}" for name, n in blog_rows(total).items())


def run(url: str, total: int) -> tuple[float, float, str]:
    """Seconds, peak RSS in MB of one ``workbench seed`` process, and its plan headline."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    schema = str(ROOT / "sample_schemas" / "blog.prisma")
    command = [sys.executable, "-m", "workbench", "seed", schema, "--db", url, "--apply", "--rows", _rows_arg(total)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        from workbench.db.secrets import redact_url, scrub

        raise SystemExit(f"seed failed on {redact_url(url)}: {scrub(done.stderr.strip(), url)}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if peak <= before:
        raise SystemExit("run one engine per invocation to read its own peak (ru_maxrss is a maximum)")
    return seconds, peak / 1024, done.stdout.splitlines()[0]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", type=int, default=10_000_000, help="rows in total over the blog tables")
    p.add_argument("--engines", default="postgres", help="comma-separated: postgres, duckdb, sqlite")
    p.add_argument("--pg-url", default=None, help="server URL (a maintenance DB); default: a throwaway server")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ns = p.parse_args(argv)
    engines = [e.strip() for e in ns.engines.split(",") if e.strip()]
    if not ns.child:
        load = os.getloadavg()
        print(f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores")
        print(f"blog sample, {ns.rows:,} rows")
    for engine in engines:
        # ru_maxrss of children is the largest child so far: one engine per process keeps it honest
        if len(engines) > 1:
            subprocess.run(
                [sys.executable, __file__, "--rows", str(ns.rows), "--engines", engine, "--child"]
                + (["--pg-url", ns.pg_url] if ns.pg_url else []),
                check=True,
            )
            continue
        with tempfile.TemporaryDirectory() as tmp:
            if engine == "postgres":
                import psycopg

                from workbench.db.pgserver import server_url

                with server_url(ns.pg_url) as server:
                    if server is None:
                        raise SystemExit("no PostgreSQL: install it or pass --pg-url")
                    name = f"bench_mem_{uuid.uuid4().hex[:8]}"
                    with psycopg.connect(server, autocommit=True) as con:
                        con.execute(f'CREATE DATABASE "{name}"')
                    try:
                        seconds, peak, head = run(f"{server.rsplit('/', 1)[0]}/{name}", ns.rows)
                    finally:
                        with psycopg.connect(server, autocommit=True) as con:
                            con.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            elif engine == "duckdb":
                seconds, peak, head = run(f"duckdb:///{tmp}/blog.duckdb", ns.rows)
            elif engine == "sqlite":
                seconds, peak, head = run(f"sqlite:///{tmp}/blog.sqlite", ns.rows)
            else:
                raise SystemExit(f"unknown engine {engine!r} (postgres, duckdb, sqlite)")
        print(f"  {engine:<9} {seconds:>8.1f} s  peak RSS {peak:>7,.0f} MB   plan: {head}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
