"""Fixes found while writing notebooks/08_migrations.ipynb.

``db.backup`` on a ``wb.scratch_database``: pg_dump must reach the scratch database itself.

The scratch connection used to carry the placeholder URL ``postgresql://.../NAME``, so ``db.backup``
(which hands the connection's URL to ``pg_dump``) failed with "could not translate host name"; the
migrations notebook backs a scratch database up before a rollback.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import workbench as wb


def test_backup_of_a_scratch_database_reaches_it(pg_url: str, tmp_path: Path) -> None:
    if shutil.which("pg_dump") is None:
        pytest.fail("pg_dump is not installed (apt-get install postgresql-client)")
    with wb.scratch_database(pg_url) as db:
        db.sql("CREATE TABLE t (id int PRIMARY KEY)")
        report = db.backup(tmp_path / "scratch.dump")
    assert report.path.exists() and report.size > 0
    assert report.objects == 1
    assert "..." not in report.url and report.url.rsplit("/", 1)[-1].startswith("wb_scratch_")


def test_scratch_database_url_masks_the_password(pg_url: str) -> None:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(pg_url)
    user = parts.username or "postgres"
    host = parts.hostname or "localhost"
    port = f":{parts.port}" if parts.port else ""
    with_password = urlunsplit(parts._replace(netloc=f"{user}:s3cret@{host}{port}"))  # trust auth: any password
    with wb.scratch_database(with_password) as db:
        assert "s3cret" not in db.url and "s3cret" not in repr(db)


def test_rehearsal_scratch_duckdb_draws_no_progress_widget() -> None:
    """DuckDB draws an ipywidgets progress bar for a long statement in a notebook (enable_progress_bar
    is on by default): the rehearsal's output then held a widget whose id changes on every run."""
    from workbench.migrate.rehearse import _scratch

    with _scratch(None) as conn:
        assert conn.raw.execute("SELECT current_setting('enable_progress_bar')").fetchone() == (False,)
