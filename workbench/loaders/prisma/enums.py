"""Enum attributes: ``@map`` on values, ``@@map``/``@@schema`` on the enum."""

from __future__ import annotations

from collections import Counter

from workbench.diagnostics.catalog import prisma as codes
from workbench.loaders.prisma.attributes import (
    ENUM_BLOCK_ATTRIBUTES,
    ENUM_VALUE_ATTRIBUTES,
    bind,
    string_value,
    suggest,
)
from workbench.loaders.prisma.context import Context
from workbench.prisma.ast import Block


def enum_attributes(ctx: Context, b: Block) -> None:
    for v in b.values:
        if not v.attributes:  # most values: nothing to check
            continue
        counts = Counter(a.name for a in v.attributes)
        for a in v.attributes:
            spec = ENUM_VALUE_ATTRIBUTES.get(a.name)
            if spec is None:
                ctx.at_attr(
                    codes.UNKNOWN_ATTRIBUTE,
                    f'Attribute not known: "@{a.name}".',
                    b.file,
                    v.base,
                    a,
                    suggest(a.name, ["map"]),
                )
                continue
            if counts[a.name] > 1:
                ctx.at_attr(
                    codes.DUPLICATE_ATTRIBUTE, f'Attribute "@{a.name}" can only be defined once.', b.file, v.base, a
                )
            args = bind(ctx, b.file, v.base, a, spec)
            if args is not None and string_value(args["name"].value) is None:
                ctx.at_node(
                    codes.INVALID_ARGUMENT, "Expected a string value for `@map`.", b.file, v.base, a, args["name"]
                )
    block_counts = Counter(a.name for a in b.attributes) if len(b.attributes) > 1 else None
    for a in b.attributes:
        spec = ENUM_BLOCK_ATTRIBUTES.get(a.name)
        if spec is None:
            ctx.at_attr_name(
                codes.UNKNOWN_ATTRIBUTE,
                f'Attribute not known: "@@{a.name}".',
                b.file,
                0,
                a,
                suggest(a.name, list(ENUM_BLOCK_ATTRIBUTES)),
            )
            continue
        if block_counts is not None and block_counts[a.name] > 1:
            ctx.at_attr(codes.DUPLICATE_ATTRIBUTE, f'Attribute "@@{a.name}" can only be defined once.', b.file, 0, a)
        args = bind(ctx, b.file, 0, a, spec)
        if args is not None and string_value(args["name"].value) is None:
            ctx.at_node(
                codes.INVALID_ARGUMENT, f"Expected a string value for `@@{a.name}`.", b.file, 0, a, args["name"]
            )
