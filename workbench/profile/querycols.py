"""Which columns a query filters, joins, groups and orders on (sqlglot), resolved to tables.

The index advisor's candidates come from here. Unqualified columns are resolved with the
database's own column lists (``catalog``: table -> column names) so ``WHERE "customerId" = 1``
in a two-table join still lands on the right table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

ROLES = ("filter_eq", "filter_range", "join", "group", "order")


@dataclass(frozen=True)
class ColumnUse:
    table: str
    column: str
    role: str  # one of ROLES


def query_columns(
    sql: str, dialect: str, catalog: Mapping[str, tuple[str, ...]] | None = None
) -> tuple[ColumnUse, ...]:
    """Column uses in order of appearance, without duplicates. Unresolvable columns are left out."""
    import sqlglot
    from sqlglot import exp

    tree = sqlglot.parse_one(sql, read=dialect)
    aliases: dict[str, str] = {}
    tables: list[str] = []
    for t in tree.find_all(exp.Table):
        name = t.name
        if not name:
            continue
        tables.append(name)
        aliases[t.alias_or_name] = name
    cte_names = {c.alias for c in tree.find_all(exp.CTE)}
    tables = [t for t in dict.fromkeys(tables) if t not in cte_names]
    lower_catalog = {t: {c.lower() for c in cols} for t, cols in (catalog or {}).items()}

    def resolve(col: exp.Column) -> str | None:
        if col.table:
            name = aliases.get(col.table, col.table)
            return name if name in tables else None
        owners = [t for t in tables if col.name.lower() in lower_catalog.get(t, set())]
        if len(owners) == 1:
            return owners[0]
        return tables[0] if len(tables) == 1 else None

    out: list[ColumnUse] = []

    def add(col: exp.Expression, role: str) -> None:
        if isinstance(col, exp.Column) and col.name:
            table = resolve(col)
            if table:
                use = ColumnUse(table, col.name, role)
                if use not in out:
                    out.append(use)

    def is_value(e: exp.Expression) -> bool:
        return isinstance(e, exp.Literal | exp.Placeholder | exp.Parameter | exp.Null | exp.Boolean) or (
            isinstance(e, exp.Cast) and is_value(e.this)
        )

    for cond in [*tree.find_all(exp.Where), *(j.args.get("on") for j in tree.find_all(exp.Join))]:
        if cond is None:
            continue
        for cmp in cond.find_all(exp.EQ, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.Between, exp.In, exp.Like):
            left, right = cmp.this, cmp.expression
            if isinstance(cmp, exp.EQ) and isinstance(left, exp.Column) and isinstance(right, exp.Column):
                add(left, "join")
                add(right, "join")
            elif isinstance(cmp, exp.EQ | exp.In):
                col, val = (left, right) if isinstance(left, exp.Column) else (right, left)
                if isinstance(cmp, exp.In) or is_value(val):
                    add(col, "filter_eq")
            elif (
                isinstance(cmp, exp.Between | exp.Like) or isinstance(left, exp.Column) or isinstance(right, exp.Column)
            ):
                add(left if isinstance(left, exp.Column) else right, "filter_range")
    for group in tree.find_all(exp.Group):
        for e in group.expressions:
            add(e, "group")
    for order in tree.find_all(exp.Order):
        for e in order.expressions:
            add(e.this if isinstance(e, exp.Ordered) else e, "order")
    return tuple(out)
