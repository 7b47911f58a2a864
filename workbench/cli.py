"""The ``workbench`` command: a thin shell over the facade.

Exit codes: 0 success, 1 the input has errors (all diagnostics printed, located) or a file could
not be written, 2 usage errors. Whatever fails, stderr gets one ``error: ...`` line (or the located
diagnostics), never a traceback: :mod:`workbench.cli_guard` holds that promise for every command,
the delegated ``seed``, ``profile`` and ``lint`` included. Files are written atomically (a temp file
renamed into place; a folder of generated code as a whole), so a failed run never leaves a
half-written or truncated output behind.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.cli_guard import OneLineParser, guarded
from workbench.cli_paths import (
    STDOUT,
    UsageError,
    database_url,
    describe_os_error,
    nonempty,
    output_file,
    output_folder,
    require_input,
)
from workbench.diagnostics import Diagnostic, SourceFile, UserError, render_text
from workbench.fsio import write_atomic

if TYPE_CHECKING:  # imported lazily at run time: start-up time
    from workbench.api.schema import LoadedSchema

DIALECTS = ("postgres", "duckdb", "sqlite")
SQL_DIALECTS = ("postgres", "duckdb", "sqlite", "mysql")
COMMANDS = ("check", "export", "format", "diagram", "lint", "seed", "profile", "pull")
SCHEMA_HELP = (
    "a .prisma file or a folder of them, SQL DDL (.sql, migrations folder), "
    "or a database (URL, or a .duckdb/.db/.sqlite file)"
)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    delegated = {"seed": _seed, "profile": _profile, "lint": _lint}
    if not argv:
        print(f"error: missing command; choose one of {', '.join(COMMANDS)} (see `workbench --help`)", file=sys.stderr)
        return 2
    command = argv[0]
    if command.startswith("-") and command not in ("-h", "--help"):
        print(f"error: unknown option `{command}`; a command comes first (see `workbench --help`)", file=sys.stderr)
        return 2
    if not command.startswith("-") and command not in COMMANDS:
        near = difflib.get_close_matches(command, COMMANDS, n=1)
        hint = f"; did you mean `{near[0]}`?" if near else f"; choose one of {', '.join(COMMANDS)}"
        print(f"error: unknown command `{command}`{hint} (see `workbench --help`)", file=sys.stderr)
        return 2

    def run() -> int:
        if command in delegated:  # their own parsers own every option, --help included
            args = argparse.Namespace(func=delegated[command], args=argv[1:])
        else:
            args = _parser().parse_args(argv)
        return int(args.func(args))

    return guarded(command, argv, run)


def _parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="workbench",
        description="Design database schemas from the command line.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="validate a schema (Prisma or SQL DDL) and print its diagnostics")
    check.add_argument("schema", type=nonempty, help=SCHEMA_HELP)
    _from_option(check)
    check.add_argument("--json", action="store_true", help="print diagnostics as JSON")
    check.set_defaults(func=_check)

    from workbench.emit.registry import DIALECTS as TARGET_DIALECTS
    from workbench.emit.registry import TARGETS

    export = sub.add_parser("export", help="generate SQL DDL or code from a schema")
    export.add_argument("schema", type=nonempty, help=SCHEMA_HELP)
    export.add_argument("--to", required=True, choices=["sql", *TARGETS], help="target")
    export.add_argument(
        "--dialect",
        choices=DIALECTS,
        help="--to sql: the SQL dialect (default postgres); "
        + "; ".join(f"--to {t}: {' or '.join(d)}" for t, d in TARGET_DIALECTS.items())
        + " (default: the datasource's); other targets follow the datasource provider",
    )
    export.add_argument(
        "-o",
        "--output",
        type=nonempty,
        help="--to sql: a file; other targets: a folder (default, or -: stdout)",
    )
    _from_option(export)
    export.set_defaults(func=_export)

    fmt = sub.add_parser("format", help="format Prisma schema files byte for byte like `prisma format`")
    fmt.add_argument("schema", type=nonempty, help="a .prisma file or a folder of them (one schema)")
    mode = fmt.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="exit 1 and list the files that would change")
    mode.add_argument("--write", action="store_true", help="rewrite the files in place (atomically)")
    fmt.set_defaults(func=_format)

    from workbench.cli_diagram import add_diagram_parser

    add_diagram_parser(sub, SCHEMA_HELP, _from_option)

    lint = sub.add_parser("lint", help="best-practice lint with fixes (see `workbench lint --help`)", add_help=False)
    lint.add_argument("args", nargs=argparse.REMAINDER)
    lint.set_defaults(func=_lint)

    seed = sub.add_parser(
        "seed", help="fill a database with deterministic synthetic rows (see `workbench seed --help`)", add_help=False
    )
    seed.add_argument("args", nargs=argparse.REMAINDER)
    seed.set_defaults(func=_seed)

    prof = sub.add_parser(
        "profile", help="time a query and show its plan (see `workbench profile --help`)", add_help=False
    )
    prof.add_argument("args", nargs=argparse.REMAINDER)
    prof.set_defaults(func=_profile)

    pull = sub.add_parser("pull", help="a Prisma schema from a live database or from SQL DDL files")
    pull.add_argument(
        "url",
        type=nonempty,
        help="postgresql://..., duckdb:///file.duckdb, sqlite:///file.db, a bare .duckdb/.db/.sqlite file, "
        "or a .sql file/folder",
    )
    _from_option(pull)
    pull.add_argument("-o", "--output", type=nonempty, help="output .prisma file (default, or -: stdout)")
    pull.set_defaults(func=_pull)
    return parser


def _from_option(p: argparse.ArgumentParser) -> None:
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


def _check(args: argparse.Namespace) -> int:
    s = load_input(args.schema, args.sql_dialect)
    if args.json:
        print(json.dumps({"ok": s.ok, "diagnostics": [d.to_json() for d in s.diagnostics]}, indent=2))
        return 0 if s.ok else 1
    print_diagnostics(s.diagnostics, s.sources)
    if not s.ok:
        n = len(s.errors)
        print(f"{args.schema}: {n} error{'s' if n != 1 else ''}", file=sys.stderr)
        return 1
    print(s.headline())
    return 0


def _export(args: argparse.Namespace) -> int:
    if args.to == "sql":
        output_file(args.output, "--to sql")
    else:
        output_folder(args.output, f"--to {args.to}")
        if args.dialect is not None:
            from workbench.emit.registry import check_dialect

            try:
                check_dialect(args.to, args.dialect)
            except UserError as exc:
                raise UsageError(f"--dialect {args.dialect} with --to {args.to}: {exc}") from None
    s = load_input(args.schema, args.sql_dialect)
    if not s.ok:
        print_diagnostics(s.diagnostics, s.sources)
        print(f"{args.schema}: not exported, the schema has errors", file=sys.stderr)
        return 1
    if args.to == "sql":
        script = s.to_sql(args.dialect or "postgres")
        print_diagnostics(script.diagnostics, s.sources)
        write_output(args.output, str(script))
        return 0
    from workbench.emit.registry import user_editable

    files = s.export(args.to, dialect=args.dialect)
    print_diagnostics(files.diagnostics, s.sources)
    if args.output in (None, STDOUT):
        sys.stdout.write(repr(files.without_diagnostics()) + "\n")
        return 0
    written = files.write(args.output, keep_existing=user_editable(args.to))
    print(f"wrote {_count(len(written), 'file')} to {args.output}", file=sys.stderr)
    if written.removed:
        names = ", ".join(str(p) for p in written.removed)
        print(
            f"removed {_count(len(written.removed), 'stale file')} the schema no longer produces: {names}",
            file=sys.stderr,
        )
    for path in written.kept:
        print(f"warning: kept {path}: an earlier export wrote it and the schema no longer produces it, "
              "but it was edited since; delete it if it is no longer needed", file=sys.stderr)  # fmt: skip
    return 0


def _seed(args: argparse.Namespace) -> int:
    from workbench.seeding.cli import main_seed

    return main_seed(args.args)


def _lint(args: argparse.Namespace) -> int:
    from workbench.lint.cli import main_lint

    return main_lint(args.args)


def _profile(args: argparse.Namespace) -> int:
    from workbench.profile.cli import main_profile

    return main_profile(args.args)


def _format(args: argparse.Namespace) -> int:
    from workbench.diagnostics import SourceFile, has_errors
    from workbench.loaders.prisma.format import format_path

    require_input(args.schema)
    results = format_path(args.schema)
    status = 0
    for path, r in results.items():
        if r.diagnostics:
            print_diagnostics(r.diagnostics, {path: SourceFile(path, _read_text(path))})
        if has_errors(r.diagnostics):
            status = 1
    changed = [p for p, r in results.items() if r.changed]
    if args.check:
        for path in changed:
            print(f"would reformat {path}")
        print(f"{len(changed)} of {len(results)} file{'s' if len(results) != 1 else ''} would be reformatted")
        return 1 if changed or status else 0
    if args.write:
        written = 0
        for path in changed:
            if has_errors(results[path].diagnostics):
                print(f"{path}: not rewritten, it has errors", file=sys.stderr)
                continue
            _write_file(path, results[path].text)
            written += 1
        print(f"reformatted {written} of {len(results)} file{'s' if len(results) != 1 else ''}", file=sys.stderr)
        return status
    for path, r in results.items():
        if len(results) > 1:
            sys.stdout.write(f"==> {path} <==\n")
        sys.stdout.write(r.text)
    return status


def _read_text(path: str) -> str:
    from workbench.loaders.source_files import SourceError, read_source

    try:  # regular files only: a FIFO named *.prisma would block here
        return read_source(path).decode("utf-8", errors="replace")
    except SourceError:
        return ""


def _pull(args: argparse.Namespace) -> int:
    from workbench import introspect
    from workbench.emit.prisma import write_prisma

    output_file(args.output, "pull")
    url = database_url(args.url, as_sql=args.sql_dialect is not None)
    if url is None and Path(args.url).suffix.lower() == ".prisma":
        raise UsageError(f"{args.url} is already a Prisma schema; pull reads a database or SQL DDL")
    pulled = introspect(url) if url is not None else load_input(args.url, args.sql_dialect or "postgres")
    print_diagnostics(pulled.diagnostics, pulled.sources)
    if not pulled.ok:
        print(f"{args.url}: not pulled, the SQL has errors", file=sys.stderr)
        return 1
    write_output(args.output, write_prisma(pulled.schema))
    return 0


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def write_output(output: str | None, data: str | bytes) -> None:
    """``data`` to stdout (None or ``-``) or atomically to the file ``output``, saying where it went."""
    if output in (None, STDOUT):
        if isinstance(data, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(data)  # a picture asked for with `-o -`
            sys.stdout.buffer.flush()
            return
        sys.stdout.write(data if data.endswith("\n") else data + "\n")
        return
    _write_file(output, data)
    print(f"wrote {output}", file=sys.stderr)


def _write_file(path: str, data: str | bytes) -> None:
    try:
        write_atomic(path, data)
    except OSError as exc:
        exc.filename = None  # name the output the user gave, not a temp file beside it
        raise UserError(f"cannot write {path}: {describe_os_error(exc)}; nothing was written") from None


if __name__ == "__main__":
    raise SystemExit(main())
