"""``monitor(db)``: the health report of a PostgreSQL or DuckDB database (``workbench monitor``).

See :mod:`workbench.profile.monitor_report` for the report's shape; each engine's sections are
read in its own module.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from workbench.diagnostics import SourceFile, UserError
from workbench.ir import Schema
from workbench.profile.monitor_duckdb import duckdb_report
from workbench.profile.monitor_postgres import postgres_report
from workbench.profile.monitor_report import MonitorReport


def monitor(
    con: Any,
    schema: Schema | None = None,
    sources: Mapping[str, SourceFile] | None = None,
    *,
    top: int = 10,
    slow_ms: float = 100.0,
) -> MonitorReport:
    """The health report of the database ``con`` is open on (PostgreSQL or DuckDB); see the module
    docstring. ``schema``/``sources``: the Prisma schema, to name the line that removes an index."""
    dialect = getattr(con, "dialect", None)
    if dialect == "postgres":
        return postgres_report(con, schema, sources, top, slow_ms)
    if dialect == "duckdb":
        return duckdb_report(con, schema, sources)
    raise UserError(f"monitor supports PostgreSQL and DuckDB; this database is {dialect}")
