"""Cache hit ratio (pg_statio) and connection pool usage (SQLAlchemy QueuePool).

The cache hit ratio counts PostgreSQL's *shared buffers* only: a block found in the operating
system's page cache still counts as a read, so the ratio is a lower bound on how much was served
from memory. Backends publish their I/O counters to the statistics system when a transaction ends,
at most about once a second, so activity of the last second may not be counted yet.

Pool usage supports SQLAlchemy's ``QueuePool`` (the default pool of ``create_engine`` for
PostgreSQL, and its asyncio variant). ``psycopg_pool`` is not a dependency of workbench and is not
supported; neither are pools that do not pool (``NullPool``, ``StaticPool``).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workbench.diagnostics import UserError
from workbench.display import RichDisplay, html_table
from workbench.profile.monitor import fetch, pg_raw, publish_own_stats, text_table

if TYPE_CHECKING:
    import pandas as pd


def ratio(hit: int, read: int) -> float | None:
    return hit / (hit + read) if hit + read else None


def pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.1f}%"


@dataclass(frozen=True)
class TableCache:
    """Block requests of one table: its heap and all its indexes (pg_statio_user_tables)."""

    schema: str
    table: str
    heap_hit: int
    heap_read: int
    index_hit: int
    index_read: int

    @property
    def heap_ratio(self) -> float | None:
        return ratio(self.heap_hit, self.heap_read)

    @property
    def index_ratio(self) -> float | None:
        return ratio(self.index_hit, self.index_read)


@dataclass(frozen=True)
class IndexCache:
    """Block requests of one index (pg_statio_user_indexes)."""

    schema: str
    table: str
    index: str
    hit: int
    read: int

    @property
    def ratio(self) -> float | None:
        return ratio(self.hit, self.read)


@dataclass(frozen=True)
class CacheReport(RichDisplay):
    tables: tuple[TableCache, ...]
    indexes: tuple[IndexCache, ...]

    @property
    def heap_ratio(self) -> float | None:
        return ratio(sum(t.heap_hit for t in self.tables), sum(t.heap_read for t in self.tables))

    @property
    def index_ratio(self) -> float | None:
        return ratio(sum(t.index_hit for t in self.tables), sum(t.index_read for t in self.tables))

    @property
    def ratio(self) -> float | None:
        """Heap and index blocks together: the single number usually quoted (aim for > 99% on OLTP)."""
        hit = sum(t.heap_hit + t.index_hit for t in self.tables)
        return ratio(hit, sum(t.heap_read + t.index_read for t in self.tables))

    def table(self, name: str) -> TableCache:
        for t in self.tables:
            if t.table == name or f"{t.schema}.{t.table}" == name:
                return t
        raise KeyError(name)

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        rows = [
            [t.schema, t.table, t.heap_hit, t.heap_read, t.heap_ratio, t.index_hit, t.index_read, t.index_ratio]
            for t in self.tables
        ]
        cols = ["schema", "table", "heap_hit", "heap_read", "heap_ratio", "index_hit", "index_read", "index_ratio"]
        return pd.DataFrame(rows, columns=cols)

    def _rows(self) -> list[list[str]]:
        return [
            [
                t.table,
                *(pct(t.heap_ratio), f"{t.heap_hit:,}", f"{t.heap_read:,}"),
                *(pct(t.index_ratio), f"{t.index_hit:,}", f"{t.index_read:,}"),
            ]
            for t in self.tables
        ]

    _HEAD = ("table", "heap ratio", "heap hits", "heap reads", "index ratio", "index hits", "index reads")

    def summary(self) -> str:
        return (
            f"cache hit ratio {pct(self.ratio)} (heap {pct(self.heap_ratio)}, index {pct(self.index_ratio)})"
            f" over {len(self.tables)} tables"
        )

    def __repr__(self) -> str:
        return self.summary() + "\n" + text_table(self._HEAD, self._rows(), right={1, 2, 3, 4, 5, 6})

    def _html(self) -> str:
        body = f"<p><b>{html.escape(self.summary())}</b></p>" + html_table(self._HEAD, self._rows())
        return f"<div>{body}</div>"


def cache_hit_ratio(con: Any) -> CacheReport:
    """Shared-buffer hit ratios of the user tables and indexes of the current database (since stats reset)."""
    raw = pg_raw(con)
    publish_own_stats(raw)
    tables = fetch(
        raw,
        "SELECT schemaname, relname, coalesce(heap_blks_hit, 0), coalesce(heap_blks_read, 0),"
        " coalesce(idx_blks_hit, 0), coalesce(idx_blks_read, 0) FROM pg_statio_user_tables"
        " ORDER BY schemaname, relname",
        fresh_stats=True,
    )
    indexes = fetch(
        raw,
        "SELECT schemaname, relname, indexrelname, coalesce(idx_blks_hit, 0), coalesce(idx_blks_read, 0)"
        " FROM pg_statio_user_indexes ORDER BY schemaname, relname, indexrelname",
        fresh_stats=True,
    )
    return CacheReport(
        tuple(TableCache(s, t, int(a), int(b), int(c), int(d)) for s, t, a, b, c, d in tables),
        tuple(IndexCache(s, t, i, int(a), int(b)) for s, t, i, a, b in indexes),
    )


# --- connection pool -------------------------------------------------------------------------------
@dataclass(frozen=True)
class PoolUsage(RichDisplay):
    """A snapshot of a SQLAlchemy QueuePool."""

    size: int  # pool_size: connections kept open
    max_overflow: int  # extra connections allowed beyond size (-1: unlimited)
    checked_out: int  # in use by the application right now
    checked_in: int  # open and idle in the pool
    overflow: int  # overflow connections open now (0 when fewer than `size` are open)
    timeout_s: float  # how long a checkout waits when the pool is exhausted

    @property
    def capacity(self) -> int | None:
        return None if self.max_overflow < 0 else self.size + self.max_overflow

    @property
    def utilization(self) -> float | None:
        """checked_out / capacity; 1.0 means the next checkout waits up to ``timeout_s``."""
        cap = self.capacity
        return self.checked_out / cap if cap else None

    def __repr__(self) -> str:
        cap = "unlimited" if self.capacity is None else str(self.capacity)
        return (
            f"pool: {self.checked_out} checked out of {cap} ({pct(self.utilization)}); "
            f"size {self.size}, {self.checked_in} idle, overflow {self.overflow}/{self.max_overflow}"
        )

    def _html(self) -> str:
        return f"<p>{html.escape(repr(self))}</p>"


def pool_usage(engine: Any) -> PoolUsage:
    """Usage of a SQLAlchemy engine's QueuePool (or the pool itself); UserError for other pools."""
    from sqlalchemy.pool import QueuePool

    pool = getattr(getattr(engine, "engine", engine), "pool", engine)
    if not isinstance(pool, QueuePool):
        raise UserError(
            f"pool usage supports SQLAlchemy's QueuePool only, not {type(pool).__name__}"
            " (psycopg_pool is not supported; NullPool/StaticPool keep no pool to measure)"
        )
    return PoolUsage(
        size=pool.size(),
        max_overflow=pool._max_overflow,
        checked_out=pool.checkedout(),
        checked_in=pool.checkedin(),
        overflow=max(pool.overflow(), 0),
        timeout_s=float(pool.timeout()),
    )
