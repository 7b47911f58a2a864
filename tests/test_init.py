"""``workbench init``: configuration written beside what is there, a starter schema that passes the
pipeline, never an overwritten schema, the CI workflow."""

from __future__ import annotations

import shlex
import tomllib
from pathlib import Path

import pytest

from tests.cli_run import workbench

CLEAN = {"DATABASE_URL": "", "WORKBENCH_SCHEMA": "", "WORKBENCH_MIGRATIONS": ""}
PYPROJECT = """\
[project]
name = "app"   # a comment that must survive

[tool.ruff]
line-length = 100
"""


@pytest.mark.parametrize("provider", ["postgresql", "sqlite"])
def test_the_starter_project_passes_check_lint_and_format(tmp_path: Path, provider: str) -> None:
    r = workbench("init", "--provider", provider, cwd=tmp_path, env=CLEAN)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[:2] == [
        "wrote workbench.toml",
        "wrote prisma/schema.prisma (a starter schema: edit it)",
    ]
    assert "workbench migrate new --name init" in r.stdout
    assert not (tmp_path / "prisma" / "migrations").exists()  # the first `migrate new` makes it
    config = tomllib.loads((tmp_path / "workbench.toml").read_text())
    assert config["schema"] == "prisma/schema.prisma" and config["database"] == "env(DATABASE_URL)"
    assert f'provider = "{provider}"' in (tmp_path / "prisma" / "schema.prisma").read_text()
    for command in (["check"], ["lint"], ["format", "--check"]):
        r = workbench(*command, cwd=tmp_path, env=CLEAN)
        assert r.returncode == 0, (command, r.stdout, r.stderr)
    assert workbench("lint", cwd=tmp_path, env=CLEAN).stdout.strip() == "lint: no findings"


def test_appends_to_an_existing_pyproject_without_disturbing_it(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    r = workbench("init", cwd=tmp_path, env=CLEAN)
    assert r.returncode == 0, r.stderr
    text = (tmp_path / "pyproject.toml").read_text()
    assert text.startswith(PYPROJECT + "\n[tool.workbench]\n")
    data = tomllib.loads(text)
    assert data["tool"]["ruff"] == {"line-length": 100}
    assert data["tool"]["workbench"]["export"]["pydantic"] == "generated/models"
    assert not (tmp_path / "workbench.toml").exists()
    # the table exists now: refused, nothing changed
    r = workbench("init", cwd=tmp_path, env=CLEAN)
    assert r.returncode == 1
    assert (
        r.stderr
        == "error: pyproject.toml already has [tool.workbench]; nothing was written (use --force to replace it)\n"
    )
    assert (tmp_path / "pyproject.toml").read_text() == text
    # --force replaces only the workbench tables (once, not twice)
    r = workbench("init", "--force", "--provider", "sqlite", cwd=tmp_path, env=CLEAN)
    assert r.returncode == 0, r.stderr
    forced = (tmp_path / "pyproject.toml").read_text()
    assert forced.startswith(PYPROJECT) and forced.count("[tool.workbench]") == 1
    assert tomllib.loads(forced)["tool"]["workbench"]["export"]["sql"]["dialect"] == "sqlite"


def test_never_overwrites_a_schema(tmp_path: Path) -> None:
    schema = tmp_path / "prisma" / "schema.prisma"
    schema.parent.mkdir()
    schema.write_text("// mine\n")
    r = workbench("init", "--force", cwd=tmp_path, env=CLEAN)
    assert r.returncode == 0, r.stderr
    assert "kept prisma/schema.prisma (an existing schema is never overwritten)" in r.stdout
    assert schema.read_text() == "// mine\n"


def test_into_a_new_folder_and_refusals(tmp_path: Path) -> None:
    r = workbench("init", "app", cwd=tmp_path, env=CLEAN)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "app" / "workbench.toml").is_file() and "  cd app" in r.stdout
    r = workbench("init", "app", cwd=tmp_path, env=CLEAN)
    assert (r.returncode, r.stderr) == (
        1,
        "error: app/workbench.toml exists; nothing was written (use --force to replace it)\n",
    )
    (tmp_path / "file").write_text("")
    r = workbench("init", "file", cwd=tmp_path, env=CLEAN)
    assert r.returncode == 2 and r.stderr.startswith("error: file is a file; give the project folder")


def test_ci_writes_the_workflow_of_the_pipeline(tmp_path: Path) -> None:
    r = workbench("init", "--ci", cwd=tmp_path, env=CLEAN)
    assert r.returncode == 0, r.stderr
    workflow = (tmp_path / ".github" / "workflows" / "schema.yml").read_text()
    steps = [
        line.strip().removeprefix("run: ")
        for line in workflow.splitlines()
        if line.strip().startswith("run: workbench")
    ]
    assert steps == [
        "workbench check",
        "workbench lint",
        "workbench format --check",
        "workbench export --check",
        "workbench migrate diff prisma/migrations prisma/schema.prisma --exit-code",
        "workbench migrate apply",
        "workbench migrate status",
    ]
    assert "image: postgres:16" in workflow and "DATABASE_URL: postgresql://" in workflow
    r = workbench("init", "--ci", "--force", cwd=tmp_path, env=CLEAN)
    assert r.returncode == 0
    (tmp_path / "workbench.toml").unlink()
    r = workbench("init", "--ci", cwd=tmp_path, env=CLEAN)
    assert r.returncode == 1 and ".github/workflows/schema.yml exists" in r.stderr
    assert not (tmp_path / "workbench.toml").exists()  # refused before anything was written


def _step(workflow: str, name_starts: str) -> list[str]:
    """The arguments of the workflow step whose name starts with ``name_starts`` (its ``run:`` line)."""
    lines = workflow.splitlines()
    (at,) = [i for i, line in enumerate(lines) if line.strip().startswith(f"- name: {name_starts}")]
    run = lines[at + 1].strip()
    assert run.startswith("run: workbench "), run
    return shlex.split(run.removeprefix("run: workbench "))


@pytest.mark.parametrize("provider", ["postgresql", "sqlite"])
def test_the_migrations_step_fails_on_a_schema_edited_without_migrate_new(tmp_path: Path, provider: str) -> None:
    """The design document's sync-schema step, run as the workflow writes it: green once `migrate
    new` wrote the folder, red (exit 2, the missing change named) after a schema edit alone, green
    again after the next `migrate new`."""
    assert workbench("init", "--ci", "--provider", provider, cwd=tmp_path, env=CLEAN).returncode == 0
    step = _step((tmp_path / ".github" / "workflows" / "schema.yml").read_text(), "The migrations match the schema")
    r = workbench("migrate", "new", "--name", "init", cwd=tmp_path, env=CLEAN)
    assert r.returncode == 0, r.stderr
    r = workbench(*step, cwd=tmp_path, env=CLEAN)
    assert (r.returncode, r.stdout) == (0, ""), r.stderr
    assert r.stderr.startswith("No changes")
    schema = tmp_path / "prisma" / "schema.prisma"
    schema.write_text(schema.read_text().replace("  name      String?\n", "  name      String?\n  bio       String?\n"))
    r = workbench(*step, cwd=tmp_path, env=CLEAN)
    assert r.returncode == 2, r.stderr
    assert "add column users.bio" in r.stderr and "bio" in r.stdout  # the change, and the SQL it needs
    assert workbench("migrate", "new", "--name", "add_bio", cwd=tmp_path, env=CLEAN).returncode == 0
    r = workbench(*step, cwd=tmp_path, env=CLEAN)
    assert r.returncode == 0, r.stderr + r.stdout
