"""Build the seeding plan of a schema: tables in foreign-key order, cycles broken, rows assigned.

Kept apart from :mod:`workbench.seeding.plan` (the plan's data types) because building a plan uses
the modules that read plans (``bounds``, ``unique``, ``unsupported``): with both in one module they
imported each other in a circle.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

from workbench.diagnostics import Diagnostic, Severity, Span
from workbench.diagnostics.catalog.seeding import CYCLE_NOT_BREAKABLE
from workbench.ir.database import Database, DbTable
from workbench.ir.schema import Model, Schema
from workbench.seeding.bounds import assign_rows
from workbench.seeding.plan import (
    DEFAULT_ROWS,
    FkPlan,
    Plan,
    TableKey,
    TablePlan,
    column_plan,
    key_of,
    qualified,
)
from workbench.seeding.unique import strategies
from workbench.seeding.unsupported import unsupported_columns


def _model_for(schema: Schema, table: DbTable) -> Model | None:
    for m in schema.tables:
        if m.db_name == table.name and (m.schema or None) in (table.schema, None if table.schema else "public"):
            return m
    for m in schema.tables:
        if m.db_name == table.name:
            return m
    return None


def _origin(schema: Schema, t: DbTable, model: Model | None) -> Span | None:
    """Where a table comes from in the source: its model, or, for an implicit many-to-many join
    table (``_CategoryToPost``), the first list field of that relation."""
    if model is not None and model.origin is not None:
        return model.origin
    if t.name.startswith("_"):
        for m in schema.tables:
            for f in m.relation_fields:
                if f.list and f"_{f.relation_name}" == t.name and f.origin is not None:
                    return f.origin
    return t.origin


def _client_ids(model: Model | None) -> dict[str, str]:
    out: dict[str, str] = {}
    if model is None:
        return out
    for f in model.scalar_fields:
        if f.default is not None and f.default.side == "client":
            out[f.db_name] = f.default.kind.value
    return out


def build_plan(
    schema: Schema,
    rows: int | Mapping[str, int] = DEFAULT_ROWS,
    database: Database | None = None,
    strict: bool = False,
    dialect: str = "postgres",
) -> Plan:
    """Plan seeding ``schema`` into ``dialect`` (``database``: the schema's PostgreSQL lowering,
    computed when not given; the target dialect only decides columns of Unsupported types).

    Row counts are clamped to what each table's constraints allow (an info per clamp); with
    ``strict`` a table that cannot hold the rows asked is an error instead."""
    if database is None:
        from workbench.dialects import lower

        database, _ = lower(schema, "postgres")
    diagnostics: list[Diagnostic] = []
    enums = {e.name: e.values for e in database.enums}
    keys = {key_of(t.schema, t.name) for t in database.tables}
    plans: dict[TableKey, TablePlan] = {}
    for t in database.tables:
        model = _model_for(schema, t) if not t.name.startswith("_") or schema.model(t.name) else None
        ids = _client_ids(model)
        cols = tuple(column_plan(c, enums, ids.get(c.name)) for c in t.columns)
        cols, skipped, blocked = unsupported_columns(t, model, cols, diagnostics, dialect)
        pk = t.primary_key.columns if t.primary_key else ()
        uniques: list[tuple[str, ...]] = [pk] if pk else []
        for idx in t.indexes:
            if idx.unique and idx.column_names not in uniques:
                uniques.append(idx.column_names)
        fks = []
        me = key_of(t.schema, t.name)
        for fk in t.foreign_keys:
            ref = key_of(fk.ref_schema, fk.ref_table)
            if ref not in keys:
                continue
            nullable = all(col.nullable for c in fk.columns if (col := t.column(c)))
            unique = any(set(u) == set(fk.columns) for u in uniques)
            fks.append(
                FkPlan(fk.name or "_".join(fk.columns), fk.columns, ref, fk.ref_columns, nullable, unique, ref == me)
            )
        fields = tuple((f.name, f.db_name) for f in model.scalar_fields) if model else ()
        plans[me] = TablePlan(
            me,
            cols,
            pk,
            tuple(uniques),
            tuple(fks),
            0,
            model.name if model else None,
            fields,
            skipped=skipped,
            blocked=blocked,
            origin=_origin(schema, t, model),
        )
    ordered = [_one_parent_each(t) for t in _order(plans, diagnostics)]
    ordered = assign_rows(ordered, rows, diagnostics, strict)
    return Plan(tuple(ordered), enums, tuple(diagnostics))


def _one_parent_each(t: TablePlan) -> TablePlan:
    """Keep unique a key that no generator strategy covers (a nullable foreign key that closes a
    cycle or points at its own table, beside another key column: cal.com's
    ``@@unique([userId, parentId])``) by giving one of its nullable foreign keys each parent at most
    once (the rest NULL): NULLs never collide in a unique index, so the whole key holds."""
    for key in strategies(t).unsupported:
        choices = [fk for fk in t.fks if set(fk.columns) <= set(key) and fk.nullable and not fk.unique]
        if not choices:
            continue
        pick = min(choices, key=lambda fk: (not fk.deferred, fk.self_ref))
        t = replace(t, fks=tuple(replace(fk, unique=True) if fk is pick else fk for fk in t.fks))
    return t


def _order(plans: dict[TableKey, TablePlan], diagnostics: list[Diagnostic]) -> list[TablePlan]:
    """Stable topological order (schema order where possible); cycles broken at nullable keys."""
    remaining = dict(plans)
    done: list[TablePlan] = []
    done_keys: set[TableKey] = set()

    def deps(t: TablePlan) -> set[TableKey]:
        return {fk.ref for fk in t.fks if not fk.self_ref and not fk.deferred}

    while remaining:
        ready = [t for t in remaining.values() if deps(t) <= done_keys]
        if ready:
            t = ready[0]
            done.append(t)
            done_keys.add(t.key)
            del remaining[t.key]
            continue
        # a cycle: defer the first nullable key that closes one (a key that merely points at a
        # table waiting behind a cycle is left alone: DuckDB enforces those at insert time)
        broken = False
        # a key with only some nullable columns (webstudio's Project.previewImageAsset over
        # (previewImageAssetId, id)) breaks a cycle only when no fully nullable key does: its
        # nullable columns stay NULL (the key is then not checked) and it is never filled
        for partly in (False, True):
            for t in sorted(remaining.values(), key=lambda t: not _on_cycle(t, remaining, deps)):
                for fk in sorted(t.fks, key=lambda fk: not _reaches(fk.ref, t.key, remaining, deps)):
                    breaks = fk.nullable or (partly and any(t.column(c).nullable for c in fk.columns))
                    if breaks and not fk.deferred and not fk.self_ref and fk.ref in remaining:
                        remaining[t.key] = replace(
                            t, fks=tuple(replace(f, deferred=True) if f is fk else f for f in t.fks)
                        )
                        broken = True
                        break
                if broken:
                    break
            if broken:
                break
        if not broken:
            names = ", ".join(sorted(qualified(k) for k in remaining))
            diagnostics.append(
                Diagnostic(
                    CYCLE_NOT_BREAKABLE,
                    Severity.ERROR,
                    f"foreign keys form a cycle without a nullable key ({names}); these tables are not seeded",
                )
            )
            break
    return done


_Deps = Callable[[TablePlan], set[TableKey]]


def _reaches(start: TableKey, goal: TableKey, tables: Mapping[TableKey, TablePlan], deps: _Deps) -> bool:
    """Whether ``goal`` is reachable from ``start`` through the pending tables' foreign keys."""
    seen: set[TableKey] = set()
    todo = [start]
    while todo:
        k = todo.pop()
        if k == goal:
            return True
        if k in seen or k not in tables:
            continue
        seen.add(k)
        todo.extend(deps(tables[k]))
    return False


def _on_cycle(t: TablePlan, tables: Mapping[TableKey, TablePlan], deps: _Deps) -> bool:
    return any(_reaches(fk.ref, t.key, tables, deps) for fk in t.fks if fk.nullable and not fk.self_ref)
