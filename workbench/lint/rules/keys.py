"""Keys: every table has a primary key, of the policy's type, surrogate rather than natural."""

from __future__ import annotations

from functools import lru_cache

from workbench.diagnostics import Span
from workbench.ir import DefaultKind, Model, ScalarField, ScalarType
from workbench.lint.context import LintContext, field_parts, is_field_line, models_in_order, with_type
from workbench.lint.findings import Applicability, Edit, Fix

NATURAL_KEYS = {"email", "slug", "code", "username", "handle", "sku", "isbn", "name", "login", "phone", "title"}
POLICY_LINE = {
    "uuid": "id String @id @default(uuid())",
    "cuid": "id String @id @default(cuid())",
    "autoincrement": "id Int @id @default(autoincrement())",
}
MIN_REFERENCES = 2  # composite keys referenced by at least this many foreign keys
# enum members read once: `ScalarType.STRING` is a slow attribute lookup on Python 3.11
_STRING, _INTEGERS = ScalarType.STRING, (ScalarType.INT, ScalarType.BIGINT)
_AUTOINCREMENT, _CUID, _UUID, _DBGENERATED = (
    DefaultKind.AUTOINCREMENT,
    DefaultKind.CUID,
    DefaultKind.UUID,
    DefaultKind.DBGENERATED,
)


def check(ctx: LintContext) -> None:
    policy = ctx.config.pk_policy
    view = ctx.view
    for m in models_in_order(ctx.schema):
        if m.is_view:
            continue
        pk = m.primary_key
        if pk is None:
            _missing(ctx, m)
            continue
        if len(pk.fields) == 1:
            f = view(m).by_name.get(pk.fields[0].name)
            if not isinstance(f, ScalarField):
                continue
            if _natural(f):
                _natural_key(ctx, m, f)
            elif not _matches_policy(f, policy):
                _policy(ctx, m, f)
        else:
            _composite(ctx, m)


def _natural(f: ScalarField) -> bool:
    return f.type is _STRING and f.default is None and f.name.lower() in NATURAL_KEYS


def _matches_policy(f: ScalarField, policy: str) -> bool:
    d = f.default
    if policy == "autoincrement":
        return f.type in _INTEGERS and d is not None and d.kind is _AUTOINCREMENT
    if f.type is not _STRING or d is None:
        return False
    if policy == "cuid":
        return d.kind is _CUID
    if d.kind is _UUID:
        return True
    return d.kind is _DBGENERATED and "uuid" in str(d.value or "").lower()


def _id_name(m: Model) -> str:
    return "id" if m.field("id") is None else f"{m.name[0].lower()}{m.name[1:]}Id"


def _missing(ctx: LintContext, m: Model) -> None:
    line = POLICY_LINE[ctx.config.pk_policy].replace("id ", f"{_id_name(m)} ", 1)
    edit = ctx.insert_first(m, [line])
    ctx.report(
        "WB101",
        f"model `{m.name}` has no primary key",
        m.origin,
        model=m,
        help=f"add `{line}` to model {m.name}",
        fix=Fix(f"add a {ctx.config.pk_policy} primary key", (edit,)) if edit else None,
    )


def _fk_lines(ctx: LintContext, m: Model, f: ScalarField) -> tuple[list[tuple[Span, str]], bool]:
    """Foreign-key fields elsewhere that reference ``m.f`` must change type with it.

    Returns the (line, code) of each one that can be rewritten, and whether they are all of them:
    a foreign key with a native type (``@db.Integer``) or without source cannot be rewritten
    mechanically, and a key whose type changed alone would no longer match it. The edits
    themselves are made only when the fix is read (:func:`_policy`).
    """
    lines: list[tuple[Span, str]] = []
    complete = True
    for rel in ctx.references_to(m.name):
        if f.name not in rel.references:
            continue
        other = ctx.model(rel.referencing.model)
        fk = ctx.get_scalar(other, rel.fields[rel.references.index(f.name)]) if other else None
        code = ctx.code_of(fk.origin) if fk else None
        if fk is not None and fk.origin is not None and code is not None and _rewritable(code):
            lines.append((fk.origin, code))  # code_of found the line: replace_line will too
        else:
            complete = False
    return lines, complete


def _rewritable(code: str) -> bool:
    return is_field_line(code) and " @db." not in code


def _policy(ctx: LintContext, m: Model, f: ScalarField) -> None:
    policy = ctx.config.pk_policy
    code = ctx.code_of(f.origin)
    new_line, new_type, new_code = _policy_lines(f.name, code, policy)
    fix, applicability = None, None
    if new_code is not None and ctx.has_line(f.origin):
        fk_lines, complete = _fk_lines(ctx, m, f)
        key_code, key_line = new_code, f.origin

        def edits() -> tuple[Edit, ...]:
            main = ctx._replace(key_line, key_code)
            return (main, *(ctx._replace(span, with_type(code, new_type)) for span, code in fk_lines))

        fix = Fix.deferred(f"make `{m.name}.{f.name}` a {policy} key", edits)
        applicability = None if complete else Applicability.DISPLAY_ONLY
        new_line = new_code
    ctx.report(
        "WB102",
        f"primary key `{m.name}.{f.name}` is not a {policy} key (policy: {policy})",
        f.origin,
        model=m,
        field_name=f.name,
        help=f"change the line to `{new_line}` (and the foreign keys that reference it to {new_type})",
        fix=fix,
        applicability=applicability,
    )


@lru_cache(maxsize=1024)
def _policy_lines(name: str, code: str | None, policy: str) -> tuple[str, str, str | None]:
    """(the policy's key line for ``name``, its type, ``code`` rewritten to the policy or None when
    it cannot be). A pure function of the text, cached: most schemas write every key alike."""
    new_line = POLICY_LINE[policy].replace("id ", f"{name} ", 1)
    new_type = new_line.split()[1]
    if code is None or " @db." in code:
        return new_line, new_type, None
    parts = field_parts(code)
    rest = _strip_default(parts["rest"]) if parts else ""
    default = new_line.split("@id ", 1)[1]
    rest = rest.replace("@id", "@id " + default, 1) if "@id" in rest else f"{rest} {default}"
    return new_line, new_type, f"{name} {new_type} {rest.strip()}" if parts else new_line


def _strip_default(rest: str) -> str:
    """Remove ``@default(...)`` (with nested parentheses) from an attribute list."""
    i = rest.find("@default(")
    if i < 0:
        return rest
    depth, j = 0, i + len("@default")
    while j < len(rest):
        depth += {"(": 1, ")": -1}.get(rest[j], 0)
        j += 1
        if depth == 0:
            break
    return (rest[:i].rstrip() + " " + rest[j:].lstrip()).rstrip()


def _natural_key(ctx: LintContext, m: Model, f: ScalarField) -> None:
    line = POLICY_LINE[ctx.config.pk_policy].replace("id ", f"{_id_name(m)} ", 1)
    code = ctx.code_of(f.origin)
    edits: list[Edit] = []
    if code is not None:
        e1 = ctx.replace_line(f.origin, code.replace("@id", "@unique", 1))
        e2 = ctx.insert_first(m, [line])
        edits = [e for e in (e2, e1) if e]
    ctx.report(
        "WB103",
        f"natural key `{m.name}.{f.name}` is the primary key",
        f.origin,
        model=m,
        field_name=f.name,
        help=f"add `{line}` and keep `{f.name}` as `@unique`",
        fix=Fix("add a surrogate key, keep the natural key unique", tuple(edits)) if len(edits) == 2 else None,
    )


def _composite(ctx: LintContext, m: Model) -> None:
    refs = ctx.references_to(m.name)
    if len(refs) < MIN_REFERENCES:
        return
    pk = m.primary_key
    assert pk is not None
    cols = ", ".join(pk.field_names)
    line = POLICY_LINE[ctx.config.pk_policy].replace("id ", f"{_id_name(m)} ", 1)
    fix = None
    code = ctx.code_of(pk.origin) if not pk.field_level else None
    if code is not None and code.startswith("@@id"):
        e1 = ctx.replace_line(pk.origin, "@@unique" + code[len("@@id") :])
        e2 = ctx.insert_first(m, [line])
        if e1 and e2:
            fix = Fix("add a surrogate key, keep the composite key unique", (e2, e1))
    ctx.report(
        "WB104",
        f"composite primary key ({cols}) of `{m.name}` is referenced by {len(refs)} foreign keys",
        pk.origin or m.origin,
        model=m,
        help=f"add `{line}` and change `@@id([{cols}])` to `@@unique([{cols}])`",
        fix=fix,
    )
