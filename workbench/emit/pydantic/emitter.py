"""pydantic v2 models (``schemas.py``): per model a read model, a create and an update input.

Names: ``User`` (a row as read), ``UserCreate``, ``UserUpdate``; enums keep their Prisma name as
``enum.StrEnum`` subclasses whose values are the database labels. Views get a read model only;
``@@ignore`` models, ``@ignore`` fields and ``Unsupported`` fields are left out (like Prisma
Client). Field rules and types: :mod:`.typemap`. ``///`` docs become class docstrings and
``Field(description=...)``, so they show up in ``model_json_schema()``.
"""

from __future__ import annotations

from workbench.diagnostics import Diagnostic
from workbench.emit import pycommon as pc
from workbench.emit.pydantic.typemap import (
    INT_RANGES,
    KINDS,
    NO_DEFAULT,
    FieldSpec,
    Kind,
    PyType,
    class_names,
    field_specs,
)
from workbench.ir.schema import Schema

MODULE_NAMES = frozenset(
    {"BaseModel", "ConfigDict", "EmailStr", "Field", "JsonValue", "Annotated", "Any", "_Schema", "_omitted"}
    | {"Int16", "Int32", "Int64", "UInt32"}
    | {"datetime", "decimal", "enum", "uuid"}
)

PREAMBLE = '''"""pydantic v2 models: for each Prisma model a read model (``User``), a create input
(``UserCreate``: generated and defaulted fields may be left out) and an update input (``UserUpdate``:
every field may be left out). A left-out field is *unset*, never null: send what the caller gave with
``model_dump(exclude_unset=True)``. Relation fields are not part of these models; foreign keys are.
"""

from __future__ import annotations

{imports}


def _omitted() -> Any:
    """Default of a non-nullable field that may be left out: not validated, excluded by exclude_unset."""
    return None


{aliases}class _Schema(BaseModel):
    model_config = ConfigDict(
        from_attributes=True, validate_by_name=True, validate_by_alias=True, serialize_by_alias=True
    )


'''


def render(schema: Schema, header: str) -> tuple[str, list[Diagnostic]]:
    names = class_names(schema, MODULE_NAMES)
    imports: set[str] = set()
    body: list[str] = []
    if schema.enums:
        imports.add("enum")
    for e in schema.enums:
        body.append(f"class {names[(e.name, None)]}(enum.StrEnum):\n")
        doc = pc.split_doc(e.doc)
        if doc:
            body.append(pc.docstring(doc) + "\n")
        for v in e.values:
            body.append(f"    {pc.py_name(v.name, frozenset({'name', 'value', 'mro'}))} = {pc.py_string(v.db_name)}\n")
        if not e.values:
            body.append("    pass\n")
        body.append("\n\n")
    for model in pc.client_models(schema):
        for kind in KINDS:
            cls = names.get((model.name, kind))
            if cls is None:
                continue
            specs = field_specs(model, kind)
            lines = [f"class {cls}(_Schema):\n"]
            doc = class_doc(pc.split_doc(model.doc), model.name, kind)
            lines.append(pc.docstring(doc) + "\n")
            for spec in specs:
                lines.append(_field(spec, schema, names, imports))
            body.append("".join(lines) + "\n\n")
    used = [name for name in INT_RANGES if f"alias:{name}" in imports]
    std = "\n".join(f"import {m}" for m in sorted(imports) if not m.startswith("alias:"))
    aliases = "".join(f"{name} = {alias_text(name)}\n" for name in used) + ("\n\n" if used else "")
    seen = pc.used_names(aliases + "".join(body))
    typing_names = ", ".join(n for n in ("Annotated", "Any") if n in seen or n == "Any")
    pydantic_names = ["BaseModel", "ConfigDict"] + [n for n in ("EmailStr", "Field", "JsonValue") if n in seen]
    block = (std + "\n" if std else "") + f"from typing import {typing_names}\n\n"
    block += f"from pydantic import {', '.join(pydantic_names)}"
    text = header + PREAMBLE.format(imports=block, aliases=aliases)
    text += "".join(body)
    return text.rstrip("\n") + "\n", pc.client_diagnostics(schema, "pydantic")


def class_doc(doc: str | None, model: str, kind: Kind) -> str:
    if kind == "read":
        return doc or f"A `{model}` row."
    what = "create" if kind == "create" else "update"
    rule = "Generated and defaulted fields may be left out." if kind == "create" else "Every field may be left out."
    text = f"Input to {what} `{model}` rows.\n\n{rule}"
    return f"{text}\n\n{doc}" if doc else text


def alias_text(name: str) -> str:
    low, high = INT_RANGES[name]
    return f"Annotated[int, Field(ge={low}, le={high})]"


def type_text(t: PyType, names: dict[tuple[str, Kind | None], str], imports: set[str]) -> str:
    if t.name.startswith("enum:"):
        base = names.get((t.name[5:], None), "str")
    elif t.name in INT_RANGES:
        base = t.name
        imports.add(f"alias:{base}")
    else:
        base = t.name
        module = base.partition(".")[0] if "." in base else None
        if module:
            imports.add(module)
    if t.constraints:
        args = ", ".join(f"{k}={v}" for k, v in t.constraints)
        return f"Annotated[{base}, Field({args})]"
    return base


def _field(spec: FieldSpec, schema: Schema, names: dict[tuple[str, Kind | None], str], imports: set[str]) -> str:
    annotation = type_text(spec.type, names, imports)
    if spec.list:
        annotation = f"list[{annotation}]"
    if spec.nullable and spec.type.name != "JsonValue":
        annotation += " | None"
    args: list[str] = []
    if spec.default is NO_DEFAULT:
        pass
    elif spec.default is None:
        args.append("default=None" if spec.nullable else "default_factory=_omitted")
    elif isinstance(spec.default, tuple):
        enum_cls = names.get((spec.type.name[5:], None), "str")
        enum = schema.enum(spec.type.name[5:])
        member = spec.default[1]
        if enum is not None and any(v.name == member for v in enum.values):
            args.append(f"default={enum_cls}.{pc.py_name(member, frozenset({'name', 'value', 'mro'}))}")
        else:
            args.append("default_factory=_omitted")
    else:
        args.append(f"default={_literal(spec.default)}")
    if spec.alias:
        args.append(f"alias={pc.py_string(spec.alias)}")
    if spec.description:
        args.append(f"description={pc.py_string(spec.description)}")
    if not args:
        return pc.noqa_ambiguous(spec.attr, f"    {spec.attr}: {annotation}\n")
    if len(args) == 1 and args[0].startswith("default="):
        text = pc.layout(f"{spec.attr}: {annotation} = ", args[0][len("default=") :], "    ")
    else:
        text = pc.layout(f"{spec.attr}: {annotation} = ", pc.Call("Field(", tuple(args)), "    ")
    return pc.noqa_ambiguous(spec.attr, text)


def _literal(value: object) -> str:
    """Defaults are str/int/float/bool (see typemap._plain_default); floats are finite there."""
    return pc.py_string(value) if isinstance(value, str) else repr(value)
