"""DuckDB: the natural equivalents of Prisma's PostgreSQL types, spelled as DuckDB reports them.

Types are written the way ``duckdb_columns()`` prints them back (``VARCHAR``, ``DOUBLE``,
``TIMESTAMP WITH TIME ZONE``...), so a lowered database and an introspected one compare equal.
DuckDB's DECIMAL is limited to 38 digits, so Prisma's ``DECIMAL(65,30)`` becomes
``DECIMAL(38,10)``; timestamps are microsecond ``TIMESTAMP`` (DuckDB takes no precision).
"""

from __future__ import annotations

from workbench.dialects.base import DUCKDB
from workbench.dialects.typemap import NativeRule, TypeMap
from workbench.ir.schema import ScalarType

DIALECT = DUCKDB

MAX_DECIMAL_PRECISION = 38
DEFAULT_DECIMAL = "DECIMAL(38,10)"

TYPES = TypeMap(
    logical={
        ScalarType.STRING: "VARCHAR",
        ScalarType.BOOLEAN: "BOOLEAN",
        ScalarType.INT: "INTEGER",
        ScalarType.BIGINT: "BIGINT",
        ScalarType.FLOAT: "DOUBLE",
        ScalarType.DECIMAL: DEFAULT_DECIMAL,
        ScalarType.DATETIME: "TIMESTAMP",
        ScalarType.JSON: "JSON",
        ScalarType.BYTES: "BLOB",
    },
    native={
        "Text": NativeRule("VARCHAR", keep_args=False),
        "Char": NativeRule("VARCHAR", keep_args=False, lost="fixed length (CHAR) is not enforced by DuckDB"),
        "VarChar": NativeRule("VARCHAR", keep_args=False, lost_with_args="the length limit is not enforced by DuckDB"),
        "Bit": NativeRule("BIT", keep_args=False, lost_with_args="the bit length is not enforced by DuckDB"),
        "VarBit": NativeRule("BIT", keep_args=False, lost_with_args="the bit length is not enforced by DuckDB"),
        "Uuid": NativeRule("UUID"),
        "Xml": NativeRule("VARCHAR", keep_args=False, lost="DuckDB has no XML type; stored as VARCHAR"),
        "Inet": NativeRule("VARCHAR", keep_args=False, lost="DuckDB has no built-in INET type; stored as VARCHAR"),
        "Citext": NativeRule("VARCHAR", keep_args=False, lost="DuckDB has no case-insensitive text; stored as VARCHAR"),
        "Boolean": NativeRule("BOOLEAN"),
        "Integer": NativeRule("INTEGER"),
        "SmallInt": NativeRule("SMALLINT"),
        "BigInt": NativeRule("BIGINT"),
        "Oid": NativeRule("UINTEGER"),
        "Real": NativeRule("FLOAT"),
        "DoublePrecision": NativeRule("DOUBLE"),
        "Decimal": NativeRule("DECIMAL"),  # arguments checked against MAX_DECIMAL_PRECISION in lowering
        "Money": NativeRule("DECIMAL(19,2)", keep_args=False, lost="DuckDB has no MONEY type; stored as DECIMAL(19,2)"),
        "Date": NativeRule("DATE"),
        "Time": NativeRule("TIME", keep_args=False),
        "Timetz": NativeRule("TIME WITH TIME ZONE", keep_args=False),
        "Timestamp": NativeRule("TIMESTAMP", keep_args=False),
        "Timestamptz": NativeRule("TIMESTAMP WITH TIME ZONE", keep_args=False),
        "Json": NativeRule("JSON"),
        "JsonB": NativeRule("JSON"),
        "ByteA": NativeRule("BLOB"),
    },
)
