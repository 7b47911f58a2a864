"""The studio's widget-free half: one editor text in, everything the tabs show out.

Kept apart from :mod:`workbench.notebook.studio` so it never imports ipywidgets: the static
snapshot (nbconvert, nbval, a terminal) and the tests of the computations run without a front end,
and the widget layer stays a thin skin that only moves strings into widgets.
"""

from __future__ import annotations

import html
import os
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.diagnostics import Diagnostic, Severity, render_html, render_text
from workbench.diagnostics.results import HasDiagnostics
from workbench.dialects import registry
from workbench.display import fit_svg
from workbench.emit.registry import TARGETS as EMIT_TARGETS

if TYPE_CHECKING:
    from workbench.api.schema import LoadedSchema
    from workbench.lint import LintReport

# Code targets of the "generated code" tab, in menu order: SQL per dialect, then the emit registry's.
SQL_TARGETS = tuple(f"sql:{name}" for name in registry.names(lowers=True))
CODE_TARGETS = (*SQL_TARGETS, *EMIT_TARGETS)

_BLOCK_RE = re.compile(r"^\s*(model|view|enum|type)\s+(\w+)\s*\{", re.MULTILINE)


@dataclass
class Snapshot(HasDiagnostics[Diagnostic]):
    """What the studio shows for one version of the editor text.

    ``loaded`` always holds the load (with its diagnostics); ``ok`` is False when it has
    errors, in which case the diagram and code come from ``last_good`` (the last valid version).
    """

    text: str
    loaded: LoadedSchema
    lint: LintReport | None = None
    diagnostics: tuple[Diagnostic, ...] = ()
    highlight: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:  # errors / warnings: HasDiagnostics, over ``diagnostics``
        return self.loaded is not None and not self.loaded.errors


def analyse(text: str, name: str) -> Snapshot:
    """Load ``text`` as the Prisma file ``name``; lint it when it is valid; collect the highlights."""
    return complete(load_snapshot(text, name))


def load_snapshot(text: str, name: str) -> Snapshot:
    """The first half of :func:`analyse`: the load and its diagnostics, no lint yet.

    Split off so the studio can show the diagnostics (what the user waits for after a keystroke)
    before it spends time on lint and the diagram; :func:`complete` does the rest.
    """
    from workbench.api import load

    loaded = load(text=text, name=name)
    return Snapshot(text=text, loaded=loaded, diagnostics=tuple(loaded.diagnostics))


def complete(snap: Snapshot) -> Snapshot:
    """The second half of :func:`analyse`: lint a valid load and collect the highlights (in place)."""
    if not snap.loaded.errors:
        try:
            snap.lint = snap.loaded.lint()
        except Exception:  # a lint rule crashing must not take the editor down
            snap.lint = None
    snap.highlight = highlights(snap)
    return snap


def block_at(text: str, line: int) -> str | None:
    """The name of the ``model``/``view``/``enum`` block that contains 1-based ``line``, if any.

    Diagnostics carry spans, not model names; the diagram highlights by name, so a diagnostic is
    attributed to the block its first line falls in.
    """
    best = None
    for m in _BLOCK_RE.finditer(text):
        start_line = text.count("\n", 0, m.start()) + 1
        if start_line > line:
            break
        end = text.find("\n}", m.end())
        end_line = text.count("\n", 0, end) + 2 if end >= 0 else 10**9
        if line <= end_line:
            best = m.group(2)
    return best


def highlights(snap: Snapshot) -> dict[str, list[str]]:
    """``{"errors": [...], "warnings": [...], "lint ...": [...]}`` for ``erd(highlight=...)``."""
    groups: dict[str, list[str]] = {}
    for d in snap.diagnostics:
        if d.span is None:
            continue
        block = block_at(snap.text, d.span.line)
        if block is None:
            continue
        label = "errors" if d.severity is Severity.ERROR else "warnings"
        names = groups.setdefault(label, [])
        if block not in names:
            names.append(block)
    if snap.lint is not None:
        for label, items in snap.lint.highlight().items():
            if items:
                groups[label] = list(items)
    return {k: v for k, v in groups.items() if v}


_RANK = {"error": 0, "warning": 1, "info": 2}


def line_marks(snap: Snapshot) -> dict[int, str]:
    """1-based line -> the worst severity of the diagnostics and lint findings on it (for the
    highlighted mirror of the editor)."""
    marks: dict[int, str] = {}
    found = [(d.span.line, d.severity.value) for d in snap.diagnostics if d.span is not None]
    if snap.lint is not None:
        found += [(f.line, f.severity.value) for f in snap.lint.findings if f.line]
    for line, sev in found:
        if line not in marks or _RANK.get(sev, 2) < _RANK.get(marks[line], 2):
            marks[line] = sev
    return marks


def changes_html(base: Snapshot | None, current: Snapshot | None) -> str:
    """The "Changes" tab: the migration from the schema as the studio opened it to the last valid
    text (operations, rename candidates, hazards, up and down SQL), or why there is none."""
    if base is None:
        return "<i>The schema did not load when the studio opened: no version to compare with.</i>"
    if current is None:
        return "<i>No valid version of the schema yet: see the diagnostics.</i>"
    from workbench.api.diffing import diff

    d = diff(base.loaded, current.loaded)
    if d.empty:
        return "<i>No changes since the studio opened.</i>"
    return str(d._repr_mimebundle_().get("text/html", html.escape(repr(d))))


def diagram_svg(
    loaded: LoadedSchema,
    *,
    focus: str | None = None,
    depth: int = 1,
    view: str = "model",
    highlight: dict[str, list[str]] | None = None,
) -> str:
    """The ER diagram as SVG text scaled to its pane (:func:`fit_svg`); unknown highlight names (a
    model just deleted) are ignored."""
    options: dict[str, Any] = {"view": view}
    if focus:
        options["focus"] = (focus,)
        options["depth"] = depth
    if highlight:
        known = {m.name for m in loaded.schema.models} | {e.name for e in loaded.schema.enums}
        kept = {k: [n for n in v if n.split(".")[0] in known] for k, v in highlight.items()}
        kept = {k: v for k, v in kept.items() if v}
        if kept:
            options["highlight"] = kept
    return rendered_svg(loaded.erd(**options))


# Rendered diagrams by (renderer, DOT text): the DOT text is everything graphviz sees, so equal
# texts give equal pictures. Edits that change nothing the diagram shows (a comment, a lint-only
# change, undoing a typo, a control set back) then cost the DOT text (~20 ms on 100 models)
# instead of a graphviz run (~100-250 ms). Bounded by entries: a 100-model SVG is ~0.5 MB.
SVG_CACHE_SIZE = 24
_svg_cache: OrderedDict[tuple[str, str], str] = OrderedDict()
_svg_lock = threading.Lock()


def rendered_svg(erd: Any) -> str:
    """``fit_svg(erd.svg())``, from :data:`_svg_cache` when the same DOT text was drawn before by the
    same renderer. Failures are not cached (each attempt raises anew)."""
    from workbench.render.graphviz_run import dot_binary, renderer

    key = (dot_binary() or renderer() or "", str(erd.source))
    with _svg_lock:
        hit = _svg_cache.get(key)
        if hit is not None:
            _svg_cache.move_to_end(key)
            return hit
    svg = fit_svg(str(erd.svg()))
    with _svg_lock:
        _svg_cache[key] = svg
        while len(_svg_cache) > SVG_CACHE_SIZE:
            _svg_cache.popitem(last=False)
    return svg


def clear_svg_cache() -> None:
    """Forget every cached diagram (tests; a changed graphviz install)."""
    with _svg_lock:
        _svg_cache.clear()


def code_files(loaded: Any, target: str) -> dict[str, str]:
    """Generated files for a target of :data:`CODE_TARGETS`, path -> text."""
    if target.startswith("sql:"):
        dialect = target.split(":", 1)[1]
        return {f"schema.{dialect}.sql": str(loaded.to_sql(dialect))}
    files = loaded.export(target)
    return {p: files[p] for p in files.paths}


def code_html(files: dict[str, str]) -> str:
    parts = []
    for path, content in files.items():
        parts.append(
            f"<div class='wb-code-file'><b>{html.escape(path)}</b>"
            f"<pre style='max-height:480px;overflow:auto'>{html.escape(content)}</pre></div>"
        )
    return "".join(parts)


def fix_button(fix: Any) -> tuple[str, str, str] | None:
    """(description, button style, tooltip) of a lint finding's "apply fix" button, by the fix's
    applicability: an unsafe fix says so (it changes the database or the client API); a display-only
    fix gets no button (it is a suggestion for a person, never applied by a tool)."""
    applicability = str(getattr(fix, "applicability", "unsafe"))
    what = str(getattr(fix, "description", ""))
    if applicability == "safe":
        return "apply fix", "", f"safe fix: {what}"
    if applicability == "unsafe":
        return "apply unsafe fix", "warning", f"unsafe fix (changes the database or the client API): {what}"
    return None


def diagnostic_label(d: Diagnostic) -> str:
    where = f"{d.span.line}:{d.span.col}" if d.span else "-"
    return f"{where} {d.severity.value} {d.code}: {d.message}"


def diagnostic_detail(d: Diagnostic, sources: dict[str, Any]) -> str:
    """The diagnostic rendered like a compiler (source line + underline): the line it points at."""
    return render_text((d,), sources)


def diagnostics_html(snap: Snapshot) -> str:
    if not snap.diagnostics:
        return "<div class='wb-diagnostics'>No diagnostics.</div>"
    return f"<div class='wb-diagnostics'>{render_html(snap.diagnostics, snap.loaded.sources)}</div>"


def status_text(snap: Snapshot) -> str:
    loaded = snap.loaded
    head = loaded.headline()
    if snap.ok:
        return head
    return f"{head} (showing the last valid diagram and code)"


def static_html(snap: Snapshot, svg: str | None) -> str:
    """The studio as plain HTML: summary, diagnostics, diagram (no widgets needed)."""
    body = [f"<div><b>{html.escape(status_text(snap))}</b></div>", diagnostics_html(snap)]
    if svg:
        body.append(f"<div class='wb-erd'>{svg}</div>")
    return "<div class='wb-studio-static'>" + "".join(body) + "</div>"


def static_text(snap: Snapshot) -> str:
    lines = [f"Studio: {status_text(snap)}"]
    if snap.diagnostics:
        lines.append(render_text(snap.diagnostics, snap.loaded.sources))
    if snap.lint is not None and len(snap.lint):
        lines.append(snap.lint.summary())
    lines.append("(open in JupyterLab with ipywidgets for the interactive editor)")
    return "\n".join(lines)


def backup_path(path: Path) -> Path:
    """``schema.prisma.bak``: the previous version on disk (one deterministic name, no timestamps)."""
    return path.with_name(path.name + ".bak")


def save_source(path: str | os.PathLike[str], text: str) -> Path | None:
    """Write ``text`` to ``path`` atomically, first copying the current file to ``<path>.bak``.

    Returns the backup's path, or None when there was nothing to back up (new file, or unchanged).
    """
    from workbench.fsio import write_atomic

    target = Path(path)
    backup = None
    if target.exists():
        old = target.read_text(encoding="utf-8")
        if old == text:
            return None
        backup = write_atomic(backup_path(target), old)
    write_atomic(target, text)
    return backup


def export_files(files: dict[str, str], folder: str | os.PathLike[str]) -> list[Path]:
    from workbench.fsio import write_atomic

    root = Path(folder)
    return [write_atomic(root / p, content) for p, content in sorted(files.items())]
