#!/usr/bin/env python3
"""Time whole-process `workbench lint FILE` against `workbench check FILE` on the same big schemas.

usage: python benchmarks/bench_lint.py [--models 1000,5000] [--reps 7] [--warmup 1]
                                       [--workbench CMD] [--oracle DIR] [--keep DIR]
                                       [--phases N] [--json PATH] [--strict]

``check`` (parse + validate) is the anchor: ``lint`` does the same load and then runs every rule
and prints every finding, so the ratio lint / check says what the rules and the report cost on top
of reading the schema, and how that grows. For each size it writes the synthetic schema of
``bench_check.py`` (the Prisma oracle's ``gen_big_schema.py``, else its built-in copy: a chain of
models, one relation each, an enum, an ``@@index`` and an ``@@map`` per model; lint finds 4
findings per model there, each with a fix), then runs

  check: ``workbench check FILE``
  lint:  ``workbench lint FILE``   (text output of every finding, as a user sees it)

alternating which goes first on every repetition, after untimed warm-up runs of each. Children run
with compiled bytecode (``_common.bytecode_env``: ``PYTHONDONTWRITEBYTECODE`` removed,
``PYTHONPYCACHEPREFIX`` a fresh folder the warm-up fills) and are timed by ``_common.run_timed``
(wall time from spawn to reap, peak RSS from ``os.wait4``, output to files). The machine's load
average is printed before and after the runs: quote it with the figures.

Target (issue 18, item 4): lint <= 1.5 x check on 5,000 models. The column ``lint-check /1k`` (the
rules' and the report's own seconds per 1,000 models) stays flat when lint is linear in the schema.

``--phases N``: where lint's time goes, on the largest size: N fresh processes (compiled bytecode)
each time, in process, the imports, the load (what check does), the IR build, every rule family,
the sort and the text report, one after the other as ``workbench lint`` runs them (the cyclic
collector off from the load on, as the command has it); medians are printed and added to the
result's notes.
In-process phases leave out start-up, printing and the exit, so they add up to less than the
whole process.
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from _common import BenchResult, Target, bytecode_env, load_average, run_timed, write_result  # noqa: E402
from bench_check import DEFAULT_ORACLE, generate, our_command  # noqa: E402

# Run in a child with this checkout's code: prints {phase: seconds} as JSON (see --phases).
PHASES = r"""
import gc, json, sys, time
t0 = time.perf_counter()
import workbench
from workbench.lint import LintConfig, LintContext, default_dialect
from workbench.lint.report import LintReport, sort_findings
from workbench.lint.rules import FAMILY_CHECKS
t = {"imports": time.perf_counter() - t0}
gc.disable()  # as `workbench lint` does for the whole command (workbench/cli/lint.py)
a = time.perf_counter(); s = workbench.load(sys.argv[1]); t["load (as check)"] = time.perf_counter() - a
a = time.perf_counter(); ir = s.schema; t["IR build"] = time.perf_counter() - a
ctx = LintContext(ir, default_dialect(ir), LintConfig(), dict(s.sources))
for check in FAMILY_CHECKS:
    a = time.perf_counter(); check(ctx); t["rules: " + check.__module__.rsplit(".", 1)[1]] = time.perf_counter() - a
a = time.perf_counter(); found = sort_findings(ctx.findings); t["sort findings"] = time.perf_counter() - a
a = time.perf_counter(); text = LintReport(found, ctx.dialect, dict(s.sources), None).text()
t["text report"] = time.perf_counter() - a
t["findings (count)"] = len(found)
print(json.dumps(t))
"""

TARGET_MODELS = 5000
TARGET_RATIO = 1.5


@dataclass
class Side:
    """One command under test and what its runs measured."""

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


def measure(sides: list[Side], schema: Path, reps: int, warmup: int, env: dict[str, str]) -> None:
    """Warm up each side, then alternate them (order flipped on every repetition)."""
    for s in sides:
        for _ in range(warmup):
            r = run_timed([*s.argv, str(schema)], env=env)
            if r.exit_code not in s.ok_exits:
                lines = (r.stderr.strip() or r.stdout.strip() or "(no output)").splitlines()
                s.error = f"exit {r.exit_code}: {lines[-1][:200]}"  # last line: a traceback's message
                break
    live = [s for s in sides if not s.error]
    for rep in range(reps):
        for s in live if rep % 2 == 0 else list(reversed(live)):
            r = run_timed([*s.argv, str(schema)], env=env)
            if r.exit_code not in s.ok_exits:
                s.error = f"exit {r.exit_code} on repetition {rep + 1}"
                continue
            s.times.append(r.seconds)
            s.rss_mb.append(r.peak_mb)
            s.last_line = (r.stdout.strip().splitlines() or [""])[-1][:120]


def time_phases(python: str, schema: Path, runs: int, env: dict[str, str]) -> dict[str, float]:
    """Median seconds of each phase over ``runs`` fresh processes (see ``--phases``); {} on failure."""
    import json

    samples: dict[str, list[float]] = {}
    for _ in range(runs):
        r = run_timed([python, "-c", PHASES, str(schema)], env={**env, "PYTHONPATH": str(ROOT)}, cwd=ROOT)
        if r.exit_code != 0:
            print(f"  --phases failed: {(r.stderr.strip().splitlines() or ['?'])[-1][:200]}", file=sys.stderr)
            return {}
        for name, value in json.loads(r.stdout).items():
            samples.setdefault(name, []).append(float(value))
    return {name: statistics.median(values) for name, values in samples.items()}


def fmt(x: float | None, spec: str) -> str:
    return "n/a" if x is None else format(x, spec)


def load_text(one: float) -> str:
    """``one`` (the 1-minute load average just taken) with the 5 and 15 minute ones."""
    _, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", default="1000,5000", help="comma-separated model counts (%(default)s)")
    ap.add_argument("--reps", type=int, default=7, help="timed runs per command and size; median reported")
    ap.add_argument("--warmup", type=int, default=1, help="untimed runs per command and size first")
    ap.add_argument("--workbench", help="our command, e.g. '.venv/bin/python -m workbench' (default: the venv script)")
    ap.add_argument("--oracle", type=Path, default=DEFAULT_ORACLE, help="folder with gen_big_schema.py (optional)")
    ap.add_argument("--keep", type=Path, help="write the generated schemas here and keep them")
    ap.add_argument("--phases", type=int, default=0, help="N: time lint's phases in N processes (largest size)")
    ap.add_argument("--json", dest="json_path", type=Path, help="write the result record (for run_all.py) here")
    ap.add_argument("--strict", action="store_true", help="exit 1 when the target is missed or a side fails")
    a = ap.parse_args(argv)

    sizes = [int(x) for x in a.models.split(",") if x.strip()]
    oracle = a.oracle.resolve() if a.oracle and a.oracle.exists() else None
    base = our_command(a.workbench)
    work = a.keep or Path(tempfile.mkdtemp(prefix="workbench-bench-lint-"))
    work.mkdir(parents=True, exist_ok=True)
    pycache = Path(tempfile.mkdtemp(prefix="workbench-pycache-"))
    env = bytecode_env(pycache)

    check_cmd, lint_cmd = [*base, "check"], [*base, "lint"]
    print(f"check: {shlex.join(check_cmd)} FILE")
    print(f"lint:  {shlex.join(lint_cmd)} FILE")
    gen = oracle / "gen_big_schema.py" if oracle and (oracle / "gen_big_schema.py").exists() else None
    print(f"schemas: {gen or 'built-in copy of gen_big_schema.py (bench_check.py)'} -> {work}")
    print(f"bytecode: PYTHONPYCACHEPREFIX={pycache}, PYTHONDONTWRITEBYTECODE unset")
    print(f"{a.reps} timed runs each (median), {a.warmup} warm-up, alternating order")
    load_before = load_average()
    print(f"before: {load_text(load_before)}", flush=True)

    rows: list[tuple[int, Side, Side]] = []
    phases: dict[str, float] = {}
    failed = False
    try:
        for n in sizes:
            schema = generate(n, gen.parent if gen else None, work)
            print(f"  timing {n} models ...", file=sys.stderr, flush=True)
            check = Side("check", check_cmd, (0,))
            lint = Side("lint", lint_cmd, (0, 1))  # 1: lint errors remain, still a full run
            measure([check, lint], schema, a.reps, a.warmup, env)
            rows.append((n, check, lint))
            for s in (check, lint):
                if s.error:
                    failed = True
                    print(f"  {n} models: {s.name} failed: {s.error}", file=sys.stderr)
        if a.phases > 0 and sizes:
            phases = time_phases(sys.executable, schema, a.phases, env)  # the largest size's schema
    finally:
        shutil.rmtree(pycache, ignore_errors=True)
        if a.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    load_after = load_average()
    print(f"after:  {load_text(load_after)}\n")

    columns = ["models", "check s", "lint s", "lint/check", "lint-check /1k", "check MB", "lint MB"]
    table: list[list[str]] = []
    for n, check, lint in rows:
        c, li = check.median(), lint.median()
        ratio = li / c if c and li is not None else None
        per_k = (li - c) / n * 1000 if c is not None and li is not None else None
        table.append(
            [
                str(n),
                fmt(c, ".3f"),
                fmt(li, ".3f"),
                fmt(ratio, ".2f"),
                fmt(per_k, ".3f"),
                fmt(check.peak_mb(), ".0f"),
                fmt(lint.peak_mb(), ".0f"),
            ]
        )
    widths = [max(len(col), *(len(r[i]) for r in table)) for i, col in enumerate(columns)]
    header = " ".join(col.rjust(w) for col, w in zip(columns, widths, strict=True))
    print(header)
    print("-" * len(header))
    for r in table:
        print(" ".join(cell.rjust(w) for cell, w in zip(r, widths, strict=True)))
    for _, _, lint in rows[-1:]:
        if lint.last_line:
            print(f"\nlint's summary on the last size: {lint.last_line}")

    phase_notes = [
        f"{sizes[-1]} models, in process, median of {a.phases}: {name} {value:.3f} s"
        if "count" not in name
        else f"{sizes[-1]} models: {name.removesuffix(' (count)')} {value:,.0f}"
        for name, value in phases.items()
    ]
    if phase_notes:
        print("\nphases (--phases):")
        for line in phase_notes:
            print(f"  {line}")

    print(f"\ntarget: lint <= {TARGET_RATIO:g} x check on {TARGET_MODELS} models")
    value: float | None = None
    for n, check, lint in rows:
        c, li = check.median(), lint.median()
        if n == TARGET_MODELS and c and li is not None:
            value = li / c
    target = Target(f"lint / check, whole process, {TARGET_MODELS} models", value, TARGET_RATIO)
    if value is None:
        print(f"  not evaluated (no {TARGET_MODELS}-model run, or a side failed)")
    else:
        print(f"  {value:.2f}: {'met' if target.met else 'MISSED'}")

    command = shlex.join([sys.executable, "benchmarks/bench_lint.py", *(argv if argv is not None else sys.argv[1:])])
    write_result(
        BenchResult(
            name="lint",
            title="lint vs check on the synthetic schemas",
            anchor="workbench check on the same file, same run",
            command=command,
            columns=columns,
            rows=table,
            targets=[target],
            notes=[
                f"medians of {a.reps} alternated whole-process runs after {a.warmup} warm-up, compiled bytecode",
                "lint-check /1k: seconds lint adds per 1,000 models (flat when lint is linear)",
                *(f"{n} models: {s.name} failed: {s.error}" for n, c, li in rows for s in (c, li) if s.error),
                *phase_notes,
            ],
            load_before=load_before,
            load_after=load_after,
        ),
        a.json_path,
    )
    return 1 if a.strict and (failed or not target.met) else 0


if __name__ == "__main__":
    sys.exit(main())
