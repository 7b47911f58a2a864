"""The command line is one argparse tree that documents itself, and nothing below it imports it.

Walks the real parser: every subcommand says what it is for, documents every argument and shows
an example; ``--version`` and the exit codes hold; no module outside ``workbench/cli/`` imports
the CLI (the layering rule: the CLI is the top floor).
"""

from __future__ import annotations

import argparse
import ast
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest

import workbench
from tests.cli_run import workbench as run
from workbench.cli.main import COMMANDS, build_parser

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "workbench"
BLOG = str(ROOT / "sample_schemas" / "blog.prisma")


def _parsers() -> dict[str, argparse.ArgumentParser]:
    """Every parser of the tree by its prog, nested commands (``workbench migrate diff``) included."""
    parser, _ = build_parser()
    found: dict[str, argparse.ArgumentParser] = {}
    todo = [parser]
    while todo:
        p = todo.pop()
        found[p.prog] = p
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction):
                todo.extend(action.choices.values())
    return found


NESTED = sorted(name for name in _parsers() if name.count(" ") > 1)  # e.g. workbench migrate diff


def test_the_tree_has_every_command_and_no_hand_offs() -> None:
    _, subparsers = build_parser()
    assert tuple(subparsers) == COMMANDS
    for name, p in _parsers().items():
        for action in p._actions:
            assert action.nargs != argparse.REMAINDER, f"{name} hands {action.dest} to another parser"


@pytest.mark.parametrize("name", ["workbench", *(f"workbench {c}" for c in COMMANDS), *NESTED])
def test_every_command_has_a_purpose_documented_arguments_and_an_example(name: str) -> None:
    p = _parsers()[name]
    assert p.prog == name
    assert p.description and p.description.strip(), f"{name}: no description"
    purpose = p.description.strip().splitlines()[0]
    assert purpose.endswith("."), f"{name}: the purpose is one sentence on the first line: {purpose!r}"
    for action in p._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                assert choice.help, f"{name}: command {choice.dest} has no help in the command list"
            continue
        assert action.help and action.help.strip(), f"{name}: {action.option_strings or action.dest} has no help"
    examples = [line.strip() for line in (p.epilog or "").splitlines() if line.strip().startswith("workbench ")]
    assert examples, f"{name}: the epilog has no example line starting with `workbench `"
    assert "exit codes:" in (p.epilog or ""), f"{name}: the epilog does not say what the exit codes mean"


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_the_example_as_written(command: str) -> None:
    r = run(command, "--help")
    assert r.returncode == 0, r.stderr
    assert f"\n  workbench {command} " in r.stdout  # RawDescriptionHelpFormatter keeps the layout
    # 0 and 1 always; `migrate diff` says "no changes" for 0, as prisma migrate diff --exit-code does
    assert "exit codes:\n  0  ok\n  1  " in r.stdout or "exit codes:\n  0  no changes\n  1  " in r.stdout


def test_version_prints_the_installed_version() -> None:
    r = run("--version")
    assert r.returncode == 0 and r.stderr == ""
    assert r.stdout == f"workbench {version('workbench')}\n"
    assert version("workbench") == workbench.__version__  # the fallback of an uninstalled checkout agrees


def test_the_console_script_points_at_main() -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    module, _, func = scripts["workbench"].partition(":")
    assert (module, func) == ("workbench.cli.main", "main")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("check",), "no schema: give SCHEMA, set schema in [tool.workbench]"),  # none configured at the root
        (("export", BLOG), "--to is required (or list targets in [tool.workbench.export]"),
        (("lint", BLOG, "--bogus"), "unrecognized arguments: --bogus (see `workbench lint --help`)"),
        (("seed", BLOG, "--rows", "many"), "(see `workbench seed --help`)"),
        (("profile", "--db", "duckdb:///x.duckdb"), "required: --query (see `workbench profile --help`)"),
        (("diagram", BLOG, "--depth", "-1"), "(see `workbench diagram --help`)"),
        (("--bogus",), "unknown option `--bogus`"),
    ],
)
def test_a_usage_error_exits_2_with_one_line(args: tuple[str, ...], says: str) -> None:
    r = run(*args)
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and says in lines[0], r.stderr
    assert "Traceback" not in r.stderr


def _imports_of(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
            names += [f"{node.module}.{alias.name}" for alias in node.names]
    return names


def test_nothing_outside_the_cli_package_imports_it() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if (PACKAGE / "cli") in path.parents or path == PACKAGE / "__main__.py":
            continue  # the package itself, and `python -m workbench` which starts it
        for name in _imports_of(path):
            if name == "workbench.cli" or name.startswith("workbench.cli."):
                offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == []


def test_the_import_walk_sees_a_cli_import(tmp_path: Path) -> None:
    """The check above would pass vacuously if the walk missed an import form: it must see all three."""
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import workbench.cli.main\n"
        "from workbench import cli\n"
        "def f() -> None:\n    from workbench.cli.guard import guarded\n"
    )
    seen = {n for n in _imports_of(probe) if n == "workbench.cli" or n.startswith("workbench.cli.")}
    assert seen == {"workbench.cli.main", "workbench.cli", "workbench.cli.guard", "workbench.cli.guard.guarded"}


def test_the_collector_threshold_is_raised_for_a_command_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """A command raises the cyclic collector's threshold (its loaded schema is one big live graph)
    and gives the caller's back: ``main()`` runs in-process in tests and notebooks too."""
    import gc

    import workbench.cli.check as check
    from workbench.cli.main import main

    seen: list[tuple[int, int, int]] = []

    def spy(args: argparse.Namespace) -> int:
        seen.append(gc.get_threshold())
        return 0

    monkeypatch.setattr(check, "run", spy)
    before = gc.get_threshold()
    assert main(["check", str(ROOT / "sample_schemas" / "blog.prisma")]) == 0
    assert seen and seen[0][0] >= 50_000 and gc.get_threshold() == before
