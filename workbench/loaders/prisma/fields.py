"""Field attributes: interpret every ``@...`` of a field into its work record.

These are Prisma's attribute-resolution checks (phase 1): unknown attributes and arguments,
duplicates, ``@id`` on optional fields, ``@updatedAt`` on non-DateTime fields, attributes on
relation fields. Defaults are in :mod:`.defaults`, keys and indexes in :mod:`.keys`;
connector-specific checks (native types, lists, index options) come later, in :mod:`.validate`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from workbench.diagnostics.catalog import prisma as codes
from workbench.ir import NativeType, ReferentialAction, ScalarType
from workbench.loaders.prisma.attributes import FIELD_ATTRIBUTES, bind, describe, string_value, suggest
from workbench.loaders.prisma.context import Context, FieldInfo, RelationArgs
from workbench.loaders.prisma.defaults import default_value
from workbench.prisma.ast import Argument, ArrayExpr, Attribute, NumberLit, Path, StringLit

ACTIONS = {a.value: a for a in ReferentialAction}


# The FieldInfo attributes _field_attributes sets: what field_attributes keeps per shared line.
CACHED = (
    "db_name",
    "default",
    "native",
    "updated_at",
    "ignored",
    "is_id",
    "unique",
    "relation",
    "attrs",
    "unknown_default",
    "bad_native_prefix",
)


def _accessors(
    names: tuple[str, ...],
) -> tuple[Callable[[FieldInfo], tuple[object, ...]], Callable[[FieldInfo, tuple[object, ...]], None]]:
    """Read and write ``names`` of a FieldInfo in one statement each. Generated from the names (as
    dataclasses generate ``__init__``): this runs once per field, and a loop of ``setattr`` calls is
    ten times slower than one unpacking assignment."""
    if not names or any(n not in FieldInfo.__slots__ for n in names):
        raise ValueError(f"not FieldInfo attributes: {names}")
    targets = ", ".join(f"f.{n}" for n in names)
    source = f"def read(f):\n    return ({targets},)\ndef write(f, values):\n    ({targets},) = values\n"
    namespace: dict[str, Any] = {}
    exec(source, namespace)
    return namespace["read"], namespace["write"]


read_cached, write_cached = _accessors(CACHED)


def field_attributes(ctx: Context, f: FieldInfo) -> None:
    """Interpret a field's attributes. Identical lines that produced no diagnostic share the result.

    Big schemas repeat lines (``id Int @id @default(autoincrement())``); the parser already shares
    their :class:`FieldLine`, and here the interpretation of such a line is computed once per load
    (the :data:`CACHED` attributes; the ``attrs`` dict is shared, never mutated once filled).
    A line that produced a diagnostic is always re-interpreted, so every occurrence is reported.
    """
    line = f.decl.line
    if not line.attributes or f.kind == "unknown":  # Prisma skips attributes of unresolved fields
        return
    key = id(line)
    hit = ctx.field_cache.get(key)
    if hit is not None and hit[0] is line and hit[1] == f.kind:
        write_cached(f, hit[2])
        return
    before = len(ctx.diagnostics)
    _field_attributes(ctx, f)
    if len(ctx.diagnostics) == before:
        ctx.field_cache[key] = (line, f.kind, read_cached(f))


def _field_attributes(ctx: Context, f: FieldInfo) -> None:
    attrs = f.decl.line.attributes
    file, base = f.model.file, f.base
    counts = Counter(a.name for a in attrs) if len(attrs) > 1 else None
    ds_prefix = f"{ctx.datasource_name}." if ctx.datasource_name else None
    for attr in attrs:
        name = attr.name
        if counts is not None and counts[name] > 1:
            ctx.at_attr(codes.DUPLICATE_ATTRIBUTE, f'Attribute "@{name}" can only be defined once.', file, base, attr)
            if name in f.attrs:
                continue
        f.attrs.setdefault(name, attr)
        if ds_prefix is not None and name.startswith(ds_prefix):
            f.native = NativeType(name[len(ds_prefix) :], tuple(_native_arg(a) for a in attr.args))
            continue
        if "." in name:
            # No datasource: Prisma cannot check native types, nor do we. A wrong prefix (`@dbx.Text`) is
            # reported in phase 2, like Prisma; the native type is still read.
            f.native = NativeType(name.split(".", 1)[1], tuple(_native_arg(a) for a in attr.args))
            if ds_prefix is not None:
                f.bad_native_prefix = attr
            continue
        spec = FIELD_ATTRIBUTES.get(name)
        if spec is None:
            ctx.at_attr(
                codes.UNKNOWN_ATTRIBUTE,
                f'Attribute not known: "@{name}".',
                file,
                base,
                attr,
                suggest(name, [*FIELD_ATTRIBUTES, *((f"{ds_prefix}VarChar",) if ds_prefix else ())]),
            )
            continue
        if name == "relation" and f.kind == "unknown":
            continue  # the unknown type is reported; Prisma treats the field as a relation
        if name == "relation" and f.kind != "relation":
            ctx.at_attr(
                codes.INVALID_ATTRIBUTE_TARGET,
                'Error parsing attribute "@relation": Invalid field type, not a relation.',
                file,
                base,
                attr,
            )
            continue
        args = bind(ctx, file, base, attr, spec)
        if args is None:
            continue
        if f.kind in ("relation", "unknown") and name in ("map", "id", "unique"):
            if f.kind == "relation":
                fks = ", ".join(f"`{n}`" for n in (f.relation.fields or ())) or "its foreign key fields"
                ctx.at_attr(
                    codes.INVALID_ATTRIBUTE_TARGET,
                    f"The field `{f.name}` is a relation field and cannot be marked with `@{name}`. "
                    "Only scalar fields can.",
                    file,
                    base,
                    attr,
                    f"did you mean to put it on {fks}?",
                )
            continue
        if name == "map":
            v = string_value(args["name"].value)
            if v is None:
                ctx.at_node(
                    codes.INVALID_ARGUMENT, "Expected a string value for `@map`.", file, base, attr, args["name"]
                )
            else:
                f.db_name = v
        elif name == "id":
            f.is_id = True
            if f.optional or f.list:
                ctx.at_attr_name(
                    codes.OPTIONAL_ID,
                    "Fields that are marked as id must be required.",
                    file,
                    base,
                    attr,
                    help="remove the `?` (an optional unique field is `@unique`, not `@id`)",
                )
        elif name == "unique":
            f.unique = True
        elif name == "updatedAt":
            f.updated_at = True
            if f.scalar is not ScalarType.DATETIME or f.list:
                ctx.at_attr(
                    codes.INVALID_UPDATED_AT,
                    "Fields that are marked with @updatedAt must be of type DateTime.",
                    file,
                    base,
                    attr,
                    help="change the field's type to `DateTime`, or remove `@updatedAt`",
                )
        elif name == "ignore":
            f.ignored = True
        elif name == "default":
            f.default = default_value(ctx, f, attr, args["value"])
        elif name == "relation":
            _relation_args(ctx, f, attr, args)


def _native_arg(a: Argument) -> str:
    v = a.value
    if isinstance(v, NumberLit):
        return v.text
    if isinstance(v, StringLit):
        return v.value
    return describe(v) if v is not None else ""


def _names(ctx: Context, file: str, base: int, attr: Attribute, arg: Argument) -> tuple[str, ...] | None:
    """A list of field names: ``[a, b]`` (a single bare name is accepted like Prisma does)."""
    v = arg.value
    if isinstance(v, Path):
        return (v.name,)
    if isinstance(v, ArrayExpr):
        paths = tuple(i.name for i in v.items if isinstance(i, Path))
        if len(paths) == len(v.items):
            return paths
    ctx.at_node(codes.INVALID_ARGUMENT, f"Expected a list of field names for `{arg.name}`.", file, base, attr, arg)
    return None


def _relation_args(ctx: Context, f: FieldInfo, attr: Attribute, args: dict[str, Argument]) -> None:
    file, base = f.model.file, f.base
    r = f.relation = RelationArgs()
    r.attr = attr
    if "name" in args:
        r.name = string_value(args["name"].value)
        if r.name is None:
            ctx.at_node(codes.INVALID_ARGUMENT, "The relation name must be a string.", file, base, attr, args["name"])
    if "fields" in args:
        r.fields = _names(ctx, file, base, attr, args["fields"])
    if "references" in args:
        r.references = _names(ctx, file, base, attr, args["references"])
    for key in ("onDelete", "onUpdate"):
        if key in args:
            v = args[key].value
            action = ACTIONS.get(v.name) if isinstance(v, Path) else None
            if action is None:
                assert v is not None
                ctx.at_node(
                    codes.INVALID_REFERENTIAL_ACTION,
                    f"Invalid referential action: `{describe(v)}`",
                    file,
                    base,
                    attr,
                    v,
                    suggest(describe(v), list(ACTIONS)) or "valid actions: " + ", ".join(ACTIONS),
                )
            elif key == "onDelete":
                r.on_delete = action
            else:
                r.on_update = action
    if "map" in args:
        r.map = string_value(args["map"].value)
        if r.map is None:
            ctx.at_node(codes.INVALID_ARGUMENT, "Expected a string value for `map`.", file, base, attr, args["map"])
