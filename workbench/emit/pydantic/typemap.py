"""Field specs for pydantic: the type, constraints, default and description of every field.

One neutral description (:class:`FieldSpec`) is computed per (model, kind) and then either
printed as source (:mod:`.emitter`, ``schemas.py``) or turned into live objects
(:mod:`.runtime`, ``pydantic.create_model``), so the generated module and the in-process
validator can never disagree.

Types (logical type, refined by the native type):

=============  ===================================================================================
String         ``str``; ``EmailStr`` when annotated ``/// @zod.email()`` or named ``email``/``*Email``;
               ``uuid.UUID`` for ``@db.Uuid``; ``max_length`` from ``@db.VarChar(n)``/``@db.Char(n)``
Int / BigInt   ``Int32``/``Int64`` (``Int16`` for ``@db.SmallInt``): ``int`` limited to the column's range
Float          ``float``
Decimal        ``decimal.Decimal``; ``max_digits``/``decimal_places`` from ``@db.Decimal(p, s)``
Boolean        ``bool``
DateTime       ``datetime.datetime``; ``datetime.date`` for ``@db.Date``, ``datetime.time`` for
               ``@db.Time``/``@db.Timetz``
Json           ``pydantic.JsonValue``
Bytes          ``bytes``
Enum           the generated ``enum.StrEnum`` (values = the database labels after ``@map``)
=============  ===================================================================================

Doc-comment annotations (the zod target's convention, one for both): ``/// @zod.email()`` makes a
String an ``EmailStr``; ``min``/``max``/``length``/``nonempty`` (strings) and ``min``/``max``/``gt``/
``gte``/``lt``/``lte``/``positive``/``nonnegative``/``negative``/``nonpositive`` (numbers) with
literal integer arguments become ``Field`` constraints (the stricter bound wins over the native
type's). Other refinements (``regex``, ``url``, ``uuid``...) stay zod-only.

Kinds (the zod rules, :func:`workbench.emit.pycommon.create_optional`):

* ``read``: every client field, required; nullable fields are ``X | None`` (a row always has the key).
* ``create``: fields that may be left out have a default: their literal/enum ``@default`` when it
  is a plain value, ``None`` otherwise (generated ids, ``now()``, autoincrement, ``@updatedAt``,
  lists, optional fields). A non-nullable field left out is *unset*, not null: explicit ``null``
  is still rejected (pydantic does not validate defaults), and ``model_dump(exclude_unset=True)``
  gives exactly what the caller sent.
* ``update``: every field may be left out (same convention).

Relation object fields are never part of these models; foreign-key scalars are ordinary fields.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

from workbench.emit import pycommon as pc
from workbench.ir.schema import DefaultKind, Model, ScalarField, ScalarType, Schema

Kind = Literal["read", "create", "update"]
KINDS: tuple[Kind, ...] = ("read", "create", "update")

# Integer columns by native type -> the named range type (aliases emitted into schemas.py).
INT_TYPES = {"SmallInt": "Int16", "Integer": "Int32", "Int": "Int32", "BigInt": "Int64", "Oid": "UInt32"}
INT_RANGES = {"Int16": (-(2**15), 2**15 - 1), "Int32": (-(2**31), 2**31 - 1), "Int64": (-(2**63), 2**63 - 1)}
INT_RANGES["UInt32"] = (0, 2**32 - 1)

BASE = {**pc.PY_TYPES, ScalarType.JSON: "JsonValue"}
NATIVE_BASE = {"Uuid": "uuid.UUID", "Date": "datetime.date", "Time": "datetime.time", "Timetz": "datetime.time"}

NO_DEFAULT = object()  # the field is required


@dataclass(frozen=True, slots=True)
class PyType:
    """A type name (``str``, ``EmailStr``, ``uuid.UUID``, ``enum:Role``) and its constraints."""

    name: str
    constraints: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True, slots=True)
class FieldSpec:
    attr: str  # Python attribute name
    alias: str | None  # the Prisma field name when the attribute had to be renamed
    type: PyType
    list: bool
    nullable: bool
    default: object  # NO_DEFAULT, None, or a plain value (str/int/float/bool, or ("enum", member))
    description: str | None


def field_type(field: ScalarField) -> PyType:
    native = field.native_type
    if field.type is ScalarType.ENUM:
        return PyType(f"enum:{field.enum}")
    name = BASE.get(field.type, "Any")
    if native is not None and native.name in NATIVE_BASE:
        name = NATIVE_BASE[native.name]
    elif field.type is ScalarType.STRING and pc.is_email(field):
        name = "EmailStr"
    constraints: list[tuple[str, int]] = []
    sized = native is not None and native.name in ("VarChar", "Char") and native.args
    if field.type is ScalarType.STRING and native is not None and sized and native.args[0].strip().isdigit():
        constraints.append(("max_length", int(native.args[0])))
    if field.type in (ScalarType.INT, ScalarType.BIGINT):
        key = native.name if native is not None and native.name in INT_TYPES else field.type.value
        name = INT_TYPES.get(key, "Int64")
    if field.type is ScalarType.DECIMAL and native is not None and native.name == "Decimal" and len(native.args) == 2:
        p, s = (a.strip() for a in native.args)
        if p.isdigit() and s.isdigit():
            constraints += [("max_digits", int(p)), ("decimal_places", int(s))]
    return PyType(name, _merge(constraints, annotation_constraints(field)))


# ``/// @zod.<method>(<number>)`` refinements pydantic can express as Field constraints (the zod
# target copies every refinement; here the common numeric ones carry over, the rest are zod-only).
_ZOD_CALL = re.compile(r"\.?([A-Za-z]+)\(\s*(-?\d+)?\s*(?:,[^()]*)?\)")
STRING_RULES = {"min": "min_length", "max": "max_length", "length": ("min_length", "max_length")}
NUMBER_RULES = {"min": "ge", "max": "le", "gte": "ge", "lte": "le", "gt": "gt", "lt": "lt"}
NUMBER_FLAGS = {"positive": ("gt", 0), "nonnegative": ("ge", 0), "negative": ("lt", 0), "nonpositive": ("le", 0)}


def annotation_constraints(field: ScalarField) -> list[tuple[str, int]]:
    """Constraints from ``@zod.min(3)``/``.max(n)``/``.length(n)``/``.nonempty()`` (strings) and
    ``.min/.max/.gt/.gte/.lt/.lte(n)``/``.positive()``... (numbers) doc-comment annotations."""
    out: list[tuple[str, int]] = []
    numeric = field.type in (ScalarType.INT, ScalarType.BIGINT, ScalarType.FLOAT, ScalarType.DECIMAL)
    for line in (field.doc or "").splitlines():
        text = line.strip()
        if not text.startswith("@zod."):
            continue
        for method, number in _ZOD_CALL.findall(text[len("@zod") :]):
            if field.type is ScalarType.STRING:
                if method == "nonempty":
                    out.append(("min_length", 1))
                rule = STRING_RULES.get(method)
                if rule and number and int(number) >= 0:
                    for key in (rule,) if isinstance(rule, str) else rule:
                        out.append((key, int(number)))
            elif numeric:
                if method in NUMBER_FLAGS:
                    out.append(NUMBER_FLAGS[method])
                elif method in NUMBER_RULES and number:
                    out.append((NUMBER_RULES[method], int(number)))
    return out


def _merge(native: list[tuple[str, int]], annotated: list[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
    """Both sets, the stricter bound winning per key, in a stable order."""
    merged: dict[str, int] = {}
    for key, value in native + annotated:
        if key not in merged:
            merged[key] = value
        elif key in ("max_length", "le", "lt", "max_digits", "decimal_places"):
            merged[key] = min(merged[key], value)
        else:
            merged[key] = max(merged[key], value)
    return tuple(merged.items())


def _plain_default(field: ScalarField) -> object:
    """The ``@default`` as a Python value when it is a plain scalar, else None (left unset)."""
    d = field.default
    if d is None or field.list:
        return None
    if d.kind is DefaultKind.ENUM and isinstance(d.value, str):
        return ("enum", d.value)
    if d.kind is DefaultKind.LITERAL and isinstance(d.value, bool | int | float | str) and field.native_type is None:
        if field.type is ScalarType.BOOLEAN and isinstance(d.value, bool):
            return d.value
        if field.type in (ScalarType.INT, ScalarType.BIGINT) and type(d.value) is int:
            return d.value
        number = isinstance(d.value, int | float) and not isinstance(d.value, bool)
        if field.type is ScalarType.FLOAT and isinstance(d.value, int | float) and number and math.isfinite(d.value):
            return float(d.value)
        if field.type is ScalarType.STRING and isinstance(d.value, str) and not pc.is_email(field):
            return d.value
    return None


def field_specs(model: Model, kind: Kind) -> tuple[FieldSpec, ...]:
    out = []
    for f in pc.client_scalars(model):
        attr = pc.py_name(f.name, pc.PYDANTIC_RESERVED)
        nullable = f.optional
        if kind == "read":
            default: object = NO_DEFAULT
        elif kind == "create":
            default = (_plain_default(f) if not f.optional else None) if pc.create_optional(f) else NO_DEFAULT
        else:
            default = None
        out.append(
            FieldSpec(
                attr=attr,
                alias=f.name if attr != f.name else None,
                type=field_type(f),
                list=f.list,
                nullable=nullable,
                default=default,
                description=pc.split_doc(f.doc),
            )
        )
    return tuple(out)


def class_names(schema: Schema, reserved: frozenset[str]) -> dict[tuple[str, Kind | None], str]:
    """Python class names: enums and read models keep their Prisma name, inputs get ``Create``/``Update``.

    A clash (a model literally named ``UserCreate`` next to ``User``) is resolved by appending
    ``Input`` and then ``_``, deterministically in schema order.
    """
    taken: set[str] = set()
    names: dict[tuple[str, Kind | None], str] = {}

    def claim(wanted: str) -> str:
        name = pc.py_name(wanted, reserved)
        while name in taken:
            name += "Input" if not name.endswith("Input") else "_"
        taken.add(name)
        return name

    for e in schema.enums:
        names[(e.name, None)] = claim(e.name)
    models = pc.client_models(schema)
    for m in models:
        names[(m.name, "read")] = claim(m.name)
    for m in models:
        if m.is_view:
            continue
        names[(m.name, "create")] = claim(m.name + "Create")
        names[(m.name, "update")] = claim(m.name + "Update")
    return names
