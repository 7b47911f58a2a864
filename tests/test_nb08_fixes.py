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


PROBE = {
    "cells": [
        {
            "cell_type": "code",
            "execution_count": 1,
            "id": "probe",
            "metadata": {},
            "outputs": [{"name": "stdout", "output_type": "stream", "text": ["True\n"]}],
            "source": ["import os\n", "print(os.environ.get('WORKBENCH_PG_URL', '').startswith('postgres'))"],
        }
    ],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}, "workbench": {"needs": ["postgres"]}},
    "nbformat": 4,
    "nbformat_minor": 5,
}


def test_a_notebook_that_needs_postgres_gets_its_url_under_nbval(pg_server_url: str) -> None:
    """The hook giving such a notebook's kernel ``WORKBENCH_PG_URL`` sat in tests/conftest.py, which
    pytest applies to the tests below tests/ only: a notebook in notebooks/ never got it, so the
    migrations notebook's PostgreSQL part could not run in CI. The probe notebook lives outside
    tests/ (a scratch folder in the repository, as notebooks/ is) while it runs."""
    import json
    import os
    import subprocess
    import sys
    import tempfile

    root = Path(__file__).resolve().parent.parent
    env = {k: v for k, v in os.environ.items() if k != "WORKBENCH_PG_URL"}
    env["WORKBENCH_TEST_PG_URL"] = pg_server_url
    folder = Path(tempfile.mkdtemp(prefix=".nbval_probe_", dir=root))
    try:
        (folder / "needs_postgres.ipynb").write_text(json.dumps(PROBE))
        args = [str(folder / "needs_postgres.ipynb"), "--nbval", "--nbval-current-env", "-q", "-p", "no:cacheprovider"]
        done = subprocess.run(
            [sys.executable, "-m", "pytest", *args], cwd=root, env=env, capture_output=True, text=True, timeout=300
        )
    finally:
        shutil.rmtree(folder)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
