"""The studio in a real browser: JupyterLab headless + Debian's Chromium driven by Playwright.

Opens a copy of ``notebooks/00_tour.ipynb`` (the repo's notebook is never touched; the machinery is
``tests/browser_lab.py``), runs all cells, types a new field into the studio's editor and checks
that the highlighted mirror, the diagram and the generated SQL follow, that the diagram fits its
pane, and that the Explorer tab's search box, table list and details do not overlap. The
screenshot lands in the test's tmp folder (a CI artefact); with ``WORKBENCH_UPDATE_SCREENSHOT=1``
it also replaces ``docs/studio.png``.

Needs ``/usr/bin/chromium`` (apt) and the ``playwright`` Python package (never ``playwright
install``: the system browser is used). In CI a missing piece fails; elsewhere the test skips.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from tests.browser_lab import ROOT, WAIT_MS, lab_env, open_notebook, require_browser, run_all, running_lab, workspace

NEW_FIELD = "  subtitle    String?\n"
# the generated SQL, the diagram and the highlighted mirror all show the typed field
UPDATED = """() => {
  const c = document.querySelector('.wb-studio .wb-studio-code pre');
  const d = document.querySelector('.wb-studio .wb-studio-diagram');
  const m = document.querySelector('.wb-studio .wb-studio-mirror');
  return !!c && !!d && !!m && c.innerText.includes('"subtitle" TEXT') && d.innerHTML.includes('subtitle')
    && m.innerText.includes('subtitle');
}"""
# bounding boxes of the explorer's parts (the tab must be showing)
EXPLORER_BOXES = """() => {
  const ex = document.querySelector('.wb-studio .wb-explorer');
  const box = (sel) => { const e = ex.querySelector(sel); if (!e) return null;
    const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  const own = ex.getBoundingClientRect();
  return {explorer: {left: own.left, right: own.right, top: own.top, bottom: own.bottom},
          search: box('.wb-explorer-nav input'), list: box('.wb-explorer-nav select'),
          details: box('.wb-explorer-details'), diagram: box('.wb-explorer-diagram svg')};
}"""


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["left"] < b["right"] - 1
        and b["left"] < a["right"] - 1
        and a["top"] < b["bottom"] - 1
        and b["top"] < a["bottom"] - 1
    )


def _inside(inner: dict[str, float], outer: dict[str, float]) -> bool:
    return inner["left"] >= outer["left"] - 1 and inner["right"] <= outer["right"] + 1


def test_studio_follows_typing_in_jupyterlab(tmp_path: Path) -> None:
    require_browser()
    original = (ROOT / "notebooks" / "00_tour.ipynb").read_bytes()
    root = workspace(tmp_path, ["00_tour.ipynb"])
    shot = tmp_path / "studio.png"
    with running_lab(tmp_path, root, lab_env(tmp_path)) as lab:
        page = lab.page
        open_notebook(lab, "notebooks/00_tour.ipynb")
        run_all(lab, 240)
        editor = page.locator(".wb-studio .wb-studio-editor textarea")
        editor.wait_for(state="visible", timeout=WAIT_MS)
        page.wait_for_function(
            "() => document.querySelector('.wb-studio .wb-studio-diagram svg')"
            " && document.querySelector('.wb-studio .wb-studio-code pre')"
            " && document.querySelector('.wb-studio .wb-studio-mirror .wb-hl-keyword')",
            timeout=WAIT_MS,
        )
        code = page.locator(".wb-studio .wb-studio-code pre").first
        diagram = page.locator(".wb-studio .wb-studio-diagram").first
        assert 'CREATE TABLE "Post"' in code.inner_text()
        assert "subtitle" not in code.inner_text() and "subtitle" not in diagram.inner_html()
        mirror = page.locator(".wb-studio .wb-studio-mirror").first
        assert mirror.locator(".wb-hl-ln").count() == editor.input_value().count("\n") + 1  # a number per line

        # put the cursor on the line after `model Post {` and type a field, as a user would
        editor.click()
        page.evaluate(
            "() => { const t = document.querySelector('.wb-studio .wb-studio-editor textarea');"
            " const at = t.value.indexOf('model Post {') + 'model Post {\\n'.length;"
            " t.setSelectionRange(at, at); }"
        )
        page.keyboard.type(NEW_FIELD, delay=15)
        page.wait_for_function(UPDATED, timeout=WAIT_MS)
        assert '"subtitle" TEXT' in code.inner_text()
        assert "subtitle" in diagram.inner_html()
        assert "0 errors" in page.locator(".wb-studio .wb-studio-status").first.inner_text()
        typed = mirror.locator(".wb-hl-line", has_text="subtitle").first
        assert typed.locator(".wb-hl-type").inner_text() == "String"  # the field type is coloured

        # the diagram scales to its pane: never wider than it
        pane: Any = diagram.bounding_box()
        svg: Any = diagram.locator("svg").first.bounding_box()
        assert pane and svg and svg["x"] + svg["width"] <= pane["x"] + pane["width"] + 1, (svg, pane)

        studio = page.locator(".wb-studio").first
        studio.scroll_into_view_if_needed()
        studio.screenshot(path=str(shot))

        # the Explorer tab: search box, table list and details side by side, none over another
        page.locator(".wb-studio .lm-TabBar-tab", has_text="Explorer").first.click()
        page.wait_for_function(
            "() => { const e = document.querySelector('.wb-studio .wb-explorer-details');"
            " return !!e && e.getBoundingClientRect().width > 0; }",
            timeout=WAIT_MS,
        )
        boxes = page.evaluate(EXPLORER_BOXES)
        for part in ("search", "list", "details", "diagram"):
            assert boxes[part] is not None, f"explorer {part} not found: {boxes}"
            assert _inside(boxes[part], boxes["explorer"]), f"{part} outside the explorer: {boxes}"
        assert not _overlap(boxes["search"], boxes["list"]), boxes
        for nav in ("search", "list"):
            for main in ("details", "diagram"):
                assert not _overlap(boxes[nav], boxes[main]), (nav, main, boxes)
        page.locator(".wb-studio").first.screenshot(path=str(tmp_path / "explorer.png"))
    assert shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")
    if os.environ.get("WORKBENCH_UPDATE_SCREENSHOT") == "1":
        shutil.copy(shot, ROOT / "docs" / "studio.png")
    assert (ROOT / "notebooks" / "00_tour.ipynb").read_bytes() == original, "the repo's notebook was modified"
