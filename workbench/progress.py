"""Progress bars for work that can outlast a couple of seconds: seeding, sweeps, advisor trials, rehearsals.

One module decides, for every feature, whether a bar shows and where it goes, so the rules hold
everywhere:

- ``progress=None`` (the default): a bar only when the work has already lasted :data:`DELAY`
  seconds (tqdm's ``delay=``), and only where someone watches: in Jupyter (an HTML bar) or
  on a terminal (stderr is a TTY). Piped output and CI logs stay byte-identical.
- ``progress=True``: a bar from the start, on stderr even when it is not a terminal (the CLI's
  ``--progress``). ``progress=False``: never (``--no-progress``).

A bar never outlives its work (``leave=False``): the result the work returns says how it went.

In Jupyter the bar must not make a notebook's saved outputs depend on timing, because nbval
compares them character for character. It is an HTML display (a ``<progress>`` element and
tqdm's counts) that starts as an empty bundle and is then updated in place (``display_id``):
nbval compares only the first message of a display, never its updates, and when the work ends
the display is emptied again, so a notebook executed and saved holds an empty output where a bar
was. A run under nbval compares nothing of it, bar or no bar. (tqdm's ipywidgets bar would not
do: its display carries a ``text/plain`` snapshot of the bar, and nbclient saves every widget
model a kernel ever opened, closed or not, into the notebook's metadata under random ids.)

``WORKBENCH_PROGRESS_DELAY`` (seconds) overrides :data:`DELAY`, for tests and impatient users.
This module imports nothing of workbench: every layer may use it.
"""

from __future__ import annotations

import os
import sys
from types import TracebackType
from typing import Any, TextIO

DELAY = 2.0  # seconds of work before a bar appears (progress=None)


class Bar:
    """What a feature holds while it works: ``update(n)``, ``note(text)``, ``close()``; a no-op when
    no bar shows, so callers never test for one."""

    def update(self, n: int = 1) -> None:
        """``n`` more units done."""

    def note(self, text: str) -> None:
        """What is being done now (shown after the counts)."""

    def close(self) -> None:
        """Remove the bar (idempotent)."""

    def __enter__(self) -> Bar:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


class _Tqdm(Bar):
    def __init__(self, bar: Any) -> None:
        self._bar = bar

    def update(self, n: int = 1) -> None:
        self._bar.update(n)

    def note(self, text: str) -> None:
        self._bar.set_postfix_str(text, refresh=False)

    def close(self) -> None:
        self._bar.close()


def bar(total: int | None, desc: str, unit: str = "it", *, progress: bool | None = None) -> Bar:
    """A progress bar for ``total`` units of work (``None``: unknown), labelled ``desc``; see the module
    docstring for when it shows. Use it as a context manager, or call ``close()``."""
    if progress is False:
        return Bar()
    notebook = in_notebook()
    if progress is None and not notebook and not _isatty(sys.stderr):
        return Bar()
    delay = 0.0 if progress else _delay()
    scaled = total is None or total >= 10_000  # 1.2M rows; but 3/5 trials, not 3.00/5.00
    options: dict[str, Any] = dict(
        total=total, desc=desc, unit=unit, unit_scale=scaled, delay=delay, leave=False, mininterval=0.5
    )
    if notebook:
        return _Tqdm(_notebook_class()(**options))
    from tqdm.std import tqdm

    return _Tqdm(tqdm(file=sys.stderr, dynamic_ncols=True, **options))


def _delay() -> float:
    text = os.environ.get("WORKBENCH_PROGRESS_DELAY", "")
    try:
        return max(0.0, float(text)) if text else DELAY
    except ValueError:
        return DELAY


def _isatty(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False


def in_notebook() -> bool:
    """True inside a Jupyter kernel (where ipykernel's shell runs), False in a terminal IPython or a script."""
    shell = sys.modules.get("IPython")
    if shell is None:
        return False
    try:
        ip = shell.get_ipython()
    except Exception:
        return False
    return ip is not None and type(ip).__name__ == "ZMQInteractiveShell"


def _notebook_class() -> type[Any]:
    """tqdm drives the timing (delay, refresh interval, rate); the bar is an HTML display updated in place."""
    import html

    from IPython.display import display
    from tqdm.std import tqdm

    class NotebookBar(tqdm):  # type: ignore[type-arg]  # generic only in the stubs: not subscriptable at run time
        _handle: Any = None

        def __init__(self, **options: Any) -> None:
            super().__init__(gui=True, **options)  # gui: tqdm prints nothing itself, it calls display()

        def display(self, msg: str | None = None, pos: int | None = None) -> None:
            d = self.format_dict
            d["bar_format"] = "{desc}: {n_fmt}/{total_fmt} {unit} [{elapsed}<{remaining}, {rate_fmt}{postfix}]"
            text = self.format_meter(**d)
            done = f' value="{self.n}" max="{self.total}"' if self.total else ""
            shown = f'<progress{done} style="width: 40%"></progress> <code>{html.escape(text)}</code>'
            if self._handle is None:  # empty first: nbval compares this message, never the updates
                self._handle = display({}, raw=True, display_id=True)  # type: ignore[no-untyped-call]
            self._handle.update({"text/html": shown, "text/plain": text}, raw=True)

        def close(self) -> None:
            if self.disable:
                return
            super().close()
            if self._handle is not None:
                self._handle.update({}, raw=True)
                self._handle = None

    return NotebookBar
