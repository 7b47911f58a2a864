"""``workbench lint SCHEMA [--json] [--select CODES] [--ignore CODES] [--dialect D] [--fix]``.

Exit codes: 0 no lint errors (warnings and hints are printed but do not fail), 1 lint errors
remain or the schema does not load, 2 usage errors. ``--fix`` writes the machine-applicable fixes
back to the schema files (atomically) and reports what is left.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from workbench.diagnostics import UserError, render_text


def add_lint_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:  # type: ignore[type-arg]
    p = sub.add_parser("lint", help="best-practice lint: keys, audit fields, indexes, naming, types, relations")
    p.add_argument("schema", help="a .prisma file or a folder of them")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--select", default="", help="comma-separated rule codes, prefixes (WB3), names or families")
    p.add_argument("--ignore", default="", help="comma-separated rules to skip")
    p.add_argument("--dialect", choices=("postgres", "duckdb", "sqlite"), help="target (default: the provider's)")
    p.add_argument("--fix", action="store_true", help="apply the machine-applicable fixes to the files")
    p.set_defaults(func=run_lint)
    return p


def run_lint(args: argparse.Namespace) -> int:
    import workbench as wb
    from workbench.fsio import write_atomic
    from workbench.lint import find_config, lint

    s = wb.load(args.schema)
    if not s.ok:
        print(render_text(s.errors, s.sources), file=sys.stderr)
        return 1
    config = find_config(args.schema).with_selection(_split(args.select), _split(args.ignore))
    report = lint(s.schema, dialect=args.dialect, config=config, sources=s.sources)
    if args.fix:
        for _ in range(5):  # fixes on the same line land in later rounds
            fixed = report.fixed_sources(format=True)
            if not fixed:
                break
            for path, text in fixed.items():
                write_atomic(path, text)
            s = wb.load(args.schema)
            if not s.ok:
                print(render_text(s.errors, s.sources), file=sys.stderr)
                return 1
            report = lint(s.schema, dialect=args.dialect, config=config, sources=s.sources)
    if args.json:
        print(json.dumps(report.to_json(), indent=2))
    else:
        print(report.text())
    return 0 if report.ok else 1


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(",") if v.strip())


def main_lint(argv: Sequence[str] | None = None) -> int:
    """``workbench lint ...`` (the main CLI hands its arguments here, so importing the lint rules
    costs nothing on other commands); also ``python -m workbench.lint.cli``."""
    parser = argparse.ArgumentParser(prog="workbench")
    add_lint_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["lint", *(sys.argv[1:] if argv is None else argv)])
    try:
        return int(args.func(args))
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main_lint())
