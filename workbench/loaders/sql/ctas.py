"""``CREATE TABLE t AS SELECT cols FROM s``: the copy a table rebuild keeps its rows in.

Our DuckDB migrations (DuckDB cannot alter a column an index or key depends on) rebuild a table
through ``CREATE TABLE "_wb_old_T" AS SELECT ... FROM "T"``, then drop it. Replaying a folder
without modelling the copy turns its ``DROP TABLE`` into an error and the replayed state into
one the database does not have. Only plain projections are modelled (a column, or a column cast
to a type, renamed or not); anything else stays the located warning it was.
"""

from __future__ import annotations

from typing import Any

from workbench.ir.database import DbColumn
from workbench.loaders.sql.context import BuildContext, Ctx, ident
from workbench.loaders.sql.types import column_type


def create_table_as(b: BuildContext, expr: Any, ctx: Ctx) -> bool:
    """Model ``CREATE TABLE ... AS SELECT`` of plain projections from one known table; False otherwise."""
    from sqlglot import exp

    from workbench.loaders.sql.state import TableState

    query = expr.args.get("expression")
    target = expr.this
    if not isinstance(query, exp.Select) or not isinstance(target, exp.Table) or query.args.get("joins"):
        return False
    source_node = query.args.get("from_") or query.args.get("from")  # sqlglot renamed the key
    source_table = source_node.this if source_node is not None else None
    if not isinstance(source_table, exp.Table):
        return False
    source = b.state.tables.get(b.key(source_table))
    key = b.key(target)
    if source is None or key in b.state.tables:
        return False
    columns: list[DbColumn] = []
    for projection in query.expressions:
        name = projection.alias_or_name
        inner = projection.this if isinstance(projection, exp.Alias) else projection
        if isinstance(inner, exp.Column):
            col = source.column(ident(inner))
            if col is None:
                return False
            columns.append(DbColumn(name=name, type=col.type, nullable=True))
        elif isinstance(inner, exp.Cast) and isinstance(inner.this, exp.Column):
            to = inner.args["to"]
            columns.append(DbColumn(name=name, type=column_type(to, b.dialect, to.sql(b.dialect)).sql, nullable=True))
        else:
            return False
    table = TableState(schema=key[0], name=key[1], origin=ctx.span(target))
    table.columns = columns
    b.state.tables[key] = table
    return True
