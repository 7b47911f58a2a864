"""Colour themes for diagrams (light for docs and paper, dark for dark notebook front ends).

Highlight colours come in (fill, stroke) pairs chosen to stay distinguishable from each other
and from the header colours in both themes; group *n* of a highlight mapping uses pair *n*
(cycling when there are more groups than pairs), except a group named for a severity, which
takes the severity's colour (``workbench/display/palette.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.display.palette import severity_highlight


@dataclass(frozen=True, slots=True)
class Theme:
    name: str
    background: str
    text: str
    muted: str
    border: str
    body: str
    header: str
    header_text: str
    view_header: str
    join_header: str
    enum_header: str
    key: str  # PK/FK/UK markers
    edge: str
    cluster_fill: str
    cluster_border: str
    highlights: tuple[tuple[str, str], ...]  # (fill, stroke)

    def highlight(self, n: int, label: str | None = None) -> tuple[str, str]:
        """(fill, stroke) of highlight group ``n``; a group whose label names a severity
        (``"lint errors"``, ``"warnings"``) gets that severity's colour from the one palette, so
        errors are red and warnings amber whatever their position."""
        fixed = severity_highlight(label, self.name) if label is not None else None
        return fixed if fixed is not None else self.highlights[n % len(self.highlights)]

    def group(self, groups: tuple[str, ...], n: int) -> tuple[str, str]:
        """(fill, stroke) of group ``n`` of a diagram's ``highlight_groups`` (its label decides)."""
        return self.highlight(n, groups[n] if n < len(groups) else None)


LIGHT = Theme(
    name="light",
    background="#ffffff",
    text="#1f2328",
    muted="#6e7781",
    border="#8c959f",
    body="#ffffff",
    header="#dbe9f8",
    header_text="#0b2a4a",
    view_header="#dcf2e3",
    join_header="#eaeef2",
    enum_header="#fbefd5",
    key="#9a6700",
    edge="#57606a",
    cluster_fill="#f6f8fa",
    cluster_border="#d0d7de",
    highlights=(("#ffe08a", "#bf8700"), ("#ffcdd2", "#cf222e"), ("#c7f0d2", "#1a7f37"), ("#e2d9f8", "#8250df")),
)

DARK = Theme(
    name="dark",
    background="#0d1117",
    text="#e6edf3",
    muted="#8d96a0",
    border="#6e7681",
    body="#161b22",
    header="#1f3a5c",
    header_text="#e6edf3",
    view_header="#1c4128",
    join_header="#30363d",
    enum_header="#4b3a12",
    key="#e3b341",
    edge="#8d96a0",
    cluster_fill="#161b22",
    cluster_border="#30363d",
    highlights=(("#6c5314", "#e3b341"), ("#6e1b22", "#ff7b72"), ("#1b4721", "#56d364"), ("#3f2d6e", "#bc8cff")),
)

THEMES = {t.name: t for t in (LIGHT, DARK)}


def get_theme(name: str) -> Theme:
    try:
        return THEMES[name]
    except KeyError:
        raise ValueError(f"unknown theme {name!r}; use one of: {', '.join(sorted(THEMES))}") from None
