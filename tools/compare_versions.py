"""Compare what two versions of workbench make of every Prisma schema the repository holds.

    .venv/bin/python tools/compare_versions.py OLD_REV              # OLD_REV against this tree
    .venv/bin/python tools/compare_versions.py --old-tree A --new-tree B
    .venv/bin/python tools/compare_versions.py OLD_REV --aspects ir,lint --show 3

Why: a change made for speed (issue 18) must not change behaviour. The test suite checks goldens;
this checks everything else the suite does not pin, on every ``.prisma`` file under ``tests/data``
and ``sample_schemas`` (valid and invalid ones), in each tree's own code and the same Python:

* ``check``: ``workbench check FILE`` and ``--json``: exit code, stdout, stderr;
* ``ir``: ``repr`` of the IR (``workbench.load(FILE).schema``), or the error it raises;
* ``lint``: ``workbench lint FILE``, ``--json``, ``--diff --unsafe-fixes``;
* ``format``: ``workbench format FILE``;
* ``export``: every code target's files (``LoadedSchema.export``) and the SQL DDL, for schemas
  that load without errors.

Each tree runs in its own process (``PYTHONPATH`` = that tree) on this repository's files, from
this repository's folder (relative paths print alike). The report counts, per aspect, the outputs
compared and those that differ, and names the first differing files (``--show``). Exit 1 when
anything differs. An OLD_REV is checked out into a temporary ``git worktree``, removed at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASPECTS = ("check", "ir", "lint", "format", "export")
SCHEMAS = ("tests/data/**/*.prisma", "sample_schemas/**/*.prisma")

# Runs inside each tree's process: reads the file list and aspects from argv, writes JSON to stdout.
_DUMPER = r"""
import contextlib, hashlib, io, json, sys

def digest(text):
    return text if len(text) <= 400 else "sha256:" + hashlib.sha256(text.encode()).hexdigest()

def cli(argv):
    from workbench.cli.main import main
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as e:
            code = e.code
    return f"exit {code}\n--- stdout\n{out.getvalue()}--- stderr\n{err.getvalue()}"

def ir(path):
    import workbench
    try:
        return repr(workbench.load(path).schema)
    except Exception as e:  # the error is part of the behaviour
        return f"{type(e).__name__}: {e}"

def export(path):
    import workbench
    from workbench.emit.registry import TARGETS
    try:
        s = workbench.load(path)
    except Exception as e:
        return {"load": f"{type(e).__name__}: {e}"}
    if any(d.is_error for d in s.diagnostics):
        return {}
    found = {}
    for target in sorted(TARGETS):
        try:
            files = s.export(target)
            found[target] = "".join(f"== {f.path}\n{f.content}" for f in files.files)
        except Exception as e:
            found[target] = f"{type(e).__name__}: {e}"
    try:
        found["sql"] = str(s.to_sql("postgres"))
    except Exception as e:
        found["sql"] = f"{type(e).__name__}: {e}"
    return found

import os, workbench
tree, files, aspects = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3].split(",")
if not os.path.realpath(workbench.__file__).startswith(os.path.realpath(tree) + os.sep):
    sys.exit(f"imported {workbench.__file__}, not the tree's own code under {tree}")
result = {}
for path in files:
    r = {}
    if "check" in aspects:
        r["check"] = digest(cli(["check", path]))
        r["check --json"] = digest(cli(["check", path, "--json"]))
    if "ir" in aspects:
        r["ir"] = digest(ir(path))
    if "lint" in aspects:
        r["lint"] = digest(cli(["lint", path]))
        r["lint --json"] = digest(cli(["lint", path, "--json"]))
        r["lint --diff --unsafe-fixes"] = digest(cli(["lint", path, "--diff", "--unsafe-fixes"]))
    if "format" in aspects:
        r["format"] = digest(cli(["format", path]))
    if "export" in aspects:
        for target, text in export(path).items():
            r["export " + target] = digest(text)
    result[path] = r
sys.stdout.write(json.dumps(result))
"""


def schemas(tree: Path, patterns: list[str]) -> list[str]:
    """The .prisma files under ``tree`` matching ``patterns``, sorted (the inputs of both runs)."""
    return sorted({str(p) for pattern in patterns for p in tree.glob(pattern)})


def dump(tree: Path, files: list[str], aspects: list[str], cwd: Path) -> dict[str, dict[str, str]]:
    """Run the dumper with ``tree``'s code; its JSON result. ``-P``: the current folder (this
    repository) must not come before ``PYTHONPATH``, or both runs would import this tree's code."""
    env = {**os.environ, "PYTHONPATH": str(tree), "COLUMNS": "120", "NO_COLOR": "1"}
    env.pop("PYTHONSTARTUP", None)
    with tempfile.TemporaryFile("w+") as out:
        proc = subprocess.run(
            [sys.executable, "-P", "-c", _DUMPER, str(tree), json.dumps(files), ",".join(aspects)],
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=cwd,
            check=False,
        )
        if proc.returncode != 0:
            raise SystemExit(f"compare_versions: the run in {tree} failed:\n{proc.stderr[-3000:]}")
        out.seek(0)
        result: dict[str, dict[str, str]] = json.load(out)
        return result


def compare(old: dict[str, dict[str, str]], new: dict[str, dict[str, str]]) -> dict[str, tuple[int, list[str]]]:
    """Per output kind: how many were compared, and the files where they differ."""
    table: dict[str, tuple[int, list[str]]] = {}
    for path in sorted(set(old) | set(new)):
        a, b = old.get(path, {}), new.get(path, {})
        for kind in sorted(set(a) | set(b)):
            compared, differing = table.get(kind, (0, []))
            if a.get(kind) != b.get(kind):
                differing.append(path)
            table[kind] = (compared + 1, differing)
    return table


def _worktree(rev: str, into: Path) -> Path:
    path = into / "old"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(path), rev], check=True)
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("old_rev", nargs="?", help="a git revision to compare against (checked out temporarily)")
    ap.add_argument("--old-tree", type=Path, help="an existing checkout to compare against instead")
    ap.add_argument("--new-tree", type=Path, default=ROOT, help="the tree under test (default: this one)")
    ap.add_argument("--aspects", default=",".join(ASPECTS), help="comma-separated, of: " + ", ".join(ASPECTS))
    ap.add_argument(
        "--files",
        action="append",
        help=f"glob under the repository, repeatable (default: {' and '.join(SCHEMAS)})",
    )
    ap.add_argument("--show", type=int, default=5, help="differing files named per output kind")
    a = ap.parse_args(argv)
    if (a.old_rev is None) == (a.old_tree is None):
        ap.error("give OLD_REV or --old-tree (one of them)")
    aspects = [x for x in a.aspects.split(",") if x]
    unknown = sorted(set(aspects) - set(ASPECTS))
    if unknown:
        ap.error(f"unknown aspect {', '.join(unknown)}; use {', '.join(ASPECTS)}")
    new_tree = a.new_tree.resolve()
    patterns = a.files or list(SCHEMAS)
    files = schemas(ROOT, patterns)
    if not files:
        raise SystemExit(f"compare_versions: no file under {ROOT} matches {', '.join(patterns)}")
    with tempfile.TemporaryDirectory(prefix="workbench-compare-") as tmp:
        old_tree = a.old_tree.resolve() if a.old_tree else _worktree(a.old_rev, Path(tmp))
        try:
            old = dump(old_tree, files, aspects, ROOT)
            new = dump(new_tree, files, aspects, ROOT)
        finally:
            if a.old_tree is None:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old_tree)], check=False)
    table = compare(old, new)
    print(f"old: {a.old_rev or old_tree}  new: {new_tree}")
    print(f"{len(files)} schema files ({', '.join(patterns)}); aspects: {', '.join(aspects)}\n")
    width = max((len(k) for k in table), default=4)
    total = 0
    for kind, (compared, differing) in table.items():
        total += len(differing)
        print(f"{kind:<{width}}  {compared:4d} compared  {len(differing):4d} differ")
        for path in differing[: a.show]:
            print(f"{'':<{width}}    {os.path.relpath(path, ROOT)}")
    print(f"\n{'no differences' if not total else f'{total} outputs differ'}")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
