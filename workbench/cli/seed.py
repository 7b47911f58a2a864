"""``workbench seed SCHEMA --db URL --rows N [--seed S]``: a thin shell over :func:`seed`.

The feasibility plan (rows per table and the constraint that limits them) is printed before any
row is written; ``--plan`` prints only the plan (no database is opened), ``--strict`` refuses a
plan that would give a table fewer rows than asked.

Exit codes: 0 seeded (or, with ``--plan``, a plan that can run); 1 the schema, the plan, a seed
file or the database refused (every error printed on stderr, located where it has a place); 2 a
bad option (one ``error: ...`` line). Never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from workbench.cli.common import add_command, database, exit_codes, project_config, schema_argument, schema_path
from workbench.cli.progress_flag import add_progress_flag

if TYPE_CHECKING:
    from workbench.cli.common import Subparsers

PURPOSE = "fill a database with deterministic synthetic rows"
EPILOG = f"""\
examples:
  workbench seed sample_schemas/blog.prisma --plan --rows 'User=1000,Post=20000,*=500'
  workbench seed sample_schemas/blog.prisma --db app.duckdb --apply --rows 10000
  workbench seed schema.prisma --db postgresql://me@localhost/shop --reset --files seeds/

{exit_codes("the schema, the plan, a seed file or the database refused")}
"""


def _option(name: str) -> Callable[[str], Any]:
    """An argparse type calling :mod:`workbench.seeding.options`'s ``name`` (imported on use, so other
    commands do not pay for seeding), whose refusal message is our own (argparse words ValueError generically)."""

    def parse(text: str) -> Any:
        from workbench.seeding import options

        try:
            return getattr(options, name)(text)
        except options.SeedOptionError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    parse.__name__ = name
    return parse


def register(sub: Subparsers) -> argparse.ArgumentParser:
    p = add_command(sub, "seed", PURPOSE, "Fill a database with deterministic synthetic rows.", EPILOG)
    schema_argument(p, "a .prisma file or a folder of them")
    p.add_argument(
        "--db",
        default=None,
        help="database URL (default: the project's database when [tool.workbench] sets one, "
        "else in-memory DuckDB, which is then discarded)",
    )
    p.add_argument("--rows", type=_option("parse_rows"), default=1000, help="rows per table, or Model=N,...,*=N")
    p.add_argument("--seed", type=int, default=42, help="random seed: the same seed gives the same rows (default 42)")
    p.add_argument("--files", action="append", default=None, help="seed file or folder (repeatable)")
    p.add_argument(
        "--fanout",
        type=_option("check_fanout_value"),
        default="zipf",
        help="zipf (default), uniform, or a Zipf exponent",
    )
    p.add_argument("--null-ratio", type=_option("parse_ratio"), default=0.1, help="share of NULLs in nullable columns")
    p.add_argument("--apply", action="store_true", help="create the schema's tables first")
    p.add_argument(
        "--reset", action="store_true", help="delete the rows of the schema's tables first (in the same transaction)"
    )
    p.add_argument("--timings", action="store_true", help="print rows/s per table")
    p.add_argument(
        "--plan", action="store_true", help="print the feasibility plan (rows per table and their limits) and stop"
    )
    p.add_argument(
        "--strict", action="store_true", help="refuse when a table's constraints allow fewer rows than asked"
    )
    add_progress_flag(p)
    p.set_defaults(func=run)
    return p


def _dialect_of(url: str | None) -> str:
    """The engine a --db URL names, without opening it (the plan is printed before connecting);
    a URL that cannot be parsed is left for the connection to refuse with its own message."""
    from workbench.db.urls import parse_url

    try:
        return parse_url(url).dialect
    except Exception:
        return "postgres"


def run(ns: argparse.Namespace) -> int:
    """Run the command; returns the exit code (1 when the schema, a seed file or the database refuses)."""
    import workbench as wb
    from workbench.api import seed, seed_plan
    from workbench.diagnostics import UserError, render_text
    from workbench.seeding.options import SeedOptionError

    ns.schema = schema_path(ns.schema)
    if ns.db is None and project_config().database is not None:  # the project names its database
        ns.db = database(None, ns.schema)
    loaded = wb.load(ns.schema)
    if loaded.errors:
        print(render_text(loaded.errors, loaded.sources), file=sys.stderr)
        return 1
    try:
        plan = seed_plan(loaded, ns.rows, strict=ns.strict, dialect=_dialect_of(ns.db))
    except SeedOptionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(plan.headline())
    print(plan.table_text(), flush=True)
    if plan.diagnostics:
        print(render_text(plan.diagnostics, plan.sources), file=sys.stderr, flush=True)
    if ns.plan or not plan.ok:
        return 0 if plan.ok else 1
    try:
        db = wb.connect(ns.db, create=ns.apply)  # without --apply a new file would have no tables
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # a driver's own error (the URL's password masked): one line, never a traceback
        from workbench.db.secrets import redact_url, scrub
        from workbench.seeding.api import engine_message

        shown = redact_url(ns.db or "")
        print(f"error: cannot open the database {shown}: {scrub(engine_message(exc), ns.db)}", file=sys.stderr)
        return 1
    try:
        if ns.apply or ns.db is None:  # a new in-memory database has no tables yet
            db.apply(loaded)
        report = seed(
            loaded,
            db,
            ns.rows,
            seed=ns.seed,
            seed_files=ns.files,
            fanout=ns.fanout,
            null_ratio=ns.null_ratio,
            reset=ns.reset,
            strict=ns.strict,
            progress=ns.progress,
        )
    except SeedOptionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        db.close()
    later = tuple(d for d in report.diagnostics if d not in plan.diagnostics)  # the plan's were printed above
    if not report.ok:
        print(render_text(tuple(d for d in later if d.is_error), report.sources), file=sys.stderr)
        return 1
    print()
    print(report.summary())
    if later:
        print(render_text(later, report.sources), file=sys.stderr)
    if ns.timings:
        print()
        print(repr(report.timings))
    return 0
