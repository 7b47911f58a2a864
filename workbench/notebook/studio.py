"""``studio(source)``: the interactive design session, an ipywidgets layout.

A schema editor (the Prisma source in a text area) and tabs that follow it: ER diagram, diagnostics,
lint findings with one-click fixes, generated code, a data tab (DuckDB + seed + query profile) and a
schema explorer. Edits re-parse after a short pause (a debounce timer); :meth:`Studio.set_source`
applies a text synchronously, which is what tests and scripts use.

An invalid edit never blanks the workspace: the diagram and the code stay at the last valid version
and the diagnostics tab shows what is wrong. Where no widget front end runs (nbconvert, nbval, a
terminal) the object displays as a static snapshot: ``text/plain`` and ``text/html`` with the
summary, the diagnostics and the diagram.

ipywidgets is imported here only, and only when a studio is built.
"""

from __future__ import annotations

import contextlib
import html
import os
import threading
import time
from pathlib import Path
from typing import Any

from workbench.display import RichDisplay, palette, widget_bundle
from workbench.notebook import studio_core as core
from workbench.notebook.highlight import prisma_html


def studio(source: Any, *, debounce: float = 0.6, rows: int = 100) -> Studio:
    """Open the studio on a ``.prisma`` path or a loaded schema (``wb.load(...)``)."""
    return Studio(source, debounce=debounce, rows=rows)


class Studio(RichDisplay):
    """The widgets and their state. Attributes are public so tests can drive them like a user."""

    def __init__(self, source: Any, *, debounce: float = 0.6, rows: int = 100) -> None:
        import ipywidgets as w

        self.path, text, self.name = _resolve(source)
        self.debounce = debounce
        self._timer: threading.Timer | None = None
        self._lock = threading.RLock()
        self._syncing = False
        self.snapshot: core.Snapshot = core.analyse(text, self.name)
        self.good: core.Snapshot | None = self.snapshot if self.snapshot.ok else None
        self.base = self.good  # what the "Changes" tab diffs against: the schema as it was opened
        self.db: Any = None

        # --- editor + status ---------------------------------------------------------------------
        self.editor = w.Textarea(value=text, continuous_update=True, layout=w.Layout(width="100%", height="300px"))
        self.editor.add_class("wb-studio-editor")
        # the same text with line numbers and Prisma colours, diagnostic lines tinted: no maintained
        # ipywidgets code editor works with JupyterLab 4, so the textarea keeps the typing
        self.mirror = w.HTML(layout=w.Layout(width="100%", max_height="420px", overflow="auto", min_width="0"))
        self.mirror.add_class("wb-studio-mirror")
        self.status = w.HTML()
        self.status.add_class("wb-studio-status")
        self.save_button = w.Button(description="Save", icon="save", tooltip="write back (previous version -> .bak)")
        self.save_button.disabled = self.path is None
        self.message = w.HTML()

        # --- diagram tab -------------------------------------------------------------------------
        self.focus = w.Dropdown(description="focus", options=[("(all)", "")], value="")
        self.depth = w.IntSlider(description="depth", value=1, min=0, max=5)
        self.view = w.ToggleButtons(options=["model", "database"], value="model")
        self.diagram = w.HTML()
        self.diagram.add_class("wb-studio-diagram")
        diagram_tab = w.VBox([w.HBox([self.focus, self.depth, self.view]), self.diagram])

        # --- diagnostics tab ---------------------------------------------------------------------
        self.diagnostic_list = w.Select(options=[], rows=8, layout=w.Layout(width="100%"))
        self.diagnostic_detail = w.HTML()
        diagnostics_tab = w.VBox([self.diagnostic_list, self.diagnostic_detail])

        # --- lint tab ----------------------------------------------------------------------------
        self.lint_box = w.VBox()
        self.fix_buttons: list[Any] = []  # (finding, button) for the findings with a fix, in order
        self._lint_head = w.HTML()
        self._lint_labels: list[Any] = []  # pools of the lint rows' widgets (see _render_lint)
        self._fix_button_pool: list[Any] = []
        self._fix_rows: list[Any] = []

        # --- code tab ----------------------------------------------------------------------------
        self.target = w.Dropdown(description="target", options=list(core.CODE_TARGETS), value="sql:postgres")
        self.export_folder = w.Text(description="folder", value=str(_default_export(self.path)))
        self.export_button = w.Button(description="Export", icon="download")
        self.code = w.HTML()
        self.code.add_class("wb-studio-code")
        code_tab = w.VBox([w.HBox([self.target, self.export_folder, self.export_button]), self.code])

        # --- data tab ----------------------------------------------------------------------------
        self.rows = w.IntSlider(description="rows", value=rows, min=0, max=10_000, step=10)
        self.build_button = w.Button(description="Build + seed", icon="database")
        self._auto_query = _default_query(self.snapshot)
        self.query = w.Textarea(value=self._auto_query, layout=w.Layout(width="100%", height="80px"))
        self.run_button = w.Button(description="Run + profile", icon="play")
        self.data_out = w.HTML()
        data_tab = w.VBox([w.HBox([self.rows, self.build_button]), self.query, self.run_button, self.data_out])

        # --- changes tab -------------------------------------------------------------------------
        self.changes = w.HTML()
        self.changes.add_class("wb-studio-changes")

        # --- explorer tab ------------------------------------------------------------------------
        from workbench.notebook.explorer import Explorer

        self.explorer = Explorer(self.snapshot.loaded if self.snapshot.ok else None)

        self.tabs = w.Tab(
            children=[
                diagram_tab,
                diagnostics_tab,
                self.lint_box,
                code_tab,
                data_tab,
                self.changes,
                self.explorer.widget,
            ]
        )
        for i, title in enumerate(("Diagram", "Diagnostics", "Lint", "Code", "Data", "Changes", "Explorer")):
            self.tabs.set_title(i, title)
        left = w.VBox(
            [self.editor, self.mirror, w.HBox([self.save_button]), self.message],
            layout=w.Layout(width="40%", min_width="0"),
        )
        right = w.VBox([self.status, self.tabs], layout=w.Layout(width="60%", min_width="0"))
        self.widget = w.VBox([w.HBox([left, right])])
        self.widget.add_class("wb-studio")

        self.editor.observe(self._on_edit, names="value")
        for control in (self.focus, self.depth, self.view):
            control.observe(lambda _change: self._on_diagram_control(), names="value")
        self.target.observe(lambda _change: self._render_code(), names="value")
        self.diagnostic_list.observe(self._on_select_diagnostic, names="value")
        self.save_button.on_click(lambda _b: self.save())
        self.export_button.on_click(lambda _b: self.export())
        self.build_button.on_click(lambda _b: self.build())
        self.run_button.on_click(lambda _b: self.run_query())
        self._holding_diagram = False
        # the last valid version the code, changes and explorer tabs show (a fresh object: none yet)
        self._rest_of: object = object()
        self.timings: dict[str, float] = {}
        self._refresh()

    # --- editing ---------------------------------------------------------------------------------
    @property
    def source(self) -> str:
        return self.snapshot.text

    def set_source(self, text: str) -> None:
        """Replace the editor text and update every tab now (no debounce)."""
        self._cancel_timer()
        with self._lock:
            self._syncing = True
            try:
                self.editor.value = text
            finally:
                self._syncing = False
            self._apply(text)

    def _on_edit(self, change: dict[str, Any]) -> None:
        if self._syncing:
            return
        if self.debounce <= 0:
            self._apply(change["new"])
            return
        self._cancel_timer()
        self._timer = threading.Timer(self.debounce, self._apply_latest)
        self._timer.daemon = True
        self._timer.start()

    def _apply_latest(self) -> None:
        with contextlib.suppress(Exception):
            self._apply(self.editor.value)

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _apply(self, text: str) -> None:
        """Bring every tab up to ``text``, in the order the user looks at them.

        The diagnostics come first (they need only the load), then lint, the mirror and the
        diagram, then the tabs that are not in view while typing (lint, code, changes, explorer).
        Everything runs before this returns, so the state after an edit never depends on timing
        (a debounced edit runs this on the timer's thread; ipywidgets sends each update as it is
        made, which is what lets the front end show the diagnostics before the diagram is drawn).
        ``timings`` records when each part was done (``time.perf_counter`` values).
        """
        with self._lock:
            if text == self.snapshot.text:
                return
            start = time.perf_counter()
            self.snapshot = core.load_snapshot(text, self.name)
            self._refresh_diagnostics()
            diagnostics = time.perf_counter()
            core.complete(self.snapshot)
            if self.snapshot.ok:
                self.good = self.snapshot
            self._refresh_diagram()
            diagram = time.perf_counter()
            self._refresh_rest()
            self.timings = {"start": start, "diagnostics": diagnostics, "diagram": diagram, "done": time.perf_counter()}

    # --- rendering -------------------------------------------------------------------------------
    def _refresh(self) -> None:
        self._refresh_diagnostics()
        self._refresh_diagram()
        self._refresh_rest()

    def _refresh_diagnostics(self) -> None:
        """The status line and the diagnostics tab: what the load alone decides."""
        self.status.value = _status_html(self.snapshot)
        self._render_diagnostics()

    def _refresh_diagram(self) -> None:
        """The mirror (its tints include lint findings), the focus menu and the diagram."""
        snap = self.snapshot
        self.mirror.value = prisma_html(snap.text, core.line_marks(snap))
        self._holding_diagram = True  # the menu's observer would draw a diagram we draw just below
        try:
            if self.good is not None:
                names = [m.name for m in self.good.loaded.schema.models]
                options = [("(all)", ""), *((n, n) for n in names)]
                if list(self.focus.options) != options:
                    current = self.focus.value if self.focus.value in names else ""
                    self.focus.options = options
                    self.focus.value = current
        finally:
            self._holding_diagram = False
        self._render_diagram()

    def _refresh_rest(self) -> None:
        """Lint, code, changes and explorer. Code, changes and explorer follow the last valid
        version only, so an edit that leaves it as it was (an error typed) does not redo them."""
        self._render_lint()
        if self._rest_of is not self.good:
            self._rest_of = self.good
            self._render_code()
            self._render_changes()
            if self.good is not None:
                self.explorer.set_schema(self.good.loaded)

    def _on_diagram_control(self) -> None:
        if not self._holding_diagram:
            self._render_diagram()

    def _render_changes(self) -> None:
        try:
            self.changes.value = core.changes_html(self.base, self.good)
        except Exception as exc:  # shown in the tab, never raised into the event loop
            self.changes.value = f"<pre>{html.escape(type(exc).__name__)}: {html.escape(str(exc))}</pre>"

    def _render_diagram(self) -> None:
        if self.good is None:
            self.diagram.value = "<i>No valid version of the schema yet: see the diagnostics.</i>"
            return
        try:
            svg = core.diagram_svg(
                self.good.loaded,
                focus=self.focus.value or None,
                depth=self.depth.value,
                view=self.view.value,
                highlight=self.snapshot.highlight,
            )
        except Exception as exc:  # a renderer failure is shown, not raised into the event loop
            self.diagram.value = f"<pre>{html.escape(str(exc))}</pre>"
            return
        self.diagram.value = f"<div style='overflow:auto'>{svg}</div>"

    def _render_diagnostics(self) -> None:
        diags = self.snapshot.diagnostics
        self.diagnostic_list.options = [(core.diagnostic_label(d), i) for i, d in enumerate(diags)]
        if diags:
            self.diagnostic_list.value = 0
            self._show_diagnostic(0)
        else:
            self.diagnostic_detail.value = "No diagnostics."

    def _on_select_diagnostic(self, change: dict[str, Any]) -> None:
        if change["new"] is not None:
            self._show_diagnostic(change["new"])

    def _show_diagnostic(self, index: int) -> None:
        """A Textarea has no cursor API: show the located source line instead of jumping to it."""
        diags = self.snapshot.diagnostics
        if 0 <= index < len(diags):
            text = core.diagnostic_detail(diags[index], self.snapshot.loaded.sources)
            self.diagnostic_detail.value = f"<pre>{html.escape(text)}</pre>"

    def _render_lint(self) -> None:
        """One row per finding: a label, and an "apply fix" button where the fix can be applied.

        The rows' widgets are pooled and refilled on every edit rather than made anew: a
        100-model schema has hundreds of findings, and creating ~1,300 widgets per keystroke took
        about half a second (and leaked them, as ipywidgets keeps every widget it opened).
        Setting a trait to the value it already has sends nothing to the front end.
        """
        lint = self.snapshot.lint
        self.fix_buttons = []
        if lint is None:
            note = "fix the errors first" if not self.snapshot.ok else "lint unavailable"
            self._lint_head.value = f"<i>No lint run: {note}.</i>"
            self.lint_box.children = [self._lint_head]
            return
        self._lint_head.value = f"<b>{html.escape(lint.summary())}</b>"
        rows: list[Any] = [self._lint_head]
        for i, finding in enumerate(lint.findings):
            where = f"line {finding.line}: " if finding.line else ""
            label = self._pooled(self._lint_labels, i, self._new_lint_label)
            label.value = (
                f"<code>{html.escape(finding.code)}</code> "
                f"<span style='color:{palette.text_colour(finding.severity.value)};font-weight:bold'>"
                f"{html.escape(finding.severity.value)}</span> "
                f"{html.escape(where)}{html.escape(finding.message)}"
            )
            spec = core.fix_button(finding.fix) if finding.fix is not None else None
            if spec is None:
                rows.append(label)
                continue
            k = len(self.fix_buttons)
            button = self._pooled(self._fix_button_pool, k, lambda k=k: self._new_fix_button(k))
            button.description, button.button_style, button.tooltip = spec
            self.fix_buttons.append((finding, button))
            row = self._pooled(self._fix_rows, k, self._new_fix_row)
            if row.children != (label, button):
                row.children = (label, button)
            rows.append(row)
        if tuple(self.lint_box.children) != tuple(rows):
            self.lint_box.children = rows

    @staticmethod
    def _pooled(pool: list[Any], index: int, make: Any) -> Any:
        while len(pool) <= index:
            pool.append(make())
        return pool[index]

    def _new_lint_label(self) -> Any:
        import ipywidgets as w

        return w.HTML(layout=w.Layout(width="80%"))

    def _new_fix_button(self, k: int) -> Any:
        """The k-th fix button: a click applies the fix of the finding it currently shows."""
        import ipywidgets as w

        button = w.Button(icon="wrench")
        button.on_click(lambda _b: self._click_fix(k))
        return button

    def _click_fix(self, k: int) -> None:
        if k < len(self.fix_buttons):  # a pooled button not shown now has no finding
            self.apply_fix(self.fix_buttons[k][0])

    def _new_fix_row(self) -> Any:
        import ipywidgets as w

        return w.HBox()

    def _render_code(self) -> None:
        if self.good is None:
            self.code.value = "<i>No valid version of the schema yet.</i>"
            return
        try:
            self.code.value = core.code_html(core.code_files(self.good.loaded, self.target.value))
        except Exception as exc:
            self.code.value = f"<pre>{html.escape(type(exc).__name__)}: {html.escape(str(exc))}</pre>"

    # --- actions ---------------------------------------------------------------------------------
    def apply_fix(self, finding: Any) -> None:
        from workbench.lint.report import apply_fixes

        self.set_source(apply_fixes(self.source, [finding], file=self.name))
        self.message.value = f"applied fix for {html.escape(finding.code)}"

    def save(self) -> Path | None:
        """Write the editor text back to the schema file; the previous version goes to ``<file>.bak``."""
        if self.path is None:
            self.message.value = "nothing to save to: the studio was opened on text, not a file"
            return None
        backup = core.save_source(self.path, self.editor.value)
        note = f" (previous version: {backup.name})" if backup else ""
        self.message.value = html.escape(f"saved {self.path}{note}")
        return backup

    def export(self, folder: str | os.PathLike[str] | None = None) -> list[Path]:
        """Write the generated files of the selected target (last valid version) to ``folder``."""
        if self.good is None:
            self.message.value = "cannot export: no valid version of the schema"
            return []
        target_dir = Path(folder) if folder is not None else Path(self.export_folder.value)
        written = core.export_files(core.code_files(self.good.loaded, self.target.value), target_dir)
        self.message.value = html.escape(f"exported {len(written)} file(s) to {target_dir}")
        return written

    def build(self) -> Any:
        """A fresh in-memory DuckDB with the schema's tables, seeded with ``rows`` rows per table."""
        from workbench.api import connect, seed

        if self.good is None:
            self.data_out.value = "<i>No valid schema to build.</i>"
            return None
        if self.db is not None:
            with contextlib.suppress(Exception):
                self.db.close()
        if self.query.value == self._auto_query:  # not edited by hand: follow renamed tables
            self._auto_query = self.query.value = _default_query(self.good)
        self.db = connect()
        try:
            self.db.apply(self.good.loaded)
            report = seed(self.good.loaded, self.db, rows=self.rows.value)
        except Exception as exc:
            self.data_out.value = f"<pre>{html.escape(type(exc).__name__)}: {html.escape(str(exc))}</pre>"
            return None
        self.data_out.value = _html_of(report)
        return report

    def run_query(self) -> Any:
        """Run the query box against the built database and show its rows and profile."""
        if self.db is None and self.build() is None:
            return None
        try:
            result = self.db.sql(self.query.value)
            profile = self.db.profile(self.query.value, runs=3, warmup=1)
        except Exception as exc:
            self.data_out.value = f"<pre>{html.escape(type(exc).__name__)}: {html.escape(str(exc))}</pre>"
            return None
        self.data_out.value = _html_of(result) + _html_of(profile)
        return profile

    # --- display ---------------------------------------------------------------------------------
    def _static_svg(self) -> str | None:
        if self.good is None:
            return None
        with contextlib.suppress(Exception):
            return core.diagram_svg(self.good.loaded, highlight=self.snapshot.highlight)
        return None

    def __repr__(self) -> str:
        return core.static_text(self.snapshot)

    def _html(self) -> str:
        return core.static_html(self.snapshot, self._static_svg())

    def _rich(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        """The live widget, plus a static page (status, diagram, diagnostics) where widgets do not run."""
        return {**widget_bundle(self.widget, include, exclude), "text/html": self._html()}


def _resolve(source: Any) -> tuple[Path | None, str, str]:
    """(file to save to, editor text, name used in diagnostics) for a path or a LoadedSchema."""
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        return path, path.read_text(encoding="utf-8"), str(source)
    from workbench.api.schema import LoadedSchema

    if isinstance(source, LoadedSchema):
        if len(source.sources) == 1:
            name, src = next(iter(source.sources.items()))
            path = Path(name)
            return (path if path.is_file() else None), src.text, name
        return None, source.to_prisma(), "schema.prisma"  # several files or an introspected schema: one text
    raise TypeError(f"studio() needs a .prisma path or a loaded schema, not {type(source).__name__}")


def _default_export(path: Path | None) -> Path:
    return (path.parent if path else Path(".")) / "generated"


def _default_query(snap: core.Snapshot) -> str:
    models = snap.loaded.schema.models if snap.loaded is not None else ()
    if not models:
        return "SELECT 1"
    return f'SELECT count(*) AS n FROM "{models[0].db_name}"'


def _status_html(snap: core.Snapshot) -> str:
    color = palette.OK if snap.ok else palette.TEXT["error"]
    return f"<div style='color:{color}'><b>{html.escape(core.status_text(snap))}</b></div>"


def _html_of(obj: Any) -> str:
    bundle = obj._repr_mimebundle_() if hasattr(obj, "_repr_mimebundle_") else {}
    if "text/html" in bundle:
        return str(bundle["text/html"])
    return f"<pre>{html.escape(str(bundle.get('text/plain', repr(obj))))}</pre>"
