"""Every sample schema lints clean or with exactly the findings its golden file documents.

``tests/golden/lint/<sample>.txt`` lists ``file:line code message`` per finding; the README next
to them says why each kind of finding is intended (the samples exercise autoincrement keys, lookup
tables without audit fields, ``User``/``Order`` models...). Refresh with ``pytest --update-golden``
and review the diff: a new finding on a sample is either a rule bug or needs a README line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import workbench as wb
from tests.golden import check_golden
from workbench.lint import lint

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "lint"
SAMPLES = [*sorted(p.name for p in (ROOT / "sample_schemas").glob("*.prisma")), "multifile"]


def _render(sample: str) -> str:
    path = ROOT / "sample_schemas" / sample
    s = wb.load(path)
    assert s.ok
    report = lint(s.schema, sources=s.sources)
    lines = []
    for f in report:
        span = f.diagnostic.span
        where = f"{Path(span.file).relative_to(path if path.is_dir() else path.parent)}:{span.line}" if span else "-"
        lines.append(f"{where} {f.code} {f.severity.value}: {f.message}")
    return "\n".join(lines) + "\n" if lines else ""


@pytest.mark.parametrize("sample", SAMPLES)
def test_sample_findings_are_documented(sample: str, update_golden: bool) -> None:
    got = _render(sample)
    check_golden(GOLDEN / f"{Path(sample).stem}.txt", got, update_golden)
    readme = (GOLDEN / "README.md").read_text()
    for code in sorted({line.split()[1] for line in got.splitlines()}):
        assert f"`{code}`" in readme, f"{code} on sample {sample} is not explained in {GOLDEN / 'README.md'}"


def test_errors_are_never_intended_on_samples() -> None:
    for sample in SAMPLES:
        assert " error: " not in _render(sample), sample
