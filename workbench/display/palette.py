"""Severity colours, one palette for every display: diagnostics, lint reports, diagrams, the studio.

A colour that means "error" must mean it everywhere: before this module each display picked its
own, and diagram legends coloured highlight groups by position, so lint errors came out amber in
one notebook and warnings amber in another. Severities are named by their text value
(``"error"``, ``"warning"``, ``"info"``; ``"hint"`` is shown as info) so this module stays at the
bottom of the layers and imports nothing of workbench.
"""

from __future__ import annotations

import re

# text colours, readable on white and on JupyterLab's light and dark themes
TEXT = {"error": "#c0392b", "warning": "#b9770e", "info": "#2e86c1"}
OK = "#1e8449"  # "0 errors", a safe fix
MUTED = "#555555"

# (fill, stroke) for diagram highlights of a severity, per diagram theme
HIGHLIGHT = {
    "light": {"error": ("#ffcdd2", "#cf222e"), "warning": ("#ffe08a", "#bf8700"), "info": ("#cfe4fa", "#0969da")},
    "dark": {"error": ("#6e1b22", "#ff7b72"), "warning": ("#6c5314", "#e3b341"), "info": ("#12325a", "#58a6ff")},
}

_ALIASES = {
    "error": "error",
    "errors": "error",
    "warning": "warning",
    "warnings": "warning",
    "info": "info",
    "infos": "info",
    "hint": "info",
    "hints": "info",
}


def severity(name: str) -> str:
    """The palette key of a severity name (``"hint"`` -> ``"info"``); unknown names -> ``"info"``."""
    return _ALIASES.get(name.lower(), "info")


def text_colour(name: str) -> str:
    """The text colour of severity ``name``."""
    return TEXT[severity(name)]


def severity_of_label(label: str) -> str | None:
    """The severity a highlight group's label names (``"lint errors"`` -> ``"error"``), else ``None``.

    Labels are matched on whole words, so a user's group called ``"terrors"`` keeps its position
    colour.
    """
    found = {_ALIASES[w] for w in re.findall(r"[a-z]+", label.lower()) if w in _ALIASES}
    return found.pop() if len(found) == 1 else None


def severity_highlight(label: str, theme: str) -> tuple[str, str] | None:
    """(fill, stroke) for a highlight group whose label names a severity; ``None`` otherwise."""
    sev = severity_of_label(label)
    if sev is None:
        return None
    return HIGHLIGHT.get(theme, HIGHLIGHT["light"])[sev]
