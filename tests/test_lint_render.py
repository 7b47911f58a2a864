"""The lint report's own renderer (``render_findings``) must print exactly what the generic
``render_text`` prints for the same findings with their fix notes: it is a faster path to the same
text (issue 18, item 4), so every report and golden stays the same."""

from __future__ import annotations

from pathlib import Path

import pytest

import workbench as wb
from workbench.diagnostics import Diagnostic, Severity, SourceFile, Span, render_text
from workbench.diagnostics.diagnostic import MAX_EXCERPT
from workbench.lint import lint
from workbench.lint.findings import Applicability, Edit, Finding, Fix
from workbench.lint.report import _with_fix_note, render_findings, sort_findings

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = [
    *sorted((ROOT / "sample_schemas").glob("*.prisma")),
    ROOT / "sample_schemas" / "multifile",
    *sorted((ROOT / "tests" / "data" / "lint").glob("*/*.prisma")),
]


def _reference(findings: tuple[Finding, ...], sources: dict[str, SourceFile]) -> str:
    return render_text([_with_fix_note(f) for f in findings], sources)


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_report_text_is_render_text(path: Path) -> None:
    s = wb.load(path)
    assert s.ok, [d.headline() for d in s.errors]
    report = lint(s.schema, sources=s.sources)
    assert render_findings(report.findings, report.sources) == _reference(report.findings, dict(s.sources))


def _finding(
    src: SourceFile,
    start: int,
    end: int,
    *,
    code: str = "WB201",
    severity: str = "warning",
    help: str | None = "do this",
    notes: tuple[str, ...] = (),
    fix: Fix | None = None,
) -> Finding:
    diag = Diagnostic(code, Severity(severity), "a message", src.span(start, end), help, notes)
    return Finding(diag, "rule", "M", None, fix)


def test_odd_lines_and_findings_render_alike() -> None:
    """Tabs, a lone surrogate, a line longer than the excerpt, a multi-line span, a line number
    past the end, no span at all, extra notes, every applicability and no help."""
    long_line = '  x String @default("' + "y" * (MAX_EXCERPT * 2) + '")'
    text = f"model M {{\n\tid\tInt @id\r\n{long_line}\n  z Int // \ud800 lone\n}}"
    src = SourceFile("odd.prisma", text)
    plain = SourceFile("plain.prisma", "model P {\n  id Int @id\n}\n")
    edit = Edit("odd.prisma", 0, 1, "")
    found = [
        _finding(src, text.index("id"), text.index("id") + 2, fix=Fix("safe one", (edit,), Applicability.SAFE)),
        _finding(src, text.index("y" * 10) + MAX_EXCERPT, text.index('")'), code="WB406", severity="error"),
        _finding(src, text.index("z Int"), text.index("lone"), notes=("first", "second"), help=None),
        _finding(src, 0, len(text), fix=Fix("unsafe one", (edit,), Applicability.UNSAFE)),
        _finding(plain, 10, 12, fix=Fix("by hand", (edit,), Applicability.DISPLAY_ONLY), severity="info"),
        _finding(plain, 0, 5),
    ]
    past_end = Span("plain.prisma", 0, 1, 99, 1, 99, 2)
    found.append(Finding(Diagnostic("WB301", Severity.WARNING, "past the end", past_end, "h"), "rule"))
    found.append(Finding(Diagnostic("WB504", Severity.INFO, "nowhere"), "rule", fix=Fix("f", (edit,))))
    missing = Span("elsewhere.prisma", 0, 1, 1, 1, 1, 2)
    found.append(Finding(Diagnostic("WB504", Severity.INFO, "no source", missing), "rule"))
    findings = sort_findings(found)
    sources = {"odd.prisma": src, "plain.prisma": plain}
    rendered = render_findings(findings, sources)
    assert rendered == _reference(findings, sources)
    assert "\ufffd lone" in rendered and "..." in rendered and " id Int @id" in rendered  # the odd cases ran
    assert render_findings((), sources) == "" == _reference((), sources)
