"""All-or-nothing work on a connection without touching the caller's own transaction.

The rule (for apply, seed, and anything else that writes): when the connection has no open
transaction, the work runs in a transaction of its own that commits on success and rolls back on
failure. When the caller already has a transaction open, the work runs inside it under a
savepoint: a failure rolls back to the savepoint only, success leaves the caller's transaction
open for the caller to commit (SQLAlchemy's and psycopg's nesting rule). DuckDB has no
savepoints and aborts the whole transaction on any error, so there the work is refused before
it starts, with the caller's transaction and its uncommitted rows left exactly as they were.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterator
from typing import Any

from workbench.diagnostics import UserError
from workbench.dialects import registry
from workbench.dialects.registry import UnknownEngineError


class TransactionStateError(UserError):
    """The caller's transaction is in a state the work cannot safely run in."""


_savepoints = itertools.count(1)


def dialect_of_raw(raw: Any) -> str:
    """The engine name of an open driver connection (see :func:`workbench.dialects.registry.from_connection`)."""
    try:
        return registry.from_connection(raw).name
    except UnknownEngineError:
        raise TransactionStateError(f"not a DuckDB, SQLite or psycopg connection: {type(raw).__name__}") from None


def transaction_state(raw: Any, dialect: str | None = None) -> str:
    """``idle`` (no transaction open), ``open`` (the caller's transaction) or ``failed``.

    Reading the state never changes it: on DuckDB two ``txid_current()`` calls return the same id
    only inside one transaction (autocommit gives every statement a new one), and an aborted
    transaction refuses the call.
    """
    dialect = dialect or dialect_of_raw(raw)
    if dialect == "postgres":
        from psycopg import pq

        status = raw.info.transaction_status
        if status == pq.TransactionStatus.IDLE:
            return "idle"
        if status == pq.TransactionStatus.INTRANS:
            return "open"
        return "failed"
    if dialect == "sqlite":
        return "open" if raw.in_transaction else "idle"
    try:
        first = raw.execute("SELECT txid_current()").fetchall()
        second = raw.execute("SELECT txid_current()").fetchall()
    except Exception:
        return "failed"
    return "open" if first == second else "idle"


@contextlib.contextmanager
def atomic(raw: Any, what: str, dialect: str | None = None) -> Iterator[None]:
    """Run the block all-or-nothing under the rule in this module's docstring.

    ``what`` names the work in the refusal message (``"apply"``, ``"seed"``).
    """
    dialect = dialect or dialect_of_raw(raw)
    state = transaction_state(raw, dialect)
    if state == "failed":
        raise TransactionStateError(
            f"cannot {what}: the connection's transaction has failed; roll it back first (nothing was changed)"
        )
    engine = registry.get(dialect)
    if state == "open" and not engine.supports_savepoints:
        raise TransactionStateError(
            f"cannot {what} inside your open {engine.label} transaction ({engine.label} has no savepoints, so a "
            "failure would discard your uncommitted work): COMMIT or ROLLBACK it first (nothing was changed)"
        )
    if dialect == "postgres":
        # psycopg: a savepoint when the caller's transaction is open, else BEGIN ... COMMIT.
        with raw.transaction():
            yield
        return
    if state == "open":
        name = f"workbench_{next(_savepoints)}"
        raw.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            raw.execute(f"ROLLBACK TO SAVEPOINT {name}")
            raw.execute(f"RELEASE SAVEPOINT {name}")
            raise
        raw.execute(f"RELEASE SAVEPOINT {name}")
        return
    raw.execute("BEGIN")
    try:
        yield
        raw.execute("COMMIT")  # may itself fail (SQLite: a deferred foreign key), leaving the transaction open
    except BaseException:
        if transaction_state(raw, dialect) != "idle":
            raw.execute("ROLLBACK")
        raise
