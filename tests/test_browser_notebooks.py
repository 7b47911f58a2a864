"""Every notebook in a real browser: JupyterLab headless + Debian's Chromium driven by Playwright.

Each notebook of ``notebooks/`` is opened from a copy (``tests/browser_lab.py``), all its cells
run, and the page is checked: no error output, every cell ran, no widget failed to display, and no
diagram or widget is wider than its panel (bounding boxes against the cell's output area). The
Lab server has ``WORKBENCH_PG_URL`` from the ``pg_server_url`` fixture, so the PostgreSQL parts run.
A screenshot of each notebook lands in the test's tmp folder (a CI artefact); the committed ones in
``docs/screenshots/`` are written only by ``tools/screenshots.py``, never by this test.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser_lab import (
    ROOT,
    Lab,
    check,
    close_notebook,
    lab_env,
    open_notebook,
    require_browser,
    run_all,
    running_lab,
    screenshot,
    workspace,
)

NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
CELL_BUDGET_S = 300  # one notebook's whole run; the heaviest (06-08) take well under it


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory, pg_server_url: str) -> Iterator[Lab]:
    require_browser()
    tmp = tmp_path_factory.mktemp("notebooks-lab")
    root = workspace(tmp)
    with running_lab(tmp, root, lab_env(tmp, {"WORKBENCH_PG_URL": pg_server_url}), viewport=(1280, 1000)) as lab:
        yield lab
    timings = json.dumps(lab.timings, indent=1)
    print(f"notebook run times (s): {timings}")


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_clean_and_fits_its_panel(lab: Lab, name: str, tmp_path: Path) -> None:
    original = (ROOT / "notebooks" / name).read_bytes()
    open_notebook(lab, f"notebooks/{name}")
    try:
        lab.timings[name] = round(run_all(lab, CELL_BUDGET_S), 1)
        report = check(lab)
        shot = tmp_path / f"{Path(name).stem}.png"
        screenshot(lab, shot)
    finally:
        close_notebook(lab)
    print(f"{name}: {lab.timings[name]}s, screenshot {shot}")
    assert report["errors"] == [], f"{name}: error output: {report['errors']}"
    assert report["notRun"] == [], f"{name}: cells that did not run: {report['notRun']}"
    assert report["widgetErrors"] == [], f"{name}: widgets that failed to display in cells {report['widgetErrors']}"
    assert report["overflows"] == [], f"{name}: wider than the panel: {report['overflows']}"
    assert shot.stat().st_size > 10_000
    assert (ROOT / "notebooks" / name).read_bytes() == original, "the repo's notebook was modified"
