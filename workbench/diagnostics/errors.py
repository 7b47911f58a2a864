"""Exceptions: only for broken invariants, or when the caller asked for strictness."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from workbench.diagnostics.diagnostic import Diagnostic, render_text
from workbench.diagnostics.source import SourceFile


class WorkbenchError(Exception):
    """An internal invariant was broken, or an operation cannot proceed."""


class UserError(WorkbenchError):
    """A problem in the user's input or environment, explained in full by the message.

    IPython shows exceptions that define ``_render_traceback_`` with that text instead of a
    traceback: a notebook user sees the located diagnostics, not our call stack.
    """

    def _render_traceback_(self) -> list[str]:
        return [f"{type(self).__name__}: {self}"]


class LoadError(UserError):
    """Raised by ``strict=True`` loads: carries every diagnostic, rendered in the message."""

    def __init__(self, diagnostics: Sequence[Diagnostic], sources: Mapping[str, SourceFile] | None = None):
        self.diagnostics = tuple(diagnostics)
        super().__init__(render_text(self.diagnostics, sources))
