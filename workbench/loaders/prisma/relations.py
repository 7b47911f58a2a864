"""Relations: pair every relation field with its opposite and decide who holds the foreign key.

Prisma's rules: two relation fields form one relation when they point at each other's models
with the same relation name (explicit ``@relation("X")`` or none). The default name is the two
model names sorted and joined with "To" (``PostToUser``). The side with ``fields``/``references``
holds the foreign key; two list sides without fields make an implicit many-to-many relation
stored in the join table ``_<name>``.

:func:`resolve_fields` (phase 1) checks that ``fields``/``references`` name existing scalar
fields; :func:`validate` (phase 2) checks arity, types, unique references, placement, and
reports missing opposite fields and ambiguous relations like Prisma's validator.
"""

from __future__ import annotations

from workbench.diagnostics import Severity
from workbench.diagnostics.catalog import prisma as codes
from workbench.ir import ReferentialAction, Relation, RelationKind
from workbench.loaders.prisma.attributes import suggest
from workbench.loaders.prisma.context import Context, FieldInfo, ModelInfo
from workbench.loaders.prisma.lower import new_relation, new_relation_end
from workbench.prisma.ast import Argument

_NOT_SCALAR = ("relation", "composite", "unknown")  # Prisma treats unresolved field types as relations


def default_name(a: str, b: str) -> str:
    x, y = sorted((a, b))
    return f"{x}To{y}"


def resolve_fields(ctx: Context) -> None:
    """Phase 1: ``fields``/``references`` name existing fields; ``fields`` are scalar."""
    for m in ctx.model_order:
        for f in m.fields:
            if f.kind != "relation" or f.relation.attr is None:
                continue
            r = f.relation
            attr = r.attr
            assert attr is not None
            if r.fields:
                missing = [n for n in r.fields if n not in m.by_name]
                arg = attr.arg("fields")
                if missing:
                    _at_arg(
                        ctx,
                        f,
                        arg,
                        codes.RELATION_UNKNOWN_FIELD,
                        "The argument fields must refer only to existing fields. The following fields do not exist "
                        f"in this model: {', '.join(missing)}",
                        suggest(missing[0], [x.name for x in m.fields if not x.is_relation]),
                    )
                rel = [n for n in r.fields if n in m.by_name and m.by_name[n].kind in _NOT_SCALAR]
                if rel:
                    _at_arg(
                        ctx,
                        f,
                        arg,
                        codes.RELATION_FIELDS_NOT_SCALAR,
                        "The argument fields must refer only to scalar fields. But it is referencing the following "
                        f"relation fields: {', '.join(rel)}",
                    )
            target = ctx.models.get(f.target or "")
            if r.references and target is not None:
                rel = [n for n in r.references if n in target.by_name and target.by_name[n].kind in _NOT_SCALAR]
                if rel:
                    _at_arg(
                        ctx,
                        f,
                        attr.arg("references"),
                        codes.RELATION_FIELDS_NOT_SCALAR,
                        "The argument `references` must refer only to scalar fields in the related model "
                        f"`{target.name}`. But it is referencing the following relation fields: {', '.join(rel)}",
                    )
                missing = [n for n in r.references if n not in target.by_name]
                if missing:
                    _at_arg(
                        ctx,
                        f,
                        attr.arg("references"),
                        codes.RELATION_UNKNOWN_FIELD,
                        "The argument `references` must refer only to existing fields in the related model "
                        f"`{target.name}`. The following fields do not exist in the related model: "
                        + ", ".join(missing),
                        suggest(missing[0], [x.name for x in target.fields if not x.is_relation]),
                    )


def _at_arg(ctx: Context, f: FieldInfo, arg: Argument | None, code: str, msg: str, help: str | None = None) -> None:
    attr = f.relation.attr
    assert attr is not None
    if arg is None:
        ctx.at_attr(code, msg, f.model.file, f.base, attr, help)
    else:
        ctx.at_node(code, msg, f.model.file, f.base, attr, arg, help)


def pair(ctx: Context) -> list[tuple[FieldInfo, FieldInfo | None]]:
    """Pair relation fields (in model/field order) and set their resolved names and opposites."""
    pairs: list[tuple[FieldInfo, FieldInfo | None]] = []
    # candidates by (model, target, explicit name)
    groups: dict[tuple[str, str, str | None], list[FieldInfo]] = {}
    for m in ctx.model_order:
        for f in m.fields:
            if f.kind == "relation":
                groups.setdefault((m.name, f.target or "", f.relation.name), []).append(f)
    done: set[int] = set()
    for m in ctx.model_order:
        for f in m.fields:
            if f.kind != "relation" or id(f) in done:
                continue
            done.add(id(f))
            target = f.target or ""
            f.relation_name = f.relation.name or default_name(m.name, target)
            candidates = groups.get((target, m.name, f.relation.name), [])
            other = next((g for g in candidates if id(g) not in done and g is not f), None)
            if other is not None:
                done.add(id(other))
                other.relation_name = f.relation_name
                f.opposite, other.opposite = other, f
            pairs.append((f, other))
    return pairs


def _holds_fk(f: FieldInfo) -> bool:
    return bool(f.relation.fields) or bool(f.relation.references)


def _unique_sets(m: ModelInfo) -> list[tuple[str, ...]]:
    out = []
    if m.primary_key is not None:
        out.append(m.primary_key.field_names)
    out.extend(i.field_names for i in m.indexes if i.unique)
    return out


def _is_unique(m: ModelInfo, names: tuple[str, ...]) -> bool:
    s = set(names)
    return any(set(u) == s for u in _unique_sets(m))


def ambiguity(ctx: Context, m: ModelInfo) -> bool:
    """Report the first ambiguous relation of a model (Prisma stops validating after one)."""
    groups: dict[tuple[str, str | None], list[FieldInfo]] = {}
    for f in m.fields:
        if f.kind == "relation":
            groups.setdefault((f.target or "", f.relation.name), []).append(f)
    for (target, name), group in groups.items():
        if len(group) < 2:
            continue
        first, second = group[0], group[1]
        pair = f"`{first.name}` and `{second.name}`"
        msg = None
        if target != m.name:
            msg = (
                f"Ambiguous relation detected. The fields {pair} in model `{m.name}` both refer to `{target}`. "
                "Please provide different relation names for them by adding `@relation(<name>)."
                if name is None
                else f"Wrongly named relation detected. The fields {pair} in model `{m.name}` both use the same "
                "relation name. Please provide different relation names for them through `@relation(<name>)."
            )
        elif len(group) > 2:
            msg = (
                f"Unnamed self relation detected. The fields {pair} in model `{m.name}` have no relation name."
                if name is None
                else f"Wrongly named self relation detected. The fields {pair} in model `{m.name}` have the same "
                "relation name. At most two relation fields can belong to the same relation."
            )
        elif name is None and (first.list == second.list or not (_holds_fk(first) or _holds_fk(second))):
            msg = (
                f"Ambiguous self relation detected. The fields {pair} in model `{m.name}` both refer to `{m.name}`. "
                "If they are part of the same relation add the same relation name for them with `@relation(<name>)`."
            )
        if msg is not None:
            ctx.at_field(
                codes.AMBIGUOUS_RELATION,
                f'Error validating model "{m.name}": {msg}',
                first,
                f'name the relations, e.g. `@relation("{first.name[0].upper() + first.name[1:]}")`',
            )
            return True
    return False


def validate(ctx: Context, pairs: list[tuple[FieldInfo, FieldInfo | None]]) -> None:
    """Phase 2 relation checks, in Prisma's order (missing opposites after the per-pair checks)."""
    missing: list[FieldInfo] = []
    for f, g in pairs:
        if g is None:
            missing.append(f)
            continue
        if f.list and g.list:
            for x in (f, g):
                if _holds_fk(x):
                    ctx.at_field(
                        codes.RELATION_FIELDS_PLACEMENT,
                        "Embedded many-to-many relations are not supported: an implicit many-to-many relation "
                        "has no `fields`/`references`.",
                        x,
                        "remove `fields` and `references`; Prisma stores the relation in a join table",
                    )
            for x, y in ((f, g), (g, f)):
                pk = y.model.primary_key
                if pk is None or len(pk.fields) != 1:
                    ctx.at_field(
                        codes.MANY_TO_MANY_WITHOUT_ID,
                        f"Error validating field `{x.name}` in model `{x.model.name}`: The relation field `{x.name}` "
                        f"on model `{x.model.name}` references `{y.model.name}` which does not have an `@id` field. "
                        "Models without `@id` cannot be part of a many to many relation.",
                        x,
                        f"give `{y.model.name}` a single-field @id, or use an explicit join model",
                    )
            for x in (f, g):
                if x.model.is_view:
                    ctx.at_field(
                        codes.MANY_TO_MANY_ON_VIEW, "Implicit many-to-many relations are not supported for views.", x
                    )
            continue
        if f.list or g.list:
            single = g if f.list else f
            many = f if f.list else g
            if _holds_fk(many):
                ctx.at_field(
                    codes.RELATION_FIELDS_PLACEMENT,
                    f"The relation field `{many.name}` is a list: the `fields` and `references` arguments belong on "
                    f"the other side (`{single.model.name}.{single.name}`).",
                    many,
                )
            if not _holds_fk(single):
                ctx.at_field(
                    codes.RELATION_FIELDS_PLACEMENT,
                    f"The relation field `{single.name}` on Model `{single.model.name}` must specify the `fields` "
                    "argument in the @relation attribute.",
                    single,
                    f"add @relation(fields: [...], references: [...]) to `{single.name}`",
                )
                continue
            _check_fk_side(ctx, single, one_to_one=False)
            continue
        # one-to-one
        if _holds_fk(f) and _holds_fk(g):
            for x, y in ((f, g), (g, f)):
                ctx.at_field(
                    codes.RELATION_FIELDS_PLACEMENT,
                    f"The relation fields `{x.name}` on Model `{x.model.name}` and `{y.name}` on Model "
                    f"`{y.model.name}` both provide the `fields`/`references` arguments in the @relation attribute. "
                    "You have to provide them only on one of the two fields.",
                    x,
                )
            continue
        if not _holds_fk(f) and not _holds_fk(g):
            for x, y in ((f, g), (g, f)):
                ctx.at_field(
                    codes.RELATION_FIELDS_PLACEMENT,
                    f"The relation fields `{x.name}` on Model `{x.model.name}` and `{y.name}` on Model "
                    f"`{y.model.name}` do not provide the `fields` argument in the @relation attribute. "
                    "You have to provide it on one of the two fields.",
                    x,
                )
            continue
        _check_fk_side(ctx, f if _holds_fk(f) else g, one_to_one=True)
    for f in missing:
        if f.ignored or f.model.ignored:
            continue
        ctx.at_field(
            codes.MISSING_OPPOSITE_RELATION,
            f"Error validating field `{f.name}` in model `{f.model.name}`: The relation field `{f.name}` on model "
            f"`{f.model.name}` is missing an opposite relation field on the model `{f.target}`.",
            f,
            f"add a field like `{f.model.name[0].lower() + f.model.name[1:]}s {f.model.name}[]` to model `{f.target}`"
            " (or run `prisma format`)",
        )


def _check_fk_side(ctx: Context, f: FieldInfo, *, one_to_one: bool) -> None:
    r = f.relation
    m = f.model
    target = ctx.models.get(f.target or "")
    if target is None:
        return
    if r.fields is None or r.references is None:
        which = "references" if r.references is None else "fields"
        ctx.at_field(
            codes.RELATION_FIELDS_PLACEMENT,
            f"The relation field `{f.name}` on Model `{m.name}` must specify the `{which}` argument in the "
            "@relation attribute.",
            f,
        )
        return
    attr = r.attr
    assert attr is not None
    if len(r.fields) != len(r.references):
        ctx.at_attr(
            codes.RELATION_ARITY_MISMATCH,
            "You must specify the same number of fields in `fields` and `references`.",
            m.file,
            f.base,
            attr,
        )
        return
    fks = [m.by_name.get(n) for n in r.fields]
    refs = [target.by_name.get(n) for n in r.references]
    if any(x is None for x in fks) or any(x is None for x in refs):
        return  # reported in phase 1
    for a, b in zip(fks, refs, strict=True):
        assert a is not None and b is not None
        if (a.scalar, a.target) != (b.scalar, b.target) or a.list != b.list:
            ctx.at_field(
                codes.RELATION_TYPE_MISMATCH,
                f"The type of the field `{a.name}` in the model `{m.name}` is not matching the type of the "
                f"referenced field `{b.name}` in model `{target.name}`.",
                f,
                f"`{a.name}` is {a.decl.line.type.name}, `{b.name}` is {b.decl.line.type.name}",
            )
            return
    if not _is_unique(target, r.references):
        ctx.at_field(
            codes.RELATION_REFERENCES_NOT_UNIQUE,
            "The argument `references` must refer to a unique criterion in the related model. Consider adding an "
            f"`@unique` attribute to the field `{r.references[0]}` in the model `{target.name}`."
            if len(r.references) == 1
            else "The argument `references` must refer to a unique criterion in the related model. Consider adding "
            f"`@@unique([{', '.join(r.references)}])` to the model `{target.name}`.",
            f,
        )
        return
    if any(x.optional for x in fks if x is not None) and not f.optional and not f.list:
        ctx.at_field(
            codes.RELATION_OPTIONALITY_MISMATCH,
            f"The relation field `{f.name}` uses the scalar fields {', '.join(r.fields)}. At least one of those fields "
            "is optional. Hence the relation field must be optional as well.",
            f,
            f"make `{f.name}` optional: `{f.decl.line.type.name}?`",
        )
        return
    if one_to_one and not _is_unique(m, r.fields):
        ctx.at_field(
            codes.RELATION_REFERENCES_NOT_UNIQUE,
            "A one-to-one relation must use unique fields on the defining side. Either add an `@unique` attribute "
            f"to the field `{r.fields[0]}`, or change the relation to one-to-many."
            if len(r.fields) == 1
            else "A one-to-one relation must use unique fields on the defining side. Either add "
            f"`@@unique([{', '.join(r.fields)}])`, or change the relation to one-to-many.",
            f,
        )
        return
    if r.on_delete is ReferentialAction.SET_NULL and all(not x.optional for x in fks if x is not None):
        ctx.report(
            codes.SET_NULL_ON_REQUIRED_FIELDS,
            "The `onDelete` referential action of a relation should not be set to `SetNull` when a referenced field "
            "is required.",
            m.file,
            f.base + f.decl.line.start,
            f.base + f.decl.line.end,
            "make the foreign key fields optional, or choose another referential action",
            Severity.WARNING,
        )


def build(ctx: Context, pairs: list[tuple[FieldInfo, FieldInfo | None]]) -> tuple[Relation, ...]:
    """IR relations, in the order their first field appears (positional builders, as in :mod:`.lower`)."""
    out: list[Relation] = []
    for f, g in pairs:
        if g is not None and f.list and g.list:
            a, b = sorted((f, g), key=lambda x: (x.model.name, x.name))
            if a.model.name == b.model.name and a.name > b.name:
                a, b = b, a
            out.append(
                new_relation(
                    f.relation_name,
                    RelationKind.MANY_TO_MANY,
                    new_relation_end(a.model.name, a.name),
                    new_relation_end(b.model.name, b.name),
                    (),
                    (),
                    None,
                    None,
                    None,
                    f"_{f.relation_name}",
                )
            )
            continue
        fk = f if _holds_fk(f) else g if g is not None and _holds_fk(g) else f
        other = g if fk is f else f
        kind = RelationKind.ONE_TO_MANY
        if other is not None and not other.list and not fk.list:
            kind = RelationKind.ONE_TO_ONE
        fields = fk.relation.fields or ()
        optional = any(fk.model.by_name[n].optional for n in fields if n in fk.model.by_name)
        # Prisma's defaults: SetNull when a foreign key field is optional, Restrict otherwise; onUpdate Cascade.
        default_delete = ReferentialAction.SET_NULL if optional else ReferentialAction.RESTRICT
        out.append(
            new_relation(
                fk.relation_name,
                kind,
                new_relation_end(fk.model.name, fk.name),
                new_relation_end(fk.target or "", other.name if other is not None else None),
                fields,
                fk.relation.references or (),
                fk.relation.on_delete or default_delete,
                fk.relation.on_update or ReferentialAction.CASCADE,
                fk.relation.map,
                None,
            )
        )
    return tuple(out)
