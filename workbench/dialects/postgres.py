"""PostgreSQL: Prisma Migrate's own type spellings and default literals (checked with Prisma 7.10)."""

from __future__ import annotations

from workbench.dialects.base import ALL_FK_ACTIONS, Dialect
from workbench.dialects.typemap import NativeRule, TypeMap
from workbench.ir.schema import ScalarType

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

# Reserved words (quoted in every hand-written query): the "reserved" and "reserved (can be function
# or type)" columns of the SQL Key Words appendix. A fixed table, so lint findings do not move when
# a dependency updates.
RESERVED_WORDS = """
all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate
collation column concurrently constraint create cross current_catalog current_date current_role
current_schema current_time current_timestamp current_user default deferrable desc distinct do else end
except false fetch for foreign freeze from full grant group having ilike in initially inner intersect into
is isnull join lateral leading left like limit localtime localtimestamp natural not notnull null offset on
only or order outer overlaps placing primary references returning right select session_user similar some
symmetric system_user table tablesample then to trailing true union unique user using variadic verbose when
where window with
"""


# @default(autoincrement()) columns are written as pseudo-types, like Prisma does.
SERIAL_TYPES = {"INTEGER": "SERIAL", "BIGINT": "BIGSERIAL", "SMALLINT": "SMALLSERIAL"}

DIALECT = Dialect(
    name="postgres",
    default_schema="public",
    max_identifier_length=63,
    supports_schemas=True,
    supports_enums=True,
    supports_arrays=True,
    index_methods=frozenset({"HASH", "GIN", "GIST", "SPGIST", "BRIN"}),
    supports_index_sort=True,
    supports_opclasses=True,
    supports_partial_indexes=True,
    fk_actions=ALL_FK_ACTIONS,
    join_table_key="primary_key",
    display_name="PostgreSQL",
    aliases=("postgresql", "pg"),
    url_schemes=("postgresql", "postgres"),
    url_example="postgresql://user@host:port/db",
    driver_modules=("psycopg",),
    driver_opens_transactions=True,
    placeholder="%s",
    advisory_locks=True,
    analyze_after_load=True,
    migration_timestamp_type="TIMESTAMPTZ",
    migration_text_types=("VARCHAR(36)", "VARCHAR(64)", "VARCHAR(255)"),
    backup_kind="pg_dump",
    prisma_provider="postgresql",
    prisma_providers=("postgresql", "cockroachdb"),
    truncates_identifiers_at=63,
    dollar_quoted_strings=True,
    information_schema=True,  # NAMEDATALEN - 1: longer names are cut, with a NOTICE
    lowers=True,
    connects=True,
    profiles=True,
    types=TYPES,
    serial_types=SERIAL_TYPES,
    reserved_words=frozenset(RESERVED_WORDS.split()),
)
