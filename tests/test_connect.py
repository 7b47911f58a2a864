"""Opening databases: a connect timeout on every network connection, one-line errors for every
database that cannot be opened, and reads that never create a database file.

The hung server is real: a thread that accepts TCP connections and never answers, which is what a
firewalled or stuck PostgreSQL looks like to libpq. The CLI runs as a real subprocess.
"""

from __future__ import annotations

import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import duckdb
import pytest

import workbench as wb
from tests.cli_run import workbench
from workbench.db.opening import DEFAULT_CONNECT_TIMEOUT, TIMEOUT_ENV, ConnectError, connect_timeout
from workbench.diagnostics import UserError

ROOT = Path(__file__).resolve().parent.parent
BLOG = ROOT / "sample_schemas" / "blog.prisma"
CANARY = "CANARY-connect-7f3a"


def run(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return workbench(*args, env=env, cwd=cwd, timeout=60)


def assert_one_line_error(r: subprocess.CompletedProcess[str], *expected: str) -> None:
    """Exit 1, a single ``error: ...`` line on stderr that says each of ``expected``, no secret, no traceback."""
    assert r.returncode == 1, (r.returncode, r.stdout, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), r.stderr
    assert "Traceback" not in r.stderr and CANARY not in r.stderr + r.stdout
    for text in expected:
        assert text in lines[0], (text, lines[0])


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A local TCP server that accepts every connection and never sends a byte."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    server.settimeout(0.1)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            accepted.append(conn)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1]
    finally:
        stop.set()
        thread.join()
        for conn in accepted:
            conn.close()
        server.close()


@pytest.fixture
def refused_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- the connect timeout -----------------------------------------------------------------------
def test_connect_to_a_silent_server_times_out_with_the_password_masked(silent_port: int) -> None:
    url = f"postgresql://u:{CANARY}@127.0.0.1:{silent_port}/db"
    start = time.monotonic()
    with pytest.raises(ConnectError) as info:
        wb.connect(url, timeout=2)
    assert time.monotonic() - start < 8
    message = str(info.value)
    assert message.startswith(f"cannot connect to postgresql://u:****@127.0.0.1:{silent_port}/db: ")
    assert "did not answer within 2 s" in message and CANARY not in message


def test_introspect_of_a_silent_server_times_out(silent_port: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TIMEOUT_ENV, "2")
    start = time.monotonic()
    with pytest.raises(ConnectError, match="did not answer within 2 s"):
        wb.introspect(f"postgresql+psycopg://u:{CANARY}@127.0.0.1:{silent_port}/db")
    assert time.monotonic() - start < 8


def test_connect_timeout_in_the_url_wins_over_the_argument(silent_port: int) -> None:
    start = time.monotonic()
    with pytest.raises(ConnectError, match="connect_timeout=2"):
        wb.connect(f"postgresql://u@127.0.0.1:{silent_port}/db?connect_timeout=2", timeout=300)
    assert time.monotonic() - start < 8


def test_the_default_timeout_is_10_seconds_and_reaches_the_driver(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(TIMEOUT_ENV, raising=False)
    monkeypatch.delenv("PGCONNECT_TIMEOUT", raising=False)
    assert connect_timeout() == DEFAULT_CONNECT_TIMEOUT == 10
    with wb.connect(pg_url) as db:
        assert db.raw.info.get_parameters()["connect_timeout"] == "10"
    monkeypatch.setenv(TIMEOUT_ENV, "3.5")
    with wb.connect(pg_url) as db:
        assert db.raw.info.get_parameters()["connect_timeout"] == "4"  # libpq counts whole seconds
    with wb.connect(pg_url, timeout=7) as db:  # the argument beats the environment
        assert db.raw.info.get_parameters()["connect_timeout"] == "7"


@pytest.mark.parametrize("bad", [0, -1, float("nan"), "soon", True])
def test_a_bad_timeout_is_refused(bad: object, pg_url: str) -> None:
    with pytest.raises(UserError, match="not a connect timeout"):
        wb.connect(pg_url, timeout=bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "argv",
    [
        ["pull", "{url}"],
        ["profile", "--db", "{url}", "--query", "select 1"],
        ["seed", str(BLOG), "--db", "{url}", "--rows", "5"],
    ],
    ids=["pull", "profile", "seed"],
)
def test_cli_against_a_silent_server_ends_within_the_timeout(silent_port: int, argv: list[str]) -> None:
    url = f"postgresql://u:{CANARY}@127.0.0.1:{silent_port}/db"
    start = time.monotonic()
    r = run(*[a.format(url=url) for a in argv], env={TIMEOUT_ENV: "2"})
    assert time.monotonic() - start < 15
    assert_one_line_error(r, f"cannot connect to postgresql://u:****@127.0.0.1:{silent_port}/db", "within 2 s")


def test_cli_with_a_bad_timeout_setting_is_one_line(pg_url: str) -> None:
    r = run("pull", pg_url, env={TIMEOUT_ENV: "forever"})
    assert_one_line_error(r, f"{TIMEOUT_ENV}='forever' is not a connect timeout")


# --- databases that cannot be opened -----------------------------------------------------------
COMMANDS = {
    "pull": ["pull", "{url}"],
    "profile": ["profile", "--db", "{url}", "--query", "select 1"],
    "seed": ["seed", str(BLOG), "--db", "{url}", "--rows", "5"],
}


def targets(path: Path, command: str) -> list[str]:
    """The file as a URL and, where the command reads bare paths already, as a bare path (``pull``'s
    bare paths are the CLI's part of item 9)."""
    scheme = "duckdb" if path.suffix == ".duckdb" else "sqlite"
    return [f"{scheme}:///{path}"] + ([] if command == "pull" else [str(path)])


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_cli_refused_port(command: str, refused_port: int) -> None:
    url = f"postgresql://u:{CANARY}@127.0.0.1:{refused_port}/db"
    r = run(*[a.format(url=url) for a in COMMANDS[command]])
    assert_one_line_error(
        r, f"error: cannot connect to postgresql://u:****@127.0.0.1:{refused_port}/db: connection refused", "running"
    )


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_cli_unresolvable_host(command: str) -> None:
    url = f"postgresql://u:{CANARY}@no-such-host.invalid:5432/db"
    r = run(*[a.format(url=url) for a in COMMANDS[command]])
    assert_one_line_error(r, "cannot connect to postgresql://u:****@no-such-host.invalid:5432/db", "host name")


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_cli_missing_postgres_database(command: str, pg_server_url: str) -> None:
    server = urlsplit(pg_server_url)
    user = server.username or "postgres"
    url = f"postgresql://{user}:{CANARY}@{server.hostname}:{server.port}/wb_secrets_no_such_db"
    r = run(*[a.format(url=url) for a in COMMANDS[command]])
    assert_one_line_error(r, 'database "wb_secrets_no_such_db" does not exist', "createdb", f"{user}:****@")


@pytest.mark.parametrize("command", ["pull", "profile", "seed"])
@pytest.mark.parametrize("scheme", ["duckdb", "sqlite"])
def test_cli_missing_database_file_is_refused_and_not_created(command: str, scheme: str, tmp_path: Path) -> None:
    path = tmp_path / ("missing.duckdb" if scheme == "duckdb" else "missing.db")
    for url in targets(path, command):
        r = run(*[a.format(url=url) for a in COMMANDS[command]])
        assert_one_line_error(r, f"no such database file {path}", "check the path")
        assert not path.exists(), f"{command} created {path}"


@pytest.mark.parametrize("command", ["pull", "profile", "seed"])
@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("junk.duckdb", b"hello, not a database\n", "is not a DuckDB database file"),
        ("junk.db", b"hello, not a database\n" * 100, "is not a SQLite database"),
        ("folder.duckdb", None, "is a folder, not a database file"),
        ("folder.db", None, "is a folder, not a database file"),
    ],
)
def test_cli_non_database_file_is_one_line_and_left_alone(
    command: str, name: str, content: bytes | None, expected: str, tmp_path: Path
) -> None:
    path = tmp_path / name
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    for url in targets(path, command):
        r = run(*[a.format(url=url) for a in COMMANDS[command]])
        assert_one_line_error(r, expected)
        assert content is None or path.read_bytes() == content


def test_a_sqlite_file_opened_as_duckdb_says_which_it_is(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "app.duckdb"
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE t (id INTEGER)")
    before = path.read_bytes()
    r = run("pull", f"duckdb:///{path}")
    assert_one_line_error(r, "is a SQLite database, not DuckDB", f"sqlite:///{path}")
    assert path.read_bytes() == before
    with pytest.raises(ConnectError, match="is a SQLite database"):
        wb.connect(f"duckdb:///{path}")


def test_a_duckdb_file_opened_as_sqlite_says_which_it_is(tmp_path: Path) -> None:
    path = tmp_path / "app.db"
    duckdb.connect(str(path)).close()
    with pytest.raises(ConnectError, match=f"use duckdb:///{path}"):
        wb.introspect(f"sqlite:///{path}")


def test_unsupported_scheme_and_not_a_url_are_one_line() -> None:
    r = run("pull", f"mysql://root:{CANARY}@127.0.0.1:3306/shop")
    assert_one_line_error(r, "unsupported database URL scheme `mysql://`", "mysql://root:****@127.0.0.1:3306/shop")
    r = run("profile", "--db", f"root:{CANARY}@127.0.0.1/shop", "--query", "select 1")
    assert_one_line_error(r, "not a database URL", "****@127.0.0.1/shop")


# --- what may create a file, and what may not --------------------------------------------------
def test_seed_with_apply_creates_a_new_database_file(tmp_path: Path) -> None:
    path = tmp_path / "new.duckdb"
    r = run("seed", str(BLOG), "--db", str(path), "--rows", "5", "--apply")
    assert r.returncode == 0, r.stderr
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute('SELECT count(*) FROM "User"').fetchone() == (5,)


def test_api_connect_creates_files_unless_told_not_to(tmp_path: Path) -> None:
    path = tmp_path / "made.sqlite"
    with pytest.raises(ConnectError, match="no such database file"):
        wb.connect(str(path), create=False)
    assert not path.exists()
    with wb.connect(str(path)) as db:
        db.apply("CREATE TABLE t (id INTEGER PRIMARY KEY)")
    assert path.exists()
    with pytest.raises(ConnectError, match="no such database file"):
        wb.introspect(str(tmp_path / "other.duckdb"))
    assert not (tmp_path / "other.duckdb").exists()
    assert [m.name for m in wb.introspect(str(path)).schema.models] == ["t"]  # a bare path works everywhere
