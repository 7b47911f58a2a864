from pathlib import Path

import psycopg
import pytest

from workbench.db.pgserver import PgServer


def test_throwaway_postgres_is_real_and_empty(pg_url: str) -> None:
    with psycopg.connect(pg_url) as con:
        version = con.execute("SHOW server_version_num").fetchone()[0]
        tables = con.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0]
    assert int(version) >= 130000
    assert tables == 0


def test_a_server_that_fails_to_start_leaves_nothing_behind(tmp_path: Path) -> None:
    """initdb missing (a wrong bindir): start() raises with the tool's failure, and the server's
    temp folder is gone (it used to stay in the system's temp folder)."""
    server = PgServer(tmp_path / "no-such-bindir")
    assert server.dir.is_dir()
    with pytest.raises((RuntimeError, OSError)):
        server.start()
    assert not server.dir.exists()
