"""``--progress/--no-progress``: the one flag of every command whose work can take more than a few seconds.

Default (neither flag): a bar on stderr only when stderr is a terminal and the work has lasted
2 s, so piped output and CI logs are byte-identical with or without it; ``--progress`` draws it
from the start even when stderr is not a terminal, ``--no-progress`` never. See :mod:`workbench.progress`.
"""

from __future__ import annotations

import argparse

HELP = "show a progress bar on stderr (default: on a terminal, once the work has lasted 2 s)"


def add_progress_flag(p: argparse.ArgumentParser) -> None:
    """``--progress`` / ``--no-progress`` into ``args.progress`` (True / False; None when neither is given)."""
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None, help=HELP)
