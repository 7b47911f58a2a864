"""The loaders' one way of reading what they are given (``loaders.source_files.read_sources``).

Both loaders used to carry their own copy; the SQL loader's had lost the guard around ``is_dir``,
so a path the system cannot even look up (a name too long) raised an OSError instead of a located
error. Now both read through one function: same folder expansion, order, and messages.
"""

from __future__ import annotations

from pathlib import Path

from workbench.loaders.prisma import load_prisma
from workbench.loaders.source_files import read_sources
from workbench.loaders.sql import load_sql

TOO_LONG = "x" * 5000


def test_a_name_too_long_is_an_error_in_both_loaders() -> None:
    sql = load_sql(TOO_LONG + ".sql", dialect="postgres")
    prisma = load_prisma(TOO_LONG + ".prisma")
    assert [d.code for d in sql.errors] == ["E1001"] and "Cannot read" in sql.errors[0].message
    assert [d.code for d in prisma.errors] == ["E0506"] and "Cannot read" in prisma.errors[0].message


def test_empty_folders_are_named_with_the_pattern(tmp_path: Path) -> None:
    assert [d.message for d in load_sql(tmp_path, dialect="postgres").errors] == [
        f"No .sql files found in folder `{tmp_path}`."
    ]
    assert [d.message for d in load_prisma(tmp_path).errors] == [f"No .prisma files found in folder `{tmp_path}`."]


def test_folders_expand_in_path_order_as_spelled(tmp_path: Path) -> None:
    for rel in ("b/2.sql", "a/10.sql", "a/1.sql", "a/skip.txt", "c.sql/inner.sql"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("-- x\n", encoding="utf-8")
    files, problems = read_sources([str(tmp_path), str(tmp_path / "a/1.sql")], "*.sql", read_code="R", decode_code="D")
    assert problems == []
    names = [Path(f.path).relative_to(tmp_path).as_posix() for f in files]
    assert names == ["a/1.sql", "a/10.sql", "b/2.sql", "c.sql/inner.sql", "a/1.sql"]


def test_bad_bytes_use_the_decode_code_and_the_bom_is_kept_only_when_asked(tmp_path: Path) -> None:
    (tmp_path / "bad.sql").write_bytes(b"-- \xff\n")
    (tmp_path / "bom.sql").write_bytes(b"\xef\xbb\xbf-- x\n")
    files, problems = read_sources(tmp_path, "*.sql", read_code="R", decode_code="D")
    assert [d.code for d in problems] == ["D"]
    assert [f.text[0] for f in files] == ["-", "-"]
    kept, _ = read_sources(tmp_path / "bom.sql", "*.sql", read_code="R", decode_code="D", keep_bom=True)
    assert kept[0].text.startswith("\ufeff")
