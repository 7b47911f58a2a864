"""Generator preview features as Prisma 7.10 knows them: active, deprecated (a warning), unknown (an error).

Measured with the oracle (``prisma validate`` on ``previewFeatures = ["<name>"]`` for every name in
prisma-engines' history, on each provider), because Prisma 7 both retired features (``metrics``,
``esm``: errors now) and deprecated many more (``multiSchema``, ``driverAdapters``: warnings, still
valid). Names match case-insensitively, as in Prisma. Update the tables when the oracle moves to a
newer Prisma.
"""

from __future__ import annotations

from workbench.diagnostics.catalog import prisma as codes
from workbench.loaders.prisma.context import Context
from workbench.prisma.ast import ArrayExpr, Property, StringLit

# Listed in Prisma's "Expected one of" message (reactNative is valid but hidden there).
ACTIVE = (
    "nativeDistinct",
    "partialIndexes",
    "postgresqlExtensions",
    "relationJoins",
    "schemaEngineDriverAdapters",
    "shardKeys",
    "strictUndefinedChecks",
    "typedSql",
    "views",
)
HIDDEN = ("reactNative",)
POSTGRES_ONLY = ("fullTextSearchPostgres",)
DEPRECATED = (
    "aggregateApi atomicNumberOperations clientExtensions cockroachdb connectOrCreate createMany dataProxy deno "
    "distinct driverAdapters extendedIndexes extendedWhereUnique fieldReference filterJson filteredRelationCount "
    "fullTextIndex fullTextSearch groupBy improvedQueryRaw interactiveTransactions jsonProtocol microsoftSqlServer "
    "middlewares mongoDb multiSchema nApi namedConstraints nativeTypes omitApi orderByAggregateGroup orderByNulls "
    "orderByRelation prismaSchemaFolder queryCompiler referentialActions referentialIntegrity selectRelationCount "
    "tracing transactionApi uncheckedScalarInputs"
).split()
_CANONICAL = {name.lower(): name for name in (*ACTIVE, *HIDDEN, *POSTGRES_ONLY, *DEPRECATED)}


def check(ctx: Context, file: str, prop: Property, names: tuple[str, ...]) -> tuple[str, ...]:
    """Report unknown (error) and deprecated (warning) features of one ``previewFeatures`` property;
    return the valid ones under their canonical spelling."""
    postgres = ctx.provider == "postgresql"
    active = {n.lower() for n in (*ACTIVE, *HIDDEN, *(POSTGRES_ONLY if postgres else ()))}
    expected = ", ".join(sorted((*ACTIVE, *(POSTGRES_ONLY if postgres else ())), key=str.lower))
    start, end = (prop.value.start, prop.value.end) if isinstance(prop.value, ArrayExpr) else (prop.start, prop.end)
    items = prop.value.items if isinstance(prop.value, ArrayExpr) else ()
    out: list[str] = []
    for name, item in zip(names, (*items, *([None] * len(names))), strict=False):
        key = name.lower()
        s, e = (item.start, item.end) if isinstance(item, StringLit) else (start, end)
        if key in active:
            out.append(_CANONICAL[key])
        elif postgres and key == "fulltextsearch":
            ctx.warn(
                codes.DEPRECATED_PREVIEW_FEATURE,
                'On `provider = "postgresql"`, preview feature "fullTextSearch" has been renamed to '
                '"fullTextSearchPostgres". Learn more at https://pris.ly/d/fts-postgres.',
                file,
                s,
                e,
            )
        elif key in _CANONICAL:
            ctx.warn(
                codes.DEPRECATED_PREVIEW_FEATURE,
                f'Preview feature "{name}" is deprecated. The functionality can be used without specifying it as a '
                "preview feature.",
                file,
                s,
                e,
                "remove it from previewFeatures",
            )
            out.append(_CANONICAL[key])
        else:
            ctx.report(
                codes.UNKNOWN_PREVIEW_FEATURE,
                f'The preview feature "{name}" is not known. Expected one of: {expected}',
                file,
                start,
                end,
                "Prisma 7 retired some preview features (metrics, esm): remove it",
            )
    return tuple(out)
