"""Dispatch ``to_ddl`` on ``database.dialect``: the engine's emitter is ``workbench.emit.sql.<engine name>``."""

from __future__ import annotations

import importlib

from workbench.diagnostics import WorkbenchError
from workbench.dialects import registry
from workbench.ir.database import Database
from workbench.ir.schema import Schema


def to_ddl(database: Database) -> str:
    """The CREATE script for ``database`` in its own dialect (deterministic text)."""
    engine = registry.find(database.dialect)
    if engine is None or not engine.lowers:
        known = ", ".join(sorted(registry.names(lowers=True)))
        raise WorkbenchError(f"no DDL emitter for dialect {database.dialect!r} (known: {known})")
    # Each engine that lowers has its emitter module of the same name in this package.
    emitter = importlib.import_module(f"workbench.emit.sql.{engine.name}")
    return str(emitter.emit(database))


def schema_ddl(schema: Schema, dialect: str) -> str:
    """The CREATE script of an IR schema on ``dialect`` (lowered first; the lowering's warnings are
    the loaded schema's business: :meth:`workbench.api.schema.LoadedSchema.to_sql` shows them)."""
    from workbench.dialects import lower

    return to_ddl(lower(schema, dialect)[0])
