"""Property tests: the loaders and the formatter never raise, and finish quickly, on mutated schemas.

Seeds are every schema the suite already has (``sample_schemas/``, the Prisma data cases, the SQL
data cases); hypothesis mutates them the ways real files go wrong (lines deleted, duplicated,
swapped; text truncated; brackets, quotes, comments, escapes, odd Unicode and deep nesting
inserted) and checks that ``load_prisma``, ``format_prisma`` and ``load_sql`` return a result with
well-formed diagnostics that render and encode as UTF-8. ``derandomize=True`` makes every run try
the same examples, so a failure reproduces; the example counts keep the file well under a minute.

The slower, deeper comparison of our verdicts with Prisma's own validator lives in
``tools/fuzz_prisma_oracle.py`` (it needs Node and the oracle, which the suite must not).
"""

from __future__ import annotations

import time
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from workbench.diagnostics import Diagnostic, SourceFile, render_text
from workbench.diagnostics.catalog.prisma import CODES
from workbench.diagnostics.catalog.sql import NAMES as SQL_CODES
from workbench.loaders.prisma import load_prisma
from workbench.loaders.prisma.format import format_prisma
from workbench.loaders.sql import load_sql

ROOT = Path(__file__).resolve().parent.parent


def _seeds(*patterns: str) -> list[str]:
    texts = {p.read_bytes().decode("utf-8", errors="replace") for pattern in patterns for p in ROOT.glob(pattern)}
    return sorted(texts)


PRISMA_SEEDS = _seeds(
    "sample_schemas/**/*.prisma",
    "tests/data/invalid/*.prisma",
    "tests/data/format/*.prisma",
    "tests/data/dmmf/*.prisma",
    "tests/data/ddl/*.prisma",
)
SQL_SEEDS = _seeds("tests/data/sql/**/*.sql", "tests/golden/prisma_ddl/*.sql", "tests/golden/ddl/*.sql")

# What real files contain when they go wrong, and what hostile ones contain on purpose.
TOKENS = [
    *"()[]{}\"'@,:=?!.;-*/\\`$",
    "@@",
    "//",
    "///",
    "/*",
    "*/",
    "/**",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\x00",
    "\x0b",
    "\u00a0",  # no-break space (Prisma's whitespace)
    "\u2028",
    "\u200b",
    "\u202e",
    "\ufeff",
    "\ufffd",
    "é",
    "\U0001f600",
    "\ud800",  # a lone surrogate (possible in a Python string, never in a file)
    '"\\ud800"',
    '"\\q"',
    '"\\u12"',
    '"unterminated',
    "model",
    "enum",
    "view",
    "type",
    "datasource",
    "generator",
    "model X {",
    "}",
    "@id",
    "@unique",
    "@default(",
    "@relation(",
    "@@index([",
    "@@map(",
    "@db.VarChar(",
    "Unsupported(",
    "String",
    "Int?",
    "Post[]",
    "0",
    "-1",
    "1.5",
    "99999999999999999999999",
    "CREATE TABLE",
    "PRIMARY KEY",
    "REFERENCES",
    "DEFAULT",
    "CHECK (",
    "$$",
    "$tag$",
    "BEGIN",
    "END",
    "--",
    "#",
]


@st.composite
def mutated(draw: st.DrawFn, seeds: list[str]) -> str:
    """A seed text after one to six mutations."""
    text = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(1, 6))):
        lines = text.split("\n")
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "truncate", "nest", "garble", "text"]))
        i = draw(st.integers(0, max(len(lines) - 1, 0)))
        pos = draw(st.integers(0, len(text)))
        if op == "delete" and lines:
            del lines[i]
            text = "\n".join(lines)
        elif op == "duplicate" and lines:
            lines.insert(i, lines[i])
            text = "\n".join(lines)
        elif op == "swap" and len(lines) > 1:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        elif op == "insert":
            text = text[:pos] + draw(st.sampled_from(TOKENS)) + text[pos:]
        elif op == "truncate":
            text = text[:pos]
        elif op == "nest":
            depth = draw(st.sampled_from([3, 30, 65, 300, 3000]))
            opener = draw(st.sampled_from(["f(", "[", "(", "{", "a: ["]))
            closer = draw(st.booleans())
            text = text[:pos] + opener * depth + ("" if not closer else "1" + ")" * depth) + text[pos:]
        elif op == "garble":
            end = min(len(text), pos + draw(st.integers(1, 40)))
            text = text[:pos] + text[end:pos:-1] + text[end:]
        else:
            text = text[:pos] + draw(st.text(max_size=20)) + text[pos:]
    return text


def _check_diagnostics(diagnostics: tuple[Diagnostic, ...], sources: dict[str, SourceFile], codes: set[str]) -> None:
    for d in diagnostics:
        assert d.code in codes, d.headline()
        assert d.message
        if d.span is not None:
            assert 0 <= d.span.start <= d.span.end and d.span.line >= 1 and d.span.col >= 1
    render_text(diagnostics, sources).encode("utf-8")  # printable on any terminal


FUZZ = settings(
    derandomize=True,
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@FUZZ
@given(mutated(PRISMA_SEEDS))
@example("model A {\n  id Int @id @default(" + "f(" * 331 + ")" * 331 + ")\n}\n")  # issue #12 item 7
@example('model A {\n  id Int @id\n  s String @default("\\ud800") /* a\n } */\n}\n')
def test_prisma_loader_never_raises(text: str) -> None:
    start = time.perf_counter()
    r = load_prisma(text=text, name="fuzz.prisma")
    assert time.perf_counter() - start < 5
    _check_diagnostics(r.diagnostics, r.sources, set(CODES))
    repr(r.schema)


@FUZZ
@given(mutated(PRISMA_SEEDS))
@example("\ud800")  # found by fuzzing: a lone surrogate in the source line of a rendered diagnostic
def test_formatter_never_raises(text: str) -> None:
    start = time.perf_counter()
    r = format_prisma(text, name="fuzz.prisma")
    assert time.perf_counter() - start < 5
    r.text.encode("utf-8")
    _check_diagnostics(r.diagnostics, {"fuzz.prisma": SourceFile("fuzz.prisma", text)}, set(CODES))


@settings(FUZZ, max_examples=60)
@given(mutated(SQL_SEEDS), st.sampled_from(["postgres", "duckdb", "sqlite", "mysql"]))
@example("\u00ba  CREATE TABLE t (id int);", "postgres")  # found by fuzzing: a letter that is no keyword
@example("CREATE TABLE t (id int DEFAULT '\ud800');", "duckdb")  # found by fuzzing: a lone surrogate
def test_sql_loader_never_raises(text: str, dialect: str) -> None:
    start = time.perf_counter()
    r = load_sql(text=text, dialect=dialect, name="fuzz.sql")
    assert time.perf_counter() - start < 10
    _check_diagnostics(r.diagnostics, r.sources, set(SQL_CODES))
    repr(r.schema)


def test_seed_corpus_is_not_empty() -> None:
    assert len(PRISMA_SEEDS) > 50 and len(SQL_SEEDS) > 10


def test_oracle_script_skips_cleanly_without_the_oracle(tmp_path: Path) -> None:
    """tools/fuzz_prisma_oracle.py must say why and exit 0 when Prisma's oracle is absent."""
    import subprocess
    import sys

    r = subprocess.run(
        [sys.executable, str(ROOT / "tools/fuzz_prisma_oracle.py"), "-n", "3", "--oracle", str(tmp_path / "none")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("fuzz_prisma_oracle: skipped:") and "no Prisma oracle" in r.stdout


def test_oracle_script_mutants_are_deterministic() -> None:
    import random
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import fuzz_prisma_oracle as tool
    finally:
        sys.path.pop(0)
    corpus = tool.seeds()
    assert len(corpus) > 50
    first = [tool.mutate(random.Random(5), corpus[i]) for i in range(20)]
    again = [tool.mutate(random.Random(5), corpus[i]) for i in range(20)]
    assert first == again and first != corpus[:20]
