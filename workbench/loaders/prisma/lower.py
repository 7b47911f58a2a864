"""Freeze the work records into the IR (:class:`~workbench.ir.Schema`).

This runs once per field of the schema (tens of thousands on big schemas), when the IR is first
asked for: the nodes are made by :func:`~workbench.diagnostics.frozen.frozen_builder`'s positional
constructors rather than the dataclasses' own ``__init__`` (a quarter of the cost), and a field's
span is computed from its line (no line-index lookup).
"""

from __future__ import annotations

from collections.abc import Callable

from workbench.diagnostics import Span
from workbench.diagnostics.frozen import frozen_builder
from workbench.diagnostics.source import new_span
from workbench.ir import (
    Default,
    Enum,
    EnumValue,
    Index,
    Model,
    NativeType,
    PrimaryKey,
    ReferentialAction,
    RelationField,
    ScalarField,
    ScalarType,
    Schema,
)
from workbench.ir.schema import Datasource, Field, Generator, Relation, RelationEnd, RelationKind
from workbench.loaders.prisma.attributes import string_value
from workbench.loaders.prisma.context import Context, ModelInfo
from workbench.prisma.ast import Block

new_scalar_field: Callable[
    [
        str,
        str,
        ScalarType,
        bool,
        bool,
        str | None,
        NativeType | None,
        str | None,
        Default | None,
        bool,
        bool,
        str | None,
        Span | None,
    ],
    ScalarField,
] = frozen_builder(ScalarField)
new_relation_field: Callable[
    [
        str,
        str,
        str,
        bool,
        bool,
        tuple[str, ...],
        tuple[str, ...],
        ReferentialAction | None,
        ReferentialAction | None,
        str | None,
        bool,
        str | None,
        Span | None,
    ],
    RelationField,
] = frozen_builder(RelationField)
new_model: Callable[
    [
        str,
        str,
        tuple[Field, ...],
        PrimaryKey | None,
        tuple[Index, ...],
        str | None,
        bool,
        bool,
        str | None,
        Span | None,
    ],
    Model,
] = frozen_builder(Model)
new_enum_value: Callable[[str, str, str | None, Span | None], EnumValue] = frozen_builder(EnumValue)
new_enum: Callable[[str, str, tuple[EnumValue, ...], str | None, str | None, Span | None], Enum] = frozen_builder(Enum)
new_relation_end: Callable[[str, str | None], RelationEnd] = frozen_builder(RelationEnd)
new_relation: Callable[
    [
        str,
        RelationKind,
        RelationEnd,
        RelationEnd,
        tuple[str, ...],
        tuple[str, ...],
        ReferentialAction | None,
        ReferentialAction | None,
        str | None,
        str | None,
    ],
    Relation,
] = frozen_builder(Relation)


def lower_model(ctx: Context, m: ModelInfo) -> Model:
    """A model and its fields (a field shadowed by a later one of the same name is left out, and so
    is a field whose type is unknown or a composite: both are reported already)."""
    b = m.block
    file = b.file
    by_name = m.by_name
    shadowing = len(by_name) != len(m.fields)  # a duplicate field name (reported): the last one wins
    span, scalar_field, relation_field = new_span, new_scalar_field, new_relation_field
    fields: list[Field] = []
    append = fields.append
    for f in m.fields:
        if shadowing and by_name[f.name] is not f:
            continue
        kind = f.kind
        if kind != "relation" and f.scalar is None:
            continue
        # unpacking the parser's named tuples is one bytecode; reading their fields by name is one call each
        line, base, doc, line_no = f.decl
        name, _, _, t, _, _, start, end = line
        origin = span(file, base + start, base + end, line_no, start + 1, line_no, end + 1)
        if kind == "relation":
            r = f.relation
            append(
                relation_field(
                    name,
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
                    doc,
                    origin,
                )
            )
        else:
            scalar = f.scalar
            assert scalar is not None
            append(
                scalar_field(
                    name,
                    f.db_name,
                    scalar,
                    t.optional,
                    t.list,
                    f.target if kind == "enum" else None,
                    f.native,
                    t.unsupported,
                    f.default,
                    f.updated_at,
                    f.ignored,
                    doc,
                    origin,
                )
            )
    return new_model(
        m.name,
        m.db_name,
        tuple(fields),
        m.primary_key,
        tuple(m.indexes),
        m.schema,
        m.is_view,
        m.ignored,
        b.doc,
        ctx.span(file, b.start, b.end),
    )


def lower_enum(ctx: Context, b: Block) -> Enum:
    file = b.file
    values = []
    for name, start, end, attributes, doc, _, base, line_no in b.values:
        db = name
        for a in attributes:
            if a.name == "map" and a.args:
                db = string_value(a.args[0].value) or db
        values.append(
            new_enum_value(
                name, db, doc, new_span(file, base + start, base + end, line_no, start + 1, line_no, end + 1)
            )
        )
    db_name, schema = b.name, None
    for a in b.attributes:
        if a.name in ("map", "schema") and a.args:
            s = string_value(a.args[0].value)
            if s is not None:
                if a.name == "map":
                    db_name = s
                else:
                    schema = s
    return new_enum(b.name, db_name, tuple(values), schema, b.doc, ctx.span(file, b.start, b.end))


def lower(
    ctx: Context,
    datasource: Datasource | None,
    generators: tuple[Generator, ...],
    relations: tuple[Relation, ...],
) -> Schema:
    models = ctx.models
    return Schema(
        models=tuple(lower_model(ctx, m) for m in ctx.model_order if models.get(m.name) is m),
        enums=tuple(lower_enum(ctx, b) for b in ctx.enums.values()),
        relations=relations,
        datasource=datasource,
        generators=generators,
    )
