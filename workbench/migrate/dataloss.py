"""Before a down step runs: which data of the live database would it lose? (``migrate down`` refuses
without ``--accept-data-loss`` when this finds any, naming table, column and row count, as Atlas's
pre-migration checks do.)

What the down step does is computed, not guessed from its text: the folder's ``migration.sql`` files
are replayed with the SQL loader up to the migration (the state it left) and then with its
``down.sql`` on top (the state the down step leaves); :func:`workbench.migrate.diff.diff_databases`
between the two gives the down step's operations. A migration without ``down.sql`` is taken with
the down script workbench would write for it (the reverse of what its up step did, from the replayed
state before it). Then, read-only on the live database:

- a table the down step drops: its rows;
- a column the down step drops: the rows where it holds a value. For a column with a constant
  default (``DEFAULT 'draft'``, ``DEFAULT false``), a row holding exactly that default does not
  count: the up step wrote the default into every row that existed, so counting those would make
  every down of "add a column with a default" refuse on any populated table, and a refusal that
  always fires teaches ``--accept-data-loss`` as a reflex. A value other than the default was
  written by someone and is lost. A default that is not a constant (``now()``, a sequence, a
  function) cannot be told from a written value: there every non-NULL value counts;
- a column whose type the down step narrows: the rows whose value does not fit the narrower type
  (where that can be said in SQL, else every non-NULL value);
- enum values the down step removes: the rows holding them.

Reads only: ``SELECT count(*)`` through :meth:`Connection.sql`, which ends its own transaction on
PostgreSQL and leaves a caller's open transaction as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from workbench.db.connection import Connection, error_text
from workbench.db.transaction import transaction_state
from workbench.diagnostics import LoadError, UserError
from workbench.emit.sql.common import literal, q, qualified
from workbench.ir.database import Database, DbColumn
from workbench.loaders.sql.loader import load_sql
from workbench.migrate import ops as o
from workbench.migrate.diff import diff_databases, enum_users
from workbench.migrate.folder import Migration, MigrationFolder, read_folder
from workbench.migrate.ops import Op, TableKey, show
from workbench.migrate.typechange import classify, misfit_predicate

# a default the up step wrote into every row as it is: a quoted string, a number, true/false, cast or not
_CONSTANT = re.compile(r"^\(*\s*(?:'(?:[^']|'')*'|-?\d+(?:\.\d+)?|true|false)\s*\)*(?:::[\w\s\"().,\[\]]+)?$", re.I)


@dataclass(frozen=True, slots=True)
class Loss:
    """Data a down step would lose: ``rows`` of ``table`` (``column`` None: the whole table)."""

    table: str  # shown as "schema"."name" or "name"
    column: str | None
    rows: int
    what: str  # the whole sentence, for messages

    def __str__(self) -> str:
        return self.what


def check(conn: Connection, folder: MigrationFolder | str | Path, migration: Migration | str) -> list[Loss]:
    """The data the down step of ``migration`` (already applied to ``conn``'s database) would lose.

    Empty when nothing is lost. :class:`~workbench.diagnostics.LoadError` when the folder's SQL does
    not load (the loader's located errors).
    """
    found = folder if isinstance(folder, MigrationFolder) else read_folder(folder)
    target = found.find(migration) if isinstance(migration, str) else migration
    index = [m.name for m in found.migrations].index(target.name)
    ups = [m.up_path for m in found.migrations[: index + 1]]
    after = _replay(ups, conn.dialect)
    if target.down is not None:
        back = _replay([*ups, target.down_path], conn.dialect)
    else:
        back = _replay(ups[:-1], conn.dialect)
    down = diff_databases(after, back)
    return losses(conn, target.name, down, after)


def _replay(paths: list[Path], dialect: str) -> Database:
    if not paths:
        return Database(dialect=dialect)
    loaded = load_sql(tuple(paths), dialect=dialect)
    errors = [d for d in loaded.diagnostics if d.severity.name == "ERROR"]
    if errors:
        raise LoadError(errors, loaded.sources)
    return loaded.database


def losses(conn: Connection, name: str, down: tuple[Op, ...], live: Database) -> list[Loss]:
    """What the operations ``down`` (the down step of migration ``name``) would lose on ``conn``,
    whose schema is ``live``. Used by :func:`check`; a rehearsal can call it with a diff's reverse."""
    out: list[Loss] = []
    head = f"down of {name}"
    renamed = {op.new: op.old for op in down if isinstance(op, o.RenameTable)}
    for op in down:
        if isinstance(op, o.DropTable):
            table = _table(op.table)
            n = _count(conn, f"SELECT count(*) FROM {table}")
            if n:
                out.append(Loss(table, None, n, f"{head} drops table {table}, which holds {_rows(n)}"))
        elif isinstance(op, o.DropColumn):
            out += _dropped_column(conn, head, _table(renamed.get(op.on, op.on)), op.column)
        elif isinstance(op, o.AlterColumn) and classify(op.old.type, op.new.type) == "narrow":
            table, col = _table(renamed.get(op.on, op.on)), q(op.old.name)
            test = misfit_predicate(col, op.old.type, op.new.type) or f"{col} IS NOT NULL"
            n = _count(conn, f"SELECT count(*) FROM {table} WHERE {test}")
            if n:
                what = f"{head} narrows {table}.{col} from {op.old.type} to {op.new.type}: {_rows(n)} hold values"
                out.append(Loss(table, op.old.name, n, what + " that do not fit (the step fails or cuts them)"))
        elif isinstance(op, o.AlterEnum) and op.removed:
            values = ", ".join(literal(v) for v in op.removed)
            for key, column in enum_users(live, op.old):
                table, col = _table(key), q(column.name)
                n = _count(conn, f"SELECT count(*) FROM {table} WHERE {_holds(col, column, values, conn.dialect)}")
                if n:
                    what = f"{head} removes {values} from enum {show((op.old.schema, op.old.name))}"
                    out.append(Loss(table, column.name, n, f"{what}: {table}.{col} holds them in {_rows(n)}"))
    return out


def _dropped_column(conn: Connection, head: str, table: str, column: DbColumn) -> list[Loss]:
    col = q(column.name)
    constant = column.default is not None and not column.autoincrement and _CONSTANT.match(column.default.strip())
    where = f"{col} IS NOT NULL"
    n = None
    # a comparison the database refuses would abort a caller's open PostgreSQL transaction: not there
    if constant and column.default is not None and transaction_state(conn.raw, conn.dialect) == "idle":
        differs = "IS NOT" if conn.dialect == "sqlite" else "IS DISTINCT FROM"
        n = _count(
            conn, f"SELECT count(*) FROM {table} WHERE {where} AND {col} {differs} ({column.default})", optional=True
        )
    if n is None:
        n = _count(conn, f"SELECT count(*) FROM {table} WHERE {where}")
    if not n:
        return []
    other = f" other than its default {column.default}" if constant else ""
    what = f"{head} drops column {table}.{col}, which holds values{other} in {_rows(n)}"
    return [Loss(table, column.name, n, what)]


def _holds(col: str, column: DbColumn, values: str, dialect: str) -> str:
    if not column.type.endswith("[]"):
        return f"{col} IN ({values})"
    if dialect == "duckdb":
        return " OR ".join(f"list_contains({col}, {v})" for v in values.split(", "))
    return " OR ".join(f"{v} = ANY({col})" for v in values.split(", "))


def _count(conn: Connection, query: str, *, optional: bool = False) -> int | None:
    """One count, read-only. A refused query is an error (a loss that cannot be counted is never
    reported as none), except an ``optional`` one: then None, and a plainer count is made."""
    try:
        rows = conn.sql(query).rows
    except Exception as exc:
        if optional:
            return None
        raise UserError(
            f"cannot check what the down step would lose: {error_text(exc, conn._url)}\n    {query}"
        ) from None
    return int(rows[0][0] or 0) if rows else 0


def _table(key: TableKey) -> str:
    return qualified(key[1], key[0])


def _rows(n: int) -> str:
    return f"{n:,} row" + ("" if n == 1 else "s")
