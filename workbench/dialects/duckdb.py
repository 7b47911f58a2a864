"""DuckDB: the natural equivalents of Prisma's PostgreSQL types, spelled as DuckDB reports them.

Types are written the way ``duckdb_columns()`` prints them back (``VARCHAR``, ``DOUBLE``,
``TIMESTAMP WITH TIME ZONE``...), so a lowered database and an introspected one compare equal.
DuckDB's DECIMAL is limited to 38 digits, so Prisma's ``DECIMAL(65,30)`` becomes
``DECIMAL(38,10)``; timestamps are microsecond ``TIMESTAMP`` (DuckDB takes no precision).

DuckDB's built-in type names (and aliases such as ``type``, ``string``, ``text``) live in the
``main`` schema and compare case-insensitively, quoted or not, so ``CREATE TYPE "Type" AS ENUM``
fails with ``Type with name "Type" already exists!``. Lowering gives such an enum another
database name (:func:`enum_type_name`) and says so in a warning.
"""

from __future__ import annotations

from workbench.dialects import postgres
from workbench.dialects.base import Dialect
from workbench.dialects.typemap import NativeRule, TypeMap
from workbench.ir.schema import ScalarType

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

# DuckDB shares PostgreSQL's grammar: its ``duckdb_keywords()`` reserved category is PostgreSQL's
# reserved words plus these.
RESERVED_WORDS_EXTRA = """
pivot unpivot qualify pivot_wider pivot_longer describe show summarize lambda
"""


DIALECT = Dialect(
    name="duckdb",
    default_schema="main",
    keeps_constraint_names=False,  # duckdb_constraints() has no names of their own: they are derived
    max_identifier_length=63,  # DuckDB has no limit; we keep Prisma's Postgres names so both agree
    supports_schemas=True,
    supports_enums=True,
    supports_arrays=True,
    index_methods=frozenset(),  # only ART; USING HASH etc. is rejected
    supports_index_sort=False,  # accepted by the parser but not stored
    supports_opclasses=False,
    supports_partial_indexes=False,  # "Creating partial indexes is not supported currently"
    fk_actions=frozenset({"NO ACTION", "RESTRICT"}),  # CASCADE / SET NULL / SET DEFAULT are parse errors
    join_table_key="primary_key",
    display_name="DuckDB",
    url_schemes=("duckdb",),
    url_example="duckdb:///path.duckdb",
    file_suffixes=(".duckdb",),
    file_magic=(8, b"DUCK"),  # after the header checksum
    driver_modules=("duckdb", "_duckdb"),
    prisma_provider="postgresql",  # no Prisma provider; DuckDB's types mirror PostgreSQL's
    dollar_quoted_strings=True,
    information_schema=True,
    migration_timestamp_type="TIMESTAMP",  # UTC, without a zone: fetching TIMESTAMPTZ would need pytz
    embedded=True,
    backup_kind="export",
    supports_savepoints=False,  # and any error aborts the whole transaction
    lowers=True,
    connects=True,
    profiles=True,
    types=TYPES,
    reserved_words=frozenset((postgres.RESERVED_WORDS + RESERVED_WORDS_EXTRA).split()),
)

# `SELECT lower(type_name) FROM duckdb_types() WHERE internal AND database_name <> 'system'` on
# DuckDB 2.0.1: every name CREATE TYPE refuses in the main schema. Kept as data (not asked of a
# live DuckDB) because lowering runs without a connection; tests/test_ddl_duckdb.py checks the
# list against the installed DuckDB so an upgrade that adds names fails loudly. Extension types
# (JSON) live in the ``system`` catalog and may be shadowed.
BUILTIN_TYPE_NAMES = frozenset(
    {
        "array", "bigint", "bignum", "binary", "bit", "bitstring", "blob", "bool", "boolean", "bpchar", "bytea",
        "char", "date", "datetime", "dec", "decimal", "double", "enum", "float", "float4", "float8", "geometry",
        "guid", "hugeint", "int", "int1", "int128", "int16", "int2", "int32", "int4", "int64", "int8", "integer",
        "integral", "interval", "list", "logical", "long", "map", "null", "numeric", "nvarchar", "oid", "real",
        "row", "short", "signed", "smallint", "string", "struct", "text", "time", "time with time zone",
        "time_ns", "timestamp", "timestamp with time zone", "timestamp_ms", "timestamp_ns", "timestamp_s",
        "timestamp_us", "timestamptz", "timestamptz_ns", "timetz", "tinyint", "tuple", "type", "ubigint",
        "uhugeint", "uint128", "uint16", "uint32", "uint64", "uint8", "uinteger", "union", "usmallint",
        "utinyint", "uuid", "varbinary", "varchar", "variant", "varint",
    }
)  # fmt: skip


def enum_type_name(name: str, taken: set[str]) -> str:
    """A database name for an enum whose own name is a DuckDB built-in type: ``<name>_enum``.

    ``taken`` holds the lower-cased names already used by enums of the same schema (DuckDB compares
    type names case-insensitively); a numeric suffix keeps the new name unique among them.
    """
    candidate = f"{name}_enum"
    n = 2
    while candidate.lower() in taken or candidate.lower() in BUILTIN_TYPE_NAMES:
        candidate = f"{name}_enum{n}"
        n += 1
    return candidate
