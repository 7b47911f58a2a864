#!/usr/bin/env python3
"""Compare the Prisma loader's verdicts with Prisma 7's own validator on generated mutants.

    .venv/bin/python tools/fuzz_prisma_oracle.py                 # 300 mutants, seed 12
    .venv/bin/python tools/fuzz_prisma_oracle.py -n 1000 --seed 7 --keep /tmp/mutants --show 20

N mutants are made deterministically (``random.Random(seed)``) from the suite's schemas: lines
deleted, duplicated or swapped, text truncated, tokens inserted (brackets, quotes, attributes,
comments, escapes, odd Unicode), brackets nested. Each is checked by ``load_prisma`` and by
Prisma's validator (``validate()`` and ``lint()`` of ``@prisma/prisma-schema-wasm``, driven in
one Node process by ``tools/prisma_validate_batch.mjs`` through the oracle's ``_lib.mjs``), and
the two are compared on:

* the verdict: valid or invalid (warnings ignored on both sides);
* the error lines: the set of lines holding an error.

Every mismatch is printed (``--show`` limits how many in full) with the mutant's path (kept with
``--keep DIR``), then a summary by kind. Prisma crashes on very deep nesting ("Maximum call stack
size exceeded"); such mutants are counted apart (the loader must report an error there, and that is
checked).

The oracle is ``../shared/prisma-oracle`` from the repository root (or ``--oracle DIR`` /
``$PRISMA_ORACLE``) with its npm packages installed in ``$PRISMA_ORACLE_HOME`` (default
``/tmp/prisma-oracle``; see the oracle's README). Without it, or without ``node``, the script says
so and exits 0: the test suite never needs it. Exit 1 with ``--strict`` when anything mismatches.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workbench.loaders.prisma import load_prisma  # noqa: E402

SEED_GLOBS = (
    "sample_schemas/*.prisma",
    "tests/data/dmmf/*.prisma",
    "tests/data/ddl/*.prisma",
    "tests/data/format/*.prisma",
    "tests/data/invalid/*.prisma",
    "tests/data/lint/*.prisma",
)
TOKENS = [
    *'()[]{}"@,:=?!.;-*/\\',
    "@@",
    "//",
    "///",
    "/*",
    "*/",
    "/**",
    "\n",
    "\r\n",
    "\t",
    "\u00a0",
    "é",
    "\U0001f600",
    '"\\ud800"',
    '"\\q"',
    '"unterminated',
    "model",
    "enum",
    "model X {",
    "}",
    "@id",
    "@unique",
    "@default(",
    "@default(now())",
    "@relation(",
    "@map(",
    '@map("x")',
    "@@index(",
    "@@index(id)",
    '@@map("x")',
    "@db.VarChar(",
    "String",
    "Int?",
    "0",
    "-1",
    "1.5",
    "/* c */",
    "/* a\n b */",
]
# Prisma 7 rejects `url = ...` in a datasource (it moved to prisma.config.ts); our loader accepts it
# (Prisma 6 schemas are still the common case). Blank it in the seeds, as the oracle's --strip-url does.
_URL_LINE = re.compile(r"^[ \t]*(url|directUrl|shadowDatabaseUrl)\s*=[^\n]*$", re.M)


def _strip_urls(text: str) -> str:
    return _URL_LINE.sub(lambda m: " " * len(m.group()), text)


def seeds() -> list[str]:
    texts = {
        _strip_urls(p.read_text(encoding="utf-8"))
        for pattern in SEED_GLOBS
        for p in sorted(ROOT.glob(pattern))
        if "\r" not in p.read_text(encoding="utf-8")  # keep line numbers unambiguous
    }
    return sorted(texts)


def mutate(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 4)):
        lines = text.split("\n")
        op = rng.choice(["delete", "duplicate", "swap", "insert", "insert", "insert", "truncate", "nest"])
        i = rng.randrange(len(lines)) if lines else 0
        pos = rng.randint(0, len(text))
        if op == "delete" and lines:
            del lines[i]
            text = "\n".join(lines)
        elif op == "duplicate" and lines:
            lines.insert(i, lines[i])
            text = "\n".join(lines)
        elif op == "swap" and len(lines) > 1:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        elif op == "insert":
            text = text[:pos] + rng.choice(TOKENS) + text[pos:]
        elif op == "truncate":
            text = text[: max(pos, len(text) // 2)]
        else:
            depth = rng.choice([2, 5, 40, 70, 200, 1500])
            opener = rng.choice(["f(", "["])
            inner = "1" + (")" if opener == "f(" else "]") * depth if rng.random() < 0.7 else ""
            text = text[:pos] + opener * depth + inner + text[pos:]
    return text


@dataclass
class Outcome:
    valid: bool
    lines: set[int]
    messages: dict[int, str] = field(default_factory=dict)
    crash: str | None = None


def ours(path: Path) -> Outcome:
    r = load_prisma(path)
    errors = [d for d in r.diagnostics if d.is_error and d.span is not None]
    return Outcome(r.ok, {d.span.line for d in errors if d.span}, {d.span.line: d.headline() for d in errors if d.span})


def prisma(oracle: Path, paths: list[Path], work: Path) -> dict[str, Outcome]:
    """Prisma's outcome per mutant; the batch process is restarted after a Wasm crash."""
    results: dict[str, Outcome] = {}
    todo = list(paths)
    while todo:
        listing = work / "list.txt"
        out = work / "out.jsonl"
        listing.write_text("\n".join(str(p) for p in todo) + "\n", encoding="utf-8")
        out.unlink(missing_ok=True)
        subprocess.run(
            ["node", str(ROOT / "tools/prisma_validate_batch.mjs"), str(oracle), str(listing), str(out)],
            check=False,
            capture_output=True,
            timeout=600,
        )
        done = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] if out.exists() else []
        for rec in done:
            if "crash" in rec:
                results[rec["file"]] = Outcome(False, set(), crash=rec["crash"])
            else:
                results[rec["file"]] = Outcome(
                    rec["valid"],
                    {e["line"] for e in rec["errors"]},
                    {e["line"]: e["text"] for e in rec["errors"]},
                )
        if not done:
            raise RuntimeError("the Prisma batch validator produced no output")
        todo = todo[len(done) :]
    return results


def oracle_problem(oracle: Path) -> str | None:
    if shutil.which("node") is None:
        return "node is not installed"
    if not (oracle / "validate.mjs").exists() or not (oracle / "_lib.mjs").exists():
        return f"no Prisma oracle at {oracle} (validate.mjs, _lib.mjs)"
    home = Path(os.environ.get("PRISMA_ORACLE_HOME", "/tmp/prisma-oracle"))
    if not (home / "node_modules/@prisma/prisma-schema-wasm").exists():
        return f"the oracle's npm packages are not installed in {home} (run the oracle's setup.sh)"
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("-n", type=int, default=300, help="number of mutants (default 300)")
    ap.add_argument("--seed", type=int, default=12, help="random seed (default 12)")
    default_oracle = Path(os.environ.get("PRISMA_ORACLE", ROOT.parent / "shared/prisma-oracle"))
    ap.add_argument("--oracle", type=Path, default=default_oracle, help="default: ../shared/prisma-oracle")
    ap.add_argument("--keep", type=Path, help="write the mutants here (default: a temporary folder, removed)")
    ap.add_argument("--show", type=int, default=10, help="mismatches shown in full (default 10)")
    ap.add_argument("--strict", action="store_true", help="exit 1 when any mutant mismatches")
    args = ap.parse_args(argv)

    problem = oracle_problem(args.oracle)
    if problem is not None:
        print(f"fuzz_prisma_oracle: skipped: {problem}.")
        return 0
    rng = random.Random(args.seed)
    corpus = seeds()
    work = Path(tempfile.mkdtemp(prefix="fuzz-prisma-"))
    folder = args.keep or work / "mutants"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        paths = []
        for k in range(args.n):
            p = folder / f"mutant_{k:05d}.prisma"
            p.write_text(mutate(rng, rng.choice(corpus)), encoding="utf-8")
            paths.append(p)
        theirs = prisma(args.oracle, paths, work)
        kinds: Counter[str] = Counter()
        shown = 0
        for p in paths:
            o, t = ours(p), theirs[str(p)]
            if t.crash is not None:
                kinds["prisma crashed, ours reports an error" if not o.valid else "prisma crashed, OURS ACCEPTS"] += 1
                continue
            if o.valid and t.valid:
                kinds["agree: valid"] += 1
                continue
            if o.valid != t.valid:
                kind = "MISMATCH: we accept, Prisma rejects" if o.valid else "MISMATCH: we reject, Prisma accepts"
            elif o.lines != t.lines:
                kind = "MISMATCH: both reject, different error lines"
            else:
                kinds["agree: invalid, same error lines"] += 1
                continue
            kinds[kind] += 1
            if shown < args.show:
                shown += 1
                print(f"\n{kind}: {p}")
                for line in sorted(t.lines | o.lines):
                    print(f"  line {line}: prisma: {t.messages.get(line, '-')[:150]}")
                    print(f"  line {line}: ours:   {o.messages.get(line, '-')[:150]}")
        print(f"\n{args.n} mutants (seed {args.seed}) from {len(corpus)} seed schemas:")
        for kind, count in sorted(kinds.items()):
            print(f"  {count:5d}  {kind}")
        mismatches = sum(c for k, c in kinds.items() if k.startswith("MISMATCH") or "OURS ACCEPTS" in k)
        print(f"  {args.n - mismatches:5d}  agree in total ({100 * (args.n - mismatches) / max(args.n, 1):.1f}%)")
        return 1 if args.strict and mismatches else 0
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
