"""Drizzle ORM schema export: one ``schema.ts`` that creates the same database as Prisma Migrate.

``generate(schema, source="schema.prisma")`` -> :class:`~workbench.emit.files.GeneratedFiles`
holding ``schema.ts`` for ``drizzle-orm/pg-core`` (providers postgresql, cockroachdb),
``sqlite-core`` (sqlite) or ``mysql-core`` (mysql). Exported names come from
:mod:`workbench.emit.tsnames` (``table_var``, ``join_table_var``, ``enum_var``, ``relations_var``)
so the zod / REST / tRPC targets can import them. On SQLite and MySQL an enum export is
``{ enumName, enumValues } as const`` (the shape of a ``pgEnum``'s fields) since there is no
enum type to create. MySQL single-column primary keys are declared on the column (``.primaryKey()``,
which ``$returningId()`` needs; MySQL names every primary key ``PRIMARY`` anyway). On SQLite, an
``autoincrement()`` column that Prisma's DDL cannot autoincrement (``BigInt @id``: ``BIGINT`` is no
rowid alias) gets its value computed in the INSERT (max + 1), so the catalog stays Prisma's.

What Drizzle cannot say exactly is reported as diagnostics (codes in
:mod:`workbench.diagnostics.catalog.drizzle`), located at the IR node's origin, plus lowering's own
warnings for what the SQL dialect cannot express.
"""

from __future__ import annotations

from workbench.diagnostics.catalog import drizzle as codes
from workbench.dialects import lower
from workbench.dialects.naming import join_table_name
from workbench.dialects.registry import get_dialect
from workbench.emit.drizzle.emitter import (
    AUTOINCREMENT_FN,
    FLAVORS,
    Emitter,
    Flavor,
    autoincrement_helper,
    m2m_relations,
    register_tables,
)
from workbench.emit.drizzle.relations import emit_relations
from workbench.emit.drizzle.typemap import ts_string
from workbench.emit.files import GeneratedFile, GeneratedFiles, header_lines
from workbench.emit.sql.postgres import create_extension
from workbench.emit.tscommon import per_schema
from workbench.ir.schema import Schema

PROVIDERS = {"postgresql": "pg", "postgres": "pg", "cockroachdb": "pg", "sqlite": "sqlite", "mysql": "mysql"}

__all__ = ["flavor_of", "generate"]


def flavor_of(schema: Schema) -> Flavor:
    """The Drizzle dialect for the datasource provider (pg-core when there is none)."""
    return FLAVORS[PROVIDERS.get(schema.provider or "postgresql", "pg")]


@per_schema  # REST and tRPC include schema.ts, so one export run asks for it several times
def generate(schema: Schema, *, source: str = "schema.prisma") -> GeneratedFiles:
    """The Drizzle ``schema.ts`` for ``schema``; never raises on what Drizzle cannot express."""
    return _generate(schema, source)


def _generate(schema: Schema, source: str) -> GeneratedFiles:
    flavor = flavor_of(schema)
    lower_dialect = "sqlite" if flavor.name == "sqlite" else "postgres"  # MySQL: names as on Postgres
    database, lowered_diags = lower(schema, lower_dialect)
    em = Emitter(schema, database, flavor)
    provider = schema.provider
    if provider is not None and provider not in PROVIDERS:
        em.report(
            codes.NO_DIALECT,
            f"Drizzle has no dialect for provider `{provider}`; the schema is written for pg-core",
            schema.datasource.origin if schema.datasource else None,
        )
    if provider == "cockroachdb":
        em.report(
            codes.COCKROACH,
            "Drizzle has no CockroachDB dialect: the schema uses pg-core with PostgreSQL's type spellings "
            "(CockroachDB accepts them, but its catalog may differ from Prisma's CockroachDB DDL)",
            schema.datasource.origin if schema.datasource else None,
        )
    models = list(schema.tables)
    model_tables = list(zip(models, database.tables[: len(models)], strict=True))
    joins = list(database.tables[len(models) :])
    dialect = get_dialect(lower_dialect)
    assert dialect is not None  # postgres and sqlite are registered dialects
    limit = dialect.max_identifier_length
    for rel in m2m_relations(schema):
        em.join_relations[join_table_name(rel.join_table or f"_{rel.name}", limit)] = rel
    register_tables(em, model_tables, joins)
    join_vars = {
        em.join_relations[t.name].name: em.table_vars[(t.schema, t.name)] for t in joins if t.name in em.join_relations
    }
    for view in schema.views:
        em.report(
            codes.VIEW,
            f"view `{view.name}`: Prisma Migrate creates no database view, so the Drizzle schema declares none",
            view.origin,
            help="create the view in a custom migration; query it with pgView(...).existing() if needed",
        )
    for x in database.extensions:
        em.report(
            codes.EXTENSION,
            f'extension "{x.name}": drizzle-kit does not create extensions, so its migrations leave it out',
            schema.datasource.origin if schema.datasource else None,
            help=f"put `{create_extension(x)}` in a custom migration (drizzle-kit generate --custom), applied first",
        )
    if flavor.schema_fn:
        for name in database.schemas:
            em.schema_var(name)
    enums = em.enums()
    tables = [em.model_table(m, t) for m, t in model_tables] + [em.join_table(t) for t in joins]
    relations = emit_relations(em, models, join_vars)
    view_notes = "".join(
        f"// view {v.name} ({v.db_name}): not created by Prisma Migrate, so not declared here.\n" for v in schema.views
    )
    extension_notes = (
        "// drizzle-kit creates no PostgreSQL extension: put these in a custom migration\n"
        "// (drizzle-kit generate --custom) that runs before the others.\n"
        + "".join(f"// {create_extension(x)}\n" for x in database.extensions)
        if database.extensions
        else ""
    )
    parts = [header_lines(source), _imports(em), extension_notes]
    if em.customs:
        parts.append("\n".join(em.customs[v].declaration(v) for v in sorted(em.customs)))
    if AUTOINCREMENT_FN in em.helpers:
        parts.append(autoincrement_helper(em.local(AUTOINCREMENT_FN)))
    if em.schema_vars:
        fn = flavor.schema_fn
        parts.append("".join(f"export const {v} = {fn}({ts_string(n)});\n" for n, v in sorted(em.schema_vars.items())))
    for block in (enums, *tables, view_notes, *relations):
        if block:
            parts.append(block)
    content = "\n".join(p.rstrip("\n") + "\n" for p in parts if p)
    return GeneratedFiles(
        target="drizzle",
        files=(GeneratedFile("schema.ts", content),),
        diagnostics=tuple(lowered_diags) + tuple(em.diagnostics),
    )


def _imports(em: Emitter) -> str:
    lines = []
    if em.orm:
        lines.append(f'import {{ {", ".join(sorted(em.orm))} }} from "drizzle-orm";')

    def spec(name: str) -> str:
        local = em.local(name)
        return name if local == name else f"{name} as {local}"

    names = [spec(n) for n in sorted(em.core)] + [f"type {t}" for t in sorted(em.core_types)]
    if names:
        lines.append(f"import {{ {', '.join(names)} }} from {ts_string(em.flavor.module)};")
    for name, pkg in sorted(em.npm.items(), key=lambda p: p[1]):
        lines.append(f"import {{ {spec(name)} }} from {ts_string(pkg)};")
    return "\n".join(lines) + "\n"
