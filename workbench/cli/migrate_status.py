"""``workbench migrate status``: which migrations are applied, pending, failed or modified, and drift.

Exit codes mirror ``prisma migrate status`` with one change: Prisma exits 1 when something is
pending, and 1 is our exit code for errors, so "needs attention" (pending, failed, modified,
rolled back, missing from the folder, drift) is 2. The report goes to standard output; it never
writes to the database.
"""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

from workbench.cli.common import DB_HELP, DIR_HELP, add_command, database, migrations_dir
from workbench.cli.paths import nonempty

if TYPE_CHECKING:
    from workbench.cli.common import Subparsers

PURPOSE = "show applied, pending, failed and modified migrations, and drift"
EPILOG = """\
examples:
  workbench migrate status --db postgresql://localhost/app --dir prisma/migrations
  workbench migrate status --db sqlite:///dev.db --json
  DATABASE_URL=duckdb:///app.duckdb workbench migrate status

Drift is the live database compared with the applied migrations replayed: what was changed by
hand, with the commands and SQL that record it as a new migration, and the SQL that undoes it.
Reads only: the history table is never created.

exit codes:
  0  up to date: everything applied as the folder has it, no drift
  1  errors (the database cannot be opened, the folder cannot be read); Prisma uses 1 for pending
  2  needs attention: pending, failed, modified, rolled back or missing migrations, or drift
     (or a usage error)
"""


def default_dir() -> str:
    """``prisma/migrations`` when it exists (a Prisma project), else ``migrations``."""
    return "prisma/migrations" if os.path.isdir("prisma/migrations") else "migrations"


def register(verbs: Subparsers) -> argparse.ArgumentParser:
    p = add_command(
        verbs,
        "status",
        PURPOSE,
        "Show which migrations are applied, pending, failed or modified on a database, and drift.",
        EPILOG,
    )
    p.add_argument(
        "--db",
        metavar="URL",
        help=DB_HELP,
    )
    p.add_argument(
        "--dir",
        type=nonempty,
        metavar="DIR",
        help=DIR_HELP,
    )
    p.add_argument("--json", action="store_true", help="print the status as JSON")
    p.add_argument("--no-drift", action="store_true", help="skip the drift check (no introspection)")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    from workbench.api.status import migration_status

    url = str(database(args.db))
    result = migration_status(url, migrations_dir(args.dir), drift=not args.no_drift, times=True)
    print(result.to_json_text() if args.json else result._text())
    return 0 if result.up_to_date else 2
