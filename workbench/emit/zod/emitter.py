"""``validation.ts``: zod 4 schemas per model (row, create input, update input) and per enum.

Shape, per model ``User`` (see :mod:`workbench.emit.tscommon` for which fields are optional)::

    export const userSchema = z.object({ id: z.uuid(), name: z.string().nullable(), ... });
    export const createUserSchema = z.object({ id: z.uuid().optional(), email: z.string(), ... });
    export const updateUserSchema = createUserSchema.partial();

Rows: a Prisma optional field is ``T | null`` (``.nullable()``); scalar lists are nullable too,
as the column is in Prisma's DDL. Create: optional fields are ``.nullable().optional()``, fields
with a default, generated or ``@updatedAt`` are ``.optional()``. Relation object fields are
never part of a schema; their foreign-key scalars are. Views get a row schema only.
``///`` docs become JSDoc and ``.describe(...)``; ``@zod.`` annotation lines become refinements
(:mod:`workbench.emit.zod.annotations`).
"""

from __future__ import annotations

from workbench.diagnostics import Diagnostic, warning
from workbench.diagnostics.catalog.emit_ts import W_ANNOTATION
from workbench.emit.tscommon import (
    article,
    client_models,
    create_optional,
    jsdoc,
    prop,
    scalar_fields,
    split_doc,
    ts_string,
)
from workbench.emit.tsnames import type_name, zod_var
from workbench.emit.zod.annotations import AnnotationError, parse_annotation
from workbench.emit.zod.typemap import DECIMAL_INPUT, DECIMAL_ROW, base_schema, enum_schema_var
from workbench.ir.schema import Model, ScalarField, ScalarType, Schema

DECIMAL_REGEX = r"/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/"


class _ZodWriter:
    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.diagnostics: list[Diagnostic] = []
        self._refinements: dict[tuple[str, str], str] = {}

    def refinements(self, model: Model, field: ScalarField, kind: str) -> str:
        key = (model.name, field.name)
        if key in self._refinements:
            return self._refinements[key]
        chain = ""
        for line in split_doc(field.doc)[1]:
            try:
                chain += parse_annotation(line, kind)
            except AnnotationError as exc:
                self.diagnostics.append(
                    warning(
                        W_ANNOTATION,
                        f"annotation `{line}` on `{model.name}.{field.name}` is not used: {exc}",
                        field.origin,
                        help="write `/// @zod.<method>(<literal args>)`, e.g. `/// @zod.email()` or `/// @zod.max(80)`",
                    )
                )
        self._refinements[key] = chain
        return chain

    def field_expr(self, model: Model, field: ScalarField, mode: str) -> str:
        """zod expression for a field in mode "row" or "create"."""
        base, kind = base_schema(field, input=mode != "row")
        expr = base + self.refinements(model, field, kind)
        if field.list:
            expr = f"z.array({expr})"
        if mode == "row":
            if field.optional or field.list:
                expr += ".nullable()"
        elif field.optional:
            expr += ".nullable().optional()"
        elif create_optional(field):
            expr += ".optional()"
        doc = split_doc(field.doc)[0]
        if doc:
            expr += f".describe({ts_string(doc)})"
        return expr

    def object(self, model: Model, mode: str) -> str:
        lines = []
        for field in scalar_fields(model):
            doc = split_doc(field.doc)[0] if mode == "row" else None
            lines.append(f"{jsdoc(doc, '  ')}  {prop(field.name)}: {self.field_expr(model, field, mode)},\n")
        return "z.object({\n" + "".join(lines) + "})"

    def model_block(self, model: Model) -> str:
        doc = split_doc(model.doc)[0]
        for line in split_doc(model.doc)[1]:
            self.diagnostics.append(
                warning(
                    W_ANNOTATION,
                    f"annotation `{line}` on model `{model.name}` is not used: refinements go on fields",
                    model.origin,
                )
            )
        describe = f".describe({ts_string(doc)})" if doc else ""
        name = type_name(model.name)
        out = [f"{jsdoc(doc)}export const {zod_var(model.name)} = {self.object(model, 'row')}{describe};\n"]
        if not model.is_view:
            out.append(
                f"\n/** Input for creating {article(name)}: generated, defaulted and optional fields may be "
                "left out. */\n"
                f"export const {zod_var(model.name, 'create')} = {self.object(model, 'create')};\n"
                f"\n/** Input for updating {article(name)}: every field optional. */\n"
                f"export const {zod_var(model.name, 'update')} = {zod_var(model.name, 'create')}.partial();\n"
            )
        return "".join(out)


def enum_const(enum_name: str, values: list[tuple[str, str]]) -> str:
    """``{ ACTIVE: "active", ... } as const``: keys are Prisma's names, values what the column stores."""
    body = ", ".join(f"{prop(n)}: {ts_string(v)}" for n, v in values)
    return f"{{ {body} }} as const"


def render(schema: Schema, header: str) -> tuple[str, list[Diagnostic]]:
    w = _ZodWriter(schema)
    models = client_models(schema)
    used = {f.type for m in models for f in scalar_fields(m)}
    creatable = [m for m in models if not m.is_view]
    parts = [header, '\nimport { z } from "zod";\n']
    if ScalarType.DECIMAL in used:
        parts.append(
            "\n/** Decimal values are strings (as Drizzle reads numeric columns), so no precision is lost. */\n"
            f'export const {DECIMAL_ROW} = z.string().regex({DECIMAL_REGEX}, "expected a decimal number");\n'
        )
        if any(f.type is ScalarType.DECIMAL for m in creatable for f in scalar_fields(m)):
            parts.append(
                "\n/** Decimal input: a decimal string, or a number (stored as its shortest decimal string). */\n"
                f"export const {DECIMAL_INPUT} = z.union([{DECIMAL_ROW}, z.number().transform((n) => String(n))]);\n"
            )
    for enum in schema.enums:
        values = [(v.name, v.db_name) for v in enum.values]
        parts.append(
            f"\n{jsdoc(enum.doc)}export const {type_name(enum.name)} = {enum_const(enum.name, values)};\n"
            f"export const {enum_schema_var(enum.name)} = z.enum({type_name(enum.name)});\n"
        )
    for model in models:
        parts.append("\n" + w.model_block(model))
    return "".join(parts), w.diagnostics
