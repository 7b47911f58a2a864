"""Diagnostic codes of the SQL DDL loader (``E10xx`` errors, ``W10xx`` warnings).

Every statement or clause the loader does not turn into the database view is reported with one
of these, located at the statement (or the clause's name when sqlglot gives its position):
nothing is dropped silently.
"""

from __future__ import annotations

READ_ERROR = "E1001"  # a file or folder cannot be read / holds no .sql files
SYNTAX_ERROR = "E1002"  # sqlglot cannot tokenize or parse the statement (its message is kept)
DUPLICATE = "E1003"  # a table/index/enum created twice (the first definition is kept)
UNKNOWN_TABLE = "E1004"  # ALTER/CREATE INDEX/COMMENT on a table never created
UNKNOWN_COLUMN = "E1005"  # a key, index or ALTER names a column the table does not have
UNKNOWN_DIALECT = "E1006"  # load_sql(dialect=...) not one of postgres, duckdb, sqlite, mysql

UNSUPPORTED_STATEMENT = "W1001"  # a statement that is not schema DDL we model (view, function, trigger, grant...)
UNSUPPORTED_CLAUSE = "W1002"  # a table element or column option not modelled (CHECK, COLLATE, generated...)
UNSUPPORTED_INDEX = "W1003"  # an expression index or index option not modelled
UNSUPPORTED_ALTER = "W1004"  # an ALTER TABLE action not modelled
UNUSED_SEQUENCE = "W1005"  # CREATE SEQUENCE whose sequence no column default uses as autoincrement
UNSUPPORTED_COMMENT = "W1006"  # COMMENT ON COLUMN/... (the database view keeps table comments only)

NAMES = {
    READ_ERROR: "read-error",
    SYNTAX_ERROR: "syntax-error",
    DUPLICATE: "duplicate-object",
    UNKNOWN_TABLE: "unknown-table",
    UNKNOWN_COLUMN: "unknown-column",
    UNKNOWN_DIALECT: "unknown-dialect",
    UNSUPPORTED_STATEMENT: "unsupported-statement",
    UNSUPPORTED_CLAUSE: "unsupported-clause",
    UNSUPPORTED_INDEX: "unsupported-index",
    UNSUPPORTED_ALTER: "unsupported-alter",
    UNUSED_SEQUENCE: "unused-sequence",
    UNSUPPORTED_COMMENT: "unsupported-comment",
}
