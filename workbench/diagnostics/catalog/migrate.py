"""Codes of migration hazards (``E12xx``/``W12xx``/``I12xx``): what a diff's SQL may break.

A catalogue in the spirit of Atlas's migration analyzers (``DS1xx`` destructive, ``MF1xx`` data
dependent, ``BC1xx`` backward incompatible) and squawk's PostgreSQL lock rules: each hazard of a
diff (:mod:`workbench.migrate.hazards`) names one of these codes, the operation's Prisma line and
a safer way to do the same change. Numbering by family: ``120x`` destructive, ``121x`` data
dependent, ``122x`` backward incompatible, ``123x`` PostgreSQL locks.

A hazard checked against a live database's rows changes severity with what the data says: an
error when the migration will fail on some rows ("will fail on 12 rows"), info when no row is
in the way; the letter here is the severity without data.
"""

from __future__ import annotations

from workbench.diagnostics.catalog.registry import Area, Section

_ = Section(Area.MIGRATE)

# destructive
DROP_TABLE = _.warning("W1201", "drop-table", "Dropping a table deletes its rows; the down migration restores no data.")
DROP_COLUMN = _.warning(
    "W1202", "drop-column", "Dropping a column deletes its values; the down migration restores no data."
)
REMOVE_ENUM_VALUE = _.warning(
    "W1203", "remove-enum-value", "Removing an enum value: rows holding it make the migration fail."
)
# data dependent
ADD_REQUIRED_COLUMN = _.warning(
    "W1210", "add-required-column", "A required column without a default: adding it fails on a table with rows."
)
SET_NOT_NULL = _.warning("W1211", "set-not-null", "Making a column required fails on rows holding NULL.")
ADD_UNIQUE = _.warning("W1212", "add-unique", "A new unique index or primary key fails on duplicate values.")
NARROWING_TYPE = _.warning(
    "W1213", "narrowing-type", "A narrowing type change fails on values that do not fit the new type."
)
CAST_TYPE = _.warning("W1214", "cast-type", "A type change casts every value; a value that does not cast fails it.")
FOREIGN_KEY_ORPHANS = _.error(
    "E1215", "foreign-key-orphans", "Rows whose key matches no parent row: adding the foreign key fails (seen in data)."
)
# backward incompatible
RENAME_TABLE = _.warning("W1220", "rename-table", "Renaming a table breaks running code using the old name.")
RENAME_COLUMN = _.warning("W1221", "rename-column", "Renaming a column breaks running code using the old name.")
RENAME_ENUM_VALUE = _.warning(
    "W1222", "rename-enum-value", "Renaming an enum value breaks running code that still writes the old one."
)
# PostgreSQL locks
INDEX_NOT_CONCURRENT = _.warning(
    "W1230", "index-not-concurrent", "CREATE INDEX without CONCURRENTLY blocks writes while it builds (PostgreSQL)."
)
TABLE_REWRITE = _.warning(
    "W1231", "table-rewrite", "A change that rewrites the whole table under an ACCESS EXCLUSIVE lock (PostgreSQL)."
)
FOREIGN_KEY_VALIDATES = _.warning(
    "W1232", "foreign-key-validates", "A foreign key without NOT VALID scans the table, blocking writes (PostgreSQL)."
)
SET_NOT_NULL_SCANS = _.warning(
    "W1233", "set-not-null-scans", "SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock (PostgreSQL)."
)
SELF_REFERENCE_COPY = _.warning(
    "W1234",
    "self-reference-copy",
    "DuckDB copies a table that references itself row by row against the rows already copied (DuckDB).",
)
# running a migrations folder (apply, down, resolve)
MIGRATION_MODIFIED = _.error(
    "E1250", "migration-modified", "An applied migration's file changed since (its checksum differs): nothing runs."
)
MIGRATION_FAILED_BEFORE = _.error(
    "E1251", "migration-failed-before", "A migration failed half-way earlier: resolve it before applying more."
)
MIGRATE_LOCKED = _.error("E1252", "migrate-locked", "Another migrate holds the database's migration lock.")
MIGRATION_FAILED = _.error("E1253", "migration-failed", "A statement of a migration failed; the migration was undone.")
MIGRATE_IN_TRANSACTION = _.error(
    "E1254", "migrate-in-transaction", "Migrations commit their own transactions: refused inside an open one."
)
NO_DOWN_SCRIPT = _.error("E1255", "no-down-script", "A migration to roll back has no down.sql.")
DOWN_LOSES_DATA = _.error("E1256", "down-loses-data", "Rolling back deletes data; refused without accepting the loss.")
RESOLVE_REFUSED = _.error("E1257", "resolve-refused", "`migrate resolve` only marks a failed migration.")
# rehearsal on seeded data (workbench.migrate.rehearse)
REHEARSE_FAILS = _.error("E1280", "rehearse-fails", "A statement of the migration failed on the seeded rows.")
REHEARSE_VALUES_LOST = _.warning(
    "W1281", "rehearse-values-lost", "The rehearsal lost values: a column gone, rows gone or values changed."
)
REHEARSE_NULLS = _.warning("W1282", "rehearse-nulls", "The rehearsal found NULLs where the old column held values.")
REHEARSE_BLOCKS_WRITES = _.warning(
    "W1283", "rehearse-blocks-writes", "A statement held a lock that blocks writes (measured on PostgreSQL)."
)
REHEARSE_ROUND_TRIP = _.warning(
    "W1284", "rehearse-round-trip", "Up then down did not restore the old catalog or the data of every old column."
)
REHEARSE_DOWN_FAILS = _.error("E1285", "rehearse-down-fails", "A statement of the down script failed.")
