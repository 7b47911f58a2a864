"""``workbench.collector.collector_paused``: big results end up in the oldest generation.

The point of the pause is not only speed while building: a caller whose collector is on (a
notebook) must not have its next young collection walk everything the load or the lint made.
"""

from __future__ import annotations

import gc
from pathlib import Path

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
