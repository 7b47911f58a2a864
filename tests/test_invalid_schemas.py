"""Invalid schemas: we report errors on exactly the lines Prisma does, and our rendering is golden.

Each ``tests/data/invalid/*.prisma`` ends with Prisma's own diagnostics as comments
(``// prisma: LINE:COL: error: TEXT``, from the Prisma 7 oracle). For every file the loader must
not raise, must report an error on every line Prisma reports one on and on no other line, and
its rendered diagnostics must match ``tests/golden/diagnostics/<name>.txt``
(refresh with ``pytest --update-golden`` and review the diff).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.golden import check_golden
from workbench.diagnostics import render_text
from workbench.diagnostics.catalog.prisma import CODES
from workbench.loaders.prisma import load_prisma

ROOT = Path(__file__).resolve().parent.parent
INVALID = ROOT / "tests" / "data" / "invalid"
GOLDEN = ROOT / "tests" / "golden" / "diagnostics"
_EXPECTED = re.compile(r"^// prisma: (\d+):(\d+): (error|warning): (.*)$", re.M)

CASES = sorted(INVALID.glob("*.prisma"))


def expected(text: str) -> tuple[set[int], list[str]]:
    lines: set[int] = set()
    messages: list[str] = []
    for m in _EXPECTED.finditer(text):
        if m.group(3) == "error":
            lines.add(int(m.group(1)))
            messages.append(m.group(4))
    return lines, messages


def test_cases_exist() -> None:
    assert len(CASES) >= 10, "tests/data/invalid/ should hold the oracle's invalid cases"


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_invalid_schema(path: Path, update_golden: bool) -> None:
    text = path.read_text(encoding="utf-8")
    want_lines, messages = expected(text)
    assert want_lines, f"{path.name} has no `// prisma: ... error:` comment"
    rel = f"tests/data/invalid/{path.name}"
    result = load_prisma(text=text, name=rel)
    errors = [d for d in result.diagnostics if d.is_error]
    got_lines = {d.span.line for d in errors if d.span is not None}
    rendered = render_text(result.diagnostics, result.sources)
    assert all(d.code in CODES for d in result.diagnostics)
    assert got_lines == want_lines, (
        f"error lines differ from Prisma's: missing {sorted(want_lines - got_lines)}, "
        f"extra {sorted(got_lines - want_lines)}\nPrisma:\n  " + "\n  ".join(messages) + f"\nours:\n{rendered}"
    )
    check_golden(GOLDEN / f"{path.stem}.txt", rendered + "\n", update_golden)
