"""Prisma source as HTML with line numbers and token colours: the studio's highlighted mirror.

No maintained ipywidgets code editor works with JupyterLab 4 / ipywidgets 8 (``ipymonaco`` is an
abandoned 2020 alpha), so the studio keeps its plain ``Textarea`` for typing and shows this mirror
beside it, refreshed as the user types. Tokens come from the Prisma lexer the loader uses
(``workbench.prisma.lexer``), so the colours agree with how the schema is actually read; block
keywords (``model``, ``enum``, ...) and a field's type are recognised by their place on the line.
Lines that hold a diagnostic are tinted with the severity's colour (``workbench.display.palette``).
The output is deterministic and every piece of source text is escaped exactly once.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from functools import lru_cache

from workbench.display import palette
from workbench.prisma.lexer import ATTR, COMMENT, ERROR, IDENT, NUMBER, STRING, tokenize

KEYWORDS = frozenset({"model", "enum", "datasource", "generator", "view", "type"})
# token colours (GitHub's light palette, readable on JupyterLab's light theme)
COLOURS = {
    "keyword": "#cf222e",
    "type": "#8250df",
    ATTR: "#0550ae",
    STRING: "#0a3069",
    NUMBER: "#0550ae",
    COMMENT: "#6e7781",
    ERROR: "#cf222e",
}
_BLOCK_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.S)
_TINT = {"error": "#ffebe9", "warning": "#fff8c5", "info": "#ddf4ff"}


def _span(kind: str, text: str) -> str:
    if kind not in COLOURS:
        return html.escape(text)
    return f'<span class="wb-hl-{kind}">{html.escape(text)}</span>'


def _style() -> str:
    """One ``<style>`` for the classes, scoped to the mirror (inline styles per token would make
    every keystroke's update several times larger)."""
    rules = [f".wb-prisma-highlight .wb-hl-{k}{{color:{c}}}" for k, c in COLOURS.items()]
    rules.append(f".wb-prisma-highlight .wb-hl-{COMMENT}{{font-style:italic}}")
    rules.append(f".wb-prisma-highlight .wb-hl-{ERROR}{{text-decoration:underline wavy}}")
    rules.append(
        ".wb-prisma-highlight .wb-hl-ln{display:inline-block;margin-right:1ch;text-align:right;"
        "color:#8c959f;user-select:none}"
    )
    rules.append(".wb-prisma-highlight .wb-hl-line{display:block;min-height:1.3em}")
    for key, tint in _TINT.items():
        rules.append(f".wb-prisma-highlight .wb-hl-mark-{key}{{background:{tint}}}")
        rules.append(f".wb-prisma-highlight .wb-hl-mark-{key} .wb-hl-ln{{color:{palette.TEXT[key]}}}")
    return "<style>" + "".join(rules) + "</style>"


@lru_cache(maxsize=16384)
def _line(text: str, in_block: bool) -> str:
    """One line (no comment block crossing it), coloured by token.

    Memoised: the mirror is rebuilt on every edit and an edit changes a line or two, so all the
    other lines of a 100-model schema (thousands) come from the cache instead of the lexer. The
    result depends on nothing but the two arguments.
    """
    out: list[str] = []
    at = 0
    tokens = tokenize(text, 0, len(text))
    for i, tok in enumerate(tokens):
        out.append(html.escape(text[at : tok.start]))
        kind = tok.kind
        if kind == IDENT and i == 0 and not in_block and tok.text in KEYWORDS:
            kind = "keyword"
        elif kind == IDENT and i == 1 and in_block and tokens[0].kind == IDENT:
            kind = "type"  # `name Type ...`: a field (a config line has `=` second)
        out.append(_span(kind, tok.text))
        at = tok.end
    out.append(html.escape(text[at:]))
    return "".join(out)


def _lines(text: str) -> list[str]:
    """Each source line as HTML, ``/* ... */`` comments (which may span lines) coloured whole."""
    rendered: list[str] = []
    current: list[str] = []
    depth = 0  # inside a `{ ... }` block: field lines, where the 2nd word is a type

    def plain(segment: str) -> None:
        nonlocal depth
        for i, piece in enumerate(segment.split("\n")):
            if i:
                rendered.append("".join(current))
                current.clear()
            current.append(_line(piece, depth > 0))
            depth += piece.count("{") - piece.count("}")
            depth = max(depth, 0)

    at = 0
    for m in _BLOCK_COMMENT.finditer(text):
        if "//" in text[text.rfind("\n", 0, m.start()) + 1 : m.start()]:
            continue  # `/*` inside a line comment is comment text
        plain(text[at : m.start()])
        for i, piece in enumerate(m.group(0).split("\n")):
            if i:
                rendered.append("".join(current))
                current.clear()
            current.append(_span(COMMENT, piece) if piece else "")
        at = m.end()
    plain(text[at:])
    rendered.append("".join(current))
    return rendered


def prisma_html(text: str, marks: Mapping[int, str] | None = None) -> str:
    """``text`` as a ``<pre>`` with line numbers and Prisma colours.

    ``marks`` maps 1-based line numbers to a severity (``"error"``, ``"warning"``, ``"info"``):
    those lines are tinted, and their number takes the severity's colour.
    """
    marks = marks or {}
    rows = []
    lines = _lines(text.replace("\r\n", "\n"))
    width = len(str(len(lines))) + 1
    for n, body in enumerate(lines, 1):
        sev = marks.get(n)
        cls = f"wb-hl-line wb-hl-mark-{palette.severity(sev)}" if sev else "wb-hl-line"
        rows.append(f'<span class="{cls}"><span class="wb-hl-ln" style="width:{width}ch">{n}</span>{body}</span>')
    return (
        f'<div class="wb-prisma-highlight">{_style()}<pre style="margin:0;padding:4px 0;font-size:12px;'
        f'line-height:1.3;white-space:pre;overflow:auto">{"".join(rows)}</pre></div>'
    )
