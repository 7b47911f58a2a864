#!/usr/bin/env python3
"""Time ER diagrams of big generated schemas: our generation vs graphviz's layout, and plain dot.

For 100, 500 and 2000 models (``gen_big_schema.py`` from the Prisma oracle, else the built-in copy
in ``bench_check.py``) it loads the schema once, then, ``--reps`` times each (median reported):

* ``gen``: content + DOT text for the whole schema (``s.erd()`` defaults: model view, all columns);
* ``render``: ``dot -Tsvg`` of that DOT (HTML-table nodes with a port per column);
* ``total``: gen + render, what a user waits for after loading (target: 500 tables < 3 s);
* ``plain dot``: ``dot -Tsvg`` of a minimal DOT of the same graph (each table a plain box, the same
  edges, no ports), the floor any graphviz-based diagram pays; ``ratio`` = total / plain dot.

    .venv/bin/python benchmarks/bench_erd.py [--sizes 100 500 2000] [--reps 3] [--oracle DIR]

``--strict`` exits 1 when the 500-model target is missed. Run on an idle machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_check import generate  # noqa: E402  (same folder: the schema generator with its fallback)

TARGET_N, TARGET_S = 500, 3.0


def plain_dot(content) -> str:  # type: ignore[no-untyped-def]
    """The same nodes and edges as plain boxes: the reference graphviz cost without our labels."""
    from workbench.render.dot import quote

    lines = ["digraph plain {", "  graph [rankdir=LR];", "  node [shape=box];"]
    lines += [f"  {quote(t.id)};" for t in content.tables]
    lines += [f"  {quote(e.target)} -> {quote(e.source)};" for e in content.edges]
    lines.append("}")
    return "\n".join(lines) + "\n"


def timed(fn, reps: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(reps):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 500, 2000])
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--oracle", type=Path, default=ROOT.parent / "shared" / "prisma-oracle")
    ap.add_argument("--keep", type=Path, help="keep the generated schemas and SVGs in this folder")
    ap.add_argument("--strict", action="store_true", help="exit 1 when the 500-model target is missed")
    args = ap.parse_args(argv)

    import workbench as wb
    from workbench.render import erd, renderer
    from workbench.render.graphviz_run import render

    if renderer() != "dot":
        print(f"bench_erd: needs graphviz's dot binary (renderer here: {renderer()})", file=sys.stderr)
        return 1
    oracle = args.oracle if (args.oracle / "gen_big_schema.py").exists() else None
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench_erd_"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"schemas: {oracle / 'gen_big_schema.py' if oracle else 'built-in copy of gen_big_schema.py'} -> {work}")
    print(f"median of {args.reps} runs; seconds\n")
    header = ("models", "load", "gen", "render", "total", "plain dot", "ratio", "SVG MB")
    print("  ".join(f"{h:>9}" for h in header))
    missed = False
    for n in args.sizes:
        path = generate(n, oracle, work)
        t0 = time.perf_counter()
        s = wb.load(path)
        load_s = time.perf_counter() - t0
        gen_s, source = timed(lambda: erd(s.schema).source, args.reps)  # noqa: B023
        render_s, svg = timed(lambda: render(source), args.reps)  # noqa: B023
        plain = plain_dot(erd(s.schema, columns="none").content)
        plain_s, _ = timed(lambda: render(plain), args.reps)  # noqa: B023
        total = gen_s + render_s
        if args.keep:
            (work / f"erd_{n}.svg").write_bytes(svg)  # type: ignore[arg-type]
        row = (n, load_s, gen_s, render_s, total, plain_s, total / plain_s, len(svg) / 1e6)  # type: ignore[arg-type]
        print("  ".join(f"{v:>9}" if isinstance(v, int) else f"{v:>9.3f}" for v in row))
        if n == TARGET_N and total >= TARGET_S:
            missed = True
    if TARGET_N in args.sizes:
        print(f"\ntarget: {TARGET_N} models rendered to SVG (gen + render) < {TARGET_S:.0f} s: "
              f"{'MISSED' if missed else 'met'}")  # fmt: skip
    return 1 if (missed and args.strict) else 0


if __name__ == "__main__":
    raise SystemExit(main())
