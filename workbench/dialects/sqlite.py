"""SQLite: Prisma's SQLite connector spellings (it has no ``@db.*`` native types)."""

from __future__ import annotations

from workbench.dialects.base import ALL_FK_ACTIONS, Dialect
from workbench.dialects.typemap import TypeMap
from workbench.ir.schema import ScalarType

TYPES = TypeMap(
    logical={
        ScalarType.STRING: "TEXT",
        ScalarType.BOOLEAN: "BOOLEAN",
        ScalarType.INT: "INTEGER",
        ScalarType.BIGINT: "BIGINT",
        ScalarType.FLOAT: "REAL",
        ScalarType.DECIMAL: "DECIMAL",
        ScalarType.DATETIME: "DATETIME",
        ScalarType.JSON: "JSONB",
        ScalarType.BYTES: "BLOB",
    },
    native={},  # every @db.* type (from a schema written for another provider) is reported and dropped
)

ENUM_TYPE = "TEXT"  # Prisma stores enums as TEXT on SQLite (values not enforced)
LIST_TYPE = "TEXT"  # SQLite has no arrays; we keep the column (JSON text) and warn

# Reserved words: SQLite's keywords minus those its parser accepts as identifiers anyway (the
# ``%fallback ID`` list of its grammar).
RESERVED_WORDS = """
add all alter and as autoincrement between case check collate commit constraint create cross default
deferrable delete distinct drop else escape except exists filter foreign from full group having in index
indexed inner insert intersect into is isnull join left limit natural not nothing notnull null on or
order outer over primary references returning right select set table then to transaction union unique
update using values when where window
"""


DIALECT = Dialect(
    name="sqlite",
    default_schema="main",
    max_identifier_length=10000,  # Prisma's SQLite connector limit: never truncates
    migration_steps_type="INTEGER UNSIGNED",  # as Prisma's runner creates _prisma_migrations
    supports_schemas=False,
    supports_enums=False,
    supports_arrays=False,
    index_methods=frozenset(),
    supports_index_sort=True,
    supports_opclasses=False,
    supports_partial_indexes=True,
    fk_actions=ALL_FK_ACTIONS,
    join_table_key="unique_index",
    display_name="SQLite",
    aliases=("sqlite3",),
    url_schemes=("sqlite",),
    url_example="sqlite:///path.db",
    file_suffixes=(".db", ".sqlite", ".sqlite3"),
    file_magic=(0, b"SQLite format 3\x00"),
    driver_modules=("sqlite3",),
    prisma_provider="sqlite",
    prisma_providers=("sqlite",),
    constraint_names="sqlite",  # sqlite_autoindex_<table>_<n>
    embedded=True,
    backup_kind="file",
    lowers=True,
    connects=True,
    types=TYPES,
    enum_type=ENUM_TYPE,
    list_type=LIST_TYPE,
    reserved_words=frozenset(RESERVED_WORDS.split()),
)
