"""Codes of the SQL DDL loader (``E10xx`` errors, ``W10xx`` warnings).

Every statement or clause the loader does not turn into the database view is reported with one
of these, located at the statement (or the clause's name when sqlglot gives its position):
nothing is dropped silently.
"""

from __future__ import annotations

from workbench.diagnostics.catalog.registry import Area, Section, names

_ = Section(Area.SQL)

READ_ERROR = _.error("E1001", "read-error", "A file or folder cannot be read, or holds no .sql files.")
SYNTAX_ERROR = _.error("E1002", "syntax-error", "sqlglot cannot tokenize or parse the statement (its message is kept).")
DUPLICATE = _.error(
    "E1003", "duplicate-object", "A table, index or enum is created twice (the first definition is kept)."
)
UNKNOWN_TABLE = _.error("E1004", "unknown-table", "ALTER, CREATE INDEX or COMMENT on a table never created.")
UNKNOWN_COLUMN = _.error("E1005", "unknown-column", "A key, index or ALTER names a column the table does not have.")
UNKNOWN_DIALECT = _.error(
    "E1006", "unknown-dialect", "load_sql(dialect=...) is not one of postgres, duckdb, sqlite, mysql."
)

UNSUPPORTED_STATEMENT = _.warning(
    "W1001", "unsupported-statement", "A statement that is not schema DDL we model (view, function, trigger, grant...)."
)
UNSUPPORTED_CLAUSE = _.warning(
    "W1002", "unsupported-clause", "A table element or column option not modelled (CHECK, COLLATE, generated...)."
)
UNSUPPORTED_INDEX = _.warning("W1003", "unsupported-index", "An expression index or index option not modelled.")
UNSUPPORTED_ALTER = _.warning("W1004", "unsupported-alter", "An ALTER TABLE action not modelled.")
UNUSED_SEQUENCE = _.warning(
    "W1005", "unused-sequence", "CREATE SEQUENCE whose sequence no column default uses as autoincrement."
)
UNSUPPORTED_COMMENT = _.warning(
    "W1006", "unsupported-comment", "COMMENT ON COLUMN/... (the database view keeps table comments only)."
)

# code -> kebab-case name, for callers that check a code belongs to this area.
NAMES: dict[str, str] = names(Area.SQL)
