"""Resolution, first steps: configuration blocks, top-level names, field types.

Mirrors the first passes of Prisma's parser database: every name is declared once, every field
type names a scalar, an enum, a model/view or a composite type. Results go into the
:class:`~workbench.loaders.prisma.context.Context` work records.
"""

from __future__ import annotations

from workbench.diagnostics.catalog import prisma as codes
from workbench.ir import Datasource, Extension, Generator, ScalarType
from workbench.loaders.prisma import preview_features
from workbench.loaders.prisma.attributes import describe, suggest
from workbench.loaders.prisma.context import SCALARS, Context, FieldInfo, ModelInfo
from workbench.loaders.prisma.extensions import read_extensions
from workbench.prisma.ast import ArrayExpr, Block, Expr, FuncCall, Path, Property, StringLit

PROVIDERS = ("postgresql", "cockroachdb", "mysql", "sqlite")
UNSUPPORTED_PROVIDERS = ("sqlserver", "mongodb")
PROVIDER_ALIASES = {"postgres": "postgresql"}
DATASOURCE_PROPERTIES = ("provider", "url", "directUrl", "shadowDatabaseUrl", "schemas", "extensions", "relationMode")
KIND_WORD = {"model": "model", "view": "view", "enum": "enum", "type": "composite type"}
# Names Prisma 7 rejects for models, views and enums (prisma-engines' reserved_model_names.rs, plus
# `async`, `await` and `using`, which Prisma 7.10 rejects too: checked with the oracle).
RESERVED_TYPE_NAMES = frozenset(
    "PrismaClient async await break case catch class const continue debugger default delete do else enum export "
    "extends false finally for function if implements import in instanceof interface let new null package private "
    "protected public return super switch this throw true try typeof using var void while with yield".split()
)


def _text(e: Expr | None) -> str | None:
    """A config value as text: strings unquoted, ``env("X")`` kept as written."""
    if e is None:
        return None
    if isinstance(e, StringLit):
        return e.value
    return describe(e)


def _string_list(ctx: Context, file: str, prop: Property) -> tuple[str, ...]:
    v = prop.value
    if isinstance(v, ArrayExpr):
        out = []
        for item in v.items:
            if isinstance(item, StringLit):
                out.append(item.value)
            elif isinstance(item, Path | FuncCall):
                out.append(describe(item))
            else:
                ctx.report(
                    codes.INVALID_CONFIG_VALUE, f"Expected a string in `{prop.name}`.", file, item.start, item.end
                )
        return tuple(out)
    if v is not None:
        ctx.report(codes.INVALID_CONFIG_VALUE, f"Expected a list of strings for `{prop.name}`.", file, v.start, v.end)
    return ()


def _props(ctx: Context, block: Block) -> dict[str, Property]:
    out: dict[str, Property] = {}
    for p in block.properties:
        if p.value is None:
            ctx.at_block(
                codes.INVALID_CONFIG_VALUE,
                f"Property {p.name} in {block.keyword} {block.name} needs to be assigned a value.",
                block,
                f"write `{p.name} = ...`",
            )
            continue
        if p.name in out:
            ctx.report(
                codes.DUPLICATE_CONFIG_PROPERTY,
                f'Key "{p.name}" is already defined in {block.keyword} "{block.name}".',
                block.file,
                p.start,
                p.name_end,
            )
            continue
        out[p.name] = p
    return out


def datasource(ctx: Context, blocks: list[Block]) -> Datasource | None:
    sources = [b for b in blocks if b.keyword == "datasource"]
    # Prisma reports every one of them, once each has a provider (else that error comes alone)
    complete = all(any(p.name == "provider" for p in b.properties) for b in sources)
    for each in sources if len(sources) > 1 and complete else ():
        ctx.at_block(
            codes.MULTIPLE_DATASOURCES,
            "You defined more than one datasource. This is not allowed: a schema has one datasource.",
            each,
        )
    if not sources:
        return None
    block = sources[0]
    props = _props(ctx, block)
    ctx.datasource_name = block.name
    provider_prop = props.get("provider")
    provider = ""
    if provider_prop is None:
        ctx.at_block(codes.MISSING_PROVIDER, f'The datasource "{block.name}" has no `provider` property.', block)
    elif not isinstance(provider_prop.value, StringLit):
        v: Expr | None = provider_prop.value
        if v is not None:
            ctx.report(
                codes.INVALID_CONFIG_VALUE,
                "The `provider` of a datasource must be a string literal.",
                block.file,
                v.start,
                v.end,
            )
    else:
        raw = provider_prop.value.value
        provider = PROVIDER_ALIASES.get(raw, raw)
        v = provider_prop.value
        if provider in UNSUPPORTED_PROVIDERS:
            ctx.report(
                codes.PROVIDER_NOT_SUPPORTED,
                f'The provider "{raw}" is not supported by workbench.',
                block.file,
                v.start,
                v.end,
                "workbench supports postgresql, cockroachdb, mysql and sqlite",
            )
        elif provider not in PROVIDERS:
            ctx.report(
                codes.UNKNOWN_PROVIDER,
                f'Datasource provider not known: "{raw}".',
                block.file,
                v.start,
                v.end,
                suggest(raw, PROVIDERS) or "valid providers: " + ", ".join(PROVIDERS),
            )
    ctx.provider = provider or None
    for p in block.properties:
        if p.name not in DATASOURCE_PROPERTIES:
            ctx.warn(
                codes.UNKNOWN_DATASOURCE_PROPERTY,
                f'Property not known: "{p.name}".',
                block.file,
                p.start,
                p.name_end,
                suggest(p.name, DATASOURCE_PROPERTIES),
            )
    schemas = _string_list(ctx, block.file, props["schemas"]) if "schemas" in props else ()
    if "schemas" in props and provider in ("sqlite", "mysql"):
        p = props["schemas"]
        ctx.report(
            codes.INVALID_CONFIG_VALUE,
            "The `schemas` property is not supported on the current connector.",
            block.file,
            p.start,
            p.end,
            "multiple schemas exist on postgresql and cockroachdb",
        )
    extensions: tuple[Extension, ...] = ()
    if "extensions" in props:
        ctx.extensions_property = (block.file, props["extensions"])
        known = provider if provider in (*PROVIDERS, *UNSUPPORTED_PROVIDERS) else None
        extensions = read_extensions(ctx, block.file, props["extensions"], known)
    ctx.schemas = schemas
    relation_mode = _text(props["relationMode"].value) if "relationMode" in props else None
    if relation_mode is not None and relation_mode not in ("prisma", "foreignKeys"):
        v = props["relationMode"].value
        assert v is not None
        ctx.report(
            codes.INVALID_CONFIG_VALUE,
            f'Invalid relation mode "{relation_mode}".',
            block.file,
            v.start,
            v.end,
            'use "foreignKeys" or "prisma"',
        )
    ctx.relation_mode = relation_mode
    url = _text(props["url"].value) if "url" in props else None
    return Datasource(
        name=block.name,
        provider=provider,
        url=url,
        schemas=schemas,
        extensions=extensions,
        relation_mode=relation_mode,
        origin=ctx.span(block.file, block.start, block.end),
    )


def generators(ctx: Context, blocks: list[Block]) -> tuple[Generator, ...]:
    out: list[Generator] = []
    preview: set[str] = set()
    for block in blocks:
        if block.keyword != "generator":
            continue
        props = _props(ctx, block)
        if "provider" not in props:
            ctx.at_block(codes.MISSING_PROVIDER, f'The generator "{block.name}" has no `provider` property.', block)
        features = _string_list(ctx, block.file, props["previewFeatures"]) if "previewFeatures" in props else ()
        if features:
            preview.update(preview_features.check(ctx, block.file, props["previewFeatures"], features))
        config = tuple(
            (p.name, _text(p.value) or "")
            for p in block.properties
            if p.name not in ("provider", "output", "previewFeatures")
        )
        out.append(
            Generator(
                name=block.name,
                provider=_text(props["provider"].value) or "" if "provider" in props else "",
                output=_text(props["output"].value) if "output" in props else None,
                preview_features=features,
                config=config,
                origin=ctx.span(block.file, block.start, block.end),
            )
        )
    ctx.preview_features = frozenset(preview)
    return tuple(out)


def declare(ctx: Context, blocks: list[Block]) -> list[Block]:
    """Top-level names: report duplicates (at the later one) and return the blocks to resolve.

    Like Prisma, every block is still validated, and a name refers to its *last* definition.
    """
    seen: dict[str, Block] = {}
    kept: list[Block] = []
    for b in blocks:
        if b.keyword in ("datasource", "generator"):
            continue
        first = seen.get(b.name)
        if first is not None:
            ctx.at_block(
                codes.DUPLICATE_TOP_LEVEL_NAME,
                f'The {KIND_WORD[b.keyword]} "{b.name}" cannot be defined because a {KIND_WORD[first.keyword]} '
                "with that name already exists.",
                b,
            )
        if b.name[0].isdigit() or "-" in b.name:
            ctx.at_block(
                codes.INVALID_NAME,
                f"The name of a {KIND_WORD[b.keyword]} must start with a letter and contain no dash.",
                b,
            )
        if b.name in SCALARS or b.name == "Unsupported":
            ctx.at_block(
                codes.RESERVED_NAME,
                f"The {KIND_WORD[b.keyword]} name `{b.name}` is invalid. It is a reserved name.",
                b,
                "choose another name",
            )
            continue
        if b.name in RESERVED_TYPE_NAMES and b.keyword != "type":  # Prisma Client's own names
            ctx.at_block(
                codes.RESERVED_NAME,
                f"The {KIND_WORD[b.keyword]} name `{b.name}` is invalid. It is a reserved name. Please change it.",
                b,
                f"`{b.name}` is a JavaScript keyword or a name of Prisma Client; @@map keeps the table name",
            )
        seen[b.name] = b
        kept.append(b)
        if b.keyword == "enum":
            ctx.enums[b.name] = b
            ctx.enum_blocks.append(b)
        elif b.keyword == "type":
            ctx.composites[b.name] = b
    # generators and datasources share another namespace
    cfg: dict[tuple[str, str], Block] = {}
    for b in blocks:
        if b.keyword == "generator":
            if (b.keyword, b.name) in cfg:
                ctx.at_block(
                    codes.DUPLICATE_TOP_LEVEL_NAME,
                    f'The generator "{b.name}" cannot be defined because a generator with that name already exists.',
                    b,
                )
            cfg[(b.keyword, b.name)] = b
    return kept


def build_models(ctx: Context, blocks: list[Block]) -> None:
    """Create a work record per model/view with its fields, types resolved."""
    all_names = [*SCALARS, *(b.name for b in blocks if b.keyword != "datasource" and b.keyword != "generator")]
    for b in blocks:
        if b.keyword not in ("model", "view"):
            continue
        m = ModelInfo(block=b, name=b.name, db_name=b.name, is_view=b.keyword == "view")
        ctx.models[b.name] = m
        ctx.model_order.append(m)
    for b in ctx.composites.values():  # composite types are rejected later, but Prisma resolves their fields
        for decl in b.fields:
            t = decl.line.type
            known = t.name in SCALARS or t.name in ("Unsupported", *ctx.models, *ctx.enums, *ctx.composites)
            if not known and t.name:
                ctx.report(
                    codes.UNKNOWN_TYPE,
                    f'Type "{t.name}" is neither a built-in type, nor refers to another model, composite type, '
                    "or enum.",
                    b.file,
                    decl.base + t.start,
                    decl.base + t.end,
                    suggest(t.name, all_names),
                )
    # what each type name resolves to, in _resolve_type's order of precedence (the last write wins)
    kinds: dict[str, tuple[str, ScalarType | None, str | None]] = {}
    for name in ctx.composites:
        kinds[name] = ("composite", None, name)
    for name in ctx.enums:
        kinds[name] = ("enum", ScalarType.ENUM, name)
    for name in ctx.models:
        kinds[name] = ("relation", None, name)
    kinds["Unsupported"] = ("unsupported", ScalarType.UNSUPPORTED, None)
    for name, scalar in SCALARS.items():
        kinds[name] = ("scalar", scalar, None)
    for m in ctx.model_order:
        by_name, fields = m.by_name, m.fields
        for decl in m.block.fields:
            fname = decl.line.name
            f = FieldInfo(decl, m, fname, db_name=fname)
            if fname[0].isdigit() or "-" in fname:
                ctx.report(
                    codes.INVALID_NAME,
                    "The name of a Field must not start with a number."
                    if fname[0].isdigit()
                    else "The name of a Field must not contain a dash.",
                    m.file,
                    decl.base + decl.line.name_start,
                    decl.base + decl.line.name_end,
                    "field names start with a letter and contain letters, digits and underscores",
                )
            if fname in by_name:
                ctx.report(
                    codes.DUPLICATE_FIELD,
                    f'Field "{decl.line.name}" is already defined on {m.block.keyword} "{m.name}".',
                    m.file,
                    decl.base + decl.line.name_start,
                    decl.base + decl.line.name_end,
                )  # kept: like Prisma, the later field wins lookups, and both are validated
            resolved = kinds.get(decl.line.type.name)
            if resolved is None:
                _resolve_type(ctx, f, all_names)  # reports the unknown type
            else:
                f.kind, f.scalar, f.target = resolved
            fields.append(f)
            by_name[fname] = f
    for b in ctx.enum_blocks:
        name = b.name
        if not b.values:
            ctx.at_block(codes.EMPTY_ENUM, "An enum must have at least one value.", b, whole=True)
        seen: set[str] = set()
        for v in b.values:
            if v.name in seen:
                ctx.report(
                    codes.DUPLICATE_ENUM_VALUE,
                    f'Value "{v.name}" is already defined on enum "{name}".',
                    b.file,
                    v.base + v.start,
                    v.base + v.end,
                )
            seen.add(v.name)


def _resolve_type(ctx: Context, f: FieldInfo, all_names: list[str]) -> None:
    name = f.decl.line.type.name
    scalar = SCALARS.get(name)
    if scalar is not None:
        f.kind, f.scalar = "scalar", scalar
    elif name == "Unsupported":
        f.kind, f.scalar = "unsupported", ScalarType.UNSUPPORTED
    elif name in ctx.models:
        f.kind, f.target = "relation", name
    elif name in ctx.enums:
        f.kind, f.scalar, f.target = "enum", ScalarType.ENUM, name
    elif name in ctx.composites:
        f.kind, f.target = "composite", name
    else:
        f.kind = "unknown"
        ctx.at_field_type(
            codes.UNKNOWN_TYPE,
            f'Type "{name}" is neither a built-in type, nor refers to another model, composite type, or enum.',
            f,
            suggest(name, all_names),
        )
