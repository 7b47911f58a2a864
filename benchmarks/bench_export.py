#!/usr/bin/env python3
"""Time the TypeScript code export of a generated 500-model schema against drizzle-prisma-generator.

In one run, on the same schema file (``gen_big_schema.py`` from the Prisma oracle, else the
built-in copy in ``bench_check.py``):

* ``ours``: a fresh Python process that loads the schema and runs all six targets (drizzle, zod,
  typescript, rest, graphql, trpc; a target not present yet is printed as "not available"),
  whole-process wall time (interpreter start, imports, parse, generate), median of ``--reps``;
  plus in-process per-target times (median) so a slow target stands out;
* ``prisma2drizzle``: ``bash ORACLE/prisma2drizzle.sh FILE OUTDIR`` (Prisma 7 CLI + the real
  drizzle-prisma-generator, one target only), whole-process wall time, median of ``--reps``.

The ratio is prisma2drizzle / ours (target: >= 10x). Both sides get one untimed warm-up run and
alternate on every repetition. Run on an idle machine.

    .venv/bin/python benchmarks/bench_export.py [--models 500] [--reps 3] [--oracle DIR] [--strict]
"""

from __future__ import annotations

import argparse
import importlib
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_check import generate as write_schema  # noqa: E402  (same folder)

TARGETS = ("drizzle", "zod", "typescript", "rest", "graphql", "trpc")
TARGET_RATIO = 10.0

CHILD = """
import importlib, json, sys, time
t0 = time.perf_counter()
from workbench.loaders.prisma import load_prisma
mods = {t: importlib.import_module(f"workbench.emit.{t}") for t in sys.argv[2:]}
times = {"imports": time.perf_counter() - t0}
t0 = time.perf_counter()
res = load_prisma(sys.argv[1])
times["load"] = time.perf_counter() - t0
for target, mod in mods.items():
    t0 = time.perf_counter()
    mod.generate(res.schema, source=sys.argv[1])
    times[target] = time.perf_counter() - t0
print(json.dumps(times))
"""


def available_targets() -> tuple[list[str], list[str]]:
    found: list[str] = []
    missing: list[str] = []
    for target in TARGETS:
        try:
            mod = importlib.import_module(f"workbench.emit.{target}")
        except ImportError:
            missing.append(target)
            continue
        (found if callable(getattr(mod, "generate", None)) else missing).append(target)
    return found, missing


CHILD_TIMES: list[dict[str, float]] = []  # what each timed run of ours reported from inside


def wall(argv: list[str], cwd: Path | None = None) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(argv, check=True, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if proc.stdout.startswith("{"):
        CHILD_TIMES.append({**json.loads(proc.stdout), "total": elapsed})
    return elapsed


def in_process(schema_path: Path, targets: list[str], reps: int) -> dict[str, float]:
    from workbench.loaders.prisma import load_prisma

    times: dict[str, list[float]] = {"load": []}
    for _ in range(reps):
        t0 = time.perf_counter()
        res = load_prisma(str(schema_path))
        times["load"].append(time.perf_counter() - t0)
        for target in targets:
            gen = importlib.import_module(f"workbench.emit.{target}").generate
            t0 = time.perf_counter()
            gen(res.schema, source=schema_path.name)
            times.setdefault(target, []).append(time.perf_counter() - t0)
    return {k: statistics.median(v) for k, v in times.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--models", type=int, default=500)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--oracle", type=Path, default=ROOT.parent / "shared" / "prisma-oracle")
    ap.add_argument("--strict", action="store_true", help="exit 1 when the 10x target is missed")
    args = ap.parse_args(argv)

    found, missing = available_targets()
    for target in missing:
        print(f"{target:<11} not available")
    oracle = args.oracle if (args.oracle / "prisma2drizzle.sh").exists() else None
    with tempfile.TemporaryDirectory(prefix="wb-bench-export-") as tmp:
        tmpdir = Path(tmp)
        schema = write_schema(args.models, oracle, tmpdir)
        size_kb = schema.stat().st_size / 1024
        print(f"schema: {args.models} models, {size_kb:.0f} KB ({schema.name})")

        per_target = in_process(schema, found, args.reps)
        for name, secs in per_target.items():
            print(f"  in-process {name:<11} {secs * 1000:8.1f} ms")

        ours_cmd = [sys.executable, "-c", CHILD, str(schema), *found]
        theirs_cmd = ["bash", str(oracle / "prisma2drizzle.sh"), str(schema), str(tmpdir / "p2d")] if oracle else None
        wall(ours_cmd, ROOT)  # warm-up
        if theirs_cmd:
            wall(theirs_cmd)
        CHILD_TIMES.clear()
        ours: list[float] = []
        theirs: list[float] = []
        for i in range(args.reps):
            order = [("ours", ours_cmd), ("theirs", theirs_cmd)]
            for label, cmd in order if i % 2 == 0 else order[::-1]:
                if cmd is None:
                    continue
                (ours if label == "ours" else theirs).append(wall(cmd, ROOT if label == "ours" else None))
    ours_s = statistics.median(ours)
    print(f"ours ({len(found)} targets, whole process): {ours_s:.3f} s (median of {args.reps})")
    if CHILD_TIMES:
        median_run = sorted(CHILD_TIMES, key=lambda r: r["total"])[len(CHILD_TIMES) // 2]
        parts = ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in median_run.items() if k != "total")
        print(f"  inside the median run: {parts} (the rest is interpreter start-up)")
    if not theirs:
        print(f"prisma2drizzle.sh: not available (no oracle at {args.oracle}); ratio not computed")
        return 0
    theirs_s = statistics.median(theirs)
    ratio = theirs_s / ours_s
    verdict = "met" if ratio >= TARGET_RATIO else "MISSED"
    print(f"prisma2drizzle.sh (drizzle only, whole process): {theirs_s:.3f} s (median of {args.reps})")
    print(f"ratio prisma2drizzle / ours: {ratio:.1f}x (target >= {TARGET_RATIO:.0f}x: {verdict})")
    return 1 if args.strict and ratio < TARGET_RATIO else 0


if __name__ == "__main__":
    raise SystemExit(main())
