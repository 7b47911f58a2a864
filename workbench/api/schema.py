"""``LoadedSchema``: what ``wb.load`` returns, a thin display wrapper over the IR.

It holds the IR, the diagnostics and the source files; it renders itself as a summary (models,
relations, diagnostics) as HTML in Jupyter and as text elsewhere, and it is the entry point to
the features (``to_sql``, ``to_database``...). Display code never raises: on any failure it
falls back to plain text.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from workbench.db.secrets import redact_url
from workbench.diagnostics import Diagnostic, LoadError, SourceFile, render_html, render_text, sort_key
from workbench.diagnostics.results import HasDiagnostics
from workbench.display import RichDisplay, html_table
from workbench.ir import Database, Model, RelationField, Schema, to_json
from workbench.ir.schema import Summary

if TYPE_CHECKING:
    from pydantic import BaseModel

    from workbench.emit.files import GeneratedFiles
    from workbench.emit.pydantic.typemap import Kind
    from workbench.lint.config import LintConfig
    from workbench.lint.report import LintReport
    from workbench.loaders.prisma.loader import PendingPrismaLoad
    from workbench.render.erd import Erd


class SqlScript(RichDisplay):
    """DDL text plus the diagnostics of producing it.

    ``print(s.to_sql())`` or ``str(...)`` gives plain SQL; in a notebook it shows the SQL followed by
    any warnings (e.g. an index type DuckDB cannot express). Not a ``str`` subclass: IPython would
    display it as a quoted Python string.
    """

    def __init__(
        self, text: str, diagnostics: tuple[Diagnostic, ...] = (), sources: Mapping[str, SourceFile] | None = None
    ):
        self.text = text
        self.diagnostics = diagnostics
        self.sources = sources or {}

    def __str__(self) -> str:
        return self.text

    def __eq__(self, other: object) -> bool:
        return self.text == (other.text if isinstance(other, SqlScript) else other)

    def __hash__(self) -> int:
        return hash(self.text)

    def __repr__(self) -> str:
        if self.diagnostics:
            return self.text + "\n\n" + render_text(self.diagnostics, self.sources)
        return self.text

    def _html(self) -> str:
        body = f'<pre style="line-height:1.25">{html.escape(self.text)}</pre>'
        if self.diagnostics:
            body += render_html(self.diagnostics, self.sources)
        return body


class LoadedSchema(RichDisplay, HasDiagnostics[Diagnostic]):
    """A loaded schema: IR + diagnostics + sources, with notebook display."""

    def __init__(
        self,
        schema: Schema | PendingPrismaLoad,
        diagnostics: tuple[Diagnostic, ...],
        sources: Mapping[str, SourceFile],
        origin: str = "schema",
        database: Database | None = None,
    ):
        # A Prisma load hands over its IR unbuilt: `workbench check` shows the diagnostics and the
        # headline and never needs it; anything else builds it on first use of `.schema`.
        self._schema = schema if isinstance(schema, Schema) else None
        self._pending = None if isinstance(schema, Schema) else schema
        self.diagnostics = diagnostics
        self.sources = dict(sources)
        self.origin = redact_url(origin)  # shown in headlines, diagrams and generated file headers
        self.database = database  # set when the schema was introspected from a live database

    @property
    def schema(self) -> Schema:
        """The IR (for a Prisma schema, built on first use)."""
        if self._schema is None:
            assert self._pending is not None
            self._schema = self._pending.schema()
            self._pending = None
        return self._schema

    @schema.setter
    def schema(self, schema: Schema) -> None:
        self._schema, self._pending = schema, None

    def __getstate__(self) -> dict[str, Any]:
        """Copies and pickles hold the built IR (the unbuilt load holds a lock and a closure)."""
        state = dict(self.__dict__)
        state["_schema"], state["_pending"] = self.schema, None
        return state

    def summary(self) -> Summary:
        """Provider and counts of tables, views, enums and relations (the IR is not built for them)."""
        if self._schema is None and self._pending is not None:
            return self._pending.summary
        return self.schema.summary()

    # --- state (ok / errors / warnings: HasDiagnostics) ---------------------------------------------
    @property
    def models(self) -> tuple[Model, ...]:
        return self.schema.models

    def model(self, name: str) -> Model | None:
        return self.schema.model(name)

    def report(self) -> str:
        """All diagnostics rendered like a compiler (``file:line:col`` + source + underline)."""
        return render_text(self.diagnostics, self.sources)

    def _require_valid(self) -> None:
        if self.errors:
            raise LoadError(self.errors, self.sources)

    # --- features --------------------------------------------------------------------------------
    def to_database(self, dialect: str = "postgres") -> Database:
        """The database view for a dialect (tables, concrete types, constraint names)."""
        return self._lower(dialect)[0]

    def _lower(self, dialect: str) -> tuple[Database, tuple[Diagnostic, ...]]:
        from workbench.dialects import lower

        self._require_valid()
        database, diagnostics = lower(self.schema, dialect)
        return database, tuple(sorted(diagnostics, key=sort_key))

    def to_sql(self, dialect: str = "postgres") -> SqlScript:
        """DDL that creates this schema; for ``postgres`` the same catalog Prisma Migrate creates."""
        from workbench.emit.sql import to_ddl

        database, diagnostics = self._lower(dialect)
        return SqlScript(to_ddl(database), diagnostics, self.sources)

    def to_prisma(self) -> str:
        """The schema as Prisma schema text, formatted exactly as ``prisma format`` would."""
        from workbench.emit.prisma import write_prisma

        return write_prisma(self.schema)

    def to_json(self, indent: int | None = 2) -> str:
        return to_json(self.schema, indent=indent)

    def export(self, target: str, *, dialect: str | None = None) -> GeneratedFiles:
        """Generated code for a target (``drizzle``, ``zod``, ``typescript``, ``rest``, ``graphql``,
        ``trpc``, ``sqlalchemy``, ``pydantic``): displays as tabs of code, ``.write(folder)`` saves it.
        ``dialect`` picks the database where a target allows it (``sqlalchemy``: postgres or sqlite)."""
        from workbench.emit.registry import generate

        self._require_valid()
        files = generate(target, self.schema, source=self.origin, dialect=dialect)
        return replace(files, diagnostics=tuple(sorted(files.diagnostics, key=sort_key)), sources=self.sources)

    def validator(self, model: str, kind: Kind = "read") -> type[BaseModel]:
        """A pydantic model validating rows of ``model``: ``kind`` is ``read``, ``create`` or ``update``.

        ``s.validator("User").model_validate(row)`` returns the validated row or raises pydantic's
        ``ValidationError`` listing every bad field; same rules as the generated ``--to pydantic``.
        """
        from workbench.emit.pydantic import validator

        self._require_valid()
        return validator(self.schema, model, kind)

    def lint(self, *, dialect: str | None = None, config: LintConfig | None = None) -> LintReport:
        """Best-practice lint: a ``LintReport`` (``.highlight()`` feeds ``erd``, ``.fixed_sources()`` applies fixes).

        ``config`` defaults to ``[tool.workbench.lint]`` / ``workbench-lint.toml`` found next to the schema.
        """
        from workbench.lint import find_config, lint

        return lint(self.schema, dialect=dialect, config=config or find_config(self.origin), sources=self.sources)

    def erd(self, **options: Any) -> Erd:
        """An ER diagram (an ``Erd``: SVG in Jupyter, ``.save(path)``, ``.mermaid()``, ``.dbml()``).

        Options (``workbench.render.ErdOptions``): ``view="model"|"database"``, ``dialect``,
        ``focus``/``depth``, ``include``/``exclude``, ``columns="all"|"keys"|"none"``, ``enums``,
        ``indexes``, ``defaults``, ``join_tables``, ``cluster``, ``direction="LR"|"TB"``,
        ``theme="light"|"dark"``, ``highlight``, ``legend``, ``title``.
        """
        from workbench.render import erd

        highlighter = getattr(options.get("highlight"), "highlight", None)
        if callable(highlighter):  # a LintReport: its findings
            options["highlight"] = highlighter()
        return erd(self.schema, database=self.database, origin=self.origin, **options)

    # --- display ---------------------------------------------------------------------------------
    def summary_rows(self) -> list[tuple[str, str, str, str, str]]:
        rows = []
        for m in self.schema.models:
            kind = "view" if m.is_view else "model"
            table = f"{m.schema}.{m.db_name}" if m.schema else m.db_name
            pk = ", ".join(m.primary_key.field_names) if m.primary_key else "-"
            rels = ", ".join(_relation_label(f) for f in m.relation_fields) or "-"
            rows.append((f"{kind} {m.name}", table, str(len(m.scalar_fields)), pk, rels))
        return rows

    def headline(self) -> str:
        s = self.summary()
        provider = s.provider or "no provider"
        parts = [_count(s.tables, "model"), _count(s.enums, "enum"), _count(s.relations, "relation")]
        if s.views:
            parts.insert(1, _count(s.views, "view"))
        problems = f"{_count(len(self.errors), 'error')}, {_count(len(self.warnings), 'warning')}"
        return f"{self.origin} ({provider}): {', '.join(parts)}; {problems}"

    def __repr__(self) -> str:
        lines = [self.headline()]
        rows = self.summary_rows()
        if rows:
            header = ("model", "table", "columns", "primary key", "relations")
            widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
            for r in [header, *rows]:
                lines.append("  " + "  ".join(c.ljust(w) for c, w in zip(r[:4], widths, strict=True)) + "  " + r[4])
        for e in self.schema.enums:
            lines.append(f"  enum {e.name}: {', '.join(v.name for v in e.values)}")
        if self.diagnostics:
            lines.append(self.report())
        return "\n".join(lines)

    def _html(self) -> str:
        head = f"<b>{html.escape(self.headline())}</b>"
        rows = self.summary_rows()
        left = " style='text-align:left'"
        header = ("model", "table", "columns", "primary key", "relations")
        table = (
            html_table(header, rows, header_attrs=(left,) * 5, cell_attrs=(left,) * 5, sections=True) if rows else ""
        )
        enums = "".join(
            f"<div><code>enum {html.escape(e.name)}</code>: {html.escape(', '.join(v.name for v in e.values))}</div>"
            for e in self.schema.enums
        )
        diags = render_html(self.diagnostics, self.sources) if self.diagnostics else ""
        return f"<div>{head}{table}{enums}{diags}</div>"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _relation_label(f: RelationField) -> str:
    return f"{f.name} -> {f.target}{'[]' if f.list else '?' if f.optional else ''}"


def unwrap(schema: LoadedSchema | Schema) -> tuple[Schema, Mapping[str, SourceFile]]:
    """The IR and the source files of what a user passed: features take the IR, never the wrapper,
    and the sources only where they locate a diagnostic or quote a line (``file:line``)."""
    if isinstance(schema, LoadedSchema):
        return schema.schema, schema.sources
    if isinstance(schema, Schema):
        return schema, {}
    raise TypeError(f"expected a loaded schema (wb.load(...)) or an IR Schema, not {type(schema).__name__}")
