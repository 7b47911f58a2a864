"""``migrate``, ``migrate_down`` and ``resolve`` for notebooks and scripts: a database and a migrations folder.

``db`` is an open :class:`~workbench.api.database.Database` (or any connection) or a URL, opened for
the call and closed after it. The work itself is :mod:`workbench.migrate.runner`'s.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from workbench.db.connection import Connection
from workbench.migrate import runner
from workbench.migrate.locking import DEFAULT_TIMEOUT
from workbench.migrate.runner import ApplyReport, DownReport

Target = Connection | str
Folder = str | os.PathLike[str]


@contextmanager
def _opened(db: Target) -> Iterator[Connection]:
    if isinstance(db, Connection):
        yield db
        return
    with Connection.open(db) as conn:
        yield conn


def migrate(
    db: Target,
    dir: Folder,
    *,
    to: str | None = None,
    lock_timeout: float = DEFAULT_TIMEOUT,
    backup: str | os.PathLike[str] | None = None,
    progress: bool | None = None,
) -> ApplyReport:
    """Apply the folder's pending migrations (up to and including ``to``), as ``prisma migrate deploy``.

    Refuses (nothing run) when an applied migration's file was edited or one failed half-way
    before; stops at the first failing migration (it is rolled back, the ones before stay applied).
    ``backup``: a folder to copy the database into first, when something is pending. ``progress``:
    a bar over the pending migrations (None: when it lasts over 2 s in Jupyter or on a terminal).
    """
    with _opened(db) as conn:
        return runner.apply(conn, dir, to=to, lock_timeout=lock_timeout, backup=backup, progress=progress)


def migrate_down(
    db: Target,
    dir: Folder,
    *,
    to: str | None = None,
    steps: int = 1,
    accept_data_loss: bool = False,
    lock_timeout: float = DEFAULT_TIMEOUT,
) -> DownReport:
    """Roll back the newest ``steps`` applied migrations (or every one after ``to``) with their down.sql."""
    with _opened(db) as conn:
        return runner.down(conn, dir, to=to, steps=steps, accept_data_loss=accept_data_loss, lock_timeout=lock_timeout)


def resolve(db: Target, dir: Folder, name: str, *, applied: bool = False, rolled_back: bool = False) -> str:
    """Mark migration ``name`` applied or rolled back without running it (``prisma migrate resolve``)."""
    with _opened(db) as conn:
        return runner.resolve(conn, dir, name, applied=applied, rolled_back=rolled_back)
