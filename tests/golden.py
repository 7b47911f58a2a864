"""The one golden-file check of the suite: compare, or write with ``pytest --update-golden``.

A missing golden fails (it is never written behind the run's back: a test that writes its own
expectation and passes proves nothing); a difference fails with the first lines of a unified diff,
so a reviewer sees what changed before refreshing.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DIFF_LINES = 60


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def check_golden(path: Path, text: str, update: bool) -> None:
    """``text`` must equal the golden file at ``path``; ``update`` (``--update-golden``) writes it."""
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"no golden {_shown(path)}: run pytest --update-golden and review the new file")
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        diff = difflib.unified_diff(
            expected.splitlines(), text.splitlines(), f"{_shown(path)} (golden)", "this run", lineterm=""
        )
        lines = list(diff)
        more = f"\n... {len(lines) - DIFF_LINES} more diff lines" if len(lines) > DIFF_LINES else ""
        pytest.fail(
            f"{_shown(path)} differs from its golden (review, then pytest --update-golden):\n"
            + "\n".join(lines[:DIFF_LINES])
            + more
        )
