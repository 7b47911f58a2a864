"""Live-database introspection into the database view, and lifting it to the model view.

``introspect(target)`` reads PostgreSQL (pg_catalog), DuckDB (its catalog functions) or SQLite
(sqlite_master + pragmas) into a :class:`~workbench.ir.database.Database` with the canonical
spellings lowering produces, so the two compare equal; ``lift(database)`` turns that into a
:class:`~workbench.ir.schema.Schema` the way ``prisma db pull`` does.
"""

from __future__ import annotations

import importlib
from typing import Any

from workbench.db.urls import TargetError as IntrospectionTargetError
from workbench.db.urls import engine_of as dialect_of
from workbench.diagnostics import Diagnostic
from workbench.ir.database import Database
from workbench.loaders.introspect.lift import lift

__all__ = ["IntrospectionTargetError", "dialect_of", "introspect", "lift"]


def introspect(target: Any, *, timeout: float | None = None) -> tuple[Database, tuple[Diagnostic, ...]]:
    """Read a live database: a URL (``postgresql://``, ``duckdb://``, ``sqlite://``) or an open connection.

    Returns the database view and warnings for everything it holds that the view cannot
    (check constraints, triggers, expression indexes, generated columns...). Raises
    :class:`IntrospectionTargetError` for a target that is not a database at all and
    :class:`~workbench.db.opening.ConnectError` for one that cannot be opened (``timeout``: the
    connect timeout in seconds, see :mod:`workbench.db.opening`). URLs are opened read-only.
    """
    from workbench.db.opening import open_target

    with open_target(target, timeout=timeout) as (dialect, conn):
        # Each engine that connects has its reader here, named for it: introspect_<engine> in <engine>.py.
        reader = importlib.import_module(f"workbench.loaders.introspect.{dialect}")
        result: tuple[Database, tuple[Diagnostic, ...]] = getattr(reader, f"introspect_{dialect}")(conn)
        return result
