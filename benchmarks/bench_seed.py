#!/usr/bin/env python3
"""Seed-data throughput: ``workbench.seeding`` against DuckDB's own insert ceiling, a Faker loop, and
PostgreSQL's ``COPY`` from CSV, all in the same run.

usage: python benchmarks/bench_seed.py [--rows 2000000] [--schema-rows 1000000] [--faker-rows 20000]
                                       [--pg-rows 200000] [--pg-url URL | --no-pg] [--skip-constrained]
                                       [--repeat 3] [--strict] [--json PATH]

Rows are split over the blog sample like a real blog (10% users, 30% posts, 40% comments, 15% post
tags, 5% post categories; 100 categories, 1000 tags). Every measurement runs in its own child
process (``spawn``), so each one's peak RSS (``ru_maxrss``) is its own.

DuckDB, twice:

* ``plain`` tables (``--rows``): the blog's columns and types without keys or indexes. ``ceiling`` is DuckDB's
  own ``INSERT INTO t SELECT ... FROM range(n)`` with comparable values (random UUIDs, text of
  similar length, timestamps, foreign-key values looked up from the parent's ids); ``ours`` is
  ``seed()`` generating and loading the same row counts through Arrow.
* the real ``schema`` (``--schema-rows``; primary keys, unique indexes, foreign keys, all enforced
  by DuckDB on insert): the same two, where DuckDB's index maintenance dominates both.

``faker``: a row-by-row Python loop with Faker (seeded) producing the same tables' rows for
``--faker-rows`` rows in total, loaded through Arrow into plain tables.

PostgreSQL (``--pg-rows``; ``--pg-url``, ``$WORKBENCH_PG_URL``, ``$WORKBENCH_TEST_PG_URL``, else a
throwaway server from ``workbench/db/pgserver.py``, stopped at the end): ``ours`` = ``seed()``
through binary COPY into the blog schema (every constraint checked by the server); ``csv`` = the
same rows, dumped to CSV beforehand, loaded with ``COPY ... FROM STDIN (FORMAT CSV)`` into a fresh
database with the same schema.

Each comparison runs ``--repeat`` times, ours and the reference alternating (the machine is shared
and noisy), and reports the median of each and the median of the per-round ratios; the load
average before and after is printed with the figures. In-process timing (each side in its own
child, the clock around the load only): what is compared is the seeding, not a CLI's start-up.
The default sizes keep the run near two minutes; the plain-table ratio grows with the row count
(the plan and the first batch are a fixed cost), so larger ``--rows`` read higher.

Targets (issues 6 and 13): ours >= 0.5 x the DuckDB ceiling (plain and keyed tables), ours >= 50 x
Faker, ours >= 0.5 x CSV COPY.
"""

from __future__ import annotations

import argparse
import io
import multiprocessing as mp
import os
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from _common import BenchResult, Target, fresh_database, load_average, pg_server, write_result  # noqa: E402

SPLIT = {"User": 0.10, "Post": 0.30, "Comment": 0.40, "_PostToTag": 0.15, "_CategoryToPost": 0.05}


def blog_rows(total: int) -> dict[str, int]:
    rows = {name: int(total * share) for name, share in SPLIT.items()}
    rows["Category"] = 100
    rows["Tag"] = 1000
    rows["_PostToTag"] -= 1100  # keep the sum at `total`
    return rows


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _schema() -> Any:
    import workbench as wb

    return wb.load(ROOT / "sample_schemas" / "blog.prisma")


def _plain_ddl(dialect: str) -> str:
    """The blog's tables with the same columns and types but no keys, indexes or foreign keys."""
    from dataclasses import replace

    from workbench.dialects import lower
    from workbench.emit.sql import to_ddl
    from workbench.ir.database import DbColumn

    database, _ = lower(_schema().schema, dialect)
    tables = tuple(
        replace(
            t,
            primary_key=None,
            indexes=(),
            foreign_keys=(),
            columns=tuple(DbColumn(c.name, c.type, True) for c in t.columns),
        )
        for t in database.tables
    )
    return to_ddl(replace(database, tables=tables))


def _duck(plain: bool) -> Any:
    import workbench as wb

    db = wb.connect()
    db.run_script(_plain_ddl("duckdb")) if plain else db.apply(_schema())
    db.raw.execute("SET enable_progress_bar = false")
    return db


# -- children ----------------------------------------------------------------------------------------
def run_ours_duckdb(rows: dict[str, int], plain: bool) -> dict[str, Any]:
    from workbench.api import seed

    db = _duck(plain)
    schema = _schema()
    t0 = time.perf_counter()
    report = seed(schema, db, rows, progress=False)
    seconds = time.perf_counter() - t0
    used = db.raw.execute("SELECT memory_usage FROM pragma_database_size()").fetchall()[0][0]
    return {
        "rows": report.total_rows,
        "seconds": seconds,
        "rss": _rss_mb(),
        "timings": repr(report.timings),
        "db": used,
    }


def run_generate_only(rows: dict[str, int]) -> dict[str, Any]:
    """Generation alone (no database): shows the generator's own speed and memory, which stay
    bounded (one batch plus the key columns children reference), whatever the row count."""
    from workbench.seeding.generate import KeyStore, Options, TableGenerator
    from workbench.seeding.planner import build_plan

    plan = build_plan(_schema().schema, rows)
    t0 = time.perf_counter()
    store, opts, total = KeyStore(plan), Options(), 0
    for t in plan.tables:
        for batch in TableGenerator(plan, t, opts, store, None).batches():
            store.add(t.key, batch)
            total += batch.num_rows
    return {"rows": total, "seconds": time.perf_counter() - t0, "rss": _rss_mb()}


CEILING_SQL = {
    "User": """INSERT INTO "User" SELECT gen_random_uuid()::VARCHAR, 'user.' || range || '@example.com',
        CASE WHEN random() < 0.1 THEN NULL ELSE 'Name ' || md5(range::VARCHAR)[1:10] END, 'USER',
        TIMESTAMP '2020-01-01' + to_seconds((random() * 1.5e8)::BIGINT),
        TIMESTAMP '2020-02-01' + to_seconds((random() * 1.5e8)::BIGINT) FROM range({n})""",
    "Category": """INSERT INTO "Category" SELECT range + 1, 'Category ' || range, md5(range::VARCHAR)
        FROM range({n})""",
    "Tag": """INSERT INTO "Tag" SELECT range + 1, 'tag-' || range FROM range({n})""",
    "Post": """INSERT INTO "Post" SELECT gen_random_uuid()::VARCHAR, 'Title ' || md5(range::VARCHAR)[1:20],
        'slug-' || md5(range::VARCHAR)[1:12] || '-' || range, repeat(md5(range::VARCHAR), 3), random() < 0.7,
        (random() * 100)::INTEGER, CASE WHEN random() < 0.1 THEN NULL ELSE TIMESTAMP '2021-01-01' END, p.id,
        TIMESTAMP '2020-01-01' + to_seconds((random() * 1.5e8)::BIGINT), TIMESTAMP '2025-01-01'
        FROM range({n}) r JOIN _ids_User p ON p.rn = hash(r.range) % {parents}""",
    "Comment": """INSERT INTO "Comment" SELECT gen_random_uuid()::VARCHAR, repeat(md5(range::VARCHAR), 3), p.id,
        CASE WHEN random() < 0.1 THEN NULL ELSE u.id END, NULL,
        TIMESTAMP '2020-01-01' + to_seconds((random() * 1.5e8)::BIGINT), TIMESTAMP '2025-01-01'
        FROM range({n}) r JOIN _ids_Post p ON p.rn = hash(r.range) % {parents}
        JOIN _ids_User u ON u.rn = hash(r.range + 7) % {users}""",
    "_PostToTag": """INSERT INTO "_PostToTag" SELECT p.id, (r.range // {parents}) % 1000 + 1
        FROM range({n}) r JOIN _ids_Post p ON p.rn = r.range % {parents}""",
    "_CategoryToPost": """INSERT INTO "_CategoryToPost" SELECT (r.range // {parents}) % 100 + 1, p.id
        FROM range({n}) r JOIN _ids_Post p ON p.rn = r.range % {parents}""",
}
ORDER = ["User", "Category", "Tag", "Post", "Comment", "_PostToTag", "_CategoryToPost"]


def run_ceiling_duckdb(rows: dict[str, int], plain: bool) -> dict[str, Any]:
    db = _duck(plain)
    con = db.raw
    t0 = time.perf_counter()
    con.execute("BEGIN TRANSACTION")
    for table in ORDER:
        parents = rows["Post"] if table in ("Comment", "_PostToTag", "_CategoryToPost") else rows["User"]
        con.execute(CEILING_SQL[table].format(n=rows[table], parents=parents, users=rows["User"]))
        if table in ("User", "Post"):
            con.execute(f'CREATE TEMP TABLE _ids_{table} AS SELECT id, row_number() OVER () - 1 AS rn FROM "{table}"')
    con.execute("COMMIT")
    seconds = time.perf_counter() - t0
    total = con.execute('SELECT (SELECT count(*) FROM "Comment") + (SELECT count(*) FROM "Post")').fetchall()
    assert total[0][0] == rows["Comment"] + rows["Post"]
    return {"rows": sum(rows.values()), "seconds": seconds, "rss": _rss_mb()}


def run_faker(total: int) -> dict[str, Any]:
    import random

    import pyarrow as pa
    from faker import Faker

    fake = Faker()
    Faker.seed(42)
    random.seed(42)
    rows = blog_rows(total * 10)  # same proportions...
    rows = {k: max(1, v // 10) for k, v in rows.items()}  # ...scaled to `total`
    db = _duck(plain=True)
    t0 = time.perf_counter()
    users, posts = [], []
    data: dict[str, list[dict[str, Any]]] = {name: [] for name in ORDER}
    for _ in range(rows["User"]):
        created = fake.date_time_between("-5y", "-1y")
        uid = fake.uuid4()
        users.append(uid)
        data["User"].append(
            {
                "id": uid,
                "email": fake.unique.email(),
                "name": fake.name() if random.random() > 0.1 else None,
                "role": random.choice(["USER", "ADMIN"]),
                "createdAt": created,
                "updatedAt": fake.date_time_between(created, "now"),
            }
        )
    for i in range(rows["Category"]):
        data["Category"].append({"id": i + 1, "name": f"{fake.word()}-{i}", "description": fake.sentence()})
    for i in range(rows["Tag"]):
        data["Tag"].append({"id": i + 1, "label": f"{fake.word()}-{i}"})
    for i in range(rows["Post"]):
        created = fake.date_time_between("-5y", "-1y")
        pid = fake.uuid4()
        posts.append(pid)
        data["Post"].append(
            {
                "id": pid,
                "title": fake.sentence(nb_words=5),
                "slug": f"{fake.slug()}-{i}",
                "content": fake.paragraph(),
                "published": fake.boolean(70),
                "viewCount": random.randint(0, 1000),
                "publishedAt": fake.date_time_between(created, "now"),
                "authorId": random.choice(users),
                "createdAt": created,
                "updatedAt": fake.date_time_between(created, "now"),
            }
        )
    for _ in range(rows["Comment"]):
        created = fake.date_time_between("-5y", "-1y")
        data["Comment"].append(
            {
                "id": fake.uuid4(),
                "body": fake.paragraph(),
                "postId": random.choice(posts),
                "authorId": random.choice(users),
                "parentId": None,
                "createdAt": created,
                "updatedAt": fake.date_time_between(created, "now"),
            }
        )
    seen: set[tuple[str, int]] = set()
    while len(data["_PostToTag"]) < rows["_PostToTag"]:
        pair = (random.choice(posts), random.randint(1, rows["Tag"]))
        if pair not in seen:
            seen.add(pair)
            data["_PostToTag"].append({"A": pair[0], "B": pair[1]})
    seen2: set[tuple[int, str]] = set()
    while len(data["_CategoryToPost"]) < rows["_CategoryToPost"]:
        pair2 = (random.randint(1, rows["Category"]), random.choice(posts))
        if pair2 not in seen2:
            seen2.add(pair2)
            data["_CategoryToPost"].append({"A": pair2[0], "B": pair2[1]})
    for table in ORDER:
        batch = pa.Table.from_pylist(data[table])
        db.raw.register("faker_batch", batch)
        db.raw.execute(f'INSERT INTO "{table}" BY NAME SELECT * FROM faker_batch')
        db.raw.unregister("faker_batch")
    seconds = time.perf_counter() - t0
    return {"rows": sum(rows.values()), "seconds": seconds, "rss": _rss_mb()}


def run_pg(server_url: str, rows: dict[str, int]) -> dict[str, Any]:
    import workbench as wb
    from workbench.api import seed
    from workbench.seeding import build_plan
    from workbench.seeding.load import qtable

    s = _schema()
    with fresh_database(server_url, "bench_seed") as first, fresh_database(server_url, "bench_seed") as second:
        db = wb.connect(first)
        db.apply(s)
        t0 = time.perf_counter()
        report = seed(s, db, rows, progress=False)
        ours = time.perf_counter() - t0
        rss = _rss_mb()
        plan = build_plan(s.schema, rows)
        csv: dict[Any, bytes] = {}
        for t in plan.tables:  # the same rows, written out as CSV beforehand (not timed)
            buf = io.BytesIO()
            with db.raw.cursor() as cur, cur.copy(f"COPY {qtable(t)} TO STDOUT (FORMAT CSV)") as copy:
                for chunk in copy:
                    buf.write(chunk)
            csv[t.key] = buf.getvalue()
        db.close()
        target = wb.connect(second)
        target.apply(s)
        t0 = time.perf_counter()
        with target.raw.cursor() as cur:
            for t in plan.tables:
                with cur.copy(f"COPY {qtable(t)} FROM STDIN (FORMAT CSV)") as copy:
                    data = csv[t.key]
                    for i in range(0, len(data), 1 << 20):
                        copy.write(data[i : i + (1 << 20)])
        target.raw.commit()
        copy_seconds = time.perf_counter() - t0
        target.close()
    return {"rows": report.total_rows, "seconds": ours, "csv_seconds": copy_seconds, "rss": rss}


def alternate(repeat: int, ours: Any, reference: Any) -> tuple[dict[str, Any], dict[str, Any], float]:
    """Run ``reference`` and ``ours`` ``repeat`` times, alternating; the median run of each (by
    time) and the median of the per-round rate ratios ours / reference."""
    mine: list[dict[str, Any]] = []
    theirs: list[dict[str, Any]] = []
    ratios: list[float] = []
    for _ in range(repeat):
        theirs.append(reference())
        mine.append(ours())
        ratios.append(rate(mine[-1]) / rate(theirs[-1]))

    def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
        return sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]

    return median_run(mine), median_run(theirs), statistics.median(ratios)


def child(fn: Any, *args: Any) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    with ctx.Pool(1) as pool:
        return pool.apply(fn, args)


def rate(r: dict[str, Any], key: str = "seconds") -> float:
    return r["rows"] / r[key] if r[key] > 0 else 0.0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", type=int, default=2_000_000, help="rows into plain DuckDB tables (total, blog split)")
    p.add_argument("--schema-rows", type=int, default=1_000_000, help="rows into the keyed DuckDB blog schema")
    p.add_argument("--faker-rows", type=int, default=20_000)
    p.add_argument("--pg-rows", type=int, default=200_000)
    p.add_argument("--pg-url", default=None, help="server URL (a maintenance DB); default: a throwaway server")
    p.add_argument("--no-pg", action="store_true")
    p.add_argument("--skip-constrained", action="store_true", help="only the plain-table DuckDB comparison")
    p.add_argument("--repeat", type=int, default=3, help="rounds of each comparison, alternating (median)")
    p.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    p.add_argument("--json", type=Path, help="write the result (_common.BenchResult) here, for run_all.py")
    ns = p.parse_args(argv)
    load = os.getloadavg()
    load_before = load[0]
    print(f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores")

    rows = blog_rows(ns.rows)
    print(f"blog sample, {ns.rows:,} rows: " + ", ".join(f"{k} {v:,}" for k, v in rows.items()))
    table: list[list[str]] = []
    targets: list[Target] = []
    notes: list[str] = []

    def line(label: str, r: dict[str, Any], key: str = "seconds") -> None:
        print(
            f"  {label:<34} {r['rows']:>12,} rows {r[key]:>9.2f} s {rate(r, key):>12,.0f} rows/s "
            f"{r['rss']:>8.0f} MB peak"
        )

    def speed(r: dict[str, Any], key: str = "seconds") -> str:
        return f"{rate(r, key) / 1000:,.1f} k/s ({r[key]:.2f} s)"

    def verdict(name: str, ratio: float, limit: float) -> None:
        targets.append(Target(name, ratio, limit, ">="))
        print(f"  -> {name}: {ratio:.2f} (target >= {limit:g}) {'met' if targets[-1].met else 'MISSED'}")

    print(f"\nDuckDB, plain tables (same columns and types, no keys), median of {ns.repeat}:")
    ours, ceiling, ratio = alternate(
        ns.repeat, lambda: child(run_ours_duckdb, rows, True), lambda: child(run_ceiling_duckdb, rows, True)
    )
    line("ceiling INSERT ... SELECT FROM range", ceiling)
    line("ours seed() via Arrow", ours)
    gen = child(run_generate_only, rows)
    line("ours, generation only (no database)", gen)
    print(f"  (DuckDB's own memory for the loaded data after ours: {ours['db']})")
    verdict(f"DuckDB plain tables, {ns.rows:,} rows: ours / DuckDB's INSERT ... SELECT", ratio, 0.5)
    table.append(
        [f"DuckDB plain tables, {ns.rows:,} rows, vs ceiling", speed(ours), speed(ceiling), f"{ratio:.2f}",
         f"{ours['rss']:.0f} / {ceiling['rss']:.0f}"]
    )  # fmt: skip
    table.append([f"generation only, {ns.rows:,} rows (no database)", speed(gen), "", "", f"{gen['rss']:.0f}"])

    faker = child(run_faker, ns.faker_rows)
    print(f"\nFaker row-by-row loop ({ns.faker_rows:,} rows), loaded through Arrow into plain tables:")
    line("faker", faker)
    verdict(f"DuckDB plain tables: ours / a Faker loop ({ns.faker_rows:,} rows)", rate(ours) / rate(faker), 50)
    table.append(
        [f"DuckDB plain tables vs Faker loop ({ns.faker_rows:,} rows)", speed(ours), speed(faker),
         f"{rate(ours) / rate(faker):.0f}x", f"{ours['rss']:.0f} / {faker['rss']:.0f}"]
    )  # fmt: skip

    if not ns.skip_constrained:
        keyed = blog_rows(ns.schema_rows)
        print(
            f"\nDuckDB, the blog schema, {ns.schema_rows:,} rows (primary keys, unique indexes, foreign keys "
            f"enforced on insert), median of {ns.repeat}:"
        )
        c_ours, c_ceiling, c_ratio = alternate(
            ns.repeat, lambda: child(run_ours_duckdb, keyed, False), lambda: child(run_ceiling_duckdb, keyed, False)
        )
        line("ceiling INSERT ... SELECT FROM range", c_ceiling)
        line("ours seed() via Arrow", c_ours)
        verdict(f"DuckDB blog schema, {ns.schema_rows:,} rows: ours / DuckDB's INSERT ... SELECT", c_ratio, 0.5)
        table.append(
            [f"DuckDB blog schema, {ns.schema_rows:,} rows, vs ceiling", speed(c_ours), speed(c_ceiling),
             f"{c_ratio:.2f}", f"{c_ours['rss']:.0f} / {c_ceiling['rss']:.0f}"]
        )  # fmt: skip
        print("\n" + "\n".join("    " + x for x in c_ours["timings"].splitlines()))

    if not ns.no_pg:
        with pg_server(ns.pg_url) as url:
            if url is None:
                print("\nPostgreSQL: skipped (no initdb found; use --pg-url)")
                notes.append("PostgreSQL skipped: no server binaries and no --pg-url / $WORKBENCH_PG_URL.")
            else:
                pg_rows = blog_rows(ns.pg_rows)
                print(
                    f"\nPostgreSQL, the blog schema, {ns.pg_rows:,} rows (every constraint checked by the server), "
                    f"median of {ns.repeat}:"
                )
                runs = [child(run_pg, url, pg_rows) for _ in range(ns.repeat)]  # each: ours, then CSV COPY
                r = sorted(runs, key=lambda x: x["seconds"])[len(runs) // 2]
                line("ours seed() via binary COPY", r)
                line("COPY FROM STDIN (FORMAT CSV)", r, "csv_seconds")
                print("  (peak memory above: our process only; the server's is its own)")
                pg_ratio = statistics.median(x["csv_seconds"] / x["seconds"] for x in runs)
                verdict(f"PostgreSQL blog schema, {ns.pg_rows:,} rows: ours / COPY FROM CSV", pg_ratio, 0.5)
                table.append(
                    [f"PostgreSQL blog schema, {ns.pg_rows:,} rows, vs CSV COPY", speed(r), speed(r, "csv_seconds"),
                     f"{pg_ratio:.2f}", f"{r['rss']:.0f} (ours)"]
                )  # fmt: skip
    load_after = load_average()
    print(f"\nload average after: {load_after:.2f}")
    missed = [t.what for t in targets if not t.met]
    if missed:
        print("missed: " + "; ".join(missed))
    notes += [
        "Rates are rows per second over every blog table (10% users, 30% posts, 40% comments, 15% post-tag and "
        "5% post-category pairs, 100 categories, 1000 tags). Each side runs in its own spawned child; the clock "
        "covers the insert (ours: plan, generation, load in one transaction), not the process start-up.",
        f"Medians of {ns.repeat} rounds, ours and the reference alternating; the ratio is the median of the "
        "per-round ratios of rates (ours / reference: above 1 means ours is faster).",
        "Peak MB is each child's `ru_maxrss`: DuckDB in memory holds the loaded rows (and with keys, its ART "
        "indexes), so the DuckDB figures are mostly DuckDB's own; on PostgreSQL it is our process only.",
        "With keys, DuckDB spends most of the time maintaining ART indexes on both sides.",
    ]
    result = BenchResult(
        name="seed",
        title="Seed data: `workbench.seeding` against DuckDB's own inserts, a Faker loop and COPY from CSV",
        anchor="DuckDB's own `INSERT INTO t SELECT ... FROM range(n)` (the ceiling), a seeded Faker row loop, "
        "PostgreSQL's `COPY ... FROM STDIN (FORMAT CSV)` of the same rows",
        command=f"python benchmarks/bench_seed.py --rows {ns.rows} --schema-rows {ns.schema_rows} "
        f"--faker-rows {ns.faker_rows} --pg-rows {ns.pg_rows} --repeat {ns.repeat}"
        + (" --no-pg" if ns.no_pg else "")
        + (" --skip-constrained" if ns.skip_constrained else ""),
        columns=["comparison", "ours", "reference", "ratio", "peak MB ours / ref"],
        rows=table,
        targets=targets,
        notes=notes,
        load_before=load_before,
        load_after=load_after,
    )
    write_result(result, ns.json)
    return 1 if missed and ns.strict else 0


if __name__ == "__main__":
    sys.exit(main())
