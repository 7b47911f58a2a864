"""``make lab``'s launcher: JupyterLab with one throwaway PostgreSQL server shared by every kernel.

Without it each notebook kernel that calls ``wb.postgres_url()`` starts a server of its own (a
second or two, and one more data dir per open notebook). The launcher starts ONE server before
JupyterLab, hands it to every kernel as ``$WORKBENCH_PG_URL`` (kernels inherit the server's
environment) and stops it, removing its temp dir, when JupyterLab exits, however it exits:

- Ctrl-C in the terminal reaches JupyterLab directly (the terminal signals the whole foreground
  process group), which asks to confirm as usual: the launcher does not send it a second one
  (two mean "quit without asking"). SIGTERM, SIGHUP, SIGQUIT, and a SIGINT when the launcher is
  not in the terminal's foreground (no terminal, a background job), are forwarded to it;
- an exception in the launcher stops the server in ``finally``;
- a launcher killed outright (SIGKILL, OOM) cannot run ``finally``: a small reaper process, in its
  own session, holds a pipe from the launcher and stops the server when that pipe closes.

Usage: ``python -m workbench.lab [--no-postgres] [jupyter lab arguments...]``. An existing
``$WORKBENCH_PG_URL`` is honoured (nothing is started); without server binaries the notebooks'
DuckDB parts run as usual. ``--command CMD`` replaces ``jupyter lab`` by ``CMD`` (split like a shell
would, the jupyter arguments appended): for the tests of this module only.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from workbench.db.pgserver import PgServer, find_bindir
from workbench.db.secrets import redact_url

USAGE = """\
usage: python -m workbench.lab [--no-postgres] [jupyter lab arguments...]

Opens JupyterLab with one throwaway PostgreSQL server shared by every notebook (as
$WORKBENCH_PG_URL), stopped when JupyterLab exits. An existing $WORKBENCH_PG_URL is used as is.
  --no-postgres   start no server (wb.postgres_url() then starts one per kernel when needed)
  --command CMD   run CMD instead of `jupyter lab` (for the launcher's tests only)
"""

FORWARDED = (signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGINT)

# The reaper: blocks until the launcher's end of the pipe closes (normal exit or a kill), then
# stops the server and removes its dir. In its own session, so a Ctrl-C meant for JupyterLab
# does not end it early.
_REAPER = """
import sys
from pathlib import Path
from workbench.db.pgserver import PgServer
sys.stdin.read()
server = PgServer.__new__(PgServer)
server.bindir, server.dir, server._as_user = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3:]
server.stop()
"""


def _parse(argv: Sequence[str]) -> tuple[bool, list[str] | None, list[str]]:
    """``--no-postgres`` and ``--command`` are ours; everything else is JupyterLab's, in order."""
    no_postgres, command, rest = False, None, []
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg == "--no-postgres":
            no_postgres = True
        elif arg == "--command" and args:
            command = shlex.split(args.pop(0))
        elif arg.startswith("--command="):
            command = shlex.split(arg.partition("=")[2])
        elif arg in ("-h", "--help"):
            sys.stdout.write(USAGE)
            raise SystemExit(0)
        else:
            rest.append(arg)
    return no_postgres, command, rest


def _jupyter() -> list[str]:
    """``jupyter lab`` from this interpreter's environment (the venv), whatever PATH says."""
    beside = Path(sys.executable).parent / "jupyter"
    return [str(beside) if beside.exists() else "jupyter", "lab"]


def _start_server() -> tuple[PgServer | None, str]:
    """A started server and the line to print, or None and the line saying why there is none."""
    bindir = find_bindir()
    if bindir is None:
        return None, (
            "PostgreSQL: none (no server binaries: apt-get install postgresql, or set WORKBENCH_PG_URL); "
            "the DuckDB parts of the notebooks run as usual"
        )
    try:
        server = PgServer(bindir)
    except RuntimeError as exc:
        return None, f"PostgreSQL: none ({exc})"
    try:
        server.start()
    except Exception as exc:
        server.stop()
        return None, f"PostgreSQL: none (could not start a throwaway server: {exc})"
    except BaseException:  # Ctrl-C while it starts: leave no data dir behind
        server.stop()
        raise
    return server, f"PostgreSQL for the notebooks: {server.url} (throwaway, stopped when JupyterLab exits)"


def _reaper(server: PgServer) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", _REAPER, str(server.bindir), str(server.dir), *server._as_user],
        stdin=subprocess.PIPE,
        start_new_session=True,
    )


def _from_terminal(signum: int) -> bool:
    """True for a Ctrl-C typed in the terminal: the child, in our foreground process group, got it too."""
    if signum != signal.SIGINT:
        return False
    try:
        return os.isatty(0) and os.tcgetpgrp(0) == os.getpgrp()
    except OSError:
        return False


def run(argv: Sequence[str]) -> int:
    """Start the server (unless told not to or one is given), run JupyterLab, stop it; JupyterLab's exit code."""
    no_postgres, command, rest = _parse(argv)
    env = dict(os.environ)
    server: PgServer | None = None
    given = env.get("WORKBENCH_PG_URL")
    if given:
        line = f"PostgreSQL for the notebooks: {redact_url(given)} (from WORKBENCH_PG_URL)"
    elif no_postgres:
        line = "PostgreSQL: none started (--no-postgres); wb.postgres_url() starts one per kernel when needed"
    else:
        server, line = _start_server()
    print(line, flush=True)
    reaper = None
    try:
        if server is not None:
            reaper = _reaper(server)
            env["WORKBENCH_PG_URL"] = server.url
        argv_child = [*(command or _jupyter()), *rest]
        try:
            child = subprocess.Popen(argv_child, env=env)
        except OSError as exc:
            hint = "is JupyterLab installed? make lab installs it"
            print(f"error: cannot run {argv_child[0]}: {exc.strerror} ({hint})", file=sys.stderr)
            return 127

        def forward(signum: int, _frame: FrameType | None) -> None:
            if not _from_terminal(signum):
                child.send_signal(signum)

        for sig in FORWARDED:
            signal.signal(sig, forward)
        code = child.wait()
        return 128 - code if code < 0 else code
    finally:
        for sig in FORWARDED:
            signal.signal(sig, signal.SIG_DFL)
        if server is not None:
            server.stop()
        if reaper is not None and reaper.stdin is not None:
            reaper.stdin.close()
            reaper.wait(timeout=60)


def main() -> None:
    raise SystemExit(run(sys.argv[1:]))


if __name__ == "__main__":
    main()
