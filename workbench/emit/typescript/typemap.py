"""Prisma scalar -> TypeScript type of a value as Drizzle reads it (and zod's parsed output).

Decimal is a ``string`` (Drizzle's ``numeric`` mode, no precision lost), BigInt a ``bigint``,
Bytes a ``Uint8Array``, Json the recursive :data:`JSON_VALUE` type.
"""

from __future__ import annotations

from workbench.emit.tsnames import type_name
from workbench.ir.schema import ScalarField, ScalarType

JSON_VALUE = "JsonValue"

TS_TYPES: dict[ScalarType, str] = {
    ScalarType.STRING: "string",
    ScalarType.BOOLEAN: "boolean",
    ScalarType.INT: "number",
    ScalarType.BIGINT: "bigint",
    ScalarType.FLOAT: "number",
    ScalarType.DECIMAL: "string",
    ScalarType.DATETIME: "Date",
    ScalarType.JSON: JSON_VALUE,
    ScalarType.BYTES: "Uint8Array",
}


# DateTime columns Drizzle reads as text ("12:30:00"), not as a Date.
TIME_OF_DAY = frozenset({"Time", "Timetz"})


def is_time_of_day(field: ScalarField) -> bool:
    return field.type is ScalarType.DATETIME and field.native_type is not None and field.native_type.name in TIME_OF_DAY


def value_type(field: ScalarField) -> str:
    if field.type is ScalarType.ENUM:
        return type_name(field.enum or "")
    if is_time_of_day(field):
        return "string"
    return TS_TYPES[field.type]
