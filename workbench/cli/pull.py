"""``workbench pull``: a Prisma schema from a live database or from SQL DDL files (like ``prisma db pull``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.cli.common import (
    add_command,
    database,
    exit_codes,
    from_option,
    load_input,
    print_diagnostics,
    write_output,
)
from workbench.cli.paths import UsageError, database_url, nonempty, output_file
from workbench.db.secrets import redact_url

if TYPE_CHECKING:
    from workbench.cli.common import Subparsers

PURPOSE = "a Prisma schema from a live database or from SQL DDL files"
EPILOG = f"""\
examples:
  workbench pull postgresql://me@localhost/shop -o schema.prisma
  workbench pull app.duckdb
  workbench pull migrations/ --from sqlite -o schema.prisma

{exit_codes("the database cannot be read, or the SQL has errors")}
"""


def register(sub: Subparsers) -> argparse.ArgumentParser:
    p = add_command(sub, "pull", PURPOSE, "Write a Prisma schema from a live database or from SQL DDL files.", EPILOG)
    p.add_argument(
        "url",
        nargs="?",
        type=nonempty,
        help="postgresql://..., duckdb:///file.duckdb, sqlite:///file.db, a bare .duckdb/.db/.sqlite file, "
        "or a .sql file/folder (default: the project's database, see `workbench init`)",
    )
    from_option(p)
    p.add_argument("-o", "--output", type=nonempty, help="output .prisma file (default, or -: stdout)")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    from workbench import introspect
    from workbench.emit.prisma import write_prisma

    output_file(args.output, "pull")
    if args.url is None:
        args.url = database(None)
    url = database_url(args.url, as_sql=args.sql_dialect is not None)
    if url is None and Path(args.url).suffix.lower() == ".prisma":
        raise UsageError(f"{redact_url(args.url)} is already a Prisma schema; pull reads a database or SQL DDL")
    pulled = introspect(url) if url is not None else load_input(args.url, args.sql_dialect or "postgres")
    print_diagnostics(pulled.diagnostics, pulled.sources)
    if not pulled.ok:
        print(f"{redact_url(args.url)}: not pulled, the SQL has errors", file=sys.stderr)
        return 1
    write_output(args.output, write_prisma(pulled.schema))
    return 0
