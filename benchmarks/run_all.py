#!/usr/bin/env python3
"""Run every benchmark, each with its anchor in the same run, and write ``benchmarks/results.md``.

usage: python benchmarks/run_all.py [--only NAME,...] [--skip NAME,...] [--quick] [--force]
                                    [--out PATH] [--timeout SECONDS]

``make bench`` runs it (``make bench BENCH_ARGS='--only erd,profile'`` passes options). Scripts run
one after the other (never two at once: they would slow each other), each as
``python benchmarks/bench_NAME.py OPTIONS --json TMPFILE``; each writes one ``_common.BenchResult``
there, and this runner turns them into one Markdown file: the machine, the versions, the load
average, a summary of every target, then one section per script with its exact command, table,
targets (met/MISSED) and notes.

Why one runner: figures taken on different days, machines or loads cannot be compared, so every
script runs in one go, on one machine, with the load average recorded around each of them. The run
refuses to start when the 1-minute load average is above 1.0 (``--force`` runs anyway, and
results.md says so): on a busy machine the figures mean nothing.

A script that fails (non-zero exit, no result, timeout) is reported as failed with the last lines
of its stderr; the runner goes on with the next one and exits 1 at the end. So does a script that
leaves something behind: each script runs with ``TMPDIR`` set to a fresh folder of its own, and
whatever is still in it afterwards (a temp folder, a throwaway server's ``workbench-pg-*``) is a
leftover, as is, when ``$WORKBENCH_PG_URL``/``$WORKBENCH_TEST_PG_URL`` names a server, a new
``bench*`` database on it. A new ``workbench-bench-*`` folder in the system's temp folder is named
in the report but does not fail the run: another process may have made it.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from _common import TEMP_PREFIX, BenchResult, Target, load_average, pg_url_from_env, read_result  # noqa: E402

LOAD_LIMIT = 1.0  # 1-minute load average above which the run refuses to start (without --force)
DEFAULT_OUT = HERE / "results.md"
DB_PREFIX = "bench"  # the benchmarks' databases are named bench_*: others on a shared server are not theirs


@dataclass(frozen=True, slots=True)
class Script:
    """One benchmark script: its options for ``make bench`` and for ``--quick`` (a smoke run:
    smallest sizes, one repetition; each script decides what is small enough)."""

    name: str
    file: str
    args: tuple[str, ...] = ()
    quick: tuple[str, ...] = ()


# The order is the order of results.md. Default sizes keep a whole run short (results.md records how long it took).
SCRIPTS: tuple[Script, ...] = (
    Script("check", "bench_check.py", ("--models", "100,500,2000,5000"), ("--models", "100", "--reps", "1")),
    Script("lint", "bench_lint.py", ("--models", "1000,5000", "--phases", "3"), ("--models", "200", "--reps", "1")),
    Script("export", "bench_export.py", ("--models", "500"), ("--models", "50", "--reps", "1")),
    Script("format", "bench_format.py", ("--models", "500,2000"), ("--models", "100", "--reps", "1")),
    Script("studio", "bench_studio.py", (), ("--reps", "2")),
    Script("erd", "bench_erd.py", (), ("--models", "100,500", "--reps", "1")),
    Script(
        "seed",
        "bench_seed.py",
        (),
        ("--rows", "20000", "--schema-rows", "20000", "--pg-rows", "10000", "--faker-rows", "1000", "--repeat", "1"),
    ),
    Script("seed_memory", "bench_seed_memory.py", (), ("--rows", "10000,20000")),
    Script("migrate_diff", "bench_migrate_diff.py", (), ("--models", "50", "--reps", "1")),
    Script("migrate_apply", "bench_migrate_apply.py", (), ("--migrations", "4", "--reps", "1")),
    Script("profile", "bench_profile.py", (), ("--reps", "1", "--rows", "200000", "--pg-rows", "20000")),
)
NAMES = {s.name: s for s in SCRIPTS}


@dataclass(slots=True)
class Outcome:
    """What one script's run gave: its result (None when it wrote none) or why it failed."""

    script: Script
    argv: list[str]
    seconds: float = 0.0
    exit_code: int | None = None
    result: BenchResult | None = None
    error: str = ""  # empty: ok
    stderr_tail: list[str] = field(default_factory=list)
    load_before: float | None = None
    load_after: float | None = None
    leftovers: list[str] = field(default_factory=list)  # left in its own TMPDIR, or a bench* database: a failure
    strays: list[str] = field(default_factory=list)  # new /tmp/workbench-bench-*: maybe another process's, a note

    @property
    def failed(self) -> bool:
        return bool(self.error or self.leftovers)


@dataclass(slots=True)
class Header:
    """The run as a whole: when, where, with what, under which load."""

    started: dt.datetime
    command: str
    machine: str
    load_start: tuple[float, float, float]
    versions: list[tuple[str, str]]
    quick: bool = False
    forced: bool = False
    finished: dt.datetime | None = None
    load_end: tuple[float, float, float] | None = None


# -- machine and versions ---------------------------------------------------------------------------
def machine() -> str:
    """CPU model, logical cores and RAM, read from /proc (Linux), else what ``platform`` knows."""
    model = platform.processor() or platform.machine()
    ram = ""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                ram = f", {int(line.split()[1]) / 1024 / 1024:.1f} GiB RAM"
                break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores{ram} ({platform.system()} {platform.release()})"


def _out(argv: list[str], cwd: Path | None = None) -> str:
    """First line of a command's output (stdout, else stderr: ``dot -V`` writes there); "" on failure."""
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=30, cwd=cwd)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    text = (done.stdout.strip() or done.stderr.strip()).splitlines()
    return text[0].strip() if done.returncode == 0 and text else ""


def npm_version(package: str, homes: list[Path]) -> str:
    """``package``'s version from the installed package.json in each of ``homes`` that has it."""
    found = []
    for home in homes:
        pj = home / "node_modules" / package / "package.json"
        try:
            version = json.loads(pj.read_text(encoding="utf-8"))["version"]
        except (OSError, ValueError, KeyError):
            continue
        found.append(f"{version} ({home})")
    return "; ".join(found) or "not installed"


def git_version() -> str:
    commit = _out(["git", "-C", str(ROOT), "rev-parse", "--short=10", "HEAD"])
    if not commit:
        return "not a git checkout"
    try:
        status = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain"], capture_output=True, text=True, timeout=30
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return f"commit {commit}"
    # results.md itself is rewritten by every run: it does not make the code dirty
    changed = [x for x in status.splitlines() if not x[3:].strip().endswith("benchmarks/results.md")]
    return f"commit {commit}" + (" (dirty: uncommitted changes)" if changed else "")


def postgres_version() -> str:
    try:
        from workbench.db.pgserver import find_bindir
    except ImportError:
        return "unknown (workbench not importable)"
    bindir = find_bindir()
    binaries = _out([str(bindir / "postgres"), "--version"]) if bindir else ""
    text = f"{binaries} (throwaway servers from {bindir})" if binaries else "no server binaries"
    url = pg_url_from_env()
    if url:
        try:
            import psycopg

            with psycopg.connect(url, connect_timeout=5) as con:
                row = con.execute("SHOW server_version").fetchone()
            text = f"{row[0] if row else '?'} (the server of $WORKBENCH_PG_URL / $WORKBENCH_TEST_PG_URL)"
        except Exception as exc:
            text += f"; the server of $WORKBENCH_PG_URL did not answer: {type(exc).__name__}"
    return text


def versions() -> list[tuple[str, str]]:
    """Everything the figures depend on, read from the installed packages (never from memory)."""
    try:
        import importlib.metadata as md

        ours = md.version("workbench")
    except Exception:
        ours = "?"
    try:
        import duckdb

        duck = str(duckdb.__version__)
    except ImportError:
        duck = "not installed"
    oracle = Path(os.environ.get("PRISMA_ORACLE_HOME", "/tmp/prisma-oracle"))
    runner = Path(os.environ.get("PRISMA_MIGRATE", "/work/oracle16/migrate.mjs")).parent
    return [
        ("Python", f"{platform.python_version()} ({sys.executable})"),
        ("Node", _out(["node", "--version"]) or "not found"),
        ("workbench", f"{ours}, {git_version()}"),
        ("DuckDB", duck),
        ("PostgreSQL server", postgres_version()),
        ("Prisma (the oracle's)", npm_version("prisma", [oracle])),
        ("Prisma Migrate runner", f"@prisma/adapter-pg {npm_version('@prisma/adapter-pg', [runner])}"),
        ("drizzle-prisma-generator", npm_version("drizzle-prisma-generator", [oracle])),
        ("drizzle-kit", npm_version("drizzle-kit", [oracle, ROOT])),
        ("graphviz", _out(["dot", "-V"]) or "not found"),
    ]


# -- running one script -----------------------------------------------------------------------------
def leftover_candidates() -> set[str]:
    """``workbench-bench-*`` entries in the system's temp folder (a script that ignored ``TMPDIR``)."""
    tmp = Path(tempfile.gettempdir())
    try:
        return {str(p) for p in tmp.iterdir() if p.name.startswith(TEMP_PREFIX)}
    except OSError:
        return set()


def databases() -> set[str] | None:
    """The databases of the server in ``$WORKBENCH_PG_URL``/``$WORKBENCH_TEST_PG_URL`` (None: none
    named, or it does not answer): a script must drop every database it creates there."""
    url = pg_url_from_env()
    if not url:
        return None
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=5) as con:
            rows = con.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", (DB_PREFIX + "%",))
            return {r[0] for r in rows.fetchall()}
    except Exception:
        return None


def child_env(tmp: Path) -> dict[str, str]:
    """This checkout first on ``PYTHONPATH`` (the scripts import the code of this tree) and
    ``TMPDIR`` = ``tmp``, a folder of the script's own: what is left in it was not cleaned up."""
    env = dict(os.environ)
    env["TMPDIR"] = str(tmp)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


def run_script(script: Script, quick: bool, json_path: Path, timeout: float) -> Outcome:
    """Run one script to completion: its stdout goes to the terminal, its stderr too and the last
    lines are kept for the report."""
    argv = [
        sys.executable,
        str(HERE / script.file),
        *(script.quick if quick else script.args),
        "--json",
        str(json_path),
    ]
    outcome = Outcome(script, argv)
    if not (HERE / script.file).exists():
        outcome.error = f"benchmarks/{script.file} does not exist"
        return outcome
    tmp = Path(tempfile.mkdtemp(prefix=f"workbench-benchtmp-{script.name}-"))  # the script's TMPDIR
    tmp.chmod(0o711)  # a throwaway server runs as `postgres` when we are root: it must reach its folder in here
    before_dirs, before_dbs = leftover_candidates(), databases()
    outcome.load_before = load_average()
    tail: collections.deque[str] = collections.deque(maxlen=25)
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        argv,
        cwd=ROOT,
        env=child_env(tmp),
        stdin=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
    )

    def pump() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            sys.stderr.write(line)
            sys.stderr.flush()
            tail.append(line.rstrip("\n"))

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    try:
        outcome.exit_code = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        outcome.exit_code = proc.wait()
        outcome.error = f"timed out after {timeout:.0f} s"
    reader.join(timeout=10)
    outcome.seconds = time.perf_counter() - t0
    outcome.load_after = load_average()
    outcome.stderr_tail = list(tail)
    if json_path.exists():
        try:
            outcome.result = read_result(json_path)
        except (ValueError, KeyError, TypeError) as exc:
            outcome.error = outcome.error or f"unreadable --json result: {type(exc).__name__}: {exc}"
    if not outcome.error and outcome.exit_code != 0:
        outcome.error = f"exit {outcome.exit_code}"
    if not outcome.error and outcome.result is None:
        outcome.error = "wrote no --json result"
    outcome.leftovers = [str(p) for p in sorted(tmp.iterdir())]
    if not outcome.leftovers:
        tmp.rmdir()  # else kept for a look (a server may still run there): results.md names what is in it
    outcome.strays = sorted(leftover_candidates() - before_dirs)
    after_dbs = databases()
    if before_dbs is not None and after_dbs is not None:
        outcome.leftovers += [f"database {name}" for name in sorted(after_dbs - before_dbs)]
    return outcome


# -- Markdown ---------------------------------------------------------------------------------------
def cell(text: object) -> str:
    """One Markdown table cell: pipes escaped, newlines folded."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def table(columns: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(cell(c) for c in columns) + " |", "|" + " --- |" * len(columns)]
    out += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return out


def number(x: float | None) -> str:
    """A target's value or limit: few digits, no exponent."""
    if x is None:
        return "n/a"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 1:
        return f"{x:.2f}"
    return f"{x:.3f}"


def load_text(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.2f}"


def verdict(t: Target) -> str:
    return "met" if t.met else "MISSED"


def title_of(o: Outcome) -> str:
    """The script's title without a leading ``<name>:`` (the heading puts the name first)."""
    title = o.result.title if o.result else o.script.file
    return title.removeprefix(f"{o.script.name}: ")


def render_section(o: Outcome) -> str:
    """One script's section: status, anchor, commands, table, targets, notes, load."""
    r = o.result
    lines = [f"## {o.script.name}: {title_of(o)}", ""]
    status = "ok" if not o.failed else "**FAILED**" + (f": {o.error}" if o.error else "")
    load = f"load average {load_text(r.load_before if r else o.load_before)} before, "
    load += f"{load_text(r.load_after if r else o.load_after)} after"
    lines.append(f"`benchmarks/{o.script.file}`: {status}; {o.seconds:.0f} s; {load}")
    lines.append("")
    if r is not None:
        lines.append(f"- anchor: {r.anchor}")
        lines.append(f"- command: `{r.command}`")
    lines.append(f"- run by `run_all.py` as: `{shlex.join(display_argv(o.argv))}`")
    lines.append("")
    if r is not None and r.columns:
        lines += table(r.columns, r.rows)
        lines.append("")
    if r is not None and r.targets:
        lines.append("Targets:")
        lines.append("")
        for t in r.targets:
            lines.append(f"- {t.what}: {number(t.value)} (target {t.op} {number(t.limit)}): **{verdict(t)}**")
        lines.append("")
    if r is not None and r.notes:
        lines.append("Notes:")
        lines.append("")
        lines += [f"- {n}" for n in r.notes]
        lines.append("")
    if o.leftovers:
        lines.append("Left behind (must be cleaned up by the script): " + ", ".join(f"`{x}`" for x in o.leftovers))
        lines.append("")
    if o.strays:
        lines.append(
            "New in the system's temp folder while it ran (this script's if it ignores `TMPDIR`, else another "
            "process's): " + ", ".join(f"`{x}`" for x in o.strays)
        )
        lines.append("")
    if o.error and o.stderr_tail:
        lines.append("Last lines of its stderr:")
        lines.append("")
        lines.append("```")
        lines += o.stderr_tail[-15:]
        lines.append("```")
        lines.append("")
    return "\n".join(lines)


def display_argv(argv: list[str]) -> list[str]:
    """``argv`` with the interpreter and script paths relative to the repository, and the temp
    JSON path as ``TMPFILE`` (it is gone by the time anyone reads results.md)."""
    out = []
    for i, a in enumerate(argv):
        if i > 0 and argv[i - 1] == "--json":
            out.append("TMPFILE")
            continue
        p = Path(a)
        if p.is_absolute() and p.is_relative_to(ROOT):
            out.append(str(p.relative_to(ROOT)))
        else:
            out.append(a)
    return out


def render(header: Header, outcomes: list[Outcome]) -> str:
    """The whole results.md."""
    lines = ["# Benchmark results", ""]
    lines.append(
        "Written by `benchmarks/run_all.py` (`make bench`); what each script measures: "
        "[README.md](README.md). Read ratios taken in the same run, not absolute times from another day."
    )
    lines.append("")
    if header.quick:
        lines += ["**Quick run (`--quick`): smallest sizes, one repetition. A smoke test, not figures to quote.**", ""]
    if header.forced:
        lines += [
            f"**Started under load (1-minute load average {header.load_start[0]:.2f} > {LOAD_LIMIT}, `--force`): "
            "the figures are not comparable with an idle run.**",
            "",
        ]
    end = header.finished.strftime("%Y-%m-%d %H:%M:%S UTC") if header.finished else "(unfinished: still running)"
    info = [
        ["started", header.started.strftime("%Y-%m-%d %H:%M:%S UTC")],
        ["finished", end],
        ["command", f"`{header.command}`"],
        ["machine", header.machine],
        ["load average (1, 5, 15 min) at start", " ".join(f"{x:.2f}" for x in header.load_start)],
        ["load average at end", " ".join(f"{x:.2f}" for x in header.load_end) if header.load_end else "n/a"],
        *([name, value] for name, value in header.versions),
    ]
    lines += table(["", ""], info)
    lines.append("")
    failed = [o for o in outcomes if o.failed]
    lines.append(
        f"{len(outcomes)} script{'' if len(outcomes) == 1 else 's'}, {len(failed)} failed"
        + (f" ({', '.join(o.script.name for o in failed)})" if failed else "")
        + f"; {sum(o.seconds for o in outcomes) / 60:.1f} minutes in all."
    )
    lines.append("")
    lines += ["## Targets", ""]
    rows = []
    for o in outcomes:
        if o.result is None or not o.result.targets:
            rows.append([o.script.name, "(no result: failed)" if o.error else "(no target)", "", "", ""])
            continue
        for t in o.result.targets:
            rows.append([o.script.name, t.what, number(t.value), f"{t.op} {number(t.limit)}", verdict(t)])
    lines += table(["script", "target", "value", "limit", "met"], rows)
    lines.append("")
    for o in outcomes:
        lines.append(render_section(o))
    return "\n".join(lines).rstrip("\n") + "\n"


# -- main -------------------------------------------------------------------------------------------
def pick(only: str | None, skip: str | None) -> list[Script]:
    def names(spec: str | None) -> list[str]:
        out = [x.strip().replace("-", "_") for x in (spec or "").split(",") if x.strip()]
        out = [x.removeprefix("bench_").removesuffix(".py") for x in out]
        unknown = [x for x in out if x not in NAMES]
        if unknown:
            raise SystemExit(f"run_all: unknown benchmark {', '.join(unknown)} (known: {', '.join(NAMES)})")
        return out

    keep, drop = names(only), set(names(skip))
    return [s for s in SCRIPTS if (not keep or s.name in keep) and s.name not in drop]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", help=f"comma-separated names to run ({', '.join(NAMES)})")
    ap.add_argument("--skip", help="comma-separated names to leave out")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the Markdown report (default benchmarks/results.md)")
    ap.add_argument("--quick", action="store_true", help="smallest sizes, one repetition: a smoke run, not figures")
    ap.add_argument("--force", action="store_true", help=f"run even when the load average is above {LOAD_LIMIT}")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds before a script is stopped (default 1800)")
    args = ap.parse_args(argv)
    scripts = pick(args.only, args.skip)
    if not scripts:
        print("run_all: nothing to run", file=sys.stderr)
        return 1

    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores")
    if load[0] > LOAD_LIMIT:
        if not args.force:
            print(
                f"run_all: the 1-minute load average is {load[0]:.2f} (> {LOAD_LIMIT}): other work would slow the "
                "benchmarks and the figures would mean nothing. Wait for an idle machine, or pass --force.",
                file=sys.stderr,
            )
            return 2
        print(f"run_all: warning: running under load {load[0]:.2f} (--force); results.md will say so", file=sys.stderr)

    given = list(argv) if argv is not None else sys.argv[1:]
    if os.environ.get("MAKELEVEL"):  # run by `make bench`: show the make command that reproduces it
        command = "make bench" + (f" BENCH_ARGS={shlex.quote(shlex.join(given))}" if given else "")
    else:
        command = shlex.join(["python", "benchmarks/run_all.py", *given])
    header = Header(
        started=dt.datetime.now(dt.UTC),
        command=command,
        machine=machine(),
        load_start=load,
        versions=versions(),
        quick=args.quick,
        forced=load[0] > LOAD_LIMIT,
    )
    out = args.out if args.out.is_absolute() else Path.cwd() / args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    outcomes: list[Outcome] = []
    work = Path(tempfile.mkdtemp(prefix="workbench-benchrun-"))  # not a TEMP_PREFIX name: never a leftover
    try:
        for i, script in enumerate(scripts, 1):
            print(f"\n=== [{i}/{len(scripts)}] {script.name}: benchmarks/{script.file}", flush=True)
            o = run_script(script, args.quick, work / f"{script.name}.json", args.timeout)
            outcomes.append(o)
            state = "ok" if not o.failed else f"FAILED: {o.error or 'left ' + ', '.join(o.leftovers)}"
            print(f"=== {script.name}: {state} ({o.seconds:.0f} s)", flush=True)
            out.write_text(render(header, outcomes), encoding="utf-8")  # partial results survive a Ctrl-C
    finally:
        shutil.rmtree(work, ignore_errors=True)
    header.finished = dt.datetime.now(dt.UTC)
    header.load_end = os.getloadavg()
    out.write_text(render(header, outcomes), encoding="utf-8")

    print(f"\n{'script':<14} {'status':<8} {'time':>6}  targets")
    for o in outcomes:
        targets = o.result.targets if o.result else []
        summary = ", ".join(f"{verdict(t)}" for t in targets) or "-"
        print(f"{o.script.name:<14} {'FAILED' if o.failed else 'ok':<8} {o.seconds:>5.0f}s  {summary}")
    print(f"load average at end {header.load_end[0]:.2f}; wrote {out}")
    return 1 if any(o.failed for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
