"""``workbench config``: the project's settings as the other commands resolve them, and where each came from.

For the question "why did this command use that database?": each setting with its source (a
command-line flag is not part of it: the settings a command uses when its arguments are omitted).
The database is shown as its reference (``env(DATABASE_URL)``), never as the URL.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from workbench.cli.common import add_command, exit_codes

if TYPE_CHECKING:
    from workbench.cli.common import Subparsers

PURPOSE = "show the project's settings ([tool.workbench]) and where each came from"
EPILOG = f"""\
examples:
  workbench config
  workbench config --json

{exit_codes("the configuration file has a mistake (located)")}
"""


def register(sub: Subparsers) -> argparse.ArgumentParser:
    p = add_command(sub, "config", PURPOSE, "Show the project's settings and where each came from.", EPILOG)
    p.add_argument("--json", action="store_true", help="print the settings as JSON")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    from workbench.api.project import project_settings

    settings = project_settings()
    if args.json:
        rows = [{"setting": k, "value": v, "source": w} for k, v, w in settings.rows()]
        print(json.dumps(rows, indent=2))
    else:
        print(repr(settings))
    return 0
