"""One column of a model: its SQLAlchemy type, server and Python defaults, as ``mapped_column`` /
``sa.Column`` arguments (shared by mapped classes and the Core tables of :mod:`.tables`)."""

from __future__ import annotations

import re
from dataclasses import replace

from workbench.diagnostics import Diagnostic, Severity
from workbench.diagnostics.catalog import emit_py as codes
from workbench.emit import pycommon as pc
from workbench.emit.sqlalchemy.context import Context
from workbench.emit.sqlalchemy.typemap import column_type
from workbench.ir.database import DbColumn
from workbench.ir.schema import DefaultKind, Model, ScalarField

# Python type of a field whose column type SQLAlchemy has no class for (MONEY, XML...): Prisma's.
LOGICAL_PY = pc.PY_TYPES


def enum_type_var(name: str) -> str:
    return f"_{name}_type"


# A colon that sa.text() would read as a bind parameter (``'{"a":0}'`` holds ``:0``), or an escaped one.
_BIND_LIKE = re.compile(r"(?<![:\w\x5c]):\w+(?![:\w])|\x5c:")


def sql_text(sql: str) -> str:
    """Python source of a SQL fragment passed verbatim: ``sa.text(...)``, or ``sa.literal_column(...)``
    when ``sa.text`` would take part of it for a bind parameter (and render it as NULL) or unescape it."""
    fn = "sa.literal_column" if _BIND_LIKE.search(sql) else "sa.text"
    return f"{fn}({pc.py_string(sql)})"


def use_helpers(ctx: Context, expr: str) -> None:
    for helper in ("_RawType", "_Inet", "_Money", "_Jsonb"):
        if f"{helper}(" in expr:
            ctx.helpers.add(helper)


def column_args(
    ctx: Context, model: Model, f: ScalarField, col: DbColumn, pk_cols: tuple[str, ...]
) -> tuple[str, str, list[pc.Call | str]]:
    """(Python attribute, ``Mapped`` type, arguments after the column name) of one column."""
    enum_expr = enum_py = None
    if f.enum and ctx.schema.enum(f.enum) is not None:
        enum_py = ctx.cls(f.enum)
        enum_expr = enum_type_var(enum_py)
    ctype = column_type(col.type, ctx.dialect, enum_expr, enum_py)
    if ctype.py == "Any" and f.type in LOGICAL_PY and not ctype.expr.startswith(("pg.JSON", "sa.JSON")):
        ctype = replace(ctype, py=LOGICAL_PY[f.type])  # e.g. String @db.Xml: text in Python
    use_helpers(ctx, ctype.expr)
    expr = ctype.expr
    args: list[pc.Call | str] = []
    attr = ctx.attr(model.name, f.name)
    if attr != f.name:
        ctx.diagnostics.append(
            Diagnostic(
                codes.W_RENAMED,
                Severity.INFO,
                f"`{model.name}.{f.name}` is the attribute `{attr}` in Python (the name is reserved)",
                f.origin,
            )
        )
    single_pk = pk_cols == (col.name,)
    integer = ctype.py == "int" and not ctype.array
    if col.autoincrement and not single_pk and ctx.dialect == "postgres":
        serial = {"sa.SmallInteger()": "SMALLSERIAL", "sa.BigInteger()": "BIGSERIAL"}.get(expr, "SERIAL")
        expr = f"_RawType({pc.py_string(serial)})"
        ctx.helpers.add("_RawType")
    args.append(expr)
    args.append(f"nullable={col.nullable}")
    if col.autoincrement and single_pk:
        args.append("autoincrement=True")
    elif col.autoincrement:
        args.append("server_default=sa.FetchedValue()")
    elif integer and col.name in pk_cols:
        args.append("autoincrement=False")
    if col.default is not None:
        args.append(f"server_default={sql_text(col.default)}")
    args += _python_default(ctx, f, ctype.py, col.type)
    doc = pc.split_doc(f.doc)
    if doc:
        args.append(f"doc={pc.py_string(doc)}")
    py = f"list[{ctype.py}]" if ctype.array else ctype.py
    if col.nullable and py != "Any":
        py += " | None"
    return attr, py, args


def _python_default(ctx: Context, f: ScalarField, py: str, sql_type: str) -> list[str]:
    if f.updated_at:
        helper = "_utcnow_tz" if "TIMESTAMPTZ" in sql_type.upper() else "_utcnow"
        ctx.helpers.add(helper)
        return [f"default={helper}", f"onupdate={helper}"]
    d = f.default
    if d is None or d.side != "client":
        return []
    if d.kind is DefaultKind.UUID:
        version = d.args[0] if d.args else "4"
        if py == "uuid.UUID":
            if version == "7":
                ctx.helpers.add("_uuid7")
                return ["default=lambda: uuid.UUID(_uuid7())"]
            return ["default=uuid.uuid4"]
        helper = "_uuid7" if version == "7" else "_uuid4"
    elif d.kind is DefaultKind.CUID:
        helper = "_cuid2" if d.args and d.args[0] == "2" else "_cuid"
    elif d.kind is DefaultKind.NANOID:
        ctx.helpers.add("_nanoid")
        if d.args and d.args[0].strip().isdigit():
            return [f"default=lambda: _nanoid({int(d.args[0])})"]
        return ["default=_nanoid"]
    else:
        helper = "_ulid"
    ctx.helpers.add(helper)
    return [f"default={helper}"]
