"""Dispatch ``to_ddl`` on ``database.dialect``."""

from __future__ import annotations

from workbench.diagnostics import WorkbenchError
from workbench.ir.database import Database
from workbench.ir.schema import Schema


def to_ddl(database: Database) -> str:
    """The CREATE script for ``database`` in its own dialect (deterministic text)."""
    from workbench.emit.sql import duckdb, postgres, sqlite

    emitters = {"postgres": postgres.emit, "duckdb": duckdb.emit, "sqlite": sqlite.emit}
    emit = emitters.get(database.dialect)
    if emit is None:
        raise WorkbenchError(f"no DDL emitter for dialect {database.dialect!r} (known: {', '.join(sorted(emitters))})")
    return emit(database)


def schema_ddl(schema: Schema, dialect: str) -> str:
    """The CREATE script of an IR schema on ``dialect`` (lowered first; the lowering's warnings are
    the loaded schema's business: :meth:`workbench.api.schema.LoadedSchema.to_sql` shows them)."""
    from workbench.dialects import lower

    return to_ddl(lower(schema, dialect)[0])
