"""Columns of types the seeder cannot generate: left to the database, or refused where located.

``Unsupported("vector(1536)")``, ``tsvector``, PostGIS geometries: the seeder has no values for
them and never guesses. What happens depends on the column and the engine, decided in the plan so
the feasibility table shows it before a row is written.
"""

from __future__ import annotations

from workbench.diagnostics import Diagnostic, Severity
from workbench.diagnostics.catalog.seeding import REQUIRED_UNSUPPORTED, UNGENERATABLE_COLUMN
from workbench.ir.database import DbTable
from workbench.ir.schema import Model, ScalarField
from workbench.seeding.plan import ColumnPlan


def unsupported_columns(
    t: DbTable, model: Model | None, cols: tuple[ColumnPlan, ...], diagnostics: list[Diagnostic], dialect: str
) -> tuple[tuple[ColumnPlan, ...], tuple[str, ...], Diagnostic | None]:
    """Columns of a type the seeder cannot write (``Unsupported("vector(1536)")``, ``tsvector``,
    PostGIS geometries) are left to the database: a nullable one stays NULL, one with a default
    gets its default, and each is reported at its field. A required one without a default makes
    the table impossible to fill: the error is kept for the feasibility plan, which refuses to
    seed that table unless it is asked for no rows.

    On DuckDB and SQLite such a column is plain text (and a ``dbgenerated`` default, PostgreSQL SQL,
    is not carried over), so a required one gets short text there instead."""
    fields: dict[str, ScalarField] = {f.db_name: f for f in model.scalar_fields} if model else {}
    kept: list[ColumnPlan] = []
    skipped: list[str] = []
    blocked: Diagnostic | None = None
    for c in cols:
        if c.base != "unknown":
            kept.append(c)
            continue
        f = fields.get(c.name)
        where = f.origin if f is not None and f.origin is not None else t.origin
        shown = f"{model.name}.{f.name}" if model is not None and f is not None else f"{t.name}.{c.name}"
        written = f.type_name if f is not None else c.sql_type
        if not c.nullable and dialect != "postgres":
            diagnostics.append(
                Diagnostic(
                    UNGENERATABLE_COLUMN,
                    Severity.WARNING,
                    f"`{shown}` is {written}, which is text on {dialect}: filled with short text",
                    where,
                )
            )
            kept.append(c)
            continue
        if c.nullable or c.default is not None:
            fill = "its default" if c.default is not None else "NULL"
            diagnostics.append(
                Diagnostic(
                    UNGENERATABLE_COLUMN,
                    Severity.WARNING,
                    f"`{shown}` is {written}, which the seeder cannot generate: left to the database ({fill})",
                    where,
                )
            )
            skipped.append(c.name)
            continue
        table = model.name if model is not None else t.name
        blocked = blocked or Diagnostic(
            REQUIRED_UNSUPPORTED,
            Severity.ERROR,
            f"`{shown}` is {written}, required and without a default: the seeder cannot make its values, "
            f"so no `{table}` row can be seeded",
            where,
            help=(
                f"make it optional (`{written}?`), give it a `@default(dbgenerated(...))`, or ask for no "
                f'`{table}` rows (rows={{"{table}": 0}}, or --rows {table}=0,*=N)'
            ),
        )
        kept.append(c)
    return tuple(kept), tuple(skipped), blocked
