"""The studio in a real browser: JupyterLab headless + Debian's Chromium driven by Playwright.

Opens a copy of ``notebooks/00_tour.ipynb`` (the repo's notebook is never touched), runs all
cells, types a new field into the studio's editor and checks that the diagram and the generated
SQL follow. The screenshot lands in the test's tmp folder (a CI artefact); with
``WORKBENCH_UPDATE_SCREENSHOT=1`` it also replaces ``docs/studio.png``.

Needs ``/usr/bin/chromium`` (apt) and the ``playwright`` Python package (never ``playwright
install``: the system browser is used). In CI a missing piece fails; elsewhere the test skips.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.needs import unavailable

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("WORKBENCH_CHROMIUM", "/usr/bin/chromium"))
CHROME_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
NEW_FIELD = "  subtitle    String?\n"
WAIT_MS = 90_000
KERNEL_READY = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return !!k && k.connectionStatus === 'connected' && k.status === 'idle';
}"""
# the generated SQL and the diagram both show the typed field
UPDATED = """() => {
  const c = document.querySelector('.wb-studio .wb-studio-code pre');
  const d = document.querySelector('.wb-studio .wb-studio-diagram');
  return !!c && !!d && c.innerText.includes('"subtitle" TEXT') && d.innerHTML.includes('subtitle');
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _workspace(tmp: Path) -> Path:
    """A copy of what the tour reads: notebooks/00_tour.ipynb, notebooks/data, sample_schemas/blog.prisma."""
    root = tmp / "lab"
    (root / "notebooks").mkdir(parents=True)
    (root / "sample_schemas").mkdir()
    shutil.copy(ROOT / "notebooks" / "00_tour.ipynb", root / "notebooks" / "00_tour.ipynb")
    shutil.copytree(ROOT / "notebooks" / "data", root / "notebooks" / "data")
    shutil.copy(ROOT / "sample_schemas" / "blog.prisma", root / "sample_schemas" / "blog.prisma")
    return root


def _lab_env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    for var in ("JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR", "JUPYTERLAB_SETTINGS_DIR"):
        d = tmp / var.lower()
        d.mkdir()
        env[var] = str(d)
    env["JUPYTERLAB_WORKSPACES_DIR"] = str(tmp / "workspaces")
    # no news pop-up over the page; window.jupyterapp lets the test run commands directly
    labconfig = tmp / "jupyter_config_dir" / "labconfig"
    labconfig.mkdir(parents=True)
    (labconfig / "page_config.json").write_text(
        json.dumps(
            {"exposeAppInBrowser": True, "disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}
        )
    )
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    return env


def _start_lab(root: Path, env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    cmd = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--allow-root",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--port-retries=0",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.token=",
        "--ServerApp.password=",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    out = log.open("wb")
    return subprocess.Popen(cmd, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def _wait_ready(proc: subprocess.Popen[bytes], port: int, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"JupyterLab exited ({proc.returncode}):\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"JupyterLab not ready after {timeout}s:\n{log.read_text()[-3000:]}")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop the server and the kernels it started (its own process group)."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            with_group = True
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                with_group = False
            if with_group:
                proc.wait(timeout=10)


def test_studio_follows_typing_in_jupyterlab(tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} not found (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright Python package is not installed (pip install -e '.[test]')")
    if shutil.which("jupyter", path=str(Path(sys.executable).parent)) is None:
        unavailable("jupyterlab is not installed in this environment")

    original = (ROOT / "notebooks" / "00_tour.ipynb").read_bytes()
    root = _workspace(tmp_path)
    port = _free_port()
    log = tmp_path / "jupyterlab.log"
    proc = _start_lab(root, _lab_env(tmp_path), port, log)
    shot = tmp_path / "studio.png"
    try:
        _wait_ready(proc, port, log)
        with sync_playwright() as pw:
            context = pw.chromium.launch_persistent_context(
                str(tmp_path / "chromium-profile"),
                executable_path=str(CHROMIUM),
                headless=True,
                args=CHROME_ARGS,
                viewport={"width": 1700, "height": 1100},
            )
            try:
                page = context.pages[0] if context.pages else context.new_page()
                page.set_default_timeout(WAIT_MS)
                page.goto(f"http://127.0.0.1:{port}/lab/tree/notebooks/00_tour.ipynb", timeout=WAIT_MS)
                page.wait_for_function(
                    "() => window.jupyterapp && document.querySelector('.jp-Notebook .jp-Cell')", timeout=WAIT_MS
                )
                # the kernel must be connected and idle, or "run all" clears the cells and runs nothing
                page.wait_for_function(KERNEL_READY, timeout=WAIT_MS)
                page.evaluate("() => { window.jupyterapp.commands.execute('application:toggle-left-area'); }")
                page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")

                editor = page.locator(".wb-studio .wb-studio-editor textarea")
                editor.wait_for(state="visible", timeout=WAIT_MS)
                page.wait_for_function(
                    "() => document.querySelector('.wb-studio .wb-studio-diagram svg')"
                    " && document.querySelector('.wb-studio .wb-studio-code pre')",
                    timeout=WAIT_MS,
                )
                code = page.locator(".wb-studio .wb-studio-code pre").first
                diagram = page.locator(".wb-studio .wb-studio-diagram").first
                assert 'CREATE TABLE "Post"' in code.inner_text()
                assert "subtitle" not in code.inner_text() and "subtitle" not in diagram.inner_html()

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

                studio = page.locator(".wb-studio").first
                studio.scroll_into_view_if_needed()
                studio.screenshot(path=str(shot))
            finally:
                context.close()
    finally:
        _stop(proc)
    assert shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")
    if os.environ.get("WORKBENCH_UPDATE_SCREENSHOT") == "1":
        shutil.copy(shot, ROOT / "docs" / "studio.png")
    assert (ROOT / "notebooks" / "00_tour.ipynb").read_bytes() == original, "the repo's notebook was modified"
