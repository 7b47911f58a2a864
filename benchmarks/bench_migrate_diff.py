#!/usr/bin/env python3
"""Time whole-process `workbench migrate diff OLD NEW` against Prisma Migrate's own differ.

usage: python benchmarks/bench_migrate_diff.py [--models 2000] [--changed 0.1] [--reps 3]
                                               [--oracle DIR] [--keep DIR] [--strict] [--json PATH]

OLD is the synthetic schema of ``bench_check.py`` (the oracle's ``gen_big_schema.py``) with
``--models`` models; NEW changes ``--changed`` of its models (10%: every tenth model gets a new
optional column, a dropped column, a type change, a new index, and one new model per ten). Then,
alternating the order on every repetition (one untimed warm-up each):

  ours:   ``python -m workbench migrate diff OLD NEW`` from this checkout, compiled bytecode (the
          PostgreSQL up script on stdout; exit 2 = changes, as ``prisma migrate diff --exit-code``)
  prisma: ``bash ORACLE/ddl.sh NEW --from=OLD`` (Prisma 7's schema engine, Wasm: the migration
          script ``prisma migrate diff --from-schema OLD --to-schema NEW --script`` prints)

Whole-process wall time (spawn to reap), as a user waits for it, and peak RSS; medians and the
ratio ours/prisma (target <= 1; ``--strict`` exits 1 when missed). The load average is printed
before and after: run it on an idle machine.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from _common import (  # noqa: E402
    BenchResult,
    Samples,
    Target,
    alternating,
    checkout_env,
    default_oracle,
    fmt_s,
    load_average,
    our_cli,
    run_timed,
    temp_dir,
    write_result,
)
from bench_check import generate  # noqa: E402


def changed(text: str, share: float) -> str:
    """``text`` (a gen_big_schema schema) with every ``1/share``-th model changed."""
    step = max(1, round(1 / share))
    out = []
    blocks = re.split(r"(?m)^(?=model M\d+ \{)", text)
    extra = []
    for block in blocks:
        m = re.match(r"model M(\d+) \{", block)
        if m and int(m.group(1)) % step == 0:
            i = int(m.group(1))
            block = block.replace("  note      String?\n", "")  # a dropped column
            block = block.replace("  name      String\n", "  name      String   @db.VarChar(200)\n")  # a type change
            block = block.replace(
                "  createdAt DateTime @default(now())\n", "  createdAt DateTime @default(now())\n  rank      Int?\n"
            )
            block = block.replace(
                "  @@index([status, createdAt])\n", "  @@index([status, createdAt])\n  @@index([name])\n"
            )
            extra.append(f"model Extra{i} {{\n  id    Int    @id @default(autoincrement())\n  label String\n}}\n")
        out.append(block)
    return "".join(out) + "\n" + "\n".join(extra)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--models", type=int, default=2000)
    ap.add_argument("--changed", type=float, default=0.1, help="share of models that change (default 0.1)")
    ap.add_argument("--reps", type=int, default=3, help="timed runs of each side (median; default 3)")
    ap.add_argument("--oracle", type=Path, default=default_oracle(), help="the Prisma oracle folder (ddl.sh)")
    ap.add_argument("--keep", type=Path, help="write the schemas here and keep them")
    ap.add_argument("--strict", action="store_true", help="exit 1 when the target (ours <= prisma) is missed")
    ap.add_argument("--json", type=Path, help="write the result (_common.BenchResult) here, for run_all.py")
    args = ap.parse_args(argv)

    folder = args.keep or temp_dir("migrate-diff")
    folder.mkdir(parents=True, exist_ok=True)
    env = checkout_env(folder / "pycache")
    load_before = load_average()
    ddl = args.oracle / "ddl.sh"
    bash = shutil.which("bash")
    commands: dict[str, list[str]] = {}
    skipped = ""
    samples = {"ours": Samples(), "prisma": Samples()}
    try:
        old = generate(args.models, args.oracle if args.oracle.exists() else None, folder)
        new = folder / f"big_{args.models}_changed.prisma"
        new.write_text(changed(old.read_text(encoding="utf-8"), args.changed), encoding="utf-8")
        commands["ours"] = [*our_cli(), "migrate", "diff", str(old), str(new)]
        if ddl.exists() and bash:
            commands["prisma"] = [bash, str(ddl), str(new), f"--from={old}"]
        else:
            skipped = f"no Prisma oracle (ddl.sh) at {args.oracle}; pass --oracle DIR"
        ok_codes = {"ours": (2,), "prisma": (0,)}  # ours: exit 2 = changes found, as prisma migrate diff --exit-code
        # round 0: warm-up (page cache, .pyc files, Wasm compilation), untimed
        for rep, side in alternating(list(commands), args.reps + 1):
            if not samples[side].error:
                r = run_timed(commands[side], env=env, cwd=ROOT)
                samples[side].add(r, rep, ok=ok_codes[side], timed=rep > 0)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    load_after = load_average()

    med = {s: samples[s].median for s in ("ours", "prisma")}
    print(f"migrate diff, {args.models} models, {args.changed:.0%} changed; load average before {load_before:.2f}")
    rows = []
    for side in ("ours", "prisma"):
        status = samples[side].error or (skipped if side == "prisma" and skipped else "")
        if not status:
            status = f"median {fmt_s(med[side])} s, peak {samples[side].peak_mb:.0f} MB"
        print(f"  {side:<7} {status}")
        rows.append([side, fmt_s(med[side]), f"{samples[side].peak_mb:.0f}" if med[side] else "n/a"])
    a, b = med["ours"], med["prisma"]
    ratio = a / b if a is not None and b is not None else None
    target = Target(f"{args.models} models: ours / Prisma's differ, whole process", ratio, 1.0, "<=")
    print(f"  ours / prisma: {fmt_s(ratio, 2)} (target <= 1.00) {'met' if target.met else 'MISSED'}")
    print(f"  load average after {load_after:.2f}")
    notes = [
        f"OLD: {args.models} synthetic models (bench_check's generator); NEW: every {round(1 / args.changed)}th model "
        "changed (a dropped column, a type change, a new column, a new index) and one new model per ten.",
        f"Medians of {args.reps} whole-process runs per side (spawn to reap), alternating which goes first, after "
        "one untimed warm-up; ours runs this checkout with compiled bytecode.",
        "ours: `python -m workbench migrate diff OLD NEW`; prisma: `bash ORACLE/ddl.sh NEW --from=OLD`.",
        *([f"prisma skipped: {skipped}"] if skipped else []),
        *(f"{k} failed: {v.error}" for k, v in samples.items() if v.error),
    ]
    result = BenchResult(
        name="migrate_diff",
        title="`workbench migrate diff` against Prisma Migrate's differ",
        anchor="Prisma 7's schema engine (Wasm): `ddl.sh NEW --from=OLD`, the script `prisma migrate diff "
        "--from-schema OLD --to-schema NEW --script` prints"
        + ("" if not skipped else " (not run here: " + skipped + ")"),
        command=f"python benchmarks/bench_migrate_diff.py --models {args.models} --changed {args.changed:g} "
        f"--reps {args.reps}",
        columns=["side", "median s", "peak MB"],
        rows=[*rows, ["ours / prisma", fmt_s(ratio, 2), ""]],
        targets=[target],
        notes=notes,
        load_before=load_before,
        load_after=load_after,
    )
    write_result(result, args.json)
    if any(v.error for v in samples.values()):
        return 1
    return 1 if args.strict and not target.met else 0


if __name__ == "__main__":
    sys.exit(main())
