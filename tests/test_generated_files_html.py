"""The tabbed view of generated files in a notebook: coloured code, a marked tab, labels that wrap."""

from __future__ import annotations

import html
import re

import workbench as wb
from tests.golden import ROOT
from workbench.emit.files import GeneratedFile, GeneratedFiles

BLOG = ROOT / "sample_schemas" / "blog.prisma"


def test_code_is_coloured_and_still_reads_as_the_file() -> None:
    files = wb.load(BLOG).export("drizzle")
    page = files._html()
    panel = re.search(r'<code class="language-typescript">(.*?)</code>', page, re.S)
    assert panel is not None
    assert '<span style="color: #008000; font-weight: bold">import</span>' in panel.group(1)
    text = html.unescape(re.sub(r"<[^>]+>", "", panel.group(1)))
    assert text == files["schema.ts"], "colouring must not change a character of the file"


def test_the_selected_tab_is_marked_and_the_labels_wrap() -> None:
    page = wb.load(BLOG).export("rest")._html()
    assert re.search(r":checked ~ \.wb-gen-rest-[0-9a-f]+-tabs label\[for=\"[^\"]+\"\] \{background", page)
    assert "display:flex;flex-wrap:wrap" in page


def test_a_file_without_a_lexer_is_escaped_plain_text() -> None:
    files = GeneratedFiles("notes", (GeneratedFile("schema.prisma", "model A { id Int @id } // <b>"),))
    code = re.findall(r'<code class="language-prisma">(.*?)</code>', files._html(), re.S)
    assert code == ["model A { id Int @id } // &lt;b&gt;"]
