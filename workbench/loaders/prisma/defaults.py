"""``@default(...)``: check the value against the field type and turn it into an IR ``Default``.

Prisma is strict about functions (``now()`` only on DateTime, ``autoincrement()`` only on Int/BigInt,
``uuid(4|7)``, ``cuid(1|2)``) and lenient about literals; we follow it. Decimal literals keep
their exact text (``Default(LITERAL, "1000.50")``): Prisma writes that text in DDL, and a float
would lose it. Other numbers are ``int``/``float``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from workbench.diagnostics.catalog import prisma as codes
from workbench.ir import Default, DefaultKind, ScalarType
from workbench.loaders.prisma.attributes import bool_value, describe, suggest
from workbench.loaders.prisma.context import Context, FieldInfo
from workbench.prisma.ast import Argument, ArrayExpr, Attribute, Expr, FuncCall, NumberLit, Path, StringLit

_NUMERIC = (ScalarType.INT, ScalarType.BIGINT, ScalarType.FLOAT, ScalarType.DECIMAL)
_STRINGY = (ScalarType.STRING, ScalarType.DATETIME, ScalarType.JSON, ScalarType.BYTES, ScalarType.DECIMAL)
Bad = Callable[..., None]
_DECIMAL_TEXT = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def default_value(ctx: Context, f: FieldInfo, attr: Attribute, arg: Argument) -> Default | None:
    file, base = f.model.file, f.base
    v = arg.value
    assert v is not None

    def bad(msg: str, help: str | None = None) -> None:
        ctx.at_attr(codes.INVALID_DEFAULT, f'Error parsing attribute "@default": {msg}', file, base, attr, help)

    if f.kind in ("relation", "composite", "unknown"):
        if f.kind == "relation":
            bad("Cannot set a default value on a relation field.")
        return None
    if isinstance(v, FuncCall):
        return _default_function(ctx, f, v, bad)
    if f.kind == "unsupported":
        bad('Only @default(dbgenerated("...")) can be used on Unsupported fields.')
        return None
    if f.list:
        if not isinstance(v, ArrayExpr):
            bad(f"Expected a list value for the list field `{f.name}`, but found `{describe(v)}`.")
            return None
        values = []
        for item in v.items:
            got = _literal(ctx, f, item, bad)
            if got is None:
                return None
            values.append(got.value)
        kind = DefaultKind.ENUM if f.kind == "enum" else DefaultKind.LITERAL
        return Default(kind, tuple(values))  # type: ignore[arg-type]  # _literal gives scalar values, never tuples
    if isinstance(v, ArrayExpr):
        bad(f"Expected a {f.decl.line.type.name} value, but found a list.")
        return None
    return _literal(ctx, f, v, bad)


def _literal(ctx: Context, f: FieldInfo, v: Expr, bad: Bad) -> Default | None:
    t = f.scalar
    if f.kind == "enum":
        enum = ctx.enums.get(f.target or "")
        if isinstance(v, Path):
            if enum is not None and v.name not in {x.name for x in enum.values}:
                bad(
                    f"The defined default value `{v.name}` is not a valid value of the enum specified for the field.",
                    suggest(v.name, [x.name for x in enum.values])
                    or f"the values of `{enum.name}` are: {', '.join(x.name for x in enum.values)}",
                )
                return None
            return Default(DefaultKind.ENUM, v.name)
        bad(f"Expected an enum value, but found `{describe(v)}`.")
        return None
    if t is ScalarType.BOOLEAN:
        b = bool_value(v)
        if b is None:
            bad(f"Expected a Boolean value, but found `{describe(v)}`.")
            return None
        return Default(DefaultKind.LITERAL, b)
    if isinstance(v, StringLit):
        if t is ScalarType.DECIMAL:  # "2.50" on a Decimal is the number 2.50; keep its exact text
            if not _DECIMAL_TEXT.fullmatch(v.value.strip()):
                bad(f"Expected a numeric value, but found `{describe(v)}`.")
                return None
            return Default(DefaultKind.LITERAL, v.value.strip())
        if t in _STRINGY:
            return Default(DefaultKind.LITERAL, v.value)
        bad(f"Expected a numeric value, but found `{describe(v)}`.")
        return None
    if isinstance(v, NumberLit):
        if t in (ScalarType.DECIMAL, ScalarType.FLOAT):  # exact text, as Prisma writes it in DDL (1.50 stays 1.50)
            return Default(DefaultKind.LITERAL, v.text)
        if t in _NUMERIC:
            return Default(DefaultKind.LITERAL, v.value)
        bad(f"Expected a {t.value if t else '?'} value, but found `{v.text}`.")
        return None
    bad(f"Expected a {t.value if t else '?'} value, but found `{describe(v)}`.")
    return None


def _int_arg(call: FuncCall) -> int | None:
    if len(call.args) == 1 and call.args[0].name is None and isinstance(call.args[0].value, NumberLit):
        val = call.args[0].value.value
        return val if isinstance(val, int) else None
    return None


def _default_function(ctx: Context, f: FieldInfo, call: FuncCall, bad: Bad) -> Default | None:
    name = call.name
    t = f.scalar
    type_name = f.decl.line.type.name

    def wrong_type() -> None:
        bad(f"The function `{name}()` cannot be used on fields of type `{type_name}`.")

    if name == "dbgenerated":
        if not call.args:
            return Default(DefaultKind.DBGENERATED, None)
        v = call.args[0].value
        if len(call.args) == 1 and isinstance(v, StringLit):
            return Default(DefaultKind.DBGENERATED, v.value)
        bad("`dbgenerated()` takes either no argument, or a single string argument.")
        return None
    if f.kind == "unsupported":
        bad('Only @default(dbgenerated("...")) can be used on Unsupported fields.')
        return None
    if name == "autoincrement":
        if t not in (ScalarType.INT, ScalarType.BIGINT) or f.list:
            wrong_type()
            return None
        return Default(DefaultKind.AUTOINCREMENT)
    if name == "now":
        if t is not ScalarType.DATETIME or f.list:
            wrong_type()
            return None
        return Default(DefaultKind.NOW)
    if name == "sequence":
        if t not in (ScalarType.INT, ScalarType.BIGINT):
            wrong_type()
            return None
        opts = tuple(f"{a.name}={describe(a.value)}" for a in call.args if a.value is not None)
        return Default(DefaultKind.SEQUENCE, None, opts)
    if name in ("uuid", "cuid", "nanoid", "ulid"):
        if t is not ScalarType.STRING or f.list:
            wrong_type()
            return None
        if not call.args:
            return Default(DefaultKind(name))
        n = _int_arg(call)
        allowed = {"uuid": (4, 7), "cuid": (1, 2)}.get(name)
        if name == "ulid" or n is None or (allowed is not None and n not in allowed):
            if name == "ulid":
                bad("`ulid()` takes no arguments.")
            elif name == "nanoid":
                bad("`nanoid()` takes either no argument, or a single integer argument.")
            else:
                assert allowed is not None  # uuid or cuid here: ulid and nanoid were answered above
                a, b = allowed
                bad(f"`{name}()` takes either no argument, or a single integer argument which is either {a} or {b}.")
            return None
        return Default(DefaultKind(name), None, (str(n),))
    if name == "auto":
        bad("The function `auto()` is only supported on MongoDB.")
        return None
    f.unknown_default = call  # Prisma reports this in its validation phase
    return Default(DefaultKind.DBGENERATED, describe(call))
