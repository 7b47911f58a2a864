"""``workbench diagram``: an ER diagram of a schema or a database, in the format its -o name says.

The format comes from the output's suffix (``x.jpg`` is a JPEG, never SVG in disguise); ``--format``
is for names without a known suffix and for stdout, and may not contradict the suffix. Every
format graphviz writes that we offer (svg, png, pdf, jpg, gif, webp) has its suffixes, plus the
texts (``.dot``/``.gv``, ``.mmd``/``.mermaid``, ``.dbml``).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from workbench.cli.common import (
    ENGINES,
    add_command,
    exit_codes,
    from_option,
    load_input,
    print_diagnostics,
    schema_argument,
    schema_path,
    write_output,
)
from workbench.cli.paths import STDOUT, UsageError, nonempty, output_file, whole_number
from workbench.diagnostics import UserError
from workbench.render.graphviz_run import FORMATS as GRAPHVIZ_FORMATS

if TYPE_CHECKING:
    from workbench.cli.common import Subparsers

PURPOSE = "draw an ER diagram (graphviz SVG/PNG/PDF/JPG/..., DOT, Mermaid or DBML)"
EPILOG = f"""\
examples:
  workbench diagram sample_schemas/blog.prisma -o blog.svg
  workbench diagram sample_schemas/blog.prisma --focus Post --depth 2 -o post.png
  workbench diagram postgresql://me@localhost/shop --view database --format mermaid

{exit_codes("the schema has errors, or the diagram cannot be drawn or written")}
"""


def register(sub: Subparsers) -> argparse.ArgumentParser:
    d = add_command(sub, "diagram", PURPOSE, "Draw an ER diagram of a schema or a database.", EPILOG)
    schema_argument(d)
    d.add_argument(
        "-o", "--output", type=nonempty, help="output file, its suffix sets the format (default, or -: stdout)"
    )
    d.add_argument(
        "--format",
        choices=(*GRAPHVIZ_FORMATS, "dot", "mermaid", "dbml"),
        help="for -o names without a known suffix, or stdout (default svg); must agree with the -o suffix",
    )
    d.add_argument("--view", choices=["model", "database"], default="model", help="Prisma names or table names")
    d.add_argument("--dialect", choices=ENGINES, help="--view database: SQL dialect (default: the provider's)")
    d.add_argument("--focus", action="append", default=[], help="table to centre on (repeatable)")
    d.add_argument(
        "--depth",
        type=whole_number(0, "relation hops"),
        default=1,
        help="relation hops kept around --focus (default 1)",
    )
    d.add_argument("--include", action="append", default=[], help="only these tables (globs ok, repeatable)")
    d.add_argument("--exclude", action="append", default=[], help="leave these tables out (globs ok, repeatable)")
    d.add_argument("--columns", choices=["all", "keys", "none"], default="all", help="which columns to draw")
    d.add_argument("--enums", action="store_true", help="draw enum nodes")
    d.add_argument("--indexes", action="store_true", help="list indexes under each table")
    d.add_argument("--defaults", action="store_true", help="show column defaults")
    d.add_argument("--join-tables", action=argparse.BooleanOptionalAction, default=None,
                   help="draw implicit m:n join tables (default: only in the database view)")  # fmt: skip
    d.add_argument("--cluster", choices=["auto", "schema", "none"], default="auto", help="group tables by schema")
    d.add_argument("--direction", choices=["LR", "TB"], default="LR", help="left-right or top-bottom")
    d.add_argument("--theme", choices=["light", "dark"], default="light", help="colours (default light)")
    d.add_argument("--highlight", action="append", default=[], help="table or table.column to highlight")
    d.add_argument("--title", help="a title above the diagram")
    from_option(d)
    d.set_defaults(func=run)
    return d


def _diagram_format(args: argparse.Namespace) -> str:
    """The output format: the -o suffix's (a --format that contradicts it is an error), else --format or svg."""
    from workbench.render.erd import BINARY_FORMATS, format_for

    if args.view == "model" and args.dialect is not None:
        raise UsageError("--dialect applies to --view database (the model view has no SQL dialect)")
    if args.output in (None, STDOUT):
        fmt: str = args.format or "svg"
        if fmt in BINARY_FORMATS and args.output is None:
            raise UsageError(f"--format {fmt} needs -o FILE (or -o - to send the bytes to stdout anyway)")
        return fmt
    output_file(args.output, "diagram")
    try:
        return format_for(args.output, args.format)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def run(args: argparse.Namespace) -> int:
    from workbench.render import RenderError
    from workbench.render.erd import BINARY_FORMATS

    fmt = _diagram_format(args)
    args.schema = schema_path(args.schema)
    s = load_input(args.schema, args.sql_dialect)
    if not s.ok:
        print_diagnostics(s.diagnostics, s.sources)
        print(f"{args.schema}: no diagram, the schema has errors", file=sys.stderr)
        return 1
    diagram = s.erd(
        view=args.view,
        dialect=args.dialect,
        focus=args.focus,
        depth=args.depth,
        include=args.include,
        exclude=args.exclude,
        columns=args.columns,
        enums=args.enums,
        indexes=args.indexes,
        defaults=args.defaults,
        join_tables=args.join_tables,
        cluster=None if args.cluster == "none" else args.cluster,
        direction=args.direction,
        theme=args.theme,
        highlight=args.highlight,
        title=args.title,
    )
    print_diagnostics(diagram.diagnostics, s.sources)
    if diagram.content.problems:
        for problem in diagram.content.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 1
    try:
        data = diagram.to_bytes(fmt)
    except RenderError as exc:
        raise UserError(f"cannot draw the diagram as {fmt}: {exc}") from None
    write_output(args.output, data if fmt in BINARY_FORMATS else data.decode("utf-8"))
    return 0
