"""Freeze the work records into the IR (:class:`~workbench.ir.Schema`)."""

from __future__ import annotations

from workbench.diagnostics import Span
from workbench.ir import Enum, EnumValue, Model, RelationField, ScalarField, Schema
from workbench.ir.schema import Datasource, Field, Generator, Relation
from workbench.loaders.prisma.attributes import string_value
from workbench.loaders.prisma.context import Context, FieldInfo, ModelInfo
from workbench.prisma.ast import Block


def _field(ctx: Context, f: FieldInfo) -> Field | None:
    decl = f.decl
    line = decl.line
    t = line.type
    origin = Span(
        f.model.block.file,
        decl.base + line.start,
        decl.base + line.end,
        decl.line_no,
        line.start + 1,
        decl.line_no,
        line.end + 1,
    )
    kind = f.kind
    if kind == "relation":
        r = f.relation
        return RelationField(
            line.name,
            f.target or "",
            f.relation_name,
            t.list,
            t.optional,
            r.fields or (),
            r.references or (),
            r.on_delete,
            r.on_update,
            r.map,
            f.ignored,
            decl.doc,
            origin,
        )
    if f.scalar is None:  # unknown or composite type: reported already
        return None
    # positional: this runs once per field of the schema (tens of thousands on big schemas)
    return ScalarField(
        line.name,
        f.db_name,
        f.scalar,
        t.optional,
        t.list,
        f.target if kind == "enum" else None,
        f.native,
        t.unsupported,
        f.default,
        f.updated_at,
        f.ignored,
        decl.doc,
        origin,
    )


def _model(ctx: Context, m: ModelInfo) -> Model:
    by_name = m.by_name
    fields = tuple(x for x in (_field(ctx, f) for f in m.fields if by_name[f.name] is f) if x is not None)
    b = m.block
    return Model(
        name=m.name,
        db_name=m.db_name,
        fields=fields,
        primary_key=m.primary_key,
        indexes=tuple(m.indexes),
        schema=m.schema,
        is_view=m.is_view,
        ignored=m.ignored,
        doc=b.doc,
        origin=ctx.span(b.file, b.start, b.end),
    )


def _enum(ctx: Context, b: Block) -> Enum:
    values = []
    for v in b.values:
        db = v.name
        for a in v.attributes:
            if a.name == "map" and a.args:
                db = string_value(a.args[0].value) or db
        values.append(EnumValue(v.name, db, v.doc, ctx.line_span(b.file, v.base, v.line_no, v.start, v.end)))
    db_name, schema = b.name, None
    for a in b.attributes:
        if a.name in ("map", "schema") and a.args:
            s = string_value(a.args[0].value)
            if s is not None:
                if a.name == "map":
                    db_name = s
                else:
                    schema = s
    return Enum(b.name, db_name, tuple(values), schema, b.doc, ctx.span(b.file, b.start, b.end))


def lower(
    ctx: Context,
    datasource: Datasource | None,
    generators: tuple[Generator, ...],
    relations: tuple[Relation, ...],
) -> Schema:
    return Schema(
        models=tuple(_model(ctx, m) for m in ctx.model_order if ctx.models.get(m.name) is m),
        enums=tuple(_enum(ctx, b) for b in ctx.enums.values()),
        relations=relations,
        datasource=datasource,
        generators=generators,
    )
