"""The migration corpus proves itself: Prisma's own scripts, run for real, lead from old to new.

For every pair under tests/data/migrations/: a fresh PostgreSQL database built with
``old.postgres.sql`` and then migrated with ``expected.postgres.sql`` (Prisma Migrate's script) has
the same catalog as a fresh database built with ``new.postgres.sql``; likewise on SQLite for the
pairs that have SQLite goldens. This checks the catalog harness (tests/migration_catalog.py) and the
goldens before any diff code is judged by them. None of this needs the workbench's diff engine or
the Prisma oracle: the goldens are committed (regenerate with tools/migration_goldens.py).

Where Prisma's own script does not reach the new catalog, the pair is listed below with the reason;
those tests assert the known difference, so a change in the goldens shows up.
"""

from __future__ import annotations

import copy
import re
import sqlite3
from pathlib import Path

import psycopg
import pytest

from tests.migration_catalog import (
    Catalog,
    apply_duckdb,
    apply_pg,
    apply_sqlite,
    catalog_diff,
    duckdb_catalog,
    pg_catalog,
    sqlite_catalog,
    without_positions,
)
from tests.migration_pairs import PAIRS, PAIRS_DIR, SQLITE_PAIRS

# Column order: Prisma never reorders columns. It appends every added column (and a dropped and
# re-added one: a rename, String -> Int) at the end of the table, and ignores a reordering of fields
# altogether, while new.sql creates the columns in field order. Everything but column order matches.
PG_COLUMN_ORDER = {
    "01_no_change_formatting_and_field_order": "fields reordered: Prisma writes no SQL, new.sql follows the new order",
    "07_rename_column_real": "title dropped, headline added at the end",
    "58_add_required_column_with_default_and_unique": "ADD COLUMNs come alphabetically, new.sql in field order",
    "61_real_documenso_recipient_reminder_count": "reminderCount added at the end, declared mid-model",
    "63_real_formbricks_survey_archived_at": "archivedAt added at the end, declared mid-model",
    "65_rename_column_real_with_index": "title dropped, headline added at the end",
}
# Enum value order: `ALTER TYPE ... ADD VALUE 'EDITOR'` (no BEFORE/AFTER) appends the value, while
# new.sql lists it where the enum declares it. Same labels, another sort order.
PG_ENUM_ORDER = {"26_enum_add_value": "EDITOR appended after ADMIN; declared between USER and ADMIN"}
# Sequence: Prisma's script for adding autoincrement does `CREATE SEQUENCE ticket_id_seq` (lower case,
# bigint) where a fresh SERIAL column gets "Ticket_id_seq" of type integer. Same ownership and default.
PG_SEQUENCE = {
    "21_default_autoincrement_add": (("public.ticket_id_seq", "bigint"), ("public.Ticket_id_seq", "integer"))
}
# Prisma's script cannot run: without a live database the engine does not know the sequence name
# and writes `DROP SEQUENCE "";` (prisma migrate diff --from-schema has no catalog to read it from).
PG_BROKEN = {"22_default_autoincrement_drop": 'zero-length delimited identifier at or near """"'}
SQLITE_COLUMN_ORDER = {
    "01_no_change_formatting_and_field_order": "fields reordered: Prisma writes no SQL, new.sql follows the new order",
}


def _read(pair: str, name: str) -> str:
    return (PAIRS_DIR / pair / name).read_text()


def _pg_build(url: str, *scripts: str) -> Catalog:
    with psycopg.connect(url, autocommit=True, connect_timeout=10) as conn:
        for script in scripts:
            apply_pg(conn, script)
        return pg_catalog(conn)


def _rename_sequence(catalog: Catalog, old: str, new: str, new_type: str) -> Catalog:
    """The catalog with sequence ``old`` called ``new`` of ``new_type``: its entry and the nextval() defaults."""
    out = copy.deepcopy(catalog)
    out["sequences"][new] = dict(out["sequences"].pop(old), type=new_type)
    before = f"nextval('{old.split('.', 1)[1]}'::regclass)"
    after = f"nextval('\"{new.split('.', 1)[1]}\"'::regclass)"
    for table in out["tables"].values():
        for column in table["columns"]:
            if column["default"] == before:
                column["default"] = after
    return out


@pytest.mark.parametrize("pair", PAIRS)
def test_prisma_script_leads_from_old_to_new_on_postgres(pair: str, pg_url: str, pg_url2: str) -> None:
    old, up, new = (_read(pair, f) for f in ("old.postgres.sql", "expected.postgres.sql", "new.postgres.sql"))
    if pair in PG_BROKEN:
        with pytest.raises(psycopg.errors.SyntaxError, match=re.escape(PG_BROKEN[pair])):
            _pg_build(pg_url, old, up)
        return
    migrated = _pg_build(pg_url, old, up)
    fresh = _pg_build(pg_url2, new)
    if pair in PG_SEQUENCE:
        (prisma_name, prisma_type), (fresh_name, fresh_type) = PG_SEQUENCE[pair]
        assert migrated["sequences"][prisma_name]["type"] == prisma_type
        migrated = _rename_sequence(migrated, prisma_name, fresh_name, fresh_type)
    if pair in PG_ENUM_ORDER:
        assert migrated["enums"] != fresh["enums"], f"{pair} is listed as an enum-order exception but matches"
        migrated = dict(migrated, enums={k: sorted(v) for k, v in migrated["enums"].items()})
        fresh = dict(fresh, enums={k: sorted(v) for k, v in fresh["enums"].items()})
    if pair in PG_COLUMN_ORDER:
        assert migrated != fresh, f"{pair} is listed as a column-order exception but matches exactly"
        migrated, fresh = without_positions(migrated), without_positions(fresh)
    assert migrated == fresh, catalog_diff(fresh, migrated, ("new.postgres.sql", "old + expected.postgres.sql"))


def _sqlite_build(path: Path, *scripts: str) -> Catalog:
    conn = sqlite3.connect(path)
    try:
        for script in scripts:
            apply_sqlite(conn, script)
        return sqlite_catalog(conn)
    finally:
        conn.close()


@pytest.mark.parametrize("pair", SQLITE_PAIRS)
def test_prisma_script_leads_from_old_to_new_on_sqlite(pair: str, tmp_path: Path) -> None:
    old, up, new = (_read(pair, f) for f in ("old.sqlite.sql", "expected.sqlite.sql", "new.sqlite.sql"))
    migrated = _sqlite_build(tmp_path / "migrated.db", old, up)
    fresh = _sqlite_build(tmp_path / "fresh.db", new)
    if pair in SQLITE_COLUMN_ORDER:
        assert migrated != fresh, f"{pair} is listed as a column-order exception but matches exactly"
        migrated, fresh = without_positions(migrated), without_positions(fresh)
    assert migrated == fresh, catalog_diff(fresh, migrated, ("new.sqlite.sql", "old + expected.sqlite.sql"))


def test_every_pair_has_its_files() -> None:
    assert len(PAIRS) >= 30
    assert len(SQLITE_PAIRS) >= 10
    pg_files = ("old.prisma", "new.prisma", "expected.postgres.sql", "old.postgres.sql", "new.postgres.sql")
    lite_files = ("old.sqlite.prisma", "new.sqlite.prisma", "expected.sqlite.sql", "old.sqlite.sql", "new.sqlite.sql")
    problems = []
    for pair in PAIRS:
        if not re.fullmatch(r"\d\d_[a-z0-9_]+", pair):
            problems.append(f"{pair}: folder name is not NN_snake_case")
        present = {f.name for f in (PAIRS_DIR / pair).iterdir()}
        problems += [f"{pair}: missing {f}" for f in pg_files if f not in present]
        lite = [f for f in lite_files if f in present]
        if lite and len(lite) != len(lite_files):
            problems.append(f"{pair}: partial SQLite set {lite}")
        if "renames.txt" in present:
            for line in _read(pair, "renames.txt").splitlines():
                if not re.fullmatch(r"\w+\.\w+=\w+\.\w+", line):
                    problems.append(f"{pair}: renames.txt line {line!r} is not Model.old=Model.new")
        known = set(pg_files) | set(lite_files) | {"renames.txt"}
        problems += [f"{pair}: unexpected file {f}" for f in sorted(present - known)]
    assert not problems, "\n".join(problems)


def test_exception_lists_name_real_pairs() -> None:
    listed = set(PG_COLUMN_ORDER) | set(PG_ENUM_ORDER) | set(PG_SEQUENCE) | set(PG_BROKEN) | set(SQLITE_COLUMN_ORDER)
    assert listed <= set(PAIRS)


def test_no_change_pairs_have_empty_scripts() -> None:
    """The formatting-only pair (and the @map renames) must give Prisma's empty migration."""
    empty = "-- This is an empty migration.\n"
    for pair in ("01_no_change_formatting_and_field_order", "06_rename_field_keep_db_name_map"):
        assert _read(pair, "expected.postgres.sql") == empty, pair
        assert _read(pair, "expected.sqlite.sql") == empty, pair
    for pair in ("08_rename_model_keep_table_map", "28_enum_rename_value_keep_db_value_map"):
        assert _read(pair, "expected.postgres.sql") == empty, pair


def test_sources_name_the_real_world_pairs() -> None:
    sources = (PAIRS_DIR / "SOURCES.md").read_text()
    real = [p for p in PAIRS if re.match(r"\d\d_real_", p)]
    assert len(real) >= 4
    for pair in real:
        row = next((line for line in sources.splitlines() if line.startswith(f"| `{pair}`")), None)
        assert row is not None, f"SOURCES.md has no row for {pair}"
        assert re.search(r"github:[\w.-]+/[\w.-]+", row), f"{pair}: no repository"
        assert len(re.findall(r"\b[0-9a-f]{40}\b", row)) == 2, f"{pair}: needs both commits"
    assert "AGPL-3.0" in sources


def test_pg_catalog_sees_every_kind_of_object_and_positions(pg_url: str, pg_url2: str) -> None:
    """The harness itself: every object kind is recorded, and a drop + add differs in position only."""
    base = """CREATE SCHEMA extra; CREATE TYPE extra.mood AS ENUM ('sad', 'ok');
        CREATE TABLE "T" (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, n serial, m extra.mood,
                          note text DEFAULT '100%', CHECK (n > 0));
        CREATE TABLE "U" (id integer PRIMARY KEY REFERENCES "T"(id) ON DELETE CASCADE);
        CREATE UNIQUE INDEX "T_note_key" ON "T" (note DESC) WHERE note IS NOT NULL;
        CREATE VIEW v AS SELECT id FROM "T";"""
    with psycopg.connect(pg_url, autocommit=True, connect_timeout=10) as conn:
        apply_pg(conn, base + 'ALTER TABLE "T" ADD COLUMN extra integer;')
        migrated = pg_catalog(conn)
    with psycopg.connect(pg_url2, autocommit=True, connect_timeout=10) as conn:
        apply_pg(conn, base.replace("note text", "extra integer, note text"))
        fresh = pg_catalog(conn)
    assert migrated["schemas"] == ["extra", "public"]
    assert migrated["enums"] == {"extra.mood": ["sad", "ok"]}
    t = migrated["tables"]["public.T"]
    assert [c["name"] for c in t["columns"]] == ["id", "n", "m", "note", "extra"]
    assert t["columns"][0]["identity"] == "a" and t["columns"][3]["default"] == "'100%'::text"
    assert {k["type"] for k in t["constraints"].values()} == {"p", "c"}
    assert "ON DELETE CASCADE" in migrated["tables"]["public.U"]["constraints"]["U_id_fkey"]["definition"]
    assert "WHERE (note IS NOT NULL)" in t["indexes"]["T_note_key"]
    assert migrated["sequences"]["public.T_n_seq"] == {"type": "integer", "owned_by": "public.T.n"}
    assert migrated["sequences"]["public.T_id_seq"]["owned_by"] == "public.T.id"
    assert migrated["views"] == {"public.v": 'SELECT "T".id FROM "T";'}
    assert migrated != fresh
    assert without_positions(migrated) == without_positions(fresh)


def test_sqlite_catalog_ignores_layout_but_not_meaning(tmp_path: Path) -> None:
    one = _sqlite_build(tmp_path / "a.db", 'CREATE TABLE "T" ("id" INTEGER PRIMARY KEY, "n" TEXT, CHECK (n <> \'\'));')
    two = _sqlite_build(
        tmp_path / "b.db", 'CREATE TABLE "T" (\n  "id" INTEGER PRIMARY KEY ,\n  "n" TEXT,\n  CHECK ( n <> \'\' )\n);'
    )
    other = _sqlite_build(
        tmp_path / "c.db", 'CREATE TABLE "T" ("id" INTEGER PRIMARY KEY, "n" TEXT, CHECK (n <> \'x\'));'
    )
    moved = _sqlite_build(
        tmp_path / "d.db", 'CREATE TABLE "T" ("n" TEXT, "id" INTEGER PRIMARY KEY, CHECK (n <> \'\'));'
    )
    assert one == two
    assert one != other and without_positions(one) != without_positions(other)
    assert one != moved and without_positions(one) == without_positions(moved)


def test_duckdb_catalog_sees_every_kind_of_object_and_positions() -> None:
    import duckdb

    base = """CREATE TYPE mood AS ENUM ('sad', 'ok'); CREATE SEQUENCE s START 5;
        CREATE TABLE t (id INTEGER PRIMARY KEY, m mood DEFAULT 'ok', code VARCHAR UNIQUE, CHECK (id > 0));
        CREATE TABLE u (id INTEGER REFERENCES t(id)); CREATE INDEX t_m_idx ON t (m);
        CREATE VIEW v AS SELECT id FROM t;"""
    migrated_conn, fresh_conn = duckdb.connect(), duckdb.connect()
    try:
        apply_duckdb(migrated_conn, base + "ALTER TABLE t ADD COLUMN n BIGINT;")
        apply_duckdb(fresh_conn, base.replace("m mood", "n BIGINT, m mood"))
        migrated, fresh = duckdb_catalog(migrated_conn), duckdb_catalog(fresh_conn)
    finally:
        migrated_conn.close()
        fresh_conn.close()
    assert migrated["enums"] == {"main.mood": ["sad", "ok"]}
    t = migrated["tables"]["main.t"]
    assert [c["name"] for c in t["columns"]] == ["id", "m", "code", "n"]
    assert {c["type"] for c in t["constraints"]} == {"PRIMARY KEY", "UNIQUE", "CHECK"}
    assert migrated["tables"]["main.u"]["constraints"][0]["references"] == "t"
    assert t["indexes"]["t_m_idx"]["unique"] is False
    assert migrated["sequences"] == {"main.s": {"start": 5, "increment": 1}}
    assert set(migrated["views"]) == {"main.v"}
    assert migrated != fresh
    assert without_positions(migrated) == without_positions(fresh)
