"""One severity palette: errors red and warnings amber in every display, whatever their order."""

from __future__ import annotations

import re

import pytest

import workbench as wb
from tests.erd_cases import diagram, sample
from workbench.diagnostics import Diagnostic, Severity, render_html
from workbench.display import palette

LIGHT = palette.HIGHLIGHT["light"]


@pytest.mark.parametrize(
    ("label", "expected"),
    [("lint errors", "error"), ("warnings", "warning"), ("lint hints", "info"), ("slow", None), ("terrors", None)],
)
def test_labels_name_severities_on_whole_words(label: str, expected: str | None) -> None:
    assert palette.severity_of_label(label) == expected


@pytest.mark.parametrize("order", [("lint errors", "lint warnings"), ("lint warnings", "lint errors")])
def test_diagram_legend_colours_follow_the_severity_not_the_position(order: tuple[str, str]) -> None:
    groups = {"lint errors": ["User"], "lint warnings": ["Post.title"]}
    d = diagram(sample("blog"), highlight={k: groups[k] for k in order})
    legend = d.source[d.source.index('id="legend"') :]
    for label, sev in (("lint errors", "error"), ("lint warnings", "warning")):
        fill, stroke = LIGHT[sev]
        row = re.search(
            rf'<TD BGCOLOR="([^"]+)" WIDTH="18"><FONT COLOR="([^"]+)">■</FONT></TD><TD ALIGN="LEFT">{label}<', legend
        )
        assert row is not None and row.groups() == (fill, stroke), (label, legend[:600])
    assert f'BGCOLOR="{LIGHT["error"][0]}"' in d.source  # the User header is red
    assert f"fill:{LIGHT['error'][0]}" in d.mermaid()


def test_dark_theme_has_its_own_severity_pair() -> None:
    d = diagram(sample("blog"), theme="dark", highlight={"errors": ["User"]})
    assert palette.HIGHLIGHT["dark"]["error"][0] in d.source and LIGHT["error"][0] not in d.source


def test_other_groups_keep_their_position_colours() -> None:
    d = diagram(sample("blog"), highlight={"slow": ["Post.title"]})
    assert '"#ffe08a"' in d.source  # group 0: the theme's first pair, as before


def test_html_reports_use_the_palette() -> None:
    diags = [Diagnostic("E1", Severity.ERROR, "bad"), Diagnostic("W1", Severity.WARNING, "meh")]
    page = render_html(diags)
    assert f"color:{palette.TEXT['error']}" in page.split("E1")[0].rsplit("<div>", 1)[1]
    assert f"color:{palette.TEXT['warning']}" in page.split("W1")[0].rsplit("<div>", 1)[1]
    lint = wb.load(sample("blog")).lint()._repr_html_() or ""
    assert ">warning</span>" in lint or ">error</span>" in lint
    for sev in ("error", "warning", "info"):
        if f">{sev}</span>" in lint:
            assert f'color:{palette.TEXT[sev]};font-weight:bold">{sev}</span>' in lint
