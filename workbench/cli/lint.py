"""``workbench lint SCHEMA [--json] [--select CODES] [--ignore CODES] [--dialect D]
[--fix] [--unsafe-fixes] [--diff]``.

Fixing follows ruff: ``--fix`` applies the safe fixes only (nothing that changes the database or
the client API); ``--unsafe-fixes`` adds the unsafe ones; ``--diff`` prints what would change as a
unified diff and writes nothing. Every applied fix is listed, then what remains, then a summary
("applied N fixes; M more fixes available with --unsafe-fixes"). The result is re-checked in
memory before anything is written: a fix whose result would not load is not applied.

Exit codes: 0 no lint errors (warnings and hints are printed but do not fail), 1 lint errors
remain, the schema does not load, a fix was withheld, or ``--diff`` has changes to show (as
``ruff format --diff`` and ``gofmt -d`` do, so CI can call it), 2 usage errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING

from workbench.cli.common import ENGINES, add_command, exit_codes, schema_argument, schema_path
from workbench.collector import collector_paused
from workbench.diagnostics import SourceFile, UserError, render_text

if TYPE_CHECKING:
    from workbench.cli.common import Subparsers
    from workbench.ir import Schema
    from workbench.lint.config import LintConfig
    from workbench.lint.findings import Finding
    from workbench.lint.fixer import FixOutcome
    from workbench.lint.report import LintReport

PURPOSE = "best-practice lint: keys, audit fields, indexes, naming, types, relations"
EXIT_1 = (
    "lint errors remain (warnings and hints do not fail), the schema does not load,\n"
    "     a fix was withheld, or --diff has changes to show"
)
EPILOG = f"""\
examples:
  workbench lint sample_schemas/blog.prisma
  workbench lint prisma/ --select WB3 --ignore WB301 --json
  workbench lint prisma/ --fix --unsafe-fixes --diff

{exit_codes(EXIT_1)}
"""


def register(sub: Subparsers) -> argparse.ArgumentParser:
    p = add_command(sub, "lint", PURPOSE, "Lint a Prisma schema for best practices, and fix what can be fixed.", EPILOG)
    schema_argument(p, "a .prisma file or a folder of them")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--select", default="", help="comma-separated rule codes, prefixes (WB3), names or families")
    p.add_argument("--ignore", default="", help="comma-separated rules to skip")
    p.add_argument("--dialect", choices=ENGINES, help="target (default: the provider's)")
    p.add_argument("--fix", action="store_true", help="apply the safe fixes to the files (and list them)")
    p.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="with --fix or --diff: also apply the unsafe fixes (renames, type, nullability, key and index changes)",
    )
    p.add_argument("--diff", action="store_true", help="print the fixes as a unified diff instead of writing them")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    """Lint (or fix); the lint rules are imported here, so other commands do not pay for them (and
    the fixer only when fixing: a plain lint never writes)."""
    write_errors: tuple[type[Exception], ...] = ()
    if args.fix or args.diff:
        from workbench.lint.fixer import FixWriteError

        write_errors = (FixWriteError,)
    # A one-shot command over a big, acyclic object graph (the schema, its findings): the cyclic GC
    # would rescan it for nothing while the report is rendered (a quarter of lint's time on 5,000
    # models). The loader and lint() pause it for the same reason; here it covers the output too.
    # `collector_paused`, not a bare disable/enable: re-enabled with the whole graph still in the
    # youngest generation, the next allocation on the way to the exit scanned all of it (0.2 s).
    args.schema = schema_path(args.schema)  # before the handlers below: "no schema" is a usage error
    with collector_paused():
        try:
            return _lint(args)
        except write_errors as exc:  # the fixes were fine, the disk was not: nothing was changed
            print(f"error: {exc}", file=sys.stderr)
            return 1
        except UserError as exc:  # bad options, a bad lint config
            print(f"error: {exc}", file=sys.stderr)
            return 2


def _lint(args: argparse.Namespace) -> int:
    import workbench as wb
    from workbench.lint import find_config, lint

    if args.diff and args.json:
        raise UserError("--diff and --json cannot be combined (the diff is text)")
    s = wb.load(args.schema)
    if not s.ok:
        print(render_text(s.errors, s.sources), file=sys.stderr)
        return 1
    config = find_config(args.schema).with_selection(_split(args.select), _split(args.ignore))
    if args.fix or args.diff:
        return _fix(args, s.schema, s.sources, config)
    report = lint(s.schema, dialect=args.dialect, config=config, sources=s.sources)
    if args.json:
        print(json.dumps(report.to_json(), indent=2))
    else:
        print(report.text(unsafe=args.unsafe_fixes))
    return 0 if report.ok else 1


def _fix(args: argparse.Namespace, schema: Schema, sources: Mapping[str, SourceFile], config: LintConfig) -> int:
    from workbench.lint.fixer import fix_sources, write_fixed

    outcome = fix_sources(schema, sources, dialect=args.dialect, config=config, unsafe=args.unsafe_fixes)
    report = outcome.report
    if args.diff:
        sys.stdout.write(outcome.diff())
        n = len(outcome.applied)
        print(f"lint: would apply {_count(n, 'fix', 'fixes')}{_more(report, args.unsafe_fixes)}", file=sys.stderr)
        _withheld(outcome)
        return 1 if outcome.changed or outcome.withheld or not report.ok else 0
    written = write_fixed(outcome) if outcome.changed else []
    if args.json:
        data = report.to_json()
        data["applied"] = [_applied_json(f) for f in outcome.applied]
        data["written"] = written
        data["withheld"] = [_applied_json(f) for f in outcome.withheld]
        print(json.dumps(data, indent=2))
    else:
        lines = [f"fixed {_where(f)} {f.code} {f.fix.description if f.fix else ''}" for f in outcome.applied]
        if report.findings:
            lines += [""] if lines else []
            lines.append(report.rendered())
        head = f"applied {_count(len(outcome.applied), 'fix', 'fixes')}"
        rest = f"{report.summary()} remain" if report.findings else "no findings remain"
        lines += ["", f"lint: {head}; {rest}{_more(report, args.unsafe_fixes)}"]
        print("\n".join(lines).lstrip("\n"))
    _withheld(outcome)
    return 1 if outcome.withheld or not report.ok else 0


def _withheld(outcome: FixOutcome) -> None:
    if not outcome.withheld:
        return
    first = outcome.errors[0].headline() if outcome.errors else "it does not load"
    print(
        f"error: lint --fix: {_count(len(outcome.withheld), 'fix', 'fixes')} not applied: "
        f"the schema would not load ({first}); please report this lint bug",
        file=sys.stderr,
    )


def _more(report: LintReport, unsafe: bool) -> str:
    from workbench.lint.findings import Applicability

    n = report.fixable()
    parts = []
    if not unsafe and n[Applicability.UNSAFE]:
        parts.append(f"{_count(n[Applicability.UNSAFE], 'more fix', 'more fixes')} available with --unsafe-fixes")
    if n[Applicability.DISPLAY_ONLY]:
        parts.append(f"{_count(n[Applicability.DISPLAY_ONLY], 'suggested fix', 'suggested fixes')} to apply by hand")
    return "".join(f"; {p}" for p in parts)


def _where(f: Finding) -> str:
    return f.diagnostic.location


def _applied_json(f: Finding) -> dict[str, object]:
    return {
        "code": f.code,
        "rule": f.rule,
        "location": f.diagnostic.location,
        "description": f.fix.description if f.fix else None,
        "applicability": f.fix.applicability.value if f.fix else None,
    }


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(",") if v.strip())
