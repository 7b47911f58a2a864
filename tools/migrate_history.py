#!/usr/bin/env python3
"""Replay a real schema history: for each consecutive pair, our migration against Prisma Migrate's, by effect.

usage: .venv/bin/python tools/migrate_history.py FOLDER [--pg-url URL] [--oracle DIR] [--limit N]

FOLDER holds the versions of one schema in order (``001.prisma``, ``002.prisma``..., e.g. every
``git show COMMIT:path/schema.prisma`` of a repository's history). For each pair (old, new) on a
fresh PostgreSQL database each:

  1. build old with Prisma's own CREATE script (``ddl.sh old``), then run our up script
     (``wb.diff(old, new).sql()``); compare the catalog with old + Prisma's script
     (``ddl.sh new --from=old``), column order aside;
  2. run our down script on top; the catalog must be old's again.

It prints one line per pair (ok / the first difference) and a summary. It needs the Prisma oracle
(``../shared/prisma-oracle``) and a PostgreSQL server (``--pg-url``, else a throwaway one from
``workbench/db/pgserver.py``); it is a tool for trying real histories, the test suite uses committed goldens.
"""

from __future__ import annotations

import argparse
import itertools
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

import workbench as wb  # noqa: E402
from tests.migration_catalog import apply_pg, catalog_diff, pg_catalog, without_positions  # noqa: E402

DEFAULT_ORACLE = ROOT.parent / "shared" / "prisma-oracle"


def oracle(oracle_dir: Path, schema: Path, *extra: str) -> str:
    """Prisma's script (from empty, or ``--from=OLD``), read from a file: Node may cut a piped stdout."""
    with tempfile.NamedTemporaryFile("w+", suffix=".sql") as out:
        # --compat6: real histories are Prisma 5/6 schemas (datasource url, retired preview features)
        argv = ["bash", str(oracle_dir / "ddl.sh"), str(schema), "--compat6", *extra]
        r = subprocess.run(argv, stdout=out, stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            raise RuntimeError((r.stderr.strip().splitlines() or ["oracle failed"])[-1])
        out.seek(0)
        return out.read()


@contextmanager
def fresh_database(server: str) -> Iterator[str]:
    name = f"wb_history_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True, connect_timeout=10) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = server.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(url, autocommit=True, connect_timeout=10) as conn:
        # extensions real schemas use (the oracle's --compat6 blanks the preview feature that creates them)
        for extension in ("pg_trgm", "citext"):
            conn.execute(f"CREATE EXTENSION IF NOT EXISTS {extension}")
    try:
        yield url
    finally:
        with psycopg.connect(server, autocommit=True, connect_timeout=10) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def catalog_after(server: str, *scripts: str) -> dict[str, object]:
    with fresh_database(server) as url, psycopg.connect(url, autocommit=True, connect_timeout=10) as conn:
        for script in scripts:
            apply_pg(conn, script)
        return without_positions(pg_catalog(conn))


def _available(versions: list[Path]) -> list[Path]:
    """Copies without what this server cannot create (pgvector/PostGIS columns, as the seeding sweep
    strips them: ``tools/seed_realworld.without_unavailable``), under the same names."""
    from tools.seed_realworld import without_unavailable

    folder = Path(tempfile.mkdtemp(prefix="wb-history-"))
    out = []
    for path in versions:
        copy = folder / path.name
        copy.write_text(without_unavailable(path.read_text(encoding="utf-8")), encoding="utf-8")
        out.append(copy)
    return out


def replay(folder: Path, server: str, oracle_dir: Path, limit: int | None) -> int:
    versions = _available(sorted(folder.glob("*.prisma"))[: limit and limit + 1])
    failures = 0
    pairs = 0
    for old, new in itertools.pairwise(versions):
        label = f"{old.name} -> {new.name}"
        try:
            a, b = wb.load(old), wb.load(new)
            if a.errors or b.errors:
                print(f"{label}: skipped (a version does not load: {len(a.errors or b.errors)} errors)")
                continue
            d = wb.diff(a, b, dialect="postgres")
            base = oracle(oracle_dir, old)
            theirs = oracle(oracle_dir, new, f"--from={old}")
            pairs += 1
            expected = catalog_after(server, base, theirs)
            ours = catalog_after(server, base, d.sql())
            note = ""
            if ours != expected:
                # ours may match a fresh build of new where Prisma's cannot (an enum value added where
                # the schema declares it, not appended): that counts, and is said
                fresh = catalog_after(server, oracle(oracle_dir, new))
                if ours != fresh:
                    failures += 1
                    print(
                        f"{label}: up differs from Prisma's\n{catalog_diff(expected, ours, ('prisma', 'ours'))[:1500]}"
                    )
                    continue
                note = "; equals a fresh build of new, Prisma's script does not"
            back = catalog_after(server, base, d.sql(), d.down_sql())
            if back != catalog_after(server, base):
                failures += 1
                print(f"{label}: down does not restore old\n{catalog_diff(catalog_after(server, base), back)[:1500]}")
                continue
            print(f"{label}: ok ({len(d.ops)} operations{note})")
        except Exception as exc:  # one bad pair does not end the replay: it is reported
            failures += 1
            print(f"{label}: {type(exc).__name__}: {str(exc).splitlines()[0][:300] if str(exc) else ''}")
    print(f"{pairs} pairs compared, {failures} failed")
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--pg-url", help="a server's maintenance database URL (default: a throwaway server)")
    ap.add_argument("--oracle", type=Path, default=DEFAULT_ORACLE)
    ap.add_argument("--limit", type=int, help="only the first N pairs")
    args = ap.parse_args(argv)
    if args.pg_url:
        return replay(args.folder, args.pg_url, args.oracle, args.limit)
    from workbench.db.pgserver import PgServer, find_bindir

    server = PgServer(find_bindir())
    server.start()
    try:
        return replay(args.folder, server.url, args.oracle, args.limit)
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
