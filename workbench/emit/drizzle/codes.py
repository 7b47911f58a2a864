"""Diagnostic codes of the Drizzle emitter (``W07xx``/``I07xx``): what Drizzle cannot say exactly.

Lowering's own codes (``W05xx``, what the SQL dialect cannot express) are passed through as well,
since the Drizzle schema is built from the lowered database.
"""

from __future__ import annotations

NO_DIALECT = "W0701"  # datasource provider without a Drizzle dialect (sqlserver, mongodb) -> pg-core
CUSTOM_TYPE_NAME = "W0702"  # drizzle-kit double-quotes unknown type names: `Unsupported("X(1)")` may not survive
NO_BUILDER = "W0703"  # a column type without a Drizzle builder -> customType with the raw SQL type
CLIENT_DEFAULT = "I0704"  # info: a client-side generator approximated (uuid(7) -> v4, cuid() v1 -> cuid2)
VIEW = "I0705"  # info: a view; Prisma Migrate creates none, neither does this schema
MYSQL_LIST = "W0706"  # a scalar list on MySQL -> json column
DUPLICATE_NAME = "W0707"  # two objects map to the same TypeScript identifier -> a numbered suffix
COCKROACH = "I0709"  # info: cockroachdb is written for pg-core with PostgreSQL's type spellings
SQLITE_AUTOINCREMENT = "I0710"  # info: autoincrement() SQLite cannot do on Prisma's table -> max + 1 on insert
ONE_TO_ONE_BACK = "W0708"  # back side of a 1:1 when several relations link the pair: left out of relations()
UNIQUE_CONSTRAINT = "I0711"  # info: a unique key a foreign key references is a UNIQUE constraint, not an index
UNIQUE_CONSTRAINT_LOSES = "W0712"  # the same, and the constraint cannot carry the index's sort/opclass/method

NAMES = {
    NO_DIALECT: "drizzle-no-dialect",
    CUSTOM_TYPE_NAME: "drizzle-custom-type-name",
    NO_BUILDER: "drizzle-no-builder",
    CLIENT_DEFAULT: "drizzle-client-default",
    VIEW: "drizzle-view",
    MYSQL_LIST: "drizzle-mysql-list",
    DUPLICATE_NAME: "drizzle-duplicate-name",
    ONE_TO_ONE_BACK: "drizzle-one-to-one-back",
    COCKROACH: "drizzle-cockroachdb",
    SQLITE_AUTOINCREMENT: "drizzle-sqlite-autoincrement",
    UNIQUE_CONSTRAINT: "drizzle-unique-constraint",
    UNIQUE_CONSTRAINT_LOSES: "drizzle-unique-constraint-loses",
}
