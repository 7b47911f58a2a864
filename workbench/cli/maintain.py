"""``workbench maintain --db URL [--analyze] [--reindex] [--vacuum] [--dry-run] [--json]``: routine upkeep.

A thin shell over :func:`workbench.profile.maintenance.maintain`: it lists every statement, and
``--dry-run`` lists exactly those a real run would execute, so the routine can be reviewed (or
pasted into a change ticket) before it runs.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from workbench.cli.common import add_command, exit_codes
from workbench.cli.monitor import db_url
from workbench.cli.paths import nonempty

if TYPE_CHECKING:
    from workbench.cli.common import Subparsers

PURPOSE = "collect statistics, vacuum dead rows, rebuild bloated or invalid indexes"
EPILOG = f"""\
examples:
  workbench maintain --db postgresql://me@localhost/shop --dry-run
  workbench maintain --db postgresql://me@localhost/shop --analyze
  workbench maintain --db app.duckdb

Without --analyze/--reindex/--vacuum, all three are planned. Only what is due runs:
  --analyze  ANALYZE tables never analyzed or with many rows changed since (n_mod_since_analyze)
  --vacuum   plain VACUUM (never FULL) of tables with many dead rows
  --reindex  REINDEX INDEX CONCURRENTLY of invalid indexes and of B-tree indexes twice their
             estimated size
On DuckDB: ANALYZE and CHECKPOINT (its indexes need no upkeep). PostgreSQL statements run on a
connection of their own, outside any transaction, with lock_timeout and statement_timeout set.

{exit_codes("a statement failed (the report says which, and what ran before it)")}
"""


def register(sub: Subparsers) -> argparse.ArgumentParser:
    p = add_command(sub, "maintain", PURPOSE, "Run the routine upkeep a database needs (PostgreSQL, DuckDB).", EPILOG)
    p.add_argument(
        "--db", type=nonempty, metavar="URL", help="the database (default: $DATABASE_URL, else the project's)"
    )
    p.add_argument("--analyze", action="store_true", help="collect statistics of stale tables")
    p.add_argument("--reindex", action="store_true", help="rebuild invalid and bloated indexes")
    p.add_argument("--vacuum", action="store_true", help="vacuum tables with many dead rows")
    p.add_argument("--dry-run", action="store_true", help="list the statements, run nothing")
    p.add_argument("--lock-timeout", type=nonempty, default="5s", help="give up waiting for a lock (default 5s)")
    p.add_argument("--statement-timeout", type=nonempty, default="1h", help="per statement (default 1h)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    import workbench as wb

    every = not (args.analyze or args.reindex or args.vacuum)
    with wb.connect(db_url(args), create=False) as db:
        report = db.maintain(
            analyze=every or args.analyze,
            reindex=every or args.reindex,
            vacuum=every or args.vacuum,
            dry_run=args.dry_run,
            lock_timeout=args.lock_timeout,
            statement_timeout=args.statement_timeout,
        )
    print(report.to_json_text() if args.json else repr(report))
    return 0
