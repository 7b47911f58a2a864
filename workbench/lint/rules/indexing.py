"""Indexing: foreign keys covered by an index, no redundant or NULL-leaky keys, not too many."""

from __future__ import annotations

from workbench.ir import Index, IndexKind, Model
from workbench.lint.context import LintContext, models_in_order, with_type
from workbench.lint.findings import Edit, Fix


def _keys(m: Model) -> list[tuple[tuple[str, ...], Index | None]]:
    """Every key of a model as (field names, index); the primary key has index None."""
    keys: list[tuple[tuple[str, ...], Index | None]] = []
    if m.primary_key:
        keys.append((m.primary_key.field_names, None))
    keys.extend((i.field_names, i) for i in m.indexes if i.kind is not IndexKind.FULLTEXT)
    return keys


def covered(m: Model, columns: tuple[str, ...], keys: list[tuple[tuple[str, ...], Index | None]] | None = None) -> bool:
    """An index covers a foreign key when its leading columns are the key's columns (any order).

    ``keys``: :func:`_keys` of ``m`` when the caller already has them."""
    want = set(columns)
    for names, idx in _keys(m) if keys is None else keys:
        if idx is not None and idx.where:
            continue
        if len(names) >= len(columns) and set(names[: len(columns)]) == want:
            return True
    return False


def check(ctx: LintContext) -> None:
    for m in models_in_order(ctx.schema):
        if m.is_view:
            continue
        keys = _keys(m)  # once per model: both rules below walk them
        _foreign_keys(ctx, m, keys)
        _redundant(ctx, m, keys)
        _nullable_unique(ctx, m)
        n = len(m.indexes)
        if n > ctx.config.max_indexes:
            ctx.report(
                "WB304",
                f"model `{m.name}` has {n} indexes (more than {ctx.config.max_indexes})",
                m.origin,
                model=m,
                help="drop indexes no query needs (check with the query profiler), or combine them",
            )


def _foreign_keys(ctx: LintContext, m: Model, keys: list[tuple[tuple[str, ...], Index | None]]) -> None:
    for rel in ctx.foreign_keys_of(m.name):
        if covered(m, rel.fields, keys):
            continue
        line = f"@@index([{', '.join(rel.fields)}])"
        field = ctx.get_field(m, rel.referencing.field) if rel.referencing.field else None
        ctx.report(
            "WB301",
            f"foreign key `{m.name}`({', '.join(rel.fields)}) has no covering index",
            field.origin if field else m.origin,
            model=m,
            field_name=rel.fields[0] if len(rel.fields) == 1 else None,
            help=f"add `{line}` to model {m.name}",
            fix=ctx.block_attribute_fix("index the foreign key", m, line),
        )


def _redundant(ctx: LintContext, m: Model, keys: list[tuple[tuple[str, ...], Index | None]]) -> None:
    for pos, idx in enumerate(m.indexes):
        if idx.kind is not IndexKind.INDEX or idx.where or idx.type not in (None, "BTree"):
            continue
        names = idx.field_names
        for other, oidx in keys:
            if oidx is idx or (oidx is not None and (oidx.where or oidx.type not in (None, "BTree"))):
                continue
            if oidx is not None and oidx.kind is IndexKind.FULLTEXT:
                continue
            same = other == names
            prefix = len(other) > len(names) and other[: len(names)] == names
            # of two identical plain indexes, report the later one only
            if same and oidx is not None and oidx.kind is IndexKind.INDEX and m.indexes.index(oidx) > pos:
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
        if not idx.unique or len(idx.fields) < 2:
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
