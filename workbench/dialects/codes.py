"""Diagnostic codes of lowering (``W05xx``): what a dialect cannot express.

Every code is a warning unless noted: the DDL is still produced, with the feature left out or
approximated as described in the message.
"""

from __future__ import annotations

UNKNOWN_DIALECT = "E0500"  # error: lower() was asked for a dialect we do not know
UNSUPPORTED_INDEX_METHOD = "W0501"  # USING HASH/GIN/GIST/SPGIST/BRIN, @@fulltext -> plain B-tree/ART index
UNSUPPORTED_INDEX_OPTION = "W0502"  # sort order, length, operator class, clustered -> left out
UNSUPPORTED_PARTIAL_INDEX = "W0503"  # WHERE on an index (DuckDB) -> full index, or no index when unique
UNSUPPORTED_REFERENTIAL_ACTION = "W0504"  # ON DELETE/UPDATE CASCADE/SET NULL/SET DEFAULT (DuckDB) -> NO ACTION
UNSUPPORTED_NATIVE_TYPE = "W0505"  # @db.* type the dialect lacks -> nearest type
UNSUPPORTED_LIST = "W0506"  # scalar list on SQLite -> TEXT column
UNSUPPORTED_DEFAULT = "W0507"  # a default the dialect cannot express (foreign dbgenerated SQL...) -> none
UNSUPPORTED_TYPE = "W0508"  # Unsupported("...") type unknown to the dialect -> VARCHAR
UNSUPPORTED_SCHEMA = "W0509"  # @@schema on SQLite -> the main schema
UNSUPPORTED_AUTOINCREMENT = "W0510"  # autoincrement() SQLite cannot honour
FOREIGN_KEY_CYCLE = "W0511"  # DuckDB: FKs must be inline in CREATE TABLE; a cycle drops one
UNRESOLVED_REFERENCE = "W0512"  # relation/index names a missing field or model (invalid schema) -> skipped
UNSUPPORTED_INDEX_COLUMN = "W0513"  # DuckDB cannot index list columns -> index skipped
DEFAULT_REFERENTIAL_ACTION = "I0514"  # info: an implicit (Prisma default) action the dialect cannot express
CROSS_SCHEMA_FOREIGN_KEY = "W0515"  # DuckDB: a foreign key to a table in another schema -> left out
BUILTIN_TYPE_NAME = "W0516"  # DuckDB: an enum named like a built-in type (Type, Text...) -> <name>_enum
TRUNCATED_NAME_COLLISION = "W0517"  # PostgreSQL: two names equal in their first 63 bytes -> one identifier

NAMES = {
    UNKNOWN_DIALECT: "unknown-dialect",
    UNSUPPORTED_INDEX_METHOD: "unsupported-index-method",
    UNSUPPORTED_INDEX_OPTION: "unsupported-index-option",
    UNSUPPORTED_PARTIAL_INDEX: "unsupported-partial-index",
    UNSUPPORTED_REFERENTIAL_ACTION: "unsupported-referential-action",
    UNSUPPORTED_NATIVE_TYPE: "unsupported-native-type",
    UNSUPPORTED_LIST: "unsupported-list",
    UNSUPPORTED_DEFAULT: "unsupported-default",
    UNSUPPORTED_TYPE: "unsupported-type",
    UNSUPPORTED_SCHEMA: "unsupported-schema",
    UNSUPPORTED_AUTOINCREMENT: "unsupported-autoincrement",
    FOREIGN_KEY_CYCLE: "foreign-key-cycle",
    UNRESOLVED_REFERENCE: "unresolved-reference",
    UNSUPPORTED_INDEX_COLUMN: "unsupported-index-column",
    DEFAULT_REFERENTIAL_ACTION: "default-referential-action",
    CROSS_SCHEMA_FOREIGN_KEY: "cross-schema-foreign-key",
    BUILTIN_TYPE_NAME: "builtin-type-name",
    TRUNCATED_NAME_COLLISION: "truncated-name-collision",
}
