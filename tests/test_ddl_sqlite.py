"""SQLite DDL: applied to a real sqlite3 database, compared with Prisma's own SQLite DDL.

The sqlite-provider variants of the samples (tests/data/sqlite) must create the same catalog as
Prisma's script (sqlite_master + pragma table_info / index_list / index_xinfo /
foreign_key_list). The PostgreSQL samples lowered to SQLite must apply too, with everything
SQLite cannot express reported as warnings (never errors).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.ddl_samples import OUR_DDL, PRISMA_DDL, feature_schemas, load, samples, sqlite_samples
from tests.golden import check_golden
from workbench.dialects import lower
from workbench.emit.sql import to_ddl

SQLITE_SAMPLES = sqlite_samples()
PG_SAMPLES = samples() + feature_schemas()
# Samples that use nothing PostgreSQL-only: lowered to SQLite they give, byte for byte, the DDL
# Prisma writes for their SQLite variant (tests/data/sqlite), so that is what they are checked
# against, rather than a copy of it under golden/ddl/.
SAME_AS_PRISMA_SQLITE = frozenset({"blog", "ecommerce", "library", "multifile"})


def catalog(sql: str) -> dict[str, Any]:
    con = sqlite3.connect(":memory:")
    con.execute("PRAGMA foreign_keys = ON")
    con.executescript(sql)
    master = sorted(
        con.execute("SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").fetchall()
    )
    tables: dict[str, Any] = {}
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"):
        indexes = {}
        for _, index, unique, origin, partial in con.execute(f'PRAGMA index_list("{name}")').fetchall():
            cols = [(r[2], r[3]) for r in con.execute(f'PRAGMA index_xinfo("{index}")').fetchall() if r[5]]
            indexes[index if not index.startswith("sqlite_autoindex") else f"auto:{origin}"] = (
                unique,
                origin,
                partial,
                cols,
            )
        autoinc = "AUTOINCREMENT" in (
            con.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0].upper()
        )
        tables[name] = {
            "columns": con.execute(f'PRAGMA table_info("{name}")').fetchall(),
            "indexes": indexes,
            "foreign_keys": sorted(con.execute(f'PRAGMA foreign_key_list("{name}")').fetchall()),
            "autoincrement": autoinc,
        }
    con.close()
    return {"master": master, "tables": tables}


def our_sqlite(path: Path) -> tuple[str, tuple]:  # type: ignore[type-arg]
    database, diagnostics = lower(load(path), "sqlite")
    assert not [d for d in diagnostics if d.is_error], [d.headline() for d in diagnostics]
    return to_ddl(database), diagnostics


def test_sqlite_samples_found() -> None:
    assert len(SQLITE_SAMPLES) >= 5


@pytest.mark.parametrize(("name", "path"), SQLITE_SAMPLES, ids=[n for n, _ in SQLITE_SAMPLES])
def test_same_catalog_as_prisma(name: str, path: Path) -> None:
    ours, diagnostics = our_sqlite(path)
    # A real SQLite schema lowers cleanly; only BigInt autoincrement ids (which Prisma writes as a
    # BIGINT primary key, not a rowid alias, so SQLite generates no values) are worth a warning.
    assert {d.code for d in diagnostics} <= {"W0510"}, [d.headline() for d in diagnostics]
    golden = PRISMA_DDL / f"{name}.sqlite.sql"
    assert golden.exists(), f"no Prisma SQLite DDL golden for {name}: run tests/golden/regenerate_oracle.sh sqlite"
    expected, actual = catalog(golden.read_text(encoding="utf-8")), catalog(ours)
    assert expected["tables"]
    assert actual == expected
    check_golden(golden, ours, False)  # and the text itself is Prisma's (its goldens are never updated by us)


@pytest.mark.parametrize(("name", "path"), PG_SAMPLES, ids=[n for n, _ in PG_SAMPLES])
def test_postgres_samples_lower_to_sqlite(name: str, path: Path, update_golden: bool) -> None:
    schema = load(path)
    database, diagnostics = lower(schema, "sqlite")
    assert not [d for d in diagnostics if d.is_error]
    assert all(d.code.startswith(("W05", "I05")) for d in diagnostics)
    if schema.provider == "postgresql" and any(f.list or f.native_type for m in schema.models for f in m.scalar_fields):
        assert diagnostics, "postgres-only features must be reported"
    ddl = to_ddl(database)
    if name in SAME_AS_PRISMA_SQLITE:  # Prisma's own DDL is the golden: never rewritten by --update-golden
        check_golden(PRISMA_DDL / f"{name}.sqlite.sql", ddl, False)
    else:
        check_golden(OUR_DDL / f"{name}.postgres-as-sqlite.sql", ddl, update_golden)
    cat = catalog(ddl)
    assert set(cat["tables"]) == {t.name for t in database.tables}
    for table in database.tables:
        got = cat["tables"][table.name]
        assert [c[1] for c in got["columns"]] == [c.name for c in table.columns]
        assert {i.name for i in table.indexes} <= set(got["indexes"])
        assert len({r[0] for r in got["foreign_keys"]}) == len(table.foreign_keys)


def test_sqlite_catalog_sees_differences() -> None:
    a = catalog('CREATE TABLE "t" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "v" TEXT DEFAULT \'a\');')
    b = catalog('CREATE TABLE "t" ("id" INTEGER NOT NULL PRIMARY KEY, "v" TEXT DEFAULT \'a\');')
    assert a != b
