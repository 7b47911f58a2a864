"""``workbench restore PATH --db URL`` (its parser and run live in :mod:`workbench.cli.backup`)."""

from workbench.cli.backup import register_restore as register
from workbench.cli.backup import run_restore as run

__all__ = ["register", "run"]
