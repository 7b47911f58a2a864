"""Seeding the column types and keys that used to crash (issue #12 item 8), on real DuckDB,
PostgreSQL (binary COPY) and SQLite: enum lists, TIMETZ, MONEY, BIT/VARBIT, a `%` in an
autoincrement column's @map, unique Boolean/enum keys with more rows asked than values, and
table/column names over PostgreSQL's 63-byte limit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import workbench as wb
from tests.seed_checks import violations
from workbench.api import seed
from workbench.seeding import build_plan

TYPES = """
datasource db {
  provider = "postgresql"
}

enum Tag {
  RED
  GREEN
  BLUE
}

model Thing {
  id    Int       @id @default(autoincrement()) @map("id%s")
  tags  Tag[]
  tz    DateTime  @db.Timetz
  tz3   DateTime? @db.Timetz(3)
  price Decimal   @db.Money
  flags String    @db.Bit(8)
  mask  String    @db.VarBit(12)
  bits  String?   @db.VarBit
  one   String    @db.Bit
}
"""

PG_ROWS = (
    'SELECT "id%s", tags::text[], tz, tz3, price::numeric, flags::text, mask::text, bits::text, one::text '
    'FROM "Thing" ORDER BY 1'
)
DUCK_ROWS = (
    'SELECT "id%s", tags::VARCHAR[], tz, tz3, price, flags::VARCHAR, mask::VARCHAR, bits::VARCHAR, one::VARCHAR '
    'FROM "Thing" ORDER BY 1'
)


def _thing_rows(db: Any) -> list[tuple[Any, ...]]:
    return list(db.sql(PG_ROWS if db.dialect == "postgres" else DUCK_ROWS).rows)


def _check_values(rows: list[tuple[Any, ...]]) -> None:
    assert len(rows) == 60
    tags = [t for r in rows for t in r[1] or ()]
    assert tags and set(tags) <= {"RED", "GREEN", "BLUE"}
    assert all(isinstance(r[2], dt.time) and r[2].utcoffset() == dt.timedelta(0) for r in rows)
    assert all(isinstance(r[4], Decimal) and r[4] > 0 and r[4].as_tuple().exponent == -2 for r in rows)
    assert any(r[4] != r[4].to_integral() for r in rows)  # cents, not whole amounts
    assert all(len(r[5]) == 8 and set(r[5]) <= {"0", "1"} for r in rows)
    assert all(1 <= len(r[6]) <= 12 and set(r[6]) <= {"0", "1"} for r in rows)
    assert all(r[7] is None or (1 <= len(r[7]) <= 16 and set(r[7]) <= {"0", "1"}) for r in rows)
    assert all(r[8] in ("0", "1") for r in rows)


def test_enum_lists_timetz_money_bits_and_percent_map_seed_the_same_rows_on_both_engines(pg_url: str) -> None:
    s = wb.load(text=TYPES)
    assert not s.errors
    seen = []
    for url in (None, pg_url):
        with wb.connect(url) as db:
            db.apply(s)
            report = seed(s, db, 60, seed=5)
            assert report.ok, report
            rows = _thing_rows(db)
            _check_values(rows)
            seen.append(rows)
            # the sequence behind "id%s" continues after the seeded ids
            db.sql(
                'INSERT INTO "Thing" (tags, tz, price, flags, mask, one) '
                "VALUES (NULL, '10:00:00+00', 1, B'00000001', B'1', B'1')"
                if db.dialect == "postgres"
                else 'INSERT INTO "Thing" (tags, tz, price, flags, mask, one) '
                "VALUES (NULL, '10:00:00+00', 1, '00000001'::BIT, '1'::BIT, '1'::BIT)"
            )
            assert db.sql('SELECT max("id%s") FROM "Thing"').rows[0][0] == 61
    assert seen[0] == seen[1]  # determinism across engines


ENUM_LIST_ONLY = """
datasource db {
  provider = "postgresql"
}

enum Role {
  USER
  ADMIN
}

model Member {
  id    Int    @id @default(autoincrement())
  roles Role[]
}
"""


def test_enum_lists_go_through_binary_copy_with_the_enum_type_of_this_database(pg_url: str) -> None:
    s = wb.load(text=ENUM_LIST_ONLY)
    with wb.connect(pg_url) as db:
        db.sql("CREATE TYPE unrelated AS ENUM ('x')")  # the enum's OID differs per database
        db.apply(s)
        report = seed(s, db, 200)
        assert report.ok, report
        kinds = db.sql('SELECT DISTINCT unnest(roles)::text FROM "Member" ORDER BY 1').rows
        assert kinds == (("ADMIN",), ("USER",))
        assert db.sql('SELECT count(*) FROM "Member" WHERE cardinality(roles) = 0').rows[0][0] > 0


SMALL_DOMAINS = """
datasource db {
  provider = "postgresql"
}

enum Level {
  LOW
  MID
  HIGH
}

enum Provider {
  GITHUB
  GOOGLE
}

model Owner {
  id       Int       @id @default(autoincrement())
  accounts Account[]
}

model Switch {
  id    Int     @id @default(autoincrement())
  on    Boolean @unique
  level Level
}

model Grade {
  id    Int   @id @default(autoincrement())
  level Level @unique
}

model Pair {
  id    Int     @id @default(autoincrement())
  level Level
  on    Boolean

  @@unique([level, on])
}

model Account {
  id       Int      @id @default(autoincrement())
  ownerId  Int
  provider Provider
  owner    Owner    @relation(fields: [ownerId], references: [id])

  @@unique([ownerId, provider])
}
"""


def test_small_unique_domains_clamp_the_row_count_before_generating(pg_url: str) -> None:
    s = wb.load(text=SMALL_DOMAINS)
    assert not s.errors
    rows = {"Owner": 4, "*": 50}
    plan = build_plan(s.schema, rows)  # the clamp is decided and reported before any row exists
    caps = {d.message for d in plan.diagnostics if d.code == "I1101"}
    assert caps == {
        "Switch: 50 rows asked, 2 possible (unique (on): `on` is Boolean: 2 values)",
        "Grade: 50 rows asked, 3 possible (unique (level): `level` is enum `Level`: 3 values)",
        "Pair: 50 rows asked, 6 possible (unique (level, on): `level` is enum `Level`: 3 values; "
        "`on` is Boolean: 2 values)",
        "Account: 50 rows asked, 8 possible (unique (ownerId, provider): 4 `Owner` rows; "
        "`provider` is enum `Provider`: 2 values)",
    }
    expected = {"Owner": 4, "Switch": 2, "Grade": 3, "Pair": 6, "Account": 8}
    for url in (None, pg_url, "sqlite://"):
        with wb.connect(url) as db:
            db.apply(s)
            report = seed(s, db, rows)
            assert report.ok, report
            assert report.rows == expected
            assert violations(db, plan, expected) == []


def test_a_unique_domain_key_keeps_hand_written_rows_apart(tmp_path: Any) -> None:
    s = wb.load(text=SMALL_DOMAINS)
    (tmp_path / "grades.json").write_text('[{"level": "HIGH"}]')
    with wb.connect() as db:
        db.apply(s)
        report = seed(s, db, {"Owner": 1, "*": 5}, seed_files=tmp_path)
        assert report.ok, report
        levels = sorted(r[0] for r in db.sql('SELECT level FROM "Grade"').rows)
        assert levels == ["HIGH", "LOW", "MID"]


LONG_NAMES = """
datasource db {
  provider = "postgresql"
}

model Parent {
  id   Int   @id @default(autoincrement())
  kids Kid[]

  @@map("parent_table_with_a_very_long_name_that_goes_past_sixty_three_bytes_for_sure")
}

model Kid {
  id Int @id @default(autoincrement()) @map("kid_identifier_column_with_a_name_longer_than_sixty_three_bytes_ü")
  parentId Int
  parent   Parent @relation(fields: [parentId], references: [id])

  @@map("éééééééééééééééééééééééééééééééééééééééééééééééé_kid")
}
"""


def test_names_over_63_bytes_are_found_as_postgres_truncated_them(pg_url: str) -> None:
    from workbench.seeding.load import pg_name

    assert pg_name("é" * 40) == "é" * 31  # 62 bytes: the 32nd would need 64, never half a character
    assert pg_name("a" * 70) == "a" * 63
    s = wb.load(text=LONG_NAMES)
    assert not s.errors
    with wb.connect(pg_url) as db:
        db.apply(s)
        report = seed(s, db, 25)
        assert report.ok, report
        kids = "éééééééééééééééééééééééééééééééééééééééééééééééé_kid"
        assert db.sql(f'SELECT count(*) FROM "{kids}"').rows[0][0] == 25
        db.sql(f'INSERT INTO "{kids}" ("parentId") VALUES (1)')  # the long-named id's sequence moved on
        kid_id = "kid_identifier_column_with_a_name_longer_than_sixty_three_bytes_ü"
        assert db.sql(f'SELECT max("{kid_id}") FROM "{kids}"').rows[0][0] == 26
        top = db.sql(
            'SELECT max(id) FROM "parent_table_with_a_very_long_name_that_goes_past_sixty_three_bytes_for_sure"'
        )
        assert top.rows[0][0] == 25


def test_lists_on_sqlite_are_json_arrays() -> None:
    """SQLite has no arrays (Prisma's SQLite DDL makes the column TEXT): the list is stored as JSON."""
    import json

    s = wb.load(text=ENUM_LIST_ONLY)
    with wb.connect("sqlite://") as db:
        db.apply(s)
        report = seed(s, db, 40)
        assert report.ok, report
        lists = [json.loads(r[0]) for r in db.sql('SELECT roles FROM "Member" WHERE roles IS NOT NULL').rows]
        assert lists and all(set(x) <= {"USER", "ADMIN"} for x in lists) and any(lists)


# -- keys found in real-world schemas (cal.com, documenso forks) ------------------------------------
REAL_WORLD_KEYS = """
datasource db {
  provider = "postgresql"
}

model Team {
  id      Int       @id @default(autoincrement())
  managed Managed?  @relation("managed")
  manages Managed[] @relation("manager")
}

// cal.com's ManagedOrganization: a 1:1 key inside a two-key unique
model Managed {
  managedId Int  @unique
  managed   Team @relation("managed", fields: [managedId], references: [id])
  managerId Int
  manager   Team @relation("manager", fields: [managerId], references: [id])

  @@unique([managerId, managedId])
}

model User {
  id            Int         @id @default(autoincrement())
  defaultTypeId Int?
  defaultType   EventType?  @relation("default", fields: [defaultTypeId], references: [id])
  owned         EventType[] @relation("owner")
}

// cal.com's EventType: @@unique([userId, parentId]) over a cycle and a self reference
model EventType {
  id        Int         @id @default(autoincrement())
  userId    Int?
  owner     User?       @relation("owner", fields: [userId], references: [id])
  parentId  Int?
  parent    EventType?  @relation("children", fields: [parentId], references: [id])
  children  EventType[] @relation("children")
  defaultOf User[]      @relation("default")

  @@unique([userId, parentId])
}

model Node {
  id       Int     @id @default(autoincrement())
  parentId Int?
  parent   Node?   @relation("tree", fields: [parentId], references: [id])
  kids     Node[]  @relation("tree")
  pinned   Boolean

  @@unique([parentId, pinned])
}
"""


def test_real_world_composite_keys_hold_on_every_engine(pg_url: str) -> None:
    s = wb.load(text=REAL_WORLD_KEYS)
    assert not s.errors, s.errors
    rows = {"Team": 30, "Managed": 100, "*": 200}
    plan = build_plan(s.schema, rows)
    expected = {t.name: t.rows for t in plan.tables}
    assert expected["Managed"] == 30  # one per managed team
    for url in (None, pg_url, "sqlite://"):
        with wb.connect(url) as db:
            db.apply(s)
            report = seed(s, db, rows)
            assert report.ok, report
            assert violations(db, plan, expected) == []
            parents = db.sql('SELECT count(DISTINCT "parentId"), count("parentId") FROM "Node"').rows[0]
            assert parents[0] == parents[1] > 0  # each node a parent at most once: the key holds


SHARED_COLUMN = """
datasource db {
  provider = "postgresql"
}

model User {
  id         String      @id @default(cuid())
  signatures Signature[]
}

model Recipient {
  id         String      @id @default(cuid())
  signatures Signature[]
}

// a documenso fork: one column, two foreign keys to different tables
model Signature {
  id          String    @id @default(cuid())
  recipientId String
  recipient   Recipient @relation(fields: [recipientId], references: [id])
  user        User      @relation(fields: [recipientId], references: [id], map: "signatures_userId_fkey")
  notes       Note[]
}

model Note {
  id          Int       @id @default(autoincrement())
  signatureId String
  signature   Signature @relation(fields: [signatureId], references: [id])
}
"""


def test_unsatisfiable_tables_are_left_empty_with_the_reason_before_generating(pg_url: str) -> None:
    s = wb.load(text=SHARED_COLUMN)
    assert not s.errors, s.errors
    plan = build_plan(s.schema, 20)
    assert [(d.severity.value, d.message) for d in plan.diagnostics] == [
        (
            "warning",
            "Signature: 20 rows asked, 0 possible (`recipientId` must be a key of both `Recipient` and `User` "
            "(two foreign keys on one column), and generated keys of different tables never coincide: "
            "give these rows in a seed file)",
        ),
        (
            "warning",
            "Note: 20 rows asked, 0 possible (every row needs a `Signature` row (`signatureId`) and it gets none)",
        ),
    ]
    for url in (None, pg_url, "sqlite://"):
        with wb.connect(url) as db:
            db.apply(s)
            report = seed(s, db, 20)
            assert report.ok, report
            assert report.rows == {"User": 20, "Recipient": 20, "Signature": 0, "Note": 0}
