"""Codes of introspection (``I1xx`` PostgreSQL, ``I2xx`` DuckDB, ``I3xx`` SQLite): what a live
database has that the database view does not model. They are warnings: the rest is still read.

These codes predate the catalogue's E/W/I-plus-four-digits convention: here ``I`` stands for
"introspection", not "info". They are kept as they are because users filter on them.
"""

from __future__ import annotations

from workbench.diagnostics.catalog.registry import Area, Section

_ = Section(Area.INTROSPECT)

PG_MATERIALIZED_VIEW = _.warning("I101", "pg-materialized-view", "A materialized view is read as a view (name only).")
PG_FOREIGN_TABLE = _.warning("I102", "pg-foreign-table", "A foreign table is not modelled: skipped.")
PG_PARTITION = _.warning("I103", "pg-partition", "A partition is skipped; its partitioned parent is read.")
PG_INHERITANCE = _.warning(
    "I104", "pg-inheritance", "A table inherits from another table: inheritance is not modelled."
)
PG_PARTITIONED_TABLE = _.warning("I105", "pg-partitioned-table", "A partitioned table: partitioning is not modelled.")
PG_CHECK_CONSTRAINT = _.warning("I110", "pg-check-constraint", "A check constraint is not modelled.")
PG_EXCLUSION_CONSTRAINT = _.warning("I111", "pg-exclusion-constraint", "An exclusion constraint is not modelled.")
PG_CONSTRAINT_TRIGGER = _.warning("I112", "pg-constraint-trigger", "A constraint trigger is not modelled.")
PG_TRIGGER = _.warning("I113", "pg-trigger", "A trigger is not modelled.")
PG_GENERATED_COLUMN = _.warning(
    "I120", "pg-generated-column", "A generated column (GENERATED ALWAYS AS) is not modelled."
)
PG_FOREIGN_SEQUENCE = _.warning(
    "I121", "pg-foreign-sequence", "A column defaults to a sequence it does not own: read as autoincrement."
)
PG_COLUMN_COMMENT = _.warning("I122", "pg-column-comment", "A comment on a column is not modelled.")
PG_EXPRESSION_INDEX = _.warning("I130", "pg-expression-index", "An expression index is not modelled.")
PG_INDEX_INCLUDE = _.warning("I131", "pg-index-include", "INCLUDE columns of an index are not modelled.")
PG_INDEX_NULLS_ORDER = _.warning(
    "I132", "pg-index-nulls-order", "Non-default NULLS ordering in an index is not modelled."
)

DUCKDB_CHECK_CONSTRAINT = _.warning("I210", "duckdb-check-constraint", "A check constraint is not modelled.")
DUCKDB_COLUMN_TYPE = _.warning("I220", "duckdb-column-type", "A column's type cannot be read exactly.")
DUCKDB_GENERATED_COLUMN = _.warning("I221", "duckdb-generated-column", "A generated column is not modelled.")
DUCKDB_COLUMN_COMMENT = _.warning("I222", "duckdb-column-comment", "A comment on a column is not modelled.")
DUCKDB_UNREADABLE_INDEX = _.warning(
    "I230", "duckdb-unreadable-index", "An expression index is not modelled, or an index cannot be read."
)
DUCKDB_INDEX_PREDICATE = _.warning(
    "I231", "duckdb-index-predicate", "The predicate of a partial index is not modelled."
)

SQLITE_VIRTUAL_TABLE = _.warning("I301", "sqlite-virtual-table", "A virtual table is not modelled: skipped.")
SQLITE_CHECK_CONSTRAINT = _.warning("I310", "sqlite-check-constraint", "A check constraint is not modelled.")
SQLITE_TRIGGER = _.warning("I313", "sqlite-trigger", "A trigger is not modelled.")
SQLITE_GENERATED_COLUMN = _.warning("I320", "sqlite-generated-column", "A generated column is not modelled.")
SQLITE_EXPRESSION_INDEX = _.warning("I330", "sqlite-expression-index", "An expression index is not modelled.")
