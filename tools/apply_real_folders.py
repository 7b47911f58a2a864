#!/usr/bin/env python3
"""Apply real projects' Prisma migrations folders with our runner, and check the result by effect.

usage: .venv/bin/python tools/apply_real_folders.py FOLDER... [--pg-url URL] [--limit N]

Each FOLDER is a ``migrations/`` folder Prisma Migrate wrote in a real repository (with its
``migration_lock.toml``; e.g. ``git archive`` of ``prisma/migrations`` from a project's history).
For each one, on two fresh PostgreSQL databases:

  1. reference: every ``migration.sql`` sent whole, in order, as Prisma's runner sends it (one
     simple-query call per file, so the server runs it as one implicit transaction);
  2. ours: ``workbench migrate apply --db URL --dir FOLDER`` (a whole process, as a user runs it);
  3. the two catalogs must be equal (``_prisma_migrations`` aside), every migration must be
     recorded as applied with the sha256 of its file, and ``workbench migrate status`` must say
     "up to date, no drift" (exit 0).

It prints one line per folder and a summary; the exit code is 1 when any folder fails. It needs a
PostgreSQL server (``--pg-url``, else a throwaway one from ``workbench/db/pgserver.py``); a tool for trying
real histories, the test suite uses committed folders.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from tests.migration_catalog import catalog_diff, pg_catalog  # noqa: E402


@contextmanager
def fresh_database(server: str) -> Iterator[str]:
    name = f"real_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server.rpartition('/')[0]}/{name}"
    finally:
        with psycopg.connect(server, autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def migrations(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


def reference_apply(url: str, folder: Path, limit: int | None) -> tuple[int, str | None]:
    """Send each migration.sql whole, in order, like Prisma; (migrations run, the first error)."""
    done = 0
    with psycopg.connect(url, autocommit=True) as con:
        for m in migrations(folder)[:limit]:
            if not (m / "migration.sql").is_file():
                return done, f"{m.name}: no migration.sql (not a folder Prisma Migrate runs)"
            try:
                con.execute((m / "migration.sql").read_text())
            except psycopg.Error as exc:
                return done, f"{m.name}: {str(exc).splitlines()[0]}"
            done += 1
    return done, None


def catalog(url: str) -> dict[str, object]:
    with psycopg.connect(url) as con:
        cat = pg_catalog(con)
    tables = cat.get("tables", {})
    if isinstance(tables, dict):
        tables.pop("public._prisma_migrations", None)
    return cat


def workbench(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "workbench", *args], capture_output=True, text=True, env=env, timeout=1800
    )


def check(folder: Path, server: str, limit: int | None) -> tuple[str, str]:
    with ExitStack() as stack:
        ref_url = stack.enter_context(fresh_database(server))
        our_url = stack.enter_context(fresh_database(server))
        t0 = time.perf_counter()
        count, problem = reference_apply(ref_url, folder, limit)
        t_ref = time.perf_counter() - t0
        if problem:
            return "skip", f"the folder itself fails on this server ({problem}); {count} ran"
        work = folder
        if limit is not None:
            work = Path(stack.enter_context(_partial(folder, limit)))
        t0 = time.perf_counter()
        applied = workbench("migrate", "apply", "--db", our_url, "--dir", str(work))
        t_ours = time.perf_counter() - t0
        if applied.returncode != 0:
            return "FAIL", f"apply failed (exit {applied.returncode}): {applied.stderr.strip()[-800:]}"
        expected, actual = catalog(ref_url), catalog(our_url)
        if expected != actual:
            return "FAIL", "catalogs differ:\n" + catalog_diff(expected, actual, ("prisma-style", "ours"))[:3000]
        with psycopg.connect(our_url) as con:
            rows = con.execute(
                "SELECT migration_name, checksum FROM _prisma_migrations "
                "WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL"
            ).fetchall()
        recorded: dict[str, str] = {str(n): str(c) for n, c in rows}
        for m in migrations(work):
            want = hashlib.sha256((m / "migration.sql").read_bytes()).hexdigest()
            if recorded.get(m.name) != want:
                return "FAIL", f"{m.name}: recorded checksum {recorded.get(m.name)} != {want}"
        status = workbench("migrate", "status", "--db", our_url, "--dir", str(work))
        if status.returncode != 0:
            return "FAIL", f"status exit {status.returncode}: {_drift_part(status.stdout + status.stderr)}"
        return "ok", f"{count} migrations; ours {t_ours:.1f} s (whole process), Prisma-style replay {t_ref:.1f} s"


def _drift_part(text: str) -> str:
    """The drift lines of a status report (what differs), else its tail."""
    start = text.find("Drift:")
    if start < 0:
        return text.strip()[-1500:]
    end = text.find("Keep the change", start)
    return text[start : end if end > 0 else None].strip()[:3000]


@contextmanager
def _partial(folder: Path, limit: int) -> Iterator[str]:
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        for m in migrations(folder)[:limit]:
            shutil.copytree(m, Path(tmp) / m.name)
        lock = folder / "migration_lock.toml"
        if lock.exists():
            shutil.copy(lock, Path(tmp) / lock.name)
        yield tmp


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("folders", nargs="+", type=Path)
    ap.add_argument("--pg-url", help="a PostgreSQL server's maintenance database URL (default: a throwaway server)")
    ap.add_argument("--limit", type=int, help="only the first N migrations of each folder")
    args = ap.parse_args()
    with ExitStack() as stack:
        server = args.pg_url
        if server is None:
            from workbench.db.pgserver import PgServer, find_bindir

            bindir = find_bindir()
            if bindir is None:
                sys.exit("no PostgreSQL binaries found: give --pg-url")
            pg = PgServer(bindir)
            pg.start()
            stack.callback(pg.stop)
            server = pg.url
        counts = {"ok": 0, "skip": 0, "FAIL": 0}
        for folder in args.folders:
            verdict, line = check(folder, server, args.limit)
            counts[verdict] += 1
            print(f"{verdict:4} {folder}: {line}", flush=True)
        print(f"{counts['ok']} ok, {counts['FAIL']} failed, {counts['skip']} skipped (the folder fails on this server)")
        return 1 if counts["FAIL"] else 0


if __name__ == "__main__":
    sys.exit(main())
