"""``workbench check``: load a schema and print its located diagnostics (exit 1 when it has errors)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from workbench.cli.common import (
    add_command,
    exit_codes,
    from_option,
    load_input,
    print_diagnostics,
    schema_argument,
    schema_path,
)

if TYPE_CHECKING:
    from workbench.cli.common import Subparsers

PURPOSE = "validate a schema (Prisma or SQL DDL) and print its diagnostics"
EPILOG = f"""\
examples:
  workbench check sample_schemas/blog.prisma
  workbench check migrations/ --from postgres --json
  workbench check app.duckdb

{exit_codes("the schema has errors")}
"""


def register(sub: Subparsers) -> argparse.ArgumentParser:
    p = add_command(sub, "check", PURPOSE, "Validate a schema (Prisma or SQL DDL) and print its diagnostics.", EPILOG)
    schema_argument(p)
    from_option(p)
    p.add_argument("--json", action="store_true", help="print diagnostics as JSON")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    args.schema = schema_path(args.schema)
    s = load_input(args.schema, args.sql_dialect)
    if args.json:
        print(json.dumps({"ok": s.ok, "diagnostics": [d.to_json() for d in s.diagnostics]}, indent=2))
        return 0 if s.ok else 1
    print_diagnostics(s.diagnostics, s.sources)
    if not s.ok:
        n = len(s.errors)
        print(f"{args.schema}: {n} error{'s' if n != 1 else ''}", file=sys.stderr)
        return 1
    print(s.headline())
    return 0
