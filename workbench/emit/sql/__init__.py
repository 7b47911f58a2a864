"""DDL emitters: ``to_ddl(database)`` prints a lowered :class:`~workbench.ir.database.Database`.

The dialect comes from ``database.dialect``. PostgreSQL and SQLite output follows Prisma
Migrate's script layout; DuckDB gets the natural equivalent DuckDB accepts.
"""

from __future__ import annotations

from workbench.emit.sql.ddl import schema_ddl, to_ddl

__all__ = ["schema_ddl", "to_ddl"]
