"""``python -m workbench.lab``: one throwaway PostgreSQL server for the lab, gone when the lab ends.

JupyterLab is replaced by a stand-in (``--command``, which exists for these tests) that prints
``$WORKBENCH_PG_URL``, connects to it and reports the server's data directory; the tests then check
that the server is stopped and its temp dir removed after a normal exit, a SIGTERM to the launcher
and a SIGKILL of the launcher (the reaper's case), and that nothing is started when
``WORKBENCH_PG_URL`` is given or ``--no-postgres`` is passed. A real server throughout: these tests
fail, not skip, without PostgreSQL's binaries.
"""

from __future__ import annotations

import os
import pty
import select
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench.db.pgserver import find_bindir

ROOT = Path(__file__).resolve().parents[1]

# The stand-in for `jupyter lab`: what a notebook kernel would do with the launcher's environment.
STAND_IN = """
import os, sys, time
from pathlib import Path
import psycopg
url = os.environ.get("WORKBENCH_PG_URL")
print("url:", url, flush=True)
if url:
    with psycopg.connect(url, connect_timeout=10) as conn:
        print("answered:", conn.execute("select 41 + 1").fetchone()[0], flush=True)
        print("data:", conn.execute("show data_directory").fetchone()[0], flush=True)
tmp = Path(os.environ["TMPDIR"])
print("servers under TMPDIR:", sorted(p.name for p in tmp.glob("workbench-pg-*")), flush=True)
print("args:", sys.argv[1:], flush=True)
print("pid:", os.getpid(), flush=True)
if os.environ.get("STAND_IN_COUNT_SIGINT"):  # like JupyterLab's "really quit?" on the first Ctrl-C
    import signal
    signal.signal(signal.SIGINT, lambda *_: print("got SIGINT", flush=True))
if os.environ.get("STAND_IN_WAIT"):
    print("ready", flush=True)
    time.sleep(float(os.environ["STAND_IN_WAIT"]))
sys.exit(int(os.environ.get("STAND_IN_EXIT", "0")))
"""


@pytest.fixture(autouse=True)
def _binaries() -> None:
    assert find_bindir() is not None, "PostgreSQL's server binaries are needed (apt-get install postgresql)"


@pytest.fixture
def tmp_path() -> Iterator[Path]:
    """The launcher's TMPDIR: under the system temp dir and world-traversable, because as root the
    server runs as ``postgres``, which cannot enter pytest's private ``tmp_path``."""
    path = Path(tempfile.mkdtemp(prefix="workbench-lab-test-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _launch(tmp_path: Path, *args: str, **env: str) -> subprocess.Popen[str]:
    script = tmp_path / "stand_in.py"
    script.write_text(STAND_IN, encoding="utf-8")
    full = {k: v for k, v in os.environ.items() if k != "WORKBENCH_PG_URL"}
    full.update({"PYTHONPATH": str(ROOT), "TMPDIR": str(tmp_path), **env})
    command = f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"
    return subprocess.Popen(
        [sys.executable, "-m", "workbench.lab", "--command", command, *args],
        env=full,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=ROOT,
    )


def _field(out: str, name: str) -> str:
    lines = [line.partition(": ")[2] for line in out.splitlines() if line.startswith(f"{name}: ")]
    assert lines, f"no {name!r} line in:\n{out}"
    return lines[0]


def _until_ready(proc: subprocess.Popen[str]) -> str:
    """The launcher's output up to the stand-in's ``ready``: the lab is up, the server answered."""
    assert proc.stdout is not None
    seen = []
    for line in proc.stdout:
        seen.append(line)
        if line.strip() == "ready":
            break
    return "".join(seen)


def _port_answers(url: str) -> bool:
    port = int(url.rsplit(":", 1)[1].split("/")[0])
    with socket.socket() as s:
        s.settimeout(2)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _assert_gone(url: str, data: str, within: float = 0.0) -> None:
    server_dir = Path(data).parent
    deadline = time.monotonic() + within
    while (server_dir.exists() or _port_answers(url)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not server_dir.exists(), f"{server_dir} left behind"
    assert not _port_answers(url), f"the server at {url} still answers"


def test_starts_one_server_for_the_lab_and_removes_it_after(tmp_path: Path) -> None:
    proc = _launch(tmp_path, "--ServerApp.port=9", STAND_IN_EXIT="3")
    out, _ = proc.communicate(timeout=120)
    assert proc.returncode == 3, out  # the lab's exit code is the launcher's
    url = _field(out, "url")
    assert url.startswith("postgresql://postgres@127.0.0.1:")
    assert _field(out, "answered") == "42"
    assert f"PostgreSQL for the notebooks: {url} (throwaway" in out
    data = _field(out, "data")
    assert Path(data).parent.parent == tmp_path  # the launcher's server, in the launcher's TMPDIR
    assert _field(out, "args") == "['--ServerApp.port=9']"  # jupyter's own arguments pass through
    _assert_gone(url, data)


def test_sigterm_to_the_launcher_stops_the_lab_and_the_server(tmp_path: Path) -> None:
    proc = _launch(tmp_path, STAND_IN_WAIT="120")
    out = _until_ready(proc)
    assert _field(out, "answered") == "42"
    proc.send_signal(signal.SIGTERM)
    rest, _ = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM, out + rest  # the stand-in died of the forwarded signal
    _assert_gone(_field(out, "url"), _field(out, "data"))


def test_a_killed_launcher_leaves_no_server_behind(tmp_path: Path) -> None:
    proc = _launch(tmp_path, STAND_IN_WAIT="120")
    out = _until_ready(proc)
    proc.kill()  # no finally runs: the reaper, watching the launcher's pipe, stops the server
    proc.wait(timeout=30)
    try:  # while the orphaned lab still runs: the reaper must not wait for it
        _assert_gone(_field(out, "url"), _field(out, "data"), within=60)
    finally:
        os.kill(int(_field(out, "pid")), signal.SIGTERM)


def test_ctrl_c_in_the_terminal_reaches_the_lab_once(tmp_path: Path) -> None:
    """The terminal sends Ctrl-C to the launcher and the lab alike: forwarding it again would make
    JupyterLab quit without asking. Run in a pseudo-terminal, as a user's ``make lab`` is."""
    script = tmp_path / "stand_in.py"
    script.write_text(STAND_IN, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "WORKBENCH_PG_URL"}
    env.update({"PYTHONPATH": str(ROOT), "TMPDIR": str(tmp_path), "STAND_IN_WAIT": "4", "STAND_IN_COUNT_SIGINT": "1"})
    command = f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"
    argv = [sys.executable, "-m", "workbench.lab", "--no-postgres", "--command", command]
    pid, fd = pty.fork()
    if pid == 0:  # the child: session leader with the pty as its terminal, in the foreground
        os.execve(sys.executable, argv, env)
    out = b""
    sent = False
    while True:
        ready, _, _ = select.select([fd], [], [], 30)
        assert ready, f"the launcher hung:\n{out.decode(errors='replace')}"
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # EIO: the terminal's last process is gone
            break
        if not chunk:
            break
        out += chunk
        if not sent and b"ready" in out:
            os.write(fd, b"\x03")  # Ctrl-C
            sent = True
    _, status = os.waitpid(pid, 0)
    text = out.decode(errors="replace")
    assert sent, text
    assert text.count("got SIGINT") == 1, text
    assert os.waitstatus_to_exitcode(status) == 0, text


def test_a_given_url_is_used_and_nothing_is_started(tmp_path: Path, pg_server_url: str) -> None:
    # trust authentication ignores the password: it is there to be masked in the launcher's line
    given = pg_server_url.replace("postgres@", "postgres:s3cret@", 1)
    proc = _launch(tmp_path, WORKBENCH_PG_URL=given)
    out, _ = proc.communicate(timeout=120)
    assert proc.returncode == 0, out
    launcher_line = next(line for line in out.splitlines() if line.startswith("PostgreSQL"))
    assert launcher_line == (
        f"PostgreSQL for the notebooks: postgresql://postgres:****@{given.split('@', 1)[1]} (from WORKBENCH_PG_URL)"
    )
    assert _field(out, "url") == given
    assert _field(out, "answered") == "42"
    assert not Path(_field(out, "data")).is_relative_to(tmp_path)
    assert _field(out, "servers under TMPDIR") == "[]"


def test_no_postgres_starts_nothing(tmp_path: Path) -> None:
    proc = _launch(tmp_path, "--no-postgres")
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0, out
    assert "PostgreSQL: none started (--no-postgres)" in out
    assert _field(out, "url") == "None"
    assert _field(out, "servers under TMPDIR") == "[]"


def test_a_missing_lab_command_is_one_error_line(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "workbench.lab", "--no-postgres", "--command", str(tmp_path / "no-such-jupyter")],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 127
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("error: cannot run "), proc.stderr
    assert "Traceback" not in proc.stderr
