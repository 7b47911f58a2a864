"""``workbench backup --db URL PATH`` and ``workbench restore PATH --db URL``: a rollback plan for
the steps a down script cannot undo (see :mod:`workbench.migrate.backup` for the rules)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from workbench.cli.common import add_command, database, exit_codes
from workbench.cli.paths import nonempty
from workbench.db.urls import as_url

if TYPE_CHECKING:
    from workbench.cli.common import Subparsers

PURPOSE = "copy a database to a backup (DuckDB EXPORT DATABASE, SQLite backup API, pg_dump)"
EPILOG = f"""\
examples:
  workbench backup --db postgresql://me@localhost/shop backups/shop-before-0042.dump
  workbench backup --db app.duckdb backups/app-export

PATH must not exist yet (or be empty): a backup never overwrites. PostgreSQL needs pg_dump
(postgresql-client); the password goes to it through its environment, never its command line.

{exit_codes("the backup failed (nothing was written)")}
"""
RESTORE_PURPOSE = "restore a backup written by `workbench backup` into a database"
RESTORE_EPILOG = f"""\
examples:
  workbench restore backups/shop-before-0042.dump --db postgresql://me@localhost/shop_restored
  workbench restore backups/app-export --db app.duckdb --force

The database must be empty unless --force: then PostgreSQL gets pg_restore --clean --if-exists
(the backup's objects are dropped and recreated) and a DuckDB/SQLite file becomes the backup.
A failed restore leaves the database as it was.

{exit_codes("the restore failed or was refused (the database is unchanged)")}
"""


def _db_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db",
        type=nonempty,
        help="the database: postgresql://..., duckdb:///file.duckdb, sqlite:///file.db or a bare .duckdb/.db "
        "file (default: $DATABASE_URL, the project's, or the schema datasource's url)",
    )


def _url(args: argparse.Namespace) -> str:
    return as_url(str(database(args.db)))


def register(sub: Subparsers) -> argparse.ArgumentParser:
    p = add_command(sub, "backup", PURPOSE, "Copy a database to a backup file or directory.", EPILOG)
    _db_option(p)
    p.add_argument("path", type=nonempty, help="where to write the backup (a new file; a directory for DuckDB)")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    from workbench.db.connection import Connection
    from workbench.migrate.backup import backup

    with Connection.open(_url(args), create=False) as conn:
        report = backup(conn, args.path)
    print(report._text(), file=sys.stderr)
    return 0


def register_restore(sub: Subparsers) -> argparse.ArgumentParser:
    p = add_command(sub, "restore", RESTORE_PURPOSE, "Restore a backup into a database.", RESTORE_EPILOG)
    p.add_argument("path", type=nonempty, help="the backup written by `workbench backup`")
    _db_option(p)
    p.add_argument("--force", action="store_true", help="restore into a database that is not empty (see below)")
    p.set_defaults(func=run_restore)
    return p


def run_restore(args: argparse.Namespace) -> int:
    from workbench.db.secrets import redact_url
    from workbench.migrate.backup import restore

    url = _url(args)
    objects = restore(args.path, url, force=args.force)
    print(f"restored {args.path} into {redact_url(url)}: {objects} objects", file=sys.stderr)
    return 0
