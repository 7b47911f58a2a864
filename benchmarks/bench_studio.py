#!/usr/bin/env python3
"""Studio latency: how long after an edit of a 100-model schema the studio shows the new diagnostics
and the new diagram (issue 18 item 5: diagnostics within 100 ms, diagram within 500 ms).

usage: python benchmarks/bench_studio.py [--reps 10] [--warmup 1] [--schemas synthetic,realworld]
                                         [--strict] [--json PATH]

In-process by nature: the studio lives in a Jupyter kernel and an edit is a call into it, so there
is no process to start. The script builds a real ``Studio`` (its ipywidgets, no front end, no
mocks) on each schema and drives its update function directly with ``set_source`` (the debounce
pause the editor waits before calling it is not part of the latency). Each repetition makes six
realistic edits, one after the other, on a different model each time:

  (a) add a field to a model          (b) a typo in that field's type (an error)
  (c) fix the typo                    (d) add a relation between two models (both sides)
  (e) rename a model (and every use)  (f) a comment line only

Times are from the ``set_source`` call to the moment the studio has finished the part in
question (``Studio.timings``): "diagnostics" = status line + diagnostics tab, "diagram" = lint,
mirror and the diagram, "all" = every tab (lint rows, code, changes, explorer). Medians and p90
(nearest rank) over the repetitions. Every edit changes the picture to one not drawn before except
(c) and (f), whose diagram is the one already drawn: the studio's cache by DOT text answers those
without graphviz, as it would for a user. On the first repetition (untimed) the script checks that
each edit left the diagram equal to a from-scratch render and the error count as expected.

Schemas (each ~100 models):
  synthetic: ``bench_check.generate(100)`` (the Prisma oracle's generator, else its built-in copy):
             100 models + 100 enums in a chain, 99 relations.
  realworld: tests/data/seed/realworld trigger.dev (81 models) + linen.dev (24 models, its
             datasource/generator blocks dropped) in one file: 105 models, 61 enums, 201 relations.

Anchor: none (absolute targets). Under load the figures grow: quote the load average with them.
With an older workbench on PYTHONPATH (no ``Studio.timings``) every figure is the whole
``set_source`` time: a before/after comparison runs this script against both checkouts.
"""

from __future__ import annotations

import argparse
import math
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _common import BenchResult, Target, load_average, write_result

ROOT = Path(__file__).resolve().parent.parent
REALWORLD = ROOT / "tests" / "data" / "seed" / "realworld"
DIAGNOSTICS_MS = 100.0
DIAGRAM_MS = 500.0
EDITS = ("add field", "typo (error)", "fix typo", "add relation", "rename model", "comment only")
_CONFIG_BLOCK = re.compile(r"^(datasource|generator)\s+\w+\s*\{.*?^\}\n", re.M | re.S)


def synthetic_schema() -> str:
    from bench_check import DEFAULT_ORACLE, generate

    with tempfile.TemporaryDirectory(prefix="bench-studio-") as tmp:
        oracle = DEFAULT_ORACLE if DEFAULT_ORACLE.is_dir() else None
        return generate(100, oracle, Path(tmp)).read_text(encoding="utf-8")


def realworld_schema() -> str:
    first = (REALWORLD / "triggerdotdev__trigger.dev.prisma").read_text(encoding="utf-8")
    second = (REALWORLD / "Linen-dev__linen.dev.prisma").read_text(encoding="utf-8")
    return first + "\n" + _CONFIG_BLOCK.sub("", second)


# --- the edits ---------------------------------------------------------------------------------------
def _block_start(text: str, model: str) -> int:
    """Offset just after the ``model NAME {`` line."""
    m = re.search(rf"^model\s+{re.escape(model)}\s*\{{[^\n]*\n", text, re.M)
    if m is None:
        raise LookupError(model)
    return m.end()


def _insert(text: str, model: str, lines: str) -> str:
    at = _block_start(text, model)
    return text[:at] + lines + text[at:]


def _id_field(loaded: Any, model: str) -> tuple[str, str, str] | None:
    """(name, type, native-type attribute) of a model's single-field primary key, if it has one."""
    m = loaded.schema.model(model)
    if m is None or m.primary_key is None or len(m.primary_key.field_names) != 1:
        return None
    name = m.primary_key.field_names[0]
    f = next((f for f in m.scalar_fields if f.name == name), None)
    if f is None or f.type_name not in ("String", "Int", "BigInt"):
        return None
    block = _block_start(loaded_text(loaded), model)
    line = re.search(rf"^\s*{re.escape(name)}\s+\S+[^\n]*", loaded_text(loaded)[block:], re.M)
    native = re.search(r"@db\.\w+(\([^)]*\))?", line.group(0)) if line else None
    return name, f.type_name, (" " + native.group(0)) if native else ""


def loaded_text(loaded: Any) -> str:
    return str(next(iter(loaded.sources.values())).text)


@dataclass
class Edit:
    kind: str
    text: str
    errors: int  # expected number of errors after it


def plan(text: str, reps: int) -> list[Edit]:
    """The edits of every repetition, checked (untimed) to load with the expected errors; a model
    whose edit would not load cleanly (a rename clashing with something) is skipped for the next."""
    import workbench as wb

    edits: list[Edit] = []
    used: set[str] = set()
    cursor = 0
    for r in range(reps):
        loaded = wb.load(text=text, name="bench.prisma")
        names = [m.name for m in loaded.schema.models]
        for _attempt in range(len(names)):
            cursor = (cursor + 37) % len(names)  # spread over the schema, deterministic
            x = names[cursor]
            y = names[(cursor + len(names) // 2) % len(names)]
            target = _id_field(loaded, y)
            if x in used or x == y or target is None:
                continue
            rep = _rep_edits(text, r, x, y, target)
            if rep is not None:
                used.add(x)
                edits += rep
                text = rep[-1].text
                break
        else:
            raise RuntimeError(f"no model to edit on repetition {r + 1}")
    return edits


def _rep_edits(text: str, r: int, x: str, y: str, target: tuple[str, str, str]) -> list[Edit] | None:
    import workbench as wb

    added = _insert(text, x, f"  benchNote{r} String?\n")
    typo = added.replace(f"  benchNote{r} String?\n", f"  benchNote{r} Strin?\n", 1)
    id_name, id_type, native = target
    related = _insert(
        _insert(
            added,
            x,
            f"  benchRef{r}Id {id_type}?{native}\n"
            f'  benchRef{r} {y}? @relation("BenchRef{r}", fields: [benchRef{r}Id], references: [{id_name}])\n',
        ),
        y,
        f'  benchBack{r} {x}[] @relation("BenchRef{r}")\n',
    )
    renamed = re.sub(rf"\b{re.escape(x)}\b", f"{x}Renamed{r}", related)
    commented = _insert(renamed, f"{x}Renamed{r}", f"  // reviewed on repetition {r}\n")
    rep = [
        Edit(EDITS[0], added, 0),
        Edit(EDITS[1], typo, 1),
        Edit(EDITS[2], added, 0),
        Edit(EDITS[3], related, 0),
        Edit(EDITS[4], renamed, 0),
        Edit(EDITS[5], commented, 0),
    ]
    for e in rep:
        got = len(wb.load(text=e.text, name="bench.prisma").errors)
        if (got > 0) != (e.errors > 0):
            return None
    return rep


# --- timing ------------------------------------------------------------------------------------------
@dataclass
class Times:
    diagnostics: list[float] = field(default_factory=list)
    diagram: list[float] = field(default_factory=list)
    all: list[float] = field(default_factory=list)


def p90(xs: list[float]) -> float:
    """Nearest-rank 90th percentile."""
    ordered = sorted(xs)
    return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]


def fresh_diagram(st: Any) -> str:
    """The diagram pane as a from-scratch render would fill it (graphviz run, no cache)."""
    from workbench.display import fit_svg

    snap, good = st.snapshot, st.good
    options: dict[str, Any] = {"view": st.view.value}
    if snap.highlight:
        known = {m.name for m in good.loaded.schema.models} | {e.name for e in good.loaded.schema.enums}
        kept = {k: [n for n in v if n.split(".")[0] in known] for k, v in snap.highlight.items()}
        kept = {k: v for k, v in kept.items() if v}
        if kept:
            options["highlight"] = kept
    return f"<div style='overflow:auto'>{fit_svg(str(good.loaded.erd(**options).svg()))}</div>"


def measure(text: str, reps: int, warmup: int) -> tuple[dict[str, Times], float, list[str]]:
    from workbench.notebook.studio import Studio

    edits = plan(text, reps + warmup)
    t0 = time.perf_counter()
    st = Studio(_loaded(text), debounce=0)
    opened = time.perf_counter() - t0
    times = {kind: Times() for kind in EDITS}
    problems: list[str] = []
    for i, edit in enumerate(edits):
        rep = i // len(EDITS)
        t0 = time.perf_counter()
        st.set_source(edit.text)
        end = time.perf_counter()
        marks = getattr(st, "timings", None)
        if rep < warmup:
            continue
        t = times[edit.kind]
        if marks:
            t.diagnostics.append(marks["diagnostics"] - t0)
            t.diagram.append(marks["diagram"] - t0)
            t.all.append(marks["done"] - t0)
        else:  # an older studio without timings: the whole update
            for xs in (t.diagnostics, t.diagram, t.all):
                xs.append(end - t0)
        if rep == warmup:  # check the first timed repetition, untimed
            errors = len(st.snapshot.loaded.errors)
            if (errors > 0) != (edit.errors > 0):
                problems.append(f"{edit.kind}: {errors} errors, expected {edit.errors}")
            if st.diagram.value != fresh_diagram(st):
                problems.append(f"{edit.kind}: the diagram differs from a from-scratch render")
    return times, opened, problems


def _loaded(text: str) -> Any:
    import workbench as wb

    return wb.load(text=text, name="bench.prisma")


def graphviz_version() -> str:
    from workbench.render.graphviz_run import dot_binary, renderer

    binary = dot_binary()
    if binary is None:
        return str(renderer())
    proc = subprocess.run([binary, "-V"], capture_output=True, text=True, check=False)
    return (proc.stderr or proc.stdout).strip()


def ms(x: float) -> str:
    return f"{1000 * x:.0f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, default=10, help="timed repetitions of the six edits (default: %(default)s)")
    ap.add_argument("--warmup", type=int, default=1, help="untimed repetitions first (default: %(default)s)")
    ap.add_argument("--schemas", default="synthetic,realworld", help="which schemas (default: %(default)s)")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    ap.add_argument("--json", type=Path, default=None, help="write the result for the bench runner here")
    args = ap.parse_args(argv)
    builders = {"synthetic": synthetic_schema, "realworld": realworld_schema}
    chosen = [s.strip() for s in args.schemas.split(",") if s.strip()]
    unknown = [s for s in chosen if s not in builders]
    if unknown:
        ap.error(f"unknown schema(s): {', '.join(unknown)}; choose from {', '.join(builders)}")

    load_before = load_average()
    print(f"load average before: {load_before:.2f}; graphviz: {graphviz_version()}")
    rows: list[list[str]] = []
    targets: list[Target] = []
    notes: list[str] = []
    problems_seen = False
    for name in chosen:
        text = builders[name]()
        times, opened, problems = measure(text, args.reps, args.warmup)
        models = len(_loaded(text).schema.models)
        print(f"\n{name}: {models} models, studio opened in {ms(opened)} ms; {args.reps} repetitions")
        print(f"{'edit':<14} {'diag p50':>9} {'p90':>6} {'diagram p50':>12} {'p90':>6} {'all p50':>8} {'p90':>6}  (ms)")
        for kind in EDITS:
            t = times[kind]
            cells = [
                ms(statistics.median(t.diagnostics)),
                ms(p90(t.diagnostics)),
                ms(statistics.median(t.diagram)),
                ms(p90(t.diagram)),
                ms(statistics.median(t.all)),
                ms(p90(t.all)),
            ]
            print(f"{kind:<14} {cells[0]:>9} {cells[1]:>6} {cells[2]:>12} {cells[3]:>6} {cells[4]:>8} {cells[5]:>6}")
            rows.append([f"{name} ({models} models)", kind, *cells])
        worst_diag = max(statistics.median(times[k].diagnostics) for k in EDITS)
        worst_diagram = max(statistics.median(times[k].diagram) for k in EDITS)
        targets += [
            Target(f"{name}: diagnostics p50, slowest edit (ms)", round(1000 * worst_diag, 1), DIAGNOSTICS_MS),
            Target(f"{name}: diagram p50, slowest edit (ms)", round(1000 * worst_diagram, 1), DIAGRAM_MS),
        ]
        problems_seen = problems_seen or bool(problems)
        for p in problems:
            print(f"  PROBLEM: {p}")
            notes.append(f"{name}: {p}")
    load_after = load_average()
    print()
    for target in targets:
        print(f"{target.what}: {target.value} <= {target.limit:.0f}: {'met' if target.met else 'MISSED'}")
    print(f"load average after: {load_after:.2f}")
    notes += [
        "In-process: a real Studio (ipywidgets, no front end) driven by set_source; the debounce pause is excluded.",
        "Times from the set_source call to when the studio finished that part (Studio.timings).",
        f"graphviz: {graphviz_version()}",
    ]
    write_result(
        BenchResult(
            name="bench_studio",
            title="Studio: edit to diagnostics and to diagram, 100-model schemas",
            anchor="none (absolute targets: diagnostics 100 ms, diagram 500 ms)",
            command=shlex.join(["python", "benchmarks/bench_studio.py", *(argv if argv is not None else sys.argv[1:])]),
            columns=["schema", "edit", "diagnostics p50 ms", "p90", "diagram p50 ms", "p90", "all tabs p50 ms", "p90"],
            rows=rows,
            targets=targets,
            notes=notes,
            load_before=load_before,
            load_after=load_after,
        ),
        args.json,
    )
    failed = any(not t.met for t in targets) if args.strict else False
    return 1 if problems_seen or failed else 0


if __name__ == "__main__":
    sys.exit(main())
