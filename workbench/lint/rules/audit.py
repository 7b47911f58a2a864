"""Audit fields: createdAt with @default(now()), updatedAt with @updatedAt, on every table.

The fields the fix adds follow the *schema's* naming convention, decided once for the whole schema
(:func:`workbench.lint.conventions.field_naming`): ``created_at``/``updated_at`` when most
multi-word field names are snake_case, else ``createdAt``/``updatedAt``, with ``@map("created_at")``
when most column names are snake_case while the field names are not. Never the model's own: a
model whose fields are all one word would otherwise get camelCase columns in a snake_case schema.

Pure join models (a composite key made only of foreign keys and nothing else) are exempt: a link
row is created and deleted, never updated.
"""

from __future__ import annotations

from workbench.ir import Model, ScalarField, ScalarType
from workbench.lint.context import LintContext, add_attribute, models_in_order
from workbench.lint.conventions import field_naming
from workbench.lint.findings import Edit, Fix

CREATED = {"createdat", "created_at", "created", "createdon", "created_on", "insertedat", "inserted_at"}
UPDATED = {"updatedat", "updated_at", "updated", "updatedon", "updated_on", "modifiedat", "modified_at"}


def is_join_model(ctx: LintContext, m: Model) -> bool:
    pk = m.primary_key
    if pk is None or len(pk.fields) < 2:
        return False
    fk_fields = {n for r in ctx.relation_fields(m) for n in r.fields}
    return {f.name for f in ctx.scalars(m)} <= fk_fields


def check(ctx: LintContext) -> None:
    naming = field_naming(ctx.schema)
    # the schema's convention decides the new lines, so they are the same for every model: so are
    # the message and help of each case (missing createdAt, updatedAt or both)
    created_line = naming.field_line(("created", "at"), "DateTime @default(now())")
    updated_line = naming.field_line(("updated", "at"), "DateTime @updatedAt")
    cases: dict[tuple[bool, bool], tuple[list[str], str, str]] = {}
    for has_created, has_updated in ((False, False), (False, True), (True, False)):
        missing = ([] if has_created else [created_line]) + ([] if has_updated else [updated_line])
        names = " and ".join(f"`{line.split()[0]}`" for line in missing)
        cases[has_created, has_updated] = (missing, names, "add " + " and ".join(f"`{line}`" for line in missing))
    kinds: dict[str, int] = {}  # field name -> CREATED_KIND, UPDATED_KIND or 0 (read once per name)
    view = ctx.view
    for m in models_in_order(ctx.schema):
        if m.is_view:
            continue
        pk = m.primary_key
        if pk is not None and len(pk.fields) >= 2 and is_join_model(ctx, m):
            continue
        created: list[ScalarField] = []
        updated: list[ScalarField] = []
        for f in view(m).scalars:
            kind = kinds.get(f.name)
            if kind is None:
                kind = kinds[f.name] = _audit_kind(f.name)
            if kind:
                (created if kind == CREATED_KIND else updated).append(f)
        case = cases.get((bool(created), bool(updated)))
        if case is not None:
            missing, names, help_ = case
            ctx.report(
                "WB201",
                f"model `{m.name}` has no {names}",
                m.origin,
                model=m,
                help=help_,
                fix=_audit_fix(ctx, m, missing),
            )
        for f in updated:
            if f.type is _DATETIME and not f.updated_at:
                _attr(ctx, m, f.name, "WB202", "@updatedAt", f"`{m.name}.{f.name}` is not set automatically")
        for f in created:
            if f.type is _DATETIME and f.default is None:
                _attr(ctx, m, f.name, "WB203", "@default(now())", f"`{m.name}.{f.name}` has no default")


CREATED_KIND, UPDATED_KIND = 1, 2
_DATETIME = ScalarType.DATETIME  # read once: enum members are slow attributes on Python 3.11


def _audit_kind(name: str) -> int:
    low = name.lower()
    return CREATED_KIND if low in CREATED else UPDATED_KIND if low in UPDATED else 0


def _audit_fix(ctx: LintContext, m: Model, missing: list[str]) -> Fix | None:
    """The fix adding the ``missing`` lines, its edit made when it is read."""
    if not ctx.can_insert_fields(m):
        return None

    def edits() -> tuple[Edit, ...]:
        edit = ctx.insert_fields(m, missing)
        assert edit is not None  # can_insert_fields said so
        return (edit,)

    return Fix.deferred("add audit fields", edits)


def _attr(ctx: LintContext, m: Model, name: str, code: str, attr: str, message: str) -> None:
    line = add_attribute(ctx.field_code(m, name), attr)
    f = ctx.get_field(m, name)
    ctx.report(
        code,
        message,
        f.origin if f else m.origin,
        model=m,
        field_name=name,
        help=f"change the line to `{line}`",
        fix=ctx.line_fix(f"add {attr}", f.origin if f else None, line),
    )
