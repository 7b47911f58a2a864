"""A throwaway PostgreSQL server: for the lab, the tests, the benchmarks and ``workbench.testing``.

Started on a free local port in a temp dir, as the ``postgres`` user when the process is root
(PostgreSQL refuses to run as root), with ``pg_stat_statements`` preloaded, and stopped at exit.
It trusts local connections and keeps nothing: a scratch server for learning and testing, never
for data that matters. ``postgres_url()`` is what notebooks call: ``$WORKBENCH_PG_URL`` (an existing
server, or the one ``make lab`` started) when set, else a server of this process's own.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path


def find_bindir() -> Path | None:
    """The directory holding initdb/pg_ctl: $PG_BINDIR, the newest /usr/lib/postgresql/*/bin, or PATH."""
    env = os.environ.get("PG_BINDIR")
    if env and (Path(env) / "initdb").exists():
        return Path(env)
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name))
    for c in reversed(candidates):
        if (Path(c) / "initdb").exists():
            return Path(c)
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class PgServer:
    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.dir = Path(tempfile.mkdtemp(prefix="workbench-pg-"))
        self.port = _free_port()
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            try:
                pw = pwd.getpwnam("postgres")
            except KeyError:
                shutil.rmtree(self.dir, ignore_errors=True)
                raise RuntimeError("running as root but there is no `postgres` user to run the server as") from None
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
            self._as_user = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        """Run a server tool; on failure raise with its output (and the server log's tail)."""
        proc = subprocess.run([*self._as_user, *args], capture_output=True, text=True, timeout=120)
        if proc.returncode != 0:
            log = self.dir / "server.log"
            tail = log.read_text(errors="replace").splitlines()[-10:] if log.exists() else []
            detail = "\n".join(x for x in [proc.stderr.strip(), proc.stdout.strip(), *tail] if x)
            raise RuntimeError(f"{Path(args[0]).name} exited {proc.returncode}: {detail}")

    def start(self) -> None:
        """Create the cluster and start the server; when that fails, nothing is left running or on
        disk (the error carries the tool's output and the server log's tail, read before cleaning)."""
        try:
            self._start()
        except BaseException:
            self.stop()
            raise

    def _start(self) -> None:
        data = self.dir / "data"
        self._run(
            str(self.bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        log = str(self.dir / "server.log")
        for attempt in range(3):  # the free port can be taken between probing and binding it
            opts = (
                f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} "
                "-c shared_preload_libraries=pg_stat_statements -c fsync=off -c synchronous_commit=off "
                "-c full_page_writes=off -c max_connections=200"
            )
            try:
                self._run(str(self.bindir / "pg_ctl"), "-D", str(data), "-l", log, "-w", "-o", opts, "start")
                return
            except RuntimeError as exc:
                if attempt == 2 or "could not bind" not in str(exc):
                    raise
                self.port = _free_port()

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"


@contextlib.contextmanager
def server_url(url: str | None = None) -> Iterator[str | None]:
    """``url`` as given, else a throwaway server's URL for the block (None when no binaries exist).

    For scripts outside pytest (the benchmarks); the test suite uses the conftest fixtures.
    """
    if url is not None:
        yield url
        return
    bindir = find_bindir()
    if bindir is None:
        yield None
        return
    server = PgServer(bindir)
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


class PostgresUnavailable(RuntimeError):
    """No ``$WORKBENCH_PG_URL`` and no PostgreSQL server binaries to start a throwaway server with."""


_PROCESS_SERVER: PgServer | None = None


def postgres_url() -> str:
    """A PostgreSQL URL to learn and test on: ``$WORKBENCH_PG_URL`` when set, else a throwaway server.

    The throwaway server is started on first call (a second or two), shared by later calls in this
    process and stopped when the process exits. Raises :class:`PostgresUnavailable` with what to do
    when neither exists.
    """
    global _PROCESS_SERVER
    env = os.environ.get("WORKBENCH_PG_URL")
    if env:
        return env
    if _PROCESS_SERVER is not None:
        return _PROCESS_SERVER.url
    bindir = find_bindir()
    if bindir is None:
        raise PostgresUnavailable(
            "no PostgreSQL here: set WORKBENCH_PG_URL=postgresql://user@host:port/db for an existing server, "
            "or install the server binaries (apt-get install postgresql) for a throwaway one"
        )
    server = PgServer(bindir)
    try:
        server.start()
    except Exception as exc:
        server.stop()
        raise PostgresUnavailable(f"could not start a throwaway PostgreSQL server: {exc}") from None
    _PROCESS_SERVER = server
    atexit.register(server.stop)
    return server.url
