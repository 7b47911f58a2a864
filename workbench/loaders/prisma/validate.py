"""Phase 2: connector capabilities and model rules (runs only when phase 1 found no error).

Like Prisma's validation pipeline this walks models in declaration order and stops entirely
after the first ambiguous relation (everything after it would be noise).
"""

from __future__ import annotations

from workbench.diagnostics.catalog import prisma as codes
from workbench.ir import DefaultKind, IndexKind, ScalarType
from workbench.loaders.prisma.attributes import suggest
from workbench.loaders.prisma.context import Context, FieldInfo, ModelInfo
from workbench.loaders.prisma.db_names import enum_database_names
from workbench.loaders.prisma.native_types import native_types
from workbench.loaders.prisma.relations import ambiguity
from workbench.loaders.prisma.relations import validate as validate_relations
from workbench.prisma.ast import Argument, ArrayExpr, Attribute, Block, Expr, StringLit, list_items

_LIST_PROVIDERS = ("postgresql", "cockroachdb")
_DEFAULT_FUNCTIONS = ("autoincrement", "now", "uuid", "cuid", "nanoid", "ulid", "dbgenerated", "sequence")
_PROVIDER_WORD = {"postgresql": "Postgres", "cockroachdb": "CockroachDB", "mysql": "MySQL", "sqlite": "SQLite"}
_INDEX_TYPES = {"postgresql": ("BTree", "Hash", "Gist", "Gin", "SpGist", "Brin"), "cockroachdb": ("BTree", "Gin")}


def validate(ctx: Context, pairs: list[tuple[FieldInfo, FieldInfo | None]]) -> None:
    for name, block in ctx.composites.items():
        word = _PROVIDER_WORD.get(ctx.provider or "", ctx.provider or "this provider")
        ctx.at_block(
            codes.COMPOSITE_TYPES_UNSUPPORTED,
            f"Composite types are not supported on {word} (type `{name}`).",
            block,
            "composite types exist only for MongoDB; use a model with a relation or a Json field",
            whole=True,
        )
    for name, block in ctx.enums.items():
        _schema_attr(ctx, block.file, block.attributes, f'enum "{name}"', block)
    for m in ctx.model_order:
        _model(ctx, m)
        for f in m.fields:
            _field(ctx, f)
        if ambiguity(ctx, m):
            return
    _database_names(ctx)
    enum_database_names(ctx)
    _constraint_names(ctx)
    validate_relations(ctx, pairs)


def _schema_attr(ctx: Context, file: str, attrs: tuple[Attribute, ...], what: str, block: Block) -> None:
    attr = next((a for a in attrs if a.name == "schema"), None)
    if attr is None:
        if ctx.schemas and ctx.provider in _LIST_PROVIDERS:
            ctx.at_block(
                codes.SCHEMA_NOT_DECLARED,
                f"This {what.split()[0]} is missing an `@@schema` attribute.",
                block,
                f"the datasource declares schemas: {', '.join(ctx.schemas)}",
            )
        return
    arg: Argument | None = attr.args[0] if attr.args else None
    value = getattr(arg.value, "value", None) if arg is not None else None
    if arg is not None and isinstance(value, str) and value not in ctx.schemas:
        ctx.at_node(
            codes.SCHEMA_NOT_DECLARED,
            f'The schema "{value}" of {what} is not defined in the datasource `schemas`.',
            file,
            0,
            attr,
            arg,
            suggest(value, ctx.schemas) or f'add "{value}" to `schemas` in the datasource block',
        )


def _model(ctx: Context, m: ModelInfo) -> None:
    block = m.block
    if m.is_view:
        if "views" not in ctx.preview_features:
            ctx.at_block(
                codes.PREVIEW_FEATURE_REQUIRED,
                "View definitions are only available with the `views` preview feature.",
                block,
                'add previewFeatures = ["views"] to the generator block',
                whole=True,
            )
        if m.primary_key is not None:
            pk_attr = m.attrs.get("id")
            if pk_attr is not None:
                ctx.at_attr(codes.VIEW_PRIMARY_KEY, "Views cannot have primary keys.", m.file, 0, pk_attr)
            else:
                f = next(f for f in m.fields if f.is_id)
                a = f.attrs["id"]
                ctx.at_attr(
                    codes.VIEW_PRIMARY_KEY, "Views cannot have primary keys.", m.file, f.base, a, "use @unique instead"
                )
    elif not m.ignored and not _has_unique_criteria(m):
        ctx.at_block(
            codes.NO_UNIQUE_CRITERIA,
            f'Error validating model "{m.name}": Each model must have at least one unique criteria that has only '
            "required fields. Either mark a single field with `@id`, `@unique` or add a multi field criterion with "
            "`@@id([])` or `@@unique([])` to the model.",
            block,
            whole=True,
        )
    _schema_attr(ctx, m.file, block.attributes, f'model "{m.name}"', block)
    provider = ctx.provider
    if provider in ("sqlite", "mysql") and m.primary_key is not None and m.primary_key.db_name is not None:
        ctx.at_block(
            codes.CONNECTOR_OPTION_UNSUPPORTED,
            f'Error validating model "{m.name}": You defined a database name for the primary key on the model. '
            "This is not supported by the provider.",
            block,
            "remove `map:` from the primary key",
            whole=True,
        )
    if provider == "sqlite":
        for f in m.fields:
            attr = f.relation.attr
            if attr is not None and f.relation.map is not None:
                ctx.at_attr(
                    codes.CONNECTOR_OPTION_UNSUPPORTED,
                    'Error parsing attribute "@relation": Your provider does not support named foreign keys.',
                    m.file,
                    f.base,
                    attr,
                    "remove `map:` from @relation",
                )
    for attr in block.attributes:
        if attr.name == "fulltext" and provider != "mysql":
            ctx.at_attr(
                codes.FULLTEXT_UNSUPPORTED,
                'Error parsing attribute "@@fulltext": Defining fulltext indexes is not supported with the current '
                "connector.",
                m.file,
                0,
                attr,
                "fulltext indexes exist only on MySQL (and MongoDB)",
            )
        if attr.name in ("index", "unique", "id"):
            _index_options(ctx, m, attr)
        if attr.name in ("index", "unique", "id", "fulltext") and attr.args:
            first = attr.args[0].value
            if isinstance(first, ArrayExpr) and not first.items:
                ctx.at_attr(
                    codes.INVALID_ARGUMENT,
                    f'Error parsing attribute "@@{attr.name}": The list of fields cannot be empty. Please specify at '
                    "least one field.",
                    m.file,
                    0,
                    attr,
                )


def _index_options(ctx: Context, m: ModelInfo, attr: Attribute) -> None:
    provider = ctx.provider or ""
    t = attr.arg("type")
    if t is not None and t.value is not None and provider not in _INDEX_TYPES:
        ctx.at_node(
            codes.CONNECTOR_OPTION_UNSUPPORTED,
            "The index type argument is not supported with the current connector.",
            m.file,
            0,
            attr,
            t,
        )
    elif t is not None and (kind := getattr(t.value, "name", None)) not in _INDEX_TYPES.get(provider, ()):
        ctx.at_node(
            codes.CONNECTOR_OPTION_UNSUPPORTED,
            f"The index type `{kind}` is not supported on {provider}.",
            m.file,
            0,
            attr,
            t,
        )
    c = attr.arg("clustered")
    if c is not None:
        ctx.at_node(
            codes.CONNECTOR_OPTION_UNSUPPORTED,
            "Defining clustering is not supported in the current connector.",
            m.file,
            0,
            attr,
            c,
        )
    if provider != "postgresql" and attr.args:
        fields = attr.args[0].value
        for item in list_items(fields):
            for a in getattr(item, "args", ()):
                if a.name == "ops" and getattr(a.value, "name", "") != "raw":
                    ctx.at_node(
                        codes.CONNECTOR_OPTION_UNSUPPORTED,
                        "Custom operator classes are not supported with the current connector.",
                        m.file,
                        0,
                        attr,
                        a,
                    )


def _has_unique_criteria(m: ModelInfo) -> bool:
    if m.primary_key is not None:
        return True
    for idx in m.indexes:
        if idx.kind is not IndexKind.UNIQUE:
            continue
        fs = [m.by_name.get(n) for n in idx.field_names]
        if all(f is not None and not f.optional and f.kind in ("scalar", "enum") for f in fs):
            return True
    return False


def _field(ctx: Context, f: FieldInfo) -> None:
    attrs = f.attrs
    is_list = f.decl.line.type.list
    if not attrs and not is_list:
        return
    provider = ctx.provider
    if is_list and f.kind in ("scalar", "enum", "unsupported") and provider not in _LIST_PROVIDERS and provider:
        ctx.at_field(
            codes.SCALAR_LIST_UNSUPPORTED,
            f'Field "{f.name}" in model "{f.model.name}" can\'t be a list. The current connector does not support '
            "lists of primitive types.",
            f,
            "store the values in a related model, or in a Json field",
        )
    if f.bad_native_prefix is not None:
        attr = f.bad_native_prefix
        prefix, _, rest = attr.name.partition(".")
        ctx.at_attr_name(
            codes.INVALID_NATIVE_TYPE_PREFIX,
            f"The prefix {prefix} is invalid. It must be equal to the name of the datasource "
            f"(`{ctx.datasource_name}`).",
            f.model.file,
            f.base,
            attr,
            f"did you mean `@{ctx.datasource_name}.{rest}`?",
        )
    if f.native is not None:
        _native(ctx, f)
    d = f.default
    kind = d.kind if d is not None else None
    if (
        d is not None
        and kind is DefaultKind.LITERAL
        and f.scalar in (ScalarType.INT, ScalarType.BIGINT)
        and any(isinstance(x, float) for x in (d.value if isinstance(d.value, tuple) else (d.value,)))
    ):
        ctx.at_attr(
            codes.INVALID_DEFAULT,
            'Error parsing attribute "@default": the value is not a valid integer.',
            f.model.file,
            f.base,
            f.attrs["default"],
        )
    if f.unknown_default is not None:
        call = f.unknown_default
        ctx.at_node(  # offsets inside an attribute are relative to it
            codes.UNKNOWN_DEFAULT_FUNCTION,
            f"Unknown function in @default(): `{call.name}` is not known.",
            f.model.file,
            f.base,
            f.attrs["default"],
            call,
            suggest(call.name, _DEFAULT_FUNCTIONS) or "known functions: " + ", ".join(_DEFAULT_FUNCTIONS),
        )
    if kind is DefaultKind.SEQUENCE and provider != "cockroachdb":
        attr = f.attrs["default"]
        ctx.at_attr(
            codes.INVALID_DEFAULT,
            "The `sequence()` default is only supported on CockroachDB.",
            f.model.file,
            f.base,
            attr,
        )
    if kind is DefaultKind.AUTOINCREMENT and provider == "cockroachdb" and f.scalar is not ScalarType.BIGINT:
        ctx.at_attr(
            codes.AUTOINCREMENT_UNSUPPORTED,
            "The `autoincrement()` default function is defined only on BigInt fields on CockroachDB.",
            f.model.file,
            f.base,
            f.attrs["default"],
            "use BigInt, or sequence() for an Int column",
        )
    if (
        kind is DefaultKind.AUTOINCREMENT
        and provider == "sqlite"
        and not (f.is_id or (f.model.primary_key and f.model.primary_key.field_names == (f.name,)))
    ):
        ctx.at_attr(
            codes.AUTOINCREMENT_UNSUPPORTED,
            "The `autoincrement()` default value is used on a non-id field even though the datasource does not "
            "support this.",
            f.model.file,
            f.base,
            f.attrs["default"],
        )
    if "id" in attrs or "unique" in attrs:
        _field_key_options(ctx, f)


def _field_key_options(ctx: Context, f: FieldInfo) -> None:
    for key in ("id", "unique"):
        attr = f.attrs.get(key)
        if attr is None:
            continue
        c = attr.arg("clustered")
        if c is not None:
            ctx.at_node(
                codes.CONNECTOR_OPTION_UNSUPPORTED,
                "Defining clustering is not supported in the current connector.",
                f.model.file,
                f.base,
                attr,
                c,
            )
        ln = attr.arg("length")
        if ln is not None and ctx.provider != "mysql":
            ctx.at_node(
                codes.CONNECTOR_OPTION_UNSUPPORTED,
                "The length argument is not supported with the current connector.",
                f.model.file,
                f.base,
                attr,
                ln,
            )


def _native(ctx: Context, f: FieldInfo) -> None:
    native = f.native
    assert native is not None
    attr = next(a for a in f.decl.line.attributes if a.name.endswith("." + native.name))
    file, base = f.model.file, f.base
    table = native_types(ctx.provider)
    spec = table.get(native.name)
    if spec is None:
        ctx.at_attr(
            codes.NATIVE_TYPE_UNSUPPORTED,
            f"Native type {native.name} is not supported for {ctx.provider} connector.",
            file,
            base,
            attr,
            suggest(native.name, list(table)) if table else f"{ctx.provider} has no native types in Prisma",
        )
        return
    n = len(native.args)
    if n < spec.min_args or n > spec.max_args or (spec.arity == "2?" and n == 1):
        want = {"0": "no arguments", "1": "1 argument", "1?": "1 optional argument", "2?": "0 or 2 arguments"}
        ctx.at_attr(
            codes.NATIVE_TYPE_ARITY,
            f"Native type {native.name} takes {want[spec.arity]}, but received {n}.",
            file,
            base,
            attr,
        )
        return
    if any(not a.isdigit() for a in native.args):
        ctx.at_attr(
            codes.NATIVE_TYPE_ARITY,
            f"Native type {native.name} expects nonnegative integer arguments, but found ({', '.join(native.args)}).",
            file,
            base,
            attr,
        )
        return
    if f.scalar not in spec.scalars:
        want_t = " or ".join(s.value for s in spec.scalars)
        ctx.at_attr(
            codes.NATIVE_TYPE_SCALAR_MISMATCH,
            f"Native type {native.name} is not compatible with declared field type {f.decl.line.type.name}, expected "
            f"field type {want_t}.",
            file,
            base,
            attr,
        )


# Prisma's connectors cut generated constraint names to the database's identifier length (bytes of
# the name; SQLite has no limit, so its connector says 10,000 and names are never cut).
NAME_LIMITS = {"postgresql": 63, "cockroachdb": 63, "mysql": 64, "sqlserver": 128, "sqlite": 10_000}


def constraint_name(table: str, columns: list[str], suffix: str, limit: int = 63) -> str:
    """Prisma's default constraint name: ``{table}_{columns}_{suffix}``, shortened to the limit."""
    base = "_".join([table, *columns]) if columns else table
    if len(base) + len(suffix) + 1 > limit:
        base = base[: limit - len(suffix) - 1]
    return f"{base}_{suffix}"


def _map_length(
    ctx: Context,
    m: ModelInfo,
    label: str,
    name: str,
    limit: int,
    loc: tuple[str, int, Attribute] | tuple[str, int, Attribute, Argument | None],
) -> None:
    """A ``map:`` name longer than the database allows is an error, as in Prisma: PostgreSQL would
    cut it silently (and two cut names could then clash), MySQL refuses it. Bytes, not characters."""
    if len(name) * 4 <= limit or len(name.encode("utf-8")) <= limit:
        return
    file, base, attr = loc[0], loc[1], loc[2]
    ctx.at_attr(
        codes.CONSTRAINT_NAME_TOO_LONG,
        f"Error validating model \"{m.name}\": The constraint name '{name}' specified in the `map` argument for the "
        f"`{label}` constraint is too long for your chosen provider. The maximum allowed length is {limit} bytes.",
        file,
        base,
        attr,
        f"use a name of at most {limit} bytes",
    )


def _constraint_names(ctx: Context) -> None:
    """Constraint names must be unique (Prisma's namespaces); client names (``name:``) unique per model."""
    provider = ctx.provider or ""
    if provider == "":
        return  # no datasource, no connector: Prisma checks no names
    clashes = provider != "cockroachdb"  # Prisma checks no constraint namespace there
    global_pk = provider == "postgresql"
    global_idx = provider in ("postgresql", "sqlite")
    named_pk = provider not in ("mysql", "sqlite")  # there a primary-key name is refused outright (E0607)
    limit = NAME_LIMITS.get(provider, 63)
    # key ((namespace, model or schema), constraint name), file, base, attr, node
    entries: list[tuple[tuple[tuple[str, str | None], str], str, int, Attribute, Argument | Expr | None]] = []
    for m in ctx.model_order:
        if m.is_view or m.ignored:
            continue
        cols = {f.name: f.db_name for f in m.fields}
        scope = ("schema", m.schema) if global_idx else ("model", m.name)

        def add(
            kind: str,
            explicit: str | None,
            names: tuple[str, ...],
            suffix: str,
            loc: tuple[str, int, Attribute, Argument | None],
            label: str,
            m: ModelInfo = m,
            cols: dict[str, str] = cols,
            scope: tuple[str, str | None] = scope,
        ) -> None:
            if explicit is not None and (kind != "pk" or named_pk) and getattr(loc[3], "name", None) == "map":
                _map_length(ctx, m, label, explicit, limit, loc)
            name = explicit or constraint_name(m.db_name, [cols.get(n, n) for n in names], suffix, limit)
            if kind == "pk" and not global_pk:
                return
            key = (("schema", m.schema) if kind == "pk" else scope, name)
            entries.append((key, *loc))

        for f in m.fields:
            if f.relation.map is not None and f.relation.attr is not None and provider != "sqlite":
                _map_length(ctx, m, "@relation", f.relation.map, limit, (m.file, f.base, f.relation.attr))
            if not (f.is_id or f.unique):
                continue
            for key_attr, suffix in (("id", "pkey"), ("unique", "key")):
                attr = f.attrs.get(key_attr)
                if attr is None:
                    continue
                mp = attr.arg("map")
                explicit = getattr(mp.value, "value", None) if mp is not None else None
                names: tuple[str, ...] = () if key_attr == "id" else (f.name,)
                loc = (m.file, f.base, attr, mp)
                add("pk" if key_attr == "id" else "idx", explicit, names, suffix, loc, f"@{key_attr}")
        client: dict[str, int] = {}
        for attr in m.block.attributes:
            if attr.name not in ("index", "unique", "id", "fulltext"):
                continue
            mp = attr.arg("map") or (attr.arg("name") if attr.name == "index" else None)
            explicit = getattr(mp.value, "value", None) if mp is not None else None
            fields_arg = attr.args[0].value if attr.args and attr.args[0].name in (None, "fields") else None
            items = list_items(fields_arg)
            names = tuple(getattr(i, "name", "") for i in items)
            suffix = {"id": "pkey", "unique": "key", "index": "idx", "fulltext": "idx"}[attr.name]
            add(
                "pk" if attr.name == "id" else "idx",
                explicit,
                () if attr.name == "id" else names,
                suffix,
                (m.file, 0, attr, mp),
                f"@@{attr.name}",
            )
            nm = attr.arg("name") if attr.name in ("unique", "id") else None
            if nm is not None and isinstance(nm.value, StringLit):
                client[nm.value.value] = client.get(nm.value.value, 0) + 1
        for attr in m.block.attributes:
            nm = attr.arg("name") if attr.name in ("unique", "id") else None
            if nm is not None and isinstance(nm.value, StringLit) and client.get(nm.value.value, 0) > 1:
                ctx.at_node(
                    codes.DUPLICATE_CONSTRAINT_NAME,
                    f"The given custom name `{nm.value.value}` has to be unique on the model. "
                    "Please provide a different name for the `name` argument.",
                    m.file,
                    0,
                    attr,
                    nm,
                )
    if not clashes:
        return
    counts: dict[tuple[tuple[str, str | None], str], int] = {}
    for e in entries:
        counts[e[0]] = counts.get(e[0], 0) + 1
    for key, file, base, attr, node in entries:
        if counts[key] > 1:
            where = "global" if key[0][0] == "schema" else f"on model `{key[0][1]}`"
            what = "primary key, indexes and unique constraints" if global_pk else "indexes and unique constraints"
            msg = (
                f"The given constraint name `{key[1]}` has to be unique in the following namespace: {where} for "
                f"{what}. Please provide a different name using the `map` argument."
            )
            if node is not None:
                ctx.at_node(codes.DUPLICATE_CONSTRAINT_NAME, msg, file, base, attr, node)
            else:
                ctx.at_attr_name(codes.DUPLICATE_CONSTRAINT_NAME, msg, file, base, attr)


def _database_names(ctx: Context) -> None:
    """Two models (or views) may not map to the same table."""
    seen: dict[tuple[str | None, str], ModelInfo] = {}
    for m in ctx.model_order:
        key = (m.schema, m.db_name)
        first = seen.get(key)
        if first is None:
            seen[key] = m
            continue
        attr = m.attrs.get("map")
        msg = (
            f'The model with database name "{m.db_name}" could not be defined because another model or view with '
            f'this name exists: "{first.name}"'
        )
        if attr is not None:
            ctx.at_attr(codes.DUPLICATE_DATABASE_NAME, msg, m.file, 0, attr)
        else:
            ctx.at_block(codes.DUPLICATE_DATABASE_NAME, msg, m.block)
