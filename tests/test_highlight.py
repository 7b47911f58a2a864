"""The studio's highlighted mirror: line numbers, Prisma token colours, diagnostic lines tinted."""

from __future__ import annotations

import re

from workbench.display import fit_svg
from workbench.notebook import studio_core as core
from workbench.notebook.highlight import prisma_html

SCHEMA = """/* a block
comment */ // and a line comment
model User {
  id    Int    @id @default(autoincrement())
  email String @unique // "quoted" in a comment
  bad   Int    €
}

datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}
"""


def _lines(page: str) -> list[str]:
    return re.findall(r'<span class="wb-hl-line[^"]*">(.*?)</span>(?=<span class="wb-hl-line|</pre>)', page)


def test_tokens_get_their_classes_and_text_survives_escaped_once() -> None:
    page = prisma_html(SCHEMA)
    lines = _lines(page)
    assert len(lines) == SCHEMA.count("\n") + 1
    plain = [re.sub(r"<[^>]+>", "", line) for line in lines]
    assert [re.sub(r"^\d+", "", p) for p in plain] == [
        t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
        for t in SCHEMA.split("\n")
    ]
    assert '<span class="wb-hl-comment">/* a block</span>' in lines[0]
    assert '<span class="wb-hl-comment">comment */</span> <span class="wb-hl-comment">// and' in lines[1]
    assert '<span class="wb-hl-keyword">model</span> User {' in lines[2]
    assert '<span class="wb-hl-type">Int</span>' in lines[3] and '<span class="wb-hl-attr">@id</span>' in lines[3]
    assert '<span class="wb-hl-error">€</span>' in lines[5]
    assert '<span class="wb-hl-keyword">datasource</span>' in lines[8]
    assert "wb-hl-type" not in lines[10] and '<span class="wb-hl-string">&quot;DATABASE_URL&quot;</span>' in lines[10]
    assert prisma_html(SCHEMA) == page  # deterministic


def test_marked_lines_are_tinted_by_severity() -> None:
    page = prisma_html("a\nb\nc\n", {2: "error", 3: "hint"})
    assert '<span class="wb-hl-line wb-hl-mark-error"><span class="wb-hl-ln" style="width:2ch">2</span>b' in page
    assert 'class="wb-hl-line wb-hl-mark-info"' in page
    assert ".wb-prisma-highlight .wb-hl-mark-error .wb-hl-ln{color:#c0392b}" in page


def test_line_marks_take_the_worst_severity_of_a_line() -> None:
    snap = core.analyse("model A {\n  id Int @id\n  x Strin\n}\n", "a.prisma")
    marks = core.line_marks(snap)
    assert marks.get(3) == "error", marks


def test_fit_svg_scales_to_the_panel_and_is_deterministic() -> None:
    src = '<?xml version="1.0"?>\n<!DOCTYPE svg>\n<svg width="888pt" height="400pt"\n viewBox="0 0 888 400"><g/></svg>'
    out = fit_svg(src)
    assert out.startswith('<svg style="max-width:100%;height:auto" width="888pt"') and "viewBox" in out
    assert fit_svg(out) == out
    assert fit_svg('<svg width="10" height="5" style="color:red"><g/></svg>') == (
        '<svg viewBox="0 0 10 5" width="10" height="5" style="color:red;max-width:100%;height:auto"><g/></svg>'
    )
    assert fit_svg("no svg here") == "no svg here"
