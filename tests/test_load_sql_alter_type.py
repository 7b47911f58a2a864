"""The SQL loader replays ``ALTER TYPE`` on PostgreSQL enums, as Prisma's migration folders hold them."""

from __future__ import annotations

from pathlib import Path

import psycopg

import workbench as wb
from workbench.loaders.sql.loader import load_sql

INIT = """CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN');
CREATE TABLE "U" ("id" INTEGER PRIMARY KEY, "role" "Role" NOT NULL, "roles" "Role"[]);
"""
# Prisma's script for removing an enum value (a new type swapped in)
SWAP = """BEGIN;
CREATE TYPE "Role_new" AS ENUM ('USER', 'BOSS');
ALTER TABLE "U" ALTER COLUMN "role" TYPE "Role_new" USING ("role"::text::"Role_new");
ALTER TABLE "U" ALTER COLUMN "roles" TYPE "Role_new"[] USING ("roles"::text::"Role_new"[]);
ALTER TYPE "Role" RENAME TO "Role_old";
ALTER TYPE "Role_new" RENAME TO "Role";
DROP TYPE "Role_old";
COMMIT;
"""


def _enums(text: str) -> tuple[dict[str, tuple[str, ...]], list[str], list[str]]:
    loaded = load_sql(text=text, dialect="postgres")
    return (
        {e.name: e.values for e in loaded.database.enums},
        [c.type for t in loaded.database.tables for c in t.columns],
        [d.message for d in loaded.diagnostics if "USING" not in d.message],
    )


def test_add_value_where_it_is_written_and_if_not_exists() -> None:
    enums, _, problems = _enums(
        INIT + "ALTER TYPE \"Role\" ADD VALUE 'GUEST';\nALTER TYPE \"Role\" ADD VALUE IF NOT EXISTS 'GUEST';\n"
        "ALTER TYPE public.\"Role\" ADD VALUE 'FIRST' BEFORE 'USER';\nALTER TYPE \"Role\" ADD VALUE 'MID' AFTER 'USER';"
    )
    assert enums == {"Role": ("FIRST", "USER", "MID", "ADMIN", "GUEST")} and problems == []


def test_rename_value_and_prismas_type_swap() -> None:
    enums, types, problems = _enums(INIT + "ALTER TYPE \"Role\" RENAME VALUE 'ADMIN' TO 'BOSS';\n")
    assert enums == {"Role": ("USER", "BOSS")} and problems == []
    enums, types, problems = _enums(INIT + SWAP)
    assert enums == {"Role": ("USER", "BOSS")} and types == ["INTEGER", "Role", "Role[]"] and problems == []


def test_mistakes_are_located_errors() -> None:
    loaded = load_sql(
        text=INIT + "ALTER TYPE \"Nope\" ADD VALUE 'X';\nALTER TYPE \"Role\" ADD VALUE 'USER';", dialect="postgres"
    )
    assert [(d.code, d.span.line if d.span else None) for d in loaded.diagnostics] == [("E1004", 3), ("E1003", 4)]


def test_a_replayed_folder_matches_the_database_it_built(tmp_path: Path, pg_url: str) -> None:
    folder = tmp_path / "migrations"
    scripts = [INIT, "ALTER TYPE \"Role\" ADD VALUE 'GUEST';\n", SWAP.replace("'BOSS'", "'GUEST'")]
    for i, sql in enumerate(scripts, 1):
        (folder / f"2024010{i}000000_m{i}").mkdir(parents=True)
        (folder / f"2024010{i}000000_m{i}" / "migration.sql").write_text(sql)
    with psycopg.connect(pg_url, autocommit=True, connect_timeout=10) as conn:
        for sql in scripts:
            conn.execute(sql.encode())
    d = wb.diff(str(folder), pg_url, dialect="postgres")
    assert d.empty, d.sql()
