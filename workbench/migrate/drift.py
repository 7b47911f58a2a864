"""Drift: what the live database has that its migration history does not say, and the way out both ways.

The history's state is the folder's ``migration.sql`` files of the APPLIED migrations replayed by
the SQL loader (pending ones are not in the database yet, so they are not drift); the database's is
what introspection reads. Both are database views of the connection's dialect and are compared
with the same differ as ``migrate diff`` (:func:`workbench.migrate.diff.diff_databases`), so a
change made by hand reads as a migration would: "add column User.nickname", "drop index ...".

Prisma answers drift with "we need to reset your database" (prisma/orm#8079). We give both
reconciling scripts instead: ``record`` (folder state -> database: write it as a new migration and
mark it applied, keeping the hand change) and ``revert`` (database -> folder state: run it to undo
the hand change). Neither is run here: computing drift only reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from workbench.diagnostics import Diagnostic
from workbench.ir.database import Database
from workbench.migrate.diff import diff_databases
from workbench.migrate.folder import Migration
from workbench.migrate.hazards import hazards
from workbench.migrate.history import TABLE
from workbench.migrate.result import Diff


@dataclass(frozen=True)
class Drift:
    """The difference between the history's state and the live database; empty when there is none.

    ``record``: the diff from the history's state to the database (its ``.sql()`` is the migration
    that records the hand change); ``revert``: the diff back (its ``.sql()`` puts the database back
    to the history's state). ``problems``: why the history's state could not be replayed exactly
    (errors of the SQL loader), in which case the drift may be partly the loader's.
    """

    record: Diff
    revert: Diff
    problems: tuple[Diagnostic, ...] = ()

    @property
    def empty(self) -> bool:
        return self.record.empty

    def changes(self) -> list[str]:
        """What was changed by hand, one line each, as the migration that records it reads."""
        return [op.summary() for op in self.record.ops]

    def to_json(self) -> dict[str, object]:
        return {
            "changes": self.changes(),
            "recordSql": self.record.sql() if not self.empty else "",
            "revertSql": self.revert.sql() if not self.empty else "",
            "revertHazards": [h.to_json() for h in self.revert.hazards],
            "replayProblems": [d.message for d in self.problems],
        }


def history_state(applied: Sequence[Migration], dialect: str) -> tuple[Database, tuple[Diagnostic, ...]]:
    """The database view the applied migrations build, replayed by the SQL loader in ``dialect``;
    with the loader's errors (a statement it cannot read makes the replay inexact)."""
    from workbench.loaders.sql import load_sql

    if not applied:
        return Database(dialect=dialect), ()
    result = load_sql([m.up_path for m in applied], dialect=dialect)
    return result.database, tuple(result.errors)


def live_state(raw: object) -> Database:
    """The live database's view (introspected, read only), without the history table itself."""
    from workbench.loaders.introspect import introspect

    database = introspect(raw)[0]
    tables = tuple(t for t in database.tables if t.name != TABLE)
    return replace(database, tables=tables)


def compare(history: Database, live: Database, problems: tuple[Diagnostic, ...] = ()) -> Drift:
    """The drift between the history's state and the live database (both of one dialect)."""
    live = _views_by_name(history, live)
    record_ops = diff_databases(history, live)
    revert_ops = diff_databases(live, history)
    record = Diff(history, live, record_ops, hazards=hazards(record_ops, history, live))
    revert = Diff(live, history, revert_ops, hazards=hazards(revert_ops, live, history))
    return Drift(record, revert, problems)


def _views_by_name(history: Database, live: Database) -> Database:
    """Introspection reads a view's name, not its query (the catalog's deparsed text never equals
    the migration's), so a live view the history also creates counts as that view: a view is
    drift only when it is missing (cal.com's folder creates views with CREATE OR REPLACE VIEW)."""
    known = {(v.schema, v.name): v for v in history.views}
    views = tuple(known.get((v.schema, v.name), v) if v.definition is None else v for v in live.views)
    return replace(live, views=views)
