"""``workbench format``: Prisma schema files formatted byte for byte like ``prisma format``."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from workbench.cli.common import add_command, exit_codes, print_diagnostics, schema_argument, schema_path, write_file
from workbench.cli.paths import require_input

if TYPE_CHECKING:
    from workbench.cli.common import Subparsers

PURPOSE = "format Prisma schema files byte for byte like `prisma format`"
EPILOG = f"""\
examples:
  workbench format sample_schemas/blog.prisma
  workbench format prisma/ --check
  workbench format prisma/ --write

{exit_codes("a file has errors, or with --check a file would change")}
"""


def register(sub: Subparsers) -> argparse.ArgumentParser:
    p = add_command(sub, "format", PURPOSE, "Format Prisma schema files byte for byte like `prisma format`.", EPILOG)
    schema_argument(p, "a .prisma file or a folder of them (one schema)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="exit 1 and list the files that would change")
    mode.add_argument("--write", action="store_true", help="rewrite the files in place (atomically)")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    from workbench.diagnostics import SourceFile, has_errors
    from workbench.loaders.prisma.format import format_path

    args.schema = schema_path(args.schema)
    require_input(args.schema)
    results = format_path(args.schema, background=True)  # the diagnostics in a child process
    status = 0
    for path, r in results.items():
        if r.diagnostics:
            print_diagnostics(r.diagnostics, {path: SourceFile(path, _read_text(path))})
        if has_errors(r.diagnostics):
            status = 1
    changed = [p for p, r in results.items() if r.changed]
    if args.check:
        for path in changed:
            print(f"would reformat {path}")
        print(f"{len(changed)} of {len(results)} file{'s' if len(results) != 1 else ''} would be reformatted")
        return 1 if changed or status else 0
    if args.write:
        written = 0
        for path in changed:
            if has_errors(results[path].diagnostics):
                print(f"{path}: not rewritten, it has errors", file=sys.stderr)
                continue
            write_file(path, results[path].text)
            written += 1
        print(f"reformatted {written} of {len(results)} file{'s' if len(results) != 1 else ''}", file=sys.stderr)
        return status
    for path, r in results.items():
        if len(results) > 1:
            sys.stdout.write(f"==> {path} <==\n")
        sys.stdout.write(r.text)
    return status


def _read_text(path: str) -> str:
    from workbench.loaders.source_files import SourceError, read_source

    try:  # regular files only: a FIFO named *.prisma would block here
        return read_source(path).decode("utf-8", errors="replace")
    except SourceError:
        return ""
