"""PostgreSQL migration SQL, by effect on a real server: old + up has new's catalog, old + up + down old's.

Each case is a pair of small Prisma schemas and the operations between them from
:func:`~workbench.migrate.diff.diff_databases` (built by hand only for what no Prisma schema
expresses: views, a bare schema). The catalogs are compared with :mod:`tests.pgcatalog` (names,
types, defaults, constraints, indexes, sequences, enum labels in order); ``new`` is built fresh from
our DDL in a second database. Renames are checked to keep rows. Where Prisma Migrate writes the same
change, old + Prisma's script (committed under ``tests/golden/migrate/prisma/``) leaves the same
catalog as old + ours. One pair's script text is a golden.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import psycopg
import pytest

import workbench as wb
from tests import pgcatalog
from tests.golden import check_golden
from workbench.emit.sql import to_ddl
from workbench.ir.database import Database, DbColumn, DbEnum, DbIndex, DbIndexColumn, DbPrimaryKey, DbView
from workbench.migrate import ops as o
from workbench.migrate.diff import Renames, diff_databases
from workbench.migrate.sql import Statement, render, script
from workbench.migrate.sql.postgres import assignment_castable, serial_sequence

GOLDEN = Path(__file__).parent / "golden" / "migrate"
PRISMA = GOLDEN / "prisma"  # prisma-oracle's ddl.sh NEW --from=OLD for the pairs of PRISMA_PAIRS
HEAD = 'datasource db {\n  provider = "postgresql"\n}\n'


def db(body: str) -> Database:
    return wb.load(text=HEAD + body).to_database("postgres")


def run(url: str, sql: str) -> None:
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(sql.encode())


def run_statements(url: str, statements: list[Statement]) -> None:
    """One statement block at a time, as a runner does (an added enum label is committed before use)."""
    for statement in statements:
        run(url, statement.sql)


def rows(url: str, sql: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(url) as con:
        return [tuple(r) for r in con.execute(sql.encode()).fetchall()]


def migrate(
    url: str, url2: str, old: Database, new: Database, up: tuple[o.Op, ...], seed: str = "", between: str = ""
) -> None:
    """old + up == new and old + up + down == old, by catalog; ``seed`` runs on old before up, ``between``
    after up."""
    run(url2, to_ddl(new))
    fresh_new = pgcatalog.dump(url2)
    run(url, to_ddl(old))
    before = pgcatalog.dump(url)
    if seed:
        run(url, seed)
    run_statements(url, render(up, old, new))
    assert not pgcatalog.diff(fresh_new, pgcatalog.dump(url), ("new", "old + up"))
    if between:
        run(url, between)
    run_statements(url, render(o.reverse_all(up), new, old))
    assert not pgcatalog.diff(before, pgcatalog.dump(url), ("old", "old + up + down"))


def kinds(ops: tuple[o.Op, ...]) -> list[str]:
    return [op.kind for op in ops]


def table(database: Database, name: str) -> Any:
    found = database.table(name)
    assert found is not None
    return found


T = (None, "T")
ENUM_OLD = "enum Role {\n  A\n  B\n  C\n}\nmodel T {\n  id Int @id\n  r Role @default(B)\n  rs Role[]\n}\n"


def test_enum_added_values_are_positioned_where_the_new_schema_has_them(pg_url: str, pg_url2: str) -> None:
    old = db(ENUM_OLD)
    new = db(ENUM_OLD.replace("  A\n  B\n  C\n", "  X\n  A\n  B\n  D\n  C\n  E\n"))
    up = diff_databases(old, new)
    assert kinds(up) == ["alter enum"]
    migrate(pg_url, pg_url2, old, new, up, seed="""INSERT INTO "T" VALUES (1, 'C', '{A,C}');""")
    sql = script(render(up, old, new))
    assert "ADD VALUE 'X' BEFORE 'A'" in sql and "ADD VALUE 'E';" in sql and "BEGIN" not in sql
    assert rows(pg_url, 'SELECT "r"::text, "rs"::text[] FROM "T"') == [("C", ["A", "C"])]


def test_enum_removed_value_recreates_the_type_like_prisma(pg_url: str, pg_url2: str) -> None:
    old = db(ENUM_OLD)
    new = db(ENUM_OLD.replace("  B\n", "").replace("@default(B)", "@default(C)"))
    up = diff_databases(old, new)
    assert kinds(up) == ["alter enum", "alter column"]
    migrate(pg_url, pg_url2, old, new, up, seed="""INSERT INTO "T" VALUES (1, 'C', '{A,C}');""")
    statements = render(up, old, new)
    assert [s.comment for s in statements] == ["AlterTable", "AlterEnum"]  # the default leaves B first
    text = statements[1].sql
    assert text.splitlines()[:3] == [
        "BEGIN;",
        """CREATE TYPE "Role_new" AS ENUM ('A', 'C');""",
        """ALTER TABLE "T" ALTER COLUMN "r" DROP DEFAULT;""",
    ]
    assert """ALTER TABLE "T" ALTER COLUMN "rs" TYPE "Role_new"[] USING ("rs"::text::"Role_new"[]);""" in text
    assert rows(pg_url, 'SELECT "r"::text FROM "T"') == [("C",)]


def test_enum_removal_runs_after_the_column_holding_the_label_is_dropped(pg_url: str, pg_url2: str) -> None:
    old = db(ENUM_OLD)
    new = db(ENUM_OLD.replace("  B\n  C\n", "  C\n  D\n").replace("@default(B)", "@default(C)").replace(
        "rs Role[]\n", "rs Role[]\n  d Role @default(D)\n"))  # fmt: skip
    up = diff_databases(old, new)
    assert kinds(up) == ["alter enum", "add column", "alter column"]
    seed = """INSERT INTO "T" VALUES (1, 'C', '{A}');"""
    # after up a row holds D: down drops column d before the recreation that removes D (Prisma's order
    # reversed would recast d first and fail), and adds B back before the default 'B' is restored
    migrate(pg_url, pg_url2, old, new, up, seed=seed, between="""INSERT INTO "T" VALUES (2, 'A', '{}', 'D');""")
    assert rows(pg_url, 'SELECT "id", "r"::text FROM "T" ORDER BY 1') == [(1, "C"), (2, "A")]


def test_enum_renamed_value_keeps_the_rows(pg_url: str, pg_url2: str) -> None:
    old = db(ENUM_OLD)
    new = db(ENUM_OLD.replace("  B\n", "  BEE\n").replace("@default(B)", "@default(BEE)"))
    up = diff_databases(old, new, Renames(enum_values={("Role", "B"): "BEE"}))
    assert isinstance(up[0], o.AlterEnum) and up[0].renamed == (("B", "BEE"),)
    migrate(pg_url, pg_url2, old, new, up, seed="""INSERT INTO "T" VALUES (1, 'B', '{B}');""")
    assert """ALTER TYPE "Role" RENAME VALUE 'B' TO 'BEE';""" in script(render(up, old, new))
    assert rows(pg_url, 'SELECT "r"::text, "rs"::text[] FROM "T"') == [("B", ["B"])]  # after down


def test_enum_create_drop_and_schema(pg_url: str, pg_url2: str) -> None:
    old = db("model T {\n  id Int @id\n}\n")
    new = replace(old, enums=(DbEnum("Mood", ("sad", "it's ok")),), schemas=("audit",))
    up = (o.CreateSchema("audit"), o.CreateEnum(new.enums[0]))
    migrate(pg_url, pg_url2, old, new, up)


MULTI = 'datasource db {\n  provider = "postgresql"\n  schemas = ["public", "audit"]\n}\n'
MULTI_OLD = (
    'enum Level {\n  LOW\n  HIGH\n  @@schema("audit")\n}\n'
    'model Log {\n  id Int @id @default(autoincrement())\n  l Level\n  @@schema("public")\n}\n'
)
MULTI_NEW = (
    'enum Level {\n  LOW\n  MID\n  @@schema("audit")\n}\n'
    'model Log {\n  id Int @id @default(autoincrement())\n  l Level @default(LOW)\n  @@schema("audit")\n}\n'
)


def test_multi_schema_enum_recreated_in_its_schema_and_table_moved_with_its_rows(pg_url: str, pg_url2: str) -> None:
    old, new = (wb.load(text=MULTI + body).to_database("postgres") for body in (MULTI_OLD, MULTI_NEW))
    up = diff_databases(old, new, Renames(tables={(None, "Log"): ("audit", "Log")}))
    assert kinds(up) == ["alter enum", "rename table", "alter column"]
    migrate(pg_url, pg_url2, old, new, up, seed="""INSERT INTO "Log" ("l") VALUES ('LOW'), ('LOW');""")
    sql = script(render(up, old, new))
    assert 'CREATE TYPE "audit"."Level_new"' in sql and 'ALTER TABLE "Log" SET SCHEMA "audit";' in sql
    assert rows(pg_url, 'SELECT "id", "l"::text FROM "Log" ORDER BY 1') == [(1, "LOW"), (2, "LOW")]


TABLE_OLD = (
    "model Post {\n  id Int @id @default(autoincrement())\n  title String @unique\n  n Int\n  @@index([n])\n}\n"
    "model Tag {\n  id Int @id\n  postId Int\n  post Post @relation(fields: [postId], references: [id])\n}\n"
).replace("Int @id @default(autoincrement())\n  title", "Int @id @default(autoincrement())\n  tags Tag[]\n  title")


def test_rename_table_renames_its_sequence_key_and_indexes_and_keeps_rows(pg_url: str, pg_url2: str) -> None:
    old = db(TABLE_OLD)
    new = db(TABLE_OLD.replace("Post", "Article").replace("post ", "article ").replace("postId", "articleId"))
    renames = Renames(tables={(None, "Post"): (None, "Article")}, columns={((None, "Tag"), "postId"): "articleId"})
    up = diff_databases(old, new, renames)
    assert kinds(up)[:2] == ["rename table", "rename column"]
    seed = """INSERT INTO "Post" ("title", "n") VALUES ('a', 1), ('b', 2); INSERT INTO "Tag" VALUES (7, 2);"""
    migrate(pg_url, pg_url2, old, new, up, seed=seed)
    sql = script(render(up, old, new))
    assert """ALTER SEQUENCE "Post_id_seq" RENAME TO "Article_id_seq";""" in sql
    assert """ALTER INDEX "Post_title_key" RENAME TO "Article_title_key";""" in sql
    assert rows(pg_url, 'SELECT "id", "title" FROM "Post" ORDER BY 1') == [(1, "a"), (2, "b")]
    assert rows(pg_url, 'SELECT * FROM "Tag"') == [(7, 2)]


def test_key_type_change_drags_its_foreign_key_and_retypes_the_sequence(pg_url: str, pg_url2: str) -> None:
    old = db(TABLE_OLD)
    new = db(TABLE_OLD.replace("id Int @id @default(autoincrement())", "id BigInt @id @default(autoincrement())")
             .replace("postId Int", "postId BigInt"))  # fmt: skip
    up = diff_databases(old, new)
    assert kinds(up) == ["drop foreign key", "alter column", "alter column", "add foreign key"]
    # Prisma writes SET DATA TYPE BIGSERIAL here, which PostgreSQL rejects (no such type)
    assert 'ALTER SEQUENCE "Post_id_seq" AS BIGINT;' in script(render(up, old, new))
    run(pg_url, to_ddl(old))
    run_statements(pg_url, render(up, old, new))
    assert rows(pg_url, "SELECT seqtypid::regtype::text FROM pg_sequence") == [("bigint",)]
    run_statements(pg_url, render(o.reverse_all(up), new, old))
    assert rows(pg_url, "SELECT seqtypid::regtype::text FROM pg_sequence") == [("integer",)]
    run(pg_url, "DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    migrate(pg_url, pg_url2, old, new, up)


def test_create_and_drop_table_with_indexes_and_foreign_key(pg_url: str, pg_url2: str) -> None:
    old = db(TABLE_OLD.split("model Tag")[0].replace("  tags Tag[]\n", ""))
    new = db(TABLE_OLD)
    up = diff_databases(old, new)
    assert kinds(up) == ["create table", "add foreign key"]
    migrate(pg_url, pg_url2, old, new, up)


COLS_OLD = (
    "model T {\n  id Int @id\n  a Int\n  b String\n  c String?\n  d Int @default(autoincrement())\n  e Int\n"
    "  f String @db.VarChar(10)\n  g DateTime\n  h String\n  l Int\n}\n"
)
COLS_NEW = (
    'model T {\n  id Int @id\n  a BigInt\n  b Int\n  c String @default("x")\n  d Int\n'
    "  e Int @default(autoincrement())\n  f String @db.VarChar(5)\n  g DateTime @db.Date\n  hh String\n  l Int[]\n"
    "  m Boolean @default(true)\n}\n"
)


def test_columns_alter_type_nullability_default_autoincrement_rename_add(pg_url: str, pg_url2: str) -> None:
    old, new = db(COLS_OLD), db(COLS_NEW)
    up = diff_databases(old, new, Renames(columns={(T, "h"): "hh"}))
    assert sorted(set(kinds(up))) == ["add column", "alter column", "rename column"]
    seed = (
        """INSERT INTO "T" ("id", "a", "b", "c", "e", "f", "g", "h", "l")"""
        """ VALUES (1, 5, '42', 'y', 3, 'abc', now(), 'kept', 9);"""
    )
    migrate(pg_url, pg_url2, old, new, up, seed=seed)
    sql = script(render(up, old, new))
    assert """ALTER COLUMN "b" SET DATA TYPE INTEGER USING ("b"::INTEGER)""" in sql  # Prisma drops and adds
    assert """CREATE SEQUENCE "T_e_seq" AS INTEGER;""" in sql and """DROP SEQUENCE "T_d_seq";""" in sql
    assert rows(pg_url, 'SELECT "b", "h" FROM "T"') == [("42", "kept")]  # down casts back; the rename kept values


PK_OLD = "model P {\n  a Int @id\n  b Int\n  c String?\n}\n"
PK_NEW = "model P {\n  a Int\n  b Int\n  @@id([a, b])\n}\n"


def test_primary_key_change_and_drop_column(pg_url: str, pg_url2: str) -> None:
    old, new = db(PK_OLD), db(PK_NEW)
    up = diff_databases(old, new)
    assert kinds(up) == ["drop primary key", "drop column", "add primary key"]
    migrate(pg_url, pg_url2, old, new, up)
    assert script(render(up, old, new)).splitlines()[1:4] == [
        'ALTER TABLE "P" DROP CONSTRAINT "P_pkey",',
        'DROP COLUMN "c",',
        'ADD CONSTRAINT "P_pkey" PRIMARY KEY ("a", "b");',
    ]


IDX_OLD = "model A {\n  id Int @id\n  x Int\n  y String\n  j Json\n  @@index([x])\n}\n"
IDX_NEW = (
    'model A {\n  id Int @id(map: "A_primary")\n  x Int\n  y String\n  j Json\n  @@index([x], map: "x_index")\n'
    "  @@unique([y(sort: Desc)])\n  @@index([j(ops: JsonbPathOps)], type: Gin)\n}\n"
)


def test_indexes_create_drop_rename_and_constraint_rename(pg_url: str, pg_url2: str) -> None:
    old, new = db(IDX_OLD), db(IDX_NEW)
    after = table(new, "A")
    partial = DbIndex("A_x_part", (DbIndexColumn("x"),), where='"x" > 0')  # Prisma 7 has no partial indexes
    new = replace(new, tables=(replace(after, indexes=(*after.indexes, partial)),))
    up = diff_databases(old, new)
    assert kinds(up) == ["rename constraint", "create index", "create index", "create index", "rename index"]
    migrate(pg_url, pg_url2, old, new, up)
    assert 'CREATE INDEX "A_j_idx" ON "A" USING GIN ("j" jsonb_path_ops);' in script(render(up, old, new))


def test_views_create_and_drop(pg_url: str, pg_url2: str) -> None:
    old = db("model T {\n  id Int @id\n}\n")
    new = replace(old, views=(DbView("ids", definition='SELECT "id" FROM "T"'),))
    up = (o.CreateView(new.views[0]),)
    run(pg_url, to_ddl(old))
    run(pg_url, script(render(up, old, new)))
    assert rows(pg_url, "SELECT count(*) FROM pg_views WHERE viewname = 'ids'") == [(1,)]
    run(pg_url, script(render(o.reverse_all(up), new, old)))
    assert rows(pg_url, "SELECT count(*) FROM pg_views WHERE viewname = 'ids'") == [(0,)]


PRISMA_PAIRS = {
    "enum_remove": (ENUM_OLD, ENUM_OLD.replace("  B\n", "").replace("@default(B)", "@default(C)")),
    "indexes": (IDX_OLD, IDX_NEW),
    "primary_key": (
        "model P {\n  a Int @id\n  b Int\n  c String?\n}\n",
        "model P {\n  a Int\n  b Int\n  @@id([a, b])\n}\n",
    ),
    "fk_actions": (
        TABLE_OLD,
        TABLE_OLD.replace("references: [id])", "references: [id], onDelete: SetNull, onUpdate: Restrict)")
        .replace("postId Int\n", "postId Int?\n")
        .replace("post Post ", "post Post? "),
    ),
}


@pytest.mark.parametrize("name", sorted(PRISMA_PAIRS))
def test_up_leaves_the_catalog_prisma_migrate_leaves(name: str, pg_url: str, pg_url2: str) -> None:
    old, new = (db(body) for body in PRISMA_PAIRS[name])
    run(pg_url2, to_ddl(old))
    run(pg_url2, (PRISMA / f"{name}.postgres.sql").read_text())
    run(pg_url, to_ddl(old))
    run_statements(pg_url, render(diff_databases(old, new), old, new))
    assert not pgcatalog.diff(pgcatalog.dump(pg_url2), pgcatalog.dump(pg_url), ("old + Prisma's up", "old + our up"))


def test_golden_script_for_a_representative_pair(update_golden: bool) -> None:
    old, new = db(COLS_OLD), db(COLS_NEW)
    before, after = table(old, "T"), table(new, "T")
    up: tuple[o.Op, ...] = (
        o.RenameColumn(T, "h", "hh"),
        o.AddColumn(T, after.column("m")),
        *(o.AlterColumn(T, before.column(c), after.column(c)) for c in "abcdefgl"),
    )
    down = o.reverse_all(up)
    check_golden(GOLDEN / "columns.postgres.sql", script(render(up, old, new)), update_golden)
    check_golden(GOLDEN / "columns.down.postgres.sql", script(render(down, new, old)), update_golden)


@pytest.mark.parametrize(
    ("old", "new", "castable"),
    [("INTEGER", "BIGINT", True), ("INTEGER", "TEXT", True), ("TEXT", "INTEGER", False), ("Role", "TEXT", True),
     ("TEXT", "Role", False), ("TIMESTAMP(3)", "DATE", True), ("VARCHAR(10)", "VARCHAR(5)", True),
     ("BOOLEAN", "INTEGER", False), ("JSON", "JSONB", True)],
)  # fmt: skip
def test_which_type_changes_need_a_using_cast(old: str, new: str, castable: bool) -> None:
    assert assignment_castable(old, new) is castable


def test_serial_sequence_names_are_cut_like_postgres(pg_url: str) -> None:
    long_table, long_column = "t" * 60, "c" * 30
    run(pg_url, f'CREATE TABLE "{long_table}" ("{long_column}" SERIAL)')
    assert rows(pg_url, "SELECT relname FROM pg_class WHERE relkind = 'S'") == [
        (serial_sequence(long_table, long_column),)
    ]


def test_every_op_kind_renders() -> None:
    kinds = {type(op) for op in _ALL_OPS}
    assert kinds == {c for c in vars(o).values() if isinstance(c, type) and issubclass(c, o.Op) and c is not o.Op}
    empty = Database("postgres")
    for op in _ALL_OPS:
        assert render((op,), empty, empty)


_PK = DbPrimaryKey("T_pkey", ("id",))
_T = db("model T {\n  id Int @id\n}\n").tables[0]
_ALL_OPS: list[o.Op] = [
    o.CreateSchema("s"), o.DropSchema("s"), o.CreateEnum(DbEnum("E", ("a",))), o.DropEnum(DbEnum("E", ("a",))),
    o.AlterEnum(DbEnum("E", ("a",)), DbEnum("E", ("a", "b"))), o.RenameTable(T, (None, "U")),
    o.CreateTable(_T), o.DropTable(_T),
    o.AddColumn(T, DbColumn("x", "TEXT")), o.DropColumn(T, DbColumn("x", "TEXT")), o.RenameColumn(T, "x", "y"),
    o.AlterColumn(T, DbColumn("x", "TEXT"), DbColumn("x", "TEXT", nullable=True)), o.AddPrimaryKey(T, _PK),
    o.DropPrimaryKey(T, _PK), o.CreateIndex(T, DbIndex("i", (DbIndexColumn("x"),))),
    o.DropIndex(T, DbIndex("i", (DbIndexColumn("x"),))), o.RenameIndex(T, "i", "j"), o.RenameConstraint(T, "a", "b"),
    o.AddForeignKey(T, table(db(TABLE_OLD), "Tag").foreign_keys[0]),
    o.DropForeignKey(T, table(db(TABLE_OLD), "Tag").foreign_keys[0]),
    o.CreateView(DbView("v", definition="SELECT 1")), o.DropView(DbView("v")),
]  # fmt: skip


def test_a_label_added_and_used_by_a_default_in_one_script_recreates_the_type(pg_url: str, pg_url2: str) -> None:
    """formbricks' SurveyType lost `web` and the default moved to `app`: the down migration adds `web`
    back and makes it the default again. ``ADD VALUE`` labels cannot be used before a commit, so a
    script run as one transaction (how Prisma and ``psql -1`` run it) failed; the type is recreated."""
    old = db(ENUM_OLD.replace("@default(B)", "@default(C)"))
    new = db(ENUM_OLD.replace("  C\n", "").replace("@default(B)", "@default(A)"))
    up = diff_databases(old, new)
    down = o.reverse_all(up)
    down_sql = script(render(down, new, old))
    assert "ADD VALUE" not in down_sql and "CREATE TYPE \"Role_new\" AS ENUM ('A', 'B', 'C');" in down_sql
    run(pg_url2, to_ddl(old))
    before = pgcatalog.dump(pg_url2)
    run(pg_url, to_ddl(old))
    run(pg_url, """INSERT INTO "T" VALUES (1, 'A', '{B}');""")
    run(pg_url, script(render(up, old, new)))  # each script as one whole
    run(pg_url, down_sql)
    assert not pgcatalog.diff(before, pgcatalog.dump(pg_url), ("old", "old + up + down"))
    assert rows(pg_url, 'SELECT "r"::text, "rs"::text[] FROM "T"') == [("A", ["B"])]
