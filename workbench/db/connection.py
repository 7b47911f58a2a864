"""``Connection``: one driver object for DuckDB (the embedded default), PostgreSQL and SQLite.

This is what features (seeding, profiling, monitoring) work on: a raw driver connection, its
dialect, queries and all-or-nothing scripts. What users hold, with ``apply``/``profile``/``advise``
and the monitoring methods, is :class:`workbench.api.database.Database`, a subclass.

Running a script is all-or-nothing: every statement runs inside one transaction (DDL is
transactional on all three engines) and a failure rolls everything back, so a broken schema
never leaves a half-built database behind; a transaction the caller has open is never rolled
back (see :mod:`workbench.db.transaction`). The connection's URL is only ever handed to the
driver: what users see is masked (:mod:`workbench.db.secrets`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Self

from workbench.db.opening import open_url
from workbench.db.secrets import redact_url, scrub
from workbench.db.statements import split_statements
from workbench.db.transaction import atomic, transaction_state
from workbench.db.urls import parse_url
from workbench.diagnostics import UserError
from workbench.display import RichDisplay, html_table

if TYPE_CHECKING:
    import pandas as pd


class ApplyError(UserError):
    """A statement failed while applying DDL; the transaction was rolled back."""


@dataclass(frozen=True)
class QueryResult(RichDisplay):
    """Rows of a query, displayed as a table in notebooks; ``df()`` gives a pandas DataFrame."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]

    def df(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(list(self.rows), columns=list(self.columns))

    def __len__(self) -> int:
        return len(self.rows)

    def __repr__(self) -> str:
        cells = [list(self.columns)] + [[_cell(v) for v in r] for r in self.rows]
        widths = [max(len(c[i]) for c in cells) for i in range(len(self.columns))]
        lines = ["  ".join(v.ljust(w) for v, w in zip(c, widths, strict=True)).rstrip() for c in cells]
        lines.insert(1, "  ".join("-" * w for w in widths))
        lines.append(f"({len(self.rows)} row{'s' if len(self.rows) != 1 else ''})")
        return "\n".join(lines)

    def _html(self) -> str:
        return html_table(self.columns, [[_cell(v) for v in r] for r in self.rows])


def _cell(v: Any) -> str:
    return "NULL" if v is None else str(v)


class Connection:
    """An open database, as features use it (users get :class:`workbench.api.database.Database`).

    ``url`` is the URL with its password masked (what displays and messages show); the real URL
    is kept private and only ever handed to the driver.
    """

    def __init__(self, dialect: str, raw: Any, url: str):
        self.dialect = dialect
        self.raw = raw
        self._url = url

    @property
    def url(self) -> str:
        """The database's URL with the password masked as ``****``."""
        return redact_url(self._url)

    @classmethod
    def open(cls, url: str | None = None, *, timeout: float | None = None, create: bool = True) -> Self:
        """Open ``url`` (see :func:`workbench.connect`); :class:`ConnectError` when it cannot be opened.

        ``timeout``: connect timeout in seconds for PostgreSQL (see :mod:`workbench.db.opening`).
        ``create=False`` refuses a DuckDB/SQLite file that does not exist instead of creating it.
        """
        target = parse_url(url)
        dialect, raw = open_url(target.url, create=create, timeout=timeout)
        return cls(dialect, raw, target.url)

    def __repr__(self) -> str:
        return f"<workbench.Connection {self.dialect} {self.url}>"

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.raw.close()

    def run_script(self, script: str) -> None:
        """Run every statement of a script all-or-nothing (:func:`~workbench.db.transaction.atomic`).

        Without an open transaction the script runs in its own and commits. Inside the caller's
        open transaction it runs under a savepoint (PostgreSQL, SQLite): a failure undoes only the
        script and the caller's uncommitted work stays; success leaves the transaction open for
        the caller to commit. DuckDB has no savepoints: there it is refused before anything runs.
        """
        statements = split_statements(script)
        inside = transaction_state(self.raw, self.dialect) == "open"
        try:
            self._run_atomically(statements, inside)
        except ApplyError:
            raise
        except self._driver_errors() as exc:  # the COMMIT itself (deferred constraints), rolled back by atomic()
            raise ApplyError(
                f"the commit failed on {self.dialect}: {error_text(exc, self._url)}\n"
                "The transaction was rolled back: the database is unchanged."
            ) from None

    def _driver_errors(self) -> tuple[type[BaseException], ...]:
        if self.dialect == "postgres":
            import psycopg

            return (psycopg.Error,)
        if self.dialect == "sqlite":
            import sqlite3

            return (sqlite3.Error,)
        import duckdb

        return (duckdb.Error,)

    def _run_atomically(self, statements: list[str], inside: bool) -> None:
        with atomic(self.raw, "apply", self.dialect):
            for i, stmt in enumerate(statements, 1):
                try:
                    self._execute(stmt)
                except Exception as exc:
                    undone = (
                        "It was rolled back to a savepoint: nothing of it remains and your open transaction "
                        "(with its uncommitted changes) is kept."
                        if inside
                        else "The transaction was rolled back: the database is unchanged."
                    )
                    raise ApplyError(
                        f"statement {i} of {len(statements)} failed on {self.dialect}: "
                        f"{error_text(exc, self._url)}\n    {scrub(stmt, self._url)}\n{undone}"
                    ) from None

    # --- queries ---------------------------------------------------------------------------------
    def sql(self, query: str, params: Any = None) -> QueryResult:
        """Run a query and return its rows."""
        if self.dialect == "postgres":
            # Each query commits on its own (like the other engines' autocommit), unless the caller
            # has a transaction open on ``db.raw``: that one is theirs to commit or roll back.
            ours = transaction_state(self.raw, "postgres") == "idle"
            try:
                with self.raw.cursor() as cur:
                    cur.execute(query, params)
                    columns = tuple(d.name for d in cur.description or ())
                    rows = tuple(tuple(r) for r in cur.fetchall()) if cur.description else ()
            except BaseException:
                if ours:
                    self.raw.rollback()
                raise
            if ours:
                self.raw.commit()
            return QueryResult(columns, rows)
        cur = self.raw.execute(query, params or ())
        columns = tuple(d[0] for d in cur.description or ())
        rows = tuple(tuple(r) for r in cur.fetchall()) if cur.description else ()
        return QueryResult(columns, rows)

    def _execute(self, stmt: str) -> None:
        self.raw.execute(stmt)


def error_text(exc: BaseException, url: str | None = None) -> str:
    """The whole of a driver's error message, password scrubbed.

    PostgreSQL's primary message (which may span lines: a quoted identifier can hold a newline)
    plus its DETAIL and HINT from psycopg's ``diag``; DuckDB's and SQLite's message as a whole.
    """
    diag = getattr(exc, "diag", None)
    primary = getattr(diag, "message_primary", None)
    if diag is not None and primary:
        parts = [primary]
        for label, value in (("DETAIL", diag.message_detail), ("HINT", diag.message_hint)):
            if value:
                parts.append(f"{label}: {value}")
        text = "\n".join(parts)
    else:
        text = str(exc).strip() or type(exc).__name__
    return scrub(text, url)
