"""What the command line's path arguments mean, checked before any work is done.

An input path is a schema (``.prisma`` file or folder, SQL DDL) or a database: a URL, or a bare
DuckDB/SQLite file the way ``seed --db`` and ``profile --db`` take it. A bare file is recognised by
its header first (``SQLite format 3\\0``; DuckDB's ``DUCK`` magic at byte 8), because suffixes
lie (``.db`` is used by both engines) and a database must never be read as SQL text; the suffix
(``.duckdb``, ``.db``, ``.sqlite``, ``.sqlite3``) decides only for a file with no header yet.

Output paths are checked for their kind (one file, or a folder of files) so that a mistake is a
one-line usage error before anything is computed, and an :class:`OSError` from writing becomes
one line that names the path and the reason.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from workbench.diagnostics import UserError
from workbench.dialects import registry
from workbench.fsio import os_reason

STDOUT = "-"  # `-o -`: standard output, as in most Unix tools
# database URLs the command resolved from the environment or a config file: their passwords are
# masked in every error line, as those of URLs given on the command line are (cli/guard.py)
SECRETS: list[str] = []


class UsageError(UserError):
    """A wrong combination of arguments: exit code 2, like argparse's own usage errors."""


def remember_secret(url: str) -> None:
    """Mask ``url``'s password in whatever the command prints on failure."""
    if url not in SECRETS:
        SECRETS.append(url)


def nonempty(text: str) -> str:
    """argparse ``type=`` for paths: an empty string would silently mean the current folder."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty path; give a file or folder (`.` for the current folder)")
    return text


def whole_number(minimum: int, what: str = "") -> Callable[[str], int]:
    """argparse ``type=`` for a count of at least ``minimum`` (``1_000`` is accepted, as Python
    reads it); ``what`` names it in the message (``--depth: expected 0 or more relation hops``)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number{what and ' of ' + what}, got `{text}`") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"expected {minimum} or more{what and ' ' + what}, got {value}")
        return value

    return parse


def database_url(path: str, *, as_sql: bool = False) -> str | None:
    """The database URL ``path`` names (a URL, or a DuckDB/SQLite file), or None for a schema source.

    ``as_sql``: the user said ``--from DIALECT``, so a file is SQL text whatever its suffix.
    """
    if "://" in path:
        return path
    if as_sql:
        return None
    p = Path(path)
    engine = sniff(p)
    by_suffix = registry.from_path(p.name)
    suffix_engine = by_suffix.name if by_suffix is not None else None
    if engine is None and suffix_engine is not None:
        if not p.exists():
            raise UserError(f"{path}: no such database file (a {suffix_engine} file must exist to be read)")
        if p.is_file() and p.stat().st_size > 0:
            raise UserError(
                f"{path}: not a DuckDB or SQLite database (its header is neither); "
                "if it holds SQL DDL, pass --from DIALECT or name it .sql"
            )
        engine = suffix_engine if p.is_file() else None
    if engine is None:
        return None
    return f"{engine}:///{quote(path)}"  # relative stays relative; `%`, `?` and `#` survive the URL parser


def sniff(path: Path) -> str | None:
    """The engine whose database files start like ``path`` (``duckdb``, ``sqlite``), when it is a regular file."""
    try:
        if not path.is_file():  # a FIFO or device would block or never end
            return None
        with open(path, "rb") as f:
            head = f.read(16)
    except OSError:
        return None
    engine = registry.from_file_header(head)
    return engine.name if engine is not None else None


def require_input(path: str) -> None:
    if not os.path.lexists(path):
        from workbench.db.secrets import redact_url

        # `pull user:pw@host/db` (the scheme forgotten) must not echo the password
        raise UserError(f"{redact_url(path)}: no such file or folder")


def output_file(path: str | None, what: str) -> None:
    """``-o`` must name a file for ``what`` (e.g. ``--to sql``): refuse a folder up front."""
    if path not in (None, STDOUT) and Path(path).is_dir():
        raise UsageError(
            f"-o {path} is a folder, but {what} writes one file; give a file name, e.g. -o {Path(path) / 'schema.sql'}"
            if what == "--to sql"
            else f"-o {path} is a folder, but {what} writes one file; give a file name"
        )


def output_folder(path: str | None, what: str) -> None:
    """``-o`` must name a folder for ``what`` (a code target): refuse an existing file up front."""
    if path not in (None, STDOUT) and os.path.lexists(path) and not Path(path).is_dir():
        raise UsageError(f"-o {path} is a file, but {what} writes a folder of files; give a folder")


def describe_os_error(exc: OSError, action: str = "") -> str:
    """One line for an ``OSError``: the path and what went wrong in plain words."""
    where = exc.filename if exc.filename is not None else ""
    head = f"{action} {where}".strip()
    return f"{head}: {os_reason(exc)}" if head else os_reason(exc)
