"""Drizzle ``relations()`` for every Prisma relation, both ends, plus the implicit join tables.

* The foreign-key side of a 1:1 / 1:n relation is ``one(target, { fields, references })``; the
  other side is ``many(...)`` (list) or ``one(...)`` (1:1 back relation).
* An implicit m:n goes through its join table (as Drizzle's docs model many-to-many): each model
  gets ``many(joinTable)`` and the join table gets ``one(model)`` for columns ``A`` and ``B``.
* Every relation carries ``relationName`` (Prisma's relation name; ``<name>_A``/``<name>_B`` for
  the two halves of an m:n), so self relations and several relations between the same two
  models pair up without Drizzle having to guess.
"""

from __future__ import annotations

from workbench.diagnostics.catalog import drizzle as codes
from workbench.emit.drizzle.emitter import Emitter
from workbench.emit.drizzle.typemap import ts_string
from workbench.emit.tscommon import prop
from workbench.emit.tsnames import camel, relations_var
from workbench.ir.schema import Model, Relation, RelationEnd, RelationField, RelationKind


def _a_end(rel: Relation) -> RelationEnd:
    """Column ``A`` of a join table points at the end whose (model, field) sorts first (Prisma's rule)."""
    a, b = rel.referencing, rel.referenced
    return b if (b.model, b.field or "") < (a.model, a.field or "") else a


def _relation_index(em: Emitter) -> dict[tuple[str, str], Relation]:
    """(model, field) -> relation, built once per emitter."""
    if em.relation_index is not None:
        return em.relation_index
    found: dict[tuple[str, str], Relation] = {}
    for rel in em.schema.relations:
        for end in (rel.referencing, rel.referenced):
            if end.field:
                found[(end.model, end.field)] = rel
    em.relation_index = found
    return found


def _pk_field(model: Model) -> str | None:
    return model.primary_key.fields[0].name if model.primary_key and model.primary_key.fields else None


def _entry(em: Emitter, model: Model, rf: RelationField, rel: Relation, join_vars: dict[str, str]) -> str | None:
    """``key: one(...)``/``many(...)`` for one relation field, or None when the target has no table."""
    target = em.schema.model(rf.target)
    if target is None or target.is_view:
        return None
    this, other = table_var_of(em, model), table_var_of(em, target)
    if this is None or other is None:
        return None
    if rel.kind is RelationKind.MANY_TO_MANY:
        join = join_vars.get(rel.name)
        if join is None:
            return None
        a = _a_end(rel)
        side = "A" if (a.model, a.field) == (model.name, rf.name) else "B"
        return f"{prop(rf.name)}: {em.local('many')}({join}, {{ relationName: {ts_string(f'{rel.name}_{side}')} }})"
    name = f"relationName: {ts_string(rel.name)}"
    if rf.fields:
        fields = ", ".join(f"{this}.{f}" for f in rf.fields)
        refs = ", ".join(f"{other}.{f}" for f in rf.references)
        return f"{prop(rf.name)}: {em.local('one')}({other}, {{ fields: [{fields}], references: [{refs}], {name} }})"
    if rf.list:
        return f"{prop(rf.name)}: {em.local('many')}({other}, {{ {name} }})"
    # Drizzle's typed `one()` takes a relationName only together with fields/references, so the
    # back side of a 1:1 is matched by table alone: exact only when one relation links the pair.
    pointing = [
        f
        for f in target.relation_fields
        if f.target == model.name and _kind(em, target, f) is not RelationKind.MANY_TO_MANY
    ]
    if len(pointing) == 1:
        return f"{prop(rf.name)}: {em.local('one')}({other})"
    em.report(
        codes.ONE_TO_ONE_BACK,
        f"{model.name}.{rf.name}: Drizzle cannot name the back side of a 1:1 relation (`{rel.name}`) and "
        f"{target.name} has several relations to {model.name}; left out of relations()",
        rf.origin,
        help=f"query it from the other side, {target.name}.{rel.referencing.field or '?'}",
    )
    return None


def _kind(em: Emitter, model: Model, rf: RelationField) -> RelationKind | None:
    rel = _relation_index(em).get((model.name, rf.name))
    return rel.kind if rel else None


def table_var_of(em: Emitter, model: Model) -> str | None:
    return em.model_vars.get(model.name)


def _block(em: Emitter, var: str, table: str, entries: list[str]) -> str:
    """``relations(table, ({ one, many }) => ({ ... }))`` destructuring only the helpers used."""
    used = []
    for fn in ("one", "many"):
        local = em.local(fn)
        if any(f": {local}(" in e for e in entries):
            used.append(fn if local == fn else f"{fn}: {local}")
    items = "".join(f"  {e},\n" for e in entries)
    return f"export const {var} = relations({table}, ({{ {', '.join(used)} }}) => ({{\n{items}}}));\n"


def emit_relations(em: Emitter, models: list[Model], join_vars: dict[str, str]) -> list[str]:
    """One ``relations()`` block per model that has relation fields, then one per join table."""
    index = _relation_index(em)
    blocks: list[str] = []
    for model in models:
        this = table_var_of(em, model)
        if this is None:
            continue
        entries = []
        for rf in model.relation_fields:
            rel = index.get((model.name, rf.name))
            if rel is None:
                continue
            entry = _entry(em, model, rf, rel, join_vars)
            if entry:
                entries.append(entry)
        if entries:
            blocks.append(_block(em, relations_var(model.name), this, entries))
    by_name = {r.name: r for r in em.schema.relations if r.kind is RelationKind.MANY_TO_MANY}
    for rel_name, join in join_vars.items():  # join-table order
        rel = by_name[rel_name]
        a = _a_end(rel)
        b = rel.referenced if a is rel.referencing else rel.referencing
        ma, mb = em.schema.model(a.model), em.schema.model(b.model)
        if ma is None or mb is None:
            continue
        ka, kb = camel(ma.name), camel(mb.name)
        if ka == kb:
            ka, kb = ka + "A", kb + "B"
        entries = []
        for key, col, m in ((ka, "A", ma), (kb, "B", mb)):
            pk, var = _pk_field(m), table_var_of(em, m)
            if pk is None or var is None:
                continue
            rn = ts_string(f"{rel.name}_{col}")
            entries.append(
                f"{prop(key)}: {em.local('one')}({var}, "
                f"{{ fields: [{join}.{col}], references: [{var}.{pk}], relationName: {rn} }})"
            )
        if entries:
            blocks.append(_block(em, relations_var(join), join, entries))
    if blocks:
        em.orm.add("relations")
    return blocks
