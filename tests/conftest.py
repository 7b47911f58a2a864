"""Shared fixtures: a real PostgreSQL server, fresh databases per test, golden-file updates.

A test that needs PostgreSQL fails in CI (``CI`` set) when no server can be started; on a
developer machine without PostgreSQL it is skipped with the reason.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.needs import unavailable
from workbench.db.pgserver import PgServer, find_bindir

ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from current output")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


class _SessionServer:
    """The test session's one PostgreSQL server, started on first use and stopped at the end.

    Tests reach it through the ``pg_server_url`` fixture; notebooks that declare they need it
    (``"workbench": {"needs": ["postgres"]}`` in their metadata) get it as ``WORKBENCH_PG_URL`` in
    their kernel's environment, so their PostgreSQL part runs under nbval, in CI too.
    """

    def __init__(self) -> None:
        self.server: PgServer | None = None
        self.url: str | None = None

    def get(self) -> str:
        if self.url is not None:
            return self.url
        env = os.environ.get("WORKBENCH_TEST_PG_URL")
        if env:
            self.url = env
            return env
        bindir = find_bindir()
        if bindir is None:
            unavailable("no initdb found (apt-get install postgresql, or set WORKBENCH_TEST_PG_URL)")
        server = PgServer(bindir)  # type: ignore[arg-type]
        try:
            server.start()
        except Exception as exc:
            server.stop()
            unavailable(f"could not start a throwaway server: {exc}")
        self.server, self.url = server, server.url
        return server.url

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
        self.server = self.url = None


_SERVER = _SessionServer()


def pytest_sessionfinish(session: pytest.Session) -> None:
    _SERVER.stop()


@pytest.fixture(scope="session")
def pg_server_url() -> str:
    """URL of the maintenance database of a PostgreSQL server for this test session."""
    return _SERVER.get()


# The hook that gives notebooks this server as WORKBENCH_PG_URL is in the repository's conftest.py:
# a conftest.py applies to the tests below its own folder only, so here it never ran for a notebook.


@contextmanager
def _fresh_database(server_url: str, prefix: str) -> Iterator[str]:
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url, autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = server_url.rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(server_url, autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_url(pg_server_url: str) -> Iterator[str]:
    """A fresh, empty database on the test server; dropped afterwards."""
    with _fresh_database(pg_server_url, "t") as url:
        yield url


@pytest.fixture
def pg_url2(pg_server_url: str) -> Iterator[str]:
    """A second fresh database next to ``pg_url`` (e.g. for Prisma's own DDL in a comparison)."""
    with _fresh_database(pg_server_url, "t2") as url:
        yield url
