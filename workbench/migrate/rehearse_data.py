"""Data fingerprints for a rehearsal: did every row and value that should survive the migration survive?

A fingerprint holds, per column, the row count, the non-NULL count and an order-independent
digest of the values keyed by the primary key: the sum of one hash per row of ``key || value``
(as text), computed by the database in one aggregate query per table, so a million rows take a
scan, not a transfer. Equal digests mean the same value on the same row (up to hash collisions);
a value moved to another row, changed, or cast to another spelling changes the digest.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from workbench.ir.database import Database, DbTable
from workbench.migrate.ops import TableKey, show

ColumnKey = tuple[TableKey, str]


@dataclass(frozen=True)
class ColumnPrint:
    rows: int
    values: int  # non-NULL values
    digest: str


Fingerprint = dict[ColumnKey, ColumnPrint]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _table_sql(t: DbTable, dialect: str) -> str:
    def text(col: str) -> str:
        return f"CAST({_quote(col)} AS {'text' if dialect == 'postgres' else 'VARCHAR'})"

    def hashed(expr: str) -> str:
        return f"hashtextextended({expr}, 0)" if dialect == "postgres" else f"hash({expr})"

    keys = t.primary_key.columns if t.primary_key else ()
    key = " || chr(30) || ".join(text(k) for k in keys) if keys else "''"
    parts = ["count(*)"]
    for c in t.columns:
        parts.append(f"count({_quote(c.name)})")
        row = hashed(f"{key} || chr(31) || {text(c.name)}")
        parts.append(f"CAST(sum(CASE WHEN {_quote(c.name)} IS NULL THEN NULL ELSE {row} END) AS VARCHAR)")
    where = f"{_quote(t.schema)}.{_quote(t.name)}" if t.schema else _quote(t.name)
    return f"SELECT {', '.join(parts)} FROM {where}"


def fingerprint(raw: Any, database: Database) -> Fingerprint:
    """The fingerprint of every column of every table of ``database`` (the live catalog) on ``raw``."""
    out: Fingerprint = {}
    for t in database.tables:
        row = raw.execute(_table_sql(t, database.dialect)).fetchone()
        rows = int(row[0])
        for i, c in enumerate(t.columns):
            out[((t.schema, t.name), c.name)] = ColumnPrint(rows, int(row[1 + 2 * i]), str(row[2 + 2 * i] or "0"))
    return out


@dataclass(frozen=True)
class Survival:
    """What became of one column of the old schema (``now``: where it is after the migration, or None)."""

    table: str
    column: str
    now: str | None
    rows_before: int
    rows_lost: int
    values_before: int
    values_lost: int  # values of a column that is gone, or of rows that are gone
    nulls_introduced: int
    changed: bool  # same counts, other values (a cast that respelled them, or values moved)

    @property
    def kept(self) -> bool:
        return not (self.rows_lost or self.values_lost or self.nulls_introduced or self.changed)


def follow(
    before: Fingerprint,
    after: Fingerprint,
    tables: Mapping[TableKey, TableKey],
    columns: Mapping[tuple[TableKey, str], str],
) -> list[Survival]:
    """Compare every old column with where the migration put it (renamed tables and columns followed)."""
    out = []
    for (table, column), was in sorted(before.items(), key=lambda kv: (show(kv[0][0]), kv[0][1])):
        new_table = tables.get(table, table)
        new_column = columns.get((new_table, column), column)
        now = after.get((new_table, new_column))
        where = f"{show(new_table)}.{new_column}" if now is not None else None
        if now is None:
            rows_now = next((p.rows for (t, _), p in after.items() if t == new_table), 0)
            rows_lost = max(0, was.rows - rows_now)
            out.append(Survival(show(table), column, None, was.rows, rows_lost, was.values, was.values, 0, False))
            continue
        rows_lost = max(0, was.rows - now.rows)
        nulls = max(0, was.values - now.values - rows_lost)
        lost = min(was.values, rows_lost) if rows_lost else 0
        changed = not (rows_lost or nulls) and now.digest != was.digest
        out.append(Survival(show(table), column, where, was.rows, rows_lost, was.values, lost, nulls, changed))
    return out


def round_trip(before: Fingerprint, after: Fingerprint) -> list[Survival]:
    """After up and down: every old column back, with its values (no renames to follow: the names are back)."""
    return [s for s in follow(before, after, {}, {}) if not s.kept]
