"""``workbench migrate``: the migration commands; ``diff`` is here, the others in ``cli/migrate_*.py``.

``workbench migrate diff OLD NEW`` gives the migration between two schemas, as SQL (up or down) or
JSON. ``new``/``down-scripts`` (``migrate_new``), ``apply``/``down``/``resolve`` (``migrate_apply``),
``status`` (``migrate_status``) and ``rehearse`` (``migrate_rehearse``) work on a migrations folder
in Prisma Migrate's layout.

The exit codes of ``diff`` follow ``prisma migrate diff --exit-code``: 0 when nothing changes, 2 when something
does, 1 on errors (a usage error is also 2, with one ``error:`` line on stderr and no SQL). They do so
with or without ``--exit-code``, which is accepted so a CI step (``init --ci``'s "migrations match the
schema") reads as it would with Prisma or ``git diff --exit-code``; Prisma without the flag exits 0
on a difference, a convention a check cannot use.
The SQL goes to standard output (or ``-o FILE``); the list of changes and the rename candidates
go to standard error, so ``workbench migrate diff a b > up.sql`` writes only SQL.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from workbench.cli import migrate_apply, migrate_new, migrate_rehearse, migrate_status
from workbench.cli.common import add_command, write_output
from workbench.cli.paths import nonempty, output_file
from workbench.dialects import registry

if TYPE_CHECKING:
    from workbench.cli.common import Subparsers

PURPOSE = "schema migrations: diff, a versioned folder (new, apply, status, down), rehearsal"
EPILOG = """\
examples:
  workbench migrate diff old.prisma new.prisma
  workbench migrate new prisma/schema.prisma --dir prisma/migrations --name add_bio
  workbench migrate apply --db postgresql://localhost/app --dir prisma/migrations
  workbench migrate COMMAND --help

exit codes:
  0  ok
  1  errors in the input, or the database refused
  2  diff: changes found; status, rehearse: something needs attention; or a usage error
"""
DIFF_PURPOSE = "print the SQL that migrates OLD to NEW (or back, with --down)"
DIFF_EPILOG = """\
examples:
  workbench migrate diff prisma/schema.prisma.orig prisma/schema.prisma
  workbench migrate diff old.prisma new.prisma --rename Post.title=Post.headline -o up.sql
  workbench migrate diff old.prisma new.prisma --down --dialect sqlite
  workbench migrate diff postgresql://localhost/app prisma/schema.prisma --json
  workbench migrate diff prisma/migrations prisma/schema.prisma --exit-code   # CI: the folder reaches the schema

OLD and NEW are each a .prisma file or folder, SQL DDL (a .sql file or a migrations folder), or a
database URL (read only). A column or table that is dropped and added again under another name is
reported as a possible rename; it becomes one (keeping its data) only with --rename.
Hazards (a dropped column, a required column added without a default, a lock on PostgreSQL...)
go to standard error with the line and a safer way; when OLD is a database URL they are checked
against its rows, read only ("will fail on 12 rows"). A migrations folder is replayed in the dialect
its migration_lock.toml names; a database's _prisma_migrations history table is no part of the diff.

exit codes:
  0  no changes
  1  errors in the input
  2  changes found (or a usage error: one `error:` line, no SQL)
"""


def register(sub: Subparsers) -> argparse.ArgumentParser:
    what = "Schema migrations: diff two schemas, keep a versioned folder, apply it, check it, roll it back."
    p = add_command(sub, "migrate", PURPOSE, what, EPILOG)
    verbs = p.add_subparsers(dest="migrate_command", metavar="COMMAND", required=True)
    d = add_command(
        verbs, "diff", DIFF_PURPOSE, "Print the SQL that migrates OLD to NEW, or back with --down.", DIFF_EPILOG
    )
    d.add_argument("old", type=nonempty, help="the schema before: .prisma file/folder, SQL DDL or a database URL")
    d.add_argument("new", type=nonempty, help="the schema after (same kinds as OLD)")
    d.add_argument(
        "--dialect",
        choices=registry.names(lowers=True),
        help="the engine to write SQL for (default: NEW's datasource provider)",
    )
    d.add_argument("--down", action="store_true", help="print the down migration (NEW back to OLD) instead")
    d.add_argument("--json", action="store_true", help="print the changes, candidates and both scripts as JSON")
    d.add_argument(
        "--rename",
        action="append",
        metavar="OLD=NEW",
        help="accept a rename (Model.field=Model.other, or Model=Other; repeatable); `auto` accepts every candidate",
    )
    d.add_argument("-o", "--output", metavar="FILE", help="write the SQL (or JSON) to FILE instead of standard output")
    d.add_argument(
        "--exit-code",
        action="store_true",
        help="exit 2 when something changes, 0 when nothing does (what diff always does; the flag makes a "
        "CI step read as `prisma migrate diff --exit-code` and `git diff --exit-code` do)",
    )
    d.set_defaults(func=run_diff)
    migrate_new.register(verbs)
    migrate_apply.register(verbs)
    migrate_status.register(verbs)
    migrate_rehearse.register(verbs)
    return p


def run_diff(args: argparse.Namespace) -> int:
    from workbench.api.diffing import diff

    output_file(args.output, "migrate diff")
    renames = args.rename
    if renames == ["auto"]:
        renames = "auto"
    result = diff(args.old, args.new, dialect=args.dialect, renames=renames)
    shown = result.reverse() if args.down else result
    if args.json:
        body = json.dumps(
            {
                "dialect": result.dialect,
                "changes": [
                    {"table": t, "operation": op, "summary": s, "source": src or None} for t, op, s, src in shown.rows()
                ],
                "renameCandidates": [{"rename": c.spec(), "evidence": c.evidence} for c in result.candidates],
                "hazards": [h.to_json() for h in shown.hazards],
                "up": result.sql(),
                "down": result.down_sql(),
            },
            indent=2,
        )
        write_output(args.output, body + "\n")
    else:
        for line in shown._text().splitlines():
            print(line, file=sys.stderr)
        if not shown.empty:
            write_output(args.output, shown.sql())
    return 0 if result.empty else 2
