"""Progress bars (workbench/progress.py): when they show, where they go, and that nothing else changes.

A bar shows when the work outlasts the delay (``WORKBENCH_PROGRESS_DELAY`` shortens it here) on a
terminal or in Jupyter; ``progress=True`` / ``--progress`` forces it, ``False`` / ``--no-progress``
silences it; stdout is byte-identical either way. In Jupyter the bar is a display whose first
message is empty and whose last update empties it again (what keeps notebooks deterministic
under nbval: see the module docstring).
"""

from __future__ import annotations

import contextlib
import io
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import workbench as wb
from tests.cli_run import workbench
from workbench import progress
from workbench.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
BLOG = str(ROOT / "sample_schemas" / "blog.prisma")


class Terminal(io.StringIO):
    """A stderr that says it is a terminal, as an interactive shell's is."""

    def isatty(self) -> bool:
        return True


@contextlib.contextmanager
def on_terminal() -> Iterator[Terminal]:
    """stderr is a terminal inside the block (a fixture could not: pytest sets sys.stderr again for the test's call)."""
    stream = Terminal()
    with contextlib.redirect_stderr(stream):
        yield stream


def test_slow_work_shows_a_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_PROGRESS_DELAY", "0.1")
    with on_terminal() as terminal, progress.bar(4, "slow work", "steps") as bar:
        for _ in range(4):
            time.sleep(0.3)
            bar.update()
    assert "slow work" in terminal.getvalue() and "steps" in terminal.getvalue()


def test_fast_work_shows_none() -> None:
    with on_terminal() as terminal, progress.bar(1000, "fast work") as bar:  # the default delay: 2 s
        for _ in range(1000):
            bar.update()
    assert terminal.getvalue() == ""


def test_not_a_terminal_no_bar_unless_asked(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKBENCH_PROGRESS_DELAY", "0")
    with progress.bar(3, "piped") as bar:
        bar.update(3)
    assert capsys.readouterr().err == ""
    with progress.bar(3, "asked", progress=True) as bar:
        time.sleep(0.6)
        bar.update(3)
    assert "asked" in capsys.readouterr().err
    with progress.bar(3, "refused", progress=False) as bar:
        bar.update(3)
    assert capsys.readouterr().err == ""


def test_seed_at_any_size_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_PROGRESS_DELAY", "0")  # what a seed that outlasts 2 s sees
    s = wb.load(BLOG)
    db = wb.connect()
    db.apply(s)
    with on_terminal() as terminal:
        report = wb.seed(s, db, rows=2000)
    assert report.ok
    assert "seeding" in terminal.getvalue() and "rows" in terminal.getvalue()


def test_sweep_advisor_and_rehearsal_have_bars(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    s = wb.load(BLOG)
    db = wb.connect()
    db.apply(s)
    wb.seed(s, db, rows=500, progress=False)
    capsys.readouterr()
    query = 'SELECT count(*) FROM "Post" WHERE "viewCount" > 100'
    db.sweep(query, s, scales=(10, 20, 40), runs=1, warmup=0, progress=True)
    assert "scale sweep" in capsys.readouterr().err
    db.advise(query, schema=s, runs=1, warmup=0, progress=True)
    assert "index advisor" in capsys.readouterr().err
    old = wb.load(text="model Post {\n  id Int @id\n  title String\n}\n")
    new = wb.load(text="model Post {\n  id Int @id\n  title String\n  views Int?\n}\n")
    r = wb.rehearse((old, new), rows=100, progress=True)
    assert r.ok
    err = capsys.readouterr().err
    assert "rehearsal" in err and "seeding" in err


class Published:
    """IPython's display publisher, recording what a notebook front end (and nbval) would receive."""

    def __init__(self) -> None:
        self.messages: list[tuple[dict[str, Any], bool]] = []

    def publish(self, data: dict[str, Any], metadata: Any = None, *, transient: Any = None, update: bool = False,
                **kwargs: Any) -> None:  # fmt: skip
        self.messages.append((dict(data), update))


def test_notebook_bar_leaves_nothing_nbval_compares(monkeypatch: pytest.MonkeyPatch) -> None:
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    recorder = Published()
    monkeypatch.setattr(shell, "display_pub", recorder)
    monkeypatch.setattr(progress, "in_notebook", lambda: True)
    monkeypatch.setenv("WORKBENCH_PROGRESS_DELAY", "0.1")
    with progress.bar(3, "seeding", "rows") as bar:
        for _ in range(3):
            time.sleep(0.3)
            bar.update()
    first, *updates = recorder.messages
    assert first == ({}, False)  # the one message nbval compares: empty
    assert updates and all(update for _, update in updates)
    assert any("<progress" in data.get("text/html", "") and "seeding" in data["text/plain"] for data, _ in updates)
    assert updates[-1] == ({}, True)  # emptied at the end: a saved notebook holds an empty output
    recorder.messages.clear()
    with progress.bar(3, "fast") as bar:
        bar.update(3)
    assert recorder.messages == []  # under the delay: no output at all


def _cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), Terminal()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def test_cli_progress_flags_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_PROGRESS_DELAY", "0")
    args = ("seed", BLOG, "--rows", "3000")
    code, out, err = _cli(*args)
    assert code == 0 and "seeding" in err  # a terminal: the bar
    quiet = _cli(*args, "--no-progress")
    assert quiet == (0, out, "")  # silenced, and the same output
    code, forced_out, forced_err = _cli(*args, "--progress")
    assert (code, forced_out) == (0, out) and "seeding" in forced_err


def test_cli_not_a_terminal_is_byte_identical_unless_asked(tmp_path: Path) -> None:
    args = ("seed", BLOG, "--rows", "500")
    plain = workbench(*args, env={"WORKBENCH_PROGRESS_DELAY": "0"})
    assert plain.returncode == 0 and plain.stderr == ""
    silenced = workbench(*args, "--no-progress")
    assert (silenced.returncode, silenced.stdout, silenced.stderr) == (0, plain.stdout, "")
    forced = workbench(*args, "--progress")
    assert forced.returncode == 0 and forced.stdout == plain.stdout
    assert "seeding" in forced.stderr
    profile = workbench("profile", "--db", "duckdb://", "--query", "SELECT 1", "--runs", "2", "--progress")
    assert profile.returncode == 0 and "profiling" in profile.stderr


def test_cli_migrate_progress(tmp_path: Path) -> None:
    folder = tmp_path / "migrations"
    for name, sql in (
        (
            "20240101000000_init",
            'CREATE TABLE "Post" ("id" INTEGER NOT NULL, CONSTRAINT "Post_pkey" PRIMARY KEY ("id"));\n',
        ),
        ("20240102000000_views", 'ALTER TABLE "Post" ADD COLUMN "views" INTEGER;\n'),
    ):
        (folder / name).mkdir(parents=True)
        (folder / name / "migration.sql").write_text(sql)
    db = f"duckdb:///{tmp_path / 'app.duckdb'}"
    applied = workbench("migrate", "apply", "--db", db, "--dir", str(folder), "--progress")
    assert applied.returncode == 0 and "migrating" in applied.stderr
    args = ("migrate", "rehearse", "--dir", str(folder), "--rows", "50")
    plain = workbench(*args)
    forced = workbench(*args, "--progress")
    assert plain.returncode == forced.returncode == 0
    assert plain.stderr == "" and "rehearsal" in forced.stderr
    assert _without_times(forced.stdout) == _without_times(plain.stdout)  # the report: the same but its timings


def _without_times(text: str) -> str:
    import re

    return re.sub(r"\d+(\.\d+)?\s?(ms|s)\b", "TIME", text)
