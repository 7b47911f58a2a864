"""How the studio updates after an edit (issue 18 item 5): diagnostics first, diagrams reused when
the picture did not change, the final state the same as a studio opened on the text from scratch.

The graphviz runs are counted with a real wrapper around the real ``dot`` (``WORKBENCH_DOT``),
not a mock: it appends a line to a log and hands over to ``dot``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import workbench as wb
from tests.needs import unavailable
from workbench.notebook import studio_core as core
from workbench.notebook.studio import Studio, studio

BLOG = Path(__file__).resolve().parent.parent / "sample_schemas" / "blog.prisma"
TYPO = ("  title       String\n", "  title       Strin\n")
NEW_FIELD = ("  viewCount   Int", "  subtitle    String?\n  viewCount   Int")
COMMENT = ("model Post {\n", "model Post {\n  // what the blog publishes\n")


@pytest.fixture
def dot_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A ``dot`` that logs each run, as the studio's renderer; the diagram cache starts empty."""
    real = shutil.which("dot")
    if real is None:
        unavailable("graphviz `dot` is not installed (apt-get install graphviz)")
    log = tmp_path / "dot-runs.log"
    wrapper = tmp_path / "dot"
    wrapper.write_text(f'#!/bin/sh\necho run >> "{log}"\nexec "{real}" "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    monkeypatch.setenv("WORKBENCH_DOT", str(wrapper))
    core.clear_svg_cache()
    return log


def _runs(log: Path) -> int:
    return len(log.read_text(encoding="utf-8").splitlines()) if log.exists() else 0


def _studio(text: str) -> Studio:
    return studio(wb.load(text=text, name="blog.prisma"), debounce=0)


def test_comment_only_edit_runs_no_graphviz(dot_log: Path) -> None:
    st = _studio(BLOG.read_text(encoding="utf-8"))
    assert _runs(dot_log) >= 1  # the first picture was drawn by the wrapper
    before, diagram, explorer = _runs(dot_log), st.diagram.value, st.explorer.diagram.value
    st.set_source(st.source.replace(*COMMENT))
    assert "what the blog publishes" in st.mirror.value  # the edit was applied
    assert _runs(dot_log) == before
    assert st.diagram.value == diagram and st.explorer.diagram.value == explorer
    st.set_source(st.source.replace(*NEW_FIELD))  # a real change draws again
    assert _runs(dot_log) > before and "subtitle" in st.diagram.value


def test_undoing_a_typo_reuses_the_picture_drawn_before_it(dot_log: Path) -> None:
    st = _studio(BLOG.read_text(encoding="utf-8"))
    original, good = st.source, st.diagram.value
    st.set_source(original.replace(*TYPO))  # the last valid diagram, Post marked broken: drawn
    runs = _runs(dot_log)
    st.set_source(original)
    assert _runs(dot_log) == runs and st.diagram.value == good


def test_every_edit_ends_as_a_studio_opened_on_the_text(dot_log: Path) -> None:
    """Whatever was reused along the way, the tabs after each edit equal a fresh studio's (cache
    emptied first, so its diagram is drawn by graphviz)."""
    st = _studio(BLOG.read_text(encoding="utf-8"))
    original = st.source
    edits = [
        original.replace(*NEW_FIELD),
        original.replace(*NEW_FIELD).replace(*TYPO),
        original.replace(*NEW_FIELD),
        original.replace(*NEW_FIELD).replace("Category", "Topic"),
        original.replace(*NEW_FIELD).replace("Category", "Topic").replace(*COMMENT),
        original,
    ]
    for text in edits:
        st.set_source(text)
        core.clear_svg_cache()
        if st.snapshot.ok:
            fresh = _studio(text)
            assert st.diagram.value == fresh.diagram.value
            assert st.mirror.value == fresh.mirror.value
            assert st.code.value == fresh.code.value
            assert st.status.value == fresh.status.value
            assert st.explorer.diagram.value == fresh.explorer.diagram.value
            assert [b.description for _, b in st.fix_buttons] == [b.description for _, b in fresh.fix_buttons]
            assert [c.value for c in _labels(st)] == [c.value for c in _labels(fresh)]
        else:  # an error: the last valid picture with the broken model marked, drawn anew
            assert st.snapshot.highlight == {"errors": ["Post"]}
            svg = core.diagram_svg(st.good.loaded, highlight=st.snapshot.highlight) if st.good else ""
            assert st.diagram.value == f"<div style='overflow:auto'>{svg}</div>"


def _labels(st: Studio) -> list[object]:
    return [row.children[0] if hasattr(row, "children") else row for row in st.lint_box.children]


def test_diagnostics_are_shown_before_the_diagram(dot_log: Path) -> None:
    st = _studio(BLOG.read_text(encoding="utf-8"))
    shown: list[str] = []
    st.status.observe(lambda _c: shown.append("status"), names="value")
    st.diagnostic_list.observe(lambda _c: shown.append("diagnostics"), names="options")
    st.lint_box.observe(lambda _c: shown.append("lint"), names="children")
    st.diagram.observe(lambda _c: shown.append("diagram"), names="value")
    st.code.observe(lambda _c: shown.append("code"), names="value")
    st.set_source(st.source.replace(*TYPO))
    assert shown == ["status", "diagnostics", "diagram", "lint"]  # code: the last valid version, unchanged
    shown.clear()
    st.set_source(st.source.replace(*TYPO[::-1]))
    assert shown == ["status", "diagnostics", "diagram", "lint"]  # code: back to the same text
    assert set(st.timings) == {"start", "diagnostics", "diagram", "done"}
    t = st.timings
    assert t["start"] <= t["diagnostics"] <= t["diagram"] <= t["done"]


def test_edits_reuse_the_lint_rows_widgets(dot_log: Path) -> None:
    """Each edit refills the same widgets: none are created once the pool is big enough."""
    from ipywidgets.widgets.widget import _instances

    st = _studio(BLOG.read_text(encoding="utf-8"))
    original = st.source
    st.set_source(original.replace(*NEW_FIELD))
    st.set_source(original)
    count = len(_instances)
    for _ in range(3):
        st.set_source(original.replace(*NEW_FIELD))
        st.set_source(original.replace(*TYPO))
        st.set_source(original)
    assert len(_instances) == count


def test_a_pooled_fix_button_applies_the_finding_it_shows_now(dot_log: Path) -> None:
    st = _studio(BLOG.read_text(encoding="utf-8"))
    no_updated_at = st.source.replace("  updatedAt DateTime  @updatedAt\n", "  updatedAt DateTime\n", 1)
    st.set_source(no_updated_at)
    ((_finding, button),) = [(f, b) for f, b in st.fix_buttons if f.code == "WB202"]
    button.click()
    assert "WB202" in st.message.value
    assert st.source.count("@updatedAt") == no_updated_at.count("@updatedAt") + 1
    assert "WB202" not in [f.code for f, _ in st.fix_buttons]


def test_svg_cache_is_bounded(dot_log: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(core, "SVG_CACHE_SIZE", 2)
    loaded = wb.load(BLOG)
    pictures = [core.diagram_svg(loaded, focus=name, depth=0) for name in ("User", "Post", "Tag")]
    assert len(core._svg_cache) == 2 and _runs(dot_log) == 3
    assert core.diagram_svg(loaded, focus="Tag", depth=0) == pictures[2] and _runs(dot_log) == 3  # kept
    assert core.diagram_svg(loaded, focus="User", depth=0) == pictures[0] and _runs(dot_log) == 4  # evicted
