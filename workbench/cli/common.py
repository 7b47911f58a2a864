"""What every subcommand shares: the engine choices, the schema argument, reading the input, writing output.

The engine names the command line offers live here and nowhere else in :mod:`workbench.cli`, so
pointing them at the engine registry is a change of two lines.

An omitted SCHEMA, ``--db`` or ``--dir`` comes from the project (:mod:`workbench.project`): the
environment, then ``[tool.workbench]`` in pyproject.toml (or workbench.toml), then, for the
database, the schema datasource's ``url = env("...")``, then the defaults.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from workbench import project
from workbench.cli.paths import (
    STDOUT,
    UsageError,
    database_url,
    describe_os_error,
    nonempty,
    remember_secret,
    require_input,
)
from workbench.diagnostics import Diagnostic, SourceFile, UserError, render_text
from workbench.dialects import registry
from workbench.fsio import write_atomic

if TYPE_CHECKING:  # imported lazily at run time: start-up time
    from workbench.api.schema import LoadedSchema

    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]

# the engines a schema is generated, linted or drawn for; SQL DDL is also read as MySQL
# From the engine registry: what a schema can be built on, and what SQL DDL can be read as.
ENGINES = registry.names(lowers=True)
SQL_DIALECTS = registry.names(reads_sql=True)

SCHEMA_HELP = (
    "a .prisma file or a folder of them, SQL DDL (.sql, migrations folder), "
    "or a database (URL, or a .duckdb/.db/.sqlite file)"
)


DB_HELP = "the database (default: $DATABASE_URL, the project's, or the schema datasource's url)"
DIR_HELP = "the migrations folder (default: the project's, else prisma/migrations if it exists, else migrations)"
NO_SCHEMA = (
    "no schema: give SCHEMA, set schema in [tool.workbench] (pyproject.toml) or workbench.toml, "
    "or create prisma/schema.prisma (`workbench init` writes one)"
)


def schema_argument(p: argparse.ArgumentParser, help: str = SCHEMA_HELP) -> None:
    """The optional SCHEMA positional: when omitted, the project's (see :func:`schema_path`)."""
    p.add_argument(
        "schema", nargs="?", type=nonempty, help=f"{help} (default: the project's schema, see `workbench init`)"
    )


def project_config() -> project.ProjectConfig:
    """The configuration file of the current folder's project (read on each use: it is small, and
    a command run in-process from another folder must not see a stale one)."""
    return project.find()


def schema_path(given: str | None) -> str:
    """SCHEMA as given, else ``$WORKBENCH_SCHEMA``, ``schema =`` in the config file, or Prisma's default places."""
    found = project.resolve_schema(given, project_config())
    if found is None:
        raise UsageError(NO_SCHEMA)
    return found.value


def migrations_dir(given: str | None) -> str:
    """--dir as given, else ``$WORKBENCH_MIGRATIONS``, ``migrations =``, then ``prisma/migrations``
    when it exists, else ``migrations``."""
    return project.resolve_migrations(given, project_config()).value


def database(given: str | None, schema: str | None = None, *, required: bool = True) -> str | None:
    """--db as given, else ``$DATABASE_URL``, ``database =`` in the config file (its ``env(NAME)``
    read now), else the datasource ``url`` of the schema (``schema``, or the project's).

    The URL's password is remembered so that every error line of the command masks it, wherever
    the URL came from. ``required``: no database is a usage error naming every way to give one.
    """
    from workbench.api.project import datasource_url

    config = project_config()

    def from_datasource() -> project.DatasourceURL | None:
        path = schema or (found.value if (found := project.resolve_schema(None, config)) else None)
        return datasource_url(path) if path is not None else None

    resolved = project.resolve_database(given, config, from_datasource)
    if resolved is None:
        if required:
            raise UsageError(project.NO_DATABASE)
        return None
    remember_secret(resolved.value)
    return resolved.value


def exit_codes(one: str) -> str:
    """The epilog's exit-code line, saying what exit 1 means for this command."""
    return f"exit codes:\n  0  ok\n  1  {one}\n  2  usage errors (a bad option or combination)"


def add_command(sub: Subparsers, name: str, purpose: str, description: str, epilog: str) -> argparse.ArgumentParser:
    """The parser of ``workbench NAME``: ``purpose`` in the command list, ``description`` (its first
    line is the purpose, as a sentence) atop ``--help``, ``epilog`` (examples, exit codes) below it,
    both laid out as written."""
    return sub.add_parser(
        name,
        help=purpose,
        description=description,
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def from_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--from",
        dest="sql_dialect",
        choices=SQL_DIALECTS,
        help="read the input as SQL DDL of this dialect (default for .sql inputs: postgres)",
    )


def load_input(path: str, sql_dialect: str | None = None) -> LoadedSchema:
    """A schema from a schema source or a database (URL, or a bare DuckDB/SQLite file)."""
    from workbench import introspect, load

    url = database_url(path, as_sql=sql_dialect is not None)
    if url is not None:
        return introspect(url)
    require_input(path)
    return load(path, dialect=sql_dialect)


def print_diagnostics(diagnostics: Sequence[Diagnostic], sources: Mapping[str, SourceFile]) -> None:
    if diagnostics:
        print(render_text(diagnostics, sources), file=sys.stderr)


def count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def write_output(output: str | None, data: str | bytes) -> None:
    """``data`` to stdout (None or ``-``) or atomically to the file ``output``, saying where it went."""
    if output is None or output == STDOUT:
        if isinstance(data, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(data)  # a picture asked for with `-o -`
            sys.stdout.buffer.flush()
            return
        sys.stdout.write(data if data.endswith("\n") else data + "\n")
        return
    write_file(output, data)
    print(f"wrote {output}", file=sys.stderr)


def write_file(path: str, data: str | bytes) -> None:
    try:
        write_atomic(path, data)
    except OSError as exc:
        exc.filename = None  # name the output the user gave, not a temp file beside it
        raise UserError(f"cannot write {path}: {describe_os_error(exc)}; nothing was written") from None
