"""Keys and indexes: ``@@id``, ``@@unique``, ``@@index``, ``@@fulltext``, ``@@map``, ``@@schema``,
``@@ignore``, and field-level ``@id``/``@unique`` folded into the model's key and index list.

The index list follows Prisma's order (field-level uniques, then ``@@index``, ``@@unique``,
``@@fulltext``), so DMMF and DDL come out in the same order as Prisma's.
"""

from __future__ import annotations

from collections import Counter
from typing import Literal

from workbench.diagnostics.catalog import prisma as codes
from workbench.ir import Index, IndexField, IndexKind, PrimaryKey
from workbench.loaders.prisma.attributes import (
    BLOCK_ATTRIBUTES,
    INDEX_FIELD_ARGS,
    INDEX_TYPES,
    bind,
    bool_value,
    describe,
    string_value,
    suggest,
)
from workbench.loaders.prisma.context import Context, FieldInfo, ModelInfo
from workbench.prisma.ast import (
    Argument,
    Attribute,
    Expr,
    FuncCall,
    NumberLit,
    ObjectExpr,
    Path,
    StringLit,
    list_items,
)

_SORTS: dict[str, Literal["Asc", "Desc"]] = {"Asc": "Asc", "Desc": "Desc"}  # `sort:` values, typed


def _index_fields(
    ctx: Context, m: ModelInfo, attr: Attribute, arg: Argument, what: str
) -> tuple[IndexField, ...] | None:
    file = m.file
    v = arg.value
    items = list_items(v)
    out: list[IndexField] = []
    unknown: list[tuple[str, Expr]] = []
    relation: list[str] = []
    ok = True
    for item in items:
        sort = length = ops = None
        if isinstance(item, Path):
            fname = item.name
        elif isinstance(item, FuncCall):
            fname = item.name
            for a in item.args:
                if a.value is None:
                    ctx.at_node(
                        codes.UNKNOWN_ARGUMENT, f"The `{a.name}` argument is missing a value.", file, 0, attr, a
                    )
                    ok = False
                elif a.name not in INDEX_FIELD_ARGS:
                    # Prisma 7 accepts and ignores any other argument (hatchet: `id(order: Desc)`):
                    # not an error, but the index is not what it reads like
                    s, e = attr.at(a)
                    shown = f"`{a.name}`" if a.name else "an unnamed argument"
                    guess = " (did you mean `sort`?)" if a.name in ("order", "direction", "desc", "asc") else ""
                    ctx.warn(
                        codes.IGNORED_INDEX_FIELD_ARGUMENT,
                        f"{shown} of `{fname}` has no effect: Prisma ignores it and the index is built without it",
                        file,
                        s,
                        e,
                        f"the arguments of an index field are sort, length and ops{guess}",
                    )
                elif a.name == "sort":
                    sort = _SORTS.get(a.value.name) if isinstance(a.value, Path) else None
                    if sort is None:  # reported; the key is dropped (`ok`), so None stands in for it
                        ctx.at_node(codes.INVALID_ARGUMENT, "`sort` must be `Asc` or `Desc`.", file, 0, attr, a)
                        ok = False
                elif a.name == "length":
                    lv = a.value.value if isinstance(a.value, NumberLit) else None
                    if not isinstance(lv, int):
                        ctx.at_node(codes.INVALID_ARGUMENT, "`length` must be an integer.", file, 0, attr, a)
                        ok = False
                    else:
                        length = lv
                else:
                    if isinstance(a.value, Path):
                        ops = a.value.name
                    elif (
                        isinstance(a.value, FuncCall)
                        and a.value.name == "raw"
                        and len(a.value.args) == 1
                        and isinstance(a.value.args[0].value, StringLit)
                    ):
                        ops = a.value.args[0].value.value  # raw("...") keeps the SQL text only
                    else:
                        ctx.at_node(
                            codes.INVALID_ARGUMENT, '`ops` must be an operator class or raw("...").', file, 0, attr, a
                        )
                        ok = False
        else:
            ctx.at_node(
                codes.INVALID_ARGUMENT,
                f"Expected a field name in the {what}, found `{describe(item)}`.",
                file,
                0,
                attr,
                item,
            )
            ok = False
            continue
        target = m.by_name.get(fname)
        if target is None:
            unknown.append((fname, item))
        elif target.kind in ("relation", "unknown", "composite"):  # Prisma: unresolved types count as relations
            relation.append(fname)
        out.append(IndexField(fname, sort, length, ops))
    if not items:
        return None  # reported in phase 2 (validate), as Prisma does
    if what.startswith("multi"):
        optional = [f.name for f in out if f.name in m.by_name and m.by_name[f.name].optional]
        if optional:
            ctx.at_attr(
                codes.OPTIONAL_ID,
                f"The id definition refers to the optional field `{optional[0]}`. ID definitions must reference only "
                "required fields.",
                file,
                0,
                attr,
            )
            ok = False
    if unknown:
        names = ", ".join(n for n, _ in unknown)
        ctx.at_node(
            codes.UNKNOWN_FIELD_REFERENCE,
            f"The {what} refers to the unknown field{'s' if len(unknown) > 1 else ''}: {names}.",
            file,
            0,
            attr,
            unknown[0][1],
            suggest(unknown[0][0], list(m.by_name)),
        )
        ok = False
    if relation:
        fks: list[str] = []
        for rn in relation:
            fks.extend(m.by_name[rn].relation.fields or ())
        hint = f"did you mean `[{', '.join(fks)}]`?" if fks else None
        ctx.at_attr(
            codes.RELATION_FIELD_IN_INDEX,
            f"The {what} refers to the relation fields {', '.join(relation)}. "
            f"{what[0].upper() + what[1:]}s must reference only scalar fields.",
            file,
            0,
            attr,
            hint,
        )
        ok = False
    return tuple(out) if ok else None


def block_attributes(ctx: Context, m: ModelInfo) -> None:
    file = m.file
    attrs = m.block.attributes
    repeated = _repeated(attrs)
    for attr in attrs:
        name = attr.name
        spec = BLOCK_ATTRIBUTES.get(name)
        if spec is None:
            ctx.at_attr_name(
                codes.UNKNOWN_ATTRIBUTE,
                f'Attribute not known: "@@{name}".',
                file,
                0,
                attr,
                suggest(name, list(BLOCK_ATTRIBUTES)),
            )
            continue
        if name in repeated and name in ("id", "map", "schema", "ignore"):
            ctx.at_attr(codes.DUPLICATE_ATTRIBUTE, f'Attribute "@@{name}" can only be defined once.', file, 0, attr)
            if name in m.attrs:
                continue
        m.attrs.setdefault(name, attr)
        args = bind(ctx, file, 0, attr, spec)
        if args is None:
            continue
        if name == "map":
            v = string_value(args["name"].value)
            if v is None:
                ctx.at_node(codes.INVALID_ARGUMENT, "Expected a string value for `@@map`.", file, 0, attr, args["name"])
            else:
                m.db_name = v
        elif name == "schema":
            v = string_value(args["name"].value)
            if v is None:
                ctx.at_node(
                    codes.INVALID_ARGUMENT, "Expected a string value for `@@schema`.", file, 0, attr, args["name"]
                )
            else:
                m.schema = v
        elif name == "ignore":
            m.ignored = True
        else:
            _key_or_index(ctx, m, attr, name, args)
    if m.ignored:
        for f in m.fields:
            ignored = f.attrs.get("ignore")
            if ignored is not None:
                ctx.at_attr(
                    codes.INVALID_ATTRIBUTE_TARGET,
                    'Error parsing attribute "@ignore": Fields on an already ignored Model do not need an `@ignore` '
                    "annotation.",
                    file,
                    f.base,
                    ignored,
                    "remove it: @@ignore already leaves the whole model out of the client",
                )


def _repeated(attrs: tuple[Attribute, ...]) -> frozenset[str]:
    """Names written more than once (most blocks have a few attributes, all different)."""
    if len(attrs) < 2:
        return frozenset()
    names = [a.name for a in attrs]
    if len(set(names)) == len(names):
        return frozenset()
    return frozenset(n for n, k in Counter(names).items() if k > 1)


def _opt_string(ctx: Context, file: str, attr: Attribute, args: dict[str, Argument], key: str) -> str | None:
    if key not in args:
        return None
    v = string_value(args[key].value)
    if v is None:
        ctx.at_node(codes.INVALID_ARGUMENT, f"Expected a string value for `{key}`.", file, 0, attr, args[key])
    return v


def _opt_bool(ctx: Context, file: str, attr: Attribute, args: dict[str, Argument], key: str) -> bool | None:
    if key not in args:
        return None
    v = bool_value(args[key].value)
    if v is None:
        ctx.at_node(codes.INVALID_ARGUMENT, f"Expected `true` or `false` for `{key}`.", file, 0, attr, args[key])
    return v


_WHAT = {
    "id": "multi field id declaration",
    "unique": "unique index definition",
    "index": "index definition",
    "fulltext": "fulltext index definition",
}
_KINDS = {"unique": IndexKind.UNIQUE, "index": IndexKind.INDEX, "fulltext": IndexKind.FULLTEXT}
# Prisma's order (DMMF, DDL): field-level uniques, then @@index, @@unique, @@fulltext.
_RANK = {IndexKind.INDEX: 0, IndexKind.UNIQUE: 1, IndexKind.FULLTEXT: 2}


def _key_or_index(ctx: Context, m: ModelInfo, attr: Attribute, name: str, args: dict[str, Argument]) -> None:
    file = m.file
    what = _WHAT[name]
    fields = _index_fields(ctx, m, attr, args["fields"], what)
    client_name = _opt_string(ctx, file, attr, args, "name")
    db_name = _opt_string(ctx, file, attr, args, "map")
    clustered = _opt_bool(ctx, file, attr, args, "clustered")
    if fields is None:
        return
    origin = ctx.span(file, attr.start, attr.end)
    if name == "id":
        m.primary_key = PrimaryKey(fields, client_name, db_name, clustered, False, origin)
        return
    index_type = None
    if "type" in args:
        tv = args["type"].value
        index_type = tv.name if isinstance(tv, Path) else None
        if index_type not in INDEX_TYPES:
            ctx.at_attr(
                codes.INVALID_ARGUMENT,
                f'Error parsing attribute "@index": Unknown index type: {describe(tv) if tv else "?"}.',
                file,
                0,
                attr,
                suggest(describe(tv), INDEX_TYPES) if tv else None,
            )
            return
    where = _where(ctx, m, attr, args["where"]) if "where" in args else None
    kind = _KINDS[name]
    if kind is IndexKind.INDEX:
        # @@index(name: ...) is the database name (Prisma's legacy spelling of map:).
        db_name = db_name or client_name
        client_name = None
    m.indexes.append(Index(kind, fields, client_name, db_name, index_type, clustered, where, False, origin))


def _sql_literal(e: Expr) -> str | None:
    if isinstance(e, StringLit):
        return "'" + e.value.replace("'", "''") + "'"
    if isinstance(e, NumberLit):
        return e.text
    if isinstance(e, Path) and e.name in ("true", "false"):
        return e.name
    return None


def _where(ctx: Context, m: ModelInfo, attr: Attribute, arg: Argument) -> str | None:
    """A partial index predicate as SQL (without the outer parentheses Prisma adds in DDL).

    ``raw("...")`` is kept verbatim; ``{ field: null, other: { not: value } }`` becomes
    ``"col" IS NULL AND "other" != value`` with database column names, as Prisma writes it.
    """
    if "partialIndexes" not in ctx.preview_features:
        ctx.at_node(
            codes.PREVIEW_FEATURE_REQUIRED,
            "Partial indexes are a preview feature.",
            m.file,
            0,
            attr,
            arg,
            'add "partialIndexes" to previewFeatures in the generator block',
        )
        return None
    v = arg.value
    if isinstance(v, FuncCall) and v.name == "raw" and len(v.args) == 1 and isinstance(v.args[0].value, StringLit):
        return v.args[0].value.value
    if not isinstance(v, ObjectExpr):
        ctx.at_node(
            codes.INVALID_ARGUMENT, 'Expected raw("...") or an object like { field: null }.', m.file, 0, attr, arg
        )
        return None
    parts: list[str] = []
    for entry in v.entries:
        target = m.by_name.get(entry.name or "")
        if target is None or entry.value is None:
            ctx.at_node(
                codes.UNKNOWN_FIELD_REFERENCE,
                f"Unknown field `{entry.name}` in the index condition.",
                m.file,
                0,
                attr,
                entry,
                suggest(entry.name or "", list(m.by_name)),
            )
            return None
        col = '"' + target.db_name.replace('"', '""') + '"'
        cond = entry.value
        negate = False
        if isinstance(cond, ObjectExpr):
            if len(cond.entries) != 1 or cond.entries[0].name != "not" or cond.entries[0].value is None:
                ctx.at_node(
                    codes.INVALID_ARGUMENT, "Only 'not' is supported in a nested condition.", m.file, 0, attr, cond
                )
                return None
            negate, cond = True, cond.entries[0].value
        if isinstance(cond, Path) and cond.name == "null":
            parts.append(f"{col} IS {'NOT ' if negate else ''}NULL")
            continue
        lit = _sql_literal(cond)
        if lit is None:
            ctx.at_node(
                codes.INVALID_ARGUMENT,
                f"Unsupported value `{describe(cond)}` in the index condition.",
                m.file,
                0,
                attr,
                cond,
            )
            return None
        parts.append(f"{col} {'!=' if negate else '='} {lit}")
    return " AND ".join(parts)


def model_keys(ctx: Context, m: ModelInfo) -> None:
    """Field-level @id/@unique into the model's key and indexes, after the block attributes."""
    ids: list[FieldInfo] = []  # duplicated fields included, as Prisma counts them
    uniques: list[FieldInfo] = []
    for f in m.fields:
        if f.is_id:
            ids.append(f)
        if f.unique:
            uniques.append(f)
    if len(ids) > 1:
        ctx.at_block(
            codes.MULTIPLE_IDS,
            f'Error validating model "{m.name}": At most one field must be marked as the id field with the `@id` '
            "attribute.",
            m.block,
            whole=True,
        )
    if ids and "id" in m.attrs:
        ctx.at_block(
            codes.MULTIPLE_IDS,
            f'Error validating model "{m.name}": Each model must have at most one id criteria. You can\'t have '
            "`@id` and `@@id` at the same time.",
            m.block,
            whole=True,
        )
    if ids and m.primary_key is None:
        f = ids[0]
        attr = f.attrs["id"]
        args = _field_key_args(ctx, f, attr)
        m.primary_key = PrimaryKey(
            (IndexField(f.name, args[1], args[2]),),
            None,
            args[0],
            args[3],
            True,
            ctx.field_span(f, attr.start, attr.end),
        )
    field_uniques: list[Index] = []
    for f in uniques:
        attr = f.attrs["unique"]
        mp, sort, length, clustered = _field_key_args(ctx, f, attr)
        field_uniques.append(
            Index(
                IndexKind.UNIQUE,
                (IndexField(f.name, sort, length),),
                None,
                mp,
                None,
                clustered,
                None,
                True,
                ctx.field_span(f, attr.start, attr.end),
            )
        )
    # Prisma's order (DMMF, DDL): field-level uniques, then @@index, @@unique, @@fulltext.
    block_level = m.indexes if len(m.indexes) < 2 else sorted(m.indexes, key=lambda i: _RANK[i.kind])
    m.indexes = field_uniques + block_level if field_uniques else list(block_level)


def _field_key_args(
    ctx: Context, f: FieldInfo, attr: Attribute
) -> tuple[str | None, Literal["Asc", "Desc"] | None, int | None, bool | None]:
    """(map, sort, length, clustered) of a field-level @id/@unique."""
    file, base = f.model.file, f.base
    mp = sort = length = clustered = None
    for a in attr.args:
        v = a.value
        if a.name == "map":
            mp = string_value(v)
        elif a.name == "sort":
            sort = _SORTS.get(v.name) if isinstance(v, Path) else None
            if sort is None:
                ctx.at_node(codes.INVALID_ARGUMENT, "`sort` must be `Asc` or `Desc`.", file, base, attr, a)
        elif a.name == "length":
            length = v.value if isinstance(v, NumberLit) and isinstance(v.value, int) else None
        elif a.name == "clustered":
            clustered = bool_value(v)
    return mp, sort, length, clustered
