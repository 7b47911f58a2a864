"""Shared by the runner tests: a 5-migration folder that runs on all three engines, and database snapshots.

A snapshot is the catalog (:mod:`tests.migration_catalog`) plus a sha256 of every user table's rows,
so "the database is unchanged" is checked byte for byte, not by looking at one table.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from tests.migration_catalog import duckdb_catalog, pg_catalog, sqlite_catalog
from workbench.db.connection import Connection
from workbench.migrate import history

ENGINES = ["postgres", "sqlite", "duckdb"]
PROVIDER = {"postgres": "postgresql", "sqlite": "sqlite", "duckdb": "duckdb"}

FIVE: list[tuple[str, str, str | None]] = [
    (
        "20240101000000_init",
        '-- CreateTable\nCREATE TABLE "User" (\n    "id" INTEGER NOT NULL PRIMARY KEY,\n'
        '    "email" TEXT NOT NULL\n);\n\n'
        '-- CreateIndex\nCREATE UNIQUE INDEX "User_email_key" ON "User"("email");\n',
        'DROP INDEX "User_email_key";\nDROP TABLE "User";\n',
    ),
    (
        "20240102000000_post",
        '-- CreateTable\nCREATE TABLE "Post" (\n    "id" INTEGER NOT NULL PRIMARY KEY,\n    "title" TEXT NOT NULL,\n'
        '    "authorId" INTEGER\n);\n',
        'DROP TABLE "Post";\n',
    ),
    (
        "20240103000000_rows",
        'INSERT INTO "User" ("id", "email") VALUES (1, \'ada@example.com\');\n'
        'INSERT INTO "Post" ("id", "title", "authorId") VALUES (1, \'hello; world\', 1);\n',
        'DELETE FROM "Post";\nDELETE FROM "User";\n',
    ),
    (
        "20240104000000_body",
        '-- AlterTable\nALTER TABLE "Post" ADD COLUMN "body" TEXT;\n',
        'ALTER TABLE "Post" DROP COLUMN "body";\n',
    ),
    (
        "20240105000000_index",
        '-- CreateIndex\nCREATE INDEX "Post_authorId_idx" ON "Post"("authorId");\n',
        'DROP INDEX "Post_authorId_idx";\n',
    ),
]


def write_folder(root: Path, engine: str, migrations: list[tuple[str, str, str | None]] | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "migration_lock.toml").write_text(f'provider = "{PROVIDER[engine]}"\n')
    for name, up, down in FIVE if migrations is None else migrations:
        add_migration(root, name, up, down)
    return root


def add_migration(root: Path, name: str, up: str, down: str | None = None) -> Path:
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "migration.sql").write_bytes(up.encode())
    if down is not None:
        (folder / "down.sql").write_bytes(down.encode())
    return folder


def url_for(engine: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if engine == "postgres":
        return str(request.getfixturevalue("pg_url"))
    return f"{engine}:///{tmp_path / ('db.' + engine)}"


def catalog(conn: Connection) -> dict[str, Any]:
    """The catalog, read without leaving a transaction open on the connection."""
    if conn.dialect == "postgres":
        try:
            return pg_catalog(conn.raw)
        finally:
            conn.raw.commit()
    if conn.dialect == "sqlite":
        return sqlite_catalog(conn.raw)
    return duckdb_catalog(conn.raw)


def snapshot(conn: Connection) -> tuple[dict[str, Any], dict[str, str]]:
    """(catalog, sha256 of each user table's sorted rows); ``_prisma_migrations`` is left out of the rows."""
    cat = catalog(conn)
    digests: dict[str, str] = {}
    for key in sorted(cat["tables"]):
        name = key.split(".")[-1]
        if name == history.TABLE:
            continue
        qualified = ".".join(f'"{part}"' for part in key.split("."))
        rows = conn.sql(f"SELECT * FROM {qualified}").rows
        digests[key] = hashlib.sha256(repr(sorted(map(repr, rows))).encode()).hexdigest()
    return cat, digests


def states(conn: Connection) -> list[tuple[str, str]]:
    rows = [(r.migration_name, r.state) for r in history.read(conn)]
    if conn.dialect == "postgres":
        conn.raw.commit()
    return rows


def records(conn: Connection) -> tuple[history.Record, ...]:
    rows = history.read(conn)
    if conn.dialect == "postgres":
        conn.raw.commit()
    return rows
