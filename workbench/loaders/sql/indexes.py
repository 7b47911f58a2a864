"""Indexes: ``CREATE [UNIQUE] INDEX`` and MySQL's inline ``INDEX``/``KEY``; index columns with sort and opclass.

Plain column indexes are modelled (sort order, operator class, ``USING`` method, ``WHERE``
predicate as written); expression indexes, ``INCLUDE``, storage parameters and non-default
``NULLS`` ordering are located warnings. Unnamed indexes get PostgreSQL's (and Prisma's) names.
"""

from __future__ import annotations

from typing import Any

from workbench.diagnostics import Span
from workbench.diagnostics.catalog import sql as codes
from workbench.dialects import naming
from workbench.ir.database import DbIndex, DbIndexColumn
from workbench.loaders.introspect.normalize import strip_parens
from workbench.loaders.sql.context import BuildContext, Ctx, ident
from workbench.loaders.sql.state import TableState

LIMIT = 63
_METHODS = {"HASH", "GIN", "GIST", "SPGIST", "BRIN"}


def _ident(node: Any) -> str:
    return ident(node)


def index_columns(
    b: BuildContext, nodes: list[Any], table: TableState, ctx: Ctx, span: Span
) -> tuple[DbIndexColumn, ...] | None:
    """Index columns (sort, operator class); None (with a warning) for an expression index."""
    from sqlglot import exp

    out: list[DbIndexColumn] = []
    for node in nodes:
        sort = None
        inner = node
        if isinstance(node, exp.Ordered):
            inner = node.this
            desc = node.args.get("desc")
            sort = "DESC" if desc else ("ASC" if desc is False else None)
            nulls_first = node.args.get("nulls_first")
            if "NULLS" in node.sql(b.dialect).upper() and bool(nulls_first) != bool(desc):
                b.warn(codes.UNSUPPORTED_INDEX, "a non-default NULLS FIRST/LAST ordering is not modelled", span)
        ops = None
        if isinstance(inner, exp.Opclass):
            ops = _ident(inner.expression)
            inner = inner.this
        if not isinstance(inner, exp.Column | exp.Identifier):
            b.warn(
                codes.UNSUPPORTED_INDEX,
                f"expression index on `{table.name}` ({inner.sql(b.dialect)}) is not modelled; index skipped",
                span,
            )
            return None
        out.append(DbIndexColumn(name=_ident(inner), sort=sort, ops=ops))
    return tuple(out)


def create_index(b: BuildContext, expr: Any, ctx: Ctx) -> None:
    from sqlglot import exp

    index = expr.this
    table_node = index.args.get("table")
    if table_node is None:
        b.unsupported(ctx)
        return
    table = b.table(table_node, ctx)
    if table is None:
        return
    params = index.args.get("params") or exp.IndexParameters()
    span = ctx.span(index.this) if index.this is not None else ctx.span()
    cols = index_columns(b, list(params.args.get("columns") or []), table, ctx, span)
    if cols is None or not b.check_columns(table, tuple(c.name for c in cols), span):
        return
    unique = bool(expr.args.get("unique"))
    names = tuple(c.name for c in cols)
    name = _ident(index.this) if index.this is not None else None
    if name is None:
        make = naming.unique_index_name if unique else naming.index_name
        name = make(table.name, names, LIMIT)
    using = params.args.get("using")
    method = _ident(using).upper() if using is not None else None
    if method is not None and method not in _METHODS:
        if method != "BTREE":
            b.warn(codes.UNSUPPORTED_INDEX, f"index method {method} is not modelled; read as B-tree", span)
        method = None
    where = None
    if params.args.get("where") is not None:
        text = ctx.tokens.text_after("WHERE")
        where = strip_parens(text) if text else params.args["where"].this.sql(b.dialect)
    for extra in ("include", "with_storage", "tablespace"):
        if params.args.get(extra):
            b.warn(codes.UNSUPPORTED_INDEX, f"index option {extra.upper()} is not modelled", span)
    if any(i.name == name for i in table.indexes) and expr.args.get("exists"):
        return
    b.add_index(table, DbIndex(name=name, columns=cols, unique=unique, method=method, where=where), span)


def add_mysql_index(b: BuildContext, table: TableState, part: Any, ctx: Ctx, span: Span) -> None:
    cols = index_columns(b, list(part.expressions), table, ctx, span)
    if cols is None or not b.check_columns(table, tuple(c.name for c in cols), span):
        return
    name = _ident(part.this) if part.this is not None else cols[0].name
    kind = str(part.args.get("kind") or "").upper()
    if kind in ("FULLTEXT", "SPATIAL"):
        b.warn(codes.UNSUPPORTED_INDEX, f"{kind} index `{name}` is read as a plain index", span)
    b.add_index(table, DbIndex(name=name, columns=cols), span)


__all__ = ["add_mysql_index", "create_index", "index_columns"]
