"""``workbench check`` starts light and ends quickly, without changing what it prints or returns.

- a run imports its own command's module only (not the diagrams, migrations, databases... of the
  others), and ``check`` does not build the IR;
- from the command line, ``check`` ends the process once its output is flushed (no interpreter
  teardown), unless something registered to run at exit, which then runs as before;
- called in-process (tests, notebooks), ``main`` returns and gives the collector back.
"""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

from tests.cli_run import workbench as run
from workbench.cli.main import COMMANDS, build_parser, main

ROOT = Path(__file__).resolve().parent.parent
BLOG = str(ROOT / "sample_schemas" / "blog.prisma")
HEADLINE = "(postgresql): 5 models, 1 enum, 6 relations; 0 errors, 0 warnings"


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )


def test_a_run_builds_its_own_command_only() -> None:
    _, one = build_parser("check")
    _, every = build_parser()
    assert tuple(one) == ("check",) and tuple(every) == COMMANDS
    assert one["check"].format_help() == every["check"].format_help()


def test_check_imports_neither_the_other_commands_nor_the_ir_builder() -> None:
    r = _python(
        "import sys\n"
        "from workbench.cli.main import main\n"
        f"code = main(['check', {BLOG!r}])\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('workbench'))))\n"
    )
    assert r.returncode == 0, r.stderr
    loaded = set(r.stdout.split())
    assert "workbench.loaders.prisma.loader" in loaded  # the probe sees what check imports
    for heavy in ("workbench.cli.export", "workbench.cli.diagram", "workbench.migrate.ops", "workbench.render"):
        assert heavy not in loaded, heavy
    assert "workbench.api.database" not in loaded and "workbench.api.diffing" not in loaded


def test_check_from_the_command_line_prints_and_exits_as_before() -> None:
    r = run("check", BLOG)
    assert r.returncode == 0 and r.stdout.strip().endswith(HEADLINE), r
    bad = run("check", str(ROOT / "tests" / "data" / "invalid" / "datasource_twice.prisma"))
    assert bad.returncode == 1 and "error[E0104]" in bad.stderr and bad.stderr.rstrip().endswith("3 errors")


def test_the_process_ends_with_the_command_when_nothing_waits_for_exit() -> None:
    r = _python(
        f"import sys\nsys.argv = ['workbench', 'check', {BLOG!r}]\n"
        "from workbench.cli.main import main\nmain()\nprint('after main')\n"
    )
    assert r.returncode == 0 and HEADLINE in r.stdout and "after main" not in r.stdout, r


def test_functions_registered_to_run_at_exit_still_run() -> None:
    r = _python(
        "import atexit, sys\natexit.register(lambda: print('at exit'))\n"
        f"sys.argv = ['workbench', 'check', {BLOG!r}]\n"
        "from workbench.cli.main import main\nsys.exit(main())\n"
    )
    assert r.returncode == 0 and HEADLINE in r.stdout and r.stdout.rstrip().endswith("at exit"), r


def test_in_process_main_returns_and_gives_the_collector_back() -> None:
    assert gc.isenabled()
    assert main(["check", BLOG]) == 0
    assert gc.isenabled()
    assert main(["check", str(ROOT / "tests" / "data" / "invalid" / "datasource_twice.prisma")]) == 1
    assert gc.isenabled()


def _quick(argv: list[str]) -> subprocess.CompletedProcess[str]:
    return _python(
        f"import sys\nsys.argv = {['workbench', *argv]!r}\n"
        "from workbench.cli.main import main\nmain()\nprint('after main')\n"
    )


def test_format_write_and_lint_fix_leave_their_files_whole_after_the_quick_exit(tmp_path: Path) -> None:
    """``format`` and ``lint`` end the same way; what they write is on disk before the process ends:
    the same bytes as the same command run in-process (which returns normally)."""
    messy = (ROOT / "sample_schemas" / "blog.prisma").read_text(encoding="utf-8").replace("  ", "   ")
    for argv in (["format", "--write"], ["lint", "--fix", "--unsafe-fixes"]):
        quick, slow = tmp_path / argv[0] / "quick", tmp_path / argv[0] / "slow"
        for folder in (quick, slow):
            folder.mkdir(parents=True)
            (folder / "blog.prisma").write_text(messy, encoding="utf-8")
        r = _quick([*argv, str(quick / "blog.prisma")])
        assert "after main" not in r.stdout, r  # the process ended with the command
        assert main([*argv, str(slow / "blog.prisma")]) == r.returncode
        written = (quick / "blog.prisma").read_text(encoding="utf-8")
        assert written != messy and written == (slow / "blog.prisma").read_text(encoding="utf-8")
        assert [p.name for p in quick.iterdir()] == ["blog.prisma"]  # no temp file left behind
