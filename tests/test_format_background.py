"""``format`` with the loader's diagnostics computed in a forked child (``background=True``, the CLI).

The child runs the same function on the same texts, so everything must be exactly what the
in-process path gives: texts, diagnostics (errors, warnings, the relation step's notes), and a
child that fails or is not needed any more must neither change the result nor be left behind.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from workbench.diagnostics import SourceFile, render_text
from workbench.loaders.prisma import format as fmt
from workbench.loaders.prisma.format import format_path, format_prisma_files

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests/data/format"
pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no os.fork on this platform")


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


@pytest.fixture
def forking(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every schema forks (whatever its size or the test runner's threads); the started children."""
    started: list[object] = []
    start = fmt._Forked.start

    def spy(work):  # type: ignore[no-untyped-def]
        got = start(work)
        started.append(got)
        return got

    monkeypatch.setattr(fmt, "_worth_forking", lambda files: True)
    monkeypatch.setattr(fmt._Forked, "start", staticmethod(spy))
    return started


INPUTS = [*sorted(DATA.glob("*.prisma")), *sorted((ROOT / "sample_schemas").glob("*.prisma"))]


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.stem)
def test_background_diagnostics_are_the_in_process_ones(path: Path, forking: list[object]) -> None:
    text = _read(path)
    here = format_prisma_files({str(path): text})
    there = format_prisma_files({str(path): text}, background=True)
    assert forking and all(f is not None for f in forking)  # a child did compute them
    assert there == here


def test_background_keeps_the_relation_steps_notes_and_errors(forking: list[object]) -> None:
    # a missing back relation (the relation step runs: it waits for the child), an `@relation()`
    # note (W0901), and a schema error elsewhere in another run
    completes = """model User {
  id   Int    @id
  post Post?  @relation()
}

model Post {
  id Int @id
}
"""
    broken = "model A {\n  id Int @id\n  b  Nope\n}\n"
    for text in (completes, broken):
        here = format_prisma_files({"schema.prisma": text})
        there = format_prisma_files({"schema.prisma": text}, background=True)
        assert there == here
        assert there["schema.prisma"].diagnostics  # something to compare
    assert len(forking) == 2


def test_background_multi_file_folder(forking: list[object]) -> None:
    folder = DATA / "multifile"
    assert format_path(folder, background=True) == format_path(folder)
    assert forking


def test_child_failure_falls_back_to_computing_here() -> None:
    parent = os.getpid()

    def work() -> tuple[object, ...]:
        if os.getpid() != parent:
            raise RuntimeError("only in the child")
        return ("computed here",)

    forked = fmt._Forked.start(work)
    assert forked is not None
    assert forked.result() == ("computed here",)
    forked.close()  # already reaped: nothing to do, no error


def test_child_computes_the_result() -> None:
    forked = fmt._Forked.start(lambda: (os.getpid(),))
    assert forked is not None
    (pid,) = forked.result()
    assert pid != os.getpid()


def test_close_stops_a_child_whose_result_is_not_wanted() -> None:
    def forever() -> tuple[object, ...]:
        time.sleep(3600)
        return ()

    forked = fmt._Forked.start(forever)
    assert forked is not None
    pid = forked._pid
    assert pid is not None
    forked.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # already reaped


def test_only_big_schemas_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    small = {"a.prisma": "x" * (fmt.FORK_THRESHOLD - 1)}
    big = {"a.prisma": "x" * (fmt.FORK_THRESHOLD // 2), "b.prisma": "y" * (fmt.FORK_THRESHOLD // 2)}
    monkeypatch.setattr("threading.active_count", lambda: 1)
    assert not fmt._worth_forking(small)
    assert fmt._worth_forking(big)
    monkeypatch.setattr("threading.active_count", lambda: 2)  # another thread: never fork
    assert not fmt._worth_forking(big)


def test_cli_on_a_big_schema_prints_the_same(tmp_path: Path) -> None:
    """Over the threshold, the CLI forks: same text on stdout, same diagnostics, same exit code."""
    model = (
        'model M{n} {{\n  id Int @id\n  name   String @default("x")\n  other  M{m}? @relation(fields: [otherId], '
        'references: [id])\n  otherId Int? @unique\n  back M{m}?  @relation("b{n}")\n}}\n\n'
    )
    body = "".join(model.format(n=i, m=(i + 1) % 700) for i in range(700))
    text = 'datasource db {\n  provider = "postgresql"\n}\n\n' + body + "model Bad {\n  id Int @id\n  x Nope\n}\n"
    assert len(text) > fmt.FORK_THRESHOLD
    f = tmp_path / "big.prisma"
    f.write_text(text)
    (expected,) = format_path(f).values()
    assert any(d.is_error for d in expected.diagnostics)
    r = subprocess.run(
        [sys.executable, "-m", "workbench", "format", str(f)], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert r.returncode == 1
    assert r.stdout == expected.text
    assert r.stderr == render_text(expected.diagnostics, {str(f): SourceFile(str(f), text)}) + "\n"
