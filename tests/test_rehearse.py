"""Rehearsal (#16 item 5): a migration run on seeded data in a scratch database finds the planted problems.

Real DuckDB in memory and a real PostgreSQL server (``pg_url``: the rehearsal is given the URL and
makes, then drops, its own throwaway database there). Each test plants one problem: a required
column without a default, a unique index over duplicates, a rewriting type change (its lock
measured), a rename versus a drop + add.
"""

from __future__ import annotations

import configparser
import json
import re
from pathlib import Path

import psycopg
import pytest

import workbench as wb
from tests.cli_run import workbench
from workbench.diagnostics import UserError

HEAD = 'datasource db {\n  provider = "postgresql"\n}\n\n'
POST = """model Post {
  id     Int     @id @default(autoincrement())
  title  String
  views  Int
  draft  Boolean
  %s
}
"""


def schema(extra: str = "", *, title: str = "title  String", views: str = "views  Int") -> wb.LoadedSchema:
    text = HEAD + POST.replace("title  String", title).replace("views  Int", views) % extra
    return wb.load(text=text, name="schema.prisma")


def codes(r: object) -> list[str]:
    return [f.code for f in r.findings]  # type: ignore[attr-defined]


# --- (a) a required column added without a default ---------------------------------------------------


def test_required_column_without_default_fails_on_the_seeded_rows() -> None:
    r = wb.rehearse(wb.diff(schema(), schema("author String"), dialect="duckdb"), rows=300)
    assert r.failed and not r.ok
    [finding] = [f for f in r.findings if f.code == "E1280"]
    assert finding.span is not None and finding.span.line == 2  # migration.sql: the ADD COLUMN statement
    assert "ADD COLUMN" in r.up[0].step.sql and r.up[0].error and "NOT NULL" in r.up[0].error
    assert "300 rows per table" in finding.message
    assert any("W1210" in n for n in finding.notes)  # part 1's hazard, with its safer way as the help
    assert finding.help is not None and "optional" in finding.help and "backfill" in finding.help
    assert "line 2 fails on the data" in r.headline()
    assert r.down == () and r.round_trip_ok is None  # the migration was rolled back: nothing to go down from


def test_required_column_fails_on_postgres_and_the_scratch_database_is_dropped(pg_url: str) -> None:
    r = wb.rehearse(wb.diff(schema(), schema("author String"), dialect="postgres"), rows=200, db=pg_url)
    assert r.failed and "E1280" in codes(r)
    assert "contains null values" in (r.up[0].error or "")
    assert r.scratch and r.scratch.startswith("wb_scratch_")
    assert not _database_exists(pg_url, r.scratch)
    with psycopg.connect(pg_url) as conn:  # the database in the URL was only used to connect
        assert conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone() == (0,)


# --- (b) a unique index on duplicated data ---------------------------------------------------------------


def test_unique_index_on_a_low_cardinality_column_fails() -> None:
    old = HEAD + POST % ""
    new = HEAD + (POST % "").replace("draft  Boolean", "draft  Boolean @unique")
    r = wb.rehearse(wb.diff(wb.load(text=old), wb.load(text=new), dialect="duckdb"), rows=100)
    [finding] = [f for f in r.findings if f.code == "E1280"]
    assert "CREATE UNIQUE INDEX" in r.up[0].step.sql
    assert any("W1212" in n for n in finding.notes)
    assert finding.help is not None and "GROUP BY" in finding.help and "HAVING count(*) > 1" in finding.help


# --- (c) a type change that rewrites a big table, its lock measured on PostgreSQL ------------------------


def test_type_change_rewrite_holds_access_exclusive_and_is_timed(pg_url: str) -> None:
    old, new = schema(), schema(views="views  BigInt")
    r = wb.rehearse(wb.diff(old, new, dialect="postgres"), rows=200_000, db=pg_url)
    assert r.seeded == 200_000
    [step] = r.up
    lock = step.strongest
    assert lock is not None and lock.table == "Post" and lock.mode == "AccessExclusiveLock"
    assert lock.blocks_writes and lock.blocks_reads
    assert step.seconds is not None and step.seconds > 0 and lock.held >= step.seconds
    [finding] = [f for f in r.findings if f.code == "W1283"]
    assert "ACCESS EXCLUSIVE lock on `Post`" in finding.message and "200,000 rows" in finding.message
    assert finding.help is not None and "add a column of the new type" in finding.help  # W1231's safer way
    assert "line 2 blocks writes and reads to Post for" in r.headline()
    frame = r.to_frame()
    assert frame.loc[0, "lock_mode"] == "ACCESS EXCLUSIVE" and bool(frame.loc[0, "blocks_writes"])
    assert frame.loc[0, "lock_held_seconds"] > 0
    assert all(s.kept for s in r.survival)  # INTEGER -> BIGINT keeps every value (same text)
    assert r.round_trip_ok
    assert not _database_exists(pg_url, r.scratch or "")


def test_adding_a_nullable_column_takes_no_write_blocking_lock_for_long(pg_url: str) -> None:
    r = wb.rehearse(wb.diff(schema(), schema("note String?"), dialect="postgres"), rows=1000, db=pg_url)
    assert not r.failed and r.round_trip_ok
    lock = r.up[0].strongest
    assert lock is not None and lock.mode == "AccessExclusiveLock"  # brief, but measured and reported
    assert r.up[0].seconds is not None


def test_create_index_blocks_writes_not_reads_and_concurrently_blocks_neither(pg_url: str, tmp_path: Path) -> None:
    r = wb.rehearse((schema(), schema("@@index([views])")), rows=2000, db=pg_url)
    lock = r.up[0].strongest
    assert lock is not None and lock.mode == "ShareLock" and lock.blocks_writes and not lock.blocks_reads
    [finding] = [f for f in r.findings if f.code == "W1283"]
    assert finding.help is not None and "CONCURRENTLY" in finding.help  # W1230's safer way
    assert "line 2 blocks writes to Post for" in r.headline()

    # the safer way, rehearsed: outside a transaction, SHARE UPDATE EXCLUSIVE lets writes go on
    folder = _folder(tmp_path, 'CREATE INDEX CONCURRENTLY "Post_views_idx" ON "Post"("views");\n')
    (folder / "migration_lock.toml").write_text('provider = "postgresql"\n')
    # autocommit: the lock ends with the statement, so only the sampler sees it; enough rows to last many samples
    r = wb.rehearse(folder, rows=50_000, db=pg_url)
    lock = r.up[0].strongest
    assert lock is not None and lock.mode == "ShareUpdateExclusiveLock" and not lock.blocks_writes
    assert r.ok and r.round_trip_ok, r._text()


# --- (d) a rename keeps the data; the same change without the rename loses it -----------------------------


def test_rename_keeps_every_value_and_drop_add_reports_the_loss() -> None:
    # optional, so that the drop + add runs at all (a required one fails: test (a))
    old, new = schema(title="title  String?"), schema(title="headline String?")
    renamed = wb.rehearse(wb.diff(old, new, dialect="duckdb", renames={"Post.title": "Post.headline"}), rows=400)
    assert renamed.ok and renamed.round_trip_ok, renamed._text()
    [title] = [s for s in renamed.survival if s.column == "title"]
    assert title.now == "Post.headline" and title.kept and 0 < title.values_before < 400  # ~10% NULL

    dropped = wb.rehearse(wb.diff(old, new, dialect="duckdb"), rows=400)
    [title] = [s for s in dropped.survival if s.column == "title"]
    assert title.now is None and title.values_lost == title.values_before and title.rows_lost == 0
    lost = [f for f in dropped.findings if f.code == "W1281"]
    assert [f.message for f in lost] == [f"`Post.title` is gone: {title.values_before:,} values lost"]
    assert "1 column lose data" in dropped.headline()
    assert lost[0].help is not None and "renames=" in lost[0].help
    # the way back recreates `title` empty: the round trip names it
    assert not dropped.round_trip_ok
    assert [(s.table, s.column) for s in dropped.round_trip] == [("Post", "title")]


def test_rehearse_a_pair_with_renames() -> None:
    r = wb.rehearse((schema(), schema(title="headline String")), rows=50, renames={"Post.title": "Post.headline"})
    assert r.ok and r.engine == "duckdb"


# --- the round trip, folders, display, CLI ---------------------------------------------------------------


def test_round_trip_passes_on_a_clean_pair() -> None:
    r = wb.rehearse(wb.diff(schema(), schema("note String?"), dialect="duckdb"), rows=500)
    assert r.ok and r.round_trip_ok and not r.findings
    assert r.catalog_changes == () and r.round_trip == ()
    assert "every row and value kept, round trip ok" in r.headline()


def _folder(tmp_path: Path, last: str, down: str | None = None) -> Path:
    folder = tmp_path / "migrations"
    init = folder / "20240101000000_init"
    init.mkdir(parents=True)
    (init / "migration.sql").write_text(
        'CREATE TABLE "Post" (\n    "id" INTEGER NOT NULL,\n    "title" VARCHAR NOT NULL,\n    "views" INTEGER,\n'
        '    CONSTRAINT "Post_pkey" PRIMARY KEY ("id")\n);\n'
    )
    step = folder / "20240102000000_change"
    step.mkdir()
    (step / "migration.sql").write_text(last)
    if down is not None:
        (step / "down.sql").write_text(down)
    return folder


def test_folder_rename_is_followed_and_its_down_sql_runs(tmp_path: Path) -> None:
    up = '-- rename\nALTER TABLE "Post" RENAME COLUMN "title" TO "headline";\n'
    down = 'ALTER TABLE "Post" RENAME COLUMN "headline" TO "title";\n'
    r = wb.rehearse(_folder(tmp_path, up, down), rows=200)
    assert r.migration == "20240102000000_change" and r.down_from == "down.sql"
    assert r.ok and r.round_trip_ok
    assert [s.now for s in r.survival if s.column == "title"] == ["Post.headline"]
    assert r.up[0].step.line == 2


def test_folder_without_down_sql_uses_the_reverse_diff_and_reports_lost_values(tmp_path: Path) -> None:
    r = wb.rehearse(_folder(tmp_path, 'ALTER TABLE "Post" DROP COLUMN "views";\n'), rows=100)
    assert r.down_from == "the reverse diff"
    [views] = [s for s in r.survival if s.column == "views"]
    assert views.now is None and views.values_lost == views.values_before > 0  # ~10% NULLs are not values
    assert "W1284" in codes(r) and not r.ok


def test_values_set_to_null_and_a_failing_down_script_are_findings(tmp_path: Path) -> None:
    up = 'UPDATE "Post" SET "views" = NULL WHERE "id" % 2 = 0;\n'
    r = wb.rehearse(_folder(tmp_path, up, 'ALTER TABLE "Post" DROP COLUMN "nope";\n'), rows=100)
    [views] = [s for s in r.survival if s.column == "views"]
    assert views.nulls_introduced > 0 and views.now == "Post.views"
    assert [f.message for f in r.findings if f.code == "W1282"] == [
        f"`Post.views`: {views.nulls_introduced:,} values became NULL"
    ]
    [down] = [f for f in r.findings if f.code == "E1285"]
    assert down.span is not None and down.span.file.endswith("down.sql") and r.round_trip_ok is False


def test_every_rehearsal_code_has_a_case() -> None:
    """Each code of the rehearsal (E/W128x) is asserted by a test of this file."""
    from workbench.diagnostics.catalog import Area, names

    text = Path(__file__).read_text()
    mine = [c for c in names(Area.MIGRATE) if c[1:4] == "128"]
    assert len(mine) == 6 and all(f'"{c}"' in text for c in mine)


def test_migration_by_name_rehearses_an_earlier_one(tmp_path: Path) -> None:
    r = wb.rehearse(_folder(tmp_path, 'ALTER TABLE "Post" ADD COLUMN "n" INTEGER;\n'), migration="init", rows=10)
    assert r.migration == "20240101000000_init" and r.seeded == 0 and r.ok


def test_wrong_engine_and_bad_arguments_are_clear_errors(tmp_path: Path) -> None:
    pg_diff = wb.diff(schema(), schema("note String?"), dialect="postgres")
    with pytest.raises(UserError, match=r"written for postgres.*give db= a PostgreSQL server URL"):
        wb.rehearse(pg_diff)
    with pytest.raises(UserError, match="give a PostgreSQL server URL"):
        wb.rehearse(pg_diff, db="postgresql")
    with pytest.raises(UserError, match=r"sqlite:///x\.db"):
        wb.rehearse(pg_diff, db="sqlite:///x.db")
    with pytest.raises(UserError, match="no such folder"):
        wb.rehearse(tmp_path / "nope")
    with pytest.raises(UserError, match="rows"):
        wb.rehearse(pg_diff, rows=-1)


def test_the_display_is_deterministic_once_durations_are_sanitised() -> None:
    d = wb.diff(schema(), schema("author String", views="views  BigInt"), dialect="duckdb")
    shown = []
    for _ in range(2):
        bundle = wb.rehearse(d, rows=50)._repr_mimebundle_()
        shown.append({k: _sanitise(v) for k, v in bundle.items()})
    assert shown[0] == shown[1]
    assert "DURATION" in shown[0]["text/plain"] and "E1280" in shown[0]["text/html"]


def test_cli_exit_codes_and_json(tmp_path: Path) -> None:
    clean = _folder(
        tmp_path / "a", 'ALTER TABLE "Post" ADD COLUMN "n" INTEGER;\n', 'ALTER TABLE "Post" DROP COLUMN "n";\n'
    )
    done = workbench("migrate", "rehearse", "--dir", str(clean), "--rows", "100")
    assert done.returncode == 0, done.stderr
    assert "round trip ok" in done.stdout

    failing = _folder(tmp_path / "b", 'ALTER TABLE "Post" ADD COLUMN "n" INTEGER NOT NULL;\n')
    done = workbench("migrate", "rehearse", "--dir", str(failing), "--rows", "100", "--json")
    assert done.returncode == 2, done.stderr
    report = json.loads(done.stdout)
    assert report["ok"] is False and report["statements"][0]["status"] == "failed"
    assert report["findings"][0]["code"] == "E1280"

    done = workbench("migrate", "rehearse", "--dir", str(tmp_path / "missing"))
    assert done.returncode == 1 and done.stderr.startswith("error: ") and "Traceback" not in done.stderr


def _sanitise(text: str) -> str:
    cfg = configparser.ConfigParser()
    cfg.read(Path(__file__).with_name("nbval_sanitize.cfg"))
    for section in cfg.sections():
        text = re.sub(cfg[section]["regex"], cfg[section]["replace"], text)
    return text


def _database_exists(url: str, name: str) -> bool:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is not None
