"""``load_sql``: read SQL files, split, parse statement by statement, build, lift. Never raises on bad input."""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from workbench.diagnostics import Diagnostic, SourceFile, error, sort_key
from workbench.ir import Schema
from workbench.ir.database import Database
from workbench.loaders.sql import codes
from workbench.loaders.sql.build import Builder, Ctx
from workbench.loaders.sql.statements import Statement, split_statements
from workbench.loaders.sql.tokens import Tokens

DIALECTS = ("postgres", "duckdb", "sqlite", "mysql")
_ALIASES = {"postgresql": "postgres", "pg": "postgres", "sqlite3": "sqlite", "mariadb": "mysql"}

Source = str | os.PathLike[str]
_CREATE_TYPE = re.compile(r"^\s*CREATE\s+TYPE\b", re.I)


@dataclass(frozen=True, slots=True)
class SqlLoadResult:
    """The model view (``schema``, lifted like ``prisma db pull``), the database view, diagnostics, sources."""

    schema: Schema
    database: Database
    diagnostics: tuple[Diagnostic, ...]
    sources: dict[str, SourceFile] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.is_error)


def sql_files(folder: Path) -> list[Path]:
    """The scripts of a folder in the order to apply them: every ``*.sql`` below it, sorted by path.

    Prisma Migrate's layout (``migrations/<timestamp>_<name>/migration.sql``) sorts by its
    timestamped folder names, so sorting paths applies migrations in history order.
    """
    return sorted(folder.rglob("*.sql"), key=lambda p: p.relative_to(folder).parts)


def _read_sources(source: Source | list[Source] | tuple[Source, ...]) -> tuple[list[SourceFile], list[Diagnostic]]:
    paths: list[str] = []
    problems: list[Diagnostic] = []
    for item in list(source) if isinstance(source, list | tuple) else [source]:
        p = Path(item)
        if p.is_dir():
            found = sql_files(p)
            if not found:
                problems.append(error(codes.READ_ERROR, f"No .sql files found in folder `{item}`."))
            base = os.fspath(item)
            paths.extend(os.path.join(base, os.path.relpath(f, p)) for f in found)
        else:
            paths.append(os.fspath(item))
    files: list[SourceFile] = []
    for path in paths:
        try:
            with open(path, encoding="utf-8-sig") as fh:
                files.append(SourceFile(path, fh.read()))
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(error(codes.READ_ERROR, f"Cannot read `{path}`: {exc}"))
    return files, problems


def load_sql(
    source: Source | list[Source] | tuple[Source, ...] | None = None,
    *,
    dialect: str,
    text: str | None = None,
    name: str = "schema.sql",
) -> SqlLoadResult:
    """Load SQL DDL (a file, a folder of migrations / ``*.sql`` applied in path order, a list, or ``text=``).

    ``dialect`` is one of postgres, duckdb, sqlite, mysql. Statements that are not modelled are
    warnings, statements that do not parse are errors; both are located at the statement and
    loading goes on with the next one.
    """
    dialect = _ALIASES.get(dialect.lower(), dialect.lower()) if isinstance(dialect, str) else str(dialect)
    if text is not None:
        files, problems = [SourceFile(name, text)], []
    elif source is None:
        files, problems = [], [error(codes.READ_ERROR, "load_sql needs a path or text=")]
    else:
        files, problems = _read_sources(source)
    sources = {f.path: f for f in files}
    if dialect not in DIALECTS:
        problems.append(
            error(codes.UNKNOWN_DIALECT, f"unknown SQL dialect `{dialect}`", help=f"use one of: {', '.join(DIALECTS)}")
        )
        empty = Database(dialect=dialect)
        return SqlLoadResult(_lift(empty), empty, tuple(problems), sources)
    builder = Builder(dialect)
    logger = logging.getLogger("sqlglot")
    level = logger.level
    logger.setLevel(logging.ERROR)  # sqlglot logs "falling back to Command"; we report it ourselves
    try:
        for f in files:
            for stmt in split_statements(f.text, dialect):
                _apply(builder, f, stmt)
    finally:
        logger.setLevel(level)
    fk_problems = builder.state.check_foreign_keys()
    database = builder.state.freeze()
    diagnostics = problems + builder.diagnostics + fk_problems + _unused_sequences(builder)
    return SqlLoadResult(_lift(database), database, tuple(sorted(diagnostics, key=sort_key)), sources)


def _apply(builder: Builder, source: SourceFile, stmt: Statement) -> None:
    from sqlglot.dialects.dialect import Dialect
    from sqlglot.errors import ParseError, TokenError

    if builder.session_statement(stmt.text):
        return
    if stmt.text.startswith("\\"):  # a psql meta-command (\connect, \set...): not SQL
        builder.unsupported(Ctx(source, stmt, Tokens([], stmt.text)))
        return
    sqlglot_dialect = Dialect.get_or_raise(builder.dialect)
    try:
        tokens = sqlglot_dialect.tokenize(stmt.text)
        trees = [t for t in sqlglot_dialect.parser().parse(tokens, stmt.text) if t is not None]
    except ParseError as exc:
        builder.diagnostics.append(_parse_error(source, stmt, exc))
        return
    except TokenError as exc:
        first_line = stmt.text.split("\n", 1)[0]
        span = source.span(stmt.start, stmt.start + len(first_line))
        builder.diagnostics.append(error(codes.SYNTAX_ERROR, f"cannot tokenize statement: {exc}", span))
        return
    if builder.dialect == "duckdb" and len(trees) == 1 and _CREATE_TYPE.match(stmt.text):
        # DuckDB's sqlglot dialect reads CREATE TYPE ... AS ENUM as an opaque Command; the syntax
        # is PostgreSQL's, so parse it as such.
        pg = Dialect.get_or_raise("postgres")
        try:
            tokens = pg.tokenize(stmt.text)
            trees = [t for t in pg.parser().parse(tokens, stmt.text) if t is not None]
        except (ParseError, TokenError) as exc:
            builder.diagnostics.append(_parse_error(source, stmt, exc))
            return
    ctx = Ctx(source, stmt, Tokens(tokens, stmt.text))
    if len(trees) != 1:  # e.g. a trigger body that sqlglot reads as several statements
        builder.unsupported(ctx)
        return
    builder.apply(trees[0], ctx)


def _parse_error(source: SourceFile, stmt: Statement, exc: Exception) -> Diagnostic:
    """sqlglot's message, located at the offending token (its line/col are relative to the statement)."""
    info = (getattr(exc, "errors", None) or [{}])[0]
    message = str(info.get("description") or exc).split("\n", 1)[0]
    line, col = info.get("line"), info.get("col")
    if isinstance(line, int) and isinstance(col, int) and line >= 1:
        lines = stmt.text.split("\n")
        offset = sum(len(x) + 1 for x in lines[: line - 1]) + col  # col: 1-based end of the token
        highlight = str(info.get("highlight") or "")
        end = stmt.start + min(offset, len(stmt.text))
        start = max(stmt.start, end - max(1, len(highlight)))
        span = source.span(start, end)
    else:
        first_line = stmt.text.split("\n", 1)[0]
        span = source.span(stmt.start, stmt.start + len(first_line))
    return error(codes.SYNTAX_ERROR, f"cannot parse statement: {message}", span, help="the statement is skipped")


def _unused_sequences(builder: Builder) -> list[Diagnostic]:
    from workbench.diagnostics import warning

    return [
        warning(
            codes.UNUSED_SEQUENCE,
            f"sequence `{name}` is not used as a column's autoincrement (DEFAULT nextval(...)); not modelled",
            span,
        )
        for name, span in builder.state.sequences.items()
        if name not in builder.state.used_sequences
    ]


def _lift(database: Database) -> Schema:
    from workbench.loaders.introspect import lift

    return lift(database)


__all__ = ["DIALECTS", "SqlLoadResult", "load_sql", "sql_files"]
