"""Seeding as users call it: ``wb.seed(schema, db)`` and ``wb.seed_plan(schema)``.

The feature (:mod:`workbench.seeding`) takes the IR, its source files and a driver connection;
this is where a loaded schema is unwrapped and where a URL or ``None`` becomes a
:class:`~workbench.api.database.Database`, so ``report.db`` can ``profile`` what was seeded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from workbench.api.database import Database, as_database
from workbench.api.schema import LoadedSchema, unwrap
from workbench.ir import Schema

if TYPE_CHECKING:
    from workbench.seeding import Feasibility, SeedReport


def seed(
    schema: LoadedSchema | Schema,
    db: Database | str | Any | None = None,
    rows: int | Mapping[str, int] = 1000,
    **options: Any,
) -> SeedReport:
    """Fill ``db`` (a :func:`~workbench.api.database.connect` database, URL, raw DuckDB/psycopg/sqlite3
    connection, or None for a new in-memory DuckDB with the schema's tables) with deterministic rows
    that respect every constraint of ``schema``. Options as :func:`workbench.seeding.seed`."""
    from workbench.seeding import seed as seed_feature

    ir, sources = unwrap(schema)
    conn = db
    if db is None or isinstance(db, str):
        conn = Database.open(db)
        if db is None:
            conn.apply(ir)
    report = seed_feature(ir, conn, rows, sources=sources, **options)
    return replace(report, db=as_database(report.db)) if report.db is not None else report


def seed_plan(
    schema: LoadedSchema | Schema,
    rows: int | Mapping[str, int] = 1000,
    *,
    strict: bool = False,
    dialect: str = "postgres",
) -> Feasibility:
    """What :func:`seed` would write, before writing it: rows per table and the constraint that
    limits each (a join table holds at most parents x parents distinct pairs...). No database."""
    from workbench.seeding import seed_plan as plan_feature

    ir, sources = unwrap(schema)
    return plan_feature(ir, rows, strict=strict, dialect=dialect, sources=sources)
