"""Lint rules, one test-case folder per rule: ``tests/data/lint/<CODE>/{bad,good}.prisma``.

``bad.prisma`` ends with the findings the rule must report (``// expect: LINE CODE``), exactly
those and no others of that code; ``good.prisma`` must give none of that code. Applying the
findings' fixes to ``bad.prisma`` must give a schema that loads without errors and on which the
rule no longer reports anything.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import workbench as wb
from workbench.lint import RULES, LintConfig, lint
from workbench.lint.report import apply_fixes

CASES = Path(__file__).resolve().parent / "data" / "lint"
_EXPECT = re.compile(r"^// expect: (\d+) (WB\d{3})$", re.M)
CODES = [r.code for r in RULES]
ADVICE_ONLY = {"WB304", "WB503", "WB504", "WB603"}  # written advice, no machine-applicable fix


def _lint(path: Path, code: str, text: str | None = None):  # type: ignore[no-untyped-def]
    s = wb.load(text=text, name=str(path)) if text is not None else wb.load(path)
    assert s.ok, [d.headline() for d in s.errors]
    return s, lint(s.schema, sources=s.sources, config=LintConfig(select=(code,)))


def test_every_rule_has_a_case() -> None:
    assert sorted(p.name for p in CASES.iterdir() if p.is_dir()) == CODES


@pytest.mark.parametrize("code", CODES)
def test_bad_reports_expected_lines(code: str) -> None:
    path = CASES / code / "bad.prisma"
    expected = sorted((int(line), c) for line, c in _EXPECT.findall(path.read_text()))
    assert expected and all(c == code for _, c in expected)
    _, report = _lint(path, code)
    assert sorted((f.line, f.code) for f in report) == expected
    for f in report:
        assert f.diagnostic.help, f"{code} finding without help"
        assert f.rule and (f.model is not None or code == "WB504")


@pytest.mark.parametrize("code", CODES)
def test_good_is_clean(code: str) -> None:
    _, report = _lint(CASES / code / "good.prisma", code)
    assert report.codes() == []


@pytest.mark.parametrize("code", sorted(ADVICE_ONLY))
def test_advice_only_rules_offer_no_edit(code: str) -> None:
    _, report = _lint(CASES / code / "bad.prisma", code)
    assert list(report) and not [f for f in report if f.fix]


@pytest.mark.parametrize("code", [c for c in CODES if c not in ADVICE_ONLY])
def test_fixes_remove_the_findings(code: str) -> None:
    path = CASES / code / "bad.prisma"
    _, report = _lint(path, code)
    assert [f for f in report if f.fix], f"{code} should offer a machine-applicable fix"
    text = path.read_text()
    for _ in range(3):  # fixes touching the same line apply in later rounds
        new = apply_fixes(text, list(report), file=str(path))
        assert new != text
        text = new
        _, report = _lint(path, code, text=text)
        if not [f for f in report if f.fix]:
            break
    assert report.codes() == [], report.text()
