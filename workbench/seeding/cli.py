"""``workbench seed SCHEMA --db URL --rows N [--seed S]``: a thin shell over :func:`seed`."""

from __future__ import annotations

import argparse
import sys


def _rows(text: str) -> int | dict[str, int]:
    """``10000`` or ``User=1000,Post=50000,*=100``."""
    if "=" not in text:
        return int(text.replace("_", ""))
    out: dict[str, int] = {}
    for part in text.split(","):
        name, _, count = part.partition("=")
        out[name.strip()] = int(count.strip().replace("_", ""))
    return out


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="workbench seed", description="Fill a database with deterministic synthetic rows.")
    p.add_argument("schema", help="a .prisma file or a folder of them")
    p.add_argument("--db", default=None, help="database URL (default: in-memory DuckDB, which is then discarded)")
    p.add_argument("--rows", type=_rows, default=1000, help="rows per table, or Model=N,...,*=N")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--files", action="append", default=None, help="seed file or folder (repeatable)")
    p.add_argument("--fanout", default="zipf", help="zipf (default), uniform, or a Zipf exponent")
    p.add_argument("--null-ratio", type=float, default=0.1)
    p.add_argument("--apply", action="store_true", help="create the schema's tables first")
    p.add_argument("--timings", action="store_true", help="print rows/s per table")
    return p


def main_seed(args: list[str] | None = None) -> int:
    """Run the command; returns the exit code (1 when the schema or a seed file has errors)."""
    import workbench as wb
    from workbench.diagnostics import render_text
    from workbench.seeding.api import seed

    ns = parser().parse_args(args)
    loaded = wb.load(ns.schema)
    if loaded.errors:
        print(render_text(loaded.errors, loaded.sources), file=sys.stderr)
        return 1
    from workbench.diagnostics import UserError

    db = wb.connect(ns.db, create=ns.apply)  # without --apply a new file would have no tables
    try:
        if ns.apply or ns.db is None:  # a new in-memory database has no tables yet
            db.apply(loaded)
        fanout = ns.fanout if ns.fanout in ("zipf", "uniform") else float(ns.fanout)
        report = seed(loaded, db, ns.rows, seed=ns.seed, seed_files=ns.files, fanout=fanout, null_ratio=ns.null_ratio)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        db.close()
    print(repr(report))
    if ns.timings and report.ok:
        print()
        print(repr(report.timings))
    return 0 if report.ok else 1
