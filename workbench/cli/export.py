"""``workbench export``: SQL DDL or generated code (one of the emit registry's targets) from a schema."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from workbench.cli.common import (
    ENGINES,
    SCHEMA_HELP,
    add_command,
    count,
    exit_codes,
    from_option,
    load_input,
    print_diagnostics,
    write_output,
)
from workbench.cli.paths import STDOUT, UsageError, nonempty, output_file, output_folder
from workbench.diagnostics import UserError

if TYPE_CHECKING:
    from workbench.cli.common import Subparsers

PURPOSE = "generate SQL DDL or code from a schema"
EPILOG = f"""\
examples:
  workbench export sample_schemas/blog.prisma --to sql --dialect sqlite -o schema.sql
  workbench export sample_schemas/blog.prisma --to drizzle -o src/db
  workbench export app.duckdb --to pydantic -o -

{exit_codes("the schema has errors, or a file could not be written")}
"""


def register(sub: Subparsers) -> argparse.ArgumentParser:
    from workbench.emit.registry import DIALECTS as TARGET_DIALECTS
    from workbench.emit.registry import TARGETS

    p = add_command(
        sub, "export", PURPOSE, "Generate SQL DDL or code (ORM models, validators, APIs) from a schema.", EPILOG
    )
    p.add_argument("schema", type=nonempty, help=SCHEMA_HELP)
    p.add_argument("--to", required=True, choices=["sql", *TARGETS], help="target")
    p.add_argument(
        "--dialect",
        choices=ENGINES,
        help="--to sql: the SQL dialect (default postgres); "
        + "; ".join(f"--to {t}: {' or '.join(d)}" for t, d in TARGET_DIALECTS.items())
        + " (default: the datasource's); other targets follow the datasource provider",
    )
    p.add_argument(
        "-o",
        "--output",
        type=nonempty,
        help="--to sql: a file; other targets: a folder (default, or -: stdout)",
    )
    from_option(p)
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    if args.to == "sql":
        output_file(args.output, "--to sql")
    else:
        output_folder(args.output, f"--to {args.to}")
        if args.dialect is not None:
            from workbench.emit.registry import check_dialect

            try:
                check_dialect(args.to, args.dialect)
            except UserError as exc:
                raise UsageError(f"--dialect {args.dialect} with --to {args.to}: {exc}") from None
    s = load_input(args.schema, args.sql_dialect)
    if not s.ok:
        print_diagnostics(s.diagnostics, s.sources)
        print(f"{args.schema}: not exported, the schema has errors", file=sys.stderr)
        return 1
    if args.to == "sql":
        script = s.to_sql(args.dialect or "postgres")
        print_diagnostics(script.diagnostics, s.sources)
        write_output(args.output, str(script))
        return 0
    from workbench.emit.registry import user_editable

    files = s.export(args.to, dialect=args.dialect)
    print_diagnostics(files.diagnostics, s.sources)
    if args.output in (None, STDOUT):
        sys.stdout.write(repr(files.without_diagnostics()) + "\n")
        return 0
    written = files.write(args.output, keep_existing=user_editable(args.to))
    print(f"wrote {count(len(written), 'file')} to {args.output}", file=sys.stderr)
    if written.removed:
        names = ", ".join(str(p) for p in written.removed)
        print(
            f"removed {count(len(written.removed), 'stale file')} the schema no longer produces: {names}",
            file=sys.stderr,
        )
    for path in written.kept:
        print(f"warning: kept {path}: an earlier export wrote it and the schema no longer produces it, "
              "but it was edited since; delete it if it is no longer needed", file=sys.stderr)  # fmt: skip
    return 0
