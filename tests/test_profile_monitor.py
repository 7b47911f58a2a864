"""PostgreSQL monitoring on a real server: pg_stat_statements workload and slow log, pg_statio cache
hit ratio, SQLAlchemy pool usage, unused and duplicate indexes."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import TypeVar

import psycopg
import pytest

import workbench as wb
from workbench.db.connection import Connection
from workbench.diagnostics import UserError
from workbench.profile.monitor import reset_statements, watch, workload
from workbench.profile.monitor_health import cache_hit_ratio, pool_usage
from workbench.profile.monitor_indexes import index_report

T = TypeVar("T")


@pytest.fixture
def db(pg_url: str) -> Iterator[Connection]:
    con = wb.connect(pg_url)
    con.sql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
    yield con
    con.close()


def flushed(con: psycopg.Connection) -> None:
    """Make this backend publish its pending statistics now (they are otherwise batched ~1 s)."""
    con.execute("SELECT pg_stat_force_next_flush()")
    con.commit()


def eventually(read: Callable[[], T], ok: Callable[[T], bool], seconds: float = 5.0) -> T:
    """Re-read until ``ok``: another backend's statistics arrive asynchronously."""
    deadline = time.monotonic() + seconds
    value = read()
    while not ok(value) and time.monotonic() < deadline:
        time.sleep(0.05)
        value = read()
    return value


def test_workload_top_statements_of_this_database_only(db: Connection, pg_url2: str) -> None:
    db.sql("CREATE TABLE items AS SELECT g AS id, g % 10 AS grp FROM generate_series(1, 5000) g")
    with psycopg.connect(pg_url2) as other:  # another database on the same server: must not show up
        other.execute("SELECT 424242 AS elsewhere")
    reset_statements(db)
    for grp in range(5):
        db.sql("SELECT count(*) FROM items WHERE grp = %s", (grp,))
    db.sql("SELECT pg_sleep(0.03)")
    w = workload(db, top=2)
    queries = {s.query: s for s in w.statements}
    lookup = queries["SELECT count(*) FROM items WHERE grp = $1"]
    assert lookup.calls == 5 and lookup.rows == 5 and lookup.shared_blks_hit + lookup.shared_blks_read > 0
    assert 0 <= (lookup.hit_ratio or 0) <= 1
    assert w.by_mean[0].query == "SELECT pg_sleep($1)" and w.by_mean[0].mean_ms >= 30
    assert len(w.by_total) == 2 and w.by_total[0].total_ms >= w.by_total[1].total_ms
    assert [s.total_ms for s in w.statements] == sorted((s.total_ms for s in w.statements), reverse=True)
    assert not any("424242" in q or "$1 AS elsewhere" in q for q in queries)
    assert not any("workbench.monitor" in q for q in queries)  # our own catalog reads are left out
    text, bundle = repr(w), w._repr_mimebundle_()
    assert "top by total time:" in text and "top by mean time:" in text and "SELECT pg_sleep($1)" in text
    assert "<table>" in bundle["text/html"] and bundle["text/plain"] == text
    frame = w.to_frame()
    assert len(frame) == len(w.statements) and {"query", "calls", "total_ms", "mean_ms"} <= set(frame.columns)


def test_watch_logs_only_slow_shapes_run_inside_the_block(db: Connection) -> None:
    reset_statements(db)
    db.sql("SELECT pg_sleep(0.01)")  # same shape before the block: the log counts the block's calls only
    db.sql("SELECT 1 + 1")
    with watch(db, threshold_ms=20) as log:
        db.sql("SELECT pg_sleep(0.05)")
        for i in range(3):
            db.sql("SELECT %s::int + 1", (i,))
    assert log.queries() == ["SELECT pg_sleep($1)"]
    slow = log.statements[0]
    assert slow.calls == 1 and 50 <= slow.mean_ms < 1000 and slow.rows == 1
    assert log.executed >= 2  # the fast shape ran too, under the threshold
    assert "1 of" in repr(log) and "SELECT pg_sleep($1)" in log._repr_mimebundle_()["text/html"]
    with watch(db.raw, threshold_ms=20) as quiet:  # a raw psycopg connection works too
        db.sql("SELECT 2 + 2")
    assert len(quiet) == 0 and quiet.executed >= 1


def test_watch_fills_the_log_when_the_block_raises(db: Connection) -> None:
    with pytest.raises(RuntimeError), watch(db, threshold_ms=20) as log:
        db.sql("SELECT pg_sleep(0.04)")
        raise RuntimeError("boom")
    assert log.queries() == ["SELECT pg_sleep($1)"]


def test_cache_hit_ratio_after_reads(db: Connection, pg_url: str) -> None:
    db.sql("CREATE TABLE hot (id int PRIMARY KEY, v text)")
    db.sql("INSERT INTO hot SELECT g, repeat('x', 50) FROM generate_series(1, 2000) g")
    db.sql("SELECT count(*) FROM hot")  # this connection's own reads count at once (counters published first)
    assert cache_hit_ratio(db).table("hot").heap_hit + cache_hit_ratio(db).table("hot").heap_read > 0
    with psycopg.connect(pg_url) as reader:
        for _ in range(5):
            reader.execute("SELECT sum(length(v)) FROM hot").fetchall()
            reader.execute("SELECT v FROM hot WHERE id = 7").fetchall()
        flushed(reader)
    report = eventually(lambda: cache_hit_ratio(db), lambda r: r.table("hot").heap_hit > 0)
    hot = report.table("hot")
    assert hot.heap_hit > 0 and hot.heap_ratio is not None and 0 < hot.heap_ratio <= 1
    assert report.ratio is not None and 0 < report.ratio <= 1
    assert report.heap_ratio is not None and 0 < report.heap_ratio <= 1
    assert any(i.index == "hot_pkey" and i.hit + i.read > 0 for i in report.indexes)
    assert report.index_ratio is not None and 0 <= report.index_ratio <= 1
    assert repr(report).startswith("cache hit ratio ") and "hot" in repr(report)
    assert list(report.to_frame()["table"]) == ["hot"]


def test_pool_usage_of_a_sqlalchemy_engine(pg_url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    engine = create_engine(pg_url.replace("postgresql://", "postgresql+psycopg://"), pool_size=2, max_overflow=1)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            usage = pool_usage(engine)
            assert (usage.checked_out, usage.checked_in, usage.size, usage.capacity) == (1, 0, 2, 3)
            assert usage.utilization == pytest.approx(1 / 3) and usage.overflow == 0
            assert repr(usage).startswith("pool: 1 checked out of 3")
        after = pool_usage(engine.pool)
        assert (after.checked_out, after.checked_in) == (0, 1)
    finally:
        engine.dispose()
    null = create_engine(pg_url.replace("postgresql://", "postgresql+psycopg://"), poolclass=NullPool)
    with pytest.raises(UserError, match="QueuePool only"):
        pool_usage(null)


SCHEMA = """\
datasource db {
  provider = "postgresql"
}

model Customer {
  id    Int     @id
  email String  @unique
  name  String
  orders Order[]

  @@index([name])
  @@index([email])
}

model Order {
  id         Int      @id
  customerId Int
  customer   Customer @relation(fields: [customerId], references: [id])

  @@index([customerId])
}
"""


def test_unused_and_duplicate_indexes_with_prisma_lines(db: Connection, pg_url: str) -> None:
    loaded = wb.load(text=SCHEMA, name="shop.prisma")
    db.apply(loaded)
    db.sql("INSERT INTO \"Customer\" SELECT g, g || '@x', 'n' || g FROM generate_series(1, 200) g")
    db.sql('CREATE INDEX order_customer_copy ON "Order" ("customerId")')  # exact duplicate, not in Prisma
    db.sql('CREATE INDEX lower1 ON "Customer" (lower(email))')
    db.sql('CREATE INDEX lower2 ON "Customer"   ( lower( email ) )')  # same expression, other spelling
    db.sql('CREATE INDEX part ON "Customer" (name) WHERE id > 10')  # differs by its predicate
    db.sql('CREATE INDEX "Customer_name_hash" ON "Customer" USING hash (name)')  # differs by access method
    with psycopg.connect(pg_url) as user:  # scan Customer_name_idx so that it is not "unused"
        user.execute("SET enable_seqscan = off")
        user.execute("SET enable_bitmapscan = off")
        plan = user.execute("EXPLAIN ANALYZE SELECT id FROM \"Customer\" WHERE name BETWEEN 'n5' AND 'n50'")
        assert "Customer_name_idx" in str(plan.fetchall())  # a range: only the btree on name can serve it
        flushed(user)

    def scanned(r: object) -> bool:
        return not any(i.name == "Customer_name_idx" for i in r.unused)  # type: ignore[attr-defined]

    report = eventually(lambda: db.index_report(loaded), scanned)
    unused = {i.name: i for i in report.unused}
    assert "Customer_name_idx" not in unused  # it was scanned
    assert not {"Customer_pkey", "Order_pkey", "Customer_email_key"} & set(unused)  # constraints never
    order_idx = unused["Order_customerId_idx"]
    assert order_idx.fix == "remove `@@index([customerId])` from model Order (shop.prisma:20:3)"
    assert order_idx.size_bytes > 0 and order_idx.prisma is not None
    assert unused["order_customer_copy"].fix == 'DROP INDEX "order_customer_copy";'

    dups = {d.keep.name: [i.name for i in d.drop] for d in report.duplicates}
    assert dups == {
        "Customer_email_key": ["Customer_email_idx"],
        "Order_customerId_idx": ["order_customer_copy"],
        "lower1": ["lower2"],
    }
    email = next(d for d in report.duplicates if d.keep.name == "Customer_email_key").drop[0]
    assert email.fix == "remove `@@index([email])` from model Customer (shop.prisma:12:3)"
    assert "duplicate of Customer_email_key" in repr(report) and report.wasted_bytes > 0
    assert set(report.to_frame()["problem"]) == {"unused", "duplicate"}

    plain = index_report(db.raw)  # without a schema: SQL to drop instead of Prisma lines
    assert all(i.fix.startswith("DROP INDEX ") for i in plain.unused)
    names = [(i.table, i.name) for i in plain.unused]
    assert names == sorted(names) and ("Order", "Order_customerId_idx") in names  # stable order


def test_missing_extension_and_other_engines_are_user_errors(pg_url2: str) -> None:
    with wb.connect(pg_url2) as fresh:
        with pytest.raises(UserError, match="CREATE EXTENSION pg_stat_statements"):
            workload(fresh)
        assert workload(fresh, install=True).database  # creates the extension, then works
    with wb.connect("duckdb://") as duck:
        for call in (workload, cache_hit_ratio, index_report):
            with pytest.raises(UserError, match="PostgreSQL only"):
                call(duck)
        with pytest.raises(UserError, match="PostgreSQL only"), watch(duck, threshold_ms=1):
            pass


def test_connection_methods_reach_the_monitor(pg_url: str) -> None:
    """The facade: db.workload / db.watch / db.cache_hit_ratio / db.index_report on a Connection."""
    import workbench as wb

    with wb.connect(pg_url) as db:
        db.sql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        db.sql("CREATE TABLE w (id INTEGER PRIMARY KEY, v TEXT)")
        db.sql("CREATE INDEX w_v_a ON w (v)")
        db.sql("CREATE INDEX w_v_b ON w (v)")
        with db.watch(threshold_ms=20) as log:
            db.sql("SELECT pg_sleep(0.05)")
        assert any("pg_sleep" in q for q in log.queries())
        assert 0.0 <= (db.cache_hit_ratio().ratio or 0.0) <= 1.0
        assert db.workload(top=5).statements
        report = db.index_report()
        (dup,) = report.duplicates
        assert {dup.keep.name, *(i.name for i in dup.drop)} == {"w_v_a", "w_v_b"}
