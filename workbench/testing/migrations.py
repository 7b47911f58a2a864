"""Migration tests: every migration's down script undoes it, the folder matches the schema, and a
rehearsal on seeded data finds nothing.

The round trip compares catalogs (the database introspected as the IR's database view, history
table left out) and names what differs as the differ's operations ("Post: add column slug"), so a
down script that forgets an index fails with that index's name.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from workbench.testing.errors import fail

if TYPE_CHECKING:
    from workbench.api.database import Database
    from workbench.api.schema import LoadedSchema
    from workbench.ir.database import Database as DatabaseView
    from workbench.migrate.rehearse_report import Rehearsal

Folder = str | os.PathLike[str]
HISTORY = "_prisma_migrations"


def catalog(db: Database) -> DatabaseView:
    """The database's tables, enums and views, normalised, without the migration history table."""
    from dataclasses import replace

    view = db.introspect()
    return replace(view, tables=tuple(t for t in view.tables if t.name != HISTORY)).normalized()


def differences(before: DatabaseView, after: DatabaseView) -> list[str]:
    """What changes from ``before`` to ``after``, one line per operation ("Post: add column slug")."""
    from workbench.migrate.diff import diff_databases
    from workbench.migrate.ops import show

    return [f"{show(op.table) if op.table else 'database'}: {op.summary()}" for op in diff_databases(before, after)]


def assert_migrations_round_trip(db: Database, folder: Folder) -> None:
    """Apply the folder's migrations one by one on the empty database ``db``; after each, its
    ``down.sql`` must bring the catalog back to what it was before, and applying it again must give
    the same catalog as the first time. Fails naming the migration and what differs; stops at the
    first migration that does not round-trip (the ones after it would start from a wrong state).
    """
    __tracebackhide__ = True
    from workbench.diagnostics import UserError
    from workbench.migrate.folder import read_folder

    problems: list[str] = []
    for migration in read_folder(folder):
        before = catalog(db)
        step = "up"
        try:
            db.migrate(folder, to=migration.name)
            after = catalog(db)
            if migration.down is None:
                problems.append(f"{migration.name}: no down.sql (write it with `workbench migrate down-scripts`)")
                break
            step = "down"
            db.migrate_down(folder, steps=1, accept_data_loss=True)
            left = differences(before, catalog(db))
            if left:
                problems.append(f"{migration.name}: down.sql does not restore the catalog; still changed:")
                problems += [f"  {line}" for line in left]
                break
            step = "up again"
            db.migrate(folder, to=migration.name)
        except UserError as exc:
            problems.append(f"{migration.name}: {step} failed: {exc}")
            break
        again = differences(after, catalog(db))
        if again:
            problems.append(f"{migration.name}: applied again after down.sql, the catalog differs:")
            problems += [f"  {line}" for line in again]
            break
    if problems:
        raise fail(f"the up/down round trip of {os.fspath(folder)} does not hold:", problems)


def assert_migrations_match_schema(folder: Folder, schema: LoadedSchema, *, dialect: str | None = None) -> None:
    """Fail when the schema changed without a migration: the folder replayed differs from ``schema``
    (what ``prisma migrate diff --exit-code`` checks in CI). Names each change still to migrate."""
    __tracebackhide__ = True
    from workbench.api.diffing import diff

    changes = diff(folder, schema, dialect=dialect)
    if not changes.empty:
        lines = [f"{table or 'database'}: {what}" for table, _, what, _ in changes.rows()]
        raise fail(
            f"{schema.origin} has changes that no migration of {os.fspath(folder)} makes "
            "(write one with `workbench migrate new NAME`):",
            lines,
        )


def assert_rehearsal_ok(
    source: Any,
    rows: int = 100,
    *,
    server: str | None = None,
    max_lock_seconds: float = 1.0,
    allow_data_loss: bool = False,
    **options: Any,
) -> Rehearsal:
    """Rehearse a migration (a folder's last one, ``migration="NAME"``, a diff or a pair ``(old, new)``)
    on ``rows`` seeded rows per table, on DuckDB in memory or a scratch database on the PostgreSQL
    ``server``, and fail with the rehearsal's report when a statement fails on the data, the down
    script does not restore the schema, data is lost (unless ``allow_data_loss``), or a lock blocks
    writes for longer than ``max_lock_seconds`` (at a test's few rows every lock is short: the
    rehearsal's report, not this threshold, is where to judge a production table's lock).
    Returns the rehearsal.
    """
    __tracebackhide__ = True
    from workbench.api.rehearsing import rehearse

    report = rehearse(source, rows, server, **options)
    problems = []
    if report.failed:
        problems.append("a statement fails on the data")
    if report.round_trip_ok is False:
        problems.append("the down script does not restore the schema")
    lost = [f"{s.table}.{s.column}" for s in report.survival if not s.kept]
    if lost and not allow_data_loss:
        problems.append(f"data is lost in {', '.join(lost)}")
    for t in report.blocking():
        lock = t.strongest
        if lock is not None and lock.held is not None and lock.held > max_lock_seconds:
            problems.append(f"line {t.step.line} blocks writes to {lock.table} for more than {max_lock_seconds} s")
    if problems:
        raise fail(f"rehearsal: {report.headline()}", report._text().splitlines()[1:])
    return report
