"""The golden check itself: a missing golden fails and is not written; --update-golden writes it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.golden import check_golden


def test_a_missing_golden_fails_and_is_not_written(tmp_path: Path) -> None:
    path = tmp_path / "case.txt"
    with pytest.raises(pytest.fail.Exception, match=r"no golden .*--update-golden"):
        check_golden(path, "text\n", update=False)
    assert not path.exists()


def test_update_writes_and_a_difference_fails_with_a_diff(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "case.txt"
    check_golden(path, "one\ntwo\n", update=True)
    assert path.read_text(encoding="utf-8") == "one\ntwo\n"
    check_golden(path, "one\ntwo\n", update=False)
    with pytest.raises(pytest.fail.Exception, match=r"(?s)differs from its golden.*-two\n\+three"):
        check_golden(path, "one\nthree\n", update=False)
