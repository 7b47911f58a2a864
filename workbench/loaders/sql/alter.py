"""ALTER TABLE, DROP and COMMENT ON: the statements a migrations folder replays on earlier ones.

Modelled: ``ADD [COLUMN]``, ``ADD CONSTRAINT`` (primary key, unique, foreign key), ``DROP
COLUMN``, ``DROP CONSTRAINT``, ``RENAME TO``, ``RENAME COLUMN``, ``ALTER COLUMN`` (``SET``/``DROP
NOT NULL``, ``SET``/``DROP DEFAULT``, ``[SET DATA] TYPE``), ``DROP TABLE``/``INDEX``/``TYPE``,
``COMMENT ON TABLE``. That covers what Prisma Migrate writes, including SQLite's "redefine
table" pattern (create ``new_T``, copy, drop ``T``, rename). Anything else is a located warning.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from workbench.diagnostics.catalog import sql as codes
from workbench.loaders.sql.columns import canonical_default
from workbench.loaders.sql.context import BuildContext, Ctx, ident
from workbench.loaders.sql.types import column_type

if TYPE_CHECKING:
    from workbench.loaders.sql.state import TableState


# the type as written after ALTER COLUMN "c": [SET DATA] TYPE "Name"[] (quotes matter: "Interval" is an enum)
_NEW_TYPE = re.compile(r'^(?:SET\s+DATA\s+)?TYPE\s+("(?:[^"]|"")+"(?:\s*\[\s*\])*)', re.I)


def alter_table(b: BuildContext, expr: Any, ctx: Ctx) -> None:
    from sqlglot import exp

    table = b.table(expr.this, ctx)
    if table is None:
        return
    for action in expr.args.get("actions") or []:
        if isinstance(action, exp.ColumnDef):
            b.add_column(table, action, ctx)
        elif isinstance(action, exp.AddConstraint):
            for element in action.expressions:
                b.table_constraint(table, element, ctx)
        elif isinstance(action, exp.Drop) and str(action.args.get("kind") or "").upper() in ("COLUMN", "CONSTRAINT"):
            for target in action.args.get("tables") or []:
                _drop_part(b, table, str(action.args["kind"]).upper(), target, bool(action.args.get("exists")), ctx)
        elif isinstance(action, exp.AlterRename) and _column_target(expr) is not None:
            # ALTER TABLE t RENAME c TO d (COLUMN is optional): sqlglot reads a table rename "to" d
            _rename_column(b, table, action.this, _column_target(expr), ctx)
        elif isinstance(action, exp.AlterRename):
            _rename_table(b, table, action.this, ctx)
        elif isinstance(action, exp.RenameColumn):
            _rename_column(b, table, action.this, action.args["to"], ctx)
        elif isinstance(action, exp.AlterColumn):
            _alter_column(b, table, action, ctx)
        else:
            b.warn(
                codes.UNSUPPORTED_ALTER,
                f"ALTER TABLE `{table.name}`: `{action.sql(b.dialect)}` is not modelled",
                ctx.span(action),
            )


def _drop_part(b: BuildContext, table: TableState, kind: str, target: Any, if_exists: bool, ctx: Ctx) -> None:
    name = ident(target)
    if kind == "COLUMN":
        if table.column(name) is None:
            if not if_exists:
                b.err(codes.UNKNOWN_COLUMN, f"table `{table.name}` has no column `{name}`", ctx.span(target))
            return
        table.columns = [c for c in table.columns if c.name != name]
        # PostgreSQL drops indexes and constraints that use the column along with it.
        table.indexes = [i for i in table.indexes if name not in i.column_names]
        table.foreign_keys = [f for f in table.foreign_keys if name not in f.columns]
        if table.primary_key and name in table.primary_key.columns:
            table.primary_key = None
        return
    before = (table.primary_key, len(table.indexes), len(table.foreign_keys))
    if table.primary_key and table.primary_key.name == name:
        table.primary_key = None
    table.indexes = [i for i in table.indexes if not (i.unique and i.name == name)]
    table.foreign_keys = [f for f in table.foreign_keys if f.name != name]
    if before == (table.primary_key, len(table.indexes), len(table.foreign_keys)) and not if_exists:
        b.warn(
            codes.UNSUPPORTED_ALTER,
            f"ALTER TABLE `{table.name}` DROP CONSTRAINT `{name}`: no such key, unique or foreign key "
            "(check constraints are not modelled)",
            ctx.span(target),
        )


def _rename_table(b: BuildContext, table: TableState, new: Any, ctx: Ctx) -> None:
    old_key = (table.schema, table.name)
    new_key = (table.schema, b.key(new)[1])
    if new_key in b.state.tables:
        b.err(codes.DUPLICATE, f"table `{new_key[1]}` is already defined", ctx.span(new))
        return
    del b.state.tables[old_key]
    table.name = new_key[1]
    b.state.tables[new_key] = table
    for other in b.state.tables.values():
        other.foreign_keys = [
            replace(f, ref_table=new_key[1]) if (f.ref_schema, f.ref_table) == old_key else f
            for f in other.foreign_keys
        ]


def _column_target(expr: Any) -> Any:
    """The new name of ``ALTER TABLE t RENAME c TO d``, which sqlglot keeps as a ``TO`` option."""
    from sqlglot import exp

    options = expr.args.get("options") or []
    found = [o.this for o in options if isinstance(o, exp.ToTableProperty)]
    return found[0] if len(found) == 1 and len(expr.args.get("actions") or []) == 1 else None


def _rename_column(b: BuildContext, table: TableState, old_node: Any, new_node: Any, ctx: Ctx) -> None:
    old, new = ident(old_node), ident(new_node)
    if table.column(old) is None:
        b.err(codes.UNKNOWN_COLUMN, f"table `{table.name}` has no column `{old}`", ctx.span(old_node))
        return

    def ren(names: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(new if n == old else n for n in names)

    table.columns = [replace(c, name=new) if c.name == old else c for c in table.columns]
    if table.primary_key:
        table.primary_key = replace(table.primary_key, columns=ren(table.primary_key.columns))
    table.indexes = [
        replace(i, columns=tuple(replace(c, name=new) if c.name == old else c for c in i.columns))
        for i in table.indexes
    ]
    table.foreign_keys = [replace(f, columns=ren(f.columns)) for f in table.foreign_keys]
    key = (table.schema, table.name)
    for other in b.state.tables.values():
        other.foreign_keys = [
            replace(f, ref_columns=ren(f.ref_columns)) if (f.ref_schema, f.ref_table) == key else f
            for f in other.foreign_keys
        ]


def _alter_column(b: BuildContext, table: TableState, action: Any, ctx: Ctx) -> None:
    name = ident(action.this)
    col = table.column(name)
    if col is None:
        b.err(codes.UNKNOWN_COLUMN, f"table `{table.name}` has no column `{name}`", ctx.span(action.this))
        return
    args = action.args
    where = ((table.schema, table.name), name)
    if args.get("dtype") is not None:
        at = action.this.meta.get("start") if hasattr(action.this, "meta") else None
        written = _NEW_TYPE.match(ctx.tokens.column_type_text(at)) if at is not None else None
        ctype = column_type(args["dtype"], b.dialect, written.group(1) if written else args["dtype"].sql(b.dialect))
        was = b.state.find_enum(table.schema, col.type.removesuffix("[]"))
        if was is not None and col.default is not None and ctype.sql != col.type:
            b.state.enum_defaults[where] = (was.schema, was.name)
        col = replace(col, type=ctype.sql)
        if args.get("using"):
            b.warn(codes.UNSUPPORTED_ALTER, f"USING clause of ALTER COLUMN `{name}` is ignored", ctx.span(action.this))
    elif args.get("allow_null") is not None and not (args.get("drop") and "default" in args):
        col = replace(col, nullable=bool(args["allow_null"]))
    elif args.get("default") is not None:
        text = action.args["default"].sql(b.dialect)
        # this action's DEFAULT, not the statement's last one: Prisma sets several in one ALTER TABLE
        at = action.this.meta.get("start") if hasattr(action.this, "meta") else None
        start = ctx.tokens.column_default_text(at) if at is not None else ctx.tokens.text_after("DEFAULT")
        enum = b.state.find_enum(table.schema, col.type.removesuffix("[]"))
        cast = b.enum_cast((enum.schema, enum.name)) if enum is not None else None
        default, auto, seq = canonical_default(start or text, col.type, b.dialect, cast)
        b.state.enum_defaults.pop(where, None)
        col = replace(col, default=default, autoincrement=col.autoincrement or auto)
        if seq:
            b.state.used_sequences.add(seq)
    elif args.get("drop"):
        # a serial's autoincrement IS its nextval default: dropping the default ends it (Prisma's
        # migration for a removed @default(autoincrement()) does exactly this)
        col = replace(col, default=None, autoincrement=False)
        b.state.enum_defaults.pop(where, None)
    else:
        b.warn(
            codes.UNSUPPORTED_ALTER,
            f"ALTER TABLE `{table.name}`: `{action.sql(b.dialect)}` is not modelled",
            ctx.span(action.this),
        )
        return
    table.set_column(col)


def drop(b: BuildContext, expr: Any, ctx: Ctx) -> bool:
    """DROP TABLE/INDEX/TYPE/VIEW/SEQUENCE; False for other kinds (the caller warns)."""
    kind = str(expr.args.get("kind") or "").upper()
    if kind not in ("TABLE", "INDEX", "TYPE", "VIEW", "SEQUENCE"):
        return False
    if_exists = bool(expr.args.get("exists"))
    for target in expr.args.get("tables") or []:
        key = b.key(target)
        found = True
        if kind == "TABLE":
            found = b.state.tables.pop(key, None) is not None
        elif kind == "TYPE":
            found = b.state.enums.pop(key, None) is not None
            if found and expr.args.get("cascade"):
                b.state.drop_enum_cascade(key)
        elif kind == "VIEW":
            found = b.state.views.pop(key, None) is not None
        elif kind == "SEQUENCE":
            found = b.state.sequences.pop(ident(target), None) is not None
        else:
            found = False
            for t in b.state.tables.values():
                if t.schema == key[0] and t.index(key[1]) is not None:
                    t.indexes = [i for i in t.indexes if i.name != key[1]]
                    found = True
        if not found and not if_exists:
            b.err(codes.UNKNOWN_TABLE, f"DROP {kind}: `{key[1]}` is not defined", ctx.span(target))
    return True


def comment(b: BuildContext, expr: Any, ctx: Ctx) -> None:
    from sqlglot import exp

    kind = str(expr.args.get("kind") or "").upper()
    text = expr.args.get("expression")
    value = str(text.this) if isinstance(text, exp.Literal) else None
    if kind == "TABLE":
        table = b.table(expr.this, ctx)
        if table is not None:
            table.comment = value
        return
    b.warn(
        codes.UNSUPPORTED_COMMENT,
        f"COMMENT ON {kind} `{expr.this.sql(b.dialect)}` is not modelled: the database view keeps table comments only",
        ctx.span(expr.this),
    )


__all__ = ["alter_table", "comment", "drop"]
