"""The in-process validator: the pydantic models of ``schemas.py``, built in memory from the IR.

``validator(schema, "User")`` returns a ``BaseModel`` subclass equal in fields, types,
constraints, defaults and descriptions to the generated ``User`` (``"create"`` -> ``UserCreate``,
``"update"`` -> ``UserUpdate``); both are made from the same :func:`field_specs`. Models are
cached per (schema, model, kind), and enum classes per schema, so ``validator(s, "User")`` is
cheap to call in a loop and its enum members compare equal across read/create/update models.

``pydantic`` is imported here, not at ``workbench`` import time: only this module needs it.
"""

from __future__ import annotations

import datetime
import decimal
import difflib
import enum
import uuid
from functools import lru_cache
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, EmailStr, Field, JsonValue, create_model

from workbench.diagnostics import UserError
from workbench.emit import pycommon as pc
from workbench.emit.pydantic.emitter import MODULE_NAMES, class_doc
from workbench.emit.pydantic.typemap import INT_RANGES, KINDS, NO_DEFAULT, FieldSpec, Kind, class_names, field_specs
from workbench.ir.schema import Schema

TYPES: dict[str, Any] = {
    "str": str,
    "int": int,
    "float": float,
    "bool": bool,
    "bytes": bytes,
    "decimal.Decimal": decimal.Decimal,
    "datetime.datetime": datetime.datetime,
    "datetime.date": datetime.date,
    "datetime.time": datetime.time,
    "uuid.UUID": uuid.UUID,
    "EmailStr": EmailStr,
    "JsonValue": JsonValue,
    "Any": Any,
}
TYPES.update({name: Annotated[int, Field(ge=low, le=high)] for name, (low, high) in INT_RANGES.items()})


class ValidatorBase(BaseModel):
    """Same configuration as ``_Schema`` in the generated module."""

    model_config = ConfigDict(
        from_attributes=True, validate_by_name=True, validate_by_alias=True, serialize_by_alias=True
    )


def validator(schema: Schema, model: str, kind: Kind = "read") -> type[BaseModel]:
    """The pydantic model validating a ``model`` row (``read``) or input (``create``/``update``).

    Raises :class:`~workbench.diagnostics.UserError` for an unknown model (with a suggestion) or
    an input kind a view / ``@@ignore`` model does not have.
    """
    if kind not in KINDS:
        raise UserError(f"unknown validator kind `{kind}`; use one of: {', '.join(KINDS)}")
    found = schema.model(model)
    if found is None or found.ignored:
        known = [m.name for m in pc.client_models(schema)]
        close = difflib.get_close_matches(model, known, n=1)
        hint = f"; did you mean `{close[0]}`?" if close else (f"; models: {', '.join(known)}" if known else "")
        why = "is @@ignore'd (Prisma Client has no such model)" if found is not None else "does not exist"
        raise UserError(f"model `{model}` {why}{hint}")
    if found.is_view and kind != "read":
        raise UserError(f"`{model}` is a view: it has a read model only (no `{kind}` input)")
    return _build(schema, model, kind)


@lru_cache(maxsize=256)
def _build(schema: Schema, model_name: str, kind: Kind) -> type[BaseModel]:
    model = schema.model(model_name)
    assert model is not None
    names = class_names(schema, MODULE_NAMES)
    enums = _enums(schema)
    fields: dict[str, Any] = {spec.attr: _field(spec, enums) for spec in field_specs(model, kind)}
    built = create_model(
        names[(model.name, kind)],
        __base__=ValidatorBase,
        __doc__=class_doc(pc.split_doc(model.doc), model.name, kind),
        **fields,
    )
    return built


@lru_cache(maxsize=64)
def _enums(schema: Schema) -> dict[str, type[enum.StrEnum]]:
    names = class_names(schema, MODULE_NAMES)
    out: dict[str, type[enum.StrEnum]] = {}
    for e in schema.enums:
        members = [(pc.py_name(v.name, frozenset({"name", "value", "mro"})), v.db_name) for v in e.values]
        cls = enum.StrEnum(names[(e.name, None)], members)  # type: ignore[misc]  # the enum's name is computed
        cls.__doc__ = pc.split_doc(e.doc)  # like the generated class: no docstring without a doc
        out[e.name] = cls
    return out


def _annotation(spec: FieldSpec, enums: dict[str, type[enum.StrEnum]]) -> Any:
    name = spec.type.name
    base: Any = enums.get(name[5:], str) if name.startswith("enum:") else TYPES.get(name, Any)
    if spec.type.constraints:
        base = Annotated[base, Field(**dict(spec.type.constraints))]  # type: ignore[call-overload]  # names from FieldSpec
    if spec.list:
        base = list[base]
    if spec.nullable and name != "JsonValue":
        base = base | None
    return base


def _field(spec: FieldSpec, enums: dict[str, type[enum.StrEnum]]) -> tuple[Any, Any]:
    kwargs: dict[str, Any] = {}
    if spec.default is NO_DEFAULT:
        pass
    elif spec.default is None:
        if spec.nullable:
            kwargs["default"] = None
        else:
            kwargs["default_factory"] = _omitted
    elif isinstance(spec.default, tuple):
        enum_cls = enums.get(spec.type.name[5:])
        member = pc.py_name(str(spec.default[1]), frozenset({"name", "value", "mro"}))
        if enum_cls is not None and member in enum_cls.__members__:
            kwargs["default"] = enum_cls[member]
        else:
            kwargs["default_factory"] = _omitted
    else:
        kwargs["default"] = spec.default
    if spec.alias:
        kwargs["alias"] = spec.alias
    if spec.description:
        kwargs["description"] = spec.description
    return _annotation(spec, enums), Field(**kwargs)


def _omitted() -> Any:
    return None


__all__ = ["ValidatorBase", "validator"]
