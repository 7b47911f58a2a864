"""What every notebook must be, read from the committed ``.ipynb`` files without running them.

nbval checks that a notebook's outputs still come out; these checks catch what it cannot see: a
part that printed "skipped" instead of running (nbval compares the skip message happily), outputs
hidden from the comparison by ``# NBVAL_IGNORE_OUTPUT`` without a reason, notebooks that read the
test suite's private data, and a course notebook that lacks the shape every lesson shares (what you
will learn, exercises, where next; ``# N. Title``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

NOTEBOOKS_DIR = Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))
# The course: 01..11 (00 is the tour, which shows everything once and teaches no lesson).
COURSE = [nb for nb in NOTEBOOKS if 1 <= int(nb.name[:2]) <= 11]

SKIPPED = re.compile(r"\bskipp(ed|ing)\b", re.IGNORECASE)
IGNORE_MARK = "# NBVAL_IGNORE_OUTPUT"
# ../tests, or Path("..") / "tests": the repository's test data is no material for learners.
READS_TESTS = re.compile(r"\.\.[/\\]tests\b|[\"']\.\.[\"']\s*\)?\s*/\s*[\"']tests[\"']")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
WHERE_NEXT = re.compile(r"^Where (to go )?next\b")


def _load(path: Path) -> dict[str, Any]:
    nb: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return nb


def _source(cell: dict[str, Any]) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _output_texts(cell: dict[str, Any]) -> list[str]:
    """Every text an output shows: streams, every text-like MIME type, errors."""
    texts: list[str] = []
    for out in cell.get("outputs", []):
        if "text" in out:
            texts.append("".join(out["text"]) if isinstance(out["text"], list) else str(out["text"]))
        for mime, value in out.get("data", {}).items():
            if mime.startswith("text/") or mime.endswith("+json") or mime.endswith("json"):
                texts.append("".join(value) if isinstance(value, list) else json.dumps(value))
        if out.get("output_type") == "error":
            texts.append(f"{out.get('ename', '')}: {out.get('evalue', '')}")
    return texts


def _headings(nb: dict[str, Any]) -> list[tuple[int, int, str]]:
    """(cell index, level, text) of every markdown heading, outside fenced code."""
    found = []
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "markdown":
            continue
        fenced = False
        for line in _source(cell).splitlines():
            if line.lstrip().startswith("```"):
                fenced = not fenced
            m = HEADING.match(line)
            if m and not fenced:
                found.append((i, len(m.group(1)), m.group(2)))
    return found


def _ids(paths: list[Path]) -> list[str]:
    return [p.stem for p in paths]


def test_the_notebooks_are_found() -> None:
    assert NOTEBOOKS, f"no notebook under {NOTEBOOKS_DIR}"
    assert COURSE, "no course notebook (01..11)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_no_output_says_a_part_was_skipped(path: Path) -> None:
    found = [
        f"{path.name} cell {i}: {text.strip()[:120]!r}"
        for i, cell in enumerate(_load(path)["cells"])
        for text in _output_texts(cell)
        if SKIPPED.search(text)
    ]
    assert found == [], "a part that did not run must run (or fail), not say so:\n" + "\n".join(found)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_at_most_one_output_ignored_cell_with_its_reason(path: Path) -> None:
    ignored, unexplained, not_run = [], [], []
    for i, cell in enumerate(_load(path)["cells"]):
        if cell["cell_type"] != "code":
            continue
        lines = _source(cell).splitlines()
        tags = cell.get("metadata", {}).get("tags", [])
        if "# NBVAL_SKIP" in lines or "nbval-skip" in tags:
            not_run.append(i)
        marks = [n for n, line in enumerate(lines) if line.strip().startswith(IGNORE_MARK)]
        if not marks and "nbval-ignore-output" not in tags:
            continue
        ignored.append(i)
        # the reason: words after the marker on its line, or a comment on the next line
        n = marks[0] if marks else -1
        after = lines[n].strip()[len(IGNORE_MARK) :].strip(" :-–—") if marks else ""
        following = lines[n + 1].strip() if marks and n + 1 < len(lines) else ""
        if not after and not (following.startswith("#") and len(following.lstrip("# ")) > 3):
            unexplained.append(i)
    assert not_run == [], f"{path.name}: cells {not_run} are never run under nbval (NBVAL_SKIP)"
    assert len(ignored) <= 1, f"{path.name}: output-ignored cells {ignored}; at most one (sanitise instead)"
    assert unexplained == [], f"{path.name}: output-ignored cells {unexplained} do not say why in a comment"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_reads_nothing_from_the_tests_folder(path: Path) -> None:
    found = [
        f"{path.name} cell {i}: {line.strip()}"
        for i, cell in enumerate(_load(path)["cells"])
        if cell["cell_type"] == "code"
        for line in _source(cell).splitlines()
        if READS_TESTS.search(line)
    ]
    assert found == [], "use sample_schemas/ or notebooks/data/, never tests/:\n" + "\n".join(found)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_one_title_in_the_style_n_dot_title(path: Path) -> None:
    nb = _load(path)
    titles = [(i, text) for i, level, text in _headings(nb) if level == 1]
    number = int(path.name[:2])
    assert titles, f"{path.name}: no `# {number}. Title` heading"
    first_cell, title = titles[0]
    assert first_cell == 0, f"{path.name}: the title is in cell {first_cell}, not the first cell"
    assert re.fullmatch(rf"{number}\. [A-Z].*", title), f"{path.name}: title {title!r} is not `# {number}. Title`"
    assert titles[1:] == [], f"{path.name}: more than one `#` heading (use `##` below the title): {titles[1:]}"


@pytest.mark.parametrize("path", COURSE, ids=_ids(COURSE))
def test_a_lesson_starts_with_what_you_will_learn(path: Path) -> None:
    nb = _load(path)
    first_code = next((i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"), len(nb["cells"]))
    learn = [i for i, level, text in _headings(nb) if level >= 2 and text.lower().startswith("what you will learn")]
    assert learn, f"{path.name}: no `## What you will learn` section"
    assert learn[0] < first_code, f"{path.name}: `What you will learn` (cell {learn[0]}) comes after the first code"


@pytest.mark.parametrize("path", COURSE, ids=_ids(COURSE))
def test_a_lesson_ends_with_exercises_and_where_next(path: Path) -> None:
    headings = [(i, text) for i, level, text in _headings(_load(path)) if level >= 2]
    exercises = [i for i, text in headings if text.startswith("Exercises")]
    where_next = [i for i, text in headings if WHERE_NEXT.match(text)]
    assert exercises, f"{path.name}: no `## Exercises` section"
    assert where_next, f"{path.name}: no `## Where next` section"
    assert exercises[-1] <= where_next[-1], f"{path.name}: `Where next` should come after `Exercises`"
