"""Rendering many diagnostics on one long line stays linear (issue 12, item 21).

Each diagnostic used to repeat its whole source line (text and HTML): 8,000 diagnostics on one
line of a one-line SQL dump made a display of gigabytes (19.5 s in a notebook). A line longer than
``MAX_EXCERPT`` is now shown as a window around the span, cut with ``...``; shorter lines render
exactly as before (the golden diagnostics of the loaders pin that).
"""

from __future__ import annotations

import html
import itertools
from pathlib import Path

import pytest

import workbench as wb
from workbench.diagnostics import Diagnostic, Severity, SourceFile, render_html, render_text
from workbench.diagnostics.diagnostic import MAX_EXCERPT


def _underlined(rendered: str) -> list[str]:
    """The text above each ``^^^`` of a text rendering."""
    lines = rendered.splitlines()
    out = []
    for above, below in itertools.pairwise(lines):
        if "^" in below and " | " in above:
            code = above.split(" | ", 1)[1]
            marks = below.split(" | ", 1)[1]
            start = len(marks) - len(marks.lstrip(" "))
            out.append(code[start : len(marks.rstrip())])
    return out


def test_short_lines_render_whole_as_before() -> None:
    line = "  title String @default(" + "x" * (MAX_EXCERPT - 40) + ")"
    assert len(line) <= MAX_EXCERPT
    src = SourceFile("s.prisma", f"model A {{\n{line}\n}}\n")
    start = src.text.index("title")
    d = Diagnostic("E1", Severity.ERROR, "bad", src.span(start, start + 5), "fix it")
    assert render_text([d], {"s.prisma": src}) == (
        f"s.prisma:2:3: error[E1]: bad\n  |\n2 | {line}\n  |   ^^^^^\n  = help: fix it"
    )
    assert f"2 | {html.escape(line)}\n  |   ^^^^^</pre>" in render_html([d], {"s.prisma": src})


@pytest.mark.parametrize("where", ["start", "middle", "end"])
def test_long_line_is_cut_around_the_span(where: str) -> None:
    words = [f"w{i:05d}" for i in range(2000)]  # a 14 KB line
    line = " ".join(words)
    src = SourceFile("dump.sql", "-- head\n" + line + "\n")
    target = {"start": words[0], "middle": words[1000], "end": words[-1]}[where]
    offset = src.text.index(target)
    d = Diagnostic("W1", Severity.WARNING, "here", src.span(offset, offset + len(target)))
    text = render_text([d], {"dump.sql": src})
    assert _underlined(text) == [target]
    shown = text.splitlines()[2].split(" | ", 1)[1]
    assert len(shown) <= MAX_EXCERPT + 6
    assert shown.startswith("...") == (where != "start") and shown.endswith("...") == (where != "end")
    page = render_html([d], {"dump.sql": src})
    assert html.escape(target) in page and len(page) < 2 * MAX_EXCERPT + 600


def test_a_span_running_past_the_window_is_underlined_to_its_edge() -> None:
    line = "a" * 100 + "b" * 1000
    src = SourceFile("x.txt", line + "\n")
    d = Diagnostic("W1", Severity.WARNING, "long", src.span(100, 1100))
    (under,) = _underlined(render_text([d], {"x.txt": src}))
    assert set(under) == {"b"} and len(under) == MAX_EXCERPT - 80


def test_eight_thousand_diagnostics_on_one_line_display_in_linear_size(tmp_path: Path) -> None:
    """The issue's repro: a one-line SQL dump whose 8,000 sequences are unused (one warning each)."""
    n = 8000
    path = tmp_path / "dump.sql"
    path.write_text("CREATE TABLE a (id int primary key);" + "".join(f"CREATE SEQUENCE s{i};" for i in range(n)) + "\n")
    s = wb.load(path)
    assert len(s.diagnostics) == n and {d.span.line for d in s.diagnostics if d.span} == {1}
    bundle = s._repr_mimebundle_()
    per_diagnostic = 2 * MAX_EXCERPT + 400  # the window twice (line, underline) and the headline
    assert len(bundle["text/plain"]) < n * per_diagnostic  # was n * 175 KB (1.4 GB)
    assert len(bundle["text/html"]) < n * per_diagnostic
    sample = s.diagnostics[4321]
    assert "sequence `s4321`" in sample.message
    one = render_text([sample], s.sources)
    shown = one.splitlines()[2].split(" | ", 1)[1]
    assert shown.startswith("...") and shown.endswith("...")  # cut on both sides
    assert _underlined(one) == ["s4321"]
