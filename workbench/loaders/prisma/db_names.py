"""Database names that must be unique: columns of a model (``@map``) and enum types (``@@map``).

Two fields that end up as the same column, or two enums as the same type, would only fail when
the DDL runs (or worse, on a database that folds them into one). Prisma rejects both, and so do we,
on the same lines and with Prisma's words:

* columns (Prisma's parser database, phase 1): a mapped name used by an earlier field's ``@map``,
  or equal to the name of another scalar field, is ``Field "x" is already defined on model "M"``
  on the field with the ``@map``. Prisma reads the fields in order, so a later field is taken as
  unmapped: ``a @map("b")`` followed by ``b @map("a")`` is rejected on ``a`` although the two
  columns differ; we follow that.
* enum types (Prisma's validation, phase 2): every enum after the first with the same database
  name in the same schema gets ``An enum with the same database name is already defined.``
"""

from __future__ import annotations

from workbench.diagnostics.catalog import prisma as codes
from workbench.loaders.prisma.attributes import string_value
from workbench.loaders.prisma.context import Context, ModelInfo

_SCALAR_KINDS = ("scalar", "enum", "unsupported")


def mapped_field_clashes(ctx: Context, m: ModelInfo) -> None:
    """Phase 1: ``@map`` names of a model's scalar fields against each other and the field names."""
    scalars = {f.name: f for f in m.fields if f.kind in _SCALAR_KINDS}
    used: set[str] = set()  # mapped names of the fields read so far
    mapped_before: dict[str, str] = {}  # field name -> its mapped name, for the fields read so far
    for f in m.fields:
        attr = f.attrs.get("map")
        mapped = string_value(attr.args[0].value) if attr is not None and attr.args else None
        if f.kind not in _SCALAR_KINDS or attr is None or mapped is None:
            continue
        other = scalars.get(mapped)
        help: str | None = None
        if mapped in used:
            help = f"an earlier @map of {m.block.keyword} `{m.name}` already names column `{mapped}`"
        elif other is not None and other is not f and mapped_before.get(other.name, mapped) == mapped:
            later_map = "map" in other.attrs and other.name not in mapped_before
            help = (
                f"`{mapped}` is the name of field `{other.name}`, whose @map Prisma reads only later"
                if later_map
                else f"field `{other.name}` is stored in column `{mapped}`"
            )
        used.add(mapped)
        mapped_before[f.name] = mapped
        if help is not None:
            ctx.at_attr(
                codes.DUPLICATE_FIELD,
                f'Field "{f.name}" is already defined on {m.block.keyword} "{m.name}".',
                m.file,
                f.base,
                attr,
                f"{help}: give this field a column name no other field has",
            )


def enum_database_names(ctx: Context) -> None:
    """Phase 2: two enums may not map to the same database type (in the same schema)."""
    seen: set[tuple[str | None, str]] = set()
    for b in ctx.enum_blocks:
        db_name, schema = b.name, None
        for a in b.attributes:
            value = string_value(a.args[0].value) if a.args else None
            if a.name == "map" and value is not None:
                db_name = value
            elif a.name == "schema" and value is not None:
                schema = value
        key = (schema, db_name)
        if key in seen:
            ctx.at_block(
                codes.DUPLICATE_DATABASE_NAME,
                "An enum with the same database name is already defined.",
                b,
                f"another enum is already stored as type `{db_name}`: give this one a different name in @@map",
            )
        seen.add(key)
