"""The Prisma parser's fast paths read every schema exactly as its general paths do.

The parser reads the common line through shortcuts: per-line cache entries for whole model and
enum blocks (``_FileParser.fast_block``), ASCII twins of the header, field and token regexes, and a
one-regex reader for simple attributes (``expressions._simple_segment``). Each shortcut must give
the same syntax tree and the same diagnostics as the general reader it stands in for, so these
tests parse every schema under tests/data (plus variants with CRLF line endings, tab indentation
and doubled blank lines) both ways, with cold caches each time, and compare the results whole.
``tests/data/prisma_parser/edge_cases.prisma`` gathers the lines that leave the fast paths (block
comments, escapes, legacy syntax, Unicode identifiers and blanks, unclosed blocks, doc comments).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench.prisma import expressions, lexer, parser
from workbench.prisma.ast import SchemaFile

DATA = Path(__file__).parent / "data"
EDGE = DATA / "prisma_parser" / "edge_cases.prisma"
SCHEMAS = sorted(DATA.rglob("*.prisma"))
_NEVER = re.compile(r"(?!)")


def _clear_caches() -> None:
    for cache in (
        parser._FIELD_LINES,
        parser._MODEL_ENTRIES,
        parser._ENUM_ENTRIES,
        expressions._SEGMENTS,
        expressions._PLACED,
    ):
        cache.clear()


def _parse(text: str) -> SchemaFile:
    _clear_caches()
    try:
        return parser.parse_schema(text, "schema.prisma")
    finally:
        _clear_caches()


@pytest.fixture
def general_paths(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every shortcut off: blocks line by line, Unicode regexes only, attributes through tokens."""
    monkeypatch.setattr(parser._FileParser, "fast_block", lambda *args: None)
    monkeypatch.setattr(parser, "_SIMPLE_HEADER", _NEVER)
    monkeypatch.setattr(parser, "_SIMPLE_FIELD", _NEVER)
    monkeypatch.setattr(lexer, "_ASCII_MASTER", lexer._MASTER)
    monkeypatch.setattr(expressions, "_simple_segment", lambda segment: None)
    _clear_caches()
    yield
    _clear_caches()


def _variants(text: str) -> list[str]:
    lf = text.replace("\r\n", "\n")
    return [
        text,
        lf.replace("\n", "\r\n"),
        "\n".join("\t" + line for line in lf.split("\n")),
        lf.replace("\n", "\n\n"),
    ]


def _texts() -> list[tuple[str, list[str]]]:
    return [(str(p.relative_to(DATA)), _variants(p.read_bytes().decode("utf-8", errors="replace"))) for p in SCHEMAS]


def test_the_data_holds_the_edge_cases_and_real_schemas() -> None:
    assert EDGE in SCHEMAS
    assert len(SCHEMAS) > 100  # real-world schemas (tests/data/seed/realworld, format, dmmf, ...)


def test_edge_cases_keep_docs_and_diagnostics() -> None:
    """The edge file exercises what the fast paths hand over: its docs and errors, pinned."""
    got = _parse(EDGE.read_text(encoding="utf-8"))
    blocks = {b.name: b for b in got.blocks}
    user = blocks["User"]
    assert user.doc == "A user\non two lines"
    docs = {f.name: f.doc for f in user.fields}
    assert docs["id"] == "the key"
    assert docs["email"] == "the email\ntrailing doc"
    assert docs["after"] == "a doc comment before a block attribute goes to the next field"
    assert [a.name for a in user.attributes] == ["index", "map"]
    post = blocks["Post"]
    assert [(f.name, f.doc) for f in post.fields][:2] == [
        ("id", "trailing block comment"),
        ("authorId", "a block comment\n     over two lines"),
    ]
    assert [(v.name, v.doc) for v in blocks["Rôle"].values] == [
        ("LECTEUR", "readers"),
        ("ADMIN", None),
        ("OWNER", "with a doc line"),
    ]
    codes = [i.code for i in got.issues]
    assert codes.count("E0009") == 3  # `legacy: Int`, `[Int]`, `Int!`
    assert "E0011" in codes  # the bad escape
    assert codes.count("E0004") == 2  # `A B` and `@id` in enum Broken


@pytest.mark.usefixtures("general_paths")
def test_fast_paths_read_every_schema_as_the_general_paths() -> None:
    expected = {name: [repr(_parse(v)) for v in variants] for name, variants in _texts()}
    with pytest.MonkeyPatch.context() as undo:
        undo.setattr(parser._FileParser, "fast_block", _FAST_BLOCK)
        undo.setattr(parser, "_SIMPLE_HEADER", _SIMPLE_HEADER)
        undo.setattr(parser, "_SIMPLE_FIELD", _SIMPLE_FIELD)
        undo.setattr(lexer, "_ASCII_MASTER", _ASCII_MASTER)
        undo.setattr(expressions, "_simple_segment", _SIMPLE_SEGMENT)
        for name, variants in _texts():
            for k, text in enumerate(variants):
                assert repr(_parse(text)) == expected[name][k], f"{name}, variant {k}"
                # warm caches (a second parse in the same process, as in the studio) read the same
                assert repr(parser.parse_schema(text, "schema.prisma")) == expected[name][k], f"{name}, warm"


_FAST_BLOCK = parser._FileParser.fast_block
_SIMPLE_HEADER = parser._SIMPLE_HEADER
_SIMPLE_FIELD = parser._SIMPLE_FIELD
_ASCII_MASTER = lexer._ASCII_MASTER
_SIMPLE_SEGMENT = expressions._simple_segment


@pytest.mark.parametrize(
    "segment",
    [
        "@id",
        '@@map("users")',
        '@default(now()) @map("created_at")',
        "@default(-1.5)@db.Decimal(10, 2)",
        "@default(DRAFT)",
        "@db.VarChar(255)",
        '@default("")',
        "@default(1.)",
        "@default(1e5)",
        "@default(2fa)",
        '@default("a\\n")',
        "@ id",
        "@id@unique",
        "@db.",
        "@default(now ())",
        "@relation(fields: [a], references: [b])",
        "@id // comment",
        '@map("é")',
        "@défaut(1)",
        "@id\u00a0@unique",
    ],
)
def test_simple_attributes_read_as_the_tokenizer_reads_them(segment: str) -> None:
    def general() -> object:
        try:
            return expressions.parse_segment(segment)
        except expressions.Fail as e:
            return type(e)

    fast = general()
    with pytest.MonkeyPatch.context() as m:
        m.setattr(expressions, "_simple_segment", lambda segment: None)
        assert general() == fast


def test_the_ascii_token_regex_is_the_unicode_one_on_ascii() -> None:
    lines = {line for p in SCHEMAS for line in p.read_bytes().decode("utf-8", errors="replace").split("\n")}
    ascii_lines = [line for line in lines if line.isascii()]
    assert len(ascii_lines) > 1000
    for line in ascii_lines:
        fast = [m.group() for m in lexer._ASCII_MASTER.finditer(line)]
        assert fast == [m.group() for m in lexer._MASTER.finditer(line)], line
