"""Writing generated batches into SQLite: ``executemany`` over rows taken from the Arrow batches.

SQLite has no bulk format worth building by hand; ``executemany`` with one prepared INSERT per
batch, inside the single transaction :func:`workbench.seeding.api.seed` opens, loads a few
hundred thousand rows a second. Values are stored the way Prisma's SQLite adapters store them:
``DateTime`` as ISO 8601 text with milliseconds and ``+00:00``, Booleans as 0/1, ``Decimal`` as
its text (SQLite's NUMERIC affinity keeps it as a number), ``Json`` as text, ``Bytes`` as BLOB,
enums as their label, and lists (which SQLite lacks; the column is TEXT) as JSON arrays.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pyarrow as pa

from workbench.diagnostics import UserError
from workbench.seeding.load import _tables_with_rows, qident
from workbench.seeding.plan import ColumnPlan, Plan, TablePlan, qualified


def _table(t: TablePlan) -> str:
    return qident(t.name)  # SQLite has one namespace: Prisma's @@schema names are dropped in its DDL


def _iso(v: Any) -> Any:
    if isinstance(v, dt.datetime):
        if v.tzinfo is not None:
            v = v.astimezone(dt.UTC).replace(tzinfo=None)
        return v.isoformat(timespec="milliseconds") + "+00:00"
    if isinstance(v, (dt.date, dt.time)):
        return v.isoformat()
    return v


def _scalar(col: ColumnPlan) -> Callable[[Any], Any]:
    if col.base in ("timestamp", "timestamptz", "date", "time", "timetz"):
        return _iso
    if col.base in ("numeric", "money"):
        return lambda v: str(v) if isinstance(v, Decimal) else v
    if col.base == "uuid":
        return str
    return lambda v: v


def _converter(col: ColumnPlan) -> Callable[[list[Any]], list[Any]]:
    one = _scalar(col)
    if col.array:

        def array(values: list[Any]) -> list[Any]:
            return [None if v is None else json.dumps([_json(one(x)) for x in v]) for v in values]

        return array
    if col.base in ("timestamp", "timestamptz", "date", "time", "timetz", "numeric", "money", "uuid"):
        return lambda values: [None if v is None else one(v) for v in values]
    return lambda values: values


def _json(v: Any) -> Any:
    return v.hex() if isinstance(v, bytes) else v


CHUNK_ROWS = 1 << 16


class SqliteWriter:
    dialect = "sqlite"
    can_update_later = True  # SQLite checks foreign keys per statement: a later UPDATE may close a cycle

    def __init__(self, con: Any):
        self.con = con

    @contextlib.contextmanager
    def session(self) -> Iterator[None]:
        yield

    def missing_tables(self, plan: Plan) -> list[str]:
        have = {r[0] for r in self.con.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()}
        return [qualified(t.key) for t in plan.tables if t.name not in have]

    def tables_with_rows(self, plan: Plan) -> list[str]:
        return _tables_with_rows(lambda q: self.con.execute(q).fetchall(), plan, _table)

    def reset(self, plan: Plan) -> None:
        """DELETE every plan table's rows, children first, and restart their AUTOINCREMENT
        counters. Foreign keys are checked at the end of the transaction meanwhile
        (``defer_foreign_keys``), so tables in a cycle empty too; the pragma is put back after."""
        before = self.con.execute("PRAGMA defer_foreign_keys").fetchone()[0]
        self.con.execute("PRAGMA defer_foreign_keys = ON")
        try:
            for t in reversed(plan.tables):
                self.con.execute(f"DELETE FROM {_table(t)}")
            self._check_outside_references(plan)
        finally:
            self.con.execute(f"PRAGMA defer_foreign_keys = {'ON' if before else 'OFF'}")
        has_counters = self.con.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'"
        ).fetchone()[0]
        if has_counters:
            names = [t.name for t in plan.tables]
            self.con.execute(f"DELETE FROM sqlite_sequence WHERE name IN ({', '.join('?' * len(names))})", names)

    def _check_outside_references(self, plan: Plan) -> None:
        """A table outside the schema whose rows pointed at the deleted rows: refuse now (with the
        deferred check SQLite would only fail at COMMIT)."""
        names = {t.name for t in plan.tables}
        children = self.con.execute(
            'SELECT DISTINCT m.name, f."table" FROM sqlite_master m, pragma_foreign_key_list(m.name) f '
            "WHERE m.type = 'table' ORDER BY 1"
        ).fetchall()
        for child, parent in children:
            if child in names or parent not in names:
                continue
            if self.con.execute(f"PRAGMA foreign_key_check({qident(child)})").fetchone() is not None:
                raise UserError(
                    f"cannot reset: rows of `{child}` (not in the schema) reference `{parent}`; "
                    f"empty `{child}` first or seed without --reset (nothing was changed)"
                )

    def write(self, t: TablePlan, batch: pa.Table) -> None:
        self._insert(_table(t), t, batch)

    def _insert(self, target: str, t: TablePlan, batch: pa.Table) -> None:
        """INSERT a batch ``CHUNK_ROWS`` rows at a time: the Python values of a whole 512k-row
        batch would take several hundred MB."""
        names = batch.column_names
        sql = f"INSERT INTO {target} ({', '.join(qident(c) for c in names)}) VALUES ({', '.join('?' * len(names))})"
        for start in range(0, batch.num_rows, CHUNK_ROWS):
            part = batch.slice(start, CHUNK_ROWS)
            columns = [_converter(t.column(name))(part.column(name).to_pylist()) for name in names]
            self.con.executemany(sql, zip(*columns, strict=True))

    def update(self, t: TablePlan, key: tuple[str, ...], batch: pa.Table) -> None:
        names = batch.column_names
        sets = [c for c in names if c not in key]
        columns = {name: _converter(t.column(name))(batch.column(name).to_pylist()) for name in names}
        sql = (
            f"UPDATE {_table(t)} SET {', '.join(f'{qident(c)} = ?' for c in sets)} "
            f"WHERE {' AND '.join(f'{qident(c)} = ?' for c in key)}"
        )
        self.con.executemany(sql, zip(*(columns[c] for c in (*sets, *key)), strict=True))

    def fix_sequences(self, t: TablePlan) -> None:
        """Nothing to do: SQLite's AUTOINCREMENT counter follows the largest id inserted."""
