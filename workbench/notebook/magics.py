"""IPython magics: ``%%prisma`` (a cell that is a schema) and ``%sql`` / ``%%sql`` (a query that is a DataFrame).

``%load_ext workbench`` registers them (``workbench.load_ipython_extension``). ``%sql`` follows
JupySQL's conventions, so a notebook reads the same to someone who knows that tool:

- ``%sql SELECT ...`` (line) and ``%%sql`` (cell): the result of the last statement, as a pandas
  DataFrame; several statements and ``--`` comments are fine.
- ``{{expr}}`` is replaced by the value of a Python expression of the notebook (text: for table
  names and other identifiers); ``:name`` binds the notebook's variable ``name`` as a query
  parameter (a value: quoted by the driver, safe for strings). A ``:name`` with no such variable
  is left to the SQL (``arr[1:n]``).
- ``%%sql result <<`` (or ``%sql result << SELECT ...``) stores the DataFrame in ``result``
  instead of showing it.
- ``%sql URL`` switches the current connection; ``%sql --connection URL ...`` / ``%%sql URL`` run
  on that database and make it current. ``postgres`` names :func:`workbench.postgres_url`.

The current connection is the last ``wb.connect(...)`` of the session that is still held (the
facade calls :func:`remember`), or the last one ``%sql`` opened; an in-memory DuckDB when there is none.

An error is one line (``error: ...``: the failing statement's number and the engine's message,
password masked), never a traceback; a broken schema in ``%%prisma`` displays its located
diagnostics (``cell.prisma:LINE:COL``, the cell's own line numbers) like ``wb.load`` does.
"""

from __future__ import annotations

import argparse
import re
import shlex
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workbench.api.schema import LoadedSchema
from workbench.db.statements import split_statements
from workbench.diagnostics import UserError

if TYPE_CHECKING:
    from workbench.api.database import Database
    from workbench.render.erd import Erd

# The current connection, held weakly: remembering a database must not keep it (and its file lock
# or server connection) alive after the user's code let go of it. The ones %sql opened itself are
# held in _owned (and closed on unload).
_current: list[weakref.ref[Database]] = []
_owned: list[Database] = []

_URL = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*://\S*|postgres|postgresql)$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_TEMPLATE = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
# what a :name must never be read inside of: strings, quoted names, dollar quotes, comments; and casts (::)
_SKIP_OR_PARAM = re.compile(
    r"""
      '(?:[^']|'')*'
    | "(?:[^"]|"")*"
    | \$(?P<tag>[A-Za-z_]*)\$.*?\$(?P=tag)\$
    | --[^\n]*
    | /\*.*?\*/
    | ::
    | (?<![A-Za-z0-9_:]):(?P<name>[A-Za-z_][A-Za-z0-9_]*)
    """,
    re.VERBOSE | re.DOTALL,
)


class MagicError(UserError):
    """A magic that cannot do what it was asked: IPython shows the one line, not a traceback."""

    def _render_traceback_(self) -> list[str]:  # IPython's hook for exceptions that format themselves
        return [f"error: {self}"]


def remember(db: Database) -> None:
    """Make ``db`` the current connection of ``%sql`` (called by ``wb.connect``)."""
    _current[:] = [weakref.ref(db)]


def current() -> Database:
    """The current connection; an in-memory DuckDB (opened now) when the session has none."""
    db = _current[0]() if _current else None
    if db is None:
        from workbench.api.database import connect

        db = connect(None)
        _owned.append(db)
        remember(db)
    return db


def load_ipython_extension(ipython: Any) -> None:
    """Register ``%%prisma`` and ``%sql`` / ``%%sql`` on the shell (``%load_ext workbench``)."""

    def prisma(line: str, cell: str) -> LoadedSchema:
        return prisma_magic(line, cell, ipython.user_ns)

    def sql(line: str, cell: str | None = None) -> Any:
        return sql_magic(line, cell, ipython.user_ns)

    prisma.__doc__ = _PRISMA_HELP
    sql.__doc__ = __doc__
    for func in (prisma, sql):
        func.__dict__["_ipython_magic_no_var_expand"] = True  # IPython must not expand {x} or $x: {{x}} and $1 are ours
    ipython.register_magic_function(prisma, magic_kind="cell", magic_name="prisma")
    ipython.register_magic_function(sql, magic_kind="line_cell", magic_name="sql")


def unload_ipython_extension(ipython: Any) -> None:
    """``%unload_ext workbench``: close the connections ``%sql`` opened (the user's own stay open)."""
    for db in _owned:
        if _current and _current[0]() is db:
            _current.clear()
        db.close()
    _owned.clear()


# --- %%prisma -------------------------------------------------------------------------------------
_PRISMA_HELP = """``%%prisma [NAME] [--no-diagram]``: the cell is a Prisma schema; shows it loaded, with its
diagnostics and its ER diagram, and binds it to ``NAME`` when given."""


class CellSchema(LoadedSchema):
    """A schema typed in a ``%%prisma`` cell: a :class:`LoadedSchema` that displays with its diagram."""

    def __init__(self, loaded: LoadedSchema, diagram: bool) -> None:
        super().__init__(loaded.schema, loaded.diagnostics, loaded.sources, loaded.origin, loaded.database)
        self._diagram = diagram and not loaded.errors and bool(loaded.schema.models)
        self._erd: Erd | None = None

    def _diagram_of(self) -> Erd | None:
        if self._diagram and self._erd is None:
            self._erd = self.erd()
        return self._erd

    def _text(self) -> str:
        erd = self._diagram_of()
        return repr(self) + ("" if erd is None else "\n" + repr(erd))

    def _html(self) -> str:
        body = super()._html()
        erd = self._diagram_of()
        if erd is None:
            return body
        picture = erd._repr_mimebundle_().get("image/svg+xml")
        if not picture:  # no Graphviz: the diagram's own text says so (and gives its Mermaid)
            return body + f"<pre>{_escape(erd._text())}</pre>"
        svg = picture[picture.find("<svg") :]  # without the XML prolog: it is inlined in HTML
        return body + f'<div style="max-width: 100%; overflow: auto">{svg}</div>'


def _escape(text: str) -> str:
    import html

    return html.escape(text)


class _Parser(argparse.ArgumentParser):
    """argparse that raises :class:`MagicError` instead of printing usage and exiting the kernel."""

    def error(self, message: str) -> Any:
        raise MagicError(f"{self.prog}: {message} (usage: {self.format_usage().strip()[7:]})")


def _prisma_parser() -> _Parser:
    p = _Parser(prog="%%prisma", add_help=False)
    p.add_argument("name", nargs="?", help="the variable to bind the loaded schema to")
    p.add_argument("--no-diagram", action="store_true", help="leave the ER diagram out")
    return p


def prisma_magic(line: str, cell: str, namespace: dict[str, Any]) -> LoadedSchema:
    """Load the cell as a Prisma schema. Never raises on a broken schema: it displays its diagnostics."""
    from workbench.api.loading import load

    try:
        args = _prisma_parser().parse_args(shlex.split(line))
    except ValueError as exc:  # shlex: an unclosed quote
        raise MagicError(f"%%prisma {line.strip()}: {exc}") from None
    if args.name is not None and not _NAME.match(args.name):
        raise MagicError(f"%%prisma {args.name}: give a Python variable name to bind the schema to")
    # an empty first line: the schema's lines are numbered as the cell's (line 1 is the %%prisma line)
    loaded = CellSchema(load(text="\n" + cell, name=f"{args.name or 'cell'}.prisma"), not args.no_diagram)
    if args.name is not None:
        namespace[args.name] = loaded
    return loaded


# --- %sql -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SqlRequest:
    """What a ``%sql`` line (and cell) asks for."""

    sql: str
    url: str | None = None  # run on this database (and make it current)
    target: str | None = None  # ``NAME <<``: store the DataFrame in this variable


def parse_sql(line: str, cell: str | None) -> SqlRequest:
    """Split the magic's options (``--connection URL``, a leading URL, ``NAME <<``) from the SQL."""
    rest = line.strip()
    url: str | None = None
    target: str | None = None
    while rest:
        head, tail = _word(rest)
        if head in ("--connection", "-c"):
            if not tail:
                raise MagicError(f"{head} needs a database URL (duckdb:///file.duckdb, postgresql://...)")
            url, rest = _word(tail)
        elif url is None and _URL.match(head):
            url, rest = head, tail
        elif target is None and _NAME.match(head) and tail.startswith("<<"):
            target, rest = head, tail[2:].strip()
        elif target is None and head.endswith("<<") and _NAME.match(head[:-2]):
            target, rest = head[:-2], tail
        else:
            break
    text = rest + ("\n" + cell if cell is not None else "")
    return SqlRequest(text, url, target)


def _word(text: str) -> tuple[str, str]:
    """The first word of ``text`` and the rest, stripped."""
    head, _, tail = text.strip().partition(" ")
    return head, tail.strip()


def sql_magic(line: str, cell: str | None, namespace: dict[str, Any]) -> Any:
    """Run ``%sql`` / ``%%sql``: the DataFrame of the last statement, or None (stored, or nothing to show)."""
    request = parse_sql(line, cell)
    if request.url is not None:
        _switch(request.url)
    if not request.sql.strip():
        if request.url is None:
            print(f"current connection: {current().url}")
        return None
    text = _render_templates(request.sql, namespace)
    statements = split_statements(text)
    if not statements:
        raise MagicError("nothing to run: the SQL holds only comments")
    db = current()
    result = None
    for i, statement in enumerate(statements, 1):
        query, params = bind_parameters(statement, namespace, db.dialect)
        try:
            result = db.sql(query, params)
        except Exception as exc:
            raise MagicError(_failure(db, exc, i, len(statements))) from None
    frame = None if result is None or not result.columns else result.df()
    if request.target is not None:
        namespace[request.target] = frame
        return None
    return frame


def _switch(url: str) -> None:
    from workbench.api.database import connect

    if url in ("postgres", "postgresql"):
        from workbench.db.pgserver import postgres_url

        try:
            url = postgres_url()
        except UserError as exc:
            raise MagicError(str(exc)) from None
    try:
        db = connect(url)
    except UserError as exc:  # ConnectError: one line, password masked already
        raise MagicError(str(exc)) from None
    _owned.append(db)
    remember(db)


def _render_templates(sql: str, namespace: dict[str, Any]) -> str:
    """``{{expr}}`` -> ``str(value)`` of a Python expression evaluated in the notebook's namespace."""

    def value(m: re.Match[str]) -> str:
        expr = m.group(1).strip()
        try:
            return str(eval(expr, namespace))  # the user's own expression, in their own notebook
        except Exception as exc:
            raise MagicError(f"{{{{{expr}}}}}: {type(exc).__name__}: {exc}") from None

    return _TEMPLATE.sub(value, sql)


def bind_parameters(statement: str, namespace: dict[str, Any], dialect: str) -> tuple[str, list[Any] | None]:
    """``:name`` of a defined variable -> the driver's placeholder (``%s`` psycopg, ``?`` DuckDB/SQLite),
    outside strings, quoted names and comments; the values in order. No parameters: the text unchanged."""
    values: list[Any] = []
    out: list[str] = []
    pos = 0
    placeholder = "%s" if dialect == "postgres" else "?"
    for m in _SKIP_OR_PARAM.finditer(statement):
        name = m.group("name")
        if name is None or name not in namespace:
            continue
        out.append(statement[pos : m.start()])
        out.append(placeholder)
        values.append(namespace[name])
        pos = m.end()
    if not values:
        return statement, None
    out.append(statement[pos:])
    if dialect == "postgres":  # psycopg reads every % of a query that has parameters
        pieces = []
        for piece in out:
            pieces.append(piece if piece == placeholder else piece.replace("%", "%%"))
        out = pieces
    return "".join(out), values


def _failure(db: Database, exc: BaseException, index: int, count: int) -> str:
    from workbench.db.connection import error_text

    lines = [line.strip() for line in error_text(exc, db._url).splitlines()]
    # DuckDB's "LINE 1: ..." and caret lines point into a statement the user cannot see here
    message = "; ".join(t for t in lines if t and not t.startswith("LINE ") and t.strip("^ "))
    where = f"statement {index} of {count}" if count > 1 else "the query"
    return f"{where} failed on {db.dialect} ({db.url}): {message}"
