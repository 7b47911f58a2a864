"""DuckDB introspection of hand-written DDL through DuckDB's catalog functions."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from workbench.ir.database import DbColumn, DbEnum, DbForeignKey, DbIndex, DbIndexColumn, DbPrimaryKey, DbView
from workbench.loaders.introspect import introspect
from workbench.loaders.introspect.duckdb import canonical_default, canonical_type

DDL = """
CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN');
CREATE TYPE "Kind" AS ENUM ('a', 'b');
CREATE TYPE "Kind2" AS ENUM ('a', 'b');
CREATE SCHEMA "audit";
CREATE SEQUENCE "User_id_seq";
CREATE TABLE "User" (
    "id" INTEGER NOT NULL DEFAULT nextval('User_id_seq'),
    "email" VARCHAR NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'USER',
    "roles" "Role"[] DEFAULT list_value('USER'),
    "tags" VARCHAR[] DEFAULT list_value(),
    "score" DOUBLE NOT NULL DEFAULT 1.5,
    "price" DECIMAL(10,2),
    "big" BIGINT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "data" JSON,
    "blob" BLOB,
    "uid" UUID,
    "createdAt" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "zoned" TIMESTAMP WITH TIME ZONE,
    "kind" "Kind",
    "twice" INTEGER GENERATED ALWAYS AS ("id" * 2) VIRTUAL,
    CONSTRAINT "User_pkey" PRIMARY KEY ("id"),
    CHECK ("score" >= 0)
);
COMMENT ON TABLE "User" IS 'people';
COMMENT ON COLUMN "User"."email" IS 'login';
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
CREATE INDEX "User_role_createdAt_idx" ON "User"("role", "createdAt");
CREATE INDEX "User_expr_idx" ON "User"(("score" + 1));
CREATE TABLE "Post" (
    "id" INTEGER NOT NULL,
    "authorId" INTEGER NOT NULL,
    "slug" VARCHAR NOT NULL UNIQUE,
    CONSTRAINT "Post_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id")
);
CREATE TABLE "audit"."Log" ("id" BIGINT PRIMARY KEY, "parentId" BIGINT REFERENCES "Log"("id"));
CREATE VIEW "Emails" AS SELECT "email" FROM "User";
"""


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    c = duckdb.connect()
    c.execute(DDL)
    return c


def test_columns_types_and_defaults(con: duckdb.DuckDBPyConnection) -> None:
    db, _ = introspect(con)
    assert db.dialect == "duckdb"
    assert [(t.schema, t.name) for t in db.tables] == [(None, "Post"), (None, "User"), ("audit", "Log")]
    assert db.schemas == ("audit",)
    user = db.table("User")
    assert user is not None
    assert user.comment == "people"
    assert user.columns == (
        DbColumn("id", "INTEGER", autoincrement=True),
        DbColumn("email", "VARCHAR"),
        DbColumn("role", "Role", default="'USER'"),
        DbColumn("roles", "Role[]", nullable=True, default="list_value('USER')"),
        DbColumn("tags", "VARCHAR[]", nullable=True, default="list_value()"),
        DbColumn("score", "DOUBLE", default="1.5"),
        DbColumn("price", "DECIMAL(10,2)", nullable=True),
        DbColumn("big", "BIGINT", nullable=True),
        DbColumn("active", "BOOLEAN", default="true"),
        DbColumn("data", "JSON", nullable=True),
        DbColumn("blob", "BLOB", nullable=True),
        DbColumn("uid", "UUID", nullable=True),
        DbColumn("createdAt", "TIMESTAMP", default="CURRENT_TIMESTAMP"),
        DbColumn("zoned", "TIMESTAMP WITH TIME ZONE", nullable=True),
        DbColumn("kind", "Kind", nullable=True),
        DbColumn("twice", "INTEGER", nullable=True),
    )


def test_keys_indexes_foreign_keys(con: duckdb.DuckDBPyConnection) -> None:
    db, _ = introspect(con)
    user, post, log = db.table("User"), db.table("Post"), db.table("Log", "audit")
    assert user is not None and post is not None and log is not None
    # DuckDB forgets primary/foreign key names: None, not the names it invents
    assert user.primary_key == DbPrimaryKey(None, ("id",))
    assert user.indexes == (
        DbIndex("User_email_key", (DbIndexColumn("email"),), unique=True),
        DbIndex("User_role_createdAt_idx", (DbIndexColumn("role"), DbIndexColumn("createdAt"))),
    )
    assert post.indexes == (DbIndex("Post_slug_key", (DbIndexColumn("slug"),), unique=True),)
    assert post.foreign_keys == (DbForeignKey(None, ("authorId",), "User", ("id",)),)
    assert log.foreign_keys == (DbForeignKey(None, ("parentId",), "Log", ("id",), ref_schema="audit"),)


def test_enums_views_and_warnings(con: duckdb.DuckDBPyConnection) -> None:
    db, diags = introspect(con)
    assert db.enums == (DbEnum("Kind", ("a", "b")), DbEnum("Kind2", ("a", "b")), DbEnum("Role", ("USER", "ADMIN")))
    assert db.views == (DbView("Emails"),)
    messages = {d.code: d.message for d in diags}
    assert "score" in messages["I210"]  # check constraint
    assert "twice" in messages["I221"]  # generated column
    assert "login" in messages["I222"]  # column comment
    assert "User_expr_idx" in messages["I230"]  # expression index
    assert "Kind, Kind2" in messages["I220"]  # enum found by labels is ambiguous


def test_url_targets(tmp_path: Path) -> None:
    path = tmp_path / "x.duckdb"
    with duckdb.connect(str(path)) as c:
        c.execute('CREATE TABLE "T" ("id" INTEGER PRIMARY KEY)')
    db, diags = introspect(f"duckdb:///{path}")
    assert [t.name for t in db.tables] == ["T"] and diags == ()
    empty, _ = introspect("duckdb://")
    assert empty.tables == ()
    assert introspect("duckdb:///:memory:")[0].tables == ()


@pytest.mark.parametrize(
    ("data_type", "expected"),
    [("VARCHAR", "VARCHAR"), ("DECIMAL(38,10)", "DECIMAL(38,10)"), ("ENUM('USER', 'ADMIN')[]", "Role[]")],
)
def test_canonical_type(data_type: str, expected: str) -> None:
    assert canonical_type(data_type, {("USER", "ADMIN"): ["Role"]})[0] == expected


@pytest.mark.parametrize(
    ("expr", "column_type", "expected"),
    [
        ("CAST((ARRAY[]) AS VARCHAR[])", "VARCHAR[]", "list_value()"),
        ("['a', 'b']", "VARCHAR[]", "list_value('a', 'b')"),
        ("now()", "TIMESTAMP", "CURRENT_TIMESTAMP"),
        ("CAST(1 AS INTEGER)", "INTEGER", "CAST(1 AS INTEGER)"),
    ],
)
def test_canonical_default(expr: str, column_type: str, expected: str) -> None:
    assert canonical_default(expr, column_type) == expected
