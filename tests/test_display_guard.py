"""Every rich object displays through one guarded mixin, and its display never raises (#14 item 5).

A display bug must show up as text in the notebook, not as a traceback that makes the cell look
as if the operation itself had failed. The discovery test keeps it true for classes added later.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import workbench
import workbench as wb
from workbench.diagnostics import Diagnostic, Severity, error, warning
from workbench.diagnostics.results import HasDiagnostics
from workbench.display import Cell, Html, RichDisplay, Row, html_table

ROOT = Path(__file__).resolve().parent.parent
BLOG = ROOT / "sample_schemas" / "blog.prisma"


def _modules() -> list[ModuleType]:
    out = []
    for info in pkgutil.walk_packages(workbench.__path__, "workbench."):
        if info.name.endswith("__main__"):  # running it is the CLI
            continue
        out.append(importlib.import_module(info.name))
    return out


def _classes() -> list[type]:
    seen: dict[str, type] = {}
    for module in _modules():
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__.startswith("workbench."):
                seen[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return [seen[k] for k in sorted(seen)]


RICH = [c for c in _classes() if hasattr(c, "_repr_mimebundle_") and c is not RichDisplay]


def test_discovery_finds_the_rich_types() -> None:
    names = {c.__name__ for c in RICH}
    expected = {"LoadedSchema", "SqlScript", "Profile", "Comparison", "Capture", "Advice", "Workload", "SlowLog"}
    expected |= {"CacheReport", "PoolUsage", "IndexReport", "QueryResult", "LintReport", "SeedReport", "Timings"}
    expected |= {"Feasibility", "GeneratedFiles", "Erd", "Explorer", "Studio"}
    assert expected <= names, expected - names


@pytest.mark.parametrize("cls", RICH, ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_every_rich_type_uses_the_guarded_mixin(cls: type) -> None:
    assert issubclass(cls, RichDisplay)
    owners = [k.__name__ for k in cls.__mro__ if "_repr_mimebundle_" in vars(k) and k is not RichDisplay]
    assert not owners, f"{cls.__name__}: _repr_mimebundle_ redefined in {owners}; override _text/_html/_rich instead"


@pytest.mark.parametrize("cls", RICH, ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_a_broken_object_still_displays_text(cls: type) -> None:
    broken: Any = object.__new__(cls)  # no attributes at all: every display path fails
    bundle = broken._repr_mimebundle_()
    assert isinstance(bundle, dict) and isinstance(bundle["text/plain"], str) and bundle["text/plain"]
    assert "Traceback" not in bundle["text/plain"]
    assert broken._repr_html_() is None or isinstance(broken._repr_html_(), str)


def test_a_failing_html_falls_back_to_the_text() -> None:
    class BrokenHtml(type(wb.load(BLOG))):  # type: ignore[misc]
        def _html(self) -> str:
            raise RuntimeError("html bug")

    good = wb.load(BLOG)
    s = BrokenHtml(good.schema, good.diagnostics, good.sources, good.origin)
    assert s._repr_mimebundle_() == {"text/plain": repr(good)}
    assert s._repr_html_() is None


def test_a_failing_text_gives_one_line_naming_the_class_and_error() -> None:
    class Broken(RichDisplay):
        def _text(self) -> str:
            raise ValueError("no\nluck")

    assert Broken()._repr_mimebundle_() == {"text/plain": "<Broken: display failed: ValueError: no luck>"}


def test_an_exception_whose_message_fails_still_gives_the_line() -> None:
    class Unprintable(Exception):
        def __str__(self) -> str:
            raise RuntimeError

    class Broken(RichDisplay):
        def _text(self) -> str:
            raise Unprintable

    assert Broken()._repr_mimebundle_() == {"text/plain": "<Broken: display failed: Unprintable>"}


def test_rich_parts_join_the_text() -> None:
    class Picture(RichDisplay):
        def __repr__(self) -> str:
            return "a picture"

        def _rich(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
            return {"image/svg+xml": "<svg/>"}

    assert Picture()._repr_mimebundle_() == {"text/plain": "a picture", "image/svg+xml": "<svg/>"}
    assert Picture()._repr_html_() is None  # no HTML: front ends fall back to the other types


# --- html_table ------------------------------------------------------------------------------------
def test_table_escapes_text_cells_once_and_keeps_markup() -> None:
    out = html_table(["a<b", "c"], [["x & y", Html("<i>&amp;</i>")], ['"q"', "it's"]])
    assert out == (
        "<table><tr><th>a&lt;b</th><th>c</th></tr>"
        "<tr><td>x &amp; y</td><td><i>&amp;</i></td></tr>"
        "<tr><td>&quot;q&quot;</td><td>it&#x27;s</td></tr></table>"
    )


def test_table_options_caption_classes_sections_and_attributes() -> None:
    rows: list[Row | list[str]] = [Row([Cell("all", ' colspan="2"')], ' class="group"'), ["1", "2"]]
    out = html_table(
        ("n", "m"),
        rows,
        caption="<cap>",
        classes=("wb", "x<"),
        header_attrs=(' style="text-align:left"',),
        cell_attrs=("", ' style="text-align:right"'),
        sections=True,
    )
    assert out == (
        '<table class="wb x&lt;"><caption>&lt;cap&gt;</caption>'
        '<thead><tr><th style="text-align:left">n</th><th>m</th></tr></thead>'
        '<tbody><tr class="group"><td colspan="2">all</td></tr>'
        '<tr><td>1</td><td style="text-align:right">2</td></tr></tbody></table>'
    )
    assert html_table(None, []) == "<table></table>"


# --- HasDiagnostics --------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Result(HasDiagnostics[Diagnostic]):
    diagnostics: tuple[Diagnostic, ...] = field(default=())


def test_has_diagnostics_ok_errors_warnings() -> None:
    e, w, i = error("E0001", "bad"), warning("W0001", "meh"), Diagnostic("I0001", Severity.INFO, "fyi")
    r = _Result((w, e, i))
    assert (r.ok, r.errors, r.warnings) == (False, (e,), (w,))
    assert _Result((w, i)).ok and _Result().ok


def test_result_classes_share_the_one_definition() -> None:
    from workbench.api.schema import LoadedSchema
    from workbench.lint.report import LintReport
    from workbench.loaders.prisma.format import FormatResult
    from workbench.loaders.prisma.loader import PrismaLoadResult
    from workbench.loaders.sql.loader import SqlLoadResult
    from workbench.notebook.studio_core import Snapshot
    from workbench.seeding.feasibility import Feasibility
    from workbench.seeding.report import SeedReport

    for cls in (LintReport, FormatResult, PrismaLoadResult, SqlLoadResult, LoadedSchema, Feasibility, SeedReport):
        assert issubclass(cls, HasDiagnostics)
        assert not {"ok", "errors", "warnings"} & set(vars(cls)), cls
    assert issubclass(Snapshot, HasDiagnostics) and not {"errors", "warnings"} & set(vars(Snapshot))


def test_lint_report_grades_its_findings() -> None:
    report = wb.load(ROOT / "notebooks" / "data" / "flawed_shop.prisma").lint()
    assert report.warnings and all(f.severity is Severity.WARNING for f in report.warnings)
    assert report.ok == (not report.errors)


def test_display_sits_at_the_bottom_of_the_layers() -> None:
    """``display`` imports only the standard library, so every feature's results may use it."""
    import ast
    import sys

    for path in sorted((ROOT / "workbench" / "display").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert top in sys.stdlib_module_names or name.startswith("workbench.display"), (path.name, name)
