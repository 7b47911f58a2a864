"""Tables that are not mapped classes (implicit m:n join tables, key-less ``@@ignore`` models) and
the constraints and indexes every table declares."""

from __future__ import annotations

from workbench.diagnostics import warning
from workbench.diagnostics.catalog import emit_py as codes
from workbench.emit import pycommon as pc
from workbench.emit.sqlalchemy.columns import column_args, sql_text, use_helpers
from workbench.emit.sqlalchemy.context import Context
from workbench.emit.sqlalchemy.relations import join_table_var
from workbench.emit.sqlalchemy.typemap import column_type
from workbench.ir.database import DbIndex, DbTable
from workbench.ir.schema import Model

# --- join tables --------------------------------------------------------------------------------------


def join_tables(ctx: Context) -> str:
    model_tables = {(t.schema, t.name) for t in ctx.tables.values()}
    out = []
    for table in ctx.database.tables:
        if (table.schema, table.name) in model_tables:
            continue
        items: list[pc.Call | str] = [pc.py_string(table.name), "Base.metadata"]
        for col in table.columns:
            ctype = column_type(col.type, ctx.dialect)
            use_helpers(ctx, ctype.expr)
            items.append(pc.Call("sa.Column(", (pc.py_string(col.name), ctype.expr, f"nullable={col.nullable}")))
        items += constraints(ctx, table)
        if table.schema:
            items.append(f"schema={pc.py_string(table.schema)}")
        rows = "".join(pc.layout("", item, "    ", ",") for item in items)
        out.append(f"{join_table_var(table.name)} = sa.Table(\n{rows})\n\n\n")
    return "".join(out)


# --- constraints (shared by models and join tables) ------------------------------------------------------


def constraints(ctx: Context, table: DbTable) -> list[pc.Call | str]:
    out: list[pc.Call | str] = []
    pk = table.primary_key
    if pk is not None:
        pk_args = [pc.py_string(c) for c in pk.columns]
        if pk.name:
            pk_args.append(f"name={pc.py_string(pk.name)}")
        out.append(pc.Call("sa.PrimaryKeyConstraint(", tuple(pk_args)))
    out += [index_call(ctx, i) for i in table.indexes]
    for fk in table.foreign_keys:
        prefix = f"{fk.ref_schema}." if fk.ref_schema else ""
        cols = pc.Call("[", tuple(pc.py_string(c) for c in fk.columns), "]")
        refs = pc.Call("[", tuple(pc.py_string(f"{prefix}{fk.ref_table}.{c}") for c in fk.ref_columns), "]")
        args: list[pc.Call | str] = [cols, refs]
        if fk.name:
            args.append(f"name={pc.py_string(fk.name)}")
        args += [f"ondelete={pc.py_string(fk.on_delete)}", f"onupdate={pc.py_string(fk.on_update)}"]
        if ctx.dialect == "postgres":
            args.append("use_alter=True")
        out.append(pc.Call("sa.ForeignKeyConstraint(", tuple(args)))
    return out


def index_call(ctx: Context, index: DbIndex) -> pc.Call:
    cols = []
    ops = {}
    for c in index.columns:
        if c.sort:
            cols.append(f"sa.column({pc.py_string(c.name)}).{c.sort.lower()}()")
        else:
            cols.append(pc.py_string(c.name))
        if c.ops:
            ops[c.name] = c.ops
    args = [pc.py_string(index.name), *cols]
    if index.unique:
        args.append("unique=True")
    if index.method and ctx.dialect == "postgres":
        args.append(f"postgresql_using={pc.py_string(index.method.lower())}")
    if ops:
        pairs = ", ".join(f"{pc.py_string(k)}: {pc.py_string(v)}" for k, v in ops.items())
        args.append(f"postgresql_ops={{{pairs}}}")
    if index.where:
        prefix = "postgresql" if ctx.dialect == "postgres" else "sqlite"
        args.append(f"{prefix}_where={sql_text(index.where)}")
    return pc.Call("sa.Index(", tuple(args))


def core_table(ctx: Context, model: Model, table: DbTable) -> str:
    """A model without any unique criterion (only ``@@ignore`` allows that): the ORM cannot map a
    class without an identity, so it is a Core ``sa.Table`` under the class name; ``create_all``
    still creates it and ``sa.select(Log)`` reads it, as Prisma Migrate creates it and Client skips it."""
    name = ctx.cls(model.name)
    ctx.diagnostics.append(
        warning(
            codes.W_NO_PRIMARY_KEY,
            f"`{model.name}` has no primary key and no unique criterion, so SQLAlchemy cannot map a class; "
            f"it is the Core table `{name}` (sa.Table)",
            model.origin,
            help="add an @id or @@unique to map it as a class",
        )
    )
    columns = {c.name: c for c in table.columns}
    items: list[pc.Call | str] = [pc.py_string(table.name), "Base.metadata"]
    for f in model.scalar_fields:
        col = columns.get(ctx.clip(f.db_name))
        if col is not None:
            _, _, args = column_args(ctx, model, f, col, ())
            items.append(pc.Call("sa.Column(", (pc.py_string(col.name), *args)))
    items += constraints(ctx, table)
    if table.schema:
        items.append(f"schema={pc.py_string(table.schema)}")
    if ctx.dialect == "sqlite" and any(c.autoincrement for c in table.columns):
        items.append("sqlite_autoincrement=True")
    doc = pc.split_doc(model.doc)
    comment = "".join(f"# {line}\n" for line in doc.splitlines()) if doc else ""
    rows = "".join(pc.layout("", item, "    ", ",") for item in items)
    why = "# @@ignore, no unique criterion: a Core table (the ORM maps only rows it can identify).\n"
    return f"{comment}{why}{name} = sa.Table(\n{rows})\n\n\n"
