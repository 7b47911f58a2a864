"""DuckDB migration SQL on real in-process DuckDB: old + up has new's catalog, old + up + down has
old's, rows survive renames, redefinitions and enum recreations; one golden script.

Each case is the smallest pair of schemas that needs the operation kind, with the operations
written by hand (the diff is tested on its own); several cases exist because DuckDB refuses the
plain ALTER there (an indexed table, a referenced table, a key column), see
:mod:`workbench.migrate.sql.duckdb`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pytest

import workbench as wb
from tests.golden import check_golden
from tests.migration_views import column, fk, index, pk, table
from workbench.emit.sql import to_ddl
from workbench.ir.database import Database, DbEnum
from workbench.loaders.introspect import introspect
from workbench.migrate import ops as o
from workbench.migrate.diff import Renames, diff_databases
from workbench.migrate.ops import Op, reverse_all
from workbench.migrate.sql import Statement, render, script

GOLDEN = Path(__file__).parent / "golden" / "migrate"
HEAD = 'datasource db {\n  provider = "postgresql"\n}\n'
Check = Callable[[duckdb.DuckDBPyConnection], None]


def database(body: str) -> Database:
    return wb.load(text=HEAD + body).to_database("duckdb")


def enum(db: Database, name: str) -> DbEnum:
    return next(e for e in db.enums if e.name == name)


def built(db: Database) -> Database:
    con = duckdb.connect()
    con.execute(to_ddl(db))
    return introspect(con)[0].normalized()


def select(sql: str, expected: list[tuple[Any, ...]]) -> Check:
    def check(con: duckdb.DuckDBPyConnection) -> None:
        assert con.execute(sql).fetchall() == expected

    return check


def migrate(
    old: Database, new: Database, up: Sequence[Op], seed: str = "", check: Check | None = None
) -> tuple[list[Statement], list[Statement]]:
    """Build old, seed it, run up (compare with new, run ``check``), run down (compare with old)."""
    up_sql, down_sql = render(tuple(up), old, new), render(reverse_all(tuple(up)), new, old)
    con = duckdb.connect()
    con.execute(to_ddl(old))
    if seed:
        con.execute(seed)
    con.execute(script(up_sql))
    assert introspect(con)[0].normalized() == built(new), script(up_sql)
    if check is not None:
        check(con)
    con.execute(script(down_sql))
    assert introspect(con)[0].normalized() == built(old), script(down_sql)
    return up_sql, down_sql


USER = """model User {
  id    Int     @id @default(autoincrement())
  email String  @unique
  name  String?
%s
}
"""
SEED_USER = "INSERT INTO \"User\" (email, name) VALUES ('a@x', 'Ann'), ('b@x', NULL);"
POST = """model Post {
  id       Int  @id @default(autoincrement())
  authorId Int
  author   User @relation(fields: [authorId], references: [id])
}
"""
SEED_POST = 'INSERT INTO "Post" ("authorId") VALUES (1), (1), (2);'


def comments(statements: list[Statement]) -> list[str]:
    return [s.comment for s in statements]


# --- columns -------------------------------------------------------------------------------------
def test_add_column_is_an_alter_even_on_an_indexed_table_and_its_drop_goes_around_the_indexes() -> None:
    old, new = database(USER % ""), database(USER % "  bio String?")
    up, down = migrate(old, new, [o.AddColumn((None, "User"), column(new, "User", "bio"))], SEED_USER)
    assert up == [Statement("AlterTable", 'ALTER TABLE "User" ADD COLUMN "bio" VARCHAR;')]
    assert comments(down) == ["DropIndex", "AlterTable", "CreateIndex"]  # DuckDB: no DROP COLUMN under an index


def test_add_column_with_an_autoincrement_sequence_and_an_enum() -> None:
    old = database("model T {\n  k String @id\n}\n")
    new = database("enum Mood {\n  OK\n  BAD\n}\nmodel T {\n  k String @id\n  m Mood @default(OK)\n}\n")
    migrate(
        old,
        new,
        [o.CreateEnum(enum(new, "Mood")), o.AddColumn((None, "T"), column(new, "T", "m"))],
        "INSERT INTO \"T\" VALUES ('a');",
        select('SELECT k, m FROM "T"', [("a", "OK")]),
    )


def test_alter_column_type_nullability_default_keeps_rows() -> None:
    old = database(USER % "  age Int @default(0)")
    new = database(USER.replace("String?", "String") % "  age BigInt @default(1)")
    up, _ = migrate(
        old,
        new,
        [
            o.AlterColumn((None, "User"), column(old, "User", "name"), column(new, "User", "name")),
            o.AlterColumn((None, "User"), column(old, "User", "age"), column(new, "User", "age")),
        ],
        "INSERT INTO \"User\" (email, name, age) VALUES ('a@x', 'Ann', 5);",
        select('SELECT name, age FROM "User"', [("Ann", 5)]),
    )
    assert 'ALTER TABLE "User" ALTER COLUMN "age" SET DATA TYPE BIGINT;' in script(up)
    assert 'ALTER TABLE "User" ALTER COLUMN "name" SET NOT NULL;' in script(up)


def test_drop_column_of_a_referenced_table_redefines_it_and_the_referencing_one() -> None:
    old, new = database(USER % "  age Int?\n  posts Post[]" + POST), database(USER % "  posts Post[]" + POST)
    up, _ = migrate(
        old,
        new,
        [o.DropColumn((None, "User"), column(old, "User", "age"))],
        SEED_USER + SEED_POST,
        select('SELECT count(*) FROM "Post" JOIN "User" ON "User".id = "authorId"', [(3,)]),
    )
    assert "RedefineTables" in comments(up)
    # the sequence kept its value: the next user gets id 3
    con = duckdb.connect()
    con.execute(to_ddl(old) + SEED_USER + SEED_POST + script(up) + "INSERT INTO \"User\" (email) VALUES ('c@x');")
    assert con.execute('SELECT max(id) FROM "User"').fetchone() == (3,)


# --- renames -------------------------------------------------------------------------------------
def test_rename_column_on_an_indexed_table_keeps_the_values() -> None:
    old, new = database(USER % ""), database(USER.replace("name ", "nick ") % "")
    up, down = migrate(
        old,
        new,
        [o.RenameColumn((None, "User"), "name", "nick")],
        SEED_USER,
        select('SELECT id, nick FROM "User" ORDER BY id', [(1, "Ann"), (2, None)]),
    )
    assert 'ALTER TABLE "User" RENAME COLUMN "name" TO "nick";' in script(up)
    assert 'ALTER TABLE "User" RENAME COLUMN "nick" TO "name";' in script(down)


def test_rename_referenced_table_keeps_rows_and_references() -> None:
    body = (
        "model %s {\n  id Int @id\n  posts Post[]\n}\n"
        "model Post {\n  id Int @id\n  aid Int\n  a %s @relation(fields: [aid], references: [id])\n}\n"
    )
    old, new = database(body % ("A", "A")), database(body % ("B", "B"))
    up, _down = migrate(
        old,
        new,
        [
            o.DropForeignKey((None, "Post"), fk(old, "Post")),
            o.RenameTable((None, "A"), (None, "B")),
            o.AddForeignKey((None, "Post"), fk(new, "Post")),
        ],
        'INSERT INTO "A" VALUES (1); INSERT INTO "Post" VALUES (10, 1);',
        select('SELECT p.id, b.id FROM "Post" p JOIN "B" b ON b.id = p.aid', [(10, 1)]),
    )
    assert 'CREATE TABLE "_wb_old_B" AS SELECT "id" FROM "A";' in script(up)  # DuckDB: no RENAME when referenced


def test_rename_plain_table_is_an_alter() -> None:
    old, new = database("model A {\n  id Int @id\n}\n"), database("model B {\n  id Int @id\n}\n")
    up, _ = migrate(old, new, [o.RenameTable((None, "A"), (None, "B"))], 'INSERT INTO "A" VALUES (4);')
    assert up == [Statement("RenameTable", 'ALTER TABLE "A" RENAME TO "B";')]


def test_renamed_column_with_index_from_the_differ_both_ways() -> None:
    """The differ renames the index too; the reversed diff renames the index before the column, so the
    index is created again only once the column has its name back."""
    old = database("model Post {\n  id Int @id\n  title String\n  @@index([title])\n}\n")
    new = database("model Post {\n  id Int @id\n  headline String\n  @@index([headline])\n}\n")
    ops = diff_databases(old, new, Renames(columns={((None, "Post"), "title"): "headline"}))
    assert [op.kind for op in ops] == ["rename column", "rename index"]
    migrate(
        old,
        new,
        ops,
        "INSERT INTO \"Post\" VALUES (1, 'Hi');",
        select('SELECT id, headline FROM "Post"', [(1, "Hi")]),
    )


# --- tables, keys, constraints and indexes --------------------------------------------------------
def test_create_and_drop_table_with_inline_foreign_key_and_sequence() -> None:
    old, new = database(USER % ""), database(USER % "  posts Post[]" + POST)
    up, down = migrate(
        old, new, [o.CreateTable(table(new, "Post")), o.AddForeignKey((None, "Post"), fk(new, "Post"))], SEED_USER
    )
    assert comments(up) == ["CreateSequence", "CreateTable"]
    assert 'FOREIGN KEY ("authorId") REFERENCES "User"("id")' in up[1].sql
    assert comments(down) == ["DropTable", "DropSequence"]


def test_foreign_key_added_to_a_non_key_column_redefines_both_tables() -> None:
    """DuckDB wants a UNIQUE constraint (not a unique index) on the referenced columns."""
    old = database(USER % "" + "model Post {\n  id Int @id\n  email String\n}\n")
    new = database(
        USER % "  posts Post[]"
        + "model Post {\n  id Int @id\n  email String\n  u User @relation(fields: [email], references: [email])\n}\n"
    )
    up, _ = migrate(
        old,
        new,
        [o.AddForeignKey((None, "Post"), fk(new, "Post"))],
        SEED_USER + "INSERT INTO \"Post\" VALUES (1, 'a@x');",
        select('SELECT "Post".id, name FROM "Post" JOIN "User" USING (email)', [(1, "Ann")]),
    )
    assert 'UNIQUE ("email")' in script(up)


def test_primary_key_change_redefines_the_table() -> None:
    old = database("model T {\n  a Int\n  b Int\n  @@id([a])\n}\n")
    new = database("model T {\n  a Int\n  b Int\n  @@id([a, b])\n}\n")
    migrate(
        old,
        new,
        [o.DropPrimaryKey((None, "T"), pk(old, "T")), o.AddPrimaryKey((None, "T"), pk(new, "T"))],
        'INSERT INTO "T" VALUES (1, 2);',
        select('SELECT a, b FROM "T"', [(1, 2)]),
    )


def test_create_drop_and_rename_index() -> None:
    old = database(USER % "  @@index([name])")
    new = database(USER % '  @@index([email])\n  @@index([name], map: "by_name")')
    up, _ = migrate(
        old,
        new,
        [
            o.CreateIndex((None, "User"), index(new, "User", "User_email_idx")),
            o.RenameIndex((None, "User"), "User_name_idx", "by_name"),
        ],
        SEED_USER,
    )
    assert script(up) == (
        '-- DropIndex\nDROP INDEX "User_name_idx";\n\n'
        '-- CreateIndex\nCREATE INDEX "User_email_idx" ON "User"("email");\n\n'
        '-- CreateIndex\nCREATE INDEX "by_name" ON "User"("name");\n'
    )


# --- enums ---------------------------------------------------------------------------------------
MOOD = "enum Mood {\n%s}\nmodel T {\n  id Int @id\n  m Mood\n  ms Mood[]\n  @@index([m])\n}\n"


@pytest.mark.parametrize(
    ("before", "after", "renamed", "rows"),
    [
        (["OK", "BAD"], ["OK", "MEH", "BAD"], (), [("OK", ["OK", "BAD"])]),  # a value added in the middle
        (["OK", "BAD", "GONE"], ["OK", "BAD"], (), [("OK", ["OK", "BAD"])]),  # an unused value removed
        (["OK", "BAD"], ["FINE", "BAD"], (("OK", "FINE"),), [("FINE", ["OK", "BAD"])]),  # renamed
    ],
)
def test_enum_change_recreates_the_type_under_the_rows(
    before: list[str], after: list[str], renamed: tuple[tuple[str, str], ...], rows: list[tuple[Any, ...]]
) -> None:
    old = database(MOOD % "".join(f"  {v}\n" for v in before))
    new = database(MOOD % "".join(f"  {v}\n" for v in after))
    seed = "INSERT INTO \"T\" VALUES (1, 'OK', ['OK', 'BAD']);"
    if renamed:  # array elements are not mapped: keep the renamed value out of the array
        seed = "INSERT INTO \"T\" VALUES (1, 'OK', ['BAD']);"
        rows = [("FINE", ["BAD"])]
    up, _ = migrate(
        old,
        new,
        [o.AlterEnum(enum(old, "Mood"), enum(new, "Mood"), renamed)],
        seed,
        select('SELECT CAST(m AS VARCHAR), CAST(ms AS VARCHAR[]) FROM "T"', rows),
    )
    assert "AlterEnum" in comments(up)


def test_removed_enum_value_in_use_fails_like_prisma() -> None:
    old, new = database(MOOD % "  OK\n  BAD\n"), database(MOOD % "  OK\n")
    sql = script(render((o.AlterEnum(enum(old, "Mood"), enum(new, "Mood")),), old, new))
    con = duckdb.connect()
    con.execute(to_ddl(old) + "INSERT INTO \"T\" VALUES (1, 'BAD', []);")
    with pytest.raises(duckdb.ConversionException):
        con.execute("BEGIN;\n" + sql + "\nCOMMIT;")
    con.execute("ROLLBACK")
    assert con.execute('SELECT CAST(m AS VARCHAR) FROM "T"').fetchall() == [("BAD",)]  # all or nothing


def test_create_and_drop_enum() -> None:
    old = database("model T {\n  id Int @id\n}\n")
    new = database("enum E {\n  A\n}\nmodel T {\n  id Int @id\n}\n")
    _up, down = migrate(old, new, [o.CreateEnum(enum(new, "E"))])
    assert down == [Statement("DropEnum", 'DROP TYPE "E";')]


# --- the golden script ---------------------------------------------------------------------------
BLOG_OLD = USER % "  age Int @default(0)\n  posts Post[]\n  @@index([name])" + POST + "model Gone {\n  id Int @id\n}\n"
BLOG_NEW = (
    USER.replace("name  String?", "name  String") % "  age BigInt @default(1)\n  bio String?\n  posts Post[]"
    + POST.replace("authorId Int\n", "authorId Int?\n").replace("author   User ", "author   User? ")
    + 'model Fresh {\n  id Int @id\n  x String @default("a")\n}\n'
)


def blog_ops(old: Database, new: Database) -> tuple[Op, ...]:
    user = (None, "User")
    return (
        o.DropIndex(user, index(old, "User", "User_name_idx")),
        o.AlterColumn(user, column(old, "User", "name"), column(new, "User", "name")),
        o.AlterColumn(user, column(old, "User", "age"), column(new, "User", "age")),
        o.AddColumn(user, column(new, "User", "bio")),
        o.AlterColumn((None, "Post"), column(old, "Post", "authorId"), column(new, "Post", "authorId")),
        o.CreateTable(table(new, "Fresh")),
        o.DropTable(table(old, "Gone")),
    )


def test_golden_blog_script(update_golden: bool) -> None:
    old, new = database(BLOG_OLD), database(BLOG_NEW)
    seed = 'INSERT INTO "User" (email, name) VALUES (\'a@x\', \'Ann\'); INSERT INTO "Post" ("authorId") VALUES (1);'
    ops = diff_databases(old, new)
    assert set(ops) == set(blog_ops(old, new))  # the differ's operations are the hand-written ones
    up, down = migrate(old, new, ops, seed + 'INSERT INTO "Gone" VALUES (3);')
    check_golden(GOLDEN / "blog.duckdb.sql", script(up), update_golden)
    check_golden(GOLDEN / "blog.down.duckdb.sql", script(down), update_golden)


def test_create_schema_with_a_table_in_it() -> None:
    head = 'datasource db {\n  provider = "postgresql"\n  schemas = ["public", "audit"]\n}\n'
    plain = 'model T {\n  id Int @id\n  @@schema("public")\n}\n'
    old = wb.load(text=head.replace(', "audit"', "") + plain).to_database("duckdb")
    new = wb.load(text=head + plain + 'model Log {\n  id Int @id\n  @@schema("audit")\n}\n').to_database("duckdb")
    log = next(t for t in new.tables if t.name == "Log")
    up, down = migrate(old, new, [o.CreateSchema("audit"), o.CreateTable(log)])
    assert comments(up) == ["CreateSchema", "CreateTable"]
    assert 'CREATE TABLE "audit"."Log"' in up[1].sql
    assert comments(down) == ["DropTable", "DropSchema"]


def test_table_moved_to_another_schema_keeps_its_rows() -> None:
    """DuckDB's RENAME TO cannot change the schema: the moved table is redefined in its new schema."""
    head = 'datasource db {\n  provider = "postgresql"\n  schemas = ["public", "audit"]\n}\n'
    body = 'model Log {\n  id Int @id\n  msg String\n  @@schema("%s")\n}\n'
    old = wb.load(text=head + body % "public").to_database("duckdb")
    new = wb.load(text=head + body % "audit").to_database("duckdb")
    ops = diff_databases(old, new, Renames(tables={(None, "Log"): ("audit", "Log")}))
    migrate(old, new, ops, "INSERT INTO \"Log\" VALUES (1, 'hi');", select('SELECT * FROM "audit"."Log"', [(1, "hi")]))


def test_renamed_and_redefined_table_continues_its_ids() -> None:
    """The moved table's new sequence starts past the copied ids (no duplicate key on the next insert)."""
    head = 'datasource db {\n  provider = "postgresql"\n  schemas = ["public", "audit"]\n}\n'
    body = 'model Log {\n  id Int @id @default(autoincrement())\n  msg String\n  @@schema("%s")\n}\n'
    old = wb.load(text=head + body % "public").to_database("duckdb")
    new = wb.load(text=head + body % "audit").to_database("duckdb")
    ops = diff_databases(old, new, Renames(tables={(None, "Log"): ("audit", "Log")}))
    con = duckdb.connect()
    con.execute(to_ddl(old) + "INSERT INTO \"Log\" (msg) VALUES ('a'), ('b');")
    con.execute(script(render(ops, old, new)) + 'INSERT INTO "audit"."Log" (msg) VALUES (\'c\');')
    assert con.execute('SELECT id, msg FROM "audit"."Log" ORDER BY id').fetchall() == [(1, "a"), (2, "b"), (3, "c")]


def test_autoincrement_added_to_a_column_starts_past_its_values() -> None:
    old = database("model T {\n  id Int @id\n  v String\n}\n")
    new = database("model T {\n  id Int @id @default(autoincrement())\n  v String\n}\n")
    ops = diff_databases(old, new)
    up, _ = migrate(old, new, ops, "INSERT INTO \"T\" VALUES (7, 'a');")
    assert comments(up)[0] == "CreateSequence"
    con = duckdb.connect()
    con.execute(to_ddl(old) + "INSERT INTO \"T\" VALUES (7, 'a');" + script(up) + "INSERT INTO \"T\" (v) VALUES ('b');")
    assert con.execute('SELECT id, v FROM "T" ORDER BY id').fetchall() == [(7, "a"), (8, "b")]
