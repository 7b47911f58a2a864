"""``workbench migrate apply|down|resolve``: run a migrations folder against a database.

``apply`` is ``prisma migrate deploy``; ``down`` runs the ``down.sql`` scripts newest first;
``resolve`` is ``prisma migrate resolve``. The database URL is shown with its password masked.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from workbench.cli.common import DB_HELP, DIR_HELP, add_command, database, migrations_dir
from workbench.cli.paths import UsageError
from workbench.cli.progress_flag import add_progress_flag

if TYPE_CHECKING:
    from workbench.cli.common import Subparsers

_CODES = """
exit codes:
  0  ok
  1  refused or failed (the message says what changed: nothing, or the migrations before it)
  2  usage errors (a bad option or combination)
"""
APPLY_EPILOG = (
    """\
examples:
  workbench migrate apply --db postgresql://app@localhost/app --dir prisma/migrations
  workbench migrate apply --db sqlite:///dev.db --to 20240102030405_add_posts

Each migration runs in one transaction together with its row in _prisma_migrations, so a failing
one leaves the database as it was; the run stops there. Another apply running on the same
database is waited for (--lock-timeout seconds), then refused.
"""
    + _CODES
)
DOWN_EPILOG = (
    """\
examples:
  workbench migrate down --db sqlite:///dev.db --dir migrations
  workbench migrate down --db postgresql://app@localhost/app --steps 2 --accept-data-loss
  workbench migrate down --db duckdb:///dev.duckdb --to 20240102030405_init
"""
    + _CODES
)
RESOLVE_EPILOG = (
    """\
examples:
  workbench migrate resolve --db postgresql://app@localhost/app --rolled-back 20240102030405_add_index
  workbench migrate resolve --db sqlite:///dev.db --applied 0_init
"""
    + _CODES
)


def register(verbs: Subparsers) -> None:
    a = add_command(
        verbs,
        "apply",
        "apply the pending migrations of a migrations folder",
        "Apply the pending migrations of a migrations folder, each in one transaction.",
        APPLY_EPILOG,
    )
    _common(a)
    a.add_argument("--to", metavar="NAME", help="stop after this migration (default: apply every pending one)")
    a.add_argument(
        "--backup",
        metavar="DIR",
        help="copy the database into DIR first when something is pending (pg_dump, SQLite backup, DuckDB EXPORT)",
    )
    a.add_argument(
        "--lock-timeout", type=float, default=10.0, metavar="SECONDS", help="how long to wait for another migrate"
    )
    add_progress_flag(a)
    a.set_defaults(func=run_apply)
    d = add_command(
        verbs,
        "down",
        "roll back applied migrations with their down.sql",
        "Roll back applied migrations with their down.sql, newest first.",
        DOWN_EPILOG,
    )
    _common(d)
    which = d.add_mutually_exclusive_group()
    which.add_argument("--to", metavar="NAME", help="roll back every migration applied after NAME (NAME stays)")
    which.add_argument("--steps", type=int, default=1, metavar="N", help="how many migrations to roll back (default 1)")
    d.add_argument("--accept-data-loss", action="store_true", help="roll back even when it deletes rows")
    d.set_defaults(func=run_down)
    r = add_command(
        verbs,
        "resolve",
        "mark a failed migration applied or rolled back",
        "Mark a migration applied or rolled back without running it, as prisma migrate resolve.",
        RESOLVE_EPILOG,
    )
    _common(r)
    how = r.add_mutually_exclusive_group(required=True)
    how.add_argument("--applied", metavar="NAME", help="record NAME as applied (its changes are in the database)")
    how.add_argument("--rolled-back", metavar="NAME", help="record NAME's failed attempt as rolled back")
    r.set_defaults(func=run_resolve)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db",
        metavar="URL",
        help=DB_HELP,
    )
    p.add_argument(
        "--dir",
        metavar="DIR",
        help=DIR_HELP,
    )


def _db(args: argparse.Namespace) -> str:
    return str(database(args.db))


def _dir(args: argparse.Namespace) -> str:
    return migrations_dir(args.dir)


def run_apply(args: argparse.Namespace) -> int:
    from workbench.api.migrating import migrate

    report = migrate(
        _db(args), _dir(args), to=args.to, lock_timeout=args.lock_timeout, backup=args.backup, progress=args.progress
    )
    for line in report._text().splitlines():
        print(line, file=sys.stderr if line.startswith("warning:") else sys.stdout)
    return 0


def run_down(args: argparse.Namespace) -> int:
    from workbench.api.migrating import migrate_down

    if args.steps < 1:
        raise UsageError("--steps must be at least 1")
    report = migrate_down(_db(args), _dir(args), to=args.to, steps=args.steps, accept_data_loss=args.accept_data_loss)
    print(report._text())
    return 0


def run_resolve(args: argparse.Namespace) -> int:
    from workbench.api.migrating import resolve

    if args.applied:
        print(resolve(_db(args), _dir(args), args.applied, applied=True))
    else:
        print(resolve(_db(args), _dir(args), args.rolled_back, rolled_back=True))
    return 0
