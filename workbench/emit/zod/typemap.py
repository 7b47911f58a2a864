"""Prisma scalar -> zod 4 base schema, for rows (what Drizzle reads) and inputs (what callers send).

Rows mirror Drizzle's select shape exactly (``z.date()``, ``z.bigint()``, Decimal as a string);
inputs accept the same values plus what a JSON body can carry: ISO date strings
(``z.coerce.date<Date | string>()``), integers or digit strings for BigInt
(``z.coerce.bigint<bigint | number | string>()``) and numbers for Decimal (turned into their
shortest decimal string). The parsed (output) types are the same for rows and inputs, so
``z.infer`` of a create schema is directly insertable with Drizzle.
"""

from __future__ import annotations

from workbench.emit.tsnames import camel
from workbench.ir.schema import DefaultKind, ScalarField, ScalarType

DECIMAL_ROW = "decimalSchema"
DECIMAL_INPUT = "decimalInputSchema"

# Not `z.instanceof(Uint8Array)`: that infers `Uint8Array<ArrayBuffer>`, which a Node `Buffer`
# (`Uint8Array<ArrayBufferLike>`, what Drizzle reads from bytea/blob columns) is not assignable to.
BYTES = 'z.custom<Uint8Array>((value) => value instanceof Uint8Array, "expected binary data (a Uint8Array)")'

# Base schemas by scalar type: (row, input, annotation kind).
BASE: dict[ScalarType, tuple[str, str, str]] = {
    ScalarType.STRING: ("z.string()", "z.string()", "string"),
    ScalarType.BOOLEAN: ("z.boolean()", "z.boolean()", "none"),
    ScalarType.INT: ("z.int32()", "z.int32()", "number"),
    ScalarType.BIGINT: ("z.bigint()", "z.coerce.bigint<bigint | number | string>()", "bigint"),
    ScalarType.FLOAT: ("z.number()", "z.number()", "number"),
    ScalarType.DECIMAL: (DECIMAL_ROW, DECIMAL_INPUT, "none"),
    ScalarType.DATETIME: ("z.date()", "z.coerce.date<Date | string>()", "none"),
    ScalarType.JSON: ("z.json()", "z.json()", "none"),
    ScalarType.BYTES: (BYTES, BYTES, "none"),
}

# Native types that narrow the base schema (same for rows and inputs).
SMALLINT = "z.int().min(-32768).max(32767)"
LENGTH_TYPES = frozenset({"VarChar", "Char", "NVarChar", "NChar", "Bit", "VarBit"})


def enum_schema_var(enum: str) -> str:
    return camel(enum) + "Schema"


def base_schema(field: ScalarField, *, input: bool) -> tuple[str, str]:
    """(zod expression for one value of the field, annotation kind)."""
    if field.type is ScalarType.ENUM:
        return enum_schema_var(field.enum or ""), "none"
    native = field.native_type.name if field.native_type else None
    if field.type is ScalarType.STRING:
        default = field.default
        kind = default.kind if default else None
        if kind is DefaultKind.UUID:
            return "z.uuid()", "string-format"
        if native == "Uuid" or native == "UniqueIdentifier":
            return "z.guid()", "string-format"
        if kind is DefaultKind.ULID:
            return "z.ulid()", "string-format"
        if kind is DefaultKind.NANOID and default is not None and not default.args:
            return "z.nanoid()", "string-format"
        args = field.native_type.args if field.native_type else ()
        if native in LENGTH_TYPES and args and args[0].isdigit():
            return f"z.string().max({int(args[0])})", "string"
        return "z.string()", "string"
    if field.type is ScalarType.DATETIME and native in ("Time", "Timetz"):
        # Drizzle reads time-of-day columns as text; Time is "HH:MM:SS[.fff]", Timetz adds an offset.
        return ("z.iso.time()", "none") if native == "Time" else ("z.string()", "string-format")
    if field.type is ScalarType.INT and native == "SmallInt":
        return SMALLINT, "number"
    row, inp, annotation_kind = BASE[field.type]
    return (inp if input else row), annotation_kind
