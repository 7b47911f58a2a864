"""The formatter's shortcuts against the slow, exact readings they stand in for.

``format_syntax`` reads plain lines with one pattern instead of running Prisma's grammar, and
``attribute_arguments`` splits plain argument lists the same way; ``relations_complete`` says,
from the formatter's own parse, that the relation step has nothing to add. Each must agree with
what it replaces: the grammar alone (the patterns switched off), and the relation step's own
reading of the schema. Inputs: every schema under tests/data and sample_schemas, and lines of
them perturbed at random (fixed seed) with the characters that decide between the two paths.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench.loaders.prisma import format_relations
from workbench.prisma import format_syntax
from workbench.prisma.format_syntax import Attr, Block, BlockAttr, EnumValue, Field, TopItem

ROOT = Path(__file__).resolve().parent.parent
NEVER = re.compile(r"(?!)")


def _texts() -> list[tuple[str, str]]:
    out = []
    for folder in (ROOT / "tests/data", ROOT / "sample_schemas"):
        for path in sorted(folder.rglob("*.prisma")):
            try:
                out.append((str(path.relative_to(ROOT)), path.read_bytes().decode("utf-8")))
            except (UnicodeDecodeError, OSError):
                continue  # invalid UTF-8 inputs of the loader's tests: format never sees them
    return out


TEXTS = _texts()


def _grammar_only(monkeypatch: pytest.MonkeyPatch, text: str) -> list[TopItem]:
    with monkeypatch.context() as m:
        for name in ("_FAST_FIELD", "_FAST_ENUM", "_FAST_ARG"):
            m.setattr(format_syntax, name, NEVER)
        format_syntax._LINES.clear()
        return format_syntax.parse_for_format(text)


def _fast(text: str) -> list[TopItem]:
    format_syntax._LINES.clear()
    return format_syntax.parse_for_format(text)


def _attributes(items: list[TopItem]) -> Iterator[Attr]:
    for item in items:
        if isinstance(item, Block):
            for x in item.items:
                if isinstance(x, Field | EnumValue):
                    yield from x.attributes
                elif isinstance(x, BlockAttr):
                    yield x.attr


def test_corpus_is_large_enough() -> None:
    assert len(TEXTS) > 300


@pytest.mark.parametrize("chunk", range(4))
def test_plain_lines_read_like_the_grammar(monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    for name, text in TEXTS[chunk::4]:
        assert _fast(text) == _grammar_only(monkeypatch, text), name


def test_arguments_read_like_the_grammar(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = 0
    for _, text in TEXTS:
        for attr in _attributes(_grammar_only(monkeypatch, text)):
            fast = format_syntax.attribute_arguments(attr)
            with monkeypatch.context() as m:
                m.setattr(format_syntax, "_FAST_ARG", NEVER)
                slow = format_syntax.attribute_arguments(attr)
            assert fast == slow, attr
            seen += bool(slow)
    assert seen > 1000


_NOISE = [" ", "  ", "\t", "-", "_", "1", "é", "\u00a0", ",", ", ", ":", ": ", "(", ")", "[", "]", "{", "}"]
_NOISE += ['"', "\\", ".", "@", "@@", "?", "!", "//", "/*", "*/", "\r", "a", "0.5", "-3", "\u2028"]


def test_perturbed_lines_read_like_the_grammar(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(18)
    lines = [line for _, t in TEXTS[::3] for line in t.split("\n") if line.strip() and "//" not in line]
    plain = 0
    for _ in range(4000):
        line = rng.choice(lines).strip()
        for _ in range(rng.randint(0, 2)):
            k = rng.randrange(len(line) + 1)
            line = line[:k] + rng.choice(_NOISE) + line[k:] if rng.random() < 0.6 else line[:k] + line[k + 1 :]
        keyword = rng.choice(["model", "enum", "type", "view"])
        text = f"{keyword} A {{\n  {line}\n  {rng.choice(lines).strip()}\n}}\n"
        assert _fast(text) == _grammar_only(monkeypatch, text), text
        body = format_syntax._FAST_ENUM if keyword == "enum" else format_syntax._FAST_FIELD
        m = body.match(f"  {line}\n")
        plain += m is not None and m["name"] is not None and format_syntax._fast_run(m["rest"]) is not None
    assert plain > 800  # the patterns did read a good share of the lines


def test_relations_complete_only_when_nothing_is_added() -> None:
    complete = incomplete = 0
    for name, text in TEXTS:
        if format_relations.relations_complete([format_syntax.parse_for_format(text)]):
            bits, _ = format_relations._compute(format_relations._Schema({name: text}))
            assert not bits, name
            complete += 1
        else:
            incomplete += 1
    assert complete > 200 and incomplete > 20


def test_relations_complete_sees_a_missing_back_relation() -> None:
    whole = (
        "model User {\n  id Int @id\n  posts Post[]\n}\n\n"
        "model Post {\n  id Int @id\n  authorId Int\n  author User @relation(fields: [authorId], references: [id])\n}\n"
    )
    assert format_relations.relations_complete([format_syntax.parse_for_format(whole)])
    for broken in (
        whole.replace("  posts Post[]\n", ""),  # back relation missing
        whole.replace(" @relation(fields: [authorId], references: [id])", ""),  # no @relation
        whole.replace(", references: [id]", ""),  # references missing
        whole.replace("posts Post[]", "post Post?")
        .replace("author User @", "author User? @")
        .replace("(fields: [authorId], references: [id])", ""),
    ):
        assert not format_relations.relations_complete([format_syntax.parse_for_format(broken)])
