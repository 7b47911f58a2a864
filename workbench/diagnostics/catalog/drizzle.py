"""Codes of the Drizzle emitter (``W07xx``/``I07xx``): what Drizzle cannot say exactly.

Lowering's own codes (``W05xx``, what the SQL dialect cannot express) are passed through as well,
since the Drizzle schema is built from the lowered database.
"""

from __future__ import annotations

from workbench.diagnostics.catalog.registry import Area, Section

_ = Section(Area.DRIZZLE)

NO_DIALECT = _.warning(
    "W0701", "drizzle-no-dialect", "A datasource provider without a Drizzle dialect (sqlserver, mongodb): pg-core."
)
CUSTOM_TYPE_NAME = _.warning(
    "W0702",
    "drizzle-custom-type-name",
    'drizzle-kit double-quotes unknown type names: `Unsupported("X(1)")` may not survive.',
)
NO_BUILDER = _.warning(
    "W0703", "drizzle-no-builder", "A column type without a Drizzle builder: customType with the raw SQL type."
)
CLIENT_DEFAULT = _.info(
    "I0704", "drizzle-client-default", "A client-side generator approximated (uuid(7) -> v4, cuid() v1 -> cuid2)."
)
VIEW = _.info("I0705", "drizzle-view", "A view: Prisma Migrate creates none, neither does this schema.")
MYSQL_LIST = _.warning("W0706", "drizzle-mysql-list", "A scalar list on MySQL: a json column.")
DUPLICATE_NAME = _.warning(
    "W0707", "drizzle-duplicate-name", "Two objects map to the same TypeScript identifier: a numbered suffix."
)
ONE_TO_ONE_BACK = _.warning(
    "W0708",
    "drizzle-one-to-one-back",
    "Back side of a 1:1 when several relations link the pair: left out of relations().",
)
COCKROACH = _.info(
    "I0709", "drizzle-cockroachdb", "cockroachdb is written for pg-core with PostgreSQL's type spellings."
)
SQLITE_AUTOINCREMENT = _.info(
    "I0710", "drizzle-sqlite-autoincrement", "autoincrement() SQLite cannot do on Prisma's table: max + 1 on insert."
)
UNIQUE_CONSTRAINT = _.info(
    "I0711", "drizzle-unique-constraint", "A unique key a foreign key references is a UNIQUE constraint, not an index."
)
UNIQUE_CONSTRAINT_LOSES = _.warning(
    "W0712",
    "drizzle-unique-constraint-loses",
    "A unique key a foreign key references: the UNIQUE constraint loses the index's sort/opclass/method.",
)
EXTENSION = _.info(
    "I0713",
    "drizzle-extension",
    "A PostgreSQL extension: drizzle-kit creates none; create it in a custom migration first.",
)
