"""The ``_prisma_migrations`` table: which migrations a database has, as Prisma Migrate records them.

We keep Prisma's table, columns and meaning so a project can move between the two tools without
losing its history: ``prisma migrate status`` reads what we write and we read what it wrote.

A row's state, as Prisma reads it:

- **applied**: ``finished_at`` set, ``rolled_back_at`` empty;
- **rolled back**: ``rolled_back_at`` set (the attempt is history; the migration counts as not applied);
- **failed**: neither set (it started and never finished: it failed, or its runner was killed).

These functions only run statements: the caller (the runner) decides the transactions, so a
migration and its row commit together.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from workbench.db.connection import Connection
from workbench.dialects import registry

TABLE = "_prisma_migrations"
COLUMNS = (
    "id",
    "checksum",
    "finished_at",
    "migration_name",
    "logs",
    "rolled_back_at",
    "started_at",
    "applied_steps_count",
)

State = Literal["applied", "failed", "rolled back"]


@dataclass(frozen=True, slots=True)
class Record:
    """One row of ``_prisma_migrations`` (times in UTC)."""

    id: str
    checksum: str
    migration_name: str
    started_at: datetime | None
    finished_at: datetime | None
    rolled_back_at: datetime | None
    logs: str | None
    applied_steps_count: int

    @property
    def state(self) -> State:
        if self.rolled_back_at is not None:
            return "rolled back"
        return "applied" if self.finished_at is not None else "failed"


def create_sql(dialect: str) -> str:
    """``CREATE TABLE _prisma_migrations`` as Prisma's schema engine writes it for ``dialect``."""
    engine = registry.get(dialect)
    ts = engine.migration_timestamp_type
    id_t, sum_t, name_t = engine.migration_text_types
    q = engine.quote
    now = "now()" if engine.advisory_locks else "current_timestamp"
    return (
        f"CREATE TABLE {q(TABLE)} (\n"
        f"    {q('id')} {id_t} PRIMARY KEY NOT NULL,\n"
        f"    {q('checksum')} {sum_t} NOT NULL,\n"
        f"    {q('finished_at')} {ts},\n"
        f"    {q('migration_name')} {name_t} NOT NULL,\n"
        f"    {q('logs')} TEXT,\n"
        f"    {q('rolled_back_at')} {ts},\n"
        f"    {q('started_at')} {ts} NOT NULL DEFAULT {now},\n"
        f"    {q('applied_steps_count')} {engine.migration_steps_type} NOT NULL DEFAULT 0\n"
        ")"
    )


def exists(conn: Connection) -> bool:
    """Whether the database has the table (in the connection's default schema / search path)."""
    if registry.get(conn.dialect).information_schema:
        ph = registry.get(conn.dialect).placeholder
        row = _execute(
            conn,
            "SELECT count(*) FROM information_schema.tables WHERE table_name = "
            f"{ph} AND table_schema = current_schema()",
            (TABLE,),
        ).fetchone()
    else:
        query = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?"
        row = _execute(conn, query, (TABLE,)).fetchone()
    return bool(row and row[0])


def ensure(conn: Connection) -> bool:
    """Create the table when missing (in the caller's transaction); True when it was created."""
    if exists(conn):
        return False
    _execute(conn, create_sql(conn.dialect))
    return True


def read(conn: Connection) -> tuple[Record, ...]:
    """Every row, oldest first (by ``started_at``, then name); empty when the table does not exist."""
    if not exists(conn):
        return ()
    q = registry.get(conn.dialect).quote
    cols = ", ".join(q(c) for c in COLUMNS)
    rows = _execute(conn, f"SELECT {cols} FROM {q(TABLE)}").fetchall()
    records = [
        Record(
            id=str(r[0]),
            checksum=str(r[1]),
            finished_at=_time(r[2]),
            migration_name=str(r[3]),
            logs=r[4],
            rolled_back_at=_time(r[5]),
            started_at=_time(r[6]),
            applied_steps_count=int(r[7] or 0),
        )
        for r in rows
    ]
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    return tuple(sorted(records, key=lambda r: (r.started_at or epoch, r.migration_name)))


def insert(
    conn: Connection,
    name: str,
    checksum: str,
    *,
    finished: bool = False,
    steps: int = 0,
    logs: str | None = None,
    rolled_back: bool = False,
) -> str:
    """Add a row for migration ``name`` started now; returns its id (a UUID, as Prisma's)."""
    row_id = str(uuid.uuid4())
    now = _now(conn)
    values = (row_id, checksum, now if finished else None, name, logs, now if rolled_back else None, now, steps)
    _execute(conn, f"INSERT INTO {_table(conn)} ({_cols(conn)}) VALUES ({_marks(conn, len(COLUMNS))})", values)
    return row_id


def finish(conn: Connection, row_id: str, steps: int) -> None:
    """Mark the row applied: ``finished_at`` now, ``applied_steps_count`` = ``steps``."""
    _update(conn, row_id, finished_at=_now(conn), applied_steps_count=steps)


def fail(conn: Connection, row_id: str, logs: str, *, rolled_back: bool, steps: int = 0) -> None:
    """Record a failed attempt: its log; ``rolled_back`` when nothing of it remains in the database."""
    fields: dict[str, Any] = {"logs": logs, "applied_steps_count": steps}
    if rolled_back:
        fields["rolled_back_at"] = _now(conn)
    _update(conn, row_id, **fields)


def roll_back(conn: Connection, row_id: str) -> None:
    """Mark the row rolled back (its down script ran, or ``resolve --rolled-back``)."""
    _update(conn, row_id, rolled_back_at=_now(conn))


def _update(conn: Connection, row_id: str, **fields: Any) -> None:
    ph = registry.get(conn.dialect).placeholder
    q = registry.get(conn.dialect).quote
    sets = ", ".join(f"{q(k)} = {ph}" for k in fields)
    _execute(conn, f"UPDATE {_table(conn)} SET {sets} WHERE {q('id')} = {ph}", (*fields.values(), row_id))


def _execute(conn: Connection, sql: str, params: tuple[Any, ...] = ()) -> Any:
    """Run one statement on the driver (a cursor comes back on all three drivers)."""
    return conn.raw.execute(sql, params)


def _table(conn: Connection) -> str:
    return registry.get(conn.dialect).quote(TABLE)


def _cols(conn: Connection) -> str:
    q = registry.get(conn.dialect).quote
    return ", ".join(q(c) for c in COLUMNS)


def _marks(conn: Connection, n: int) -> str:
    return ", ".join([registry.get(conn.dialect).placeholder] * n)


def _now(conn: Connection) -> Any:
    """Now in UTC, as the engine's driver takes it: aware for PostgreSQL, naive UTC for DuckDB's
    TIMESTAMP, ISO text for SQLite (which has no time type: Prisma's own rows are text too)."""
    now = datetime.now(UTC)
    engine = registry.get(conn.dialect)
    if engine.migration_timestamp_type == "TIMESTAMPTZ":
        return now
    if engine.migration_timestamp_type == "TIMESTAMP":
        return now.replace(tzinfo=None)
    return now.isoformat(sep=" ", timespec="milliseconds")


def _time(value: Any) -> datetime | None:
    """A stored time as an aware UTC datetime (text, epoch milliseconds or a datetime)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value / 1000, UTC)
    text = str(value).strip().replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
