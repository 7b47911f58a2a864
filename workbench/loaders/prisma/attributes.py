"""Which attributes exist, which arguments they take, and binding written arguments to them.

One table per attribute target (field, block, enum value, enum block). Binding reports unknown,
duplicate and missing arguments the way Prisma does, each located at the argument itself, and
returns the arguments by name so the interpreters never look at positions again.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from workbench.diagnostics.catalog import prisma as codes
from workbench.loaders.prisma.context import Context
from workbench.prisma.ast import (
    Argument,
    ArrayExpr,
    Attribute,
    Expr,
    FuncCall,
    NumberLit,
    ObjectExpr,
    Path,
    StringLit,
)


@dataclass(frozen=True, slots=True)
class AttrSpec:
    positional: str | None  # name the (single) positional argument binds to
    named: tuple[str, ...] = ()  # other accepted argument names
    required: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return ((self.positional,) if self.positional else ()) + self.named


FIELD_ATTRIBUTES: dict[str, AttrSpec] = {
    "id": AttrSpec(None, ("map", "length", "sort", "clustered")),
    "unique": AttrSpec(None, ("map", "length", "sort", "clustered")),
    "default": AttrSpec("value", ("map",), ("value",)),
    "map": AttrSpec("name", (), ("name",)),
    "relation": AttrSpec("name", ("fields", "references", "onDelete", "onUpdate", "map")),
    "updatedAt": AttrSpec(None),
    "ignore": AttrSpec(None),
}

BLOCK_ATTRIBUTES: dict[str, AttrSpec] = {
    "id": AttrSpec("fields", ("name", "map", "clustered"), ("fields",)),
    "unique": AttrSpec("fields", ("name", "map", "clustered", "where"), ("fields",)),
    "index": AttrSpec("fields", ("name", "map", "type", "clustered", "where"), ("fields",)),
    "fulltext": AttrSpec("fields", ("name", "map"), ("fields",)),
    "map": AttrSpec("name", (), ("name",)),
    "schema": AttrSpec("name", (), ("name",)),
    "ignore": AttrSpec(None),
}

ENUM_VALUE_ATTRIBUTES: dict[str, AttrSpec] = {"map": AttrSpec("name", (), ("name",))}
ENUM_BLOCK_ATTRIBUTES: dict[str, AttrSpec] = {
    "map": AttrSpec("name", (), ("name",)),
    "schema": AttrSpec("name", (), ("name",)),
}

INDEX_FIELD_ARGS = ("sort", "length", "ops")
INDEX_TYPES = ("BTree", "Hash", "Gist", "Gin", "SpGist", "Brin")


def suggest(name: str, candidates: list[str] | tuple[str, ...]) -> str | None:
    """A "did you mean" help text, or None when nothing is close."""
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else None


def bind(ctx: Context, file: str, base: int, attr: Attribute, spec: AttrSpec) -> dict[str, Argument] | None:
    """Arguments by name; reports problems and returns None when they make the attribute unusable."""
    out: dict[str, Argument] = {}
    ok = True
    prefix = "@@" if attr.block_level else "@"
    if attr.trailing_comma is not None:
        s = base + attr.start + attr.trailing_comma
        ctx.report(
            codes.TRAILING_COMMA,
            "Trailing commas are not valid in attribute arguments; remove the comma.",
            file,
            s,
            s + 1,
        )
        ok = False
    for arg in attr.args:
        name = arg.name
        if name is None:
            if spec.positional is None or spec.positional in out:
                ctx.at_node(
                    codes.UNKNOWN_ARGUMENT,
                    f"`{prefix}{attr.name}` takes no unnamed argument here.",
                    file,
                    base,
                    attr,
                    arg,
                )
                ok = False
                continue
            name = spec.positional
        elif name not in spec.names:
            valid = ", ".join(f"`{n}`" for n in spec.names) or "none"
            ctx.at_node(
                codes.UNKNOWN_ARGUMENT,
                f"`{prefix}{attr.name}` has no argument `{name}`.",
                file,
                base,
                attr,
                arg,
                suggest(name, spec.names) or f"valid arguments: {valid}",
            )
            ok = False
            continue
        if name in out:
            ctx.at_node(codes.DUPLICATE_ARGUMENT, f"Argument `{name}` is given more than once.", file, base, attr, arg)
            ok = False
            continue
        if arg.value is None:
            ctx.at_node(codes.INVALID_ARGUMENT, f"Argument `{name}` has no value.", file, base, attr, arg)
            ok = False
            continue
        out[name] = arg
    for req in spec.required:
        if req not in out:
            ctx.at_attr(
                codes.MISSING_ARGUMENT, f'Argument "{req}" is missing in `{prefix}{attr.name}`.', file, base, attr
            )
            ok = False
    return out if ok else None


def describe(e: Expr) -> str:
    """An expression as written (short), for messages."""
    if isinstance(e, StringLit):
        return f'"{e.value}"'
    if isinstance(e, NumberLit):
        return e.text
    if isinstance(e, Path):
        return e.name
    if isinstance(e, FuncCall):
        args = ", ".join((f"{a.name}: " if a.name else "") + describe(a.value) for a in e.args if a.value is not None)
        return f"{e.name}({args})"
    if isinstance(e, ArrayExpr):
        return "[" + ", ".join(describe(i) for i in e.items) + "]"
    if isinstance(e, ObjectExpr):
        return "{ " + ", ".join(f"{a.name}: {describe(a.value)}" for a in e.entries if a.value is not None) + " }"
    return "?"


def string_value(e: Expr | None) -> str | None:
    return e.value if isinstance(e, StringLit) else None


def bool_value(e: Expr | None) -> bool | None:
    if isinstance(e, Path) and e.name in ("true", "false"):
        return e.name == "true"
    return None
