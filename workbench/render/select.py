"""Making big schemas readable: which tables, columns and groups a diagram keeps.

Order of application: ``include`` (globs) narrows the tables, ``exclude`` removes some, ``focus``
keeps the tables within ``depth`` relation hops of the focus tables, then edges whose two ends
survive are kept. Implicit m:n join tables are transparent: a hop through a join table counts as
one hop, and a join table is kept exactly when both tables it joins are kept (it is never a
reason on its own to pull a table in).

Names resolve against the table id, its display name and its aliases (model name <-> table
name), so ``focus="User"`` works in both views. A name that matches nothing is not an exception
(a typo in a notebook cell should still draw something): it becomes a line in
``ErdContent.problems`` with a suggestion, shown under the diagram and printed by the CLI.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from fnmatch import fnmatchcase

from workbench.dialects import registry
from workbench.render.content import ErdColumn, ErdContent, ErdEnum, ErdOptions, ErdTable

HIGHLIGHT_LABEL = "highlighted"


def _has_glob(pattern: str) -> bool:
    return any(ch in pattern for ch in "*?[")


class _Names:
    """Resolves user-given table (and ``table.column``) names against the content."""

    def __init__(self, tables: Sequence[ErdTable]) -> None:
        self.tables = tables
        self.by_name: dict[str, str] = {}
        for t in tables:
            for n in (t.id, t.name, *t.aliases):
                self.by_name.setdefault(n, t.id)
        self.problems: list[str] = []

    def all_names(self) -> list[str]:
        return sorted(self.by_name)

    def match(self, pattern: str, what: str) -> list[str]:
        if _has_glob(pattern):
            ids = [t.id for t in self.tables if any(fnmatchcase(n, pattern) for n in (t.id, t.name, *t.aliases))]
            if not ids:
                self.problems.append(f"{what}: `{pattern}` matches no table")
            return ids
        if pattern in self.by_name:
            return [self.by_name[pattern]]
        self.problems.append(f"{what}: no table named `{pattern}`{self._suggest(pattern)}")
        return []

    def _suggest(self, name: str) -> str:
        close = difflib.get_close_matches(name, self.all_names(), n=1)
        return f" (did you mean `{close[0]}`?)" if close else ""

    def table_or_column(self, name: str, what: str) -> tuple[str, str | None] | None:
        """``Table`` or ``Table.column`` (the table part may itself be ``schema.table``)."""
        if name in self.by_name:
            return self.by_name[name], None
        table, dot, column = name.rpartition(".")
        if dot and table in self.by_name:
            tid = self.by_name[table]
            t = next(t for t in self.tables if t.id == tid)
            col = t.column(column)
            if col is None:
                close = difflib.get_close_matches(column, [c.name for c in t.columns], n=1)
                hint = f" (did you mean `{close[0]}`?)" if close else ""
                self.problems.append(f"{what}: table `{table}` has no column `{column}`{hint}")
                return None
            return tid, col.name
        self.problems.append(f"{what}: no table named `{name}`{self._suggest(name)}")
        return None


def select(content: ErdContent, options: ErdOptions) -> ErdContent:
    names = _Names(content.tables)
    joins = {t.id for t in content.tables if t.kind == "join"}
    candidates = [t.id for t in content.tables if t.id not in joins]
    explicitly_excluded: set[str] = set()
    if options.include:
        wanted = {i for p in options.include for i in names.match(p, "include")}
        candidates = [c for c in candidates if c in wanted]
    if options.exclude:
        explicitly_excluded = {i for p in options.exclude for i in names.match(p, "exclude")}
        candidates = [c for c in candidates if c not in explicitly_excluded]
    kept = set(candidates)
    neighbours = _neighbours(content, joins, kept)
    if options.focus:
        start = {i for p in options.focus for i in names.match(p, "focus")}
        for j in start & joins:  # focusing on a join table means focusing on the two tables it joins
            start |= {e.target for e in content.edges if e.source == j}
        start &= kept
        kept = _within(start, neighbours, options.depth)
    for j in joins - explicitly_excluded:
        ends = {e.target for e in content.edges if e.source == j}
        if ends and ends <= kept:
            kept.add(j)

    groups, marks = _highlights(options.highlight, names)
    tables = tuple(_shape(t, options, marks) for t in content.tables if t.id in kept)
    edges = tuple(e for e in content.edges if e.source in kept and e.target in kept)
    used_enums = {c.enum for t in tables for c in t.columns if c.enum}
    enums: tuple[ErdEnum, ...] = ()
    if options.enums:
        filtered = bool(options.include or options.exclude or options.focus)
        enums = tuple(e for e in content.enums if e.id in used_enums or not filtered)
    clusters = _clusters(content, options, tables, enums, names)
    return replace(
        content,
        tables=tables,
        edges=edges,
        enums=enums,
        clusters=clusters,
        highlight_groups=groups,
        title=options.title,
        problems=content.problems + tuple(names.problems),
    )


def _neighbours(content: ErdContent, joins: set[str], kept: set[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {t: set() for t in kept}
    through: dict[str, list[str]] = {}
    for e in content.edges:
        if e.source in joins:
            through.setdefault(e.source, []).append(e.target)
            continue
        if e.source in kept and e.target in kept:
            out[e.source].add(e.target)
            out[e.target].add(e.source)
    for ends in through.values():
        for a in ends:
            for b in ends:
                if a in kept and b in kept:
                    out[a].add(b)
    return out


def _within(start: set[str], neighbours: Mapping[str, set[str]], depth: int) -> set[str]:
    seen = set(start)
    frontier = set(start)
    for _ in range(depth):
        frontier = {n for f in frontier for n in neighbours.get(f, ())} - seen
        if not frontier:
            break
        seen |= frontier
    return seen


def _highlights(
    spec: Sequence[str] | Mapping[str, Sequence[str]] | str, names: _Names
) -> tuple[tuple[str, ...], dict[tuple[str, str | None], int]]:
    if isinstance(spec, str):
        spec = [spec]
    groups: list[tuple[str, Iterable[str]]]
    if isinstance(spec, Mapping):
        groups = [(str(k), [v] if isinstance(v, str) else v) for k, v in spec.items()]
    else:
        groups = [(HIGHLIGHT_LABEL, spec)] if spec else []
    marks: dict[tuple[str, str | None], int] = {}
    labels = []
    for n, (label, items) in enumerate(groups):
        labels.append(label)
        for item in items:
            found = names.table_or_column(item, "highlight")
            if found is not None:
                marks.setdefault(found, n)
    return tuple(labels), marks


def _shape(t: ErdTable, options: ErdOptions, marks: Mapping[tuple[str, str | None], int]) -> ErdTable:
    """Apply the column mode and the highlight marks to one table."""
    columns: list[ErdColumn] = []
    for c in t.columns:
        mark = marks.get((t.id, c.name))
        if mark is not None:
            c = replace(c, highlight=mark)
        if options.columns == "all" or (options.columns == "keys" and (c.is_key or mark is not None)):
            columns.append(c)
    indexes = t.indexes if options.columns != "none" else ()
    return replace(
        t,
        columns=tuple(columns),
        indexes=indexes,
        hidden_columns=len(t.columns) - len(columns),
        highlight=marks.get((t.id, None)),
    )


def _clusters(
    content: ErdContent,
    options: ErdOptions,
    tables: Sequence[ErdTable],
    enums: Sequence[ErdEnum],
    names: _Names,
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    mode = options.cluster
    if mode is None or mode is False:
        return ()
    if isinstance(mode, Mapping):
        assigned: dict[str, str] = {}
        kept = {t.id for t in tables}
        order: list[str] = []
        for group, members in mode.items():
            order.append(str(group))
            for m in [members] if isinstance(members, str) else members:
                for tid in names.match(m, "cluster"):
                    if tid in kept:
                        assigned.setdefault(tid, str(group))
        return tuple(
            (g, tuple(t.id for t in tables if assigned.get(t.id) == g))
            for g in order
            if any(assigned.get(t.id) == g for t in tables)
        )
    if mode not in ("auto", "schema"):
        raise ValueError(f"cluster must be 'auto', 'schema', None or a mapping, not {mode!r}")
    default = registry.default_schema(content.dialect) if content.view == "database" else None
    by_schema: dict[str, list[str]] = {}
    nodes: list[ErdTable | ErdEnum] = [*tables, *enums]
    for node in nodes:
        label = node.schema or default
        if label is not None:
            by_schema.setdefault(label, []).append(node.id)
    if mode == "auto" and len({t.schema or default for t in tables}) < 2:
        return ()
    return tuple((label, tuple(ids)) for label, ids in sorted(by_schema.items()))
