"""Columns the database computes itself (``GENERATED ALWAYS AS (...)``) are never written.

Prisma cannot declare a generated column: projects write ``@default(dbgenerated("..."))`` in the
schema and turn the column into ``GENERATED ALWAYS AS (...) STORED`` in a hand-edited migration
(Linen's full-text ``tsv``, stack-auth's derived e-mail columns). Seeding such a database must
leave those columns out of every INSERT/COPY, or the engine refuses the whole load ("cannot insert
a non-DEFAULT value into column"). The database is asked, not the schema: only it knows.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from workbench.diagnostics import Diagnostic, Severity
from workbench.diagnostics.catalog.seeding import GENERATED_COLUMN
from workbench.dialects import registry
from workbench.seeding.plan import Plan, TableKey, TablePlan, qualified

_INFORMATION_SCHEMA = (
    "SELECT table_schema, table_name, column_name FROM information_schema.columns WHERE is_generated = 'ALWAYS'"
)


def generated_columns(raw: Any, dialect: str, plan: Plan) -> dict[TableKey, set[str]]:
    """The plan's columns the database generates, by table (a read: nothing changes)."""
    found: dict[TableKey, set[str]] = {}
    if registry.get(dialect).information_schema:
        rows = _rows(
            raw, dialect, _INFORMATION_SCHEMA + " AND table_schema NOT IN ('pg_catalog', 'information_schema')"
        )
        default = _rows(raw, dialect, "SELECT current_schema()")[0][0]
        for schema, table, column in rows:
            key = ("" if schema == default else schema, table)
            found.setdefault(key, set()).add(column)
            found.setdefault((schema, table), set()).add(column)
    elif dialect == "sqlite":
        for t in plan.tables:
            # table_xinfo's `hidden`: 2 a VIRTUAL, 3 a STORED generated column
            rows = raw.execute(f"SELECT name, hidden FROM pragma_table_xinfo('{t.name.replace(chr(39), chr(39) * 2)}')")
            cols = {name for name, hidden in rows.fetchall() if hidden in (2, 3)}
            if cols:
                found[t.key] = cols
    return {t.key: found[t.key] & {c.name for c in t.columns} for t in plan.tables if found.get(t.key)}


def _rows(raw: Any, dialect: str, query: str) -> list[tuple[Any, ...]]:
    if dialect == "postgres":
        with raw.cursor() as cur:
            cur.execute(query)
            return list(cur.fetchall())
    return list(raw.execute(query).fetchall())


def leave_to_database(plan: Plan, generated: dict[TableKey, set[str]]) -> tuple[Plan, list[Diagnostic]]:
    """``plan`` without the generated columns (and the unique keys that include one: the database
    computes those values, the seeder cannot keep them distinct), with a note per column."""
    if not any(generated.values()):
        return plan, []
    notes: list[Diagnostic] = []
    tables: list[TablePlan] = []
    for t in plan.tables:
        cols = generated.get(t.key, set())
        if not cols:
            tables.append(t)
            continue
        for name in sorted(cols):
            notes.append(
                Diagnostic(
                    GENERATED_COLUMN,
                    Severity.INFO,
                    f"`{qualified(t.key)}.{name}` is a generated column in the database: not written, it computes it",
                    t.origin,
                )
            )
        tables.append(
            replace(
                t,
                columns=tuple(c for c in t.columns if c.name not in cols),
                uniques=tuple(u for u in t.uniques if not set(u) & cols),
                skipped=(*t.skipped, *sorted(cols)),
            )
        )
    return replace(plan, tables=tuple(tables)), notes
