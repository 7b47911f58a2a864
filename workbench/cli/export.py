"""``workbench export``: SQL DDL or generated code (one of the emit registry's targets) from a schema.

Without ``--to`` it writes every target of ``[tool.workbench.export]`` (each to its folder), the
way ``prisma generate`` writes every generator. ``--to drizzle,zod -o DIR`` (or ``--to all``)
generates several targets from one load of the schema and writes each into ``DIR/<target>/``,
byte for byte what ``--to <target> -o DIR/<target>`` writes, as one set: ``DIR`` changes as a
whole or not at all (a generation error in one target, or a write that fails, leaves every old
file as it was). One target keeps its own layout (``--to drizzle -o DIR`` writes ``DIR/schema.ts``).

``--check`` writes nothing: it compares what the export would write with what is on disk
(:mod:`workbench.emit.sync`) and exits 1 listing the files that differ, with a unified diff
excerpt each, so CI fails when the committed code drifted from the schema. With several targets
it compares each ``DIR/<target>/`` the same way and ends with one summary for all of them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.cli.common import (
    ENGINES,
    add_command,
    count,
    exit_codes,
    from_option,
    load_input,
    print_diagnostics,
    project_config,
    schema_argument,
    schema_path,
    write_output,
)
from workbench.cli.paths import STDOUT, UsageError, nonempty, output_file, output_folder
from workbench.diagnostics import UserError

if TYPE_CHECKING:
    from workbench.api.schema import LoadedSchema
    from workbench.cli.common import Subparsers
    from workbench.emit.files import WrittenFiles

PURPOSE = "generate SQL DDL or code from a schema"
EPILOG = f"""\
examples:
  workbench export sample_schemas/blog.prisma --to sql --dialect sqlite -o schema.sql
  workbench export sample_schemas/blog.prisma --to drizzle -o src/db
  workbench export sample_schemas/blog.prisma --to drizzle,zod,trpc -o generated   # generated/drizzle/, ...
  workbench export sample_schemas/blog.prisma --to all -o generated   # every code target, one folder each
  workbench export app.duckdb --to pydantic -o -
  workbench export                       # every target of [tool.workbench.export]
  workbench export --check               # CI: exit 1 when the generated files drifted from the schema

{exit_codes("the schema has errors, a file could not be written, or --check found differences")}
"""


def register(sub: Subparsers) -> argparse.ArgumentParser:
    from workbench.emit.registry import DIALECTS as TARGET_DIALECTS
    from workbench.emit.registry import TARGETS

    p = add_command(
        sub, "export", PURPOSE, "Generate SQL DDL or code (ORM models, validators, APIs) from a schema.", EPILOG
    )
    schema_argument(p)
    p.add_argument(
        "--to",
        type=target_list,
        metavar="TARGET[,TARGET...]",
        help=f"what to generate: sql, {', '.join(TARGETS)}; several separated by commas, each into its "
        f"own folder -o DIR/<target>/ (sql writes one file, so it goes alone); all: {ALL_MEANS} "
        "(default: every target of [tool.workbench.export])",
    )
    p.add_argument(
        "--dialect",
        choices=ENGINES,
        help="--to sql: the SQL dialect (default postgres); "
        + "; ".join(f"--to {t}: {' or '.join(d)}" for t, d in TARGET_DIALECTS.items())
        + " (default: the datasource's); other targets follow the datasource provider",
    )
    p.add_argument(
        "-o",
        "--output",
        type=nonempty,
        help="--to sql: a file; other targets: a folder; several targets: the folder that holds one "
        "folder per target (default: the target's in [tool.workbench.export], else stdout; -: stdout)",
    )
    p.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 listing the files that differ from what the schema generates "
        "(several targets: every target's folder is compared, and one summary says how many differ)",
    )
    from_option(p)
    p.set_defaults(func=run)
    return p


ALL = "all"
# `all` is every code target the exporter knows, so a new target is part of it without anyone
# having to know; sql is not one: it writes one file (-o FILE), not a folder, and a Prisma user
# gets DDL from migrations (`prisma migrate diff`), never from `prisma generate`.
ALL_MEANS = "every code target (all of these but sql, which writes one file)"
ORDINALS = ("1st", "2nd", "3rd")


def target_list(text: str) -> tuple[str, ...]:
    """argparse ``type=`` for ``--to``: one target, several separated by commas, or ``all``.

    A mistake is a usage error (exit 2) that names the bad item and where it is in the list, with
    the closest known target (``--to drizle,zod``: ``unknown target "drizle" (did you mean
    "drizzle"?)``). Repeats are dropped (``zod,zod`` is ``zod``).
    """
    import difflib

    from workbench.emit.registry import TARGETS

    known = ("sql", *TARGETS)
    choices = f"targets: {', '.join(known)}, or {ALL}"
    items = [item.strip() for item in text.split(",")]
    several = len(items) > 1
    out: list[str] = []
    for i, item in enumerate(items):
        where = f' (the {ORDINALS[i] if i < len(ORDINALS) else f"{i + 1}th"} of "{text}")' if several else ""
        if not item:
            raise argparse.ArgumentTypeError(f"an empty target{where}; separate targets with single commas")
        if item == ALL:
            if several:
                raise argparse.ArgumentTypeError(f'"{ALL}" stands alone{where}: it already means every code target')
            return tuple(TARGETS)
        if item not in known:
            near = difflib.get_close_matches(item.lower(), [*known, ALL], n=1)
            hint = f': did you mean "{near[0]}"? ({choices})' if near else f" ({choices})"
            raise argparse.ArgumentTypeError(f'unknown target "{item}"{where}{hint}')
        if item == "sql" and several:
            raise argparse.ArgumentTypeError(
                f"sql cannot be combined with other targets{where}: it writes one file (-o FILE); export it on its own"
            )
        if item not in out:
            out.append(item)
    return tuple(out)


Job = tuple[str, str | None, str | None]  # (target, output, dialect)


def run(args: argparse.Namespace) -> int:
    jobs, together = _jobs(args)
    for target, output, dialect in jobs:
        _check_options(target, output, dialect)
    if together is not None:
        output_folder(together, f"--to {','.join(args.to)}")
    args.schema = schema_path(args.schema)
    s = load_input(args.schema, args.sql_dialect)
    if not s.ok:
        print_diagnostics(s.diagnostics, s.sources)
        print(f"{args.schema}: not exported, the schema has errors", file=sys.stderr)
        return 1
    if args.check:
        return _check(s, jobs, args.schema)
    if together is not None:
        _export_together(s, jobs, together)
        return 0
    for target, output, dialect in jobs:
        _export(s, target, output, dialect)
    return 0


def _jobs(args: argparse.Namespace) -> tuple[list[Job], str | None]:
    """(target, output, dialect) to export: --to with -o, or what [tool.workbench.export] lists;
    and the folder several targets are written into as one set (None: each job on its own)."""
    from workbench.emit.registry import TARGETS

    config = project_config()
    if args.to is None:
        if not config.exports:
            raise UsageError('--to is required (or list targets in [tool.workbench.export], e.g. drizzle = "src/db")')
        if args.output is not None or args.dialect is not None:
            raise UsageError("-o and --dialect need --to (the configured targets carry their own)")
        for e in config.exports:
            if e.target not in ("sql", *TARGETS):
                raise UserError(
                    f'{e.where}: unknown export target "{e.target}"; choose one of sql, {", ".join(TARGETS)}'
                )
        return [(e.target, e.output, e.dialect) for e in config.exports], None
    targets: tuple[str, ...] = args.to
    if len(targets) == 1:
        target = targets[0]
        configured = config.export_target(target)
        output = args.output
        if output is None and configured is not None:
            output = configured.output
        dialect = args.dialect if args.dialect is not None else configured.dialect if configured is not None else None
        if args.check and output in (None, STDOUT):
            raise UsageError(f"--check compares with files on disk: give -o (the {target} output), or configure it")
        return [(target, output, dialect)], None
    listed = ",".join(targets)
    if args.output == STDOUT:
        raise UsageError(f"-o - prints one target; --to {listed} writes a folder per target: give -o DIR")
    jobs: list[Job] = []
    for target in targets:
        configured = config.export_target(target)
        dialect = args.dialect if args.dialect is not None else configured.dialect if configured is not None else None
        if args.output is not None:
            jobs.append((target, str(Path(args.output) / target), dialect))
        elif configured is not None:
            jobs.append((target, configured.output, dialect))
        else:
            raise UsageError(
                f"--to {listed} needs -o DIR (each target goes to DIR/<target>/), "
                f"or an output for {target} in [tool.workbench.export]"
            )
    return jobs, args.output


def _check_options(target: str, output: str | None, dialect: str | None) -> None:
    if target == "sql":
        output_file(output, "--to sql")
        return
    output_folder(output, f"--to {target}")
    if dialect is not None:
        from workbench.emit.registry import check_dialect

        try:
            check_dialect(target, dialect)
        except UserError as exc:
            raise UsageError(f"--dialect {dialect} with --to {target}: {exc}") from None


def _export(s: LoadedSchema, target: str, output: str | None, dialect: str | None) -> None:
    if target == "sql":
        script = s.to_sql(dialect or "postgres")
        print_diagnostics(script.diagnostics, s.sources)
        write_output(output, str(script))
        return
    from workbench.emit.registry import user_editable

    files = s.export(target, dialect=dialect)
    print_diagnostics(files.diagnostics, s.sources)
    if output in (None, STDOUT):
        sys.stdout.write(repr(files.without_diagnostics()) + "\n")
        return
    _report(output, files.write(output, keep_existing=user_editable(target)))


def _report(output: str, written: WrittenFiles) -> None:
    print(f"wrote {count(len(written), 'file')} to {output}", file=sys.stderr)
    if written.removed:
        names = ", ".join(str(p) for p in written.removed)
        print(
            f"removed {count(len(written.removed), 'stale file')} the schema no longer produces: {names}",
            file=sys.stderr,
        )
    for path in written.kept:
        print(f"warning: kept {path}: an earlier export wrote it and the schema no longer produces it, "
              "but it was edited since; delete it if it is no longer needed", file=sys.stderr)  # fmt: skip


def _export_together(s: LoadedSchema, jobs: list[Job], folder: str) -> None:
    """Generate every job's target first (an error in one writes nothing), then write them into
    ``folder/<target>/`` as one set; a diagnostic that several targets share is printed once."""
    from workbench.emit.files import write_together
    from workbench.emit.registry import user_editable

    generated = []
    seen: set[object] = set()
    for target, _output, dialect in jobs:
        files = s.export(target, dialect=dialect)
        fresh = [d for d in files.diagnostics if d not in seen]
        seen.update(fresh)
        print_diagnostics(fresh, s.sources)
        generated.append((files, user_editable(target)))
    results = write_together(folder, generated)
    for (_target, output, _dialect), written in zip(jobs, results, strict=True):
        _report(output or folder, written)


def _check(s: LoadedSchema, jobs: list[Job], schema: str) -> int:
    """Compare every job's output with what it would be; print the differences; 1 when there are any."""
    from workbench.emit.registry import user_editable
    from workbench.emit.sync import compare_file, compare_folder

    found = 0
    checked = 0
    for target, output, dialect in jobs:
        assert output is not None  # _jobs refuses --check without an output
        if target == "sql":
            differences = compare_file(Path(output), str(s.to_sql(dialect or "postgres")))
            checked += 1
        else:
            files = s.export(target, dialect=dialect)
            differences = compare_folder(
                Path(output), target, {f.path: f.content for f in files}, user_editable(target)
            )
            checked += len(files)
        for d in differences:
            print(d.text())
        found += len(differences)
        state = f"{count(len(differences), 'file')} out of sync" if differences else "in sync"
        print(f"export --check: {target} -> {output}: {state}", file=sys.stderr)
    if found:
        verb = "differs" if found == 1 else "differ"
        print(
            f"export --check: {count(found, 'file')} {verb} from what {schema} generates; "
            "run `workbench export` and commit the result",
            file=sys.stderr,
        )
        return 1
    print(f"export --check: {count(checked, 'file')} in sync with {schema}", file=sys.stderr)
    return 0
