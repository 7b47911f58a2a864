"""Naming: PascalCase models, camelCase fields, one convention for database names, no reserved
words, no identifier the database would truncate, and no singular/plural mix among table names.

Renames keep the database name stable: a renamed model gets ``@@map("old")``, a renamed field
``@map("old")``, so a fix changes the client API but never the database.
"""

from __future__ import annotations

import re

from workbench.diagnostics import Span
from workbench.ir import Field, Model, ScalarField
from workbench.lint.context import LintContext, add_attribute, models_in_order
from workbench.lint.findings import Applicability, Edit, Fix
from workbench.lint.reserved import MAX_IDENTIFIER_BYTES, RESERVED

_PASCAL = re.compile(r"^[A-Z][A-Za-z0-9]*$")
_CAMEL = re.compile(r"^[a-z][A-Za-z0-9]*$")
_CONVENTIONS = {
    "snake_case": re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$"),
    "camelCase": _CAMEL,
    "PascalCase": _PASCAL,
}
DISPLAY_ONLY = Applicability.DISPLAY_ONLY
_FIELD_MAP = re.compile(r'@map\(\s*(?:name:\s*)?"[^"]*"\s*\)')
_SINGULAR_S = ("ss", "us", "is", "ics", "news", "series", "species", "data", "status", "alias", "canvas")


def words(name: str) -> list[str]:
    parts = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+", name)
    return [p.lower() for p in parts] or [name.lower()]


def snake(name: str) -> str:
    return "_".join(words(name))


def camel(name: str) -> str:
    w = words(name)
    return w[0] + "".join(x.capitalize() for x in w[1:])


def pascal(name: str) -> str:
    return "".join(x.capitalize() for x in words(name))


CONVERT = {"snake_case": snake, "camelCase": camel, "PascalCase": pascal}


def is_plural(name: str) -> bool:
    end = name[-1:]
    if end.isascii() and end.isalnum() and end not in "sS":
        return False  # an ASCII letter or digit ends the last word: it does not end in "s"
    last = words(name)[-1]
    return last.endswith("s") and not last.endswith(_SINGULAR_S)


def flip_number(name: str) -> str:
    """users -> user, post -> posts (on the last word, keeping the name's spelling)."""
    if is_plural(name):
        if name.endswith("ies"):
            return name[:-3] + "y"
        if name.endswith(("ses", "xes", "ches", "shes")):
            return name[:-2]
        return name[:-1]
    if name.endswith("y") and not name.endswith(("ay", "ey", "oy", "uy")):
        return name[:-1] + "ies"
    if name.endswith(("s", "x", "ch", "sh")):
        return name + "es"
    return name + "s"


# --- map editing (shared by several rules) -------------------------------------------------------


def set_model_map(ctx: LintContext, m: Model, new: str) -> Edit | None:
    block = ctx._block(m)
    if block is None:
        return None
    src, start, end = block
    found = re.compile(r'@@map\(\s*(?:name:\s*)?"[^"]*"\s*\)').search(src.text, start, end)
    if found:
        return Edit(src.path, found.start(), found.end(), f'@@map("{new}")')
    return ctx.insert_block_attribute(m, f'@@map("{new}")')


def _model_map_fix(ctx: LintContext, m: Model, new: str, description: str) -> Fix | None:
    """The fix of :func:`set_model_map`, its edit made when it is read (None without the block)."""
    if not ctx.has_block(m):
        return None

    def edits() -> tuple[Edit, ...]:
        edit = set_model_map(ctx, m, new)
        assert edit is not None  # has_block said so
        return (edit,)

    return Fix.deferred(description, edits)


def field_map_line(ctx: LintContext, m: Model, f: ScalarField, new: str) -> str:
    """The field's line with ``@map("new")`` (replacing its ``@map`` if it has one)."""
    code = ctx.field_code(m, f.name)
    found = _FIELD_MAP.search(code)
    return (
        code[: found.start()] + f'@map("{new}")' + code[found.end() :]
        if found
        else add_attribute(code, f'@map("{new}")')
    )


def set_field_map(ctx: LintContext, m: Model, f: ScalarField, new: str) -> tuple[Edit | None, str]:
    line = field_map_line(ctx, m, f, new)
    return ctx.replace_line(f.origin, line), line


def _replace_word_in_lists(ctx: LintContext, span: Span, old: str, new: str) -> Edit | None:
    """Rename ``old`` inside the ``[...]`` lists of one line (index fields, fields/references)."""
    code = ctx.code_of(span)
    if code is None:
        return None
    changed = re.sub(r"\[[^\]]*\]", lambda mm: re.sub(rf"\b{re.escape(old)}\b", new, mm.group(0)), code)
    return ctx.replace_line(span, changed) if changed != code else None


# what the column rules find in a database name (WB404 also needs the name to differ from the field's)
_BAD_CONVENTION, _RESERVED_WORD, _TOO_LONG = 1, 2, 4


def check(ctx: LintContext) -> None:
    models = list(models_in_order(ctx.schema))
    reserved = _Reserved(ctx, models)
    conv = ctx.config.naming
    ok = _CONVENTIONS.get(conv)  # None for "any"
    limit = MAX_IDENTIFIER_BYTES.get(ctx.dialect)
    reserved_words = reserved.words
    camel: dict[str, bool] = {}  # per distinct name: schemas repeat field names in every model
    columns: dict[str, int] = {}

    def column_flags(db_name: str) -> int:
        flags = 0 if ok is None or ok.match(db_name) else _BAD_CONVENTION
        if db_name.lower() in reserved_words:
            flags |= _RESERVED_WORD
        if limit is not None and _byte_length(db_name) > limit:
            flags |= _TOO_LONG
        return flags

    view = ctx.view
    for m in models:
        _model_casing(ctx, m)
        for f in m.fields:
            good = camel.get(f.name)
            if good is None:
                good = camel[f.name] = _CAMEL.match(f.name) is not None
            if not good:
                _field_casing(ctx, m, f.name)
        odd: list[tuple[ScalarField, int]] = []  # the model's columns some rule below reports
        for f in view(m).scalars:
            flags = columns.get(f.db_name)
            if flags is None:
                flags = columns[f.db_name] = column_flags(f.db_name)
            if flags:
                odd.append((f, flags))
        _map_convention(ctx, m, [f for f, flags in odd if flags & _BAD_CONVENTION and f.db_name != f.name])
        _reserved(ctx, m, reserved, [f for f, flags in odd if flags & _RESERVED_WORD])
        _too_long(ctx, m, [f for f, flags in odd if flags & _TOO_LONG])
    _plural_mix(ctx, [m for m in models if not m.is_view])


def _byte_length(name: str) -> int:
    """``len(name.encode())``, without encoding an ASCII name."""
    return len(name) if name.isascii() else len(name.encode())


def _model_casing(ctx: LintContext, m: Model) -> None:
    if _PASCAL.match(m.name):
        return
    new = pascal(m.name)
    edits: list[Edit] = []
    header = ctx.code_of(m.origin)
    if header:
        e = ctx.replace_line(m.origin, re.sub(rf"\b{re.escape(m.name)}\b", new, header, count=1))
        edits += [e] if e else []
    if m.db_name == m.name:
        e = ctx.insert_block_attribute(m, f'@@map("{m.name}")')
        edits += [e] if e else []
    for r in ctx.relation_fields_to(m.name):
        code = ctx.code_of(r.origin)
        if code:
            e = ctx.replace_line(r.origin, re.sub(rf"(\s){re.escape(m.name)}\b", rf"\g<1>{new}", code, count=1))
            edits += [e] if e else []
    ctx.report(
        "WB401",
        f"model name `{m.name}` is not PascalCase",
        m.origin,
        model=m,
        help=f'rename to `model {new}` and add `@@map("{m.name}")`' if m.db_name == m.name else f"rename to `{new}`",
        fix=Fix(f"rename model {m.name} to {new}", tuple(edits)) if edits and header else None,
        applicability=DISPLAY_ONLY if ctx.schema.model(new) or ctx.schema.enum(new) else None,
    )


def _field_casing(ctx: LintContext, m: Model, name: str) -> None:
    new = camel(name)
    f = ctx.get_field(m, name)
    assert f is not None
    code = ctx.code_of(f.origin)
    line = new
    fix = None
    if code:
        line = re.sub(rf"^{re.escape(name)}\b", new, code)
        if isinstance(f, ScalarField) and f.db_name == f.name:
            line = add_attribute(line, f'@map("{name}")')
        # code_of found the line, so the rename of the field's own line is an edit: a fix
        fix = Fix.deferred(f"rename field {name} to {new}", lambda: _rename_field_edits(ctx, m, f, line, name, new))
    ctx.report(
        "WB402",
        f"field name `{m.name}.{name}` is not camelCase",
        f.origin,
        model=m,
        field_name=name,
        help=f"change the line to `{line}` and rename it where it is listed",
        fix=fix,
        applicability=DISPLAY_ONLY if ctx.get_field(m, new) else None,
    )


def _rename_field_edits(ctx: LintContext, m: Model, f: Field, line: str, name: str, new: str) -> tuple[Edit, ...]:
    """The field's own line, then every ``[...]`` list that names it (indexes, the key, its
    relations, and the relations elsewhere that reference it)."""
    edits: list[Edit] = [ctx._replace(f.origin, line)]
    spans = [i.origin for i in m.indexes if not i.field_level and name in i.field_names]
    if m.primary_key and not m.primary_key.field_level and name in m.primary_key.field_names:
        spans.append(m.primary_key.origin)
    spans += [r.origin for r in ctx.relation_fields(m) if name in r.fields]
    for rel in ctx.references_to(m.name):
        if name in rel.references and rel.referencing.field:
            other = ctx.schema.model(rel.referencing.model)
            rf = ctx.get_field(other, rel.referencing.field) if other else None
            spans += [rf.origin] if rf else []
    own_line = f.origin.line if f.origin else None
    edits += [e for s in spans if s and s.line != own_line and (e := _replace_word_in_lists(ctx, s, name, new))]
    return tuple(edits)


def _map_convention(ctx: LintContext, m: Model, odd: list[ScalarField]) -> None:
    """``odd``: the model's columns whose @map name breaks the convention."""
    conv = ctx.config.naming
    if conv == "any":
        return
    ok, convert = _CONVENTIONS[conv], CONVERT[conv]
    if m.db_name != m.name and not ok.match(m.db_name):
        new = convert(m.db_name)
        ctx.report(
            "WB404",
            f"table name `{m.db_name}` (@@map of `{m.name}`) is not {conv}",
            m.origin,
            model=m,
            help=f'use `@@map("{new}")`',
            fix=_model_map_fix(ctx, m, new, "rename the table"),
            applicability=_table_clash(ctx, m, new),
        )
    for f in odd:
        if f.db_name != f.name and not ok.match(f.db_name):
            new = convert(f.db_name)
            line = field_map_line(ctx, m, f, new)
            ctx.report(
                "WB404",
                f"column name `{f.db_name}` (@map of `{m.name}.{f.name}`) is not {conv}",
                f.origin,
                model=m,
                field_name=f.name,
                help=f"change the line to `{line}`",
                fix=ctx.line_fix("rename the column", f.origin, line),
                applicability=_column_clash(ctx, m, f, new),
            )


def _fix(description: str, edit: Edit | None) -> Fix | None:
    return Fix(description, (edit,)) if edit else None


def _table_clash(ctx: LintContext, m: Model, new: str) -> Applicability | None:
    """A new table name another model already uses would not load: only a suggestion then."""
    return DISPLAY_ONLY if (m.schema, new) in ctx.index.tables else None


def _column_clash(ctx: LintContext, m: Model, f: ScalarField, new: str) -> Applicability | None:
    taken = any(other.db_name == new for other in ctx.scalars(m) if other is not f)
    return DISPLAY_ONLY if taken else None


class _Reserved:
    """The dialect's reserved words, and whether most table names are plural (asked only when a
    table name is reserved, then answered once: counting per reserved table was quadratic)."""

    def __init__(self, ctx: LintContext, models: list[Model]) -> None:
        self.words = RESERVED.get(ctx.dialect, frozenset())
        self._models = models
        self._plural: bool | None = None

    @property
    def plural(self) -> bool:
        if self._plural is None:
            self._plural = sum(is_plural(x.db_name) for x in self._models) * 2 > len(self._models)
        return self._plural


def _reserved(ctx: LintContext, m: Model, reserved: _Reserved, odd: list[ScalarField]) -> None:
    """``odd``: the model's columns named by a reserved word."""
    d = ctx.dialect
    words = reserved.words
    if m.db_name.lower() in words:
        plural = reserved.plural
        new = snake(flip_number(m.db_name)) if plural else f"app_{snake(m.db_name)}"
        ctx.report(
            "WB405",
            f"table name `{m.db_name}` is a reserved word in {d}",
            m.origin,
            model=m,
            help=f'add `@@map("{new}")` to model {m.name}',
            fix=_model_map_fix(ctx, m, new, "map the table to a non-reserved name"),
            applicability=_table_clash(ctx, m, new),
        )
    for f in odd:
        if f.db_name.lower() in words:
            new = f"{snake(m.name)}_{snake(f.db_name)}"
            line = field_map_line(ctx, m, f, new)
            ctx.report(
                "WB405",
                f"column name `{f.db_name}` of `{m.name}` is a reserved word in {d}",
                f.origin,
                model=m,
                field_name=f.name,
                help=f"change the line to `{line}`",
                fix=ctx.line_fix("map the column to a non-reserved name", f.origin, line),
                applicability=_column_clash(ctx, m, f, new),
            )


def _truncate(name: str, limit: int) -> str:
    return name.encode()[:limit].decode(errors="ignore")


def _too_long(ctx: LintContext, m: Model, odd: list[ScalarField]) -> None:
    """``odd``: the model's columns whose name is longer than the dialect allows."""
    limit = MAX_IDENTIFIER_BYTES.get(ctx.dialect)
    if limit is None:
        return
    if len(m.db_name.encode()) > limit:
        new = _truncate(m.db_name, limit)
        ctx.report(
            "WB406",
            f"table name `{m.db_name}` is longer than {limit} bytes",
            m.origin,
            model=m,
            help=f'add `@@map("{new}")`',
            fix=_model_map_fix(ctx, m, new, "shorten the table name"),
            applicability=_table_clash(ctx, m, new),
        )
    for f in odd:
        if len(f.db_name.encode()) > limit:
            new = _truncate(f.db_name, limit)
            line = field_map_line(ctx, m, f, new)
            ctx.report(
                "WB406",
                f"column name `{f.db_name}` of `{m.name}` is longer than {limit} bytes",
                f.origin,
                model=m,
                field_name=f.name,
                help=f"change the line to `{line}`",
                fix=ctx.line_fix("shorten the column name", f.origin, line),
                applicability=_column_clash(ctx, m, f, new),
            )
    for idx in m.indexes:
        if idx.db_name and len(idx.db_name.encode()) > limit:
            new = _truncate(idx.db_name, limit)
            code = ctx.code_of(idx.origin) if not idx.field_level else None
            edit = ctx.replace_line(idx.origin, code.replace(f'"{idx.db_name}"', f'"{new}"')) if code else None
            ctx.report(
                "WB406",
                f"index name `{idx.db_name}` is longer than {limit} bytes",
                idx.origin or m.origin,
                model=m,
                help=f'use `map: "{new}"`',
                fix=_fix("shorten the index name", edit),
            )


def _plural_mix(ctx: LintContext, models: list[Model]) -> None:
    flags = [is_plural(m.db_name) for m in models]  # once per table name
    plural = [m for m, p in zip(models, flags, strict=True) if p]
    singular = [m for m, p in zip(models, flags, strict=True) if not p]
    if not plural or not singular:
        return
    minority = plural if len(plural) <= len(singular) else singular
    majority = "singular" if minority is plural else "plural"
    conv = CONVERT.get(ctx.config.naming)
    for m in minority:
        new = conv(flip_number(m.db_name)) if conv else flip_number(m.db_name)
        ctx.report(
            "WB403",
            f"table name `{m.db_name}` is {'plural' if minority is plural else 'singular'}; "
            f"most table names are {majority}",
            m.origin,
            model=m,
            help=f'add `@@map("{new}")` to model {m.name}',
            fix=_model_map_fix(ctx, m, new, f"make the table name {majority}"),
            applicability=_table_clash(ctx, m, new),
        )
