"""``workbench migrate rehearse --dir DIR --rows N [--db URL]``: a migration run on seeded data first.

The report goes to standard output (text, or ``--json``). Exit codes: 0 clean, 2 findings (a
statement fails on the data, data is lost, a lock blocks writes, the round trip does not restore
the old schema), 1 errors (bad folder, unreachable server...).
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from workbench.cli.common import DIR_HELP, add_command, migrations_dir
from workbench.cli.paths import nonempty, whole_number
from workbench.cli.progress_flag import add_progress_flag

if TYPE_CHECKING:
    from workbench.cli.common import Subparsers
    from workbench.migrate.rehearse_report import Rehearsal

PURPOSE = "rehearse a migration on seeded data in a scratch database: failures, data loss, lock times"
DESCRIPTION = "Rehearse a migration on seeded data in a scratch database and report what it did."
EPILOG = """\
examples:
  workbench migrate rehearse --dir prisma/migrations --rows 100000
  workbench migrate rehearse --dir migrations --migration add_email --db postgresql://localhost:5432/postgres

The old schema (the folder replayed up to the migration before) is built in DuckDB in memory, or,
with --db, in a throwaway database created on that PostgreSQL server and dropped afterwards (the
database in the URL is only used to connect; nothing in it is touched). Each table gets --rows rows,
the migration runs statement by statement in one transaction (timed; on PostgreSQL the table locks
each statement takes are sampled from pg_locks), then the down script (down.sql, or the reverse
diff) and the round trip are checked.

exit codes:
  0  clean: nothing failed, nothing lost, no write-blocking lock, the round trip restored everything
  1  errors (a bad folder, an unreachable server, a migration written for another engine)
  2  findings (or a usage error: one `error:` line)
"""


def register(verbs: Subparsers) -> argparse.ArgumentParser:
    p = add_command(verbs, "rehearse", PURPOSE, DESCRIPTION, EPILOG)
    p.add_argument(
        "--dir",
        type=nonempty,
        help=DIR_HELP,
    )
    p.add_argument("--rows", type=whole_number(0, "rows"), default=1000, help="rows to seed per table (default 1000)")
    p.add_argument(
        "--db", metavar="URL", help="a PostgreSQL server URL to make the throwaway database on (default: DuckDB)"
    )
    p.add_argument("--migration", metavar="NAME", help="the migration to rehearse (default: the last one)")
    p.add_argument("--seed", type=int, default=0, help="the seed of the generated rows (default 0)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    add_progress_flag(p)
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    from workbench.api.rehearsing import rehearse

    folder = migrations_dir(args.dir)
    report = rehearse(folder, args.rows, args.db, args.migration, args.seed, progress=args.progress)
    print(json.dumps(to_json(report), indent=2) if args.json else report._text())
    return 0 if report.ok else 2


def to_json(r: Rehearsal) -> dict[str, Any]:
    statements = [
        {"statement": s, "line": line, "status": status, "seconds": secs, "lockMode": mode or None,
         "lockTable": table or None, "lockHeldSeconds": held, "blocksWrites": writes, "blocksReads": reads}
        for s, line, status, secs, mode, table, held, writes, reads in r.rows_table()
    ]  # fmt: skip
    survival = [
        {"table": s.table, "column": s.column, "now": s.now, "rowsBefore": s.rows_before, "rowsLost": s.rows_lost,
         "valuesBefore": s.values_before, "valuesLost": s.values_lost, "nullsIntroduced": s.nulls_introduced,
         "changed": s.changed}
        for s in r.survival
    ]  # fmt: skip
    return {
        "migration": r.migration,
        "engine": r.engine,
        "rows": r.rows,
        "ok": r.ok,
        "headline": r.headline(),
        "statements": statements,
        "survival": survival,
        "roundTrip": r.round_trip_ok,
        "catalogChanges": list(r.catalog_changes),
        "findings": [f.to_json() for f in r.findings],
    }
