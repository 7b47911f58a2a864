"""``ALTER TYPE`` on PostgreSQL enums, as migration folders hold them (sqlglot reads these statements
as opaque commands, so they are matched here).

Prisma Migrate writes ``ALTER TYPE "Role" ADD VALUE 'GUEST';`` for a new enum value, ``ALTER TYPE
"Role" RENAME VALUE 'a' TO 'b'`` is how a value is renamed by hand, and a removed value is a new type
swapped in: ``CREATE TYPE "Role_new" ...``, the columns cast to it, ``ALTER TYPE "Role" RENAME TO
"Role_old"; ALTER TYPE "Role_new" RENAME TO "Role"; DROP TYPE "Role_old"``. Replaying a folder
without these would lose every enum change after the first migration (and the drift check and the
next migration's diff would be wrong).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from workbench.diagnostics.catalog import sql as codes
from workbench.ir.database import DbEnum

if TYPE_CHECKING:
    from workbench.loaders.sql.build import Builder
    from workbench.loaders.sql.context import Ctx

_NAME = r'(?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*)'
_VALUE = r"'(?:[^']|'')*'"
_ALTER_TYPE = re.compile(rf"^\s*ALTER\s+TYPE\s+(?:({_NAME})\s*\.\s*)?({_NAME})\s+(.*?)\s*;?\s*$", re.I | re.S)
_ADD = re.compile(
    rf"^ADD\s+VALUE\s+(?:IF\s+NOT\s+EXISTS\s+)?({_VALUE})(?:\s+(BEFORE|AFTER)\s+({_VALUE}))?$", re.I | re.S
)
_RENAME_VALUE = re.compile(rf"^RENAME\s+VALUE\s+({_VALUE})\s+TO\s+({_VALUE})$", re.I | re.S)
_RENAME = re.compile(rf"^RENAME\s+TO\s+({_NAME})$", re.I | re.S)


def _name(text: str) -> str:
    return text[1:-1].replace('""', '"') if text.startswith('"') else text


def _value(text: str) -> str:
    return text[1:-1].replace("''", "'")


def alter_type(b: Builder, ctx: Ctx) -> bool:
    """Apply an ``ALTER TYPE`` of an enum (add / rename a value, rename the type); False when the
    statement is something else (the caller goes on as before)."""
    m = _ALTER_TYPE.match(ctx.stmt.text)
    if m is None or b.dialect != "postgres":
        return False
    schema, name, action = b.state.schema_of(_name(m[1]) if m[1] else b.state.search_schema), _name(m[2]), m[3]
    add, rename_value, rename = _ADD.match(action), _RENAME_VALUE.match(action), _RENAME.match(action)
    if add is None and rename_value is None and rename is None:
        return False
    enum = b.state.find_enum(schema, name)
    if enum is None:
        b.err(codes.UNKNOWN_TABLE, f"ALTER TYPE: enum `{name}` is not defined", ctx.span())
        return True
    key = (enum.schema, enum.name)
    values = list(enum.values)
    if add is not None:
        value = _value(add[1])
        if value in values:
            if "IF NOT EXISTS" not in action.upper():
                b.err(codes.DUPLICATE, f"ALTER TYPE `{name}`: the enum already has `{value}`", ctx.span())
            return True
        at = len(values)
        if add[2] and (anchor := _value(add[3])) in values:
            at = values.index(anchor) + (1 if add[2].upper() == "AFTER" else 0)
        values.insert(at, value)
        b.state.enums[key] = DbEnum(enum.name, tuple(values), enum.schema)
    elif rename_value is not None:
        old, new = _value(rename_value[1]), _value(rename_value[2])
        if old not in values:
            b.err(codes.UNKNOWN_COLUMN, f"ALTER TYPE `{name}`: the enum has no value `{old}`", ctx.span())
            return True
        b.state.enums[key] = DbEnum(enum.name, tuple(new if v == old else v for v in values), enum.schema)
    elif rename is not None:
        new_name = _name(rename[1])
        del b.state.enums[key]
        b.state.enums[(enum.schema, new_name)] = DbEnum(new_name, enum.values, enum.schema)
        for table in b.state.tables.values():
            for column in list(table.columns):
                if column.type.removesuffix("[]") == enum.name:
                    suffix = "[]" if column.type.endswith("[]") else ""
                    table.set_column(replace(column, type=new_name + suffix))
    return True
