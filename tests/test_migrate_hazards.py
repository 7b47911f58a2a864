"""Migration hazards (#15 item 5): every code has a case that triggers it and one that does not,
and the data-dependent ones are checked against seeded databases (real PostgreSQL, DuckDB, SQLite).

Schemas are Prisma text; ``wb.diff`` lowers both sides for one dialect and lists the hazards of
the up migration. With a database URL as the OLD side the hazards are counted against its rows,
read only: "will fail on 2 rows" is an error, "no row is in the way" is info.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import workbench as wb
from workbench.diagnostics import Severity
from workbench.diagnostics.catalog import Area, names
from workbench.diagnostics.catalog import migrate as codes
from workbench.ir.database import Database, DbColumn, DbEnum, DbTable
from workbench.migrate.diff import Renames, diff_databases
from workbench.migrate.hazards import hazards
from workbench.migrate.typechange import classify, rewrites_on_postgres

DS = 'datasource db {\n  provider = "postgresql"\n}\n'
BASE = """
enum Role {
  USER
  ADMIN
}

model User {
  id     Int     @id
  email  String
  nick   String? @db.VarChar(200)
  bio    String
  score  BigInt
  price  Decimal @db.Decimal(10, 2)
  small  Int
  role   Role
  teamId Int
}

model Team {
  id   Int    @id
  name String
}
"""


def edit(*pairs: tuple[str, str]) -> str:
    text = BASE
    for a, b in pairs:
        assert a in text, a
        text = text.replace(a, b, 1)
    return text


def found(old: str, new: str, dialect: str = "postgres", renames: dict[str, str] | None = None) -> dict[str, Severity]:
    """code -> severity of the up migration's hazards (the worst one when a code repeats)."""
    d = wb.diff(wb.load(text=DS + old), wb.load(text=DS + new), dialect=dialect, renames=renames)
    out: dict[str, Severity] = {}
    for h in d.hazards:
        out.setdefault(h.code, h.severity)
    return out


WITH_TEAM_RELATION = (
    ("  teamId Int\n}", "  teamId Int\n  team   Team @relation(fields: [teamId], references: [id])\n}"),
    ("  name String\n}", "  name String\n  users User[]\n}"),
)

TREE = BASE.replace(
    "  name String\n}",
    '  name String\n  parentId Int?\n  parent Team? @relation("tree", fields: [parentId], references: [id])\n'
    '  children Team[] @relation("tree")\n}',
)
TREE_MOTTO = TREE.replace("  name String\n", '  name String\n  motto String @default("")\n')

# (code, case id, old, new, dialect, renames): each diff must report the code
TRIGGERS = [
    (codes.SELF_REFERENCE_COPY, "duckdb-copies-a-tree", TREE, TREE_MOTTO, "duckdb", None),
    (codes.DROP_TABLE, "drop-model", BASE, BASE.split("model Team")[0], "postgres", None),
    (codes.DROP_COLUMN, "drop-field", BASE, edit(("  bio    String\n", "")), "sqlite", None),
    (codes.REMOVE_ENUM_VALUE, "remove-value", BASE, edit(("  ADMIN\n", "")), "postgres", None),
    (codes.ADD_REQUIRED_COLUMN, "required-no-default", BASE, edit(("  bio ", "  age Int\n  bio ")), "duckdb", None),
    (
        codes.SET_NOT_NULL,
        "optional-to-required",
        BASE,
        edit(("String? @db.VarChar(200)", "String @db.VarChar(200)")),
        "postgres",
        None,
    ),
    (codes.ADD_UNIQUE, "add-unique", BASE, edit(("  email  String\n", "  email  String @unique\n")), "sqlite", None),
    (codes.NARROWING_TYPE, "varchar-shorter", BASE, edit(("@db.VarChar(200)", "@db.VarChar(50)")), "postgres", None),
    (codes.NARROWING_TYPE, "bigint-to-int", BASE, edit(("score  BigInt", "score  Int")), "postgres", None),
    (codes.NARROWING_TYPE, "decimal-precision-down", BASE, edit(("Decimal(10, 2)", "Decimal(6, 2)")), "postgres", None),
    (
        codes.NARROWING_TYPE,
        "text-to-varchar",
        BASE,
        edit(("  bio    String\n", "  bio    String @db.VarChar(80)\n")),
        "postgres",
        None,
    ),
    (codes.CAST_TYPE, "text-to-int", BASE, edit(("  bio    String\n", "  bio    Int\n")), "postgres", None),
    (
        codes.RENAME_TABLE,
        "accepted-table-rename",
        BASE,
        edit(("model Team {", "model Squad {")),
        "postgres",
        {"Team": "Squad"},
    ),
    (
        codes.RENAME_COLUMN,
        "accepted-column-rename",
        BASE,
        edit(("  bio    String\n", "  about  String\n")),
        "sqlite",
        {"User.bio": "User.about"},
    ),
    (
        codes.INDEX_NOT_CONCURRENT,
        "index-on-existing-table",
        BASE,
        edit(("  teamId Int\n}", "  teamId Int\n\n  @@index([email])\n}")),
        "postgres",
        None,
    ),
    (codes.TABLE_REWRITE, "int-to-bigint", BASE, edit(("small  Int", "small  BigInt")), "postgres", None),
    (codes.FOREIGN_KEY_VALIDATES, "relation-on-existing-table", BASE, edit(*WITH_TEAM_RELATION), "postgres", None),
    (
        codes.SET_NOT_NULL_SCANS,
        "set-not-null-postgres",
        BASE,
        edit(("String? @db.VarChar(200)", "String @db.VarChar(200)")),
        "postgres",
        None,
    ),
]

# (code, case id, old, new, dialect, renames): each diff must NOT report the code
NOT_TRIGGERS = [
    (codes.SELF_REFERENCE_COPY, "postgres-alters-in-place", TREE, TREE_MOTTO, "postgres", None),
    (codes.DROP_TABLE, "table-kept", BASE, edit(("  name String\n", "  name String?\n")), "postgres", None),
    (
        codes.DROP_COLUMN,
        "column-made-optional",
        BASE,
        edit(("  bio    String\n", "  bio    String?\n")),
        "sqlite",
        None,
    ),
    (codes.REMOVE_ENUM_VALUE, "value-added", BASE, edit(("  ADMIN\n", "  ADMIN\n  GUEST\n")), "postgres", None),
    (
        codes.ADD_REQUIRED_COLUMN,
        "with-default",
        BASE,
        edit(("  bio ", "  age Int @default(0)\n  bio ")),
        "duckdb",
        None,
    ),
    (codes.ADD_REQUIRED_COLUMN, "optional", BASE, edit(("  bio ", "  age Int?\n  bio ")), "postgres", None),
    (
        codes.ADD_REQUIRED_COLUMN,
        "on-a-new-table",
        BASE,
        BASE + "model Tag {\n  id Int @id\n  label String\n}\n",
        "postgres",
        None,
    ),
    (
        codes.SET_NOT_NULL,
        "required-to-optional",
        BASE,
        edit(("  bio    String\n", "  bio    String?\n")),
        "postgres",
        None,
    ),
    (
        codes.ADD_UNIQUE,
        "plain-index",
        BASE,
        edit(("  teamId Int\n}", "  teamId Int\n\n  @@index([email])\n}")),
        "sqlite",
        None,
    ),
    (codes.NARROWING_TYPE, "varchar-longer", BASE, edit(("@db.VarChar(200)", "@db.VarChar(500)")), "postgres", None),
    (codes.NARROWING_TYPE, "int-to-bigint", BASE, edit(("small  Int", "small  BigInt")), "postgres", None),
    (codes.NARROWING_TYPE, "decimal-wider", BASE, edit(("Decimal(10, 2)", "Decimal(12, 2)")), "postgres", None),
    (codes.CAST_TYPE, "int-to-text", BASE, edit(("  small  Int\n", "  small  String\n")), "postgres", None),
    (
        codes.RENAME_TABLE,
        "mapped-keeps-name",
        BASE,
        edit(
            (
                "model Team {\n  id   Int    @id\n  name String\n",
                'model Squad {\n  id   Int    @id\n  name String\n\n  @@map("Team")\n',
            )
        ),
        "postgres",
        None,
    ),
    (
        codes.RENAME_COLUMN,
        "mapped-keeps-name",
        BASE,
        edit(("  bio    String\n", '  about  String @map("bio")\n')),
        "postgres",
        None,
    ),
    (
        codes.RENAME_COLUMN,
        "not-accepted-is-drop-and-add",
        BASE,
        edit(("  bio    String\n", "  about  String\n")),
        "postgres",
        None,
    ),
    (
        codes.INDEX_NOT_CONCURRENT,
        "not-postgres",
        BASE,
        edit(("  teamId Int\n}", "  teamId Int\n\n  @@index([email])\n}")),
        "sqlite",
        None,
    ),
    (
        codes.INDEX_NOT_CONCURRENT,
        "index-on-new-table",
        BASE,
        BASE + "model Tag {\n  id Int @id\n  label String\n\n  @@index([label])\n}\n",
        "postgres",
        None,
    ),
    (
        codes.TABLE_REWRITE,
        "varchar-longer-no-rewrite",
        BASE,
        edit(("@db.VarChar(200)", "@db.VarChar(500)")),
        "postgres",
        None,
    ),
    (
        codes.TABLE_REWRITE,
        "varchar-to-text-no-rewrite",
        BASE,
        edit(("String? @db.VarChar(200)", "String?")),
        "postgres",
        None,
    ),
    (codes.TABLE_REWRITE, "not-postgres", BASE, edit(("small  Int", "small  BigInt")), "duckdb", None),
    (codes.FOREIGN_KEY_VALIDATES, "not-postgres", BASE, edit(*WITH_TEAM_RELATION), "sqlite", None),
    (
        codes.FOREIGN_KEY_VALIDATES,
        "relation-on-new-table",
        BASE,
        edit(("  name String\n}", "  name String\n  tags Tag[]\n}"))
        + "model Tag {\n  id Int @id\n  team Team @relation(fields: [teamId], references: [id])\n  teamId Int\n}\n",
        "postgres",
        None,
    ),
    (
        codes.SET_NOT_NULL_SCANS,
        "not-postgres",
        BASE,
        edit(("String? @db.VarChar(200)", "String @db.VarChar(200)")),
        "sqlite",
        None,
    ),
]


@pytest.mark.parametrize(
    ("code", "old", "new", "dialect", "renames"),
    [t[:1] + t[2:] for t in TRIGGERS],
    ids=[f"{t[0]}-{t[1]}" for t in TRIGGERS],
)
def test_each_hazard_is_reported(code: str, old: str, new: str, dialect: str, renames: dict[str, str] | None) -> None:
    got = found(old, new, dialect, renames=renames)
    assert code in got, got
    assert got[code] is Severity.WARNING  # without data: the catalogue's severity


@pytest.mark.parametrize(
    ("code", "old", "new", "dialect", "renames"),
    [t[:1] + t[2:] for t in NOT_TRIGGERS],
    ids=[f"{t[0]}-{t[1]}" for t in NOT_TRIGGERS],
)
def test_each_hazard_is_not_reported_when_safe(
    code: str, old: str, new: str, dialect: str, renames: dict[str, str] | None
) -> None:
    got = found(old, new, dialect, renames=renames)
    assert code not in got, got


def test_a_renamed_enum_value_is_a_backward_incompatible_hazard() -> None:
    """wb.diff takes no enum value renames yet; the differ does (Renames.enum_values)."""
    old = Database("postgres", (DbTable("T", (DbColumn("r", "Role"),)),), (DbEnum("Role", ("A", "B")),))
    new = Database("postgres", (DbTable("T", (DbColumn("r", "Role"),)),), (DbEnum("Role", ("A", "C")),))
    renamed = diff_databases(old, new, Renames(enum_values={("Role", "B"): "C"}))
    assert [h.code for h in hazards(renamed, old, new)] == [codes.RENAME_ENUM_VALUE]
    plain = diff_databases(old, new)  # B removed, C added: no rename
    assert codes.RENAME_ENUM_VALUE not in [h.code for h in hazards(plain, old, new)]
    assert codes.REMOVE_ENUM_VALUE in [h.code for h in hazards(plain, old, new)]


# codes that only data can trigger, with the test that does it
DATA_ONLY = {codes.FOREIGN_KEY_ORPHANS: "test_postgres_data_says_how_many_rows_fail"}


def test_every_code_of_the_migrate_area_has_a_triggering_case() -> None:
    covered = {t[0] for t in TRIGGERS} | {codes.RENAME_ENUM_VALUE} | set(DATA_ONLY)
    hazard_codes = {c for c in names(Area.MIGRATE) if int(c[1:]) < 1240}  # 124x and up: the #16 commands' own
    assert hazard_codes == covered
    assert {t[0] for t in NOT_TRIGGERS} | {codes.RENAME_ENUM_VALUE, codes.FOREIGN_KEY_ORPHANS} == covered


def test_hazards_are_located_with_a_safer_alternative() -> None:
    new = edit(("  bio ", "  age Int\n  bio "))
    d = wb.diff(wb.load(text=DS + BASE), wb.load(text=DS + new))
    (h,) = [h for h in d.hazards if h.code == codes.ADD_REQUIRED_COLUMN]
    assert h.span is not None and (DS + new).splitlines()[h.span.line - 1] == "  age Int"  # the new line
    assert "User.age" in h.message and h.help is not None and "backfill" in h.help
    assert h.notes == ("operation: add column User.age INTEGER NOT NULL",)
    text = d._text()
    assert "Hazards:" in text and f"warning[{codes.ADD_REQUIRED_COLUMN}]" in text and "  age Int" in text
    assert "1 hazard" in d.headline()
    assert f"[{codes.ADD_REQUIRED_COLUMN}]" in d._html() and "backfill" in d._html()


def test_a_drop_points_at_the_old_file_even_when_both_files_have_one_name() -> None:
    """Two text schemas are both ``schema.prisma``: the dropped model's excerpt comes from the old text."""
    d = wb.diff(wb.load(text=DS + BASE), wb.load(text=DS + BASE.split("model Team")[0]))
    (h,) = [h for h in d.hazards if h.code == codes.DROP_TABLE]
    assert h.location.startswith("schema.prisma (old):")
    assert "model Team {" in d._text().split(f"[{codes.DROP_TABLE}]")[1].split("= help")[0]


def test_the_down_migration_has_its_own_hazards() -> None:
    d = wb.diff(wb.load(text=DS + BASE), wb.load(text=DS + edit(("  bio ", "  age Int?\n  bio "))))
    assert d.hazards == ()
    assert [h.code for h in d.reverse().hazards] == [codes.DROP_COLUMN]


def test_type_changes_are_classified() -> None:
    assert classify("VARCHAR(200)", "VARCHAR(50)") == "narrow"
    assert classify("TEXT", "VARCHAR(50)") == "narrow"
    assert classify("BIGINT", "INTEGER") == "narrow"
    assert classify("DECIMAL(10,2)", "DECIMAL(10,1)") == "narrow"
    assert classify("INTEGER", "BIGINT") == classify("VARCHAR(5)", "TEXT") == classify("Role", "TEXT") == "widen"
    assert classify("TEXT", "INTEGER") == classify("TEXT", "TEXT[]") == classify("TEXT", "Role") == "cast"
    assert not rewrites_on_postgres("VARCHAR(5)", "VARCHAR(9)") and not rewrites_on_postgres("VARCHAR(5)", "TEXT")
    assert not rewrites_on_postgres("DECIMAL(10,2)", "DECIMAL(12,2)")
    assert not rewrites_on_postgres("TIMESTAMP(3)", "TIMESTAMP(6)")
    assert rewrites_on_postgres("INTEGER", "BIGINT") and rewrites_on_postgres("VARCHAR(9)", "VARCHAR(5)")


# --- against the data ----------------------------------------------------------------------------
CHANGED = edit(
    ("  ADMIN\n", ""),  # rows holding ADMIN
    ("  email  String\n", "  email  String @unique\n"),  # duplicate emails
    ("String? @db.VarChar(200)", "String @db.VarChar(5)"),  # NULL and a too long nick
    ("  bio ", "  age Int\n  bio "),  # required, no default
    ("score  BigInt", "score  Int"),  # a score out of INTEGER's range
    *WITH_TEAM_RELATION,  # a teamId with no team
)
COLUMNS = '"id", "email", "nick", "bio", "score", "price", "small", "role", "teamId"'
BAD_ROWS = [
    "(1, 'a@x', NULL, 'b', 1, 1.5, 1, 'USER', 1)",
    f"(2, 'a@x', 'abcdefgh', 'b', {2**40}, 1.5, 1, 'ADMIN', 9)",
    "(3, 'c@x', 'abc', 'b', 3, 1.5, 1, 'USER', 1)",
]
GOOD_ROWS = [
    "(1, 'a@x', 'ab', 'b', 1, 1.5, 1, 'USER', 1)",
    "(2, 'b@x', 'abc', 'b', 2, 1.5, 1, 'USER', 1)",
]


def seed(url: str, rows: list[str]) -> None:
    db = wb.connect(url)
    try:
        db.apply(wb.load(text=DS + BASE))
        users = f'INSERT INTO "User" ({COLUMNS}) VALUES {", ".join(rows)}' if rows else ""
        db.run_script(f"INSERT INTO \"Team\" VALUES (1, 't');\n{users}")
    finally:
        db.close()


def checked(url: str, new: str = CHANGED) -> dict[str, tuple[Severity, str]]:
    """code -> (severity, message) of the hazards for the database's own engine; a code reported
    twice joins its messages."""
    d = wb.diff(url, wb.load(text=DS + new), dialect=url.split(":", 1)[0].replace("postgresql", "postgres"))
    out: dict[str, tuple[Severity, str]] = {}
    for h in d.hazards:
        was = out.get(h.code)
        out[h.code] = (h.severity, h.message) if was is None else (was[0], f"{was[1]} | {h.message}")
    return out


def user_rows(url: str) -> list[tuple[object, ...]]:
    db = wb.connect(url)
    try:
        return list(db.sql('SELECT "id", "email", "nick", "role", "teamId" FROM "User" ORDER BY "id"').rows)
    finally:
        db.close()


def assert_failures(got: dict[str, tuple[Severity, str]], *, lengths: bool) -> None:
    expected = {
        codes.REMOVE_ENUM_VALUE: "will fail on 1 row (holding `ADMIN`)",
        codes.ADD_UNIQUE: "will fail on 2 rows (repeating a value)",
        codes.SET_NOT_NULL: "will fail on 1 row (holding NULL)",
        codes.FOREIGN_KEY_ORPHANS: "will fail on 1 row whose key matches no row of `Team`",
        codes.ADD_REQUIRED_COLUMN: "will fail on 3 rows (every row needs a value)",
    }
    if lengths:  # DuckDB's VARCHAR has no length: VarChar(5) narrows nothing there
        expected[codes.NARROWING_TYPE] = "VARCHAR(5): will fail on 1 row (whose value does not fit VARCHAR(5))"
    for code, says in expected.items():
        severity, message = got[code]
        assert severity is Severity.ERROR and says in message, (code, message)
    assert "`User.score` narrows from BIGINT to INTEGER: will fail on 1 row" in got[codes.NARROWING_TYPE][1]  # 2**40


def test_postgres_data_says_how_many_rows_fail(pg_url: str) -> None:
    seed(pg_url, BAD_ROWS)
    before = user_rows(pg_url)
    got = checked(pg_url)
    assert_failures(got, lengths=True)
    # the lock hazards carry the table's size
    assert got[codes.INDEX_NOT_CONCURRENT] == (Severity.WARNING, got[codes.INDEX_NOT_CONCURRENT][1])
    assert "(3 rows)" in got[codes.INDEX_NOT_CONCURRENT][1]
    assert user_rows(pg_url) == before  # the check read, and changed nothing
    assert wb.introspect(pg_url).to_database("postgres").normalized() == (
        wb.load(text=DS + BASE).to_database("postgres").normalized()
    )


def test_postgres_clean_data_downgrades_to_info(pg_url: str) -> None:
    seed(pg_url, GOOD_ROWS)
    got = checked(
        pg_url,
        edit(
            ("  ADMIN\n", ""),
            ("  email  String\n", "  email  String @unique\n"),
            ("String? @db.VarChar(200)", "String @db.VarChar(5)"),
            *WITH_TEAM_RELATION,
        ),
    )
    for code in (codes.REMOVE_ENUM_VALUE, codes.ADD_UNIQUE, codes.SET_NOT_NULL, codes.NARROWING_TYPE):
        severity, message = got[code]
        assert severity is Severity.INFO and "no row is in the way" in message, (code, message)
    assert codes.FOREIGN_KEY_ORPHANS not in got


def test_postgres_empty_table_makes_lock_hazards_info(pg_url: str) -> None:
    seed(pg_url, [])
    got = checked(pg_url, edit(("  email  String\n", "  email  String @unique\n"), ("  bio ", "  age Int\n  bio ")))
    assert got[codes.INDEX_NOT_CONCURRENT][0] is Severity.INFO and "empty" in got[codes.INDEX_NOT_CONCURRENT][1]
    assert got[codes.ADD_REQUIRED_COLUMN][0] is Severity.INFO


def test_duckdb_data_says_how_many_rows_fail(tmp_path: Path) -> None:
    url = f"duckdb:///{tmp_path / 'old.duckdb'}"
    seed(url, BAD_ROWS)
    before = user_rows(url)
    got = checked(url)
    assert_failures(got, lengths=False)
    assert codes.INDEX_NOT_CONCURRENT not in got  # lock hazards are PostgreSQL's
    assert user_rows(url) == before


def test_duckdb_clean_data(tmp_path: Path) -> None:
    url = f"duckdb:///{tmp_path / 'old.duckdb'}"
    seed(url, GOOD_ROWS)
    got = checked(url, edit(("  email  String\n", "  email  String @unique\n"), ("  ADMIN\n", "")))
    assert got[codes.ADD_UNIQUE][0] is Severity.INFO and got[codes.REMOVE_ENUM_VALUE][0] is Severity.INFO


def test_sqlite_nulls_and_duplicates(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    seed(url, BAD_ROWS)
    got = checked(url, edit(("  email  String\n", "  email  String @unique\n"), ("String? @db.VarChar(200)", "String")))
    assert got[codes.ADD_UNIQUE] == (Severity.ERROR, got[codes.ADD_UNIQUE][1])
    assert "will fail on 2 rows" in got[codes.ADD_UNIQUE][1]
    assert "will fail on 1 row (holding NULL)" in got[codes.SET_NOT_NULL][1]


def test_cli_prints_hazards_on_stderr(tmp_path: Path) -> None:
    old, new = tmp_path / "old.prisma", tmp_path / "new.prisma"
    old.write_text(DS + BASE)
    new.write_text(DS + edit(("  bio    String\n", "")))
    run = [sys.executable, "-m", "workbench", "migrate", "diff", str(old), str(new)]
    plain = subprocess.run(run, capture_output=True, text=True, timeout=120)
    assert f"old.prisma:14:3: warning[{codes.DROP_COLUMN}]: drop column `User.bio`" in plain.stderr
    assert "   14 |   bio    String" in plain.stderr or "14 |   bio    String" in plain.stderr
    assert "warning[" not in plain.stdout  # standard output stays SQL only


def test_cli_json_lists_the_hazards(tmp_path: Path) -> None:
    old, new = tmp_path / "old.prisma", tmp_path / "new.prisma"
    old.write_text(DS + BASE)
    new.write_text(DS + edit(("  bio    String\n", "")))
    run = [sys.executable, "-m", "workbench", "migrate", "diff", str(old), str(new), "--json"]
    as_json = subprocess.run(run, capture_output=True, text=True, timeout=120)
    assert as_json.returncode == 2, as_json.stderr
    body = json.loads(as_json.stdout)
    assert [h["code"] for h in body["hazards"]] == [codes.DROP_COLUMN]
    assert body["hazards"][0]["severity"] == "warning" and body["hazards"][0]["help"]
    assert body["hazards"][0]["span"]["line"] == 14
