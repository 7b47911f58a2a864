"""Run the real ``workbench`` command as a user would: a subprocess of this interpreter.

One helper for every test that checks what the command line prints and returns, so the way the
process is started (interpreter, environment, capture, a timeout that turns a hang into a
failure) is the same everywhere.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def workbench(
    *args: str, cwd: Path = ROOT, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """``workbench ARGS...`` in ``cwd`` with ``env`` added to this environment; output as text."""
    return subprocess.run(
        [sys.executable, "-m", "workbench", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        check=False,
    )
