"""PostgreSQL: Prisma Migrate's own type spellings and default literals (checked with Prisma 7.10)."""

from __future__ import annotations

from workbench.dialects.base import POSTGRES
from workbench.dialects.typemap import NativeRule, TypeMap
from workbench.ir.schema import ScalarType

DIALECT = POSTGRES

TYPES = TypeMap(
    logical={
        ScalarType.STRING: "TEXT",
        ScalarType.BOOLEAN: "BOOLEAN",
        ScalarType.INT: "INTEGER",
        ScalarType.BIGINT: "BIGINT",
        ScalarType.FLOAT: "DOUBLE PRECISION",
        ScalarType.DECIMAL: "DECIMAL(65,30)",
        ScalarType.DATETIME: "TIMESTAMP(3)",
        ScalarType.JSON: "JSONB",
        ScalarType.BYTES: "BYTEA",
    },
    native={
        "Text": NativeRule("TEXT"),
        "Char": NativeRule("CHAR"),
        "VarChar": NativeRule("VARCHAR"),
        "Bit": NativeRule("BIT"),
        "VarBit": NativeRule("VARBIT"),
        "Uuid": NativeRule("UUID"),
        "Xml": NativeRule("XML"),
        "Inet": NativeRule("INET"),
        "Citext": NativeRule("CITEXT"),
        "Boolean": NativeRule("BOOLEAN"),
        "Integer": NativeRule("INTEGER"),
        "SmallInt": NativeRule("SMALLINT"),
        "BigInt": NativeRule("BIGINT"),
        "Oid": NativeRule("OID"),
        "Real": NativeRule("REAL"),
        "DoublePrecision": NativeRule("DOUBLE PRECISION"),
        "Decimal": NativeRule("DECIMAL"),
        "Money": NativeRule("MONEY"),
        "Date": NativeRule("DATE"),
        "Time": NativeRule("TIME"),
        "Timetz": NativeRule("TIMETZ"),
        "Timestamp": NativeRule("TIMESTAMP"),
        "Timestamptz": NativeRule("TIMESTAMPTZ"),
        "Json": NativeRule("JSON"),
        "JsonB": NativeRule("JSONB"),
        "ByteA": NativeRule("BYTEA"),
    },
)

# @default(autoincrement()) columns are written as pseudo-types, like Prisma does.
SERIAL_TYPES = {"INTEGER": "SERIAL", "BIGINT": "BIGSERIAL", "SMALLINT": "SMALLSERIAL"}
