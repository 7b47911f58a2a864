"""``wb.rehearse(...)``: run a migration on seeded data in a scratch database before it runs for real.

The feature (:mod:`workbench.migrate.rehearse`) takes a :class:`~workbench.migrate.result.Diff`
or a migrations folder; here a diff may also be given as its two sides (``(old, new)``, each
anything :func:`workbench.api.diffing.diff` takes), diffed for the scratch database's engine.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from workbench.migrate.result import Diff

if TYPE_CHECKING:
    from workbench.api.diffing import Side
    from workbench.migrate.rehearse_report import Rehearsal

Source = Diff | str | os.PathLike[str] | tuple["Side", "Side"]


def rehearse(
    source: Source,
    rows: int = 1000,
    db: str | None = None,
    migration: str | None = None,
    seed: int = 0,
    *,
    renames: Mapping[str, str] | Iterable[str] | str | None = None,
    progress: bool | None = None,
) -> Rehearsal:
    """Rehearse a migration on ``rows`` seeded rows per table and report what it did.

    ``source``: a diff (``wb.diff(old, new)``), a pair ``(old, new)`` to diff (with ``renames=``), or
    a migrations folder (its last migration, or ``migration="NAME"``; the old state is the folder
    replayed up to the one before). ``db``: a PostgreSQL server URL: a throwaway database is
    created there and dropped afterwards, and each statement's locks are measured; None rehearses
    on DuckDB in memory. Nothing but the scratch database is touched. ``seed`` fixes the rows.

    The :class:`~workbench.migrate.rehearse_report.Rehearsal` names the statements that fail on
    the data or block writes (and for how long), per-column data survival and the round trip
    through the down script; ``.to_frame()`` has one row per statement, ``.ok`` is True when clean.
    ``progress``: bars while seeding and rehearsing (None: when it lasts over 2 s in Jupyter or on a terminal).
    """
    from workbench.migrate.rehearse import rehearse as rehearse_feature

    if isinstance(source, tuple):
        from dataclasses import replace

        if migration is not None:
            from workbench.diagnostics import UserError

            raise UserError("migration= names a migration of a folder; a pair (old, new) is one migration already")

        from workbench.api.diffing import _side, diff
        from workbench.migrate.rehearse_input import from_diff

        old, new = (_side(side) for side in source)
        changes = diff(old, new, dialect="postgres" if db is not None else "duckdb", renames=renames)
        # the old side's own model view seeds better than one lifted from its tables (enums, defaults)
        plan = from_diff(changes)
        plan = replace(plan, model=old.schema) if old.database is None else plan
        return rehearse_feature(plan, rows, db=db, seed=seed, progress=progress)
    if renames is not None:
        from workbench.diagnostics import UserError

        raise UserError("renames= goes with a pair (old, new) to diff; a diff or a folder has its renames already")
    return rehearse_feature(source, rows, db=db, migration=migration, seed=seed, progress=progress)
