"""The ``workbench`` command: a thin shell over the facade.

Exit codes: 0 success, 1 the input has errors (all diagnostics printed, located), 2 usage errors.
Files are written atomically (a temp file renamed into place), so a failed run never leaves a
half-written or truncated output behind.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from workbench.diagnostics import Diagnostic, UserError, render_text

DIALECTS = ("postgres", "duckdb", "sqlite")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="workbench", description="Design database schemas: check, export, pull.")
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="validate a Prisma schema (file or folder) and print its diagnostics")
    check.add_argument("schema", help="a .prisma file or a folder of them")
    check.add_argument("--json", action="store_true", help="print diagnostics as JSON")
    check.set_defaults(func=_check)

    export = sub.add_parser("export", help="generate code from a schema")
    export.add_argument("schema")
    export.add_argument("--to", required=True, choices=["sql"], help="target")
    export.add_argument("--dialect", default="postgres", choices=DIALECTS)
    export.add_argument("-o", "--output", help="output file (default: stdout)")
    export.set_defaults(func=_export)

    pull = sub.add_parser("pull", help="introspect a live database into a Prisma schema")
    pull.add_argument("url", help="postgresql://..., duckdb:///file.duckdb, sqlite:///file.db")
    pull.add_argument("-o", "--output", help="output .prisma file (default: stdout)")
    pull.set_defaults(func=_pull)
    return parser


def _load(path: str):  # -> LoadedSchema, imported lazily to keep start-up fast
    from workbench import load

    if not Path(path).exists():
        raise UserError(f"{path}: no such file or folder")
    return load(path)


def _print_diagnostics(diagnostics: Sequence[Diagnostic], sources: dict) -> None:
    if diagnostics:
        print(render_text(diagnostics, sources), file=sys.stderr)


def _check(args: argparse.Namespace) -> int:
    s = _load(args.schema)
    if args.json:
        print(json.dumps({"ok": s.ok, "diagnostics": [d.to_json() for d in s.diagnostics]}, indent=2))
        return 0 if s.ok else 1
    _print_diagnostics(s.diagnostics, s.sources)
    if not s.ok:
        n = len(s.errors)
        print(f"{args.schema}: {n} error{'s' if n != 1 else ''}", file=sys.stderr)
        return 1
    print(s.headline())
    return 0


def _export(args: argparse.Namespace) -> int:
    s = _load(args.schema)
    if not s.ok:
        _print_diagnostics(s.diagnostics, s.sources)
        print(f"{args.schema}: not exported, the schema has errors", file=sys.stderr)
        return 1
    script = s.to_sql(args.dialect)
    _print_diagnostics(script.diagnostics, s.sources)
    _write(args.output, str(script))
    return 0


def _pull(args: argparse.Namespace) -> int:
    from workbench import introspect
    from workbench.emit.prisma import write_prisma

    pulled = introspect(args.url)
    _print_diagnostics(pulled.diagnostics, pulled.sources)
    _write(args.output, write_prisma(pulled.schema))
    return 0


def _write(output: str | None, text: str) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    target = Path(output)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    print(f"wrote {output}", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
