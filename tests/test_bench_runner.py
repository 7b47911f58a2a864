"""The benchmark runner (``benchmarks/run_all.py``, ``make bench``) keeps its promises, timed nothing.

What is checked: results.md is rendered from the scripts' ``BenchResult`` records (header with the
machine and the versions, a summary row per target, one section per script with its anchor,
command, table, verdicts, notes and load), a failed script is reported with its stderr and makes
the run fail, every ``bench_*.py`` is in the runner's table, and one real quick run of a fast
script end to end. No figure is compared with anything: speed is for the benchmarks themselves.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


run_all = _load("bench_run_all", BENCH / "run_all.py")
common = sys.modules["_common"]  # imported by run_all from benchmarks/


def _header(**kw: object) -> object:
    values: dict[str, object] = {
        "started": dt.datetime(2026, 12, 8, 9, 30, tzinfo=dt.UTC),
        "command": "make bench",
        "machine": "Test CPU 3000, 2 cores, 7.8 GiB RAM (Linux 6.1)",
        "load_start": (0.12, 0.30, 0.45),
        "versions": [("Python", "3.11.7"), ("Prisma (the oracle's)", "7.10.1 (/tmp/prisma-oracle)")],
        "finished": dt.datetime(2026, 12, 8, 9, 45, tzinfo=dt.UTC),
        "load_end": (0.80, 0.70, 0.50),
    }
    values.update(kw)
    return run_all.Header(**values)


def _result() -> object:
    return common.BenchResult(
        name="erd",
        title="ER diagrams against graphviz alone",
        anchor="`dot -Tsvg` of a plain-box DOT",
        command="python benchmarks/bench_erd.py --models 500",
        columns=["models", "ours s", "note"],
        rows=[["500", "1.234", "a | b"]],
        targets=[
            common.Target("500 models, whole process, s", 1.234, 3.0, "<"),
            common.Target("ours / plain dot", 7.5, 5.0, "<="),
        ],
        notes=["The schema is a chain."],
        load_before=0.1,
        load_after=0.2,
    )


def test_results_md_from_a_bench_result() -> None:
    outcome = run_all.Outcome(
        run_all.NAMES["erd"],
        [sys.executable, str(BENCH / "bench_erd.py"), "--models", "500", "--json", "/tmp/x/erd.json"],
        seconds=42.0,
        exit_code=0,
        result=_result(),
    )
    md = run_all.render(_header(), [outcome])
    lines = md.splitlines()
    assert lines[0] == "# Benchmark results"
    assert "| machine | Test CPU 3000, 2 cores, 7.8 GiB RAM (Linux 6.1) |" in lines
    assert "| started | 2026-12-08 09:30:00 UTC |" in lines
    assert "| load average (1, 5, 15 min) at start | 0.12 0.30 0.45 |" in lines
    assert "| load average at end | 0.80 0.70 0.50 |" in lines
    assert "| Prisma (the oracle's) | 7.10.1 (/tmp/prisma-oracle) |" in lines
    assert "1 script, 0 failed; 0.7 minutes in all." in lines
    # the summary: one row per target, with its verdict
    assert "| erd | 500 models, whole process, s | 1.23 | < 3.00 | met |" in lines
    assert "| erd | ours / plain dot | 7.50 | <= 5.00 | MISSED |" in lines
    # the section
    assert "## erd: ER diagrams against graphviz alone" in lines
    assert "`benchmarks/bench_erd.py`: ok; 42 s; load average 0.10 before, 0.20 after" in lines
    assert "- anchor: `dot -Tsvg` of a plain-box DOT" in lines
    assert "- command: `python benchmarks/bench_erd.py --models 500`" in lines
    shown = f"- run by `run_all.py` as: `{sys.executable} benchmarks/bench_erd.py --models 500 --json TMPFILE`"
    if Path(sys.executable).is_relative_to(ROOT):
        shown = shown.replace(sys.executable, str(Path(sys.executable).relative_to(ROOT)))
    assert shown in lines
    assert "| models | ours s | note |" in lines
    assert "| 500 | 1.234 | a \\| b |" in lines  # a pipe in a cell does not split it
    assert "- 500 models, whole process, s: 1.23 (target < 3.00): **met**" in lines
    assert "- ours / plain dot: 7.50 (target <= 5.00): **MISSED**" in lines
    assert "- The schema is a chain." in lines
    assert "Quick run" not in md and "Started under load" not in md


def test_a_title_that_starts_with_the_name_is_not_repeated() -> None:
    result = _result()
    result.title = "erd: ER diagrams against graphviz alone"
    outcome = run_all.Outcome(run_all.NAMES["erd"], [], seconds=1.0, exit_code=0, result=result)
    assert run_all.render_section(outcome).splitlines()[0] == "## erd: ER diagrams against graphviz alone"


def test_quick_and_forced_runs_say_so() -> None:
    md = run_all.render(_header(quick=True, forced=True, load_start=(2.5, 1.0, 0.5)), [])
    assert "**Quick run (`--quick`)" in md
    assert "**Started under load (1-minute load average 2.50 > 1.0, `--force`)" in md


def test_a_failed_script_is_reported_with_its_stderr() -> None:
    failed = run_all.Outcome(
        run_all.NAMES["seed"],
        [sys.executable, str(BENCH / "bench_seed.py"), "--json", "/tmp/x/seed.json"],
        seconds=3.0,
        exit_code=1,
        error="exit 1",
        stderr_tail=["Traceback (most recent call last):", "RuntimeError: no server"],
        load_before=0.3,
        load_after=0.4,
        leftovers=["/tmp/workbench-benchtmp-seed-x/workbench-pg-y"],
    )
    md = run_all.render(_header(), [failed])
    assert "1 script, 1 failed (seed)" in md
    assert "| seed | (no result: failed) |  |  |  |" in md
    assert "`benchmarks/bench_seed.py`: **FAILED**: exit 1; 3 s; load average 0.30 before, 0.40 after" in md
    assert "```\nTraceback (most recent call last):\nRuntimeError: no server\n```" in md
    assert "Left behind (must be cleaned up by the script): `/tmp/workbench-benchtmp-seed-x/workbench-pg-y`" in md
    assert failed.failed
    # leftovers alone make a run fail too; a stray folder in /tmp (maybe another process's) is only named
    assert run_all.Outcome(run_all.NAMES["erd"], [], leftovers=["x"]).failed
    stray = run_all.Outcome(run_all.NAMES["erd"], [], strays=["/tmp/workbench-bench-x"])
    assert not stray.failed
    assert "another process's): `/tmp/workbench-bench-x`" in run_all.render_section(stray)


def test_every_benchmark_script_is_in_the_runners_table() -> None:
    on_disk = {p.name for p in BENCH.glob("bench_*.py")}
    assert on_disk <= {s.file for s in run_all.SCRIPTS}, "add the new script to run_all.SCRIPTS"
    assert len(run_all.NAMES) == len(run_all.SCRIPTS)


def test_only_and_skip_pick_by_name() -> None:
    assert [s.name for s in run_all.pick("seed-memory,erd", None)] == ["erd", "seed_memory"]  # table order
    assert "check" not in [s.name for s in run_all.pick(None, "check,bench_lint.py")]
    assert "lint" not in [s.name for s in run_all.pick(None, "check,bench_lint.py")]
    with pytest.raises(SystemExit, match="unknown benchmark nope"):
        run_all.pick("nope", None)


@pytest.mark.parametrize("name", ["erd", "seed", "seed_memory", "migrate_diff", "migrate_apply", "profile"])
def test_our_scripts_take_json(name: str) -> None:
    script = BENCH / run_all.NAMES[name].file
    done = subprocess.run([sys.executable, str(script), "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "--json" in done.stdout


def test_a_quick_run_end_to_end(tmp_path: Path, pg_server_url: str) -> None:
    """``run_all.py --quick --only profile``: the real script, on the test session's PostgreSQL."""
    out = tmp_path / "results.md"
    env = {**os.environ, "WORKBENCH_PG_URL": pg_server_url, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, str(BENCH / "run_all.py"), "--quick", "--only", "profile", "--out", str(out), "--force"],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    md = out.read_text(encoding="utf-8")
    lines = md.splitlines()
    assert lines[0] == "# Benchmark results"
    assert "**Quick run (`--quick`)" in md
    machine = next(x for x in lines if x.startswith("| machine | "))
    assert f", {os.cpu_count()} cores" in machine
    assert any(x.startswith("| workbench | ") and "commit" in x for x in lines)
    assert (
        "## Targets" in lines and "## profile: `profile()` overhead against plain executions of the same query" in lines
    )
    assert any(x.startswith("| profile | duckdb: profile() overhead") for x in lines)
    assert any(x.startswith("| profile | postgres: profile() overhead") for x in lines)
    assert "- anchor: 12 plain `execute().fetchall()` calls on the same driver connection (DuckDB, psycopg)" in lines
    assert any(x.startswith("| duckdb | 200,000 |") for x in lines)
    assert "1 script, 0 failed" in md
