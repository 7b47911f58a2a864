"""Codes of lowering (``W05xx``): what a dialect cannot express.

Every code is a warning unless noted: the DDL is still produced, with the feature left out or
approximated as described in the message.
"""

from __future__ import annotations

from workbench.diagnostics.catalog.registry import Area, Section

_ = Section(Area.DIALECTS)

UNKNOWN_DIALECT = _.error("E0500", "unknown-dialect", "lower() was asked for a dialect we do not know.")
UNSUPPORTED_INDEX_METHOD = _.warning(
    "W0501", "unsupported-index-method", "USING HASH/GIN/GIST/SPGIST/BRIN or @@fulltext: a plain B-tree/ART index."
)
UNSUPPORTED_INDEX_OPTION = _.warning(
    "W0502", "unsupported-index-option", "Sort order, length, operator class or clustering: left out."
)
UNSUPPORTED_PARTIAL_INDEX = _.warning(
    "W0503", "unsupported-partial-index", "WHERE on an index (DuckDB): a full index, or no index when unique."
)
UNSUPPORTED_REFERENTIAL_ACTION = _.warning(
    "W0504", "unsupported-referential-action", "ON DELETE/UPDATE CASCADE/SET NULL/SET DEFAULT (DuckDB): NO ACTION."
)
UNSUPPORTED_NATIVE_TYPE = _.warning(
    "W0505", "unsupported-native-type", "A @db.* type the dialect lacks: the nearest type."
)
UNSUPPORTED_LIST = _.warning("W0506", "unsupported-list", "A scalar list on SQLite: a TEXT column.")
UNSUPPORTED_DEFAULT = _.warning(
    "W0507", "unsupported-default", "A default the dialect cannot express (foreign dbgenerated SQL...): none."
)
UNSUPPORTED_TYPE = _.warning("W0508", "unsupported-type", 'Unsupported("...") type unknown to the dialect: VARCHAR.')
UNSUPPORTED_SCHEMA = _.warning("W0509", "unsupported-schema", "@@schema on SQLite: the main schema.")
UNSUPPORTED_AUTOINCREMENT = _.warning("W0510", "unsupported-autoincrement", "autoincrement() SQLite cannot honour.")
FOREIGN_KEY_CYCLE = _.warning(
    "W0511", "foreign-key-cycle", "DuckDB: foreign keys must be inline in CREATE TABLE; a cycle drops one."
)
UNRESOLVED_REFERENCE = _.warning(
    "W0512", "unresolved-reference", "A relation or index names a missing field or model (invalid schema): skipped."
)
UNSUPPORTED_INDEX_COLUMN = _.warning("W0513", "unsupported-index-column", "DuckDB cannot index list columns: skipped.")
DEFAULT_REFERENTIAL_ACTION = _.info(
    "I0514", "default-referential-action", "An implicit (Prisma default) action the dialect cannot express."
)
CROSS_SCHEMA_FOREIGN_KEY = _.warning(
    "W0515", "cross-schema-foreign-key", "DuckDB: a foreign key to a table in another schema: left out."
)
BUILTIN_TYPE_NAME = _.warning(
    "W0516", "builtin-type-name", "DuckDB: an enum named like a built-in type (Type, Text...): renamed `<name>_enum`."
)
TRUNCATED_NAME_COLLISION = _.warning(
    "W0517", "truncated-name-collision", "PostgreSQL: two names equal in their first 63 bytes: one identifier."
)
