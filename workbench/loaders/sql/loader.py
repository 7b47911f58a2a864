"""``load_sql``: read SQL files, split, parse statement by statement, build, lift. Never raises on bad input."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.diagnostics import Diagnostic, SourceFile, error, sort_key
from workbench.diagnostics.catalog import sql as codes
from workbench.diagnostics.results import HasDiagnostics
from workbench.dialects import registry
from workbench.ir import Schema
from workbench.ir.database import Database
from workbench.loaders.source_files import Source, check_text, files_below, read_sources
from workbench.loaders.sql.build import Builder, Ctx
from workbench.loaders.sql.do_block import Inner, do_block_ddl
from workbench.loaders.sql.lockfile import folder_dialect
from workbench.loaders.sql.statements import Statement, split_statements
from workbench.loaders.sql.tokens import Tokens

DIALECTS = registry.names(reads_sql=True)

_CREATE_TYPE = re.compile(r"^\s*CREATE\s+TYPE\b", re.I)


@dataclass(frozen=True, slots=True)
class SqlLoadResult(HasDiagnostics[Diagnostic]):
    """The model view (``schema``, lifted like ``prisma db pull``), the database view, diagnostics, sources."""

    schema: Schema
    database: Database
    diagnostics: tuple[Diagnostic, ...]
    sources: dict[str, SourceFile] = field(default_factory=dict)


def sql_files(folder: Path) -> list[Path]:
    """The scripts of a folder in the order to apply them: every ``*.sql`` below it, sorted by path.

    Prisma Migrate's layout (``migrations/<timestamp>_<name>/migration.sql``) sorts by its
    timestamped folder names, so sorting paths applies migrations in history order.
    """
    return [f for f in files_below(folder, "*.sql") if not is_down_script(f)]


def is_down_script(path: Path) -> bool:
    """A ``down.sql`` beside a ``migration.sql``: the way back of a migration, not part of its history.

    Loading a migrations folder replays the up scripts only; the down scripts (workbench writes
    them beside Prisma's ``migration.sql``) would otherwise undo each migration right after it.
    """
    return path.name == "down.sql" and path.with_name("migration.sql").is_file()


def load_sql(
    source: Source | list[Source] | tuple[Source, ...] | None = None,
    *,
    dialect: str | None = None,
    text: str | None = None,
    name: str = "schema.sql",
) -> SqlLoadResult:
    """Load SQL DDL (a file, a folder of migrations / ``*.sql`` applied in path order, a list, or ``text=``).

    ``dialect`` is one of postgres, duckdb, sqlite, mysql; without it, a migrations folder is read in
    the dialect of the provider its ``migration_lock.toml`` names, anything else as postgres.
    Statements that are not modelled are warnings, statements that do not parse are errors; both
    are located at the statement and loading goes on with the next one.
    """
    if dialect is None:
        dialect = (folder_dialect(source) if text is None else None) or "postgres"
    found = registry.find(dialect) if isinstance(dialect, str) else None
    dialect = found.name if found is not None else dialect.lower() if isinstance(dialect, str) else str(dialect)
    if text is not None:
        clean, problems = check_text(name, text, codes.READ_ERROR)  # lone surrogates: an error, not a crash later
        files = [SourceFile(name, clean)]
    elif source is None:
        files, problems = [], [error(codes.READ_ERROR, "load_sql needs a path or text=")]
    else:
        files, problems = read_sources(
            source, "*.sql", read_code=codes.READ_ERROR, decode_code=codes.READ_ERROR, skip=is_down_script
        )
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
    inner = do_block_ddl(stmt.text) if builder.dialect == "postgres" else None
    if inner:
        _apply_do_block(builder, source, stmt, inner)
        return
    sqlglot_dialect = Dialect.get_or_raise(builder.dialect)
    try:
        tokens = sqlglot_dialect.tokenize(stmt.text)
        too_deep = _too_deep(tokens)
        if too_deep is not None:
            builder.diagnostics.append(_nesting_error(source, stmt, too_deep))
            return
        trees = [t for t in sqlglot_dialect.parser().parse(tokens, stmt.text) if t is not None]
    except RecursionError:
        builder.diagnostics.append(_nesting_error(source, stmt, None))
        return
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
    if builder.dialect == "postgres":
        _cut_long_identifiers(trees[0])
    try:
        builder.apply(trees[0], ctx)
    except RecursionError:  # sqlglot's generator recurses too; never seen below MAX_DEPTH
        builder.diagnostics.append(_nesting_error(source, stmt, None))


def _apply_do_block(builder: Builder, source: SourceFile, stmt: Statement, inner: list[Inner]) -> None:
    """Replay the DDL of a DO block; "already defined" is what its guards skip, so it is no error."""
    for part in inner:
        start = stmt.start + part.start
        before = len(builder.diagnostics)
        _apply(builder, source, Statement(text=part.text, start=start, end=start + len(part.text)))
        builder.diagnostics[before:] = [d for d in builder.diagnostics[before:] if d.code != codes.DUPLICATE]


def _cut_long_identifiers(tree: Any) -> None:
    """PostgreSQL folds an unquoted identifier to lower case and cuts every identifier to 63 bytes
    as it reads it (NAMEDATALEN - 1, with only a NOTICE), so a hand-written ``CREATE INDEX
    user_deletedAt_idx`` or an index name of 70 characters is stored changed: the replay does the
    same to index and constraint names. Table, column and type names are left as written (lowering
    keeps a long model name; Prisma itself re-migrates such a table forever)."""
    from sqlglot import exp

    for node in tree.find_all(exp.Identifier):
        if not _names_index_or_constraint(node):
            continue
        if not node.quoted and str(node.this) != str(node.this).lower():
            node.set("this", str(node.this).lower())  # PostgreSQL folds unquoted names to lower case
        data = str(node.this).encode("utf-8")
        if len(data) > _PG_NAME_BYTES:
            node.set("this", data[:_PG_NAME_BYTES].decode("utf-8", errors="ignore"))


def _names_index_or_constraint(node: Any) -> bool:
    from sqlglot import exp

    parent = node.parent
    if isinstance(parent, exp.Index | exp.Constraint | exp.ColumnConstraint) and parent.this is node:
        return True
    if not isinstance(parent, exp.Table):
        return False
    holder = parent.parent
    kind = str(holder.args.get("kind") or "").upper() if holder is not None else ""
    if isinstance(holder, exp.Drop) and kind in ("INDEX", "CONSTRAINT"):
        return True
    if isinstance(holder, exp.Alter) and kind == "INDEX":
        return True
    alter = holder.parent if isinstance(holder, exp.AlterRename) else None
    return alter is not None and str(alter.args.get("kind") or "").upper() == "INDEX"


_PG_NAME_BYTES = 63

# sqlglot's parser spends about twenty Python frames per parenthesis, so Python's recursion limit
# (1,000 frames) is reached at about 45 levels. Real DDL nests a handful (`CHECK ((a > 0) AND (...))`,
# pg_dump's `DEFAULT ((x)::text)`); deeper statements are refused before sqlglot sees them, with
# RecursionError caught as well for constructs that recurse faster.
MAX_DEPTH = 24


def _too_deep(tokens: list[Any]) -> Any | None:
    """The first opening bracket nested more than :data:`MAX_DEPTH` levels deep, or None."""
    from sqlglot.tokenizer_core import TokenType

    opening = (TokenType.L_PAREN, TokenType.L_BRACKET, TokenType.L_BRACE)
    closing = (TokenType.R_PAREN, TokenType.R_BRACKET, TokenType.R_BRACE)
    depth = 0
    for tok in tokens:
        if tok.token_type in opening:
            depth += 1
            if depth > MAX_DEPTH:
                return tok
        elif tok.token_type in closing:
            depth -= 1
    return None


def _nesting_error(source: SourceFile, stmt: Statement, token: Any | None) -> Diagnostic:
    """A statement nested too deeply to parse: located at the bracket past the limit (or the statement)."""
    if token is not None:
        start = stmt.start + token.start
        span = source.span(start, start + 1)
        what = f"parentheses nested more than {MAX_DEPTH} levels deep"
    else:
        first_line = stmt.text.split("\n", 1)[0]
        span = source.span(stmt.start, stmt.start + len(first_line))
        what = "expressions nested too deeply (Python's recursion limit was reached)"
    return error(
        codes.SYNTAX_ERROR,
        f"cannot parse statement: {what}",
        span,
        help="the statement is skipped; DDL never needs this nesting: check for unbalanced parentheses",
    )


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


__all__ = ["DIALECTS", "SqlLoadResult", "is_down_script", "load_sql", "sql_files"]
