#!/usr/bin/env python3
"""Time whole-process `workbench migrate diff OLD NEW` against Prisma Migrate's own differ.

usage: python benchmarks/bench_migrate_diff.py [--models 2000] [--changed 0.1] [--reps 5]
                                               [--oracle DIR] [--workbench CMD] [--keep DIR] [--strict]

OLD is the synthetic schema of ``bench_check.py`` (the oracle's ``gen_big_schema.py``) with
``--models`` models; NEW changes ``--changed`` of its models (10%: every tenth model gets a new
optional column, a dropped column, a type change, a new index, and one new model per ten). Then,
alternating the order on every repetition (one untimed warm-up each):

  ours:   ``workbench migrate diff OLD NEW`` (the PostgreSQL up script on stdout; exit 2 = changes)
  prisma: ``bash ORACLE/ddl.sh NEW --from=OLD`` (Prisma 7's schema engine, Wasm: the migration
          script ``prisma migrate diff --from-schema OLD --to-schema NEW --script`` prints)

Whole-process wall time, as a user waits for it; medians and the ratio ours/prisma (target <= 1).
Quote the machine's load with the figures: it is shared and noisy.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_check import DEFAULT_ORACLE, Side, fmt, generate, our_command, run_child


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
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--oracle", type=Path, default=DEFAULT_ORACLE)
    ap.add_argument("--workbench", help="our command (default: .venv/bin/workbench)")
    ap.add_argument("--keep", type=Path, help="write the schemas here and keep them")
    ap.add_argument("--strict", action="store_true", help="exit 1 when the target (ours <= prisma) is missed")
    args = ap.parse_args(argv)

    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-migrate-"))
    folder.mkdir(parents=True, exist_ok=True)
    old = generate(args.models, args.oracle if args.oracle.exists() else None, folder)
    new = folder / f"big_{args.models}_changed.prisma"
    new.write_text(changed(old.read_text(encoding="utf-8"), args.changed), encoding="utf-8")

    ours = Side("ours", [*our_command(args.workbench), "migrate", "diff", str(old), str(new)])
    ddl = args.oracle / "ddl.sh"
    bash = shutil.which("bash")
    prisma = (
        Side("prisma", [bash, str(ddl), str(new), f"--from={old}"])
        if ddl.exists() and bash
        else Side("prisma", None, f"no Prisma oracle (ddl.sh) at {args.oracle}; pass --oracle DIR")
    )
    sides = [ours, prisma]
    ok_codes = {"ours": (2,), "prisma": (0,)}  # ours: exit 2 = changes found, as prisma migrate diff --exit-code
    live = [s for s in sides if s.argv is not None]
    for s in live:  # warm-up (page cache, .pyc files, Wasm compilation cache)
        r = run_child(s.argv or [])
        if r.exit_code not in ok_codes[s.name]:
            s.error = f"exit {r.exit_code}: {(r.stderr.strip().splitlines() or ['(no output)'])[-1][:200]}"
    live = [s for s in live if not s.error]
    for rep in range(args.reps):
        for s in live if rep % 2 == 0 else list(reversed(live)):
            r = run_child(s.argv or [])
            if r.exit_code not in ok_codes[s.name]:
                s.error = f"exit {r.exit_code} on repetition {rep + 1}"
                continue
            s.times.append(r.seconds)
            s.rss_mb.append(r.rss_mb)
    load = os.getloadavg()
    print(f"migrate diff, {args.models} models, {args.changed:.0%} changed; load average {load[0]:.2f} {load[1]:.2f}")
    for s in sides:
        status = s.reason or s.error or f"median {fmt(s.median(), '.3f')} s, peak {fmt(s.peak_mb(), '.0f')} MB"
        print(f"  {s.name:<7} {status}")
    a, b = ours.median(), prisma.median()
    if a is None or b is None:
        print("  ratio n/a")
        return 1 if args.strict else 0
    ratio = a / b
    print(f"  ours / prisma: {ratio:.2f} (target <= 1.00) {'met' if ratio <= 1 else 'MISSED'}")
    return 1 if args.strict and ratio > 1 else 0


if __name__ == "__main__":
    sys.exit(main())
