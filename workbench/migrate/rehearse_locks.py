"""Lock sampling for a rehearsal on PostgreSQL: which table locks a migration's statements take, and how long.

PostgreSQL does not log the locks a statement takes, so they are observed: a SECOND connection
reads ``pg_locks`` for the migrating backend every few milliseconds while the migration runs
(a background thread), and once more right after each statement (so a statement too quick for
the sampler is still seen). A lock is attributed to the statement during which it was first
seen; it is held until the transaction ends (the last time it was seen). Only tables that
existed before the migration count: a lock on a table the migration creates blocks nobody.
A statement that runs outside the transaction (``CREATE INDEX CONCURRENTLY``) releases its lock
as it ends, so only the sampler sees it: one shorter than a sampling interval may show none.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

# weakest to strongest (PostgreSQL's table-level lock modes, pg_locks spelling)
MODES = (
    "AccessShareLock",
    "RowShareLock",
    "RowExclusiveLock",
    "ShareUpdateExclusiveLock",
    "ShareLock",
    "ShareRowExclusiveLock",
    "ExclusiveLock",
    "AccessExclusiveLock",
)
# the modes that conflict with the RowExclusiveLock every INSERT/UPDATE/DELETE takes ...
BLOCKS_WRITES = frozenset({"ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock"})
# ... and with the AccessShareLock every SELECT takes
BLOCKS_READS = frozenset({"AccessExclusiveLock"})
INTERVAL = 0.005  # seconds between samples

_QUERY = """
SELECT c.oid::bigint, l.mode
FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
WHERE l.pid = %s AND l.granted AND l.locktype = 'relation' AND c.relkind IN ('r', 'p')
"""


def show_mode(mode: str | None) -> str:
    """``AccessExclusiveLock`` -> ``ACCESS EXCLUSIVE`` (the spelling of the PostgreSQL docs and LOCK TABLE)."""
    if not mode:
        return ""
    words: list[str] = []
    for ch in mode.removesuffix("Lock"):
        if ch.isupper() and words:
            words.append(" ")
        words.append(ch.upper())
    return "".join(words)


def strength(mode: str) -> int:
    return MODES.index(mode) if mode in MODES else -1


@dataclass
class Seen:
    """One (table, mode) as observed: first and last time it was seen held."""

    first: float
    last: float


@dataclass
class LockSampler:
    """Samples the table locks of backend ``pid`` on ``conn`` (a second, autocommit psycopg connection).

    ``tables`` maps the oid of every table that existed before the migration to its shown name.
    """

    conn: Any
    pid: int
    tables: dict[int, str]
    seen: dict[tuple[int, str], Seen] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _mutex: threading.Lock = field(default_factory=threading.Lock)
    _thread: threading.Thread | None = None
    error: BaseException | None = None

    def sample(self) -> None:
        """Read pg_locks once (from the sampler thread or, right after a statement, the caller's)."""
        with self._mutex:
            rows = self.conn.execute(_QUERY, (self.pid,)).fetchall()
            now = time.perf_counter()
            for oid, mode in rows:
                if int(oid) not in self.tables:
                    continue
                key = (int(oid), str(mode))
                got = self.seen.get(key)
                if got is None:
                    self.seen[key] = Seen(now, now)
                else:
                    got.last = now

    def _loop(self) -> None:
        try:
            while not self._stop.wait(INTERVAL):
                self.sample()
        except BaseException as exc:  # the sampling connection died: the rehearsal reports it, not a thread trace
            self.error = exc

    def __enter__(self) -> LockSampler:
        self._thread = threading.Thread(target=self._loop, name="workbench-lock-sampler", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def acquired_between(self, start: float, end: float) -> list[tuple[str, str, float]]:
        """(table, mode, first seen) of the locks first seen in ``[start, end]``, strongest first per table."""
        out = [
            (self.tables[oid], mode, s.first) for (oid, mode), s in self.seen.items() if start <= s.first <= end + 1e-9
        ]
        return sorted(out, key=lambda r: (r[0], -strength(r[1])))

    def held_until(self, table: str, mode: str) -> float | None:
        for (oid, m), s in self.seen.items():
            if m == mode and self.tables[oid] == table:
                return s.last
        return None


def table_oids(conn: Any) -> dict[int, str]:
    """oid -> shown name (``schema.table`` outside ``public``) of every user table now."""
    rows = conn.execute(
        "SELECT c.oid::bigint, n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
        " AND n.nspname NOT LIKE 'pg_toast%%' AND n.nspname NOT LIKE 'pg_temp%%'"
    ).fetchall()
    return {int(oid): (name if schema == "public" else f"{schema}.{name}") for oid, schema, name in rows}
