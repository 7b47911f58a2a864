"""Lint's cheap paths must say exactly what the plain ones say (issue 18, item 4).

A fix's edits are built on first use (``Fix.deferred``): the fix must still behave as the frozen
dataclass it was (equality, hash, repr, pickling, immutability), and the text report must not
build them. The block scanner, the plural test and the byte length have fast paths that must
agree with the slow definitions they replace.
"""

from __future__ import annotations

import copy
import pickle
import random
import re
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

import workbench as wb
from workbench.lint import LintConfig, lint
from workbench.lint.context import _BLOCK_TOKEN, closing_brace
from workbench.lint.findings import Applicability, Edit, Fix
from workbench.lint.rules import indexing
from workbench.lint.rules.naming import _SINGULAR_S, _byte_length, is_plural, words

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = [
    *sorted((ROOT / "sample_schemas").glob("*.prisma")),
    *sorted((ROOT / "tests" / "data" / "lint").glob("*/bad.prisma")),
]
EDIT = Edit("schema.prisma", 3, 5, "x")


def test_a_deferred_fix_is_the_fix_its_builder_makes() -> None:
    calls: list[int] = []

    def build() -> tuple[Edit, ...]:
        calls.append(1)
        return (EDIT,)

    lazy = Fix.deferred("add it", build, Applicability.SAFE)
    eager = Fix("add it", (EDIT,), Applicability.SAFE)
    assert not calls  # nothing built yet
    assert lazy == eager and hash(lazy) == hash(eager) and repr(lazy) == repr(eager)
    assert lazy.edits == (EDIT,) and lazy.edits is lazy.edits
    assert calls == [1]  # built once, then kept
    assert lazy != Fix("add it", (EDIT,), Applicability.UNSAFE) and lazy != Fix("other", (EDIT,), Applicability.SAFE)
    assert lazy.to_json() == eager.to_json()
    assert repr(eager) == (
        "Fix(description='add it', edits=(Edit(file='schema.prisma', start=3, end=5, replacement='x'),), "
        "applicability=<Applicability.SAFE: 'safe'>)"
    )


def test_a_fix_stays_frozen_and_pickles_with_its_edits() -> None:
    lazy = Fix.deferred("add it", lambda: (EDIT,))
    with pytest.raises(FrozenInstanceError):
        lazy.description = "other"
    with pytest.raises(FrozenInstanceError):
        del lazy.applicability
    assert pickle.loads(pickle.dumps(Fix.deferred("add it", lambda: (EDIT,)))) == Fix("add it", (EDIT,))
    assert copy.deepcopy(Fix.deferred("add it", lambda: (EDIT,))) == Fix("add it", (EDIT,))
    match lazy:
        case Fix(description, edits, applicability):
            assert (description, edits, applicability) == ("add it", (EDIT,), Applicability.UNSAFE)


def test_with_applicability_keeps_a_fix_deferred() -> None:
    calls: list[int] = []

    def build() -> tuple[Edit, ...]:
        calls.append(1)
        return (EDIT,)

    lazy = Fix.deferred("add it", build)
    safe = lazy.with_applicability(Applicability.SAFE)
    assert not calls and safe.applicability is Applicability.SAFE and lazy.applicability is Applicability.UNSAFE
    assert safe.edits == (EDIT,) and Fix("d", (EDIT,)).with_applicability(Applicability.SAFE).edits == (EDIT,)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.parent.name if p.name == "bad.prisma" else p.name)
def test_the_text_report_builds_no_edit_and_the_json_the_same_edits(path: Path) -> None:
    """The text report reads each fix's description and applicability only; reading the edits
    later (as --json, --fix and the studio do) gives the edits of a fresh run."""
    s = wb.load(path)
    assert s.schema is not None
    report = lint(s.schema, config=LintConfig(), sources=s.sources)
    report.text()
    report.text(unsafe=True)
    assert all(f.fix._edits is None for f in report.findings if f.fix is not None and f.fix._build is not None)
    again = lint(s.schema, config=LintConfig(), sources=s.sources)
    assert report.to_json() == again.to_json()
    assert report.fixed_sources(unsafe=True) == again.fixed_sources(unsafe=True)


def _closing_by_tokens(text: str, pos: int) -> int | None:
    """The definition: the first ``}`` token of the string/comment tokenizer."""
    for m in _BLOCK_TOKEN.finditer(text, pos):
        if m.group() == "}":
            return m.start()
    return None


def test_closing_brace_agrees_with_the_tokenizer_on_random_text() -> None:
    rng = random.Random(18)
    alphabet = ['"', "/", "*", "}", "\\", "\n", "a", " ", "{"]
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        for pos in range(len(text) + 1):
            assert closing_brace(text, pos) == _closing_by_tokens(text, pos), (text, pos)


@pytest.mark.parametrize("path", SAMPLES[:8], ids=lambda p: p.name)
def test_closing_brace_agrees_with_the_tokenizer_on_schemas(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for m in re.finditer(r"\{", text):
        assert closing_brace(text, m.end()) == _closing_by_tokens(text, m.end())


def _plural_by_words(name: str) -> bool:
    last = words(name)[-1]
    return last.endswith("s") and not last.endswith(_SINGULAR_S)


@pytest.mark.parametrize(
    "name",
    [
        "users",
        "Users_",
        "user",
        "m_0",
        "status",
        "UserStatus",
        "orders2",
        "order_items",
        "XS",
        "é",
        "cafés",
        "",
        "_",
        "news",
    ],
)
def test_is_plural_fast_path_agrees_with_the_words(name: str) -> None:
    assert is_plural(name) == _plural_by_words(name)


@pytest.mark.parametrize("name", ["users", "", "naïve_table", "表", "x" * 70])
def test_byte_length_is_the_utf8_length(name: str) -> None:
    assert _byte_length(name) == len(name.encode())


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.parent.name if p.name == "bad.prisma" else p.name)
def test_covered_single_column_path_agrees_with_the_general_one(path: Path) -> None:
    s = wb.load(path)
    assert s.schema is not None
    for m in s.schema.models:
        keys = indexing._keys(m)
        for f in m.fields:
            general = any(
                len(names) >= 1 and set(names[:1]) == {f.name} and not (idx is not None and idx.where)
                for names, idx in keys
            )
            assert indexing.covered(m, (f.name,), keys) == general
