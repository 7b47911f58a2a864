"""The datasource's ``extensions`` list, read and checked the way Prisma 7's validator does.

``extensions = [citext, pg_trgm, uuid_ossp(map: "uuid-ossp", schema: "extensions", version: "1.1")]``
names the PostgreSQL extensions Prisma Migrate creates before the tables. Each item is an
identifier, optionally called with the named string arguments ``map`` (the name in the database),
``schema`` and ``version``. The property exists only on ``postgresql`` and only with the
``postgresqlExtensions`` preview feature; both are errors in Prisma 7, with these messages.
"""

from __future__ import annotations

from workbench.diagnostics.catalog import prisma as codes
from workbench.ir import Extension
from workbench.loaders.prisma.context import Context
from workbench.prisma.ast import ArrayExpr, Expr, FuncCall, Path, Property, StringLit

PREVIEW_FEATURE = "postgresqlExtensions"
ARGUMENTS = ("map", "schema", "version")


def read_extensions(ctx: Context, file: str, prop: Property, provider: str | None) -> tuple[Extension, ...]:
    """The declared extensions, in order; every problem reported at its place. ``provider`` is None
    when it is missing or not known: that has its own error, and the extensions are then read
    without one about them (as Prisma does)."""
    if provider is not None and provider != "postgresql":
        ctx.report(
            codes.INVALID_CONFIG_VALUE,
            'Property not known: "extensions".',
            file,
            prop.start,
            prop.end,
            'extensions are a PostgreSQL feature: remove the property, or use provider = "postgresql"',
        )
        return ()
    value = prop.value
    items: tuple[Expr, ...] = value.items if isinstance(value, ArrayExpr) else (value,) if value is not None else ()
    out: list[Extension] = []
    for item in items:
        extension = _extension(ctx, file, item)
        if extension is not None:
            out.append(extension)
    return tuple(out)


def check_preview_feature(ctx: Context) -> None:
    """``extensions`` needs the preview feature (called once the generators are read)."""
    if ctx.extensions_property is None or ctx.provider != "postgresql":
        return  # no property, or already refused as not known on this provider
    file, prop = ctx.extensions_property
    if PREVIEW_FEATURE not in ctx.preview_features:
        ctx.report(
            codes.PREVIEW_FEATURE_REQUIRED,
            f"The `extensions` property is only available with the `{PREVIEW_FEATURE}` preview feature.",
            file,
            prop.start,
            prop.end,
            f'add "{PREVIEW_FEATURE}" to `previewFeatures` in the generator block',
        )


def _extension(ctx: Context, file: str, item: Expr) -> Extension | None:
    if isinstance(item, Path):
        return Extension(item.name)
    if not isinstance(item, FuncCall):
        shown = ctx.sources[file].text[item.start : item.end] if file in ctx.sources else ""
        kind = "string value" if isinstance(item, StringLit) else "value"
        ctx.report(
            codes.INVALID_CONFIG_VALUE,
            f"Expected a constant or function value, but received {kind} `{shown}`.",
            file,
            item.start,
            item.end,
            'write the extension\'s name without quotes (`citext`), or `name(map: "...")`',
        )
        return None
    given: dict[str, str] = {}
    ok = True
    for arg in item.args:
        if arg.name is None:
            ctx.report(
                codes.INVALID_CONFIG_VALUE,
                "Error validating: The argument must have a name",
                file,
                arg.start,
                arg.end,
                f"name it: {', '.join(f'{a}: ...' for a in ARGUMENTS)}",
            )
            ok = False
        elif arg.name not in ARGUMENTS:
            ctx.report(
                codes.INVALID_CONFIG_VALUE,
                f'Argument not known: "{arg.name}".',
                file,
                arg.start,
                arg.end,
                f"an extension takes {', '.join(f'`{a}`' for a in ARGUMENTS)}",
            )
            ok = False
        elif arg.name in given:
            ctx.report(
                codes.INVALID_CONFIG_VALUE,
                f"Error validating: The argument `{arg.name}` can only be defined once",
                file,
                arg.start,
                arg.end,
                "remove one of them",
            )
            ok = False
        elif not isinstance(arg.value, StringLit):
            where = arg.value if arg.value is not None else arg
            ctx.report(
                codes.INVALID_CONFIG_VALUE,
                f"Error validating: The `{arg.name}` argument must be a string literal",
                file,
                where.start,
                where.end,
                f'write it in quotes: {arg.name}: "..."',
            )
            given[arg.name] = ""
            ok = False
        else:
            given[arg.name] = arg.value.value
    if not ok:
        return None
    return Extension(item.name, given.get("map"), given.get("schema"), given.get("version"))
