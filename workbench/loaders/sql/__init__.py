"""The SQL DDL loader: ``CREATE``/``ALTER`` scripts (one file, several, a migrations folder) -> schema IR.

Layers (each a module): :mod:`.statements` splits a script into statements with their offsets,
sqlglot parses each one on its own (so one bad statement is one located error and loading goes
on), :mod:`.build` and :mod:`.alter` apply them in order to the load state (:mod:`.state`), with
types from :mod:`.types` and column defaults/autoincrement from :mod:`.columns`. The result is
the database view in the canonical spellings lowering produces, and the model view lifted from it
the way ``prisma db pull`` names things (:func:`workbench.loaders.introspect.lift`).

Usage::

    from workbench.loaders.sql import load_sql
    result = load_sql("schema.sql", dialect="postgres")   # or a folder, a list of files, or text="..."
    result.database                                        # workbench.ir.Database
    result.schema                                          # workbench.ir.Schema
    result.diagnostics                                     # sorted, located; render with render_text

Diagnostic codes are listed in :mod:`.codes`.

Not modelled (each a located warning, the rest of the statement or script still loads):
CREATE VIEW (kept by name and query in ``Database.views``, no model), CREATE FUNCTION/PROCEDURE/
TRIGGER/EXTENSION/DOMAIN/RULE/POLICY, composite and range types, CHECK constraints, generated
columns, COLLATE, column comments (COMMENT ON COLUMN, MySQL ``COMMENT '...'``), MySQL ``ON UPDATE``,
expression indexes, INCLUDE/storage options and non-default NULLS ordering of indexes, table options
other than MySQL storage ones (PARTITION BY, INHERITS, WITH (...), TABLESPACE, STRICT, TEMPORARY),
CREATE TABLE ... AS/LIKE, DML (INSERT/UPDATE/DELETE/SELECT), GRANT/REVOKE, DROP of objects other
than tables, indexes, enums, views and sequences, ALTER TABLE actions other than ADD/DROP COLUMN,
ADD/DROP CONSTRAINT, RENAME, ALTER COLUMN (NOT NULL, DEFAULT, TYPE), psql meta-commands other than
``\\restrict``. Session statements (SET, BEGIN/COMMIT, SQLite's foreign_keys pragmas, OWNER TO,
ALTER SEQUENCE ... OWNED BY) change no schema object and are accepted silently; ``search_path`` is
followed.
"""

from workbench.loaders.sql.loader import DIALECTS, SqlLoadResult, load_sql

__all__ = ["DIALECTS", "SqlLoadResult", "load_sql"]
