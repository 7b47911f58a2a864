"""SQLite introspection of hand-written DDL through sqlite_master and pragmas."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from workbench.ir.database import DbColumn, DbForeignKey, DbIndex, DbIndexColumn, DbPrimaryKey, DbView
from workbench.loaders.introspect import introspect
from workbench.loaders.introspect.sqlite import canonical_type, constraint_names

DDL = """
CREATE TABLE "User" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "email" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'USER',
    "score" REAL NOT NULL DEFAULT 1.5,
    "active" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "name" varchar ( 200 ),
    "twice" INTEGER GENERATED ALWAYS AS ("id" * 2) VIRTUAL,
    CHECK ("score" >= 0)
);
CREATE TABLE "Plain" ("id" INTEGER PRIMARY KEY, "v" TEXT);
CREATE TABLE "Pair" (
    "a" INTEGER NOT NULL,
    "b" TEXT NOT NULL,
    CONSTRAINT "Pair_pk" PRIMARY KEY ("a", "b"),
    CONSTRAINT "Pair_b_uq" UNIQUE ("b")
);
CREATE TABLE "Post" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "authorId" INTEGER NOT NULL,
    "pa" INTEGER,
    "pb" TEXT,
    "title" TEXT NOT NULL UNIQUE,
    CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id")
        ON DELETE CASCADE ON UPDATE CASCADE,
    FOREIGN KEY ("pa", "pb") REFERENCES "Pair" ("a", "b") ON DELETE SET NULL
);
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
CREATE INDEX "Post_authorId_title_idx" ON "Post"("authorId" DESC, "title");
CREATE INDEX "Post_partial_idx" ON "Post"("pa") WHERE "pa" IS NOT NULL;
CREATE INDEX "Post_expr_idx" ON "Post"(lower("title"));
CREATE VIEW "Emails" AS SELECT "email" FROM "User";
CREATE TRIGGER "User_touch" AFTER UPDATE ON "User" BEGIN SELECT 1; END;
"""


@pytest.fixture
def con() -> sqlite3.Connection:
    c = sqlite3.connect(":memory:")
    c.executescript(DDL)
    return c


def test_columns_and_rowid_alias(con: sqlite3.Connection) -> None:
    db, _ = introspect(con)
    assert db.dialect == "sqlite"
    assert [t.name for t in db.tables] == ["Pair", "Plain", "Post", "User"]
    user = db.table("User")
    assert user is not None
    assert user.columns == (
        DbColumn("id", "INTEGER", autoincrement=True),
        DbColumn("email", "TEXT"),
        DbColumn("role", "TEXT", default="'USER'"),
        DbColumn("score", "REAL", default="1.5"),
        DbColumn("active", "BOOLEAN", default="false"),
        DbColumn("createdAt", "DATETIME", default="CURRENT_TIMESTAMP"),
        DbColumn("name", "varchar(200)", nullable=True),
        DbColumn("twice", "INTEGER", nullable=True),
    )
    plain = db.table("Plain")
    assert plain is not None
    # INTEGER PRIMARY KEY without AUTOINCREMENT is a rowid alias too
    assert plain.columns[0] == DbColumn("id", "INTEGER", autoincrement=True)
    assert plain.primary_key == DbPrimaryKey(None, ("id",))


def test_keys_indexes_foreign_keys(con: sqlite3.Connection) -> None:
    db, _ = introspect(con)
    pair, post, user = db.table("Pair"), db.table("Post"), db.table("User")
    assert pair is not None and post is not None and user is not None
    assert pair.primary_key == DbPrimaryKey("Pair_pk", ("a", "b"))
    assert pair.indexes == (DbIndex("Pair_b_uq", (DbIndexColumn("b"),), unique=True),)
    assert post.primary_key == DbPrimaryKey(None, ("id",))
    assert post.indexes == (
        DbIndex("Post_authorId_title_idx", (DbIndexColumn("authorId", sort="DESC"), DbIndexColumn("title"))),
        DbIndex("Post_partial_idx", (DbIndexColumn("pa"),), where='"pa" IS NOT NULL'),
        DbIndex("sqlite_autoindex_Post_2", (DbIndexColumn("title"),), unique=True),
    )
    assert post.foreign_keys == (
        DbForeignKey(None, ("pa", "pb"), "Pair", ("a", "b"), on_delete="SET NULL"),
        DbForeignKey("Post_authorId_fkey", ("authorId",), "User", ("id",), on_delete="CASCADE", on_update="CASCADE"),
    )
    assert user.indexes == (DbIndex("User_email_key", (DbIndexColumn("email"),), unique=True),)


def test_views_and_warnings(con: sqlite3.Connection) -> None:
    db, diags = introspect(con)
    assert db.views == (DbView("Emails"),)
    messages = {d.code: d.message for d in diags}
    assert "User_touch" in messages["I313"]
    assert "score" in messages["I310"]
    assert "twice" in messages["I320"]
    assert "Post_expr_idx" in messages["I330"]


def test_url_target_is_read_only(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    with sqlite3.connect(path) as c:
        c.execute('CREATE TABLE "T" ("id" INTEGER PRIMARY KEY)')
    db, _ = introspect(f"sqlite:///{path}")  # absolute: sqlite:////tmp/... (SQLAlchemy's convention)
    assert [t.name for t in db.tables] == ["T"]


def test_constraint_names_tokenizer() -> None:
    sql = (
        'CREATE TABLE t (a INT, CONSTRAINT "my ""pk""" PRIMARY KEY (a DESC), '
        "CONSTRAINT fk FOREIGN KEY ([a]) REFERENCES u)"
    )
    assert constraint_names(sql) == {("pk", ("a",)): 'my "pk"', ("fk", ("a",)): "fk"}
    assert canonical_type("numeric( 10 , 2 )") == "numeric(10,2)"
