"""What every benchmark shares: timing whole processes as a user runs them, and the result record
that ``run_all.py`` (``make bench``) collects into ``benchmarks/results.md``.

Why one module: the figures of different scripts end up in one table, so they must be taken the
same way (compiled bytecode, wall time from spawn to reap, peak RSS from ``os.wait4``, medians of
alternated runs, load average around the run) and reported in one shape.

A script that takes part in ``make bench`` accepts ``--json PATH`` and writes one
:class:`BenchResult` there with :func:`write_result`; its human-readable table on stdout stays as
it is.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def bytecode_env(pycache: Path, base: dict[str, str] | None = None) -> dict[str, str]:
    """``base`` (default: this process's environment) with compiled bytecode on, as after a normal
    install: ``PYTHONDONTWRITEBYTECODE`` removed and ``PYTHONPYCACHEPREFIX`` set to ``pycache``
    (a fresh folder the untimed warm-up run fills), so the timed runs read ``.pyc`` files."""
    env = dict(os.environ if base is None else base)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def load_average() -> float:
    """The one-minute load average: quote it with every figure (the machine is shared)."""
    return os.getloadavg()[0]


@dataclass(slots=True)
class Timed:
    """One whole-process run: wall seconds (spawn to reap), peak RSS in MB, exit code, output."""

    seconds: float
    peak_mb: float
    exit_code: int
    stdout: str
    stderr: str


def run_timed(
    argv: list[str], *, env: dict[str, str] | None = None, cwd: str | Path | None = None, timeout: float = 900
) -> Timed:
    """Run ``argv`` to completion and time it from spawn to reap. Output goes to temporary files,
    not pipes (Node writes to pipes asynchronously, and a full pipe would stall the child)."""
    import tempfile

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env=env, cwd=cwd)
        deadline = t0 + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.0005)
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Timed(
            seconds,
            usage.ru_maxrss / 1024,
            proc.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )


def median(xs: list[float]) -> float:
    return statistics.median(xs)


@dataclass(slots=True)
class Samples:
    """One side's runs in an alternating benchmark: wall times and peak memory of the timed runs,
    and the first failure, after which the side is not run again (``error`` is set)."""

    times: list[float] = field(default_factory=list)
    peak_mb: float = 0.0
    error: str = ""

    def add(self, r: Timed, round_no: int, *, ok: tuple[int, ...] = (0,), timed: bool = True) -> bool:
        """Record run ``r`` of round ``round_no`` (``timed=False``: a warm-up, checked but not
        counted); False, with ``error`` set from its output's last line, when it failed."""
        if r.exit_code not in ok:
            self.error = f"exit {r.exit_code} on round {round_no}: {last_line(r.stderr or r.stdout)}"
            return False
        if timed:
            self.times.append(r.seconds)
            self.peak_mb = max(self.peak_mb, r.peak_mb)
        return True

    @property
    def median(self) -> float | None:
        """The median time, or None when the side failed or never ran."""
        return statistics.median(self.times) if self.times and not self.error else None


def alternating(sides: list[T], rounds: int) -> Iterator[tuple[int, T]]:
    """(round, side) for ``rounds`` rounds, the order flipped on every other round, so neither side
    always runs first (after the other's writes, in its warm page cache)."""
    for n in range(rounds):
        for side in sides if n % 2 == 0 else sides[::-1]:
            yield n, side


@dataclass(slots=True)
class Target:
    """One target of an issue, checked against a measured value (``op`` is ``<=``, ``<`` or ``>=``)."""

    what: str
    value: float | None
    limit: float
    op: str = "<="

    @property
    def met(self) -> bool:
        if self.value is None:
            return False
        if self.op == "<=":
            return self.value <= self.limit
        if self.op == "<":
            return self.value < self.limit
        if self.op == ">=":
            return self.value >= self.limit
        raise ValueError(f"unknown op {self.op!r}")


@dataclass(slots=True)
class BenchResult:
    """What one benchmark script reports to the runner.

    ``rows`` are already formatted cells under ``columns`` (the script knows its units);
    ``anchor`` names the reference it was timed against in the same run (or "none");
    ``command`` is the exact command line that reproduces the figures."""

    name: str
    title: str
    anchor: str
    command: str
    columns: list[str]
    rows: list[list[str]]
    targets: list[Target] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    load_before: float | None = None
    load_after: float | None = None


def write_result(result: BenchResult, path: str | Path | None) -> None:
    """Write ``result`` as JSON to ``path`` (nothing when ``path`` is None: the script ran alone)."""
    if path is None:
        return
    data = asdict(result)
    for t, target in zip(data["targets"], result.targets, strict=True):
        t["met"] = target.met
    Path(path).write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def read_result(path: str | Path) -> BenchResult:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    targets = [Target(t["what"], t["value"], t["limit"], t["op"]) for t in data.pop("targets")]
    return BenchResult(**data, targets=targets)


# -- what the benchmarks create: temp folders and PostgreSQL databases --------------------------------
# One prefix for every temp folder a benchmark makes, so ``run_all.py`` can tell whether a script
# left one behind (it lists ``/tmp/workbench-bench-*`` before and after each script).
TEMP_PREFIX = "workbench-bench-"


def temp_dir(what: str) -> Path:
    """A fresh temp folder ``workbench-bench-<what>-XXXX``; the caller removes it (``shutil.rmtree``)."""
    import tempfile

    return Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{what}-"))


def pg_url_from_env() -> str | None:
    """An existing server to use instead of a throwaway one: ``$WORKBENCH_PG_URL``, else
    ``$WORKBENCH_TEST_PG_URL`` (the variables the lab and the tests read)."""
    return os.environ.get("WORKBENCH_PG_URL") or os.environ.get("WORKBENCH_TEST_PG_URL") or None


@contextmanager
def pg_server(url: str | None = None) -> Iterator[str | None]:
    """``url``, else :func:`pg_url_from_env`, else a throwaway server from ``workbench.db.pgserver``
    (stopped and its folder removed at the end of the block); None when there is no server and no
    binaries to start one."""
    from workbench.db.pgserver import server_url

    with server_url(url or pg_url_from_env()) as found:
        yield found


@contextmanager
def fresh_database(server_url: str, prefix: str = "bench") -> Iterator[str]:
    """A new empty database on ``server_url``'s server, its URL for the block, dropped afterwards
    (``WITH (FORCE)``: a child process still connected does not keep it alive)."""
    import uuid

    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url, autocommit=True, connect_timeout=10) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server_url.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(server_url, autocommit=True, connect_timeout=10) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def checkout_env(pycache: Path) -> dict[str, str]:
    """:func:`bytecode_env` for children that run ``python -m workbench`` from this checkout
    (``PYTHONPATH`` = the repository root first), so the code timed is the code of this tree even
    when the venv's editable install points elsewhere."""
    root = str(Path(__file__).resolve().parent.parent)
    env = bytecode_env(pycache)
    env["PYTHONPATH"] = os.pathsep.join([root, *filter(None, [env.get("PYTHONPATH")])])
    return env


def our_cli() -> list[str]:
    """Our command as a user runs it, but from this checkout: ``<this python> -m workbench``
    (with :func:`checkout_env`)."""
    import sys

    return [sys.executable, "-m", "workbench"]


def fmt_s(x: float | None, digits: int = 3) -> str:
    """Seconds (or any float) for a table cell: ``n/a`` when missing."""
    return "n/a" if x is None else f"{x:.{digits}f}"


def last_line(text: str, limit: int = 200) -> str:
    """The last non-empty line of a child's output (a traceback's message), cut to ``limit``."""
    lines = [x for x in text.strip().splitlines() if x.strip()]
    return lines[-1][:limit] if lines else "(no output)"


def default_oracle() -> Path:
    """The Prisma oracle's scripts folder (``validate.mjs``, ``ddl.sh``, ``gen_big_schema.py``):
    ``$PRISMA_ORACLE`` (as the tools read it), else ``../shared/prisma-oracle`` beside the checkout."""
    root = Path(__file__).resolve().parent.parent
    return Path(os.environ.get("PRISMA_ORACLE") or root.parent / "shared" / "prisma-oracle")
