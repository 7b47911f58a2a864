"""SQLite migration SQL on real SQLite databases: old + up has new's catalog, old + up + down has old's,
rows survive renames and table redefinitions; one golden script (Prisma's layout, checked against
the oracle's by effect when it was written: tests/golden/migrate/blog.sqlite.sql).

The operations are written by hand here (the diff is tested on its own); each case is the smallest
pair of schemas that needs the operation kind.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

import workbench as wb
from tests.golden import check_golden
from tests.migration_views import column, fk, index, table
from workbench.emit.sql import to_ddl
from workbench.ir.database import Database
from workbench.loaders.introspect import introspect
from workbench.migrate import ops as o
from workbench.migrate.diff import Renames, diff_databases
from workbench.migrate.ops import Op, reverse_all
from workbench.migrate.sql import Statement, render, script

GOLDEN = Path(__file__).parent / "golden" / "migrate"
HEAD = 'datasource db {\n  provider = "sqlite"\n}\n'


def database(body: str) -> Database:
    return wb.load(text=HEAD + body).to_database("sqlite")


def dump(con: sqlite3.Connection) -> dict[str, Any]:
    """The catalog as SQLite's pragmas report it (what introspection may smooth over: index origin,
    AUTOINCREMENT, the foreign keys' actions), plus the introspected database view."""
    tables: dict[str, Any] = {}
    names = [
        r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    ]
    for name in sorted(names):
        indexes = {}
        for _, idx, unique, origin, partial in con.execute(f'PRAGMA index_list("{name}")').fetchall():
            cols = [(r[2], r[3]) for r in con.execute(f'PRAGMA index_xinfo("{idx}")').fetchall() if r[5]]
            indexes[idx if not idx.startswith("sqlite_autoindex") else f"auto:{origin}"] = (
                unique,
                origin,
                partial,
                cols,
            )
        sql = con.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
        tables[name] = {
            "columns": con.execute(f'PRAGMA table_info("{name}")').fetchall(),
            "indexes": indexes,
            "foreign_keys": sorted(con.execute(f'PRAGMA foreign_key_list("{name}")').fetchall()),
            "autoincrement": "AUTOINCREMENT" in sql.upper(),
        }
    return {"tables": tables, "view": introspect(con)[0].normalized()}


def built(db: Database) -> dict[str, Any]:
    con = sqlite3.connect(":memory:")
    con.executescript(to_ddl(db))
    return dump(con)


def migrate(
    old: Database,
    new: Database,
    up: Sequence[Op],
    seed: str = "",
    check: Callable[[sqlite3.Connection], None] | None = None,
) -> tuple[list[Statement], list[Statement]]:
    """Build old, seed it, run up (compare with new, run ``check``), run down (compare with old)."""
    up_sql, down_sql = render(tuple(up), old, new), render(reverse_all(tuple(up)), new, old)
    con = sqlite3.connect(":memory:", isolation_level=None)
    con.execute("PRAGMA foreign_keys=ON")
    con.executescript(to_ddl(old))
    if seed:
        con.executescript(seed)
    con.executescript(script(up_sql))
    assert dump(con) == built(new), script(up_sql)
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    if check is not None:
        check(con)
    con.executescript(script(down_sql))
    assert dump(con) == built(old), script(down_sql)
    assert con.execute("PRAGMA foreign_keys").fetchone() == (1,)  # the pragmas are put back
    return up_sql, down_sql


USER = """model User {
  id    Int     @id @default(autoincrement())
  email String  @unique
  name  String?
%s
}
"""
SEED_USER = "INSERT INTO \"User\" (id, email, name) VALUES (1, 'a@x', 'Ann'), (2, 'b@x', NULL);"


def _equal(got: list[tuple[Any, ...]], expected: list[tuple[Any, ...]]) -> None:
    assert got == expected


def select(sql: str, expected: list[tuple[Any, ...]]) -> Callable[[sqlite3.Connection], None]:
    return lambda con: _equal(con.execute(sql).fetchall(), expected)


# --- columns -------------------------------------------------------------------------------------
def test_add_nullable_column_is_an_alter_and_its_drop_a_redefinition() -> None:
    old, new = database(USER % ""), database(USER % "  bio String?")
    up, down = migrate(old, new, [o.AddColumn((None, "User"), column(new, "User", "bio"))], SEED_USER)
    assert [s.comment for s in up] == ["AlterTable"]
    assert up[0].sql == 'ALTER TABLE "User" ADD COLUMN "bio" TEXT;'
    assert [s.comment for s in down] == ["RedefineTables"]


def test_add_required_column_with_default_redefines_and_keeps_rows() -> None:
    old, new = database(USER % ""), database(USER % "  age Int @default(7)")
    up, _ = migrate(
        old,
        new,
        [o.AddColumn((None, "User"), column(new, "User", "age"))],
        SEED_USER,
        select('SELECT id, email, name, age FROM "User" ORDER BY id', [(1, "a@x", "Ann", 7), (2, "b@x", None, 7)]),
    )
    assert up[0].comment == "RedefineTables"
    assert 'INSERT INTO "new_User" ("email", "id", "name") SELECT "email", "id", "name" FROM "User";' in up[0].sql
    assert 'CREATE UNIQUE INDEX "User_email_key" ON "User"("email");' in up[0].sql


def test_add_column_in_the_middle_redefines_to_keep_the_column_order() -> None:
    old = database("model T {\n  id Int @id\n  b String?\n}\n")
    new = database("model T {\n  id Int @id\n  a String?\n  b String?\n}\n")
    up, _ = migrate(old, new, [o.AddColumn((None, "T"), column(new, "T", "a"))])
    assert up[0].comment == "RedefineTables"


def test_drop_column_redefines_and_down_restores_the_structure() -> None:
    old, new = database(USER % "  age Int @default(0)"), database(USER % "")
    migrate(
        old,
        new,
        [o.DropColumn((None, "User"), column(old, "User", "age"))],
        SEED_USER,
        select('SELECT id, email, name FROM "User" ORDER BY id', [(1, "a@x", "Ann"), (2, "b@x", None)]),
    )


def test_alter_column_type_nullability_default() -> None:
    old, new = (
        database(USER % "  age Int @default(0)"),
        database(USER.replace("String?", "String") % "  age BigInt @default(1)"),
    )
    up, _ = migrate(
        old,
        new,
        [
            o.AlterColumn((None, "User"), column(old, "User", "name"), column(new, "User", "name")),
            o.AlterColumn((None, "User"), column(old, "User", "age"), column(new, "User", "age")),
        ],
        "INSERT INTO \"User\" (id, email, name, age) VALUES (1, 'a@x', 'Ann', 5);",
        select('SELECT id, name, age FROM "User"', [(1, "Ann", 5)]),
    )
    assert [s.comment for s in up] == ["RedefineTables"]  # one redefinition for both changes
    assert up[0].sql.count("CREATE TABLE") == 1


# --- renames -------------------------------------------------------------------------------------
def test_rename_column_alone_is_an_alter_and_keeps_the_values() -> None:
    old, new = database(USER % ""), database(USER.replace("name ", "nick ") % "")
    up, down = migrate(
        old,
        new,
        [o.RenameColumn((None, "User"), "name", "nick")],
        SEED_USER,
        select('SELECT id, nick FROM "User" ORDER BY id', [(1, "Ann"), (2, None)]),
    )
    assert up[0].sql == 'ALTER TABLE "User" RENAME COLUMN "name" TO "nick";'
    assert down[0].sql == 'ALTER TABLE "User" RENAME COLUMN "nick" TO "name";'


def test_rename_column_in_a_redefinition_copies_from_the_old_name() -> None:
    old, new = database(USER % "  age Int"), database(USER.replace("name  String?", "nick  String") % "  age Int")
    up, down = migrate(
        old,
        new,
        [
            o.RenameColumn((None, "User"), "name", "nick"),
            o.AlterColumn((None, "User"), column(old, "User", "name"), column(new, "User", "nick")),
        ],
        "INSERT INTO \"User\" (id, email, name, age) VALUES (1, 'a@x', 'Ann', 3);",
        select('SELECT id, nick, age FROM "User"', [(1, "Ann", 3)]),
    )
    insert = next(line for line in up[0].sql.splitlines() if line.startswith("INSERT"))
    assert (
        insert
        == 'INSERT INTO "new_User" ("age", "email", "id", "nick") SELECT "age", "email", "id", "name" FROM "User";'
    )
    assert '"name" FROM "User"' not in next(line for line in down[0].sql.splitlines() if line.startswith("INSERT"))


def test_rename_table_keeps_rows_and_the_references_to_it() -> None:
    body = (
        "model %s {\n  id Int @id\n  posts Post[]\n}\n"
        "model Post {\n  id Int @id\n  aid Int\n  a %s @relation(fields: [aid], references: [id])\n}\n"
    )
    old, new = database(body % ("A", "A")), database(body % ("B", "B"))
    migrate(
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


# --- tables, keys and indexes --------------------------------------------------------------------
POST = (
    "model Post {\n  id Int @id @default(autoincrement())\n  authorId Int\n"
    "  author User @relation(fields: [authorId], references: [id]%s)\n}\n"
)


def test_create_and_drop_table_with_inline_foreign_key() -> None:
    old = database(USER % "")
    new = database(USER % "  posts Post[]" + POST % "")
    up, down = migrate(
        old, new, [o.CreateTable(table(new, "Post")), o.AddForeignKey((None, "Post"), fk(new, "Post"))], SEED_USER
    )
    assert [s.comment for s in up] == ["CreateTable"]
    assert 'FOREIGN KEY ("authorId") REFERENCES "User" ("id")' in up[0].sql
    assert down[-1].sql == (
        'PRAGMA defer_foreign_keys=ON;\nPRAGMA foreign_keys=off;\nDROP TABLE "Post";\nPRAGMA foreign_keys=on;'
    )


def test_created_table_gets_its_indexes_after_the_tables() -> None:
    """A CreateTable holds its indexes; Prisma writes them as CreateIndex sections after the tables."""
    old = database(USER % "")
    new = database(USER % "" + "model Tag {\n  id Int @id\n  label String @unique\n}\n")
    up, _ = migrate(old, new, diff_databases(old, new))
    assert up[-1] == Statement("CreateIndex", 'CREATE UNIQUE INDEX "Tag_label_key" ON "Tag"("label");')


def test_foreign_key_change_redefines_the_table_and_keeps_rows() -> None:
    old = database(USER % "  posts Post[]" + POST % "")
    new = database(USER % "  posts Post[]" + POST % ", onDelete: Cascade")
    up, _ = migrate(
        old,
        new,
        [o.DropForeignKey((None, "Post"), fk(old, "Post")), o.AddForeignKey((None, "Post"), fk(new, "Post"))],
        SEED_USER + 'INSERT INTO "Post" VALUES (5, 1);',
        select('SELECT id, authorId FROM "Post"', [(5, 1)]),
    )
    assert [s.comment for s in up] == ["RedefineTables"]
    assert "ON DELETE CASCADE" in up[0].sql


def test_primary_key_change_redefines_the_table() -> None:
    old = database("model T {\n  a Int\n  b Int\n  @@id([a])\n}\n")
    new = database("model T {\n  a Int\n  b Int\n  @@id([a, b])\n}\n")
    migrate(
        old,
        new,
        [
            o.DropPrimaryKey((None, "T"), table(old, "T").primary_key),  # type: ignore[arg-type]
            o.AddPrimaryKey((None, "T"), table(new, "T").primary_key),  # type: ignore[arg-type]
        ],
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
    assert [s.comment for s in up] == ["CreateIndex", "RedefineIndex"]
    assert up[1].sql == 'DROP INDEX "User_name_idx";\nCREATE INDEX "by_name" ON "User"("name");'


def test_unique_index_drop() -> None:
    old, new = database(USER % ""), database(USER.replace("@unique", "") % "")
    up, _ = migrate(old, new, [o.DropIndex((None, "User"), index(old, "User", "User_email_key"))], SEED_USER)
    assert up == [Statement("DropIndex", 'DROP INDEX "User_email_key";')]


def test_pragmas_are_put_back_when_a_redefinition_fails() -> None:
    """A required column without default on a table with rows fails, as Prisma's script does."""
    old, new = database(USER % ""), database(USER % "  age Int")
    sql = script(render((o.AddColumn((None, "User"), column(new, "User", "age")),), old, new))
    con = sqlite3.connect(":memory:", isolation_level=None)
    con.executescript(to_ddl(old) + SEED_USER)
    with pytest.raises(sqlite3.IntegrityError, match="NOT NULL"):
        con.executescript(sql)


# --- the golden script ---------------------------------------------------------------------------
BLOG_OLD = (
    USER % "  age Int @default(0)\n  posts Post[]\n  @@index([name])" + POST % "" + "model Gone {\n  id Int @id\n}\n"
)
BLOG_NEW = (
    USER.replace("name  String?", "name  String")
    % "  age BigInt @default(1)\n  bio String?\n  posts Post[]\n  @@index([email])"
    + POST.replace("authorId Int\n", "authorId Int?\n").replace("author User ", "author User? ") % ", onDelete: Cascade"
    + 'model Fresh {\n  id Int @id\n  x String @default("a")\n}\n'
)


def blog_ops(old: Database, new: Database) -> tuple[Op, ...]:
    """The diff of the oracle's first SQLite pair, written by hand (what diff_databases gives, in another order)."""
    user = (None, "User")
    return (
        o.DropForeignKey((None, "Post"), fk(old, "Post")),
        o.DropIndex(user, index(old, "User", "User_name_idx")),
        o.AlterColumn(user, column(old, "User", "name"), column(new, "User", "name")),
        o.AlterColumn(user, column(old, "User", "age"), column(new, "User", "age")),
        o.AddColumn(user, column(new, "User", "bio")),
        o.AlterColumn((None, "Post"), column(old, "Post", "authorId"), column(new, "Post", "authorId")),
        o.CreateTable(table(new, "Fresh")),
        o.DropTable(table(old, "Gone")),
        o.CreateIndex(user, index(new, "User", "User_email_idx")),
        o.AddForeignKey((None, "Post"), fk(new, "Post")),
    )


def test_golden_blog_script(update_golden: bool) -> None:
    old, new = database(BLOG_OLD), database(BLOG_NEW)
    seed = "INSERT INTO \"User\" (id, email, name) VALUES (1, 'a@x', 'Ann'); INSERT INTO \"Post\" VALUES (1, 1);"
    ops = diff_databases(old, new)
    assert set(ops) == set(blog_ops(old, new))  # the differ's operations are the hand-written ones
    up, down = migrate(old, new, ops, seed + 'INSERT INTO "Gone" VALUES (3);')
    check_golden(GOLDEN / "blog.sqlite.sql", script(up), update_golden)
    check_golden(GOLDEN / "blog.down.sqlite.sql", script(down), update_golden)


@pytest.mark.parametrize("direction", ["up", "down"])
def test_blog_has_the_effect_of_prismas_script(direction: str) -> None:
    """Prisma's own scripts for the pair (``ddl.sh NEW --from=OLD``, kept as goldens) leave the same catalog."""
    old, new = database(BLOG_OLD), database(BLOG_NEW)
    start = old if direction == "up" else new
    up = diff_databases(old, new)
    ours = script(render(up, old, new) if direction == "up" else render(reverse_all(up), new, old))
    prisma = (GOLDEN / ("blog.prisma.sqlite.sql" if direction == "up" else "blog.prisma.down.sqlite.sql")).read_text()
    results = []
    for sql in (ours, prisma):
        con = sqlite3.connect(":memory:", isolation_level=None)
        con.executescript(to_ddl(start) + sql)
        results.append(dump(con))
    assert results[0] == results[1]
