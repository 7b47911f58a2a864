"""Hostile input at the edges of the loaders (issue #12 items 7 and 9): deep nesting, files that are
not regular files, bytes that are not UTF-8, lone surrogates, bad string escapes.

Each case is run through the library (``load_prisma``, ``load_sql``, ``format_prisma``) and through
the CLI the way a user runs it; the rule everywhere: a located error (``file:line:col``) or one
error line naming the path, a non-zero exit, no traceback, no hang, and no file changed.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli_run import workbench
from workbench.diagnostics import render_text
from workbench.loaders.prisma import load_prisma
from workbench.loaders.prisma.format import format_path, format_prisma
from workbench.loaders.sql import load_sql
from workbench.loaders.sql.loader import MAX_DEPTH as SQL_MAX_DEPTH
from workbench.prisma.expressions import MAX_DEPTH

PG = 'datasource db {\n  provider = "postgresql"\n}\n'


def cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return workbench(*args, timeout=timeout)


def assert_clean_failure(r: subprocess.CompletedProcess[str], *needles: str) -> None:
    out = r.stdout + r.stderr
    assert r.returncode == 1, out[-2000:]
    assert "Traceback" not in out, out[-2000:]
    for needle in needles:
        assert needle in out, out[-2000:]


def deep_default(depth: int) -> str:
    return f"{PG}model A {{\n  id Int @id @default({'f(' * depth}{')' * depth})\n}}\n"


# -- item 7: deep nesting -----------------------------------------------------------------------


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 331, 10_000, 100_000])
@pytest.mark.parametrize(
    "shape",
    [
        "  id Int @id @default({f})",
        "  id Int[] @id @default({a})",
        "  id Int @id\n\n  @@index({a})",
    ],
)
def test_deep_nesting_is_a_located_error(depth: int, shape: str) -> None:
    f = "f(" * depth + ")" * depth
    a = "[" * depth + "1" + "]" * depth
    text = f"{PG}model A {{\n{shape.format(f=f, a=a)}\n}}\n"
    start = time.perf_counter()
    r = load_prisma(text=text)
    assert time.perf_counter() - start < 10
    errors = [d for d in r.diagnostics if d.is_error]
    assert [d.code for d in errors] == ["E0010"], render_text(r.diagnostics, r.sources)[:2000]
    span = errors[0].span
    assert span is not None and text[span.start] in "([" and span.end == span.start + 1
    depth_there = text[: span.start + 1].count("(") + text[: span.start + 1].count("[")
    depth_there -= text[: span.start].count(")") + text[: span.start].count("]")
    assert depth_there == MAX_DEPTH + 2  # the attribute's own `(` plus MAX_DEPTH + 1 expression levels


def test_nesting_at_the_bound_still_parses_and_is_reported_like_prisma() -> None:
    text = deep_default(MAX_DEPTH)
    r = load_prisma(text=text)
    errors = [d for d in r.diagnostics if d.is_error]
    # Prisma: "Unknown function in @default(): `f` is not known." at 5:23 (the call, not the attribute)
    assert [(d.code, d.span.line, d.span.col) for d in errors if d.span] == [("E0316", 5, 23)]


def test_deep_generator_value_at_the_bound_goes_through_every_target() -> None:
    """A valid schema nesting MAX_DEPTH levels (Prisma accepts this too) loads, lints and exports."""
    from workbench.dialects import lower
    from workbench.emit.prisma import write_prisma
    from workbench.emit.registry import TARGETS, generate
    from workbench.emit.sql import to_ddl
    from workbench.lint import lint

    deep = "[" * MAX_DEPTH + '"a"' + "]" * MAX_DEPTH
    text = f'{PG}generator g {{\n  provider = "prisma-client-js"\n  deep = {deep}\n}}\nmodel A {{\n  id Int @id\n}}\n'
    r = load_prisma(text=text)
    assert r.ok, render_text(r.diagnostics, r.sources)
    lint(r.schema)
    for target in TARGETS:
        assert generate(target, r.schema, source="deep.prisma")
    for dialect in ("postgres", "duckdb", "sqlite"):
        assert to_ddl(lower(r.schema, dialect)[0])
    assert deep in write_prisma(r.schema)


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 10_000, 100_000])
def test_format_never_raises_on_deep_nesting(depth: int) -> None:
    text = deep_default(depth) + "model B {\n  id   Int @id\n  name String\n}\n"
    start = time.perf_counter()
    r = format_prisma(text)
    assert time.perf_counter() - start < 10
    assert [d.code for d in r.diagnostics if d.is_error] == ["E0010"]
    assert "  id Int @id @default(" + "f(" * depth in r.text  # the line Prisma's grammar gives up on: verbatim
    assert "model B {\n  id   Int    @id\n  name String\n}\n" in r.text  # the rest is formatted


@pytest.fixture(scope="module")
def deep_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("deep") / "deep.prisma"
    path.write_text(deep_default(100_000), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "command",
    [
        ["check"],
        ["lint"],
        ["format"],
        ["format", "--check"],
        ["format", "--write"],
        ["export", "--to", "sql"],
        ["export", "--to", "drizzle"],
        ["diagram", "--format", "dot"],
    ],
    ids=" ".join,
)
def test_cli_reports_deep_nesting_without_traceback(deep_file: Path, command: list[str]) -> None:
    before = deep_file.read_bytes()
    r = cli(*command, str(deep_file))
    assert_clean_failure(r, f"{deep_file}:5:", "error[E0010]")
    assert deep_file.read_bytes() == before


def test_studio_opens_a_deeply_nested_schema(deep_file: Path) -> None:
    import workbench as wb

    loaded = wb.load(str(deep_file))
    assert not loaded.ok and [d.code for d in loaded.diagnostics] == ["E0010"]
    wb.studio(str(deep_file))


@pytest.mark.parametrize("depth", [SQL_MAX_DEPTH, 10_000, 100_000])
def test_sql_loader_refuses_deep_parentheses_per_statement(depth: int) -> None:
    text = (
        f"CREATE TABLE t (id int PRIMARY KEY, a int DEFAULT {'(' * depth}1{')' * depth});\n"
        "CREATE TABLE u (id int PRIMARY KEY);\n"
    )
    start = time.perf_counter()
    r = load_sql(text=text, dialect="postgres")
    assert time.perf_counter() - start < 10
    (err,) = [d for d in r.diagnostics if d.is_error]
    assert err.code == "E1002" and "nested more than" in err.message
    assert err.span is not None and (err.span.line, err.span.col) == (1, 51 + SQL_MAX_DEPTH - 1)
    assert [t.name for t in r.database.tables] == ["u"]  # the next statement is still read


def test_sql_loader_catches_recursion_without_parentheses() -> None:
    """Constructs that nest without brackets (CASE, NOT) hit Python's recursion limit in sqlglot."""
    n = 400
    text = (
        f"CREATE TABLE t (id int PRIMARY KEY, a int DEFAULT {'CASE WHEN 1=1 THEN ' * n}1{' END' * n});\n"
        f"CREATE TABLE v (id int PRIMARY KEY, b bool DEFAULT {'NOT ' * n}true);\n"
        "CREATE TABLE u (id int PRIMARY KEY);\n"
    )
    r = load_sql(text=text, dialect="postgres")
    errs = [d for d in r.diagnostics if d.is_error]
    assert [(d.code, d.span.line if d.span else 0) for d in errs] == [("E1002", 1), ("E1002", 2)]
    assert [t.name for t in r.database.tables] == ["u"]


def test_sql_loader_reads_moderate_nesting() -> None:
    n = SQL_MAX_DEPTH - 1  # the column list's parenthesis is the first level
    text = f"CREATE TABLE t (id int PRIMARY KEY, a int DEFAULT {'(' * n}1{')' * n});"
    r = load_sql(text=text, dialect="postgres")
    assert r.ok, [d.headline() for d in r.diagnostics]


# -- item 9: paths that are not regular files ----------------------------------------------------


@pytest.fixture
def specials(tmp_path: Path) -> Iterator[dict[str, Path]]:
    """A FIFO, a socket and a symlink to a device, each named like a schema."""
    fifo = tmp_path / "fifo.prisma"
    os.mkfifo(fifo)
    sock_path = tmp_path / "sock.prisma"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(sock_path))
    device = tmp_path / "zero.prisma"
    device.symlink_to("/dev/zero")
    try:
        yield {"fifo": fifo, "socket": sock_path, "device": device}
    finally:
        sock.close()


WHAT = {"fifo": "a FIFO (named pipe)", "socket": "a socket", "device": "a character device"}


@pytest.mark.parametrize("kind", list(WHAT))
def test_loaders_refuse_special_files(specials: dict[str, Path], kind: str) -> None:
    path = specials[kind]
    want = f"Cannot read `{path}`: it is {WHAT[kind]}, not a regular file."
    r = load_prisma(path)
    assert [d.message for d in r.diagnostics] == [want]
    (only,) = format_path(path).values()
    assert [d.message for d in only.diagnostics] == [want] and not only.changed and only.text == ""
    sql = path.with_name(path.stem + ".sql")
    os.rename(path, sql)
    rs = load_sql(sql, dialect="postgres")
    assert [d.message for d in rs.diagnostics] == [want.replace(str(path), str(sql))]


@pytest.mark.parametrize("command", [["check"], ["format"], ["format", "--write"], ["format", "--check"], ["lint"]])
def test_cli_refuses_a_fifo_and_a_fifo_inside_a_folder(tmp_path: Path, command: list[str]) -> None:
    fifo = tmp_path / "schema.prisma"
    os.mkfifo(fifo)
    r = cli(*command, str(fifo), timeout=30)
    assert_clean_failure(r, f"Cannot read `{fifo}`: it is a FIFO (named pipe), not a regular file.")
    folder = tmp_path / "folder"
    folder.mkdir()
    good = folder / "a.prisma"
    good.write_text(f"{PG}model A {{\nid Int @id\n}}\n", encoding="utf-8")
    os.mkfifo(folder / "b.prisma")
    r = cli(*command, str(folder), timeout=30)
    assert_clean_failure(r, f"Cannot read `{folder / 'b.prisma'}`: it is a FIFO")
    # the readable file of the schema is not reformatted without its sibling
    assert good.read_text(encoding="utf-8") == f"{PG}model A {{\nid Int @id\n}}\n"


def test_folder_named_like_a_schema_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "odd.prisma").mkdir()
    (tmp_path / "schema.prisma").write_text(f"{PG}model A {{\n  id Int @id\n}}\n", encoding="utf-8")
    assert load_prisma(tmp_path).ok
    assert list(format_path(tmp_path)) == [str(tmp_path / "schema.prisma")]


# -- item 9: text that is not UTF-8, lone surrogates, string escapes -------------------------------

LATIN1 = b'datasource db {\n  provider = "postgresql"\n}\n// caf\xe9\nmodel A {\n  id Int @id\n}\n'


def test_invalid_utf8_is_located_and_never_written(tmp_path: Path) -> None:
    path = tmp_path / "latin1.prisma"
    path.write_bytes(LATIN1)
    r = load_prisma(path)
    (d,) = r.diagnostics
    assert (d.code, d.span.line, d.span.col) == ("E0508", 4, 7)  # type: ignore[union-attr]
    assert "byte 0xE9" in d.message
    (res,) = format_path(path).values()
    assert [x.code for x in res.diagnostics] == ["E0508"] and res.text == "" and not res.changed
    for command in (["check"], ["format"], ["format", "--write"], ["export", "--to", "sql"]):
        out = cli(*command, str(path))
        assert_clean_failure(out, f"{path}:4:7: error[E0508]")
    assert path.read_bytes() == LATIN1
    sql = tmp_path / "latin1.sql"
    sql.write_bytes(b"-- caf\xe9\nCREATE TABLE t (id int PRIMARY KEY);\n")
    rs = load_sql(sql, dialect="postgres")
    assert [(x.code, x.span.line, x.span.col) for x in rs.diagnostics if x.span] == [("E1001", 1, 7)]


def test_byte_order_mark_is_rejected_like_prisma(tmp_path: Path) -> None:
    """Prisma reads a BOM as text, so the first line is invalid (`prisma format` keeps it verbatim)."""
    path = tmp_path / "bom.prisma"
    path.write_bytes(b"\xef\xbb\xbf" + LATIN1.replace(b"caf\xe9", b"cafe"))
    errors = [d for d in load_prisma(path).diagnostics if d.is_error]
    assert [(d.code, d.span.line) for d in errors if d.span] == [("E0001", 1), ("E0001", 2), ("E0001", 3)]
    assert errors[0].help is not None and "byte-order mark" in errors[0].help
    path.write_bytes(b"\xef\xbb\xbf" + LATIN1)
    (d,) = [d for d in load_prisma(path).diagnostics if d.code == "E0508"]
    assert (d.span.line, d.span.col) == (4, 7)  # type: ignore[union-attr]


def test_lone_surrogates_in_text_are_errors_not_crashes() -> None:
    text = f'{PG}model A {{\n  id Int @id\n  s String @default("\ud800") /// doc \udc00\n}}\n'
    r = load_prisma(text=text)
    assert [(d.code, d.span.line, d.span.col) for d in r.diagnostics if d.span] == [("E0508", 6, 22)]
    render_text(r.diagnostics, r.sources).encode("utf-8")  # printable
    f = format_prisma(text)
    assert not f.ok and "\ud800" not in f.text
    f.text.encode("utf-8")


def test_string_escapes_decode_like_prisma() -> None:
    r = load_prisma(text=f'{PG}model A {{\n  id Int @id\n  s String @default("\\ud83d\\ude00 \\u00e9\\/\\b")\n}}\n')
    assert r.ok
    field = r.schema.model("A").scalar("s")  # type: ignore[union-attr]
    assert field is not None and field.default is not None and field.default.value == "\U0001f600 \u00e9/\b"


@pytest.mark.parametrize("command", [["check"], ["format"], ["export", "--to", "sql"], ["export", "--to", "zod"]])
def test_cli_on_a_surrogate_escape(tmp_path: Path, command: list[str]) -> None:
    """`"\\ud800"` in a string: Prisma's "Invalid unicode escape sequence", never a UnicodeEncodeError."""
    path = tmp_path / "s.prisma"
    path.write_text(f'{PG}model A {{\n  id Int @id\n  s String @default("\\ud800")\n}}\n', encoding="utf-8")
    assert_clean_failure(cli(*command, str(path)), f"{path}:6:22: error[E0011]: Invalid unicode escape sequence.")
