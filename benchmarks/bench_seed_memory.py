#!/usr/bin/env python3
"""Peak memory of ``workbench seed`` as a user runs it: one real process per engine and size, its
peak RSS (``ru_maxrss`` from ``os.wait4``), beside the plan's own estimate of the keys it keeps.

usage: python benchmarks/bench_seed_memory.py [--rows 250000,1000000] [--engines postgres,duckdb,sqlite]
                                              [--pg-url URL] [--json PATH]

Rows are split over the blog sample like ``bench_seed.py`` (10% users, 30% posts, 40% comments...).
PostgreSQL runs in its own server process (``--pg-url``, ``$WORKBENCH_PG_URL``,
``$WORKBENCH_TEST_PG_URL``, else a throwaway server), so the figure there is the seeder's alone;
DuckDB is in-process (a file database under a temp dir), so its figure includes DuckDB's own
buffers and key indexes (``bench_seed.py`` shows that DuckDB's INSERT ... SELECT needs as much on
its own); SQLite is in-process too but keeps almost nothing in memory.

Issue #13: memory must stay bounded (generate and load in batches: 10M rows must not need 4-7 GB);
what grows with the row count is only the key columns children reference (the plan's "keys in
memory"). The target is checked on PostgreSQL: the peak at 10M rows, projected linearly from the
two largest sizes run (``--rows 10000000`` measures it directly, in about seven minutes), < 4 GiB.
There is no anchor: the figure is absolute, shown beside the plan's own estimate.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from _common import (  # noqa: E402
    BenchResult,
    Target,
    checkout_env,
    fresh_database,
    last_line,
    load_average,
    our_cli,
    pg_server,
    run_timed,
    temp_dir,
    write_result,
)
from bench_seed import blog_rows  # noqa: E402

PROJECT_TO = 10_000_000
LIMIT_MB = 4096.0


def _rows_arg(total: int) -> str:
    return ",".join(f"{name}={n}" for name, n in blog_rows(total).items())


def keys_in_memory(headline: str) -> str:
    """``"351.2 MiB"`` from the plan's first line (``... about X of data, Y of keys in memory``)."""
    m = re.search(r"([\d.,]+ \w+) of keys in memory", headline)
    return m.group(1) if m else "?"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", default="250000,1000000", help="comma-separated row totals (%(default)s)")
    p.add_argument("--engines", default="postgres", help="comma-separated: postgres, duckdb, sqlite")
    p.add_argument("--pg-url", default=None, help="server URL (a maintenance DB); default: a throwaway server")
    p.add_argument("--json", type=Path, help="write the result (_common.BenchResult) here, for run_all.py")
    ns = p.parse_args(argv)
    engines = [e.strip() for e in ns.engines.split(",") if e.strip()]
    unknown = [e for e in engines if e not in ("postgres", "duckdb", "sqlite")]
    if unknown:
        raise SystemExit(f"unknown engine {', '.join(unknown)} (postgres, duckdb, sqlite)")
    sizes = sorted(int(x) for x in ns.rows.split(",") if x.strip())
    if not sizes or sizes[0] < 10_000:
        raise SystemExit("--rows: at least 10,000 each (the blog split has 1,100 fixed category and tag rows)")
    load_before = load_average()
    print(f"load average before: {load_before:.2f}; blog sample, {', '.join(f'{n:,}' for n in sizes)} rows")

    work = temp_dir("seed-memory")
    env = checkout_env(work / "pycache")
    schema = str(ROOT / "sample_schemas" / "blog.prisma")
    table: list[list[str]] = []
    notes: list[str] = []
    pg_peaks: list[tuple[int, float]] = []
    failed = False
    # untimed warm-up: fills the bytecode cache so every measured process starts as after an install
    run_timed([*our_cli(), "seed", schema, "--plan", "--rows", _rows_arg(20_000)], env=env, cwd=ROOT)

    def seed(engine: str, url: str, total: int) -> None:
        nonlocal failed
        argv = [*our_cli(), "seed", schema, "--db", url, "--apply", "--rows", _rows_arg(total)]
        r = run_timed(argv, env=env, cwd=ROOT)
        if r.exit_code != 0:
            from workbench.db.secrets import scrub

            failed = True
            notes.append(f"{engine}, {total:,} rows: exit {r.exit_code}: {scrub(last_line(r.stderr), url)}")
            print(f"  {engine:<9} {total:>12,} rows failed: {notes[-1]}", file=sys.stderr)
            return
        head = (r.stdout.splitlines() or [""])[0]
        table.append([engine, f"{total:,}", f"{r.seconds:.1f}", f"{r.peak_mb:,.0f}", keys_in_memory(head)])
        print(f"  {engine:<9} {total:>12,} rows {r.seconds:>8.1f} s  peak RSS {r.peak_mb:>7,.0f} MB   plan: {head}")
        if engine == "postgres":
            pg_peaks.append((total, r.peak_mb))

    try:
        for engine in engines:
            if engine == "postgres":
                with pg_server(ns.pg_url) as server:
                    if server is None:
                        failed = True
                        notes.append("postgres: no PostgreSQL (install it, or pass --pg-url / $WORKBENCH_PG_URL)")
                        continue
                    for total in sizes:
                        with fresh_database(server, "bench_mem") as url:
                            seed(engine, url, total)
            else:
                for total in sizes:
                    path = work / f"blog_{total}.{'duckdb' if engine == 'duckdb' else 'sqlite'}"
                    seed(engine, f"{engine}:///{path}", total)
                    path.unlink(missing_ok=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    load_after = load_average()

    targets = []
    if len(pg_peaks) >= 2:
        (n1, p1), (n2, p2) = pg_peaks[-2], pg_peaks[-1]
        projected = p2 + (p2 - p1) / (n2 - n1) * (PROJECT_TO - n2) if n2 < PROJECT_TO else p2
        what = f"PostgreSQL: peak RSS of `workbench seed` at {PROJECT_TO:,} rows, MB" + (
            f" (projected linearly from {n1:,} and {n2:,})" if n2 < PROJECT_TO else ""
        )
        targets.append(Target(what, projected, LIMIT_MB, "<"))
        print(f"target: {what}: {projected:,.0f} < {LIMIT_MB:,.0f}: {'met' if targets[0].met else 'MISSED'}")
    print(f"load average after: {load_after:.2f}")
    notes += [
        "One `python -m workbench seed SCHEMA --db URL --apply --rows ...` process per engine and size (this "
        "checkout, compiled bytecode); peak RSS is that process's `ru_maxrss` from `os.wait4`.",
        "On PostgreSQL the server is another process: the figure is the seeder's alone. DuckDB and SQLite run "
        "in-process, so their figures include the engine's own buffers (DuckDB: its ART key indexes).",
        "What grows with the row count should be only the key columns children reference (`keys in memory`, "
        "the plan's estimate): batches are generated 512k rows at a time and reach the database in 64k-row pieces.",
    ]
    result = BenchResult(
        name="seed_memory",
        title="Peak memory of `workbench seed` as a user runs it",
        anchor="none: an absolute figure (the seeder's peak RSS), shown beside the plan's own estimate of the keys "
        "it keeps in memory",
        command=f"python benchmarks/bench_seed_memory.py --rows {ns.rows} --engines {ns.engines}",
        columns=["engine", "rows", "seconds", "peak RSS MB", "plan: keys in memory"],
        rows=table,
        targets=targets,
        notes=notes,
        load_before=load_before,
        load_after=load_after,
    )
    write_result(result, ns.json)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
