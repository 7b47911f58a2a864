"""The studio's "generated code" menu is the emit registry's list, so a new target appears by itself."""

from __future__ import annotations

from pathlib import Path

import workbench as wb
from workbench.emit.registry import TARGETS
from workbench.notebook import studio_core

BLOG = Path(__file__).resolve().parent.parent / "sample_schemas" / "blog.prisma"


def test_code_targets_are_the_sql_dialects_then_every_registered_target() -> None:
    assert (*studio_core.SQL_TARGETS, *TARGETS) == studio_core.CODE_TARGETS
    assert "rest" in studio_core.CODE_TARGETS  # had drifted out of the hand-kept list


def test_every_code_target_generates_files() -> None:
    loaded = wb.load(BLOG)
    for target in studio_core.CODE_TARGETS:
        files = studio_core.code_files(loaded, target)
        assert files and all(text for text in files.values()), target
