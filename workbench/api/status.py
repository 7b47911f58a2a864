"""``migration_status(db, dir)``: the migrations of a folder against a database's history, and drift.

The notebook's and the CLI's way into :func:`workbench.migrate.status.status`: it opens the
database when given a URL (and closes it), reads the folder, and only reads both.
"""

from __future__ import annotations

import os

from workbench.db.connection import Connection
from workbench.migrate.folder import read_folder
from workbench.migrate.status import MigrationStatus, status


def migration_status(
    db: Connection | str,
    dir: str | os.PathLike[str] = "migrations",
    *,
    drift: bool = True,
    times: bool = False,
) -> MigrationStatus:
    """Which migrations of ``dir`` are applied, pending, failed or modified on ``db``, and its drift.

    ``db``: an open :class:`~workbench.db.connection.Connection` (``wb.connect(...)``) or a URL
    (opened, read, closed; a DuckDB/SQLite file that does not exist is an error, never created).
    ``drift=False`` skips the introspection; ``times=True`` shows when each migration ran.
    Nothing is written: a database without ``_prisma_migrations`` has every migration pending.
    """
    folder = read_folder(dir)
    if isinstance(db, Connection):
        return status(db, folder, drift=drift, times=times)
    with Connection.open(db, create=False) as conn:
        return status(conn, folder, drift=drift, times=times)
