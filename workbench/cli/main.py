"""The ``workbench`` command: one argparse tree, one module per subcommand, a thin shell over the facade.

Every subcommand module has the same shape (after alembic's ``command.py``): ``register(subparsers)``
declares its parser, every argument with its help and an example in the epilog, and ``run(args) -> int``
does the work. This module builds the tree, dispatches, and is the only entry point
(``python -m workbench`` and the ``workbench`` console script).

Exit codes: 0 success, 1 the input has errors (all diagnostics printed, located), a check found
something, or a file could not be written, 2 usage errors. Whatever fails, stderr gets one
``error: ...`` line (or the located diagnostics), never a traceback: :mod:`workbench.cli.guard`
holds that promise for every command. Files are written atomically (a temp file renamed into
place; a folder of generated code as a whole), so a failed run never leaves a half-written or
truncated output behind.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from workbench.cli.common import exit_codes
from workbench.cli.guard import EXIT_USAGE, OneLineParser, guarded

# Each command's module (workbench.cli.NAME), in the order `workbench --help` lists them. A run
# imports only its own command's module: the others (diagrams, migrations, databases...) would
# cost `workbench check` more start-up time than checking a small schema does.
SUBCOMMANDS: dict[str, str] = {
    "check": "check",
    "export": "export",
    "format": "format",
    "diagram": "diagram",
    "lint": "lint",
    "seed": "seed",
    "profile": "profile",
    "pull": "pull",
    "migrate": "migrate",
    "backup": "backup",
    "restore": "restore",
    "monitor": "monitor",
    "maintain": "maintain",
    "init": "init",
    "config": "config",
}
COMMANDS = tuple(SUBCOMMANDS)
# Commands that build one big graph (the loaded schema), print, and are done: from the command
# line the process ends as soon as the output is flushed, without tearing the graph down object by
# object (mypy ends the same way). Only commands that register nothing to run at exit, start no
# thread and leave no file open belong here (export's writer threads are joined before it returns).
QUICK_EXIT = frozenset({"check", "export", "format", "lint"})
EPILOG = f"""\
examples:
  workbench init                     # [tool.workbench] and a starter schema
  workbench check sample_schemas/blog.prisma
  workbench export sample_schemas/blog.prisma --to sql --dialect sqlite -o schema.sql
  workbench COMMAND --help

{exit_codes("errors in the input, or findings (see each command's --help)")}
"""


def version() -> str:
    """The installed distribution's version; the package's own when it is not installed (a checkout)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("workbench")
    except PackageNotFoundError:
        from workbench import __version__

        return __version__


class _VersionAction(argparse._VersionAction):
    """argparse's ``--version``, the version looked up only when asked for: ``importlib.metadata``
    takes longer to import than a small schema takes to check."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        self.version = f"workbench {version()}"
        super().__call__(parser, namespace, values, option_string)


def build_parser(
    only: str | None = None,
) -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The whole argparse tree, and each subcommand's parser by name; with ``only``, the tree with
    that one command (what running it needs: its module alone is imported)."""
    parser = OneLineParser(
        prog="workbench",
        description="Design database schemas from the command line.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_VersionAction, help="print the version")
    sub = parser.add_subparsers(dest="command", required=True, title="commands", metavar="COMMAND")
    names = COMMANDS if only is None else (only,)
    return parser, {name: _command_module(name).register(sub) for name in names}


def _command_module(name: str) -> Any:
    return importlib.import_module(f"workbench.cli.{SUBCOMMANDS[name]}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``workbench ARGV...`` and return its exit code (``argv`` defaults to ``sys.argv[1:]``)."""
    from_command_line = argv is None
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:
        return _usage(f"missing command; choose one of {', '.join(COMMANDS)} (see `workbench --help`)")
    command = argv[0]
    if command.startswith("-") and command not in ("-h", "--help", "--version"):
        return _usage(f"unknown option `{command}`; a command comes first (see `workbench --help`)")
    if not command.startswith("-") and command not in COMMANDS:
        import difflib

        near = difflib.get_close_matches(command, COMMANDS, n=1)
        hint = f"; did you mean `{near[0]}`?" if near else f"; choose one of {', '.join(COMMANDS)}"
        return _usage(f"unknown command `{command}`{hint} (see `workbench --help`)")

    def run() -> int:
        parser, subparsers = build_parser(None if command.startswith("-") else command)
        args, extra = parser.parse_known_args(argv)
        if extra:  # said to `workbench COMMAND`, so its --help is the one to point at
            subparsers[args.command].error(f"unrecognized arguments: {' '.join(extra)}")
        return int(args.func(args))

    # A command builds one big, long-lived object graph (the loaded schema) and exits: with the default
    # threshold (700) the cyclic collector walks that graph again and again while it grows (a
    # quarter of `migrate diff`'s time on 2,000 models, for no garbage found). Raised for the command
    # only, as mypy does for its run; memory stays the same (cycles are rare here).
    previous = gc.get_threshold()
    gc.set_threshold(50_000, 20, 20)
    try:
        code = guarded(command, argv, run)
        if from_command_line and command in QUICK_EXIT:
            _exit_now(code)
        return code
    finally:
        gc.set_threshold(*previous)


def _exit_now(code: int) -> None:
    """End the process with ``code`` once stdout and stderr are flushed, skipping the interpreter's
    teardown (a full collection and freeing every object one by one: a tenth of `check`'s time on
    5,000 models). Returns instead when something still wants the normal exit: a function
    registered to run at exit, another thread, or output that cannot be flushed (a closed pipe)."""
    import atexit

    if atexit._ncallbacks() or ("threading" in sys.modules and sys.modules["threading"].active_count() > 1):
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return  # the normal exit reports it the usual way
    os._exit(code)


def _usage(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return EXIT_USAGE


def command_main(name: str) -> Callable[[Sequence[str] | None], int]:
    """``workbench NAME ARGV...`` as a function of ARGV, for callers that hold one command's arguments."""

    def run(argv: Sequence[str] | None = None) -> int:
        return main([name, *(sys.argv[1:] if argv is None else argv)])

    run.__name__ = run.__qualname__ = f"main_{name}"
    return run


main_lint = command_main("lint")
main_seed = command_main("seed")
main_profile = command_main("profile")


if __name__ == "__main__":
    raise SystemExit(main())
