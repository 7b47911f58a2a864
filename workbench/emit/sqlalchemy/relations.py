"""``relationship()`` attributes and implicit many-to-many join tables.

Every relation field becomes a ``relationship`` with ``back_populates`` naming the other end;
``foreign_keys`` is always spelled out (several relations between the same two models need it),
``remote_side`` marks the many-to-one end of a self relation, and implicit m:n relations go
through the join table with explicit joins for self relations: column ``A`` belongs to the end
whose (model, field) sorts first, as in Prisma (so ``user.friends`` reads the rows Prisma
Client reads). One-to-many ends use ``passive_deletes=True``: the database's ``ON DELETE``
actions, which are Prisma's, do the work instead of the ORM.
"""

from __future__ import annotations

from workbench.dialects import naming
from workbench.dialects.registry import get_dialect
from workbench.emit import pycommon as pc
from workbench.emit.sqlalchemy.context import Context
from workbench.ir.schema import Model, Relation, RelationEnd, RelationField, RelationKind


def join_table_name(ctx: Context, rel: Relation) -> str:
    found = get_dialect(ctx.dialect)
    limit = found.max_identifier_length if found else 63
    return naming.join_table_name(rel.join_table or f"_{rel.name}", limit)


def join_table_var(name: str) -> str:
    return pc.py_name(name if name.startswith("_") else f"_{name}")


def _find(ctx: Context, model: Model, rf: RelationField) -> tuple[Relation, RelationEnd, RelationEnd] | None:
    for rel in ctx.schema.relations:
        for end, other in ((rel.referencing, rel.referenced), (rel.referenced, rel.referencing)):
            if end.model == model.name and end.field == rf.name:
                return rel, end, other
    return None


def _visible(ctx: Context, end: RelationEnd) -> RelationField | None:
    model = ctx.schema.model(end.model)
    if model is None or model.is_view or end.field is None:
        return None
    f = model.field(end.field)
    return f if isinstance(f, RelationField) and not f.ignored else None


def relationship_line(ctx: Context, model: Model, rf: RelationField) -> str:
    found = _find(ctx, model, rf)
    target = ctx.schema.model(rf.target)
    if found is None or rf.ignored or target is None or target.is_view:
        return ""
    rel, end, other = found
    target_cls = ctx.cls(target.name)
    args: list[str] = []
    other_field = _visible(ctx, other)
    if other_field is not None:
        args.append(f"back_populates={pc.py_string(ctx.attr(target.name, other_field.name))}")
    if rel.kind is RelationKind.MANY_TO_MANY:
        var = join_table_var(ctx.clip(join_table_name(ctx, rel)))
        args.insert(0, f"secondary={var}")
        if rel.is_self:
            a_end = min((rel.referencing, rel.referenced), key=lambda e: (e.model, e.field or ""))
            mine, theirs = ("A", "B") if (end.model, end.field) == (a_end.model, a_end.field) else ("B", "A")
            pk = model.primary_key.field_names[0] if model.primary_key else "id"
            key = f"{ctx.cls(model.name)}.{ctx.attr(model.name, pk)}"
            args.append(f"primaryjoin=lambda: {key} == {var}.c.{mine}")
            args.append(f"secondaryjoin=lambda: {key} == {var}.c.{theirs}")
        annotation = f"list[{target_cls}]"
    elif rf.holds_foreign_key:
        cls = ctx.cls(model.name)
        fks = ", ".join(f"{cls}.{ctx.attr(model.name, f)}" for f in rel.fields)
        args.append(f'foreign_keys="[{fks}]"')
        if rel.is_self:
            refs = ", ".join(f"{cls}.{ctx.attr(model.name, f)}" for f in rel.references)
            args.append(f'remote_side="[{refs}]"')
        annotation = f"{target_cls} | None" if rf.optional else target_cls
    else:
        holder = ctx.cls(rel.referencing.model)
        fks = ", ".join(f"{holder}.{ctx.attr(rel.referencing.model, f)}" for f in rel.fields)
        args.append(f'foreign_keys="[{fks}]"')
        args.append("passive_deletes=True")
        annotation = f"list[{target_cls}]" if rf.list else f"{target_cls} | None"
    doc = pc.split_doc(rf.doc)
    if doc:
        args.append(f"doc={pc.py_string(doc)}")
    attr = ctx.attr(model.name, rf.name)
    return pc.noqa_ambiguous(
        attr, pc.layout(f"{attr}: Mapped[{annotation}] = ", pc.Call("relationship(", tuple(args)), "    ")
    )
