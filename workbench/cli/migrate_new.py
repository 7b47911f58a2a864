"""``workbench migrate new`` and ``workbench migrate down-scripts``: grow a versioned migrations folder.

``new`` writes the next ``<timestamp>_<name>/migration.sql`` (+ ``down.sql``) from the diff between
the folder's replayed state and the schema; ``down-scripts`` adds the ``down.sql`` that a
Prisma-written folder lacks. Paths written go to standard output, hazards to standard error.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from workbench.cli.common import DIR_HELP, add_command, migrations_dir, schema_argument, schema_path
from workbench.dialects import registry

if TYPE_CHECKING:
    from workbench.cli.common import Subparsers

NEW_PURPOSE = "write the next migration of a migrations folder from a schema"
NEW_EPILOG = """\
examples:
  workbench migrate new prisma/schema.prisma --dir prisma/migrations --name add_post_published
  workbench migrate new schema.prisma --name rename_title --rename Post.title=Post.headline

The migration is the diff from the folder's replayed state (its migration.sql files in order; the
empty schema for a new folder) to SCHEMA, written as <dir>/<YYYYMMDDHHMMSS>_<name>/migration.sql
with its hazards in a header, and down.sql beside it. Nothing is written when nothing changes.

exit codes:
  0  a migration was written, or nothing changed
  1  errors (the schema does not load, the lock file names another provider, the name is taken)
  2  usage errors (a bad option or combination)
"""
DOWN_PURPOSE = "add the missing down.sql to every migration of a folder"
DOWN_EPILOG = """\
examples:
  workbench migrate down-scripts --dir prisma/migrations
  workbench migrate down-scripts --dir migrations --dry-run

A down script is the diff from the replayed state after its migration to the state before it.
One that loses data says so at its top, with the hazards; one that cannot be computed holds only
comments saying why. migration.sql is never touched (databases record its checksum).

exit codes:
  0  every missing down script was written (or printed, with --dry-run)
  1  errors, or some down scripts could not be computed (they say so in their file)
  2  usage errors (a bad option or combination)
"""


def default_dir() -> str:
    """``prisma/migrations`` when it exists (a Prisma project), else ``migrations``."""
    return "prisma/migrations" if os.path.isdir("prisma/migrations") else "migrations"


def register(verbs: Subparsers) -> None:
    n = add_command(verbs, "new", NEW_PURPOSE, "Write the next migration of a migrations folder.", NEW_EPILOG)
    schema_argument(n, "the schema the folder should reach: a .prisma file or folder")
    _dir(n)
    n.add_argument("--name", required=True, help="what the migration does, e.g. add_post_published (sanitised)")
    n.add_argument(
        "--rename",
        action="append",
        metavar="OLD=NEW",
        help="accept a rename (Model.field=Model.other, or Model=Other; repeatable) so the data is kept",
    )
    _dialect(n)
    n.set_defaults(func=run_new)
    d = add_command(verbs, "down-scripts", DOWN_PURPOSE, "Add the missing down.sql to every migration.", DOWN_EPILOG)
    _dir(d)
    _dialect(d)
    d.add_argument("--dry-run", action="store_true", help="print the down scripts instead of writing them")
    d.set_defaults(func=run_down_scripts)


def _dir(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--dir",
        metavar="DIR",
        help=DIR_HELP,
    )


def _dialect(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--dialect",
        choices=registry.names(lowers=True),
        help="the engine the SQL is for (default: the folder's migration_lock.toml, else the schema's provider)",
    )


def run_new(args: argparse.Namespace) -> int:
    from workbench.api.authoring import new_migration
    from workbench.diagnostics import render_text

    result = new_migration(
        schema_path(args.schema), migrations_dir(args.dir), args.name, renames=args.rename, dialect=args.dialect
    )
    if result.hazards:
        print("Hazards:", file=sys.stderr)
        print(render_text(result.hazards, result.diff.sources), file=sys.stderr)
    if result.diff.candidates:
        print("Possible renames (accept with --rename):", file=sys.stderr)
        for c in result.diff.candidates:
            print(f"  {c.spec()}   ({c.evidence})", file=sys.stderr)
    if result.migration is None:
        print(f"No changes: nothing written to {result.folder}", file=sys.stderr)
    else:
        print(result.migration.up_path)
    return 0


def run_down_scripts(args: argparse.Namespace) -> int:
    from workbench.api.authoring import down_scripts

    result = down_scripts(migrations_dir(args.dir), dialect=args.dialect, dry_run=args.dry_run)
    for r in result.results:
        if r.status == "has one":
            continue
        if args.dry_run:
            print(f"==> {result.folder / r.name / 'down.sql'} ({r.status})")
            print(r.text or "")
        else:
            print(result.folder / r.name / "down.sql")
    print(result._text(), file=sys.stderr)
    return 1 if result.failed else 0
