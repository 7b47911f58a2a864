"""``ALTER TYPE`` (enums), ``ALTER INDEX ... RENAME TO``, ``ALTER TABLE ... RENAME CONSTRAINT``,
``ADD CONSTRAINT ... USING INDEX`` and ``CREATE``/``DROP EXTENSION``: statements migrations folders
hold that sqlglot does not model.

Prisma adds an enum value with ``ALTER TYPE "E" ADD VALUE 'V'``, removes one by creating
``"E_new"``, moving the columns to it and renaming (``ALTER TYPE "E" RENAME TO "E_old"``,
``ALTER TYPE "E_new" RENAME TO "E"``), and renames an index with ``ALTER INDEX ... RENAME TO``.
Replaying a folder without them gives a state the database does not have: ``migrate status``
would report it as drift that nobody made.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from workbench.diagnostics.catalog import sql as codes
from workbench.ir.database import DbExtension, DbPrimaryKey
from workbench.loaders.introspect.normalize import split_top_level
from workbench.loaders.sql.context import BuildContext, Ctx, ident

_NAME = r'(?:"(?:[^"]|"")*"|[A-Za-z_][\w$]*)'
_QNAME = rf"(?:({_NAME})\s*\.\s*)?({_NAME})"
_STR = r"'((?:[^']|'')*)'"
_ALTER_TYPE = re.compile(rf"^\s*ALTER\s+TYPE\s+{_QNAME}\s+(.*?)\s*;?\s*$", re.I | re.S)
_RENAME = re.compile(rf"^RENAME\s+TO\s+({_NAME})$", re.I | re.S)
_ADD_VALUE = re.compile(rf"^ADD\s+VALUE\s+(?:IF\s+NOT\s+EXISTS\s+)?{_STR}(?:\s+(BEFORE|AFTER)\s+{_STR})?$", re.I | re.S)
_RENAME_VALUE = re.compile(rf"^RENAME\s+VALUE\s+{_STR}\s+TO\s+{_STR}$", re.I | re.S)


def _unquote(name: str) -> str:
    return name[1:-1].replace('""', '"') if name.startswith('"') else name.lower()


def _literal(text: str) -> str:
    return text.replace("''", "'")


def alter_type(b: BuildContext, ctx: Ctx) -> bool:
    """Apply an ``ALTER TYPE`` on an enum; False when the statement is not one this models.

    What PostgreSQL itself refuses is a located error, so a folder that could never have run is
    not replayed into a state no database has: a value added or renamed on an enum the script never
    created, a value added twice (without ``IF NOT EXISTS``), a value renamed that the enum lacks.
    """
    m = _ALTER_TYPE.match(ctx.stmt.text)
    if m is None:
        return False
    schema = b.state.schema_of(_unquote(m.group(1)) if m.group(1) else b.state.search_schema)
    key = (schema, _unquote(m.group(2)))
    enum = b.state.find_enum(key[0], key[1])
    action = m.group(3)
    if enum is None:
        if _ADD_VALUE.match(action) or _RENAME_VALUE.match(action):  # only enums have values
            b.err(codes.UNKNOWN_TABLE, f"ALTER TYPE: enum `{key[1]}` is not defined", ctx.span())
            return True
        return False
    key = (enum.schema, enum.name)
    if (r := _RENAME.match(action)) is not None:
        new = _unquote(r.group(1))
        del b.state.enums[key]
        b.state.enums[(enum.schema, new)] = replace(enum, name=new)
        for table in b.state.tables.values():
            table.columns = [_retype(c, enum.name, new) for c in table.columns]
        return True
    if (a := _ADD_VALUE.match(action)) is not None:
        value, where, anchor = _literal(a.group(1)), a.group(2), a.group(3)
        values = list(enum.values)
        if value in values:
            if not re.match(r"^ADD\s+VALUE\s+IF\s+NOT\s+EXISTS\b", action, re.I):
                b.err(codes.DUPLICATE, f"ALTER TYPE `{enum.name}`: the enum already has `{value}`", ctx.span())
            return True
        at = len(values)
        if where and anchor is not None and _literal(anchor) in values:
            at = values.index(_literal(anchor)) + (1 if where.upper() == "AFTER" else 0)
        values.insert(at, value)
        b.state.enums[key] = replace(enum, values=tuple(values))
        return True
    if (v := _RENAME_VALUE.match(action)) is not None:
        old, new = _literal(v.group(1)), _literal(v.group(2))
        if old not in enum.values:
            b.err(codes.UNKNOWN_COLUMN, f"ALTER TYPE `{enum.name}`: the enum has no value `{old}`", ctx.span())
            return True
        b.state.enums[key] = replace(enum, values=tuple(new if x == old else x for x in enum.values))
        return True
    return False


_DROP_TYPE = re.compile(rf"^\s*DROP\s+TYPE\s+(IF\s+EXISTS\s+)?{_QNAME}\s*(CASCADE|RESTRICT)?\s*;?\s*$", re.I | re.S)


def drop_type(b: BuildContext, text: str) -> bool:
    """``DROP TYPE [IF EXISTS] name`` where sqlglot reads it as a bare command (its DuckDB dialect)."""
    m = _DROP_TYPE.match(text)
    if m is None:
        return False
    schema = b.state.schema_of(_unquote(m.group(2)) if m.group(2) else b.state.search_schema)
    enum = b.state.find_enum(schema, _unquote(m.group(3)))
    if enum is None:
        return bool(m.group(1))
    del b.state.enums[(enum.schema, enum.name)]
    if (m.group(4) or "").upper() == "CASCADE":
        b.state.drop_enum_cascade((enum.schema, enum.name))
    return True


_RENAME_CONSTRAINT = re.compile(
    rf"^\s*ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?{_QNAME}\s+RENAME\s+CONSTRAINT\s+({_NAME})\s+TO\s+({_NAME})\s*;?\s*$",
    re.I | re.S,
)


def _altered_table(b: BuildContext, ctx: Ctx, m: re.Match[str]) -> Any:
    """The table an ``ALTER TABLE [schema.]name`` match names (groups 1, 2); a located error and
    None when the statements before never created it."""
    schema = b.state.schema_of(_unquote(m.group(1)) if m.group(1) else b.state.search_schema)
    name = _unquote(m.group(2))
    table = b.state.tables.get((schema, name)) or (b.state.tables.get((None, name)) if m.group(1) is None else None)
    if table is None:
        b.err(codes.UNKNOWN_TABLE, f"table `{name}` is not defined (above or in earlier files)", ctx.span())
    return table


def rename_constraint(b: BuildContext, ctx: Ctx) -> bool:
    """``ALTER TABLE t RENAME CONSTRAINT old TO new`` (sqlglot reads it as a bare command): Prisma
    writes it for a primary key or foreign key whose name follows a renamed table or model."""
    m = _RENAME_CONSTRAINT.match(ctx.stmt.text)
    if m is None:
        return False
    table = _altered_table(b, ctx, m)
    if table is None:
        return True
    old, new = _unquote(m.group(3)), _unquote(m.group(4))
    found = False
    if table.primary_key is not None and table.primary_key.name == old:
        table.primary_key, found = replace(table.primary_key, name=new), True
    if any(i.unique and i.name == old for i in table.indexes):
        table.indexes = [replace(i, name=new) if i.unique and i.name == old else i for i in table.indexes]
        found = True
    if any(f.name == old for f in table.foreign_keys):
        table.foreign_keys = [replace(f, name=new) if f.name == old else f for f in table.foreign_keys]
        found = True
    if not found:
        b.warn(
            codes.UNSUPPORTED_ALTER,
            f"ALTER TABLE `{table.name}` RENAME CONSTRAINT `{old}`: no such key, unique or foreign key "
            "(check constraints are not modelled)",
            ctx.span(),
        )
    return True


_USING_INDEX = re.compile(
    rf"^\s*ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?{_QNAME}\s+"
    rf"(?:DROP\s+CONSTRAINT\s+(IF\s+EXISTS\s+)?({_NAME})\s*,\s*)?"
    rf"ADD\s+CONSTRAINT\s+({_NAME})\s+(PRIMARY\s+KEY|UNIQUE)\s+USING\s+INDEX\s+({_NAME})\s*;?\s*$",
    re.I | re.S,
)


def add_constraint_using_index(b: BuildContext, ctx: Ctx) -> bool:
    """``ALTER TABLE t [DROP CONSTRAINT old,] ADD CONSTRAINT c PRIMARY KEY|UNIQUE USING INDEX i``
    (sqlglot reads it as a bare command): the way to swap a big table's primary key without a long
    lock, after building the index CONCURRENTLY. The index becomes the constraint's, renamed to it."""
    m = _USING_INDEX.match(ctx.stmt.text)
    if m is None:
        return False
    table = _altered_table(b, ctx, m)
    if table is None:
        return True
    if m.group(4) is not None:
        dropped = _unquote(m.group(4))
        if table.primary_key is not None and table.primary_key.name == dropped:
            table.primary_key = None
        table.indexes = [i for i in table.indexes if not (i.unique and i.name == dropped)]
        table.foreign_keys = [f for f in table.foreign_keys if f.name != dropped]
    constraint, index_name = _unquote(m.group(5)), _unquote(m.group(7))
    index = table.index(index_name)
    if index is None or not index.unique:
        b.err(codes.UNKNOWN_TABLE, f"ALTER TABLE `{table.name}`: no unique index `{index_name}`", ctx.span())
        return True
    if m.group(6).upper().startswith("PRIMARY"):
        if table.primary_key is not None:
            b.err(codes.DUPLICATE, f"table `{table.name}` already has a primary key", ctx.span())
            return True
        table.indexes = [i for i in table.indexes if i.name != index_name]
        table.primary_key = DbPrimaryKey(name=constraint, columns=tuple(c.name for c in index.columns))
    else:
        table.indexes = [replace(i, name=constraint) if i.name == index_name else i for i in table.indexes]
    return True


def _retype(column: Any, old: str, new: str) -> Any:
    if column.type == old:
        return replace(column, type=new)
    if column.type == f"{old}[]":
        return replace(column, type=f"{new}[]")
    return column


def alter_index(b: BuildContext, expr: Any, ctx: Ctx) -> bool:
    """``ALTER INDEX [IF EXISTS] name RENAME TO new``; False for other ALTER INDEX forms."""
    from sqlglot import exp

    actions = expr.args.get("actions") or []
    if len(actions) != 1 or not isinstance(actions[0], exp.AlterRename):
        return False
    schema, name = b.key(expr.this)
    new = ident(actions[0].this)
    for table in b.state.tables.values():
        if table.schema == schema and table.index(name) is not None:
            table.indexes = [replace(i, name=new) if i.name == name else i for i in table.indexes]
            return True
    # a unique constraint's index, or a primary key's: the constraint is renamed with it
    for table in b.state.tables.values():
        if table.schema == schema and table.primary_key is not None and table.primary_key.name == name:
            table.primary_key = replace(table.primary_key, name=new)
            return True
    return bool(expr.args.get("exists"))


_CREATE_EXTENSION = re.compile(
    rf"^\s*CREATE\s+EXTENSION\s+(?:IF\s+NOT\s+EXISTS\s+)?({_NAME})\s*(?:WITH\s+)?(.*?)\s*;?\s*$", re.I | re.S
)
_EXTENSION_OPTION = re.compile(rf"\s*(?:(SCHEMA|VERSION)\s+(?:{_STR}|({_NAME}|[\w.]+))|CASCADE\b)", re.I)
_DROP_EXTENSION = re.compile(
    r"^\s*DROP\s+EXTENSION\s+(?:IF\s+EXISTS\s+)?(.*?)\s*(?:CASCADE|RESTRICT)?\s*;?\s*$", re.I | re.S
)


def extension(b: BuildContext, text: str) -> bool:
    """``CREATE EXTENSION`` (``SCHEMA``, ``VERSION``, ``CASCADE``) and ``DROP EXTENSION`` on PostgreSQL,
    as Prisma Migrate writes them for a datasource's ``extensions``; False for anything else (an
    option not read here included), which is then reported as not modelled."""
    if b.dialect != "postgres":
        return False
    m = _CREATE_EXTENSION.match(text)
    if m is not None:
        options = m.group(2)
        if _EXTENSION_OPTION.sub("", options).strip():
            return False
        found = {
            o.group(1).upper(): _literal(o.group(2)) if o.group(2) is not None else _unquote(o.group(3))
            for o in _EXTENSION_OPTION.finditer(options)
            if o.group(1)
        }
        name = _unquote(m.group(1))
        b.state.extensions.setdefault(name, DbExtension(name, found.get("SCHEMA"), found.get("VERSION")))
        return True
    m = _DROP_EXTENSION.match(text)
    if m is None:
        return False
    for name in split_top_level(m.group(1)):
        b.state.extensions.pop(_unquote(name), None)
    return True
