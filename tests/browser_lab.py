"""JupyterLab headless + Debian's Chromium driven by Playwright: the machinery of the browser tests.

Used by ``tests/test_browser_studio.py`` and ``tests/test_browser_notebooks.py`` (which check) and
by ``tools/screenshots.py`` (which writes ``docs/screenshots/``). Notebooks always run from copies
in a temporary folder: the repository's notebooks are never touched. The system browser is used
(never ``playwright install``); JupyterLab's notebook windowing is switched off in the user
settings of the temporary Lab, so every cell is in the page and can be measured.
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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
    # notebooks run side by side in several tabs: a tab in the background must not be slowed down
    "--disable-background-timer-throttling",
    "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
]
WAIT_MS = 90_000
KERNEL_READY = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return !!k && k.connectionStatus === 'connected' && k.status === 'idle';
}"""

# run every cell without waiting; window.__wbRunDone is set when the last one has finished (or a
# cell failed and the run stopped)
START_RUN = """() => {
  window.__wbRunDone = false;
  const start = performance.now();
  const end = (outcome) => { window.__wbRunMs = performance.now() - start; window.__wbRunDone = outcome; };
  window.jupyterapp.commands.execute('notebook:run-all-cells').then(() => end('done'), (e) => end('failed: ' + e));
}"""

# what the notebook shows after the run: error outputs, cells that did not run, widgets that failed,
# and every diagram or widget whose right edge passes its output area's (the panel's content width)
CHECK = """() => {
  const nb = window.jupyterapp.shell.currentWidget.content;
  const panel = nb.node.getBoundingClientRect();
  const report = {errors: [], notRun: [], widgetErrors: [], overflows: [], cells: nb.widgets.length};
  nb.widgets.forEach((cell, i) => {
    if (cell.model.type !== 'code') return;
    const outputs = cell.model.outputs.toJSON();
    if (cell.model.executionCount === null && cell.model.sharedModel.getSource().trim()) report.notRun.push(i);
    for (const o of outputs) {
      if (o.output_type === 'error') report.errors.push({cell: i, ename: o.ename, evalue: o.evalue});
      if (o.output_type === 'stream' && o.name === 'stderr' && /Traceback|Error:/.test(String(o.text)))
        report.errors.push({cell: i, ename: 'stderr', evalue: String(o.text).slice(0, 500)});
    }
    const area = cell.node.querySelector('.jp-OutputArea');
    if (!area) return;
    const text = area.innerText || '';
    if (/Error displaying widget|Failed to load model class/.test(text)) report.widgetErrors.push(i);
    const box = area.getBoundingClientRect();
    const right = Math.min(box.right, panel.right);
    const seen = new Set();
    for (const el of area.querySelectorAll('svg, img, .jupyter-widgets.widget-box, .wb-studio, .wb-explorer')) {
      if (el.tagName.toLowerCase() === 'svg' && el.parentElement && el.parentElement.closest('svg')) continue;
      if (el.closest('.jp-OutputPrompt')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;  // a hidden tab
      if (r.right > right + 1 && !seen.has(el)) {
        seen.add(el);
        const cls = String(el.className.baseVal ?? el.className).slice(0, 80);
        report.overflows.push({cell: i, tag: el.tagName.toLowerCase(), cls, width: Math.round(r.width),
                               available: Math.round(right - box.left), over: Math.round(r.right - right)});
      }
    }
  });
  return report;
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def require_browser() -> None:
    """Fail in CI, skip elsewhere, when Chromium, Playwright or JupyterLab is missing."""
    from tests.needs import unavailable

    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} not found (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        unavailable("the playwright Python package is not installed (pip install -e '.[test]')")
    if shutil.which("jupyter", path=str(Path(sys.executable).parent)) is None:
        unavailable("jupyterlab is not installed in this environment")


def workspace(tmp: Path, notebooks: list[str] | None = None) -> Path:
    """A copy of what the notebooks read: ``notebooks/`` (all, or the named ones) with its data,
    and ``sample_schemas/``."""
    root = tmp / "lab"
    (root / "notebooks").mkdir(parents=True)
    names = notebooks if notebooks is not None else [p.name for p in sorted((ROOT / "notebooks").glob("*.ipynb"))]
    for name in names:
        shutil.copy(ROOT / "notebooks" / name, root / "notebooks" / name)
    shutil.copytree(ROOT / "notebooks" / "data", root / "notebooks" / "data")
    shutil.copytree(ROOT / "sample_schemas", root / "sample_schemas")
    return root


def lab_env(tmp: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Private Jupyter folders; no news pop-up; ``window.jupyterapp``; no notebook windowing."""
    env = dict(os.environ)
    for var in ("JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR", "JUPYTERLAB_SETTINGS_DIR"):
        d = tmp / var.lower()
        d.mkdir()
        env[var] = str(d)
    env["JUPYTERLAB_WORKSPACES_DIR"] = str(tmp / "workspaces")
    labconfig = tmp / "jupyter_config_dir" / "labconfig"
    labconfig.mkdir(parents=True)
    (labconfig / "page_config.json").write_text(
        json.dumps(
            {"exposeAppInBrowser": True, "disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}
        )
    )
    # every cell stays in the page (JupyterLab 4 otherwise detaches cells outside the viewport)
    tracker = tmp / "jupyterlab_settings_dir" / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)
    (tracker / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    env.update(extra or {})
    return env


def _start(root: Path, env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
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


@dataclass
class Lab:
    """A running JupyterLab and a Chromium page on it (``new_page`` for more, each with its own
    JupyterLab front end and workspace, so notebooks can run side by side)."""

    port: int
    root: Path
    page: Any  # playwright Page
    log: Path
    viewport: tuple[int, int]
    context: Any = None  # playwright BrowserContext
    timings: dict[str, float] = field(default_factory=dict)

    def url(self, path: str, workspace: str | None = None) -> str:
        where = f"workspaces/{workspace}/tree" if workspace else "tree"
        return f"http://127.0.0.1:{self.port}/lab/{where}/{path}"

    def new_page(self) -> Any:
        page = self.context.new_page()
        page.set_default_timeout(WAIT_MS)
        return page


@contextmanager
def running_lab(tmp: Path, root: Path, env: dict[str, str], viewport: tuple[int, int] = (1700, 1100)) -> Iterator[Lab]:
    """JupyterLab on ``root`` and a headless Chromium page; both stopped afterwards."""
    from playwright.sync_api import sync_playwright

    port = free_port()
    log = tmp / "jupyterlab.log"
    proc = _start(root, env, port, log)
    try:
        _wait_ready(proc, port, log)
        with sync_playwright() as pw:
            context = pw.chromium.launch_persistent_context(
                str(tmp / "chromium-profile"),
                executable_path=str(CHROMIUM),
                headless=True,
                args=CHROME_ARGS,
                viewport={"width": viewport[0], "height": viewport[1]},
            )
            try:
                page = context.pages[0] if context.pages else context.new_page()
                page.set_default_timeout(WAIT_MS)
                yield Lab(port, root, page, log, viewport, context)
            finally:
                context.close()
    finally:
        _stop(proc)


def open_notebook(lab: Lab, path: str, page: Any = None, workspace: str | None = None) -> None:
    """Open ``path`` (relative to the Lab's root) with its kernel connected and idle."""
    page = page or lab.page
    page.set_viewport_size({"width": lab.viewport[0], "height": lab.viewport[1]})  # a screenshot grew it
    if page.evaluate("() => !!window.jupyterapp && !!window.jupyterapp.shell") and workspace is None:
        # no reload of JupyterLab; the command's result (the widget) is not sent back
        page.evaluate("(p) => { window.jupyterapp.commands.execute('docmanager:open', {path: p}); return true; }", path)
    else:
        page.goto(lab.url(path, workspace), timeout=WAIT_MS)
    page.wait_for_function(
        "(p) => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;"
        " return !!w && w.context && w.context.path === p && !!document.querySelector('.jp-Notebook .jp-Cell'); }",
        arg=path,
        timeout=WAIT_MS,
    )
    # the kernel must be connected and idle, or "run all" clears the cells and runs nothing
    page.wait_for_function(KERNEL_READY, timeout=WAIT_MS)
    page.evaluate(
        "() => { if (!document.querySelector('#jp-left-stack.lm-mod-hidden, #jp-left-stack[aria-hidden=true]'))"
        " { const s = window.jupyterapp.shell; if (!s.leftCollapsed) s.collapseLeft(); } }"
    )


def start_run(page: Any) -> float:
    """Start running every cell of the page's notebook; the start time (``time.monotonic``)."""
    page.evaluate(START_RUN)
    return time.monotonic()


def wait_run(page: Any, started: float, timeout_s: float) -> float:
    """Wait for the run started at ``started``; the seconds it took (to its last cell, measured in
    the page). Waits for widgets to settle."""
    left = max(timeout_s - (time.monotonic() - started), 1)
    try:
        page.wait_for_function("() => window.__wbRunDone !== false", timeout=left * 1000, polling=500)
    except Exception as exc:
        raise AssertionError(f"the notebook did not finish within {timeout_s:.0f}s") from exc
    took = float(page.evaluate("() => window.__wbRunMs")) / 1000
    outcome = page.evaluate("() => window.__wbRunDone")
    if outcome != "done":
        raise AssertionError(f"running the notebook {outcome}")
    page.wait_for_function(KERNEL_READY, timeout=WAIT_MS)
    page.wait_for_timeout(1500)  # widget views render after their comm messages
    return took


def run_all(lab: Lab, timeout_s: float, page: Any = None) -> float:
    """Run every cell of the open notebook; the seconds it took."""
    page = page or lab.page
    return wait_run(page, start_run(page), timeout_s)


def check(lab: Lab, page: Any = None) -> dict[str, Any]:
    """Errors, cells that did not run, widget failures and overflowing diagrams/widgets."""
    result: dict[str, Any] = (page or lab.page).evaluate(CHECK)
    return result


# the open notebook's scrolling element (JupyterLab 4's windowed panel; the notebook node before it)
_SCROLLER = """() => { const nb = window.jupyterapp.shell.currentWidget.content;
  return nb.node.closest('.jp-WindowedPanel-outer') || nb.node.querySelector('.jp-WindowedPanel-outer') || nb.node; }"""


def screenshot(lab: Lab, path: Path, max_height: int = 3000, page: Any = None) -> None:
    """The notebook from its top, as tall as its cells (at most ``max_height`` CSS pixels), as a PNG."""
    page = page or lab.page
    handle = page.evaluate_handle(_SCROLLER)
    height = int(page.evaluate("(el) => el.scrollHeight", handle) or 0)
    chrome = int(page.evaluate("(el) => window.innerHeight - el.getBoundingClientRect().height", handle) or 0)
    width = page.viewport_size["width"] if page.viewport_size else 1280
    page.set_viewport_size({"width": width, "height": min(height, max_height) + max(chrome, 0)})
    page.wait_for_timeout(500)
    page.evaluate("(el) => el.scrollTo(0, 0)", handle)
    page.wait_for_timeout(200)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle.as_element().screenshot(path=str(path))


def close_notebook(lab: Lab, page: Any = None) -> None:
    """Shut the open notebook's kernel down and close it without saving."""
    (page or lab.page).evaluate(
        "async () => { const w = window.jupyterapp.shell.currentWidget;"
        " if (w && w.sessionContext) { await w.sessionContext.shutdown(); }"
        " if (w && w.context) { w.context.model.dirty = false; } if (w) { w.dispose(); } }"
    )
