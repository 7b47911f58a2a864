"""Every notebook in a real browser: JupyterLab headless + Debian's Chromium driven by Playwright.

Each notebook of ``notebooks/`` is opened from a copy (``tests/browser_lab.py``), all its cells
run, and the page is checked: no error output, every cell ran, no widget failed to display, and no
diagram or widget is wider than its panel (bounding boxes against the cell's output area). The
Lab server has ``WORKBENCH_PG_URL`` from the ``pg_server_url`` fixture, so the PostgreSQL parts run.

The heavy notebooks (seeding, profiling, migrations: minutes each) start at once, each in its own
browser tab and kernel, and run while the light ones go through one after the other in the first
tab: the whole module takes about as long as the slowest notebook instead of the sum.

A screenshot of each notebook lands in the test's tmp folder (a CI artefact); the committed ones in
``docs/screenshots/`` are written only by ``tools/screenshots.py``, never by this test.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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
    start_run,
    wait_run,
    workspace,
)

NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
HEAVY = [n for n in NOTEBOOKS if n.split("_", 1)[0] in {"06", "07", "08"}]
LIGHT_BUDGET_S = 180  # one light notebook's whole run
HEAVY_BUDGET_S = 540  # a heavy one, from its start, sharing the machine with the others


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory, pg_server_url: str) -> Iterator[Lab]:
    require_browser()
    tmp = tmp_path_factory.mktemp("notebooks-lab")
    root = workspace(tmp)
    with running_lab(tmp, root, lab_env(tmp, {"WORKBENCH_PG_URL": pg_server_url}), viewport=(1280, 1000)) as lab:
        yield lab
    print(f"notebook run times (s): {json.dumps(lab.timings, indent=1)}")


@pytest.fixture(scope="module")
def heavy_runs(lab: Lab) -> dict[str, tuple[Any, float]]:
    """The heavy notebooks, each running in its own tab: name -> (page, start time)."""
    runs = {}
    for i, name in enumerate(HEAVY):
        page = lab.new_page()
        open_notebook(lab, f"notebooks/{name}", page=page, workspace=f"heavy{i}")
        runs[name] = (page, start_run(page))
    return runs


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_clean_and_fits_its_panel(
    lab: Lab, heavy_runs: dict[str, tuple[Any, float]], name: str, tmp_path: Path
) -> None:
    original = (ROOT / "notebooks" / name).read_bytes()
    page, started = heavy_runs.get(name, (lab.page, 0.0))
    if name not in heavy_runs:
        open_notebook(lab, f"notebooks/{name}")
    shot = tmp_path / f"{Path(name).stem}.png"
    try:
        if name in heavy_runs:
            lab.timings[name] = round(wait_run(page, started, HEAVY_BUDGET_S), 1)
        else:
            lab.timings[name] = round(run_all(lab, LIGHT_BUDGET_S), 1)
        report = check(lab, page)
        screenshot(lab, shot, page=page)
    finally:
        close_notebook(lab, page)
        if page is not lab.page:
            page.close()
    print(f"{name}: {lab.timings[name]}s, screenshot {shot}")
    assert report["errors"] == [], f"{name}: error output: {report['errors']}"
    assert report["notRun"] == [], f"{name}: cells that did not run: {report['notRun']}"
    assert report["widgetErrors"] == [], f"{name}: widgets that failed to display in cells {report['widgetErrors']}"
    assert report["overflows"] == [], f"{name}: wider than the panel: {report['overflows']}"
    assert shot.stat().st_size > 10_000
    assert (ROOT / "notebooks" / name).read_bytes() == original, "the repo's notebook was modified"
