"""Where each key column's values come from (:class:`Roots`), for multi-tenant keys.

Kept apart from :mod:`workbench.seeding.shared` (which draws the linked keys) because the key
store needs the roots too, and the drawing needs the key store: one module for both was a circle.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from workbench.seeding.plan import FkPlan, TableKey, TablePlan
from workbench.seeding.unique import strategies


def linkable(fk: FkPlan) -> bool:
    return not fk.deferred and not fk.self_ref


def _own_root(tables: Mapping[TableKey, TablePlan], key: TableKey, col: str) -> tuple[TableKey, str]:
    """Where the values of ``key.col`` come from: followed through the table's own foreign keys on
    that column (``ProjectUser.tenancyId`` -> ``Tenancy.id``) to a column that no key copies."""
    seen: set[tuple[TableKey, str]] = set()
    while (key, col) not in seen:
        seen.add((key, col))
        t = tables.get(key)
        fk = next((f for f in t.fks if linkable(f) and col in f.columns), None) if t is not None else None
        if fk is None:
            break
        key, col = fk.ref, fk.ref_columns[fk.columns.index(col)]
    return key, col


Column = tuple[TableKey, str]


class Roots:
    """Where each key column's values come from, for the plan's tables (in load order).

    Besides real foreign keys, a plain column that only other tables' shared keys tie to another
    root (stack-auth's ``Team.tenancyId`` and ``ProjectUser.tenancyId``: no foreign key, yet
    ``TeamMember`` needs both equal; ``SessionReplay`` ties ``ProjectUser.tenancyId`` to
    ``Tenancy.id``) *copies* that root's values (:attr:`implied`): the generated rows then agree
    the way the application's rows do. A column is only made to copy when nothing else decides
    its values (no foreign key, not kept unique by a strategy, same type) and its source is
    loaded before it; a group with two unique columns of different tables is left apart."""

    def __init__(self, tables: Sequence[TablePlan]) -> None:
        self.tables = {t.key: t for t in tables}
        self.order = {t.key: i for i, t in enumerate(tables)}
        self.implied: dict[Column, Column] = {}
        self._imply()

    def root(self, key: TableKey, col: str) -> Column:
        found = _own_root(self.tables, key, col)
        return self.implied.get(found, found)

    def _imply(self) -> None:
        parent: dict[Column, Column] = {}
        seen: set[Column] = set()

        def find(c: Column) -> Column:
            while parent.get(c, c) != c:
                c = parent[c]
            return c

        for t in self.tables.values():
            fks = [fk for fk in t.fks if linkable(fk) and not fk.nullable]
            for col in {c for fk in fks for c in fk.columns}:
                roots = sorted(
                    {
                        _own_root(self.tables, fk.ref, fk.ref_columns[fk.columns.index(col)])
                        for fk in fks
                        if col in fk.columns
                    }
                )
                for other in roots[1:]:
                    seen.update((other, roots[0]))
                    parent[find(other)] = find(roots[0])
        classes: dict[Column, list[Column]] = {}
        for c in sorted(seen):
            classes.setdefault(find(c), []).append(c)
        for members in classes.values():
            source = self._source(members)
            if source is not None:
                self.implied.update({m: source for m in members if m != source})

    def _source(self, members: list[Column]) -> Column | None:
        """The column the others copy (a table's own unique key, else the first loaded), or None
        when some member cannot copy it."""
        members = sorted(set(members), key=lambda m: (self.order.get(m[0], len(self.order)), m))
        if any(m[0] not in self.tables for m in members):
            return None
        unique = [m for m in members if (m[1],) in self.tables[m[0]].uniques]
        if len(unique) > 1:
            return None
        source = unique[0] if unique else members[0]
        base = self.tables[source[0]].column(source[1]).base
        for key, col in members:
            if (key, col) == source:
                continue
            t = self.tables[key]
            c = t.column(col)
            if self.order[key] < self.order[source[0]] or c.base != base or c.nullable:
                return None
            # every unique key over the column stays unique through another column (a random id)
            made = strategies(t).unique_columns() - {col}
            if col in {c for fk in t.fks for c in fk.columns} or any(col in u and not set(u) & made for u in t.uniques):
                return None
            if c.autoincrement:
                return None
        return source
