"""Loose seeding input is refused with a clear reason (issue #12 items 8 and 10): negative, absurd
or unknown row counts, null ratios outside 0..1, unknown fan-outs and binary seed files, through
the Python API (a UserError) and the real CLI (one line on stderr, exit 2 or 1, no traceback)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

import workbench as wb
from tests.cli_run import workbench
from workbench.api import seed
from workbench.diagnostics import UserError
from workbench.seeding.options import SeedOptionError

ROOT = Path(__file__).resolve().parent.parent
BLOG_PATH = ROOT / "sample_schemas" / "blog.prisma"
BLOG = wb.load(BLOG_PATH)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"rows": -1}, "rows: -1 is negative"),
        ({"rows": {"User": -5}}, "rows for `User`: -5 is negative"),
        ({"rows": {"Nope": 5}}, "the schema has no model or table `Nope` (models: User, Post, Category"),
        ({"rows": {"Usr": 5}}, "no model or table `Usr`; did you mean `User`?"),
        ({"rows": 2**70}, "more rows than any table can hold"),
        ({"rows": 1.5}, "expected a whole number of rows"),
        ({"rows": True}, "expected a whole number of rows"),
        ({"null_ratio": 2}, "null_ratio: 2 is not a share from 0 to 1"),
        ({"null_ratio": -1}, "null_ratio: -1 is not a share from 0 to 1"),
        ({"null_ratio": float("nan")}, "null_ratio: nan is not a share from 0 to 1"),
        ({"null_ratio": {"Post.content": 1.5}}, "null_ratio for `Post.content`: 1.5"),
        ({"null_ratio": {"Pots.content": 0.5}}, "null_ratio: the schema has no model or table `Pots`; did you mean"),
        ({"fanout": "bogus"}, "fanout: `bogus` is not zipf, uniform or a Zipf exponent"),
        ({"fanout": 0}, "a Zipf exponent must be above 0 and at most 20"),
        ({"fanout": float("inf")}, "a Zipf exponent must be above 0 and at most 20"),
        ({"fanout": 50}, "a Zipf exponent must be above 0 and at most 20"),
        ({"fanout": {"Post": "zipff"}}, "did you mean `zipf`?"),
    ],
)
def test_bad_options_raise_a_user_error_before_anything_is_written(options: dict[str, Any], message: str) -> None:
    with wb.connect() as db:
        db.apply(BLOG)
        with pytest.raises(SeedOptionError) as caught:
            seed(BLOG, db, **options)
        assert message in str(caught.value)
        assert isinstance(caught.value, UserError) and isinstance(caught.value, ValueError)
        assert db.sql('SELECT count(*) FROM "User"').rows[0][0] == 0


def test_a_steep_fanout_on_a_join_table_finishes() -> None:
    """Distinct pairs drawn with a steep Zipf repeat the same few pairs: the sampler used to loop
    for ever on the blog's m:n tables; it now finishes the rest uniformly."""
    report = seed(BLOG, None, {"User": 200, "Post": 600, "Tag": 50, "*": 600}, fanout=20)
    assert report.ok and report.rows["_PostToTag"] == 600


def test_absurd_row_counts_are_refused_up_front_by_their_memory_footprint() -> None:
    with wb.connect() as db:
        db.apply(BLOG)
        with pytest.raises(UserError, match=r"needs about .* of memory .* more than the .* available") as caught:
            seed(BLOG, db, {"User": 4_000_000_000_000, "*": 10})
        assert "`User`: 4,000,000,000,000 rows" in str(caught.value)
        assert db.sql('SELECT count(*) FROM "User"').rows[0][0] == 0


def test_a_binary_seed_file_is_a_located_error(tmp_path: Path) -> None:
    (tmp_path / "users.json").write_bytes(b'[{"name": "Ada"}]\n' + PNG)
    with wb.connect() as db:
        db.apply(BLOG)
        report = seed(BLOG, db, 10, seed_files=tmp_path)
        assert not report.ok
        assert [d.headline() for d in report.errors] == [
            f"{tmp_path}/users.json:2:1: error[E1110]: not a text file (byte 0x89 at offset 18): "
            "seed files are JSON, YAML or CSV in UTF-8"
        ]
        assert repr(report).count("\n") == 1  # the headline and the error, no binary excerpt


def _cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return workbench("seed", *args, cwd=cwd, timeout=120)


def _one_error_line(result: subprocess.CompletedProcess[str], code: int, *parts: str) -> None:
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    for part in parts:
        assert part in lines[0], lines[0]


@pytest.mark.parametrize(
    ("args", "parts"),
    [
        (["--rows", "-1"], ["error: argument --rows: rows: -1 is negative"]),
        (["--rows", "User=-5"], ["rows for `User`: -5 is negative"]),
        (["--rows", "Nope=5"], ["error: rows: the schema has no model or table `Nope`"]),
        (["--rows", "Usr=5"], ["did you mean `User`?"]),
        (["--rows", "2**70"], ["`2**70` is not a whole number of rows"]),
        (["--rows", str(2**70)], ["more rows than any table can hold"]),
        (["--null-ratio", "2"], ["null ratio: 2.0 is not a share from 0 to 1"]),
        (["--null-ratio", "-1"], ["null ratio: -1.0 is not a share from 0 to 1"]),
        (["--null-ratio", "nan"], ["null ratio: nan is not a share from 0 to 1"]),
        (["--fanout", "bogus"], ["error: argument --fanout: fanout: `bogus` is not zipf, uniform"]),
        (["--bogus-flag"], ["error: unrecognized arguments: --bogus-flag"]),
    ],
)
def test_cli_refuses_bad_options_in_one_line(args: list[str], parts: list[str]) -> None:
    _one_error_line(_cli(str(BLOG_PATH), *args), 2, *parts)


def test_cli_binary_seed_file_memory_refusal_and_reseeding(tmp_path: Path) -> None:
    blob = tmp_path / "users.json"
    blob.write_bytes(PNG)
    _one_error_line(_cli(str(BLOG_PATH), "--files", str(blob)), 1, f"{blob}:1:1: error[E1110]: not a text file")
    _one_error_line(_cli(str(BLOG_PATH), "--rows", "User=4000000000000,*=5"), 1, "error: seeding", "of memory")
    target = tmp_path / "blog.duckdb"
    first = _cli(str(BLOG_PATH), "--db", str(target), "--apply", "--rows", "10")
    assert first.returncode == 0, first.stderr
    _one_error_line(_cli(str(BLOG_PATH), "--db", str(target), "--rows", "10"), 1, "already holds rows", "--reset")
    again = _cli(str(BLOG_PATH), "--db", str(target), "--rows", "12", "--reset")
    assert again.returncode == 0, again.stderr
    assert "Seeded 84 rows into 7 tables on duckdb (seed=42)" in again.stdout.splitlines()


def test_cli_seeds_enum_lists_and_sqlite(tmp_path: Path) -> None:
    schema = tmp_path / "tags.prisma"
    schema.write_text(
        'datasource db {\n  provider = "postgresql"\n}\n\nenum Tag {\n  A\n  B\n}\n\n'
        "model Item {\n  id   Int   @id @default(autoincrement())\n  tags Tag[]\n}\n"
    )
    result = _cli(str(schema), "--rows", "25")
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert "Seeded 25 rows into 1 table on duckdb (seed=42)" in result.stdout.splitlines()
    db_file = tmp_path / "blog.sqlite"
    result = _cli(str(BLOG_PATH), "--db", f"sqlite:///{db_file}", "--apply", "--rows", "15")
    assert result.returncode == 0, result.stderr
    assert "Seeded 105 rows into 7 tables on sqlite (seed=42)" in result.stdout.splitlines()
    with wb.connect(f"sqlite:///{db_file}") as db:
        assert db.sql('SELECT count(*) FROM "Post"').rows[0][0] == 15
