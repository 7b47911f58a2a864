"""tools/compare_versions.py: finds no difference between a tree and itself, finds one in a copy
whose code changes an output, and runs each tree's own code (not the current folder's)."""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = "sample_schemas/blog.prisma"


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("compare_versions", ROOT / "tools" / "compare_versions.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["compare_versions"] = module
    spec.loader.exec_module(module)
    return module


def test_a_tree_against_itself_has_no_differences(capsys: pytest.CaptureFixture[str]) -> None:
    tool = _tool()
    code = tool.main(["--old-tree", str(ROOT), "--new-tree", str(ROOT), "--files", SAMPLE])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "1 schema files" in out
    for kind in ("check", "ir", "lint --json", "format", "export drizzle", "export sql"):
        assert _row(out, kind) == (1, 0), out
    assert "no differences" in out


def test_a_changed_output_is_found(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tool = _tool()
    copy = tmp_path / "tree"
    shutil.copytree(ROOT / "workbench", copy / "workbench", ignore=shutil.ignore_patterns("__pycache__"))
    command = copy / "workbench" / "cli" / "check.py"
    text = command.read_text()
    changed = text.replace("def run(", "print('changed')\n\n\ndef run(", 1)  # the copy's check prints more
    assert changed != text
    command.write_text(changed)
    code = tool.main(
        ["--old-tree", str(ROOT), "--new-tree", str(copy), "--files", SAMPLE, "--aspects", "check,ir", "--show", "1"]
    )
    out = capsys.readouterr().out
    assert code == 1, out
    assert _row(out, "check") == (1, 1), out
    assert _row(out, "ir") == (1, 0), out
    assert SAMPLE in out


def _row(report: str, kind: str) -> tuple[int, int]:
    """(compared, differ) of one output kind's line in the report."""
    found = re.search(rf"^{re.escape(kind)} +(\d+) compared +(\d+) differ$", report, re.M)
    assert found, f"no row for {kind!r}"
    return int(found[1]), int(found[2])
