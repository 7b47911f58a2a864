"""What a live database says about a migration before it runs: row counts and the rows in the way.

:func:`gather_stats` reads the OLD database of a diff (read-only: ``SELECT count(*)`` queries, no
write, no lock beyond what a read takes) and counts, for the operations whose success depends on
the data, the rows that would make them fail: NULLs in a column becoming required, duplicates under
a new unique index, values that do not fit a narrowed type, rows holding a removed enum value,
rows whose foreign key matches no parent. :func:`workbench.migrate.hazards.hazards` turns those
counts into "will fail on 12 rows" (an error) or "no row in the way" (info).

Counts are keyed in the operations' terms (the table key an operation names, which is the new key
of a renamed table); the queries use the old names, found through the diff's own rename
operations. A query the database refuses (a type it cannot compare, a permission) is left out:
the hazard is then reported as without data, never as safe.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from workbench.emit.sql.common import literal, q, qualified
from workbench.ir.database import Database, DbTable
from workbench.migrate import ops as o
from workbench.migrate.diff import enum_users
from workbench.migrate.ops import Op, TableKey, key_of
from workbench.migrate.typechange import classify, misfit_predicate

if TYPE_CHECKING:
    from workbench.db.connection import Connection

# the kinds of counts in :attr:`Stats.failing`
NULLS, DUPLICATES, MISFITS, ENUM_ROWS, ORPHANS = "nulls", "duplicates", "misfits", "enum rows", "orphans"


@dataclass(frozen=True)
class Stats:
    """Row counts of the tables a diff touches, and per data-dependent operation the rows in its way."""

    dialect: str
    rows: Mapping[TableKey, int] = field(default_factory=dict)
    failing: Mapping[tuple[str, Op], int] = field(default_factory=dict)

    def count(self, what: str, op: Op) -> int | None:
        """Rows of kind ``what`` (:data:`NULLS`...) that make ``op`` fail; None when not counted."""
        return self.failing.get((what, op))


def table_sql(key: TableKey) -> str:
    return qualified(key[1], key[0])


class _OldNames:
    """The old name of what an operation names, through the diff's own rename operations."""

    def __init__(self, ops: Iterable[Op], old: Database) -> None:
        self.tables: dict[TableKey, TableKey] = {}
        self.columns: dict[tuple[TableKey, str], str] = {}
        for op in ops:
            if isinstance(op, o.RenameTable):
                self.tables[op.new] = op.old
            elif isinstance(op, o.RenameColumn):
                self.columns[(op.on, op.new)] = op.old
        self.old = {key_of(t): t for t in old.tables}

    def table(self, key: TableKey) -> DbTable | None:
        return self.old.get(self.tables.get(key, key))

    def column(self, key: TableKey, name: str) -> str | None:
        """The old column of ``key``'s ``name``, if the old table had it."""
        table = self.table(key)
        old = self.columns.get((key, name), name)
        return old if table is not None and table.column(old) is not None else None


def gather_stats(conn: Connection, ops: Iterable[Op], old: Database) -> Stats:
    """Count, read-only on ``conn`` (the OLD database), what the hazards of ``ops`` depend on."""
    ops = tuple(ops)
    names = _OldNames(ops, old)
    created = {op.table for op in ops if isinstance(op, o.CreateTable)}

    def scalar(query: str) -> int | None:
        try:
            result = conn.sql(query)
        except Exception:  # a refused read leaves the hazard without data, never "safe"
            return None
        value = result.rows[0][0] if result.rows else 0
        return int(value or 0)

    rows: dict[TableKey, int] = {}
    for op in ops:
        key = op.table
        if key is None or key in rows or key in created or isinstance(op, o.CreateTable):
            continue
        table = names.table(key) if not isinstance(op, o.DropTable) else names.old.get(key)
        if table is not None and (n := scalar(f"SELECT count(*) FROM {table_sql(key_of(table))}")) is not None:
            rows[key] = n
    failing: dict[tuple[str, Op], int] = {}
    for op in ops:
        for what, query in _checks(op, names, old, created, conn.dialect):
            if (n := scalar(query)) is not None:
                failing[(what, op)] = n
    return Stats(conn.dialect, rows, failing)


def _checks(op: Op, names: _OldNames, old: Database, created: set[TableKey], dialect: str) -> list[tuple[str, str]]:
    """(kind, counting query) for one operation, in old names."""
    if isinstance(op, o.AlterEnum):
        return _enum_checks(op, old, dialect)
    key = op.table
    if key is None or key in created:
        return []
    table = names.table(key)
    if table is None:
        return []
    source = table_sql(key_of(table))
    out: list[tuple[str, str]] = []
    if isinstance(op, o.AlterColumn) and (col := names.column(key, op.new.name)) is not None:
        if op.old.nullable and not op.new.nullable:
            out.append((NULLS, f"SELECT count(*) FROM {source} WHERE {q(col)} IS NULL"))
        if classify(op.old.type, op.new.type) == "narrow":
            predicate = misfit_predicate(q(col), op.old.type, op.new.type)
            if predicate is not None:
                out.append((MISFITS, f"SELECT count(*) FROM {source} WHERE {predicate}"))
    elif isinstance(op, o.CreateIndex | o.AddPrimaryKey):
        unique = op.index.unique if isinstance(op, o.CreateIndex) else True
        wanted = op.index.column_names if isinstance(op, o.CreateIndex) else op.key.columns
        cols = [names.column(key, c) for c in wanted]
        if unique and cols and all(c is not None for c in cols):
            listed = ", ".join(q(c) for c in cols if c is not None)
            where = " AND ".join(f"{q(c)} IS NOT NULL" for c in cols if c is not None)
            if isinstance(op, o.CreateIndex) and op.index.where:
                where += f" AND ({op.index.where})"
            groups = f"SELECT count(*) AS n FROM {source} WHERE {where} GROUP BY {listed} HAVING count(*) > 1"
            out.append((DUPLICATES, f"SELECT coalesce(sum(n), 0) FROM ({groups}) AS dup"))
    elif isinstance(op, o.AddForeignKey):
        out += _orphan_check(op, names, source)
    return out


def _orphan_check(op: o.AddForeignKey, names: _OldNames, source: str) -> list[tuple[str, str]]:
    cols = [names.column(op.on, c) for c in op.key.columns]
    if not cols or any(c is None for c in cols):
        return []
    present = " AND ".join(f"c.{q(c)} IS NOT NULL" for c in cols if c is not None)
    parent_key: TableKey = (op.key.ref_schema, op.key.ref_table)
    parent = names.table(parent_key)
    if parent is None:  # the parent table is new, so empty: every child row with a key is an orphan
        return [(ORPHANS, f"SELECT count(*) FROM {source} AS c WHERE {present}")]
    ref = [names.column(parent_key, c) for c in op.key.ref_columns]
    if any(r is None for r in ref):
        return []
    match = " AND ".join(f"p.{q(r)} = c.{q(c)}" for r, c in zip(ref, cols, strict=True) if r and c)
    missing = f"NOT EXISTS (SELECT 1 FROM {table_sql(key_of(parent))} AS p WHERE {match})"
    return [(ORPHANS, f"SELECT count(*) FROM {source} AS c WHERE {present} AND {missing}")]


def _enum_checks(op: o.AlterEnum, old: Database, dialect: str) -> list[tuple[str, str]]:
    removed = op.removed
    if not removed:
        return []
    tests = []
    for key, column in enum_users(old, op.old):
        col = q(column.name)
        if column.type.endswith("[]"):
            if dialect == "postgres":
                tests.append((key, " OR ".join(f"{literal(v)} = ANY({col})" for v in removed)))
            elif dialect == "duckdb":
                tests.append((key, " OR ".join(f"list_contains({col}, {literal(v)})" for v in removed)))
            continue
        tests.append((key, f"{col} IN ({', '.join(literal(v) for v in removed)})"))
    counts = [f"(SELECT count(*) FROM {table_sql(key)} WHERE {test})" for key, test in tests]
    return [(ENUM_ROWS, "SELECT " + " + ".join(counts))] if counts else [(ENUM_ROWS, "SELECT 0")]
