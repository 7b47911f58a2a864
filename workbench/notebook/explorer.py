"""A schema explorer for large schemas: search the tables, pick one, see its neighbourhood.

A whole 200-table diagram is unreadable; the explorer shows one table at a time: its columns, keys,
indexes and relations, plus a diagram focused on it at a chosen depth. Used as the studio's
"Explorer" tab or on its own (``Explorer(wb.load(...)).widget``). Imports ipywidgets on creation.
"""

from __future__ import annotations

import html
import os
from typing import Any

from workbench.display import RichDisplay, html_table, widget_bundle
from workbench.notebook import studio_core as core


def explorer(source: Any) -> Explorer:
    """The explorer on its own: ``explorer("schema.prisma")`` or ``explorer(wb.load(...))``."""
    if isinstance(source, (str, os.PathLike)):
        from workbench.api import load

        source = load(source)
    return Explorer(source)


class Explorer(RichDisplay):
    def __init__(self, loaded: Any = None) -> None:
        import ipywidgets as w

        self.loaded = loaded
        # a fixed-width column of full-width controls beside a column that takes the rest: ipywidgets'
        # default text and slider widths (300px plus a 100px description) are wider than the list,
        # and in a flex row they overlapped it; labels go in placeholders, so nothing needs a margin
        full = {"width": "100%", "min_width": "0", "margin": "2px 0"}  # no side margin past 100%
        self.search = w.Text(placeholder="search tables", layout=w.Layout(**full))
        self.tables = w.Select(options=[], rows=12, layout=w.Layout(**full))
        self.depth = w.IntSlider(
            description="depth", value=1, min=0, max=4, style={"description_width": "3em"}, layout=w.Layout(**full)
        )
        self.details = w.HTML(layout=w.Layout(**full))
        self.details.add_class("wb-explorer-details")
        self.diagram = w.HTML(layout=w.Layout(**full))
        self.diagram.add_class("wb-explorer-diagram")
        left = w.VBox([self.search, self.tables, self.depth], layout=w.Layout(flex="0 0 240px", width="240px"))
        left.add_class("wb-explorer-nav")
        right = w.VBox([self.details, self.diagram], layout=w.Layout(flex="1 1 auto", min_width="0", overflow="auto"))
        self.widget = w.HBox([left, right], layout=w.Layout(width="100%", grid_gap="12px"))
        self.widget.add_class("wb-explorer")
        self.search.observe(lambda _c: self._filter(), names="value")
        self.tables.observe(lambda _c: self._show(), names="value")
        self.depth.observe(lambda _c: self._show(), names="value")
        self._filter()

    def _text(self) -> str:
        name = self.tables.value
        return f"Explorer: {len(self._names())} tables" + (f", showing {name}" if name else "")

    def _html(self) -> str:
        return str(self.details.value)

    def _rich(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        """The widget, plus the selected table's details as static HTML where widgets do not run."""
        return {**widget_bundle(self.widget, include, exclude), "text/html": self._html()}

    def set_schema(self, loaded: Any) -> None:
        self.loaded = loaded
        self._filter()

    def _names(self) -> list[str]:
        if self.loaded is None:
            return []
        return [m.name for m in self.loaded.schema.models]

    def matching(self, query: str) -> list[str]:
        """Case-insensitive substring match on model and table names, in schema order."""
        q = query.strip().lower()
        models = self.loaded.schema.models if self.loaded is not None else ()
        return [m.name for m in models if not q or q in m.name.lower() or q in m.db_name.lower()]

    def _filter(self) -> None:
        names = self.matching(self.search.value)
        current = self.tables.value
        self.tables.options = names
        self.tables.value = current if current in names else (names[0] if names else None)
        self._show()

    def select(self, name: str) -> None:
        self.search.value = ""
        self.tables.value = name

    def _show(self) -> None:
        name = self.tables.value
        if self.loaded is None or not name:
            self.details.value = "<i>No table selected.</i>"
            self.diagram.value = ""
            return
        self.details.value = table_html(self.loaded, name)
        try:
            self.diagram.value = core.diagram_svg(self.loaded, focus=name, depth=self.depth.value)
        except Exception as exc:
            self.diagram.value = f"<pre>{html.escape(str(exc))}</pre>"


def table_html(loaded: Any, name: str) -> str:
    """Columns, primary key, indexes and relations of one model, as HTML tables."""
    model = loaded.schema.model(name)
    if model is None:
        return f"<i>No model {html.escape(name)}.</i>"
    esc = html.escape
    cols = [
        [
            f.name,
            f"{f.type_name}{'[]' if f.list else ''}{'?' if f.optional else ''}",
            f.db_name,
            _default_text(f.default),
        ]
        for f in model.scalar_fields
    ]
    parts = [
        f"<h4>{esc(model.name)} <small>({esc(model.db_name)})</small></h4>",
        html_table(("field", "type", "column", "default"), cols, attrs=" class='wb-explorer-columns'"),
    ]
    if model.primary_key:
        parts.append(f"<div>primary key: <code>{esc(', '.join(model.primary_key.field_names))}</code></div>")
    if model.indexes:
        items = "".join(f"<li>{esc(str(i.kind))} ({esc(', '.join(i.field_names))})</li>" for i in model.indexes)
        parts.append(f"<div>indexes:<ul class='wb-explorer-indexes'>{items}</ul></div>")
    rels = []
    for f in model.relation_fields:
        shape = "[]" if f.list else ("?" if f.optional else "")
        via = f" via ({esc(', '.join(f.fields))})" if f.fields else ""
        rels.append(f"<li><code>{esc(f.name)}</code> -&gt; {esc(f.target)}{shape}{via}</li>")
    if rels:
        parts.append(f"<div>relations:<ul class='wb-explorer-relations'>{''.join(rels)}</ul></div>")
    return "<div>" + "".join(parts) + "</div>"


def _default_text(default: Any) -> str:
    if default is None:
        return ""
    kind = str(getattr(default.kind, "value", default.kind))
    if default.value is not None:
        return repr(default.value) if isinstance(default.value, str) else str(default.value)
    return f"{kind}({', '.join(default.args)})"
