#!/usr/bin/env python3
"""Screenshots of the course notebooks, as JupyterLab in Chromium shows them after running.

usage: PYTHONPATH=$PWD .venv/bin/python tools/screenshots.py [NAME.ipynb ...] [--out docs/screenshots]

Each notebook of ``notebooks/`` (or the named ones) runs from a copy in a temporary folder, in
JupyterLab headless driven by Playwright with Debian's Chromium, the way
``tests/test_browser_notebooks.py`` runs them (the machinery is ``tests/browser_lab.py``); then the
top of the notebook (up to 3000 CSS pixels) is saved as ``docs/screenshots/NN_name.png``. The
PostgreSQL parts run on ``$WORKBENCH_PG_URL``, or on a throwaway server started for the run
(``wb.postgres_url()``). The test only checks; this tool is what rewrites the committed pictures,
so run it after a change to what notebooks display, and look at the pictures before committing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import browser_lab as bl  # noqa: E402 (the repository root goes on the path first)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", help="notebook file names (default: every notebook)")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"), help="folder for the PNG files")
    parser.add_argument("--timeout", type=float, default=600, help="seconds one notebook may run")
    args = parser.parse_args(argv)

    names = args.notebooks or [p.name for p in sorted((ROOT / "notebooks").glob("*.ipynb"))]
    missing = [n for n in names if not (ROOT / "notebooks" / n).is_file()]
    if missing:
        print(f"error: no such notebook in notebooks/: {', '.join(missing)}", file=sys.stderr)
        return 2
    bl.require_browser()
    import workbench as wb

    out = Path(args.out)
    failed = 0
    with tempfile.TemporaryDirectory(prefix="wb-screenshots-") as tmp_name:
        tmp = Path(tmp_name)
        env = bl.lab_env(tmp, {"WORKBENCH_PG_URL": wb.postgres_url()})
        with bl.running_lab(tmp, bl.workspace(tmp, names), env, viewport=(1280, 1000)) as lab:
            for name in names:
                start = time.monotonic()
                bl.open_notebook(lab, f"notebooks/{name}")
                try:
                    bl.run_all(lab, args.timeout)
                    report = bl.check(lab)
                    target = out / f"{Path(name).stem}.png"
                    bl.screenshot(lab, target)
                finally:
                    bl.close_notebook(lab)
                problems = {k: report[k] for k in ("errors", "notRun", "widgetErrors", "overflows") if report[k]}
                failed += bool(problems)
                note = f"  PROBLEMS: {problems}" if problems else ""
                print(f"{name}: {time.monotonic() - start:.1f}s -> {target}{note}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
