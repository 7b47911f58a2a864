"""``fit_svg``: an SVG that scales down to the width of the panel it is shown in, never clipped.

Graphviz writes ``width="888pt" height="400pt"`` plus a ``viewBox``: inline in HTML (the studio's
diagram pane, a plan comparison, the explorer) that fixed size runs past a narrow panel, and the
panel clips it. With ``max-width:100%; height:auto`` the browser scales the drawing down to the
panel (keeping its proportions through the ``viewBox``) and never up past its natural size. The
change is textual and deterministic: the same SVG in gives the same SVG out.
"""

from __future__ import annotations

import re

FIT_STYLE = "max-width:100%;height:auto"
_ROOT = re.compile(r"<svg\b[^>]*>", re.S)
_STYLE = re.compile(r'\sstyle="([^"]*)"')
_SIZE = re.compile(r'\s(width|height)="([0-9.]+)(pt|px)?"')


def fit_svg(svg: str) -> str:
    """``svg`` from its ``<svg`` tag on (no XML prolog or doctype, for inlining in HTML), scaled to fit.

    The root tag gets ``style="max-width:100%;height:auto"`` (merged into an existing style) and a
    ``viewBox`` from its width and height when it has none; anything else is unchanged.
    """
    start = svg.find("<svg")
    if start < 0:
        return svg
    body = svg[start:]
    m = _ROOT.match(body)
    if m is None:
        return body
    tag = m.group(0)
    if "viewBox" not in tag:
        sizes = {k: v for k, v, _ in _SIZE.findall(tag)}
        if "width" in sizes and "height" in sizes:
            tag = tag.replace("<svg", f'<svg viewBox="0 0 {sizes["width"]} {sizes["height"]}"', 1)
    style = _STYLE.search(tag)
    if style is None:
        tag = tag.replace("<svg", f'<svg style="{FIT_STYLE}"', 1)
    elif FIT_STYLE not in style.group(1):
        merged = ";".join(s for s in (style.group(1).rstrip(";"), FIT_STYLE) if s)
        tag = tag[: style.start()] + f' style="{merged}"' + tag[style.end() :]
    return tag + body[m.end() :]
