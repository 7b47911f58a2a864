"""The Prisma formatter against Prisma's own (`prisma format`, 7.10.1), byte for byte.

Goldens are the oracle's output, recorded by ``tests/golden/format/regenerate.sh`` (these tests
never run node): messy inputs under ``tests/data/format/`` with full golden copies, and a sha256
record (``oracle.json``) for every sample schema and every writer golden.
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import replace
from pathlib import Path

import pytest

from tests.golden import check_golden, check_golden_tree
from workbench.emit.prisma import write_prisma
from workbench.ir import Schema
from workbench.loaders.prisma import load_prisma
from workbench.loaders.prisma.format import FormatResult, format_path, format_prisma, format_prisma_files
from workbench.loaders.prisma.format_relations import camel_case, plural

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests/data/format"
GOLDEN = ROOT / "tests/golden/format"
ORACLE = json.loads((GOLDEN / "oracle.json").read_text())
MESSY = sorted(DATA.glob("*.prisma"))
RECORDED = sorted(ORACLE)


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")  # keep CRLF and trailing blanks exactly


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _all_inputs() -> list[Path]:
    return MESSY + [ROOT / p for p in RECORDED]


@pytest.mark.parametrize("path", MESSY, ids=lambda p: p.stem)
def test_messy_input_formats_like_prisma(path: Path) -> None:
    result = format_prisma(_read(path), name=path.name)
    check_golden(GOLDEN / path.name, result.text, False)  # Prisma's output (regenerate.sh), never updated by us
    assert result.changed == (result.text != _read(path))


@pytest.mark.parametrize("rel", RECORDED)
def test_samples_and_writer_goldens_format_like_prisma(rel: str) -> None:
    path = ROOT / rel
    record = ORACLE[rel]
    text = _read(path)
    assert _sha(text) == record["input_sha256"], f"{rel} changed: rerun tests/golden/format/regenerate.sh"
    result = format_prisma(text, name=path.name)
    assert _sha(result.text) == record["output_sha256"]
    assert result.changed is not record["unchanged"]


def test_multifile_folder_formats_like_prisma() -> None:
    folder = DATA / "multifile"
    paths = sorted(folder.rglob("*.prisma"))
    results = format_prisma_files({str(p): _read(p) for p in paths})
    # The goldens are Prisma's output (regenerate.sh), never ours: no --update-golden here.
    check_golden_tree(
        GOLDEN / "multifile", {p.relative_to(folder).as_posix(): results[str(p)].text for p in paths}, False
    )
    # the back-relation field lands in the other file
    assert "posts Post[]" in results[str(folder / "schema.prisma")].text


TWICE = json.loads((GOLDEN / "twice.json").read_text())


@pytest.mark.parametrize("path", _all_inputs(), ids=lambda p: p.stem)
def test_format_is_idempotent(path: Path) -> None:
    once = format_prisma(_read(path), name=path.name)
    twice = format_prisma(once.text, name=path.name)
    record = TWICE.get(path.name) if path.parent == DATA else None
    if record is not None and not record["idempotent"]:
        # Prisma itself changes its own output on a second run here; we follow it, not an ideal.
        assert _sha(twice.text) == record["twice_sha256"]
        assert twice.changed
        return
    assert twice.text == once.text
    assert not twice.changed


def _valid_inputs() -> list[Path]:
    """Inputs the loader accepts without error (the others may legitimately change meaning:
    relation completion adds fields, and lines Prisma's grammar rejects stay verbatim)."""
    return [p for p in _all_inputs() if load_prisma(text=_read(p), name=p.name).ok]


def _without_docs(schema: Schema) -> Schema:
    models = tuple(replace(m, doc=None, fields=tuple(replace(f, doc=None) for f in m.fields)) for m in schema.models)
    enums = tuple(replace(e, doc=None, values=tuple(replace(v, doc=None) for v in e.values)) for e in schema.enums)
    return replace(schema, models=models, enums=enums)


@pytest.mark.parametrize("path", _valid_inputs(), ids=lambda p: p.stem)
def test_format_keeps_the_schema(path: Path) -> None:
    text = _read(path)
    before = load_prisma(text=text, name=path.name)
    after = load_prisma(text=format_prisma(text, name=path.name).text, name=path.name)
    assert after.ok
    if "/*" in text:
        # Prisma's formatter rewrites `/* a\n b */` as `/**\n * a\n * b\n */`, and Prisma reads the
        # documentation of a block comment verbatim, so its DMMF documentation changes too.
        assert _without_docs(after.schema) == _without_docs(before.schema)
    else:
        assert after.schema == before.schema


@pytest.mark.parametrize("path", sorted((ROOT / "sample_schemas").glob("*.prisma")), ids=lambda p: p.stem)
def test_writer_output_is_a_formatter_fixed_point(path: Path) -> None:
    written = write_prisma(load_prisma(path).schema)
    assert format_prisma(written).text == written


def test_missing_back_relation_is_added() -> None:
    text = (
        "model User {\n  id Int @id\n}\n\n"
        "model Post {\n  id Int @id\n  authorId Int\n  author User @relation(fields: [authorId], references: [id])\n}\n"
    )
    result = format_prisma(text)
    assert "  posts Post[]\n" in result.text
    assert result.changed
    assert any(d.code == "E0401" for d in result.diagnostics)  # reported for the input as written
    assert load_prisma(text=result.text).ok


def test_syntax_errors_are_located_and_the_text_is_kept() -> None:
    text = _read(DATA / "invalid_lines.prisma")
    result = format_prisma(text, name="bad.prisma")
    errors = [d for d in result.diagnostics if d.is_error]
    assert errors and all(d.span is not None and d.span.file == "bad.prisma" for d in errors)
    assert {d.span.line for d in errors if d.span} >= {3}  # "this is not valid !!!"
    assert "this is not valid !!!" in result.text  # Prisma keeps unparsable lines verbatim


def test_unclosed_block_is_not_dropped() -> None:
    result = format_prisma("model A {\n  id Int @id\n  name String\n")
    assert "name String" in result.text
    assert any(d.code == "E0006" for d in result.diagnostics)


def test_garbage_never_raises() -> None:
    rng = random.Random(5)
    alphabet = 'model enum {}()[]@@=,:"/\\*\n\r\t ?!.-_aZ09é'
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 120)))
        result = format_prisma(text)
        assert isinstance(result, FormatResult)
        assert result.text.endswith("\n")


def test_inflector_names_match_prisma() -> None:
    assert [plural(camel_case(n)) for n in ("Person", "Mouse", "Category", "HTTPRequest", "user_profile")] == [
        "people",
        "mice",
        "categories",
        "httprequests",
        "userProfiles",
    ]


def test_format_path_reads_bytes_exactly(tmp_path: Path) -> None:
    crlf = DATA / "crlf.prisma"
    target = tmp_path / "crlf.prisma"
    target.write_bytes(crlf.read_bytes())
    (result,) = format_path(target).values()
    assert result.text == _read(GOLDEN / "crlf.prisma")
    assert result.changed


def test_format_path_folder_is_one_schema() -> None:
    folder = DATA / "multifile"
    results = format_path(folder)
    assert sorted(results) == sorted(str(p) for p in folder.rglob("*.prisma"))
    assert results[str(folder / "schema.prisma")].text == _read(GOLDEN / "multifile/schema.prisma")


def test_format_path_unreadable_file_is_a_diagnostic(tmp_path: Path) -> None:
    (result,) = format_path(tmp_path / "missing.prisma").values()
    assert not result.changed
    assert [d.code for d in result.diagnostics] == ["E0506"]


def test_empty_relation_parentheses_follow_prisma_and_warn() -> None:
    result = format_prisma(_read(DATA / "relation_empty_parens.prisma"))
    assert result.text == _read(GOLDEN / "relation_empty_parens.prisma")
    assert "@relation()(fields: [uId], references: [id])" in result.text  # Prisma's own output
    assert [d.code for d in result.diagnostics if not d.is_error] == ["W0901"]
    assert {d.code for d in result.diagnostics if d.is_error} == {"E0408"}  # `fields` missing in the input


def test_valid_schema_result_is_ok_and_unchanged() -> None:
    text = _read(ROOT / "sample_schemas/blog.prisma")
    result = format_prisma(text)
    assert result.ok
    assert not result.changed
    assert result.text == text
