"""A live database diffed against its schema leaves Prisma Migrate's ``_prisma_migrations`` out.

After ``migrate apply`` the database has the history table and the schema never does; a diff that
listed it ("drop table _prisma_migrations", with a data-loss hazard on its rows) would fail CI's
"migrations match the schema" step on every in-sync project. ``prisma migrate diff --from-url``
ignores the table the same way. A real difference must still show.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import workbench as wb
from tests.cli_run import workbench
from workbench.api.migrating import migrate
from workbench.ir.database import Database, DbColumn, DbTable
from workbench.migrate.diff import diff_databases, without_history

BLOG = Path(__file__).resolve().parents[1] / "sample_schemas" / "blog.prisma"


def _applied(url: str, tmp_path: Path, dialect: str) -> Path:
    """The blog schema's folder written by ``migrate new`` and applied to ``url`` (history table and all)."""
    folder = tmp_path / "migrations"
    wb.new_migration(BLOG, folder, name="init", dialect=dialect)
    report = migrate(url, folder)
    assert report.applied, report
    with wb.connect(url) as db:
        assert "_prisma_migrations" in {t.name for t in wb.introspect(db).database.tables}  # type: ignore[union-attr]
    return folder


def _check(url: str, folder: Path, dialect: str, tmp_path: Path) -> None:
    for old, new in ((url, BLOG), (BLOG, url), (url, folder), (folder, url)):
        d = wb.diff(old, new, dialect=dialect)
        assert d.empty, f"{old} -> {new}: {d._text()}"
        assert not d.hazards
    r = workbench("migrate", "diff", url, str(BLOG), "--dialect", dialect, "--exit-code")
    assert (r.returncode, r.stdout) == (0, ""), r.stderr
    assert "_prisma_migrations" not in r.stderr
    # a real change is still one, and the history table is still not part of it
    edited = tmp_path / "edited.prisma"
    edited.write_text(BLOG.read_text().replace("model Tag {", "model Tag {\n  color String?", 1))
    d = wb.diff(url, edited, dialect=dialect)
    assert d.changes() == {"added": ["Tag.color"]}, d._text()
    assert "_prisma_migrations" not in d.sql() + d.down_sql()


@pytest.mark.parametrize("dialect", ["sqlite", "duckdb"])
def test_an_embedded_database_after_apply_has_no_changes(tmp_path: Path, dialect: str) -> None:
    url = f"{dialect}:///{tmp_path / ('app.' + dialect)}"
    folder = _applied(url, tmp_path, dialect)
    _check(url, folder, dialect, tmp_path)


def test_postgres_after_apply_has_no_changes(pg_url: str, tmp_path: Path) -> None:
    folder = _applied(pg_url, tmp_path, "postgres")
    _check(pg_url, folder, "postgres", tmp_path)


def test_the_history_table_is_out_of_both_sides() -> None:
    history = DbTable(name="_prisma_migrations", columns=(DbColumn(name="id", type="TEXT"),))
    t = DbTable(name="t", columns=(DbColumn(name="id", type="INTEGER"),))
    with_it, without = Database(dialect="sqlite", tables=(history, t)), Database(dialect="sqlite", tables=(t,))
    assert without_history(with_it) == without and without_history(without) is without
    assert diff_databases(with_it, without) == () and diff_databases(without, with_it) == ()
