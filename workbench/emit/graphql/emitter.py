"""``schema.graphql``: SDL for the models (object types with relation fields both ways), enums,
custom scalars, create/update input types, and Query / Mutation fields per model.

Per model ``User``::

    type Query { user(id: ID!): User   users(limit: Int, offset: Int): [User!]! }
    type Mutation { createUser(data: CreateUserInput!): User!
                    updateUser(id: ID!, data: UpdateUserInput!): User!
                    deleteUser(id: ID!): User }

A single-field primary key is ``ID``; a composite key (or a unique criterion when there is no
primary key) becomes one argument per field. Views are read-only (type and queries only).
Input nullability follows the create/update rules of :mod:`workbench.emit.tscommon`. Enum values
use Prisma's names (GraphQL enum values are symbols; resolvers map them to stored values).
Names GraphQL cannot use are reported (W0805): a model or enum named like a built-in or one of
our scalars is renamed ``<Name>Model``; enum values ``true``/``false``/``null`` and fields starting
with ``__`` are left out.
"""

from __future__ import annotations

import json

from workbench.diagnostics import Diagnostic, Span, warning
from workbench.diagnostics.catalog.emit_ts import W_GRAPHQL_NAME
from workbench.emit.tscommon import (
    client_models,
    create_optional,
    plural,
    relation_fields,
    row_key,
    scalar_fields,
    split_doc,
)
from workbench.emit.tsnames import camel
from workbench.ir.schema import Model, ScalarField, ScalarType, Schema

SCALARS: dict[ScalarType, str] = {
    ScalarType.STRING: "String",
    ScalarType.BOOLEAN: "Boolean",
    ScalarType.INT: "Int",
    ScalarType.FLOAT: "Float",
    ScalarType.BIGINT: "BigInt",
    ScalarType.DECIMAL: "Decimal",
    ScalarType.DATETIME: "DateTime",
    ScalarType.JSON: "Json",
    ScalarType.BYTES: "Bytes",
}

CUSTOM_SCALARS: dict[str, str] = {
    "BigInt": "A 64-bit integer, serialised as a string.",
    "Bytes": "Binary data, serialised as a base64 string.",
    "DateTime": "A point in time, serialised as an ISO 8601 string.",
    "Decimal": "An exact decimal number, serialised as a string.",
    "Json": "Any JSON value.",
}

RESERVED_TYPES = frozenset({"String", "Int", "Float", "Boolean", "ID", "Query", "Mutation", "Subscription"}) | set(
    CUSTOM_SCALARS
)
NOT_ENUM_VALUES = frozenset({"true", "false", "null"})


def description(doc: str | None, indent: str = "") -> str:
    """A GraphQL description line (JSON string escapes are valid GraphQL string escapes)."""
    return f"{indent}{json.dumps(doc, ensure_ascii=False)}\n" if doc else ""


class _Writer:
    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.diagnostics: list[Diagnostic] = []
        self.names: dict[str, str] = {}
        for m in client_models(schema):
            self.names[m.name] = self._type_name(m.name, m.origin, "model")
        for e in schema.enums:
            self.names[e.name] = self._type_name(e.name, e.origin, "enum")

    def _type_name(self, name: str, origin: Span | None, what: str) -> str:
        if name not in RESERVED_TYPES:
            return name
        new = name + "Model"
        self.diagnostics.append(
            warning(
                W_GRAPHQL_NAME, f"{what} `{name}` clashes with a GraphQL type; it is called `{new}` in GraphQL", origin
            )
        )
        return new

    def usable(self, model: Model, name: str, origin: Span | None) -> bool:
        if not name.startswith("__"):
            return True
        self.diagnostics.append(
            warning(
                W_GRAPHQL_NAME, f"field `{model.name}.{name}` starts with `__`, reserved in GraphQL; left out", origin
            )
        )
        return False

    def scalar(self, f: ScalarField, key: bool = False) -> str:
        if key:
            return "ID"
        return self.names.get(f.enum or "", f.enum or "") if f.type is ScalarType.ENUM else SCALARS[f.type]

    def object_type(self, model: Model) -> str:
        key = row_key(model)
        id_field = key.single.name if key and key.primary and key.single else None
        lines = []
        # by identity: `in` on the tuples would compare fields by value (a dataclass __eq__ per field)
        shown = {id(f) for f in scalar_fields(model)}
        shown.update(id(f) for f in relation_fields(model, self.schema))
        for f in model.fields:
            if id(f) not in shown or not self.usable(model, f.name, f.origin):
                continue
            if isinstance(f, ScalarField):
                t = self.scalar(f, f.name == id_field)
                t = f"[{t}!]" if f.list else t if f.optional else f"{t}!"
            else:
                t = self.names[f.target]
                t = f"[{t}!]!" if f.list else t if f.optional else f"{t}!"
            lines.append(f"{description(split_doc(f.doc)[0], '  ')}  {f.name}: {t}\n")
        doc = description(split_doc(model.doc)[0])
        return f"{doc}type {self.names[model.name]} {{\n{''.join(lines)}}}\n"

    def input_types(self, model: Model) -> str:
        key = row_key(model)
        id_field = key.single.name if key and key.primary and key.single else None
        create, update = [], []
        for f in scalar_fields(model):
            if f.name.startswith("__"):
                continue
            t = self.scalar(f, f.name == id_field)
            t = f"[{t}!]" if f.list else t
            create.append(f"  {f.name}: {t}{'' if create_optional(f) else '!'}\n")
            update.append(f"  {f.name}: {t}\n")
        name = self.names[model.name]
        return f"input Create{name}Input {{\n{''.join(create)}}}\n\ninput Update{name}Input {{\n{''.join(update)}}}\n"

    def key_args(self, model: Model) -> str | None:
        key = row_key(model)
        if key is None:
            return None
        if key.primary and key.single:
            return f"{key.single.name}: ID!"
        return ", ".join(f"{f.name}: {self.scalar(f)}!" for f in key.fields)

    def operations(self, models: tuple[Model, ...]) -> str:
        queries, mutations = [], []
        for model in models:
            name = self.names[model.name]
            single = camel(name)
            args = self.key_args(model)
            if args:
                queries.append(f"  {single}({args}): {name}\n")
            queries.append(f"  {plural(single)}(limit: Int, offset: Int): [{name}!]!\n")
            if model.is_view:
                continue
            mutations.append(f"  create{name}(data: Create{name}Input!): {name}!\n")
            if args:
                mutations.append(f"  update{name}({args}, data: Update{name}Input!): {name}!\n")
                mutations.append(f"  delete{name}({args}): {name}\n")
        out = f"type Query {{\n{''.join(queries)}}}\n" if queries else ""
        if mutations:
            out += f"\ntype Mutation {{\n{''.join(mutations)}}}\n"
        return out


def render(schema: Schema, header: str) -> tuple[str, list[Diagnostic]]:
    w = _Writer(schema)
    models = client_models(schema)
    parts = [header]
    used = sorted(
        {SCALARS[f.type] for m in models for f in scalar_fields(m) if f.type in SCALARS} & set(CUSTOM_SCALARS)
    )
    for name in used:
        parts.append(f"\n{description(CUSTOM_SCALARS[name])}scalar {name}\n")
    for enum in schema.enums:
        values = []
        for v in enum.values:
            if v.name in NOT_ENUM_VALUES:
                w.diagnostics.append(
                    warning(
                        W_GRAPHQL_NAME,
                        f"enum value `{enum.name}.{v.name}` is not allowed in GraphQL; left out",
                        v.origin,
                    )
                )
                continue
            values.append(f"{description(v.doc, '  ')}  {v.name}\n")
        parts.append(f"\n{description(enum.doc)}enum {w.names[enum.name]} {{\n{''.join(values)}}}\n")
    for model in models:
        parts.append("\n" + w.object_type(model))
    for model in models:
        if not model.is_view:
            parts.append("\n" + w.input_types(model))
    if models:
        parts.append("\n" + w.operations(models))
    return "".join(parts), w.diagnostics
