"""The golden checks themselves: a missing golden fails and is not written; --update-golden writes it.

``check_golden`` checks one file, ``check_golden_tree`` a folder (an emitter's output): there an
extra or missing file fails too, and an update removes what the output no longer has. And the
goldens themselves: no golden is a byte-identical copy of another.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from pathlib import Path

import pytest

from tests.golden import ROOT, check_golden, check_golden_tree

FAIL = pytest.fail.Exception


def test_a_missing_golden_fails_and_is_not_written(tmp_path: Path) -> None:
    path = tmp_path / "case.txt"
    with pytest.raises(FAIL, match=r"no golden .*--update-golden"):
        check_golden(path, "text\n", update=False)
    assert not path.exists()


def test_update_writes_and_a_difference_fails_with_a_diff(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "case.txt"
    check_golden(path, "one\ntwo\n", update=True)
    assert path.read_text(encoding="utf-8") == "one\ntwo\n"
    check_golden(path, "one\ntwo\n", update=False)
    with pytest.raises(FAIL, match=r"(?s)differs from its golden.*-two\n\+three"):
        check_golden(path, "one\nthree\n", update=False)


def test_line_endings_are_compared_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "case.txt"
    path.write_bytes(b"one\r\ntwo\r\n")
    check_golden(path, "one\r\ntwo\r\n", update=False)
    with pytest.raises(FAIL, match="other line endings"):
        check_golden(path, "one\ntwo\n", update=False)
    check_golden(path, "one\ntwo\n", update=True)
    assert path.read_bytes() == b"one\ntwo\n"


def test_a_missing_golden_folder_fails_and_is_not_written(tmp_path: Path) -> None:
    folder = tmp_path / "target" / "sample"
    with pytest.raises(FAIL, match=r"no golden folder .*--update-golden"):
        check_golden_tree(folder, {"a.ts": "a\n"}, update=False)
    assert not (tmp_path / "target").exists()


def test_tree_update_writes_and_removes_stale_files(tmp_path: Path) -> None:
    folder = tmp_path / "golden"
    (folder / "old" / "deep").mkdir(parents=True)
    (folder / "old" / "deep" / "gone.ts").write_text("stale\n", encoding="utf-8")
    (folder / "keep.ts").write_text("before\n", encoding="utf-8")
    files = {"keep.ts": "after\n", "sub/new.ts": "new\n"}
    check_golden_tree(folder, files, update=True)
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) == ["keep.ts", "sub", "sub/new.ts"]
    assert (folder / "keep.ts").read_text(encoding="utf-8") == "after\n"
    check_golden_tree(folder, files, update=False)


def test_tree_missing_extra_and_different_files_all_fail_together(tmp_path: Path) -> None:
    folder = tmp_path / "golden"
    check_golden_tree(folder, {"a.ts": "one\ntwo\n", "b.ts": "b\n"}, update=True)
    with pytest.raises(FAIL) as failed:
        check_golden_tree(folder, {"a.ts": "one\nthree\n", "c/d.ts": "d\n"}, update=False)
    message = str(failed.value)
    assert "no golden for c/d.ts" in message
    assert "golden b.ts not in the output" in message
    assert "-two\n+three" in message
    assert not (folder / "c").exists() and (folder / "b.ts").exists()  # a failed check writes nothing


def test_tree_file_names_stay_inside_the_folder(tmp_path: Path) -> None:
    for bad in ("../escape.ts", "/abs.ts", ""):
        with pytest.raises(ValueError, match="relative paths"):
            check_golden_tree(tmp_path / "golden", {bad: "x\n"}, update=True)
    assert not (tmp_path / "escape.ts").exists()


# tests/golden/format/ holds the Prisma formatter's recorded outputs: different messy inputs that
# Prisma formats to the same text (an empty file, one of only spaces) are distinct records.
ORACLE_RECORDS = ROOT / "tests" / "golden" / "format"


def test_no_golden_is_a_copy_of_another() -> None:
    by_hash: dict[str, list[str]] = defaultdict(list)
    for path in sorted((ROOT / "tests" / "golden").rglob("*")):
        if path.is_file() and not path.is_relative_to(ORACLE_RECORDS):
            by_hash[hashlib.sha256(path.read_bytes()).hexdigest()].append(str(path.relative_to(ROOT)))
    copies = [names for names in by_hash.values() if len(names) > 1]
    assert not copies, f"byte-identical goldens (keep one, point the tests at it): {copies}"
