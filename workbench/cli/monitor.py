"""``workbench monitor --db URL [--schema SCHEMA] [--json] [--top N]``: one health report of a database.

A thin shell over :func:`workbench.profile.monitor_check.monitor`. Like ``workbench migrate status``
it exits 2 for "needs attention" (1 is our exit code for errors), so a scheduled job can alert on
findings without mistaking them for a failure to look. Reads only: the pg_stat_statements
extension is never created by it (the report says how to enable it).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from workbench.cli.common import add_command, database
from workbench.cli.paths import nonempty, whole_number

if TYPE_CHECKING:
    from workbench.cli.common import Subparsers

PURPOSE = "report a database's health: workload, slow statements, cache, connections, indexes"
EPILOG = """\
examples:
  workbench monitor --db postgresql://me@localhost/shop --schema prisma/schema.prisma
  workbench monitor --db app.duckdb --json
  DATABASE_URL=postgresql://me@localhost/shop workbench monitor --top 5

PostgreSQL: the workload and slow statements come from pg_stat_statements (it must be in
shared_preload_libraries and created with CREATE EXTENSION pg_stat_statements; the report says
which step is missing), the cache hit ratio from pg_statio, connections from pg_stat_activity
against max_connections, unused (0 scans) and duplicate indexes from pg_index. With --schema, an
index the Prisma schema declares is named by the line to remove (file:line).
DuckDB: table sizes and duplicate indexes; the PostgreSQL-only sections say they do not apply.
Reads only: nothing in the database is changed.

exit codes:
  0  ok
  1  errors (the database cannot be opened, the schema does not load)
  2  findings that need attention (not healthy), or a usage error
"""


def db_url(args: argparse.Namespace) -> str:
    """``--db``, else the project's database as every command reads it (``$DATABASE_URL``, the
    configuration, the schema's datasource url), as a URL."""
    from workbench.db.urls import as_url

    return as_url(str(database(args.db)))


def register(sub: Subparsers) -> argparse.ArgumentParser:
    p = add_command(
        sub, "monitor", PURPOSE, "Report a database's health and what needs attention (PostgreSQL, DuckDB).", EPILOG
    )
    p.add_argument(
        "--db", type=nonempty, metavar="URL", help="the database (default: $DATABASE_URL, else the project's)"
    )
    p.add_argument("--schema", type=nonempty, help="the Prisma schema, to name the line that removes an index")
    p.add_argument("--top", type=whole_number(1), default=10, help="statements in the workload (default 10)")
    p.add_argument(
        "--slow-ms", type=float, default=100.0, help="a statement shape is slow above this mean (default 100)"
    )
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    import workbench as wb
    from workbench.diagnostics import render_text

    url = db_url(args)
    schema = None
    if args.schema:
        schema = wb.load(args.schema)
        if not schema.ok:
            print(render_text(schema.errors, schema.sources), file=sys.stderr)
            return 1
    with wb.connect(url, create=False) as db:
        report = db.monitor(schema, top=args.top, slow_ms=args.slow_ms)
    print(report.to_json_text() if args.json else repr(report))
    return 0 if report.healthy else 2
