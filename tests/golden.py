"""The one golden-file check of the suite: compare, or write with ``pytest --update-golden``.

A missing golden fails (it is never written behind the run's back: a test that writes its own
expectation and passes proves nothing); a difference fails with the first lines of a unified diff,
so a reviewer sees what changed before refreshing. ``check_golden`` checks one file,
``check_golden_tree`` a folder of them (an emitter's output): there an extra or a missing file
fails too, and ``--update-golden`` also removes the files the output no longer has.

Files are compared byte for byte (read and written without newline translation), so a CRLF or
a lone CR in generated text is seen.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

import pytest

ROOT = Path(__file__).resolve().parent.parent
DIFF_LINES = 60
UPDATE = "review, then pytest --update-golden"


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


def _diff(path: Path, expected: str, text: str) -> list[str]:
    """A unified diff of the two texts; one line saying so when only the line endings differ."""
    lines = difflib.unified_diff(
        expected.splitlines(), text.splitlines(), f"{_shown(path)} (golden)", "this run", lineterm=""
    )
    return list(lines) or [f"{_shown(path)}: the same lines with other line endings (CRLF, CR or a last newline)"]


def _cut(lines: list[str]) -> str:
    more = f"\n... {len(lines) - DIFF_LINES} more diff lines" if len(lines) > DIFF_LINES else ""
    return "\n".join(lines[:DIFF_LINES]) + more


def check_golden(path: Path, text: str, update: bool) -> None:
    """``text`` must equal the golden file at ``path``; ``update`` (``--update-golden``) writes it."""
    if update:
        _write(path, text)
        return
    if not path.exists():
        pytest.fail(f"no golden {_shown(path)}: run pytest --update-golden and review the new file")
    expected = _read(path)
    if text != expected:
        pytest.fail(f"{_shown(path)} differs from its golden ({UPDATE}):\n" + _cut(_diff(path, expected, text)))


def _stored(directory: Path) -> set[str]:
    return {p.relative_to(directory).as_posix() for p in directory.rglob("*") if p.is_file()}


def check_golden_tree(directory: Path, files: Mapping[str, str], update: bool) -> None:
    """``files`` (relative POSIX path -> text) must be exactly the golden files below ``directory``.

    A missing golden folder or file fails, and so does a golden file the output does not have;
    every difference is shown as a diff. ``update`` (``--update-golden``) writes every file and
    removes the stale ones (and folders they leave empty), so the folder mirrors the output.
    """
    for name in files:
        rel = PurePosixPath(name)
        if rel.is_absolute() or ".." in rel.parts or not rel.parts:
            raise ValueError(f"golden file names are relative paths inside the folder, not {name!r}")
    if update:
        for stale in sorted(_stored(directory) - set(files)) if directory.exists() else ():
            (directory / stale).unlink()
        for folder in (
            sorted((p for p in directory.rglob("*") if p.is_dir()), reverse=True) if directory.exists() else ()
        ):
            if not any(folder.iterdir()):
                folder.rmdir()
        for name, text in files.items():
            _write(directory / name, text)
        return
    if not directory.is_dir():
        pytest.fail(f"no golden folder {_shown(directory)}: run pytest --update-golden and review the new files")
    stored = _stored(directory)
    problems: list[str] = []
    missing, extra = sorted(set(files) - stored), sorted(stored - set(files))
    if missing:
        problems.append(f"no golden for {', '.join(missing)} (the output has it)")
    if extra:
        problems.append(f"golden {', '.join(extra)} not in the output (stale, or the output lost it)")
    diffs: list[str] = []
    for name in sorted(set(files) & stored):
        expected = _read(directory / name)
        if files[name] != expected:
            diffs.extend(_diff(directory / name, expected, files[name]))
    if diffs:
        problems.append("differences:\n" + _cut(diffs))
    if problems:
        pytest.fail(f"{_shown(directory)} differs from its goldens ({UPDATE}):\n" + "\n".join(problems))
