#!/usr/bin/env python3
"""Time whole-process `workbench lint FILE` against `workbench check FILE` on the same big schemas.

usage: python benchmarks/bench_lint.py [--models 1000,2000,4000,5000] [--reps 5] [--warmup 1]
                                       [--workbench CMD] [--oracle DIR] [--keep DIR] [--strict]

``check`` (parse + validate) is the reference: ``lint`` does the same load and then runs every
rule, so the ratio lint / check says what the rules cost on top of reading the schema, and how it
grows. For each size it writes the synthetic schema of ``bench_check.py`` (the Prisma oracle's
``gen_big_schema.py``, else its built-in copy: a chain of models, one relation each, an enum, an
``@@index`` and an ``@@map`` per model; lint finds ~4 findings per model there), then runs

  check: ``workbench check FILE``
  lint:  ``workbench lint FILE``   (text output of every finding, as a user sees it)

alternating which goes first on every repetition, after one untimed warm-up run of each. Children
run with compiled bytecode: ``PYTHONDONTWRITEBYTECODE`` removed and ``PYTHONPYCACHEPREFIX`` set to
a fresh folder the warm-up fills, so neither side pays for compiling. Each child is reaped with
``os.wait4`` (wall time from spawn to reap, peak RSS). The machine's load average is printed before
and after the runs: quote it with the figures.

Target (issue 12, item 21): lint <= 2 x check on 5,000 models. The column ``lint-check /1k`` (the
rules' own seconds per 1,000 models) stays flat when lint is linear in the schema.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_check import DEFAULT_ORACLE, fmt, generate, our_command, run_child

TARGET_MODELS = 5000
TARGET_RATIO = 2.0


@dataclass
class Side:
    name: str
    argv: list[str]
    ok_exits: tuple[int, ...]
    times: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    error: str = ""
    last_line: str = ""

    @property
    def ok(self) -> bool:
        return not self.error and bool(self.times)

    def median(self) -> float | None:
        return statistics.median(self.times) if self.ok else None

    def peak_mb(self) -> float | None:
        return max(self.rss_mb) if self.ok else None


def child_env(pycache: Path) -> dict[str, str]:
    """The user's environment with bytecode written to (and read from) ``pycache``."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def measure(sides: list[Side], schema: Path, reps: int, warmup: int) -> None:
    for s in sides:
        for _ in range(warmup):
            r = run_child([*s.argv, str(schema)])
            if r.exit_code not in s.ok_exits:
                lines = (r.stderr.strip() or r.stdout.strip() or "(no output)").splitlines()
                s.error = f"exit {r.exit_code}: {lines[-1][:200]}"
    live = [s for s in sides if not s.error]
    for rep in range(reps):
        for s in live if rep % 2 == 0 else list(reversed(live)):
            r = run_child([*s.argv, str(schema)])
            if r.exit_code not in s.ok_exits:
                s.error = f"exit {r.exit_code} on repetition {rep + 1}"
                continue
            s.times.append(r.seconds)
            s.rss_mb.append(r.rss_mb)
            s.last_line = (r.stdout.strip().splitlines() or [""])[-1][:120]


def load_text() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", default="1000,2000,4000,5000", help="comma-separated model counts (%(default)s)")
    ap.add_argument("--reps", type=int, default=5, help="timed runs per command and size; median reported")
    ap.add_argument("--warmup", type=int, default=1, help="untimed runs per command and size first")
    ap.add_argument("--workbench", help="our command, e.g. '.venv/bin/python -m workbench' (default: the venv script)")
    ap.add_argument("--oracle", type=Path, default=DEFAULT_ORACLE, help="folder with gen_big_schema.py (optional)")
    ap.add_argument("--keep", type=Path, help="write the generated schemas here and keep them")
    ap.add_argument("--strict", action="store_true", help="exit 1 when the target is missed or a side fails")
    a = ap.parse_args(argv)

    sizes = [int(x) for x in a.models.split(",") if x.strip()]
    oracle = a.oracle.resolve() if a.oracle and a.oracle.exists() else None
    base = our_command(a.workbench)
    work = a.keep or Path(tempfile.mkdtemp(prefix="workbench-bench-lint-"))
    work.mkdir(parents=True, exist_ok=True)
    pycache = Path(tempfile.mkdtemp(prefix="workbench-pycache-"))
    saved_env = dict(os.environ)
    os.environ.clear()
    os.environ.update(child_env(pycache))  # run_child's children inherit it

    print(f"check: {shlex.join([*base, 'check'])} FILE")
    print(f"lint:  {shlex.join([*base, 'lint'])} FILE")
    gen = oracle / "gen_big_schema.py" if oracle and (oracle / "gen_big_schema.py").exists() else None
    print(f"schemas: {gen or 'built-in copy of gen_big_schema.py (bench_check.py)'} -> {work}")
    print(f"bytecode: PYTHONPYCACHEPREFIX={pycache}, PYTHONDONTWRITEBYTECODE unset")
    print(f"{a.reps} timed runs each (median), {a.warmup} warm-up, alternating order")
    print(f"before: {load_text()}", flush=True)

    rows: list[tuple[int, Side, Side]] = []
    failed = False
    try:
        for n in sizes:
            schema = generate(n, gen.parent if gen else None, work)
            print(f"  timing {n} models ...", file=sys.stderr, flush=True)
            check = Side("check", [*base, "check"], (0,))
            lint = Side("lint", [*base, "lint"], (0, 1))  # 1: lint errors remain, still a full run
            measure([check, lint], schema, a.reps, a.warmup)
            rows.append((n, check, lint))
            for s in (check, lint):
                if s.error:
                    failed = True
                    print(f"  {n} models: {s.name} failed: {s.error}", file=sys.stderr)
    finally:
        os.environ.clear()
        os.environ.update(saved_env)
        shutil.rmtree(pycache, ignore_errors=True)
        if a.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"after:  {load_text()}\n")

    header = (
        f"{'models':>7} {'check s':>8} {'lint s':>8} {'ratio':>6} {'lint-check /1k':>15} {'check MB':>9} {'lint MB':>8}"
    )
    print(header)
    print("-" * len(header))
    for n, check, lint in rows:
        c, li = check.median(), lint.median()
        ratio = li / c if c and li is not None else None
        per_k = (li - c) / n * 1000 if c is not None and li is not None else None
        print(
            f"{n:>7} {fmt(c, '.3f'):>8} {fmt(li, '.3f'):>8} {fmt(ratio, '.2f'):>6} {fmt(per_k, '.3f'):>15} "
            f"{fmt(check.peak_mb(), '.0f'):>9} {fmt(lint.peak_mb(), '.0f'):>8}"
        )
    for _, _, lint in rows[-1:]:
        if lint.last_line:
            print(f"\nlint's summary on the last size: {lint.last_line}")

    print(f"\ntarget: lint <= {TARGET_RATIO:g} x check on {TARGET_MODELS} models")
    verdict = None
    for n, check, lint in rows:
        if n == TARGET_MODELS and check.ok and lint.ok:
            verdict = lint.median() <= TARGET_RATIO * check.median()  # type: ignore[operator]
            print(f"  time: {'met' if verdict else 'MISSED'}")
    if verdict is None:
        print(f"  not evaluated (no {TARGET_MODELS}-model run, or a side failed)")
    return 1 if a.strict and (failed or verdict is False) else 0


if __name__ == "__main__":
    sys.exit(main())
