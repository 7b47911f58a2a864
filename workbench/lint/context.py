"""What every rule gets: the schema, the target dialect, the config, and source-editing helpers.

Fixes are text edits on the original source (not a re-print of the whole schema), so comments,
alignment and everything the rule did not touch stay as the designer wrote them. The helpers
here find the pieces a fix needs: a field's line, a model's closing brace, its indentation.

Rules ask "which relations leave/enter this model?" for every model; scanning
``schema.relations`` each time made lint quadratic (39.7 s on 5,000 models). The context builds
those lookups once per schema (:class:`SchemaIndex`), so every rule is linear in the schema.
Per-model lookups (a field by name, the scalar and relation fields, the indentation) are cached on
the context too: ``Model.field`` is a scan and ``Model.scalar_fields`` builds a tuple per call, and
several rules ask them of every model (a third of lint's time on 5,000 models).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from workbench.diagnostics import Diagnostic, Severity, SourceFile, Span
from workbench.ir import Field, Model, Relation, RelationField, RelationKind, ScalarField, Schema
from workbench.lint.config import LintConfig
from workbench.lint.findings import Applicability, Edit, Finding, Fix
from workbench.lint.registry import BY_CODE, resolve

_IGNORE = re.compile(r"lint-ignore\s*:\s*([\w\-, ]+)")
# what can hide a `}` inside a model block: strings (to their end, or the file's end when
# unterminated), line comments and block comments; the first bare `}` closes the block
_BLOCK_TOKEN = re.compile(r'"(?:\\.|[^"\\])*(?:"|\Z)|//[^\n]*|/\*.*?(?:\*/|\Z)|\}', re.S)
_STRING_OR_COMMENT = re.compile(r'"(?:\\.|[^"\\])*(?:"|\Z)|//[^\n]*|/\*.*?(?:\*/|\Z)', re.S)
_FIELD_LINE = re.compile(r"^(?P<indent>\s*)(?P<name>\w+)(?P<sp>\s+)(?P<type>\w+(?:\([^)]*\))?)(?P<mod>\[\]|\?)?")


def suppressed_codes(doc: str | None) -> set[str]:
    """Codes named by ``/// lint-ignore: CODE, CODE`` in a doc comment (rule names work too)."""
    return set(_suppressed(doc)) if doc else set()


@lru_cache(maxsize=1024)
def _suppressed(doc: str) -> frozenset[str]:
    """:func:`suppressed_codes` of one doc comment, read once (every finding of a documented model
    asks again)."""
    codes: set[str] = set()
    for m in _IGNORE.finditer(doc):
        for sel in m.group(1).split(","):
            codes |= {r.code for r in resolve(sel.strip())} if sel.strip() else set()
    return frozenset(codes)


def split_comment(line: str) -> tuple[str, str]:
    """``(code, comment)`` of one line; ``//`` inside a string literal is not a comment."""
    if "//" not in line:
        return line.rstrip(), ""
    in_str = False
    for i, ch in enumerate(line):
        if ch == '"' and (i == 0 or line[i - 1] != "\\"):
            in_str = not in_str
        elif not in_str and line.startswith("//", i):
            return line[:i].rstrip(), line[i:]
    return line.rstrip(), ""


class SchemaIndex:
    """Lookups every rule needs, built in one pass over the schema's relations.

    ``pointing_at`` and ``tables`` are built when first asked: only a model rename (WB401) and a
    new table name (WB403-WB406) need them, and a pass over every model for nothing was a tenth
    of lint's set-up on a 5,000-model schema.
    """

    outgoing: Mapping[str, tuple[Relation, ...]]  # by referencing model: 1:1/1:n relations with a foreign key
    incoming: Mapping[str, tuple[Relation, ...]]  # by referenced model: relations with a foreign key

    def __init__(self, schema: Schema) -> None:
        self._schema = schema
        outgoing: dict[str, list[Relation]] = {}
        incoming: dict[str, list[Relation]] = {}
        many_to_many = RelationKind.MANY_TO_MANY
        for rel in schema.relations:
            if not rel.fields:
                continue
            incoming.setdefault(rel.referenced.model, []).append(rel)
            if rel.kind is not many_to_many:
                outgoing.setdefault(rel.referencing.model, []).append(rel)
        self.outgoing = {k: tuple(v) for k, v in outgoing.items()}
        self.incoming = {k: tuple(v) for k, v in incoming.items()}

    @classmethod
    def build(cls, schema: Schema) -> SchemaIndex:
        return cls(schema)

    @cached_property
    def pointing_at(self) -> Mapping[str, tuple[RelationField, ...]]:
        """By target model: the relation fields of every model whose type it is."""
        pointing: dict[str, list[RelationField]] = {}
        for m in self._schema.models:
            for r in m.relation_fields:
                pointing.setdefault(r.target, []).append(r)
        return {k: tuple(v) for k, v in pointing.items()}

    @cached_property
    def tables(self) -> frozenset[tuple[str | None, str]]:
        """(schema, database name) of every model and view."""
        return frozenset((m.schema, m.db_name) for m in self._schema.models)


class ModelView:
    """One model's fields as the rules ask for them, computed once per lint run (the relation
    fields when first asked: few rules want them)."""

    __slots__ = ("_model", "_relations", "by_name", "indent", "scalars")

    def __init__(self, model: Model) -> None:
        fields = model.fields
        self._model = model
        self.scalars: tuple[ScalarField, ...] = tuple([f for f in fields if isinstance(f, ScalarField)])
        self._relations: tuple[RelationField, ...] | None = None
        # the first field of each name, as ``Model.field`` finds it
        self.by_name: dict[str, Field] = {f.name: f for f in reversed(fields)}
        self.indent: str | None = None  # filled by LintContext.indent

    @classmethod
    def of(cls, model: Model) -> ModelView:
        return cls(model)

    @property
    def relations(self) -> tuple[RelationField, ...]:
        found = self._relations
        if found is None:
            found = self._relations = tuple([f for f in self._model.fields if isinstance(f, RelationField)])
        return found


@dataclass
class LintContext:
    schema: Schema
    dialect: str
    config: LintConfig
    sources: Mapping[str, SourceFile] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    index: SchemaIndex = field(init=False)
    _blocks: dict[str, tuple[SourceFile, int, int] | None] = field(init=False, default_factory=dict)
    _views: dict[int, ModelView] = field(init=False, default_factory=dict)  # by id(model)
    _rules: dict[str, tuple[str, Severity | None, Applicability]] = field(init=False, default_factory=dict)

    _models: dict[str, Model] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.index = SchemaIndex.build(self.schema)
        self._models = {m.name: m for m in self.schema.models}  # as Schema.model finds them

    def model(self, name: str) -> Model | None:
        """``schema.model(name)``."""
        return self._models.get(name)

    # --- per-model lookups (cached) --------------------------------------------------------------
    def view(self, model: Model) -> ModelView:
        """The model's fields sorted out once (the schema keeps ``model`` alive, so ids hold)."""
        v = self._views.get(id(model))
        if v is None:
            v = self._views[id(model)] = ModelView.of(model)
        return v

    def scalars(self, model: Model) -> tuple[ScalarField, ...]:
        """``model.scalar_fields``, built once."""
        return self.view(model).scalars

    def relation_fields(self, model: Model) -> tuple[RelationField, ...]:
        """``model.relation_fields``, built once."""
        return self.view(model).relations

    def get_field(self, model: Model, name: str) -> Field | None:
        """``model.field(name)`` without the scan."""
        return self.view(model).by_name.get(name)

    def get_scalar(self, model: Model, name: str) -> ScalarField | None:
        """``model.scalar(name)`` without the scan."""
        f = self.view(model).by_name.get(name)
        return f if isinstance(f, ScalarField) else None

    # --- lookups (built once per schema) ---------------------------------------------------------
    def foreign_keys_of(self, model: str) -> tuple[Relation, ...]:
        """The 1:1 and 1:n relations whose foreign key lives in ``model``, in schema order."""
        return self.index.outgoing.get(model, ())

    def references_to(self, model: str) -> tuple[Relation, ...]:
        """The relations with a foreign key that references ``model``, in schema order."""
        return self.index.incoming.get(model, ())

    def relation_fields_to(self, model: str) -> tuple[RelationField, ...]:
        """Every relation field (of any model) whose type is ``model``."""
        return self.index.pointing_at.get(model, ())

    # --- reporting -------------------------------------------------------------------------------
    def report(
        self,
        code: str,
        message: str,
        span: Span | None,
        *,
        model: Model | None = None,
        field_name: str | None = None,
        help: str | None = None,
        fix: Fix | None = None,
        applicability: Applicability | None = None,
    ) -> None:
        """Record a finding; its fix gets the rule's declared applicability (registry), or
        ``applicability`` when this one fix is less trustworthy than the rule's usual one."""
        known = self._rules.get(code)
        if known is None:
            rule = BY_CODE[code]
            known = self._rules[code] = (rule.name, self.config.severity_of(rule), rule.fix or Applicability.UNSAFE)
        rule_name, severity, usual = known
        if severity is None:
            return
        if fix is not None:
            wanted = applicability or usual
            if fix.applicability is not wanted:
                fix = fix.with_applicability(wanted)  # a deferred fix stays deferred
        model_name = None
        if model is not None:
            model_name = model.name
            if model.doc and code in _suppressed(model.doc):
                return
            if field_name:
                v = self._views.get(id(model)) or self.view(model)
                f = v.by_name.get(field_name)
                if f is not None and f.doc and code in _suppressed(f.doc):
                    return
        diag = Diagnostic(code, severity, message, span, help)
        self.findings.append(Finding(diag, rule_name, model_name, field_name, fix))

    # --- source access ---------------------------------------------------------------------------
    def source(self, span: Span | None) -> SourceFile | None:
        return self.sources.get(span.file) if span else None

    def line_of(self, span: Span | None) -> tuple[SourceFile, int, int] | None:
        """(file, start, end) offsets of the span's first line, without the newline."""
        if span is None:
            return None
        src = self.sources.get(span.file)
        if src is None:
            return None
        start = span.start - (span.col - 1)
        first, end = src.line_bounds(span.line)
        return src, start, start + (end - first)

    def has_line(self, span: Span | None) -> bool:
        """Would :meth:`line_of` find the span's line (is there a span, and its file's text)?"""
        return span is not None and span.file in self.sources

    def line_text(self, span: Span | None) -> str | None:
        loc = self.line_of(span)
        return loc[0].text[loc[1] : loc[2]] if loc else None

    def replace_line(self, span: Span | None, new_code: str) -> Edit | None:
        """Replace the code of a line (its trailing ``//`` comment and indentation are kept)."""
        loc = self.line_of(span)
        if loc is None:
            return None
        src, start, end = loc
        old = src.text[start:end]
        _, comment = split_comment(old)
        indent = old[: len(old) - len(old.lstrip())]
        new = indent + new_code.strip() + (" " + comment if comment else "")
        return Edit(src.path, start, end, new)

    def _replace(self, span: Span | None, new_code: str) -> Edit:
        """:meth:`replace_line` where :meth:`has_line` said yes."""
        edit = self.replace_line(span, new_code)
        assert edit is not None
        return edit

    def line_fix(self, description: str, span: Span | None, new_code: str) -> Fix | None:
        """``Fix(description, (replace_line(span, new_code),))``, None where there is no line to
        replace; the edit is made when the fix's ``edits`` are first read (:meth:`Fix.deferred`)."""
        if not self.has_line(span):
            return None
        return Fix.deferred(description, lambda: (self._replace(span, new_code),))

    def delete_line_fix(self, description: str, span: Span | None) -> Fix | None:
        """``Fix(description, (delete_line(span),))`` or None, as :meth:`line_fix`."""
        if not self.has_line(span):
            return None

        def edits() -> tuple[Edit, ...]:
            edit = self.delete_line(span)
            assert edit is not None  # has_line said so
            return (edit,)

        return Fix.deferred(description, edits)

    def delete_line(self, span: Span | None) -> Edit | None:
        loc = self.line_of(span)
        if loc is None:
            return None
        src, start, end = loc
        return Edit(src.path, start, min(end + 1, len(src.text)), "")

    def code_of(self, span: Span | None) -> str | None:
        """The code of the span's line: no comment, no surrounding blanks."""
        line = self.line_text(span)
        if line is None:
            return None
        if "//" not in line:
            return line.strip()
        return split_comment(line)[0].strip()

    def field_code(self, model: Model, name: str) -> str:
        """A field's Prisma line as written (or a minimal rendering when there is no source)."""
        f = self.get_field(model, name)
        code = self.code_of(f.origin) if f else None
        if code:
            return code
        if isinstance(f, ScalarField):
            return f"{f.name} {f.type_name}{'[]' if f.list else '?' if f.optional else ''}"
        return name

    # --- model blocks ----------------------------------------------------------------------------
    def _block(self, model: Model) -> tuple[SourceFile, int, int] | None:
        """(file, offset just after ``{``, offset of the closing ``}``) of a model block (cached:
        several rules edit the same model)."""
        if model.name not in self._blocks:
            self._blocks[model.name] = self._find_block(model)
        return self._blocks[model.name]

    def _find_block(self, model: Model) -> tuple[SourceFile, int, int] | None:
        src = self.source(model.origin)
        if src is None or model.origin is None:
            return None
        text = src.text
        open_ = text.find("{", model.origin.start)
        if open_ < 0:
            return None
        close = closing_brace(text, open_ + 1)
        return None if close is None else (src, open_ + 1, close)

    def indent(self, model: Model) -> str:
        """The indentation of the model's first field line ("  " when there is none); cached."""
        v = self.view(model)
        if v.indent is None:
            v.indent = self._indent(model)
        return v.indent

    def _indent(self, model: Model) -> str:
        for f in model.fields:
            loc = self.line_of(f.origin)
            if loc:
                line = loc[0].text[loc[1] : loc[2]]
                return line[: len(line) - len(line.lstrip())] or "  "
        return "  "

    def can_insert_fields(self, model: Model) -> bool:
        """Would :meth:`insert_fields` give an edit (without making it)?"""
        last = _last_origin(model)
        if last is not None and last.file in self.sources:
            return True
        return self._block(model) is not None

    def insert_fields(self, model: Model, lines: list[str]) -> Edit | None:
        """Insert field lines after the model's last field (before ``@@`` attributes)."""
        last = _last_origin(model)
        ind = self.indent(model)
        body = "".join(f"{ind}{line}\n" for line in lines)
        if last is not None:
            loc = self.line_of(last)
            if loc:
                return Edit(loc[0].path, loc[2] + 1, loc[2] + 1, body)
        return self.insert_first(model, lines)

    def insert_first(self, model: Model, lines: list[str]) -> Edit | None:
        block = self._block(model)
        if block is None:
            return None
        src, after_open, _ = block
        nl = src.text.find("\n", after_open)
        pos = after_open if nl < 0 else nl + 1
        ind = self.indent(model)
        return Edit(src.path, pos, pos, "".join(f"{ind}{line}\n" for line in lines))

    def has_block(self, model: Model) -> bool:
        """Is the model's block found in the source (so edits inside it can be made)?"""
        return self._block(model) is not None

    def block_attribute_fix(self, description: str, model: Model, line: str) -> Fix | None:
        """``Fix(description, (insert_block_attribute(model, line),))`` or None, as :meth:`line_fix`."""
        if not self.has_block(model):
            return None

        def edits() -> tuple[Edit, ...]:
            edit = self.insert_block_attribute(model, line)
            assert edit is not None  # has_block said so
            return (edit,)

        return Fix.deferred(description, edits)

    def insert_block_attribute(self, model: Model, line: str) -> Edit | None:
        """Insert a ``@@...`` line just before the model's closing brace."""
        block = self._block(model)
        if block is None:
            return None
        src, _, close = block
        pos = src.text.rfind("\n", 0, close) + 1
        before = src.text[pos:close]
        if before.strip():  # closing brace on the same line as content
            return Edit(src.path, close, close, f"\n{self.indent(model)}{line}\n")
        has_attrs = any(i.origin and not i.field_level for i in model.indexes)
        blank = "" if has_attrs or (model.primary_key and not model.primary_key.field_level) else "\n"
        return Edit(src.path, pos, pos, f"{blank}{self.indent(model)}{line}\n")


def closing_brace(text: str, pos: int) -> int | None:
    """The offset of the first ``}`` at or after ``pos`` outside strings and comments (None when
    there is none): the first ``}`` token of ``_BLOCK_TOKEN.finditer(text, pos)``.

    Only ``"``, ``/`` and ``}`` can start a token, so the scan jumps from one to the next with
    ``str.find`` and matches a string or comment only where one can start; the regex alone tried
    every character of every model block.
    """
    find = text.find
    size = len(text)
    while True:
        close = find("}", pos)
        end = size if close < 0 else close
        quote = find('"', pos, end)
        slash = find("/", pos, end)
        if quote < 0 and slash < 0:
            return None if close < 0 else close
        at = slash if quote < 0 or 0 <= slash < quote else quote
        token = _STRING_OR_COMMENT.match(text, at)
        pos = token.end() if token else at + 1  # a lone `"` or `/` starts no token


def _last_origin(model: Model) -> Span | None:
    """The origin of the model's field that starts last (its first of equals), None without any."""
    last: Span | None = None
    for f in model.fields:
        o = f.origin
        if o and (last is None or o.start > last.start):
            last = o
    return last


def field_parts(code: str) -> dict[str, str] | None:
    """``name``, ``type``, ``mod`` (``?``/``[]``/``""``) and ``rest`` (attributes) of a field line."""
    p = _field_parts(code)
    if p is None:
        return None
    return dict(zip(("name", "sp", "type", "mod", "rest"), p, strict=True))


def is_field_line(code: str) -> bool:
    """Does ``code`` read as a field line (``name Type...``)? See :func:`field_parts`."""
    return _field_parts(code) is not None


@lru_cache(maxsize=4096)
def _field_parts(code: str) -> tuple[str, str, str, str, str] | None:
    """:func:`field_parts` as a tuple, cached: most schemas repeat a handful of field lines (``id
    Int @id @default(autoincrement())``) in every model."""
    m = _FIELD_LINE.match(code)
    if m is None:
        return None
    return m.group("name"), m.group("sp"), m.group("type"), m.group("mod") or "", code[m.end() :]


@lru_cache(maxsize=4096)
def with_type(code: str, type_: str | None = None, mod: str | None = None) -> str:
    """The field line ``code`` with its type and/or modifier replaced (cached, as field_parts)."""
    p = _field_parts(code)
    if p is None:
        return code
    name, sp, t, md, rest = p
    return f"{name}{sp}{t if type_ is None else type_}{md if mod is None else mod}{rest}"


def add_attribute(code: str, attr: str) -> str:
    return f"{code.rstrip()} {attr}"


def models_in_order(schema: Schema) -> Iterator[Model]:
    yield from (m for m in schema.models if not m.ignored)
