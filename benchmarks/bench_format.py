#!/usr/bin/env python3
"""Time whole-process `workbench format FILE` against Prisma's own formatter, same output required.

usage: python benchmarks/bench_format.py [--models 500,2000] [--reps 5] [--oracle DIR]
                                         [--workbench CMD] [--json PATH] [--strict]

For each size it writes a synthetic schema (``bench_check.generate``: the Prisma oracle's
``gen_big_schema.py``, else its built-in copy), then runs, alternating the order on every
repetition,

  ours:   ``workbench format FILE`` (the formatted text to stdout, as a user runs it)
  prisma: ``node ORACLE/format.mjs FILE`` (``prisma format``'s formatter, prisma-schema-wasm)

Both print the formatted text; the two outputs must be byte-identical, and the script says so
(a figure for different work would mean nothing). Whole-process wall time, spawn to reap, with
compiled bytecode as after an install (a fresh ``PYTHONPYCACHEPREFIX`` filled by the untimed
warm-up run); peak RSS from ``os.wait4``; medians; the load average before and after.

Target (issue 18, item 2): ours <= 1.0x prisma on 2000 models, output byte-identical.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import BenchResult, Target, bytecode_env, load_average, median, run_timed, write_result  # noqa: E402
from bench_check import DEFAULT_ORACLE, generate, our_command  # noqa: E402  (same folder)

TARGET_MODELS = 2000
TARGET_RATIO = 1.0


@dataclass
class Side:
    """One command under test and what its runs gave."""

    name: str
    argv: list[str] | None  # None: skipped (``reason`` says why)
    env: dict[str, str] | None = None
    reason: str = ""
    times: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    output: str | None = None
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.argv is not None and not self.error and bool(self.times)


def _run(side: Side, schema: Path) -> tuple[float, float, str] | None:
    assert side.argv is not None
    r = run_timed([*side.argv, str(schema)], env=side.env, cwd=ROOT)
    if r.exit_code != 0:
        last = (r.stderr.strip() or r.stdout.strip() or "(no output)").splitlines()[-1]
        side.error = f"exit {r.exit_code}: {last[:200]}"
        return None
    return r.seconds, r.peak_mb, r.stdout


def measure(sides: list[Side], schema: Path, reps: int, warmup: int) -> None:
    """Warm up (fills the bytecode cache, keeps the output), then alternate the sides."""
    live = [s for s in sides if s.argv is not None]
    for s in live:
        for _ in range(warmup):
            got = _run(s, schema)
            if got is None:
                break
            s.output = got[2]
    live = [s for s in live if not s.error]
    for rep in range(reps):
        for s in live if rep % 2 == 0 else list(reversed(live)):
            got = _run(s, schema)
            if got is None:
                break
            s.times.append(got[0])
            s.rss_mb.append(got[1])
            if s.output is None:
                s.output = got[2]
            elif got[2] != s.output:
                s.error = "output differs between runs"


def _fmt(x: float | None, spec: str) -> str:
    return "n/a" if x is None else format(x, spec)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", default="500,2000", help="comma-separated model counts (default: %(default)s)")
    ap.add_argument("--reps", type=int, default=5, help="timed runs per command and size; median reported")
    ap.add_argument("--warmup", type=int, default=1, help="untimed runs per command and size first (at least 1)")
    ap.add_argument("--oracle", type=Path, default=DEFAULT_ORACLE, help="prisma-oracle folder (default: %(default)s)")
    ap.add_argument("--node", default="node", help="node executable for the Prisma side")
    ap.add_argument("--workbench", help="our command, e.g. '.venv/bin/python -m workbench' (default: the venv script)")
    ap.add_argument("--json", type=Path, help="write the result record (benchmarks/_common.py) here")
    ap.add_argument("--strict", action="store_true", help="exit 1 when the target is missed or a side fails")
    a = ap.parse_args(argv)
    a.warmup = max(1, a.warmup)

    sizes = [int(x) for x in a.models.split(",") if x.strip()]
    oracle: Path | None = a.oracle.resolve() if a.oracle and (a.oracle / "format.mjs").exists() else None
    node = shutil.which(a.node)
    work = Path(tempfile.mkdtemp(prefix="workbench-bench-format-"))
    ours_argv = [*our_command(a.workbench), "format"]
    # The checkout's code, whatever the venv's script was installed from; compiled bytecode on.
    env = bytecode_env(work / "pycache")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    if oracle is None:
        prisma_reason = f"no Prisma oracle (format.mjs) at {a.oracle}; pass --oracle DIR"
    elif node is None:
        prisma_reason = f"`{a.node}` not on PATH"
    else:
        prisma_reason = ""
    prisma_argv = [node, str(oracle / "format.mjs")] if oracle and node else None
    command = f"{shlex.join(ours_argv)} FILE  vs  " + (
        shlex.join(prisma_argv) + " FILE" if prisma_argv else f"(prisma skipped: {prisma_reason})"
    )

    print(f"ours:   {shlex.join(ours_argv)} FILE")
    print(f"prisma: {shlex.join(prisma_argv)} FILE" if prisma_argv else f"prisma: skipped: {prisma_reason}")
    print(f"{a.reps} timed runs each (median), {a.warmup} warm-up, alternating order; {os.cpu_count()} CPUs")
    load_before = load_average()
    print(f"load average before: {load_before:.2f}", flush=True)

    results: list[tuple[int, int, Side, Side, bool | None]] = []
    try:
        for n in sizes:
            schema = generate(n, oracle, work)
            print(f"  timing {n} models ...", file=sys.stderr, flush=True)
            ours = Side("ours", ours_argv, env)
            prisma = Side("prisma", prisma_argv, None, prisma_reason)
            measure([ours, prisma], schema, a.reps, a.warmup)
            same = None if ours.output is None or prisma.output is None else ours.output == prisma.output
            results.append((n, schema.stat().st_size, ours, prisma, same))
            for s in (ours, prisma):
                if s.error:
                    print(f"  {n} models: {s.name} failed: {s.error}", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    load_after = load_average()

    columns = ["models", "size KB", "ours s", "prisma s", "ratio", "ours MB", "prisma MB", "same output"]
    rows: list[list[str]] = []
    target_ratio: float | None = None
    target_same: bool | None = None
    for n, size, ours, prisma, same in results:
        om = median(ours.times) if ours.ok else None
        pm = median(prisma.times) if prisma.ok else None
        ratio = om / pm if om is not None and pm else None
        if n == TARGET_MODELS:
            target_ratio, target_same = ratio, same
        rows.append(
            [
                str(n),
                f"{size / 1024:.0f}",
                _fmt(om, ".3f"),
                _fmt(pm, ".3f"),
                _fmt(ratio, ".2f"),
                _fmt(max(ours.rss_mb) if ours.ok else None, ".0f"),
                _fmt(max(prisma.rss_mb) if prisma.ok else None, ".0f"),
                "n/a" if same is None else "yes" if same else "NO",
            ]
        )
    widths = [max(len(c), *(len(r[i]) for r in rows)) if rows else len(c) for i, c in enumerate(columns)]
    print("  ".join(c.rjust(w) for c, w in zip(columns, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)))
    print(f"load average after: {load_after:.2f}")

    targets = [
        Target(f"format / prisma format at {TARGET_MODELS} models (whole process)", target_ratio, TARGET_RATIO),
        Target(
            f"output byte-identical to prisma format at {TARGET_MODELS} models (1 = yes)",
            None if target_same is None else float(target_same),
            1.0,
            ">=",
        ),
    ]
    print(f"\ntargets (issue 18): ours <= {TARGET_RATIO:.1f}x prisma at {TARGET_MODELS} models, same bytes")
    for t in targets:
        print(f"  {t.what}: {'met' if t.met else 'MISSED' if t.value is not None else 'not measured'}")
    notes = [
        "both sides print the formatted text to stdout; outputs compared byte for byte on every size",
        "ours includes the loader's diagnostics (format reports a schema's errors and warnings); "
        "prisma's format.mjs runs the formatter only",
    ]
    if prisma_reason:
        notes.append(f"prisma side skipped: {prisma_reason}")
    write_result(
        BenchResult(
            name="bench_format",
            title="workbench format vs prisma format (byte-identical output)",
            anchor="prisma format (node format.mjs, @prisma/prisma-schema-wasm)",
            command=f"python benchmarks/bench_format.py --models {a.models} --reps {a.reps}  # {command}",
            columns=columns,
            rows=rows,
            targets=targets,
            notes=notes,
            load_before=load_before,
            load_after=load_after,
        ),
        a.json,
    )
    failed = any(s.error for _, _, o, p, _ in results for s in (o, p))
    return 1 if a.strict and (failed or not all(t.met for t in targets)) else 0


if __name__ == "__main__":
    sys.exit(main())
