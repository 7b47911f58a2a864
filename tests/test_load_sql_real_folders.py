"""Real projects' Prisma migrations folders replay to the database they built: no false drift.

Each case is a minimal snippet of what a real folder holds (ghostfolio, rallly, papermark; see
tools/README.md) that once made ``migrate status`` report drift nobody made. The folder is run on
a real PostgreSQL database as Prisma runs it (each file whole), then diffed against its replay.
"""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

import workbench as wb
from workbench.loaders.sql.literals import standard_literals
from workbench.loaders.sql.loader import load_sql
from workbench.migrate.drift import Drift, compare, history_state, live_state
from workbench.migrate.folder import read_folder

CASES: dict[str, list[str]] = {
    # ghostfolio: Prisma wrote string defaults as escape strings until 2022
    "escape_string_defaults": [
        'CREATE TABLE "A" ("id" INTEGER NOT NULL, "c" TEXT NOT NULL DEFAULT E\'USD\', '
        '"q" TEXT DEFAULT E\'it\\\'s\', "n" TEXT DEFAULT E\'a\\nb\', CONSTRAINT "A_pkey" PRIMARY KEY ("id"));\n',
        "ALTER TABLE \"A\" ALTER COLUMN \"q\" SET DEFAULT E'x''y';\n",
    ],
    # ghostfolio: enum -> String; the default still casts to the enum, DROP TYPE CASCADE drops it
    "enum_to_text_drops_default": [
        "CREATE TYPE \"Currency\" AS ENUM ('USD', 'EUR');\n"
        'CREATE TABLE "Account" ("id" INTEGER NOT NULL, "currency" "Currency" NOT NULL DEFAULT E\'USD\', '
        '"kept" "Currency" DEFAULT \'EUR\', CONSTRAINT "Account_pkey" PRIMARY KEY ("id"));\n',
        'ALTER TABLE "Account" ALTER COLUMN "currency" TYPE TEXT;\n'
        'ALTER TABLE "Account" ALTER COLUMN "kept" TYPE TEXT;\n'
        'ALTER TABLE "Account" ALTER COLUMN "kept" SET DEFAULT \'EUR\';\n'
        'DROP TYPE "Currency" CASCADE;\n',
    ],
    # rallly: an extension type written in lower case (the server folds unquoted names)
    "citext_lower_case": [
        'CREATE EXTENSION IF NOT EXISTS citext;\nCREATE TABLE "users" ("id" INTEGER NOT NULL, "email" TEXT, '
        '"other" citext, CONSTRAINT "users_pkey" PRIMARY KEY ("id"));\n',
        'ALTER TABLE "users" ALTER COLUMN email TYPE citext;\n',
    ],
    # rallly: keys renamed after their tables were renamed
    "rename_constraint": [
        'CREATE TABLE "User" ("id" INTEGER NOT NULL, CONSTRAINT "User_pkey" PRIMARY KEY ("id"));\n'
        'CREATE TABLE "Poll" ("id" INTEGER NOT NULL, "userId" INTEGER NOT NULL, CONSTRAINT "Poll_pkey" '
        'PRIMARY KEY ("id"), CONSTRAINT "Poll_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id"));\n',
        'ALTER TABLE "User" RENAME TO "users";\nALTER TABLE "Poll" RENAME TO "polls";\n'
        'ALTER TABLE "users" RENAME CONSTRAINT "User_pkey" TO "users_pkey";\n'
        'ALTER TABLE "polls" RENAME CONSTRAINT "Poll_pkey" TO "polls_pkey";\n'
        'ALTER TABLE "polls" RENAME CONSTRAINT "Poll_userId_fkey" TO "polls_userId_fkey";\n',
    ],
    # papermark: every index column with an explicit ASC
    "explicit_asc_index": [
        'CREATE TABLE "Link" ("id" TEXT NOT NULL, "teamId" TEXT, "at" TIMESTAMP(3), CONSTRAINT "Link_pkey" '
        'PRIMARY KEY ("id"));\nCREATE INDEX "Link_teamId_idx" ON "Link"("teamId" ASC);\n'
        'CREATE UNIQUE INDEX "Link_teamId_at_key" ON "Link"("teamId" ASC, "at" DESC);\n',
    ],
    # inbox-zero: PostgreSQL cuts names to 63 bytes as it reads them
    "long_index_names": [
        'CREATE TABLE "ThreadTracker" ("id" TEXT NOT NULL, "emailAccountId" TEXT, "followUpAppliedAt" TIMESTAMP(3), '
        'CONSTRAINT "ThreadTracker_pkey" PRIMARY KEY ("id"));\n'
        'CREATE INDEX IF NOT EXISTS "ThreadTracker_emailAccountId_type_resolved_followUpAppliedAt_idx" '
        'ON "ThreadTracker"("emailAccountId", "followUpAppliedAt");\n'
        'CREATE INDEX "ThreadTracker_emailAccountId_type_resolved_followUpAppliedAt_sentAt_idx" '
        'ON "ThreadTracker"("followUpAppliedAt");\n',
        'ALTER INDEX "ThreadTracker_emailAccountId_type_resolved_followUpAppliedAt_idx" RENAME TO "short_idx";\n',
    ],
    # inbox-zero, langfuse: partial indexes, spelled differently by the catalog
    "partial_index_predicates": [
        "CREATE TYPE \"Status\" AS ENUM ('PENDING', 'EXECUTING', 'DONE');\n"
        'CREATE TABLE "S" ("id" TEXT NOT NULL, "status" "Status" NOT NULL, "user_id" TEXT, "done_at" INTEGER, '
        '"at" INTEGER, "kind" TEXT, CONSTRAINT "S_pkey" PRIMARY KEY ("id"));\n'
        'CREATE UNIQUE INDEX "S_active_key" ON "S"("id") WHERE "status" IN (\'PENDING\', \'EXECUTING\');\n'
        'CREATE UNIQUE INDEX "S_user_key"\n  ON "S" ("id", "user_id")\n  WHERE "user_id" IS NOT NULL;\n'
        'CREATE INDEX "S_rescue_idx" ON "S"("at") WHERE "done_at" IS NULL OR "done_at" < "at";\n'
        'CREATE INDEX "S_kind_idx" ON "S"("at") WHERE kind IN (\'a\', \'b\');\n',
    ],
    # langfuse: a primary key swapped to a unique index built beforehand
    "primary_key_using_index": [
        'CREATE TABLE "items" ("id" TEXT NOT NULL, "project_id" TEXT NOT NULL, "valid_from" TIMESTAMP(3) NOT NULL, '
        'CONSTRAINT "items_pkey" PRIMARY KEY ("id", "project_id"));\n',
        'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "items_id_project_id_valid_from_key" '
        'ON "items"("id", "project_id", "valid_from");\n',
        'ALTER TABLE "items" DROP CONSTRAINT "items_pkey",\n'
        'ADD CONSTRAINT "items_pkey" PRIMARY KEY USING INDEX "items_id_project_id_valid_from_key";\n',
    ],
    # openpanel: an enum named like a builtin type ("Interval" is not INTERVAL)
    "enum_named_like_a_builtin": [
        "CREATE TYPE \"Interval\" AS ENUM ('hour', 'day');\n"
        'CREATE TABLE "reports" ("id" TEXT NOT NULL, "interval" "Interval" NOT NULL, "many" "Interval"[], '
        '"spare" TEXT, "plain" INTERVAL, CONSTRAINT "reports_pkey" PRIMARY KEY ("id"));\n',
        'ALTER TABLE "reports" ALTER COLUMN "spare" SET DATA TYPE "Interval" USING ("spare"::"Interval");\n',
    ],
    # amplication: RENAME without COLUMN (sqlglot reads it as a table rename)
    "rename_column_without_keyword": [
        'CREATE TABLE "Block" ("id" TEXT NOT NULL, "appId" TEXT NOT NULL, '
        'CONSTRAINT "Block_pkey" PRIMARY KEY ("id"));\n'
        'CREATE UNIQUE INDEX "Block.appId_unique" ON "Block"("appId");\n',
        'ALTER TABLE "Block"\nRENAME "appId" TO "resourceId";\n'
        'ALTER INDEX "Block.appId_unique" RENAME TO "Block.resourceId_unique";\n',
    ],
    # trigger.dev: DDL inside DO blocks (idempotent guards, a column filled in the same block)
    "do_blocks": [
        'CREATE TABLE "Env" ("id" TEXT NOT NULL, "projectId" TEXT, CONSTRAINT "Env_pkey" PRIMARY KEY ("id"));\n'
        'CREATE TABLE "Group" ("id" TEXT NOT NULL, "envId" TEXT, CONSTRAINT "Group_pkey" PRIMARY KEY ("id"));\n',
        "DO $$\nDECLARE\n  parts text[] := ARRAY['a', 'b'];\nBEGIN\n  -- add it\n  ALTER TABLE \"Env\"\n"
        '  ADD COLUMN "shortcode" text;\n  UPDATE "Env" SET "shortcode" = parts[1];\n'
        '  CREATE UNIQUE INDEX "Env_projectId_shortcode_key" ON "Env"("projectId", "shortcode");\nEND $$;\n'
        'ALTER TABLE "Env" ALTER COLUMN "shortcode" SET NOT NULL;\n',
        "DO $$\nBEGIN\n  IF NOT EXISTS (\n    SELECT 1 FROM pg_constraint WHERE conname = 'Group_envId_fkey'\n"
        "  ) THEN\n"
        '    ALTER TABLE "Group" ADD CONSTRAINT "Group_envId_fkey" FOREIGN KEY ("envId") REFERENCES "Env"("id")\n'
        "    ON DELETE CASCADE ON UPDATE CASCADE;\n  END IF;\nEND $$;\n",
        # civitai: a materialized view dropped only if it is one; unquoted index names fold to lower case
        'CREATE MATERIALIZED VIEW "Rank" AS SELECT 1 AS one;\n'
        "DO $$\nBEGIN\n  IF EXISTS (SELECT 1 FROM pg_class WHERE relname = 'Rank' AND relkind = 'm') THEN\n"
        '    DROP MATERIALIZED VIEW IF EXISTS "Rank";\n  END IF;\nEND $$;\n'
        'CREATE INDEX env_projectId_idx ON "Env" ("projectId");\n'
        'ALTER INDEX "env_projectid_idx" RENAME TO "Env_projectId_idx";\n',
        # the same guarded block again: the constraint exists, the guard skips it (no error)
        "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'Group_envId_fkey') THEN "
        'ALTER TABLE "Group" ADD CONSTRAINT "Group_envId_fkey" FOREIGN KEY ("envId") REFERENCES "Env"("id") '
        "ON DELETE CASCADE ON UPDATE CASCADE; END IF; END $$;\n",
    ],
    # trigger.dev: a formatter's spaces in an array default
    "spaced_array_default": [
        'CREATE TABLE "Batch" ("id" TEXT NOT NULL, CONSTRAINT "Batch_pkey" PRIMARY KEY ("id"));\n',
        'ALTER TABLE "Batch"\nADD\n  COLUMN "runIds" TEXT [] DEFAULT ARRAY [] :: TEXT [],\n'
        "ADD COLUMN \"tags\" TEXT[] DEFAULT ARRAY [ 'a b' ] :: TEXT [];\n",
    ],
    # civitai: an enum array default set later, a jsonb default the server reorders, != in a predicate
    "civitai_defaults_and_predicates": [
        "CREATE TYPE \"CommercialUse\" AS ENUM ('Sell', 'Rent');\n"
        'CREATE TABLE "Model" ("id" INTEGER NOT NULL, "uses" "CommercialUse"[] NOT NULL DEFAULT '
        'ARRAY[\'Rent\']::"CommercialUse"[], "prefs" JSONB NOT NULL DEFAULT \'{"size": "pruned", "fp": "fp16"}\', '
        '"status" TEXT, "flags" INTEGER, CONSTRAINT "Model_pkey" PRIMARY KEY ("id"));\n',
        'ALTER TABLE "Model" ALTER COLUMN "uses" SET DEFAULT ARRAY[\'Sell\']::"CommercialUse"[];\n'
        'CREATE INDEX "Model_status_idx" ON "Model"("status") WHERE "status" != \'x\';\n',
        'CREATE INDEX "Model_flags_idx" ON "Model" ("flags") WHERE ("flags" & 1 << 09) != 0;\n',
    ],
}


# cal.com: views created (and re-created) by hand-written migrations
VIEWS = [
    'CREATE TABLE "Booking" ("id" INTEGER NOT NULL, "title" TEXT, CONSTRAINT "Booking_pkey" PRIMARY KEY ("id"));\n'
    'CREATE OR REPLACE VIEW public."BookingTimeStatus" AS SELECT "Booking".id, "Booking".title FROM "Booking";\n',
    'CREATE OR REPLACE VIEW public."BookingTimeStatus" AS\nSELECT "Booking".id, "Booking".title, 1 AS one '
    'FROM "Booking";\n'
    # civitai: a view with its column list
    'CREATE VIEW "Helper"(id, "bookingTitle") AS SELECT "Booking".id, "Booking".title FROM "Booking";\n',
]


def _run(tmp_path: Path, pg_url: str, scripts: list[str]) -> Path:
    """The scripts as a migrations folder, each run whole on the database (as Prisma runs them)."""
    folder = tmp_path / "migrations"
    for i, sql in enumerate(scripts, 1):
        (folder / f"2024010{i}000000_m{i}").mkdir(parents=True)
        (folder / f"2024010{i}000000_m{i}" / "migration.sql").write_text(sql)
    with psycopg.connect(pg_url, autocommit=True, connect_timeout=10) as conn:
        for sql in scripts:
            conn.execute(sql.encode())
    return folder


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_real_folders_pattern_replays_without_drift(case: str, tmp_path: Path, pg_url: str) -> None:
    folder = _run(tmp_path, pg_url, CASES[case])
    d = wb.diff(str(folder), pg_url, dialect="postgres")
    assert d.empty, d.sql()


def test_views_are_drift_only_when_missing(tmp_path: Path, pg_url: str) -> None:
    folder = _run(tmp_path, pg_url, VIEWS)
    history, problems = history_state(read_folder(folder).migrations, "postgres")

    def drift() -> Drift:
        with psycopg.connect(pg_url, connect_timeout=10) as raw:
            return compare(history, live_state(raw), problems)

    assert drift().empty, drift().record.sql()
    with psycopg.connect(pg_url, autocommit=True, connect_timeout=10) as conn:
        conn.execute('DROP VIEW "BookingTimeStatus"')
    missing = drift()
    assert not missing.empty and 'CREATE VIEW "BookingTimeStatus"' in missing.revert.sql(), missing.revert.sql()


def test_escape_strings_become_standard_literals() -> None:
    assert standard_literals("E'USD'") == "'USD'"
    assert standard_literals("e'it\\'s' || E'\\x41\\101\\u0041\\\\'") == "'it''s' || 'AAA\\'"
    assert standard_literals("'E''x' || \"E'\"") == "'E''x' || \"E'\""  # inside a literal or a name
    assert standard_literals("ARRAY[E'a', E'']::TEXT[]") == "ARRAY['a', '']::TEXT[]"


def test_a_do_block_replays_its_ddl_without_errors() -> None:
    loaded = load_sql(text="".join(CASES["do_blocks"]), dialect="postgres")
    tables = {t.name: t for t in loaded.database.tables}
    assert [f.name for f in tables["Group"].foreign_keys] == ["Group_envId_fkey"]
    assert tables["Env"].column("shortcode") is not None and not loaded.errors


def test_rename_constraint_of_an_unknown_key_is_a_located_warning() -> None:
    loaded = load_sql(
        text='CREATE TABLE "T" ("id" INTEGER PRIMARY KEY);\nALTER TABLE "T" RENAME CONSTRAINT "nope" TO "x";',
        dialect="postgres",
    )
    assert [(d.code, d.span.line if d.span else None) for d in loaded.diagnostics] == [("W1004", 2)]
