"""``workbench export --to a,b,... -o DIR`` and ``--to all`` (#18 item 3): several targets from one
load, each in ``DIR/<target>/`` byte for byte as the single-target command writes it, and ``DIR``
changed as one set: a kill, a generation error or a failing write leaves every old file as it
was and no staging folder behind; the user's files are never lost; files already up to date are
not rewritten.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
from pathlib import Path
from typing import Any

import pytest

from tests.cli_run import ROOT, workbench
from workbench import fileset
from workbench.emit.registry import TARGETS
from workbench.fileset import JOURNAL, KILL_HOOK, FolderSwap, recover, staging_dir

BLOG = ROOT / "sample_schemas" / "blog.prisma"
SIX = ("drizzle", "zod", "typescript", "rest", "graphql", "trpc")
CLEAN = {"DATABASE_URL": "", "WORKBENCH_SCHEMA": ""}
EXTRA = """
model Audit {
  id     Int    @id @default(autoincrement())
  action String
}
"""


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(folder: Path) -> list[str]:
    """Staging folders of any run into ``folder`` or its target subfolders."""
    places = [folder.parent, folder]
    found = [p.name for place in places if place.is_dir() for p in place.iterdir()]
    return sorted(name for name in found if "workbench-staging" in name)


def export(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    r = workbench("export", *args, cwd=cwd, env={**CLEAN, **(env or {})})
    return r.returncode, r.stdout, r.stderr


@pytest.fixture
def schema(tmp_path: Path) -> Path:
    path = tmp_path / "schema.prisma"
    path.write_text(BLOG.read_text())
    return path


@pytest.mark.parametrize("to", [",".join(SIX), "all"])
def test_each_folder_is_what_the_single_target_command_writes(tmp_path: Path, schema: Path, to: str) -> None:
    together, alone = tmp_path / "together", tmp_path / "alone"
    code, _, err = export(str(schema), "--to", to, "-o", str(together))
    assert code == 0, err
    targets = SIX if to != "all" else tuple(TARGETS)
    assert sorted(p.name for p in together.iterdir()) == sorted(targets)
    for target in targets:
        assert f"wrote {len(snapshot(together / target)) - 1} " in err  # the manifest is not counted
        code, _, err1 = export(str(schema), "--to", target, "-o", str(alone / target))
        assert code == 0, err1
    assert snapshot(together) == snapshot(alone)
    assert leftovers(together) == []


def test_all_means_every_code_target_and_sql_goes_alone(tmp_path: Path, schema: Path) -> None:
    assert set(TARGETS) >= set(SIX) | {"sqlalchemy", "pydantic"}
    code, _, err = export(str(schema), "--to", "all", "-o", str(tmp_path / "out"))
    assert code == 0, err
    assert {p.name for p in (tmp_path / "out").iterdir()} == set(TARGETS)  # no sql folder
    code, _, err = export(str(schema), "--to", "zod,sql", "-o", str(tmp_path / "x"))
    assert code == 2 and "sql cannot be combined with other targets (the 2nd of" in err
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize(
    ("to", "message"),
    [
        ("drizle,zod", 'unknown target "drizle" (the 1st of "drizle,zod"): did you mean "drizzle"?'),
        ("zod,trcp", 'unknown target "trcp" (the 2nd of "zod,trcp"): did you mean "trpc"?'),
        ("zot", 'unknown target "zot": did you mean "zod"?'),
        ("xyz", 'unknown target "xyz" (targets: sql, drizzle, zod,'),
        ("zod,,rest", 'an empty target (the 2nd of "zod,,rest")'),
        ("all,zod", '"all" stands alone'),
    ],
)
def test_a_bad_target_is_a_located_usage_error(tmp_path: Path, schema: Path, to: str, message: str) -> None:
    code, out, err = export(str(schema), "--to", to, "-o", str(tmp_path / "out"))
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: argument --to: {message}"), err
    assert lines[0].endswith("(see `workbench export --help`)")
    assert not (tmp_path / "out").exists()


def test_several_targets_need_a_folder(tmp_path: Path, schema: Path) -> None:
    code, _, err = export(str(schema), "--to", "zod,rest", cwd=tmp_path)
    assert code == 2 and "--to zod,rest needs -o DIR (each target goes to DIR/<target>/)" in err
    code, _, err = export(str(schema), "--to", "zod,rest", "-o", "-", cwd=tmp_path)
    assert code == 2 and "-o - prints one target" in err
    (tmp_path / "file").write_text("x")
    code, _, err = export(str(schema), "--to", "zod,rest", "-o", str(tmp_path / "file"))
    assert code == 2 and "is a file" in err
    assert (tmp_path / "file").read_text() == "x"


def test_configured_targets_without_o_go_to_their_folders(tmp_path: Path, schema: Path) -> None:
    (tmp_path / "workbench.toml").write_text('[export]\nzod = "gen/zod"\nrest = "gen/api"\ndrizzle = "gen/db"\n')
    code, _, err = export("schema.prisma", "--to", "zod,rest", cwd=tmp_path)
    assert code == 0, err
    assert (tmp_path / "gen" / "zod" / "validation.ts").exists() and (tmp_path / "gen" / "api" / "api").is_dir()
    assert not (tmp_path / "gen" / "db").exists()  # only the targets asked for


def test_check_compares_every_target(tmp_path: Path, schema: Path) -> None:
    out = tmp_path / "out"
    assert export(str(schema), "--to", "drizzle,zod,rest", "-o", str(out))[0] == 0
    before = snapshot(out)
    code, stdout, err = export(str(schema), "--to", "drizzle,zod,rest", "-o", str(out), "--check")
    assert (code, stdout) == (0, ""), err
    assert f"export --check: zod -> {out / 'zod'}: in sync" in err
    assert err.strip().splitlines()[-1].startswith(f"export --check: {len(before) - 3} files in sync with")
    schema.write_text(schema.read_text() + EXTRA)
    code, stdout, err = export(str(schema), "--to", "drizzle,zod,rest", "-o", str(out), "--check")
    assert code == 1
    assert f"{out / 'drizzle' / 'schema.ts'}: differs from what the schema generates" in stdout
    assert f"{out / 'rest' / 'api' / 'audit.api.ts'}: is missing (the schema generates it)" in stdout
    assert f"export --check: zod -> {out / 'zod'}: 1 file out of sync" in err
    assert "run `workbench export` and commit the result" in err
    assert snapshot(out) == before  # --check writes nothing


def test_a_kill_leaves_the_old_set_or_rolls_forward_to_the_new(tmp_path: Path, schema: Path) -> None:
    out, reference = tmp_path / "out", tmp_path / "reference"
    to = ",".join(SIX)
    assert export(str(schema), "--to", to, "-o", str(out))[0] == 0
    (out / "NOTES.md").write_text("mine\n")
    (out / "rest" / "api" / "custom.ts").write_text("// mine\n")
    old = snapshot(out)
    schema.write_text(schema.read_text() + EXTRA)
    assert export(str(schema), "--to", to, "-o", str(reference))[0] == 0
    new = {**snapshot(reference), "NOTES.md": b"mine\n", "rest/api/custom.ts": b"// mine\n"}

    code, _, _ = export(str(schema), "--to", to, "-o", str(out), env={KILL_HOOK: "stage:4"})
    assert code == -signal.SIGKILL
    assert snapshot(out) == old  # staging never touches the folder
    assert recover(out) == "rolled back" and leftovers(out) == []

    code, _, _ = export(str(schema), "--to", to, "-o", str(out), env={KILL_HOOK: "swap:3"})
    assert code == -signal.SIGKILL
    assert snapshot(out) not in (old, new)  # the kill landed inside the swap
    assert (staging_dir(out) / JOURNAL).exists()
    assert recover(out) == "rolled forward"
    assert snapshot(out) == new and leftovers(out) == []


def test_a_single_target_export_repairs_a_killed_export_of_several_first(tmp_path: Path, schema: Path) -> None:
    out = tmp_path / "out"
    assert export(str(schema), "--to", "zod,rest", "-o", str(out))[0] == 0
    schema.write_text(schema.read_text() + EXTRA)
    assert export(str(schema), "--to", "zod,rest", "-o", str(out), env={KILL_HOOK: "swap:1"})[0] == -signal.SIGKILL
    code, _, err = export(str(schema), "--to", "rest", "-o", str(out / "rest"))
    assert code == 0, err
    assert leftovers(out) == []
    assert "Audit" in (out / "zod" / "validation.ts").read_text()  # the killed run was finished first
    assert (out / "rest" / "api" / "audit.api.ts").exists()


def test_a_generation_error_in_one_target_writes_nothing(
    tmp_path: Path, schema: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from workbench.cli.main import main
    from workbench.diagnostics import UserError
    from workbench.emit import graphql

    out = tmp_path / "out"
    assert main(["export", str(schema), "--to", ",".join(SIX), "-o", str(out)]) == 0
    old = snapshot(out)
    schema.write_text(schema.read_text() + EXTRA)

    def broken(*args: object, **kwargs: object) -> None:
        raise UserError("graphql: cannot generate this (test)")

    monkeypatch.setattr(graphql, "generate", broken)
    capsys.readouterr()
    assert main(["export", str(schema), "--to", ",".join(SIX), "-o", str(out)]) == 1
    assert capsys.readouterr().err.strip().splitlines()[-1] == "error: graphql: cannot generate this (test)"
    assert snapshot(out) == old and leftovers(out) == []


def test_a_write_that_fails_half_way_puts_every_old_file_back(
    tmp_path: Path, schema: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from workbench.cli.main import main

    out = tmp_path / "out"
    assert main(["export", str(schema), "--to", ",".join(SIX), "-o", str(out)]) == 0
    (out / "rest" / "api" / "custom.ts").write_text("// mine\n")
    old = snapshot(out)
    schema.write_text(schema.read_text() + EXTRA)
    real, calls = os.rename, []

    def failing(src: str, dst: str) -> None:
        calls.append(dst)
        if len(calls) == 7:  # well inside the swap: some units are in, some old ones aside
            raise PermissionError(13, "Permission denied", dst)
        real(src, dst)

    monkeypatch.setattr(os, "rename", failing)
    capsys.readouterr()
    assert main(["export", str(schema), "--to", ",".join(SIX), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"error: cannot write {out}: permission denied; nothing in it was changed" in err
    assert len(calls) >= 7
    monkeypatch.setattr(os, "rename", real)
    assert snapshot(out) == old and leftovers(out) == []


def test_a_file_in_the_way_fails_before_anything_is_written(tmp_path: Path, schema: Path) -> None:
    out = tmp_path / "out"
    assert export(str(schema), "--to", "zod,rest", "-o", str(out))[0] == 0
    shutil.rmtree(out / "rest" / "api")
    (out / "rest" / "api").write_text("in the way\n")
    old = snapshot(out)
    schema.write_text(schema.read_text() + EXTRA)
    code, _, err = export(str(schema), "--to", "zod,rest", "-o", str(out))
    assert code == 1 and len(err.strip().splitlines()) == 1, err
    assert f"{out / 'rest' / 'api'} is a file, not a folder" in err
    assert snapshot(out) == old and leftovers(out) == []


def test_a_first_export_that_cannot_be_written_leaves_nothing(tmp_path: Path, schema: Path) -> None:
    (tmp_path / "out" / "rest").mkdir(parents=True)
    (tmp_path / "out" / "rest" / "api").write_text("a file where the api folder goes\n")
    code, _, err = export(str(schema), "--to", "zod,rest", "-o", str(tmp_path / "out"))
    assert code == 1 and "api is a file, not a folder" in err and "Traceback" not in err
    assert snapshot(tmp_path / "out") == {"rest/api": b"a file where the api folder goes\n"}
    assert not (tmp_path / "out" / "zod").exists()  # the folder made to lock it is gone again
    code, _, err = export(str(schema), "--to", "zod,rest", "-o", str(tmp_path / "out" / "rest" / "api"))
    assert code == 2 and "is a file, but --to zod,rest writes a folder of files" in err
    assert leftovers(tmp_path / "out") == []


def test_user_files_stay_and_unchanged_files_are_not_rewritten(tmp_path: Path, schema: Path) -> None:
    out = tmp_path / "out"
    to = "drizzle,zod,trpc"
    assert export(str(schema), "--to", to, "-o", str(out))[0] == 0
    (out / "trpc" / "trpc" / "init.ts").write_text("// my procedures\n")  # user-editable: now the user's
    (out / "zod" / "mine.ts").write_text("// mine\n")
    inodes = {p: (out / p).stat().st_ino for p in snapshot(out)}
    assert export(str(schema), "--to", to, "-o", str(out))[0] == 0
    assert {p: (out / p).stat().st_ino for p in snapshot(out)} == inodes  # nothing changed, nothing rewritten
    schema.write_text(schema.read_text().replace("  title ", "  headline "))
    code, _, err = export(str(schema), "--to", to, "-o", str(out))
    assert code == 0, err
    after = snapshot(out)
    assert after["trpc/trpc/init.ts"] == b"// my procedures\n" and after["zod/mine.ts"] == b"// mine\n"
    rewritten = {p for p in after if (out / p).stat().st_ino != inodes.get(p)}
    assert {"drizzle/schema.ts", "zod/validation.ts", "trpc/validation.ts"} <= rewritten
    assert "trpc/trpc/routers/tag.ts" not in rewritten and "zod/mine.ts" not in rewritten
    assert "headline" in after["zod/validation.ts"].decode()


def test_a_folder_that_moves_whole_keeps_its_permissions(tmp_path: Path, schema: Path) -> None:
    out = tmp_path / "out"
    assert export(str(schema), "--to", "zod,rest", "-o", str(out))[0] == 0
    (out / "rest").chmod(0o750)
    (out / "rest" / "api").chmod(0o705)
    before = snapshot(out)
    # named another way, the schema changes every file's header: the folders move whole
    assert export("schema.prisma", "--to", "zod,rest", "-o", str(out), cwd=schema.parent)[0] == 0
    after = snapshot(out)
    assert after.keys() == before.keys() and all(after[p] != before[p] for p in after)
    assert stat.S_IMODE((out / "rest").stat().st_mode) == 0o750
    assert stat.S_IMODE((out / "rest" / "api").stat().st_mode) == 0o705


def test_a_file_created_during_the_swap_is_given_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder that holds only generated files moves aside whole; a file someone saves into it
    between the scan and the swap must come back, not be deleted with the old files."""
    root = tmp_path / "out"
    (root / "gen").mkdir(parents=True)
    (root / "gen" / "a.ts").write_text("old a\n")
    real = fileset._stage

    def stage_then_user_saves(*args: object, **kwargs: object) -> None:
        real(*args, **kwargs)  # type: ignore[arg-type]
        (root / "gen" / "notes.md").write_text("saved meanwhile\n")

    monkeypatch.setattr(fileset, "_stage", stage_then_user_saves)
    with FolderSwap(root) as swap:
        swap.commit({"gen/a.ts": b"new a\n", "gen/b.ts": b"new b\n"})
    assert snapshot(root) == {"gen/a.ts": b"new a\n", "gen/b.ts": b"new b\n", "gen/notes.md": b"saved meanwhile\n"}
    assert leftovers(root) == []


def test_a_journal_of_an_older_version_is_rolled_forward(tmp_path: Path) -> None:
    """Journals written before units existed list files only (``writes``/``deletes``)."""
    root = tmp_path / "out"
    root.mkdir()
    (root / "a.ts").write_text("old\n")
    (root / "gone.ts").write_text("stale\n")
    stage = staging_dir(root)
    (stage / "new" / "sub").mkdir(parents=True)
    (stage / "new" / "a.ts").write_text("new\n")
    (stage / "new" / "sub" / "b.ts").write_text("b\n")
    (stage / JOURNAL).write_text(json.dumps({"writes": ["a.ts", "sub/b.ts"], "deletes": ["gone.ts"]}))
    assert recover(root) == "rolled forward"
    assert snapshot(root) == {"a.ts": b"new\n", "sub/b.ts": b"b\n"} and not stage.exists()


def test_python_targets_in_all_are_importable(tmp_path: Path, schema: Path) -> None:
    """``--to all`` includes the Python targets; what they write still compiles."""
    out = tmp_path / "out"
    assert export(str(schema), "--to", "all", "-o", str(out))[0] == 0
    for path in (out / "sqlalchemy").rglob("*.py"):
        compile(path.read_text(), str(path), "exec")
    for path in (out / "pydantic").rglob("*.py"):
        compile(path.read_text(), str(path), "exec")


VIEWS = """generator client {
  provider        = "prisma-client-js"
  previewFeatures = ["views"]
}

datasource db {
  provider = "postgresql"
}

model User {
  id   Int    @id @default(autoincrement())
  name String
}

view UserName {
  id   Int    @unique
  name String
}
"""


def test_a_diagnostic_several_targets_share_is_printed_once(tmp_path: Path) -> None:
    schema = tmp_path / "views.prisma"
    schema.write_text(VIEWS)
    note = "Prisma Migrate creates no database view, so the Drizzle schema declares none"
    code, _, alone = export(str(schema), "--to", "rest", "-o", str(tmp_path / "rest"))
    assert code == 0 and alone.count(note) == 1  # rest carries drizzle's diagnostics
    code, _, together = export(str(schema), "--to", "drizzle,rest,trpc", "-o", str(tmp_path / "all"))
    assert code == 0 and together.count(note) == 1, together
    assert together.count("no API class for it") == 1 and together.count("no router for it") == 1


def test_staging_on_threads_writes_the_same_and_fails_whole(
    tmp_path: Path, schema: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Big sets stage each folder's files on one of a few threads: the same bytes as one thread,
    and a create that fails on any thread fails the whole export with the folder as it was."""
    from workbench.cli.main import main

    args = ["export", str(schema), "--to", ",".join(SIX)]
    monkeypatch.setattr(fileset, "_THREADS", 1)
    assert main([*args, "-o", str(tmp_path / "one")]) == 0
    monkeypatch.setattr(fileset, "_THREADS", 4)
    monkeypatch.setattr(fileset, "_THREADED_FROM", 1)
    assert main([*args, "-o", str(tmp_path / "threads")]) == 0
    assert snapshot(tmp_path / "threads") == snapshot(tmp_path / "one")

    out = tmp_path / "threads"
    old = snapshot(out)
    schema.write_text(schema.read_text() + EXTRA)
    real, creates = os.open, []

    def failing(path: str, flags: int, mode: int = 0o777, **kwargs: Any) -> int:
        if "workbench-staging" in str(path) and flags & os.O_EXCL:
            creates.append(path)
            if len(creates) == 5:
                raise OSError(28, "No space left on device", path)
        return real(path, flags, mode, **kwargs)

    monkeypatch.setattr(os, "open", failing)
    capsys.readouterr()
    assert main([*args, "-o", str(out)]) == 1
    monkeypatch.setattr(os, "open", real)
    assert "no space left on the device; nothing in it was changed" in capsys.readouterr().err
    assert len(creates) >= 5 and snapshot(out) == old and leftovers(out) == []
