"""``types.ts``: model row types, enums, ``CreateXDTO`` / ``UpdateXDTO``, ``XWithRelations``.

Self-contained (no zod import), so front ends can use the types without the validation layer.
Rows have Drizzle's select shape (``| null`` for optional fields and, as in Prisma's DDL, for
scalar lists); the DTOs are exactly the parsed output of the zod create/update schemas (checked
by ``tests/test_emit_tsc.py``). Enums are a const object plus a union type of the stored values,
so ``AccountState.ACTIVE === "active"`` when the value is ``@map``ped.
"""

from __future__ import annotations

from workbench.emit.tscommon import (
    article,
    client_models,
    create_optional,
    jsdoc,
    prop,
    relation_fields,
    scalar_fields,
    split_doc,
)
from workbench.emit.tsnames import type_name
from workbench.emit.typescript.typemap import JSON_VALUE, value_type
from workbench.emit.zod.emitter import enum_const
from workbench.ir.schema import Model, ScalarType, Schema


def dto_name(model: str, kind: str) -> str:
    """``CreateUserDTO`` / ``UpdateUserDTO``."""
    return f"{kind.capitalize()}{model[:1].upper()}{model[1:]}DTO"


def with_relations_name(model: str) -> str:
    return f"{model[:1].upper()}{model[1:]}WithRelations"


def _row(model: Model) -> str:
    lines = []
    for f in scalar_fields(model):
        t = value_type(f)
        if f.list:
            t = f"{t}[] | null"
        elif f.optional:
            t += " | null"
        lines.append(f"{jsdoc(split_doc(f.doc)[0], '  ')}  {prop(f.name)}: {t};\n")
    doc = split_doc(model.doc)[0]
    return f"{jsdoc(doc)}export interface {type_name(model.name)} {{\n{''.join(lines)}}}\n"


def _create_dto(model: Model) -> str:
    lines = []
    for f in scalar_fields(model):
        t = value_type(f)
        if f.list:
            t += "[]"
        if f.optional:
            t += " | null"
        q = "?" if create_optional(f) else ""
        lines.append(f"  {prop(f.name)}{q}: {t};\n")
    name = type_name(model.name)
    return (
        f"/** Input for creating {article(name)} (parsed `{_zod(model, 'create')}`). */\n"
        f"export interface {dto_name(model.name, 'create')} {{\n{''.join(lines)}}}\n"
        f"/** Input for updating {article(name)}: every field optional. */\n"
        f"export type {dto_name(model.name, 'update')} = Partial<{dto_name(model.name, 'create')}>;\n"
    )


def _zod(model: Model, kind: str) -> str:
    from workbench.emit.tsnames import zod_var

    return zod_var(model.name, kind)


def _with_relations(model: Model, schema: Schema) -> str:
    rels = []
    for r in relation_fields(model, schema):
        t = type_name(r.target)
        if r.list:
            t += "[]"
        elif r.optional:
            t += " | null"
        rels.append(f"{prop(r.name)}: {t}")
    name = type_name(model.name)
    body = f"{name} & {{ {'; '.join(rels)} }}" if rels else name
    return (
        f"/** {article(name)[0].upper()}{article(name)[1:]} with its related rows loaded. */\n"
        f"export type {with_relations_name(model.name)} = {body};\n"
    )


def render(schema: Schema, header: str) -> str:
    models = client_models(schema)
    parts = [header]
    if any(f.type is ScalarType.JSON for m in models for f in scalar_fields(m)):
        parts.append(
            "\n/** A JSON value, as stored in Json columns. */\n"
            f"export type {JSON_VALUE} = string | number | boolean | null | {JSON_VALUE}[] "
            f"| {{ [key: string]: {JSON_VALUE} }};\n"
        )
    for enum in schema.enums:
        name = type_name(enum.name)
        values = [(v.name, v.db_name) for v in enum.values]
        parts.append(
            f"\n{jsdoc(enum.doc)}export const {name} = {enum_const(enum.name, values)};\n"
            f"export type {name} = (typeof {name})[keyof typeof {name}];\n"
        )
    for model in models:
        parts.append("\n" + _row(model))
        if not model.is_view:
            parts.append("\n" + _create_dto(model))
    if models:
        parts.append(
            "\n// Rows with their related rows, in Prisma's `include` shape (an m:n relation is a list of the\n"
            "// other model's rows; Drizzle's relational queries return the join-table rows for it instead).\n"
        )
    for model in models:
        parts.append("\n" + _with_relations(model, schema))
    return "".join(parts)
