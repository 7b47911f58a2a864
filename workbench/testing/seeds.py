"""Seed data tests: constraints hold, row counts, and the same seed gives the same rows.

The constraints are checked with plain SQL on the real engine, against the *schema's* idea of the
tables when one is given, not only the database's: a database built with ``relationMode =
"prisma"`` (no foreign keys in the database), or filled while constraints were dropped, still has
its orphans found. Each failure names the table, the column or key, how many rows, and a few of them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from workbench.testing.errors import fail

if TYPE_CHECKING:
    from workbench.api.database import Database
    from workbench.api.schema import LoadedSchema
    from workbench.ir.database import Database as DatabaseView
    from workbench.ir.database import DbTable

SAMPLE = 3  # rows shown per problem


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _table(t: DbTable) -> str:
    return f"{_q(t.schema)}.{_q(t.name)}" if t.schema else _q(t.name)


def _label(t: DbTable) -> str:
    return f"{t.schema}.{t.name}" if t.schema else t.name


def _shape(db: Database, schema: LoadedSchema | None) -> DatabaseView:
    """The tables to check: the schema lowered for the database's engine, else the database's own catalog.

    Relations are checked as foreign keys also under ``relationMode = "prisma"`` (where the
    database has none and Prisma Client keeps them): the data must hold them all the same.
    """
    if schema is None:
        return db.introspect()
    from dataclasses import replace

    from workbench.dialects import lower

    ir = schema.schema
    if ir.datasource is not None and ir.datasource.relation_mode is not None:
        ir = replace(ir, datasource=replace(ir.datasource, relation_mode=None))
    return lower(ir, db.dialect)[0]


def _values(rows: Any) -> str:
    return ", ".join("(" + ", ".join(repr(v) for v in r) + ")" if len(r) > 1 else repr(r[0]) for r in rows)


def constraint_violations(db: Database, schema: LoadedSchema | None = None) -> list[str]:
    """Every NOT NULL, primary key, unique and foreign key the data breaks, one line each (empty: all hold)."""
    shape = _shape(db, schema)
    tables = {(t.schema, t.name): t for t in shape.tables}
    out: list[str] = []
    for t in shape.tables:
        q = _table(t)
        for c in t.columns:
            if not c.nullable:
                n = db.sql(f"SELECT count(*) FROM {q} WHERE {_q(c.name)} IS NULL").rows[0][0]
                if n:
                    out.append(f"{_label(t)}.{c.name}: {n} row(s) with NULL in a required column")
        keys = [("primary key", t.primary_key.columns)] if t.primary_key else []
        keys += [(f"unique {ix.name}", ix.column_names) for ix in t.indexes if ix.unique and ix.where is None]
        for what, columns in keys:
            cols = ", ".join(_q(c) for c in columns)
            present = " AND ".join(f"{_q(c)} IS NOT NULL" for c in columns)
            dups = db.sql(
                f"SELECT {cols}, count(*) FROM {q} WHERE {present} GROUP BY {cols} HAVING count(*) > 1 ORDER BY {cols}"
            ).rows
            if dups:
                shown = _values([r[:-1] for r in dups[:SAMPLE]])
                out.append(f"{_label(t)}: {len(dups)} duplicated value(s) of {what} ({', '.join(columns)}): {shown}")
        for fk in t.foreign_keys:
            parent = tables.get((fk.ref_schema, fk.ref_table))
            if parent is None:
                out.append(f"{_label(t)}: foreign key {fk.name} points at a table that is missing: {fk.ref_table}")
                continue
            on = " AND ".join(f"c.{_q(a)} = p.{_q(b)}" for a, b in zip(fk.columns, fk.ref_columns, strict=True))
            set_ = " AND ".join(f"c.{_q(a)} IS NOT NULL" for a in fk.columns)
            cols = ", ".join(f"c.{_q(a)}" for a in fk.columns)
            orphans = db.sql(
                f"SELECT DISTINCT {cols} FROM {q} c LEFT JOIN {_table(parent)} p ON {on} "
                f"WHERE {set_} AND p.{_q(fk.ref_columns[0])} IS NULL ORDER BY {cols}"
            ).rows
            if orphans:
                target = f"{_label(parent)}({', '.join(fk.ref_columns)})"
                out.append(
                    f"{_label(t)}.{', '.join(fk.columns)}: {len(orphans)} value(s) match no {target} "
                    f"(foreign key {fk.name}): {_values(orphans[:SAMPLE])}"
                )
    return out


def assert_constraints_hold(db: Database, schema: LoadedSchema | None = None) -> None:
    """Fail naming every broken NOT NULL, primary key, unique and foreign key of ``db``'s data.

    ``schema``: the schema the data must satisfy (lowered for ``db``'s engine); without it the
    database's own catalog is used (which the engine enforces already, save for foreign keys it
    was told to skip).
    """
    __tracebackhide__ = True
    problems = constraint_violations(db, schema)
    if problems:
        raise fail(f"{len(problems)} constraint(s) broken by the data in {db.url}:", problems)


def row_counts(db: Database) -> dict[str, int]:
    """Rows per table (``schema.table`` outside the default schema), tables in name order."""
    shape = db.introspect()
    return {_label(t): db.sql(f"SELECT count(*) FROM {_table(t)}").rows[0][0] for t in sorted(shape.tables, key=_label)}


def assert_row_counts(db: Database, expected: Mapping[str, int] | int, *, schema: LoadedSchema | None = None) -> None:
    """Fail naming each table whose row count differs: ``expected`` per table, or one count for all.

    Tables are named as in the database, or by Prisma model name when ``schema`` is given
    (``{"User": 10}`` for a model mapped to ``users``). The history table ``_prisma_migrations``
    is left out of a single count.
    """
    __tracebackhide__ = True
    counts = row_counts(db)
    names = {m.name: m.db_name for m in schema.models} if schema is not None else {}
    if isinstance(expected, int):
        wanted = {name: expected for name in counts if name != "_prisma_migrations"}
    else:
        wanted = {names.get(k, k): v for k, v in expected.items()}
    problems = []
    for table, n in wanted.items():
        if table not in counts:
            problems.append(f"{table}: no such table (tables: {', '.join(counts)})")
        elif counts[table] != n:
            problems.append(f"{table}: {counts[table]} row(s), expected {n}")
    if problems:
        raise fail("row counts differ:", problems)


def table_rows(db: Database, table: DbTable) -> list[tuple[Any, ...]]:
    """All rows of a table, sorted by their text form (what the determinism check compares)."""
    cols = ", ".join(_q(c.name) for c in table.columns)
    return sorted(db.sql(f"SELECT {cols} FROM {_table(table)}").rows, key=repr)


def fingerprint(db: Database) -> dict[str, str]:
    """Per table, a short hash of its sorted rows: equal fingerprints, equal contents."""
    shape = db.introspect()
    out = {}
    for t in sorted(shape.tables, key=_label):
        out[_label(t)] = hashlib.sha256(repr(table_rows(db, t)).encode()).hexdigest()[:16]
    return out


def assert_seed_deterministic(
    schema: LoadedSchema,
    new_db: Callable[[], Database],
    fill: Callable[[Database], Any] | None = None,
    *,
    seed: int = 0,
    rows: int | Mapping[str, int] = 10,
) -> None:
    """Fill two new databases the same way and fail naming the tables whose rows differ.

    ``new_db()`` gives an empty database (the plugin's ``wb_new_db`` fixture; ``wb.connect`` for
    DuckDB in memory). ``fill(db)`` is your own seed script; without it, :func:`workbench.seed`
    with ``seed`` and ``rows``. A seed script that reads the clock or an unseeded random source
    fails here, with a row that differs.
    """
    __tracebackhide__ = True
    from workbench.api.seeding import seed as wb_seed

    def run(db: Database) -> None:
        db.apply(schema)
        if fill is None:
            wb_seed(schema, db, rows, seed=seed)
        else:
            fill(db)

    first, second = new_db(), new_db()
    run(first)
    run(second)
    problems = []
    for t in sorted(first.introspect().tables, key=_label):
        a, b = table_rows(first, t), table_rows(second, t)
        if a != b:
            only_a = [r for r in a if r not in b][:1]
            only_b = [r for r in b if r not in a][:1]
            columns = ", ".join(c.name for c in t.columns)
            problems.append(
                f"{_label(t)}: {len(a)} and {len(b)} rows; first run has ({columns}) = {_values(only_a) or '-'}, "
                f"second run has {_values(only_b) or '-'}"
            )
    if problems:
        raise fail("two runs of the same seed wrote different rows:", problems)
