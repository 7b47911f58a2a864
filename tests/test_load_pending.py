"""A Prisma load hands over its IR unbuilt (``workbench check`` needs only diagnostics and a headline).

What must hold: the counts a load tells before building agree with the IR built afterwards, on
every schema in the repository, valid or not; building later gives the very schema an eager load
gives; the IR is built once; and the load's work records leave no cycles behind for the collector.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

import workbench as wb
from workbench.ir import Schema
from workbench.loaders.prisma import load_prisma
from workbench.loaders.prisma.context import FieldInfo, ModelInfo
from workbench.loaders.prisma.loader import collector_paused, load_prisma_pending

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = sorted(
    p
    for p in [*ROOT.glob("tests/data/**/*.prisma"), *ROOT.glob("sample_schemas/**/*.prisma")]
    if p.is_file() and p.stat().st_size < 400_000
)


def test_there_are_schemas_valid_and_not() -> None:
    assert len(SCHEMAS) > 100
    oks = [load_prisma_pending(p).ok for p in SCHEMAS[::10]]
    assert any(oks) and not all(oks)


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_counts_before_building_are_those_of_the_ir(path: Path) -> None:
    pending = load_prisma_pending(path)
    summary = pending.summary
    assert not pending.built
    schema = pending.schema()
    assert pending.built and pending.schema() is schema  # built once
    assert summary == schema.summary()
    eager = load_prisma(path)
    assert eager.schema == schema and eager.diagnostics == pending.diagnostics


def test_the_headline_needs_no_ir() -> None:
    s = wb.load(ROOT / "sample_schemas" / "blog.prisma")
    assert s._schema is None
    line = s.headline()
    assert line.endswith("(postgresql): 5 models, 1 enum, 6 relations; 0 errors, 0 warnings")
    assert s._schema is None
    assert len(s.models) == 5 and s._schema is not None
    assert s.headline() == line


def test_a_schema_set_later_wins() -> None:
    s = wb.load(ROOT / "sample_schemas" / "blog.prisma")
    s.schema = Schema()
    assert s.headline().endswith("(no provider): 0 models, 0 enums, 0 relations; 0 errors, 0 warnings")


def _work_records() -> int:
    return sum(1 for o in gc.get_objects() if isinstance(o, ModelInfo | FieldInfo))


def test_the_work_records_go_without_the_collector() -> None:
    gc.collect()
    before = _work_records()
    gc.disable()
    try:
        pending = load_prisma_pending(ROOT / "sample_schemas" / "blog.prisma")
        assert _work_records() > before
        pending.schema()
        assert _work_records() == before  # freed by reference counting alone
        unbuilt = load_prisma_pending(ROOT / "sample_schemas" / "blog.prisma")
        del unbuilt
        assert _work_records() > before  # the proof has teeth: without building, cycles stay
    finally:
        gc.enable()
        gc.collect()


def test_the_collector_is_paused_and_given_back() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # a caller's choice is kept
    finally:
        gc.enable()


def test_a_loaded_schema_copies_and_pickles_with_its_ir() -> None:
    import copy
    import pickle

    s = wb.load(ROOT / "sample_schemas" / "blog.prisma")
    for twin in (copy.deepcopy(s), pickle.loads(pickle.dumps(s)), copy.copy(s)):
        assert twin.schema == s.schema and twin.headline() == s.headline()
        assert twin.diagnostics == s.diagnostics
