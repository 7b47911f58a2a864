"""Creation order for dialects that need foreign keys inline in CREATE TABLE (DuckDB).

DuckDB has no ``ALTER TABLE ... ADD FOREIGN KEY``, so a table can only reference tables created
before it (or itself). :func:`creation_order` is a stable topological sort (original order
wherever the references allow it); :func:`break_fk_cycles` drops, with a warning, the foreign
keys that close a cycle so that such an order exists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from workbench.diagnostics.catalog import dialects as codes
from workbench.dialects.context import LoweringContext
from workbench.ir.database import DbTable

TableKey = tuple[str, str]


def _key(schema: str | None, name: str) -> TableKey:
    return (schema or "", name)


def _deps(table: DbTable, known: set[TableKey]) -> set[TableKey]:
    me = _key(table.schema, table.name)
    return {k for fk in table.foreign_keys if (k := _key(fk.ref_schema, fk.ref_table)) != me and k in known}


def creation_order(tables: Sequence[DbTable]) -> tuple[list[DbTable], list[DbTable]]:
    """(ordered tables, tables left in a cycle). Each step takes the first ready table."""
    known = {_key(t.schema, t.name) for t in tables}
    remaining = list(tables)
    done: set[TableKey] = set()
    ordered: list[DbTable] = []
    progress = True
    while remaining and progress:
        progress = False
        for i, table in enumerate(remaining):
            if _deps(table, known) <= done:
                ordered.append(table)
                done.add(_key(table.schema, table.name))
                del remaining[i]
                progress = True
                break
    return ordered, remaining


def break_fk_cycles(lw: LoweringContext, tables: list[DbTable]) -> list[DbTable]:
    """Drop the foreign keys that make inline creation impossible (first stuck table first)."""
    result = list(tables)
    while True:
        _, stuck = creation_order(result)
        if not stuck:
            return result
        victim = stuck[0]
        pending = {_key(t.schema, t.name) for t in stuck} - {_key(victim.schema, victim.name)}
        kept = []
        for fk in victim.foreign_keys:
            if _key(fk.ref_schema, fk.ref_table) in pending:
                lw.warn(
                    codes.FOREIGN_KEY_CYCLE,
                    f"table `{victim.name}`: foreign key `{fk.name}` to `{fk.ref_table}` closes a cycle; "
                    "DuckDB only takes foreign keys inside CREATE TABLE, so it is left out",
                    victim.origin,
                )
            else:
                kept.append(fk)
        index = result.index(victim)
        result[index] = replace(victim, foreign_keys=tuple(kept))
