"""Relations: short cascade chains, honest optionality, explicit join models for memberships."""

from __future__ import annotations

from workbench.ir import Field, Model, ReferentialAction, Relation, RelationKind
from workbench.lint.context import LintContext, with_type
from workbench.lint.findings import Fix

# model-name words that make an implicit m:n likely to grow columns (role, quantity, grade, joinedAt)
MEMBERSHIP = {
    "user", "member", "student", "customer", "account", "person", "employee", "player", "participant",
    "order", "cart", "invoice", "team", "group", "organization", "project", "course", "event",
}  # fmt: skip


def check(ctx: LintContext) -> None:
    _cascades(ctx)
    for rel in ctx.schema.relations:
        if rel.kind is RelationKind.MANY_TO_MANY:
            _implicit(ctx, rel)
        elif rel.fields:
            _optional_required(ctx, rel)


def _rel_field(ctx: LintContext, rel: Relation) -> tuple[Model | None, Field | None]:
    m = ctx.schema.model(rel.referencing.model)
    f = ctx.get_field(m, rel.referencing.field) if m and rel.referencing.field else None
    return m, f


def _cascades(ctx: LintContext) -> None:
    """Depth of each cascading relation = the number of cascading hops from a root above it."""
    cascading = [
        r for r in ctx.schema.relations if r.fields and r.on_delete is ReferentialAction.CASCADE and not r.is_self
    ]
    into: dict[str, list[Relation]] = {}
    for r in cascading:
        into.setdefault(r.referencing.model, []).append(r)
    memo: dict[str, int] = {}

    def depth(model: str, seen: frozenset[str]) -> int:
        """Longest cascading path ending at ``model`` (0 when nothing cascades into it)."""
        if model in memo:
            return memo[model]
        best = 0
        for r in into.get(model, ()):
            if r.referenced.model not in seen:
                best = max(best, 1 + depth(r.referenced.model, seen | {model}))
        memo[model] = best
        return best

    limit = ctx.config.max_cascade_depth
    for r in cascading:
        d = 1 + depth(r.referenced.model, frozenset({r.referencing.model}))
        if d <= limit:
            continue
        m, f = _rel_field(ctx, r)
        code = ctx.code_of(f.origin) if f else None
        line = code.replace("onDelete: Cascade", "onDelete: Restrict") if code else None
        edit = ctx.replace_line(f.origin, line) if f and line and line != code else None
        ctx.report(
            "WB601",
            f"deleting a `{_root(r, into)}` cascades {d} levels deep, down to `{r.referencing.model}`",
            f.origin if f else None,
            model=m,
            field_name=None,
            help=f"change the line to `{line}` (and delete explicitly)" if line else "use onDelete: Restrict",
            fix=Fix("stop the cascade here", (edit,)) if edit else None,
        )


def _root(r: Relation, into: dict[str, list[Relation]]) -> str:
    model, seen = r.referenced.model, {r.referencing.model}
    while into.get(model) and model not in seen:
        seen.add(model)
        model = into[model][0].referenced.model
    return model


def _optional_required(ctx: LintContext, rel: Relation) -> None:
    m, f = _rel_field(ctx, rel)
    if m is None or f is None or not f.optional:
        return
    required = [n for n in rel.fields if (s := ctx.get_scalar(m, n)) is not None and not s.optional]
    if not required:
        return
    code = ctx.code_of(f.origin)
    fix, help_ = None, "make the relation required, or the foreign-key field(s) optional"
    if code and "SetNull" not in code:
        line = with_type(code, mod="")
        fix = ctx.line_fix("make the relation required", f.origin, line)
        help_ = f"change the line to `{line}`"
    elif code:
        edits = []
        for n in required:
            sf = ctx.get_scalar(m, n)
            assert sf is not None  # `required` holds scalar fields of m
            scode = ctx.code_of(sf.origin)
            if scode:
                edits.append(ctx.replace_line(sf.origin, with_type(scode, mod="?")))
        fix = Fix("make the foreign key optional", tuple(e for e in edits if e)) if edits else None
        help_ = "make " + ", ".join(f"`{n}`" for n in required) + " optional (`?`)"
    ctx.report(
        "WB602",
        f"relation `{m.name}.{f.name}` is optional but its foreign key ({', '.join(required)}) is required",
        f.origin,
        model=m,
        help=help_,
        fix=fix,
    )


def _implicit(ctx: LintContext, rel: Relation) -> None:
    a, b = rel.referencing.model, rel.referenced.model
    if not ({_last_word(a), _last_word(b)} & MEMBERSHIP):
        return
    m: Model | None = ctx.schema.model(a)
    f = ctx.get_field(m, rel.referencing.field) if m and rel.referencing.field else None
    join = f"{a}{b}" if a != b else f"{a}Link"
    ctx.report(
        "WB603",
        f"implicit many-to-many `{a}` <-> `{b}` cannot hold extra columns (role, quantity, joinedAt...)",
        f.origin if f else (m.origin if m else None),
        model=m,
        help=f"consider an explicit join model `{join}` with `@@id([{a[0].lower() + a[1:]}Id, "
        f"{b[0].lower() + b[1:]}Id])` and relations to both",
    )


def _last_word(name: str) -> str:
    from workbench.lint.rules.naming import words

    return words(name)[-1]
