"""Issue #12 item 19: names PostgreSQL truncates to one 63-byte identifier are found while lowering.

Each case is a schema Prisma accepts (but see PRISMA_REJECTS) whose DDL PostgreSQL rejects because two
names agree in their first 63 bytes (bytes, not characters: ``é`` takes two). Lowering for PostgreSQL warns (W0517) at
the Prisma line of the second name, names both and the identifier they become, and says how to
rename one; the DDL really fails on PostgreSQL with the error the warning forestalls. Names that
differ within 63 bytes, or that are long but alone, give no warning; DuckDB and SQLite never do.
"""

from __future__ import annotations

import re

import psycopg
import pytest

from workbench.dialects import lower
from workbench.emit.sql import to_ddl
from workbench.loaders.prisma import load_prisma

HEAD = 'datasource db {\n  provider = "postgresql"\n}\n\n'
A63 = "a" * 63
E31 = "é" * 31  # 62 bytes: one more é makes 64, cut back to these 62

CASES = {
    "columns": (
        f'model M {{\n  id Int @id\n  x  Int @map("{A63}_one")\n  y  Int @map("{A63}_two")\n}}\n',
        [(4, 'column "' + A63 + '_two" (67 bytes) and column "' + A63 + '_one" (line 3)', "@map")],
        "specified more than once",
    ),
    "columns, multi-byte": (
        f'model M {{\n  id Int @id\n  x  Int @map("{E31}éa")\n  y  Int @map("{E31}éb")\n}}\n',
        [(4, f'column "{E31}éb" (65 bytes)', "@map")],
        "specified more than once",
    ),
    "tables": (
        f'model A {{\n  id Int @id(map: "a_pk")\n  @@map("{A63}_a")\n}}\n\n'
        f'model B {{\n  id Int @id(map: "b_pk")\n  @@map("{A63}_b")\n}}\n',
        [(6, 'table "' + A63 + '_b" (65 bytes) and table "' + A63 + '_a" (line 1)', "@@map")],
        "already exists",
    ),
    "indexes": (
        f'model M {{\n  id Int @id\n  x  Int\n  y  Int\n\n  @@index([x], map: "{A63}x")\n'
        f'  @@index([y], map: "{A63}y")\n}}\n',
        [(7, 'index "' + A63 + 'y" (64 bytes) and index "' + A63 + 'x" (line 6)', "map:")],
        "already exists",
    ),
    "foreign keys": (
        'model P {\n  id Int @id\n  a  C[] @relation("a")\n  b  C[] @relation("b")\n}\n\n'
        f"model C {{\n  id  Int @id\n  aId Int\n  bId Int\n"
        f'  pa  P @relation("a", fields: [aId], references: [id], map: "{A63}_a")\n'
        f'  pb  P @relation("b", fields: [bId], references: [id], map: "{A63}_b")\n}}\n',
        [(12, 'foreign key "' + A63 + '_b" (65 bytes) and foreign key "' + A63 + '_a" (line 11)', "map:")],
        "already exists",
    ),
    "enums": (
        f'enum E1 {{\n  X\n  @@map("{A63}1")\n}}\n\nenum E2 {{\n  Y\n  @@map("{A63}2")\n}}\n\n'
        "model M {\n  id Int @id\n  e1 E1\n  e2 E2\n}\n",
        [(6, 'enum "' + A63 + '2" (64 bytes) and enum "' + A63 + '1" (line 1)', "@@map")],
        "already exists",
    ),
}


# Prisma itself rejects a `map:` name over 63 bytes ("too long for your chosen provider"), so these
# two reach lowering only from other sources (IR built in code, or a loader that misses that check);
# lowering still reports them rather than let PostgreSQL fail.
PRISMA_REJECTS = {"indexes", "foreign keys"}


def load(body: str, *, strict: bool = True):  # type: ignore[no-untyped-def]
    result = load_prisma("long.prisma", text=HEAD + body, name="long.prisma")
    if strict:
        assert not [d for d in result.diagnostics if d.is_error], [d.headline() for d in result.diagnostics]
    return result.schema


@pytest.mark.parametrize("case", sorted(CASES))
def test_truncation_collisions_are_located_warnings(case: str, pg_url: str) -> None:
    body, expected, pg_error = CASES[case]
    schema = load(body, strict=case not in PRISMA_REJECTS)
    database, diagnostics = lower(schema, "postgres")
    found = [d for d in diagnostics if d.code == "W0517"]
    assert len(found) == len(expected), [d.message for d in found]
    lines = HEAD.count("\n")
    for d, (line, text, fix) in zip(found, expected, strict=True):
        assert d.span is not None and d.span.file == "long.prisma" and d.span.line == line + lines, d
        text = re.sub(r"\(line (\d+)\)", lambda m: f"(line {int(m.group(1)) + lines})", text)
        assert text in d.message and "both truncate to the same 63-byte PostgreSQL identifier" in d.message
        assert d.help is not None and fix in d.help
    with psycopg.connect(pg_url, autocommit=True) as con, pytest.raises(psycopg.Error, match=pg_error):
        con.execute(to_ddl(database).encode())  # the DDL fails as the warning says it would
    for dialect in ("duckdb", "sqlite"):
        assert "W0517" not in {d.code for d in lower(schema, dialect)[1]}


def test_long_names_that_stay_apart_are_fine(pg_url: str) -> None:
    """Long names alone, or differing within the first 63 bytes, or exactly 63 bytes: no warning."""
    body = (
        f'model M {{\n  id Int @id\n  x  Int @map("{"b" * 62}x_long_tail")\n  y  Int @map("{"b" * 62}y_long_tail")\n'
        f'  z  Int @map("{A63}")\n  w  Int @map("{"c" * 80}")\n}}\n'
    )
    database, diagnostics = lower(load(body), "postgres")
    assert "W0517" not in {d.code for d in diagnostics}
    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute(to_ddl(database).encode())  # truncated by PostgreSQL, but distinct
