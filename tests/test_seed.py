"""Seeding into real DuckDB: constraints hold for every sample schema, runs are reproducible,
fan-out is skewed when asked, seed files are validated with located errors."""

from __future__ import annotations

from pathlib import Path

import pytest

import workbench as wb
from tests.seed_checks import content_hash, violations
from workbench.api import seed
from workbench.cli.main import main_seed
from workbench.seeding import build_plan

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = [*sorted(p.stem for p in (ROOT / "sample_schemas").glob("*.prisma")), "multifile"]
SEEDS = ROOT / "tests" / "data" / "seeds"


def load(name: str) -> wb.LoadedSchema:  # type: ignore[name-defined]
    path = ROOT / "sample_schemas" / (name if name == "multifile" else f"{name}.prisma")
    loaded = wb.load(path)
    assert not loaded.errors
    return loaded


def fresh(name: str):
    s = load(name)
    db = wb.connect()
    db.apply(s)
    return s, db


@pytest.mark.parametrize("name", SAMPLES)
def test_every_constraint_holds_on_duckdb(name: str) -> None:
    s, db = fresh(name)
    report = seed(s, db, 300, seed=7)
    assert report.ok, report
    plan = build_plan(s.schema, 300)
    assert violations(db, plan, {t.name: t.rows for t in plan.tables}) == []
    assert report.total_rows == sum(t.rows for t in plan.tables) > 0


def test_same_seed_same_rows_different_seed_different_rows() -> None:
    hashes = []
    for seed_value in (1, 1, 2):
        s, db = fresh("ecommerce")
        seed(s, db, 200, seed=seed_value)
        hashes.append(content_hash(db, build_plan(s.schema, 200)))
    assert hashes[0] == hashes[1]
    assert all(hashes[0][t] != hashes[2][t] for t in ("Customer", "Order", "OrderItem"))


def test_rows_per_model_and_caps() -> None:
    s, db = fresh("social")
    report = seed(s, db, {"User": 50, "Profile": 80, "Follow": 300, "*": 20})
    rows = report.rows
    assert rows["User"] == 50
    assert rows["Profile"] == 50  # 1:1 (unique userId): at most one profile per user
    assert rows["Follow"] == 300 and rows["Post"] == 20
    assert any(d.code == "I1101" and "Profile" in d.message for d in report.diagnostics)
    # friends is a self m:n: no (a, a) pairs
    assert db.sql('SELECT count(*) FROM "_friends" WHERE "A" = "B"').rows[0][0] == 0


def _top_share(db, table: str, column: str, parents: int) -> float:
    top = max(1, parents // 100)
    q = f'SELECT n FROM (SELECT "{column}", count(*) n FROM "{table}" GROUP BY 1) ORDER BY n DESC LIMIT {top}'
    total = db.sql(f'SELECT count(*) FROM "{table}"').rows[0][0]
    return sum(r[0] for r in db.sql(q).rows) / total


def test_zipf_fanout_is_skewed_and_uniform_is_not() -> None:
    shares = {}
    for mode in ("zipf", "uniform"):
        s, db = fresh("blog")
        seed(s, db, {"User": 1000, "Post": 20000, "*": 10}, fanout=mode)
        shares[mode] = _top_share(db, "Post", "authorId", 1000)
    assert shares["zipf"] > 0.25  # the top 1% of authors wrote over a quarter of the posts
    assert shares["uniform"] < 0.05


def test_realistic_values() -> None:
    s, db = fresh("ecommerce")
    seed(s, db, 100, null_ratio={"Customer.phone": 0.0, "*": 0.5})
    rows = db.sql('SELECT email, "firstName", "lastName", phone FROM "Customer"').rows
    for email, first, last, phone in rows:
        assert email.startswith(f"{first.lower()}.{last.lower()}") and "@" in email
        assert phone is not None and phone.startswith("+")
    assert db.sql('SELECT count(*) FROM "Address" WHERE length(country) <> 2').rows[0][0] == 0
    prices = [r[0] for r in db.sql('SELECT price FROM "Product"').rows]
    assert all(p > 0 and p.as_tuple().exponent == -2 for p in prices)
    nulls = db.sql('SELECT count(*) FROM "Address" WHERE line2 IS NULL').rows[0][0]
    assert 20 < nulls < 80  # null ratio 0.5 of 100


def test_self_references_point_at_earlier_rows_and_cycles_are_filled() -> None:
    s, db = fresh("blog")
    seed(s, db, {"Comment": 2000, "*": 100})
    replies = db.sql('SELECT count(*) FROM "Comment" WHERE "parentId" IS NOT NULL').rows[0][0]
    assert 500 < replies < 2000
    s, db = fresh("advanced")
    report = seed(s, db, 100)
    assert [d.message for d in report.diagnostics if d.code == "W1103"] == [
        '`Account.searchVec` is Unsupported("tsvector"), which the seeder cannot generate: left to the database (NULL)'
    ]
    assert [str(d.span).rsplit("/", 1)[-1] for d in report.diagnostics if d.code == "W1103"] == [
        f"advanced.prisma:{_line_of('advanced', 'searchVec')}:3"
    ]
    filled = db.sql("SELECT count(primary_contact_id), count(DISTINCT primary_contact_id) FROM accounts").rows[0]
    assert filled[0] > 50 and filled[0] == filled[1]  # the cycle-closing 1:1 key is filled, uniquely
    orphans = db.sql(
        "SELECT count(*) FROM accounts a LEFT JOIN contacts c ON c.id = a.primary_contact_id "
        "WHERE a.primary_contact_id IS NOT NULL AND c.id IS NULL"
    ).rows[0][0]
    assert orphans == 0  # DuckDB does not enforce this key (cycle), so check it here


def test_autoincrement_sequences_continue_after_seeding() -> None:
    s, db = fresh("library")
    seed(s, db, 30)
    db.sql("INSERT INTO \"Genre\" (name) VALUES ('Poetry')")
    assert db.sql("SELECT id FROM \"Genre\" WHERE name = 'Poetry'").rows[0][0] == 31


def test_seed_files_fill_in_around_hand_written_rows() -> None:
    s, db = fresh("blog")
    report = seed(s, db, 40, seed_files=SEEDS / "blog")
    assert report.ok, report
    assert report.tables[0].from_files == 3
    ada = db.sql("SELECT name, role FROM \"User\" WHERE email = 'ada@example.com'").rows
    assert ada == (("Ada Lovelace", "ADMIN"),)
    posts = db.sql(
        'SELECT p.slug, u.email FROM "Post" p JOIN "User" u ON u.id = p."authorId" '
        "WHERE p.slug IN ('notes-on-the-analytical-engine', 'computing-machinery') ORDER BY 1"
    ).rows
    assert posts == (("computing-machinery", "alan@example.com"), ("notes-on-the-analytical-engine", "ada@example.com"))
    grace = db.sql('SELECT "createdAt" <= "updatedAt" FROM "User" WHERE email = \'grace@example.com\'').rows
    assert grace == ((True,),)
    assert violations(db, build_plan(s.schema, 40)) == []


def test_generated_values_avoid_seeded_unique_values(tmp_path: Path) -> None:
    s, db = fresh("blog")
    seed(s, db, 30)
    taken = [r[0] for r in db.sql('SELECT label FROM "Tag" ORDER BY id LIMIT 3').rows]
    (tmp_path / "tags.json").write_text(f'[{{"label": "{taken[1].upper()}"}}, {{"label": "{taken[2]}"}}]')
    s, db = fresh("blog")
    report = seed(s, db, 30, seed_files=tmp_path)
    assert report.ok, report
    labels = [r[0].lower() for r in db.sql('SELECT label FROM "Tag"').rows]
    assert len(labels) == len(set(labels)) == 30


def test_seed_file_errors_are_located() -> None:
    s, db = fresh("blog")
    report = seed(s, db, 10, seed_files=SEEDS / "invalid")
    assert not report.ok
    heads = [d.headline() for d in report.diagnostics]
    base = str(SEEDS / "invalid")
    nobody = "'00000000-0000-4000-8000-000000000000'"
    expected = [
        f"{base}/posts.yaml:3:13: error[E1116]: `authorId` = {nobody} matches no `User.id` in the seed files",
        f"{base}/posts.yaml:4:10: error[E1112]: `title`: expected a string, got a number",
        f"{base}/posts.yaml:6:14: error[E1112]: `viewCount`: expected an integer, got a string",
        f"{base}/tags.csv:3:1: error[E1112]: `id`: expected an integer, got 'x'",
        f"{base}/tags.csv:4:3: error[E1113]: `label`: cannot be null (column `label` is required)",
        f"{base}/users.json:3:14: error[E1115]: duplicate value for unique (email): 'ada@example.com' "
        "is already on line 2",
        f"{base}/users.json:4:33: error[E1111]: model `User` has no field `nmae`",
        f"{base}/users.json:4:56: error[E1118]: `role`: 'OWNER' is not a value of enum `Role` (USER, ADMIN)",
        f"{base}/users.json:5:14: error[E1113]: `email`: cannot be null (column `email` is required)",
        f"{base}/users.json:5:33: error[E1112]: `createdAt`: 'yesterday' is not an ISO 8601 date/time",
    ]
    assert heads == expected
    assert db.sql('SELECT count(*) FROM "User"').rows[0][0] == 0  # nothing written
    text = repr(report)
    assert "did you mean `name`?" in text and "^^^^^^" in text


def test_seed_file_syntax_errors_and_unknown_models(tmp_path: Path) -> None:
    (tmp_path / "users.json").write_text('[\n  {"email": "a@b.c",}\n]\n')
    (tmp_path / "widgets.csv").write_text("id\n1\n")
    s, db = fresh("blog")
    report = seed(s, db, 5, seed_files=[tmp_path / "users.json", tmp_path / "widgets.csv"])
    heads = [d.headline() for d in report.diagnostics]
    assert heads[0].startswith(f"{tmp_path}/users.json:2:21: error[E1110]: cannot parse JSON: expected a quoted key")
    assert heads[1].startswith(f"{tmp_path}/widgets.csv:1:1: error[E1117]: file name `widgets` names no model")


def test_report_display_is_deterministic_and_timings_separate() -> None:
    s, db = fresh("library")
    report = seed(s, db, 20)
    bundle = report._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html"}
    assert bundle["text/plain"].splitlines()[0] == "Seeded 140 rows into 7 tables on duckdb (seed=42)"
    assert " s" not in bundle["text/plain"] and "rows/s" not in bundle["text/plain"]
    assert "rows/s" in repr(report.timings) and "<table>" in report.timings._repr_mimebundle_()["text/html"]


def test_cli_entry(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "blog.duckdb"
    code = main_seed(
        [str(ROOT / "sample_schemas" / "blog.prisma"), "--db", str(target), "--rows", "User=20,*=10", "--apply"]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.splitlines()[0].startswith("Seeding plan: 80 rows into 7 tables")  # the plan comes first
    assert "Seeded 80 rows into 7 tables on duckdb (seed=42)" in out.splitlines()
    with wb.connect(str(target)) as db:
        assert db.sql('SELECT count(*) FROM "User"').rows[0][0] == 20
    code = main_seed([str(ROOT / "sample_schemas" / "blog.prisma"), "--files", str(SEEDS / "invalid")])
    assert code == 1
    assert "error[E1111]" in capsys.readouterr().err  # errors go to stderr
    wb.connect(str(tmp_path / "empty.duckdb")).close()  # an existing database without tables (seed alone creates none)
    code = main_seed([str(ROOT / "sample_schemas" / "blog.prisma"), "--db", str(tmp_path / "empty.duckdb")])
    assert code == 1
    assert "no table `User`" in capsys.readouterr().err


def test_without_a_database_a_fresh_duckdb_is_built_and_missing_tables_are_reported() -> None:
    from workbench.diagnostics import UserError

    s = load("library")
    report = seed(s, None, 15)
    assert report.ok and report.db.sql('SELECT count(*) FROM "Loan"').rows[0][0] == 15
    with pytest.raises(UserError, match=r"no table `Author`.*db\.apply"):
        seed(s, wb.connect(), 5)


def test_fanout_per_field_and_null_ratio_per_field() -> None:
    s, db = fresh("blog")
    seed(s, db, {"User": 1000, "Post": 20000, "*": 10}, fanout={"Post.author": "zipf", "Post.authorId": "uniform"})
    assert _top_share(db, "Post", "authorId", 1000) < 0.05
    s, db = fresh("blog")
    seed(s, db, 200, null_ratio={"User.name": 1.0, "*": 0.0})
    assert db.sql('SELECT count(name) FROM "User"').rows[0][0] == 0
    assert db.sql('SELECT count(*) FROM "Post" WHERE content IS NULL').rows[0][0] == 0


SHORT_KEYS = """
datasource db {
  provider = "postgresql"
}

model Country {
  code String @id @db.Char(2)
  name String @unique @db.VarChar(3)
  tiny Int    @db.SmallInt
}
"""


def test_short_unique_columns_cap_the_row_count(pg_url: str) -> None:
    s = wb.load(text=SHORT_KEYS)
    assert not s.errors
    for db in (wb.connect(), wb.connect(pg_url)):
        with db:
            db.apply(s)
            report = seed(s, db, 2000)
            assert report.rows == {"Country": 1295}  # 36**2 - 1 two-character codes
            assert any(d.code == "I1101" and "CHAR(2)" in d.message for d in report.diagnostics)
            assert violations(db, build_plan(s.schema, 2000)) == []


def test_progress_bar_only_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    s, db = fresh("library")
    seed(s, db, 50)
    assert capsys.readouterr().err == ""  # small run, not a terminal: no bar
    s, db = fresh("library")
    seed(s, db, 50, progress=True)
    assert "seeding" in capsys.readouterr().err


def _line_of(sample: str, text: str) -> int:
    """The 1-based line of the first line of sample_schemas/<sample>.prisma that holds ``text``."""
    lines = (ROOT / "sample_schemas" / f"{sample}.prisma").read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def test_seeded_emails_pass_the_generated_pydantic_models() -> None:
    """Seeded rows are meant to be validated by the models generated from the same schema; the
    special-use `.test` domains failed email-validator's `EmailStr`, so every seeded user did."""
    from email_validator import validate_email

    schema, db = fresh("blog")
    seed(schema, db, rows=50)
    emails = [row[0] for row in db.sql('SELECT email FROM "User"').rows]
    assert len(emails) == 50
    for email in emails:
        validate_email(email, check_deliverability=False)
