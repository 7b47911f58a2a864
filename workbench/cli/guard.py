"""The command line's promise: every failure is one line on stderr and a non-zero exit, never a traceback.

- a mistake in the input (:class:`UserError`): ``error: ...`` and exit 1, the message already says
  what is wrong and how to fix it (for a schema: the located diagnostics);
- a wrong combination of arguments (:class:`~workbench.cli.paths.UsageError`, or argparse's own
  checks through :class:`OneLineParser`): ``error: ... (see `workbench X --help`)`` and exit 2;
- a file system refusal (:class:`OSError`: permission denied, is a folder, no space): the path
  and the reason in plain words, exit 1;
- anything else is a bug in workbench: one line naming the exception and the command, and how
  to see the traceback (``WORKBENCH_DEBUG=1``), exit 1. With that variable set, every exception
  propagates with its traceback.

Every line is scrubbed of the passwords of URLs given on the command line, whatever the message.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from workbench.cli.paths import SECRETS, UsageError, describe_os_error
from workbench.diagnostics import UserError

DEBUG_ENV = "WORKBENCH_DEBUG"
EXIT_INPUT, EXIT_USAGE, EXIT_INTERRUPTED = 1, 2, 130


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line that points at ``--help`` (exit 2 as before)."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"error: {message} (see `{self.prog} --help`)\n")


def guarded(command: str, argv: Sequence[str], run: Callable[[], int]) -> int:
    """Run ``workbench COMMAND`` and turn whatever it raises into an exit code and one line."""
    debug = os.environ.get(DEBUG_ENV, "").strip() not in ("", "0")
    try:
        return int(run())
    except UsageError as exc:
        _say(f"{exc} (see `workbench {command} --help`)", argv)
        return EXIT_USAGE
    except UserError as exc:
        _say(str(exc), argv)
        return EXIT_INPUT
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `workbench export ... | head`: the reader left, which is not an error to report
        _silence_stdout()
        return EXIT_INPUT
    except OSError as exc:
        if debug:
            raise
        _say(describe_os_error(exc), argv)
        return EXIT_INPUT
    except Exception as exc:
        if debug:
            raise
        _say(_internal(command, exc), argv)
        return EXIT_INPUT


def _internal(command: str, exc: Exception) -> str:
    detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
    what = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    if isinstance(exc, RecursionError):
        what += " (the input is nested too deeply for the reader)"
    return (
        f"internal error in `workbench {command}`: {what}. This is a bug in workbench: "
        f"rerun with {DEBUG_ENV}=1 to see the traceback, and please report it"
    )


def _say(message: str, argv: Sequence[str]) -> None:
    print(f"error: {_scrub(message, argv)}", file=sys.stderr)


def _scrub(text: str, argv: Sequence[str]) -> str:
    from workbench.db.secrets import scrub

    for arg in (*argv, *SECRETS):  # SECRETS: URLs read from the environment or a config file
        url = arg.split("=", 1)[1] if arg.startswith("--") and "=" in arg else arg
        if "://" in url or "password=" in url:
            text = scrub(text, url)
    return text


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not raise again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
