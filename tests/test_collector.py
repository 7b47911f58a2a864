"""``workbench.collector.collector_paused``: big results end up in the oldest generation.

The point of the pause is not only speed while building: a caller whose collector is on (a
notebook) must not have its next young collection walk everything the load or the lint made.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

import workbench as wb
from workbench.collector import collector_paused

ROOT = Path(__file__).resolve().parent.parent


def _young() -> set[int]:
    return {id(o) for generation in (0, 1) for o in gc.get_objects(generation=generation)}


def test_objects_made_while_paused_leave_the_young_generations() -> None:
    assert gc.isenabled() and gc.get_freeze_count() == 0
    with collector_paused():
        made = [[i] for i in range(1000)]
    assert not any(id(x) in _young() for x in made)
    unpaused = [[i] for i in range(10)]
    assert any(id(x) in _young() for x in unpaused)  # the check has teeth


def test_lint_leaves_its_findings_out_of_the_young_generations() -> None:
    s = wb.load(ROOT / "sample_schemas" / "blog.prisma")
    schema = s.schema
    gc.collect()
    report = s.lint()
    assert report.findings and gc.isenabled()
    young = _young()
    assert not any(id(f) in young for f in report.findings)
    assert not any(id(f.diagnostic) in young for f in report.findings)
    assert schema is s.schema


def test_a_caller_who_paused_the_collector_keeps_it_paused() -> None:
    gc.disable()
    try:
        wb.load(ROOT / "sample_schemas" / "blog.prisma").lint()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_lint_command_runs_no_collection(capsys: pytest.CaptureFixture[str]) -> None:
    """`workbench lint` keeps the collector off for the whole command and gives it back with the
    run's objects out of the young generations: re-enabled with them still there, the next
    allocation on the way to the exit started a collection that scanned all of them."""
    from workbench.cli.main import main

    collections: list[int] = []

    def record(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    schema = ROOT / "tests" / "data" / "seed" / "realworld" / "civitai__civitai.prisma"
    gc.collect()
    gc.callbacks.append(record)
    try:
        code = main(["lint", str(schema)])
        after = [[i] for i in range(100)]  # what the exit path allocates, and more
    finally:
        gc.callbacks.remove(record)
    assert code in (0, 1) and len(after) == 100
    assert "civitai" in capsys.readouterr().out  # it did lint: the findings name the file
    assert collections == []
