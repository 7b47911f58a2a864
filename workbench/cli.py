"""The ``workbench`` command: a thin shell over the facade.

Exit codes: 0 success, 1 the input has errors (all diagnostics printed, located), 2 usage errors.
Files are written atomically (a temp file renamed into place), so a failed run never leaves a
half-written or truncated output behind.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from workbench.diagnostics import Diagnostic, UserError, render_text
from workbench.fsio import write_atomic

DIALECTS = ("postgres", "duckdb", "sqlite")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = _parser()
    delegated = {"seed": _seed, "profile": _profile, "lint": _lint}
    if argv and argv[0] in delegated:  # their own parsers own every option, --help included
        args = argparse.Namespace(func=delegated[argv[0]], args=argv[1:])
    else:
        args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workbench",
        description="Design database schemas from the command line.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="validate a schema (Prisma or SQL DDL) and print its diagnostics")
    check.add_argument("schema", help="a .prisma file or a folder of them, or SQL DDL (.sql, migrations folder)")
    _from_option(check)
    check.add_argument("--json", action="store_true", help="print diagnostics as JSON")
    check.set_defaults(func=_check)

    from workbench.emit.registry import TARGETS

    export = sub.add_parser("export", help="generate SQL DDL or code from a schema")
    export.add_argument("schema")
    export.add_argument("--to", required=True, choices=["sql", *TARGETS], help="target")
    export.add_argument("--dialect", default="postgres", choices=DIALECTS, help="SQL dialect (--to sql)")
    export.add_argument("-o", "--output", help="--to sql: output file; other targets: output folder (default: stdout)")
    _from_option(export)
    export.set_defaults(func=_export)

    fmt = sub.add_parser("format", help="format Prisma schema files byte for byte like `prisma format`")
    fmt.add_argument("schema", help="a .prisma file or a folder of them (one schema)")
    mode = fmt.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="exit 1 and list the files that would change")
    mode.add_argument("--write", action="store_true", help="rewrite the files in place (atomically)")
    fmt.set_defaults(func=_format)

    _diagram_parser(sub)

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
    pull.add_argument("url", help="postgresql://..., duckdb:///file.duckdb, sqlite:///file.db, or a .sql file/folder")
    _from_option(pull)
    pull.add_argument("-o", "--output", help="output .prisma file (default: stdout)")
    pull.set_defaults(func=_pull)
    return parser


def _from_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--from",
        dest="sql_dialect",
        choices=SQL_DIALECTS,
        help="read the input as SQL DDL of this dialect (default for .sql inputs: postgres)",
    )


SQL_DIALECTS = ("postgres", "duckdb", "sqlite", "mysql")
DIAGRAM_FORMATS = ("svg", "png", "pdf", "dot", "mermaid", "dbml")


def _diagram_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    d = sub.add_parser("diagram", help="draw an ER diagram (graphviz SVG/PNG/PDF/DOT, Mermaid or DBML)")
    d.add_argument("schema", help="a .prisma file or a folder of them")
    d.add_argument("-o", "--output", help="output file (default: stdout for text formats)")
    d.add_argument("--format", choices=DIAGRAM_FORMATS, help="default: from the output suffix, else svg")
    d.add_argument("--view", choices=["model", "database"], default="model", help="Prisma names or table names")
    d.add_argument("--dialect", choices=DIALECTS, help="database view: SQL dialect (default: the provider's)")
    d.add_argument("--focus", action="append", default=[], help="table to centre on (repeatable)")
    d.add_argument("--depth", type=int, default=1, help="relation hops kept around --focus (default 1)")
    d.add_argument("--include", action="append", default=[], help="only these tables (globs ok, repeatable)")
    d.add_argument("--exclude", action="append", default=[], help="leave these tables out (globs ok, repeatable)")
    d.add_argument("--columns", choices=["all", "keys", "none"], default="all", help="which columns to draw")
    d.add_argument("--enums", action="store_true", help="draw enum nodes")
    d.add_argument("--indexes", action="store_true", help="list indexes under each table")
    d.add_argument("--defaults", action="store_true", help="show column defaults")
    d.add_argument("--join-tables", action=argparse.BooleanOptionalAction, default=None,
                   help="draw implicit m:n join tables (default: only in the database view)")  # fmt: skip
    d.add_argument("--cluster", choices=["auto", "schema", "none"], default="auto", help="group tables by schema")
    d.add_argument("--direction", choices=["LR", "TB"], default="LR", help="left-right or top-bottom")
    d.add_argument("--theme", choices=["light", "dark"], default="light")
    d.add_argument("--highlight", action="append", default=[], help="table or table.column to highlight")
    d.add_argument("--title", help="a title above the diagram")
    _from_option(d)
    d.set_defaults(func=_diagram)


def _load(path: str, sql_dialect: str | None = None):  # -> LoadedSchema, imported lazily (start-up time)
    from workbench import load

    if not Path(path).exists():
        raise UserError(f"{path}: no such file or folder")
    return load(path, dialect=sql_dialect)


def _print_diagnostics(diagnostics: Sequence[Diagnostic], sources: dict) -> None:
    if diagnostics:
        print(render_text(diagnostics, sources), file=sys.stderr)


def _check(args: argparse.Namespace) -> int:
    s = _load(args.schema, args.sql_dialect)
    if args.json:
        print(json.dumps({"ok": s.ok, "diagnostics": [d.to_json() for d in s.diagnostics]}, indent=2))
        return 0 if s.ok else 1
    _print_diagnostics(s.diagnostics, s.sources)
    if not s.ok:
        n = len(s.errors)
        print(f"{args.schema}: {n} error{'s' if n != 1 else ''}", file=sys.stderr)
        return 1
    print(s.headline())
    return 0


def _export(args: argparse.Namespace) -> int:
    s = _load(args.schema, args.sql_dialect)
    if not s.ok:
        _print_diagnostics(s.diagnostics, s.sources)
        print(f"{args.schema}: not exported, the schema has errors", file=sys.stderr)
        return 1
    if args.to == "sql":
        script = s.to_sql(args.dialect)
        _print_diagnostics(script.diagnostics, s.sources)
        _write(args.output, str(script))
        return 0
    from workbench.emit.registry import user_editable

    files = s.export(args.to)
    _print_diagnostics(files.diagnostics, s.sources)
    if args.output is None:
        sys.stdout.write(repr(files.without_diagnostics()) + "\n")
        return 0
    written = files.write(args.output, keep_existing=user_editable(args.to))
    print(f"wrote {len(written)} file{'s' if len(written) != 1 else ''} to {args.output}", file=sys.stderr)
    return 0


def _diagram(args: argparse.Namespace) -> int:
    from workbench.render import RenderError
    from workbench.render.erd import SUFFIXES

    fmt = args.format or (SUFFIXES.get(Path(args.output).suffix.lower()) if args.output else None) or "svg"
    if args.output is None and fmt in ("png", "pdf"):
        print(f"error: --format {fmt} needs -o FILE", file=sys.stderr)
        return 2
    s = _load(args.schema, args.sql_dialect)
    if not s.ok:
        _print_diagnostics(s.diagnostics, s.sources)
        print(f"{args.schema}: no diagram, the schema has errors", file=sys.stderr)
        return 1
    diagram = s.erd(
        view=args.view,
        dialect=args.dialect,
        focus=args.focus,
        depth=args.depth,
        include=args.include,
        exclude=args.exclude,
        columns=args.columns,
        enums=args.enums,
        indexes=args.indexes,
        defaults=args.defaults,
        join_tables=args.join_tables,
        cluster=None if args.cluster == "none" else args.cluster,
        direction=args.direction,
        theme=args.theme,
        highlight=args.highlight,
        title=args.title,
    )
    _print_diagnostics(diagram.diagnostics, s.sources)
    if diagram.content.problems:
        for problem in diagram.content.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 1
    try:
        data = diagram.to_bytes(fmt)
    except RenderError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if fmt in ("png", "pdf"):
        write_atomic(Path(args.output), data)
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        _write(args.output, data.decode("utf-8"))
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

    if not Path(args.schema).exists():
        raise UserError(f"{args.schema}: no such file or folder")
    results = format_path(args.schema)
    status = 0
    for path, r in results.items():
        if r.diagnostics:
            _print_diagnostics(r.diagnostics, {path: SourceFile(path, _read_text(path))})
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
            write_atomic(path, results[path].text)
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

    pulled = introspect(args.url) if "://" in args.url else _load(args.url, args.sql_dialect or "postgres")
    _print_diagnostics(pulled.diagnostics, pulled.sources)
    if not pulled.ok:
        print(f"{args.url}: not pulled, the SQL has errors", file=sys.stderr)
        return 1
    _write(args.output, write_prisma(pulled.schema))
    return 0


def _write(output: str | None, text: str) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    write_atomic(output, text)
    print(f"wrote {output}", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
