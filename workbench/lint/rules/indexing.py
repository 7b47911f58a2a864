"""Indexing: foreign keys covered by an index, no redundant or NULL-leaky keys, not too many."""

from __future__ import annotations

from operator import attrgetter

from workbench.ir import Index, IndexKind, Model, PrimaryKey, Relation
from workbench.lint.context import LintContext, models_in_order, with_type
from workbench.lint.findings import Edit, Fix

_NAME = attrgetter("name")
# enum members read once: `IndexKind.INDEX` is a slow attribute lookup on Python 3.11
_INDEX, _UNIQUE, _FULLTEXT = IndexKind.INDEX, IndexKind.UNIQUE, IndexKind.FULLTEXT


def _names(key: Index | PrimaryKey) -> tuple[str, ...]:
    """``key.field_names`` (the property builds them with a generator: slower, and asked often)."""
    fields = key.fields
    return (fields[0].name,) if len(fields) == 1 else tuple(map(_NAME, fields))


def _keys(m: Model) -> list[tuple[tuple[str, ...], Index | None]]:
    """Every key of a model as (field names, index); the primary key has index None."""
    pk = m.primary_key
    keys: list[tuple[tuple[str, ...], Index | None]] = [] if pk is None else [(_names(pk), None)]
    for i in m.indexes:
        if i.kind is not _FULLTEXT:
            keys.append((_names(i), i))
    return keys


def covered(m: Model, columns: tuple[str, ...], keys: list[tuple[tuple[str, ...], Index | None]] | None = None) -> bool:
    """An index covers a foreign key when its leading columns are the key's columns (any order).

    ``keys``: :func:`_keys` of ``m`` when the caller already has them."""
    if keys is None:
        keys = _keys(m)
    if len(columns) == 1:  # the usual foreign key: its one column leads the index
        column = columns[0]
        return any(names and names[0] == column and not (idx is not None and idx.where) for names, idx in keys)
    want = set(columns)
    for names, idx in keys:
        if idx is not None and idx.where:
            continue
        if len(names) >= len(columns) and set(names[: len(columns)]) == want:
            return True
    return False


def check(ctx: LintContext) -> None:
    max_indexes = ctx.config.max_indexes
    foreign_keys_of = ctx.foreign_keys_of
    for m in models_in_order(ctx.schema):
        if m.is_view:
            continue
        keys = _keys(m)  # once per model: both rules below walk them
        fks = foreign_keys_of(m.name)
        if fks:
            _foreign_keys(ctx, m, keys, fks)
        indexes = m.indexes
        if indexes:
            _redundant(ctx, m, keys)
            _nullable_unique(ctx, m)
        n = len(indexes)
        if n > max_indexes:
            ctx.report(
                "WB304",
                f"model `{m.name}` has {n} indexes (more than {max_indexes})",
                m.origin,
                model=m,
                help="drop indexes no query needs (check with the query profiler), or combine them",
            )


def _foreign_keys(
    ctx: LintContext, m: Model, keys: list[tuple[tuple[str, ...], Index | None]], fks: tuple[Relation, ...]
) -> None:
    for rel in fks:
        if covered(m, rel.fields, keys):
            continue
        columns = ", ".join(rel.fields)
        line = f"@@index([{columns}])"
        field = ctx.get_field(m, rel.referencing.field) if rel.referencing.field else None
        ctx.report(
            "WB301",
            f"foreign key `{m.name}`({columns}) has no covering index",
            field.origin if field else m.origin,
            model=m,
            field_name=rel.fields[0] if len(rel.fields) == 1 else None,
            help=f"add `{line}` to model {m.name}",
            fix=ctx.block_attribute_fix("index the foreign key", m, line),
        )


def _redundant(ctx: LintContext, m: Model, keys: list[tuple[tuple[str, ...], Index | None]]) -> None:
    for pos, idx in enumerate(m.indexes):
        if idx.kind is not _INDEX or idx.where or idx.type not in (None, "BTree"):
            continue
        names = _names(idx)
        for other, oidx in keys:
            if oidx is idx or (oidx is not None and (oidx.where or oidx.type not in (None, "BTree"))):
                continue
            if oidx is not None and oidx.kind is _FULLTEXT:
                continue
            same = other == names
            prefix = len(other) > len(names) and other[: len(names)] == names
            # of two identical plain indexes, report the later one only
            if same and oidx is not None and oidx.kind is _INDEX and m.indexes.index(oidx) > pos:
                continue
            if same or prefix:
                what = "the primary key" if oidx is None else f"`{_spell(oidx)}`"
                ctx.report(
                    "WB302",
                    f"index `{_spell(idx)}` on `{m.name}` is redundant with {what}",
                    idx.origin or m.origin,
                    model=m,
                    help=f"remove the line `{_spell(idx)}`",
                    fix=ctx.delete_line_fix("drop the redundant index", idx.origin),
                )
                break


def _spell(idx: Index) -> str:
    cols = ", ".join(idx.field_names)
    if idx.field_level:
        return "@unique" if idx.unique else "@index"
    return f"@@{idx.kind.value}([{cols}])"


def _nullable_unique(ctx: LintContext, m: Model) -> None:
    for idx in m.indexes:
        if idx.kind is not _UNIQUE or len(idx.fields) < 2:
            continue
        nullable = [n for n in idx.field_names if (f := ctx.get_scalar(m, n)) is not None and f.optional]
        if not nullable:
            continue
        edits: list[Edit] = []
        changes: list[str] = []
        for n in nullable:
            f = ctx.get_scalar(m, n)
            code = ctx.code_of(f.origin) if f else None
            if f is None or code is None:
                continue
            new = with_type(code, mod="")
            changes.append(new)
            e = ctx.replace_line(f.origin, new)
            if e:
                edits.append(e)
            for r in ctx.relation_fields(m):  # a required FK column needs a required relation
                if n in r.fields and r.optional:
                    rcode = ctx.code_of(r.origin)
                    if rcode and "SetNull" not in rcode:
                        e2 = ctx.replace_line(r.origin, with_type(rcode, mod=""))
                        if e2:
                            edits.append(e2)
        cols = ", ".join(nullable)
        ctx.report(
            "WB303",
            f"unique key ({', '.join(idx.field_names)}) of `{m.name}` has nullable column(s) {cols}: "
            "rows with NULL there are never duplicates",
            idx.origin or m.origin,
            model=m,
            help="make the column(s) required: " + "; ".join(f"`{c}`" for c in changes)
            if changes
            else "make the column(s) required",
            fix=Fix("make the unique key's columns required", tuple(edits)) if edits else None,
        )
