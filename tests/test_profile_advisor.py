"""The index advisor builds candidate indexes for real, measures them, rolls them back."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

import workbench as wb
from workbench.api import seed
from workbench.profile.advisor import advise, candidates, prisma_index_line
from workbench.profile.querycols import ColumnUse, query_columns

SHOP = Path(__file__).parent / "data" / "profile" / "shop.prisma"


def test_query_columns_resolve_aliases_and_unqualified_columns() -> None:
    sql = (
        'SELECT c.email, o.total FROM "Order" o JOIN "Customer" c ON c.id = o."customerId"'
        ' WHERE "paid" = true AND o.total > 100 GROUP BY c.email, o.total ORDER BY o.total DESC'
    )
    cat = {"Order": ("id", "customerId", "paid", "total"), "Customer": ("id", "email", "vip")}
    uses = query_columns(sql, "postgres", cat)
    assert uses == (
        ColumnUse("Order", "paid", "filter_eq"),
        ColumnUse("Order", "total", "filter_range"),
        ColumnUse("Customer", "id", "join"),
        ColumnUse("Order", "customerId", "join"),
        ColumnUse("Customer", "email", "group"),
        ColumnUse("Order", "total", "group"),
        ColumnUse("Order", "total", "order"),
    )
    cands = candidates(uses, {"Customer": [("id",)]})
    keys = [(c.table, c.columns) for c in cands]
    assert keys[0] == ("Order", ("paid", "total"))  # equality first, then the range
    assert ("Customer", ("id",)) not in keys  # the primary key already leads with it
    assert ("Order", ("customerId",)) in keys and len(keys) == len(set(keys))


def test_prisma_line_uses_model_and_field_names() -> None:
    s = wb.load(SHOP)
    assert prisma_index_line(s.schema, "Order", ("customerId",)) == ("Order", "@@index([customerId])")
    assert prisma_index_line(None, "orders", ("a", "b")) == ("orders", "@@index([a, b])")


def test_postgres_finds_and_measures_the_foreign_key_index(pg_url: str) -> None:
    s = wb.load(SHOP)
    db = wb.connect(pg_url)
    db.apply(s)
    seed(s, db, rows={"Customer": 5000, "Order": 150_000}, seed=7, fanout="uniform")
    db.sql("ANALYZE")
    before = db.sql('SELECT count(*), sum(total) FROM "Order"').rows
    a = db.advise('SELECT * FROM "Order" WHERE "customerId" = %s', params=(42,), schema=s, runs=5)
    by_cols = {m.candidate.columns: m for m in a.results}
    fk = by_cols[("customerId",)]
    assert fk.recommended and fk.used and fk.speedup and fk.speedup >= 3
    assert fk.size_bytes and fk.size_bytes > 100_000 and fk.insert_slowdown and fk.insert_slowdown > 0
    assert fk.prisma == "@@index([customerId])" and fk.model == "Order"
    assert a.best is fk
    assert "RECOMMEND Order(customerId)" in repr(a) and "add to model Order: @@index([customerId])" in repr(a)
    # half the rows are paid: the planner keeps its sequential scan, so the index is declined
    useless = db.advise('SELECT * FROM "Order" WHERE paid = true', schema=s, runs=3)
    (paid,) = useless.results
    assert paid.candidate.columns == ("paid",)
    assert not paid.recommended and "not used" in paid.reason
    assert useless.best is None
    # everything was rolled back: no new index, same data
    assert db.sql("SELECT indexname FROM pg_indexes WHERE tablename = 'Order'").rows == (("Order_pkey",),)
    assert db.sql('SELECT count(*), sum(total) FROM "Order"').rows == before
    db.close()


def test_duckdb_point_lookup_and_a_useless_index() -> None:
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE orders AS SELECT range AS id, (range * 7919) % 200000 AS customer_id,"
        " range % 2 AS flag FROM range(3000000)"
    )
    a = advise(con, "SELECT * FROM orders WHERE customer_id = 4242", runs=7)
    (m,) = a.results
    assert m.candidate.columns == ("customer_id",) and m.used and m.recommended, repr(a)
    assert m.speedup and m.speedup >= 1.5 and m.size_bytes and m.size_bytes > 0
    useless = advise(con, "SELECT count(*) FROM orders WHERE flag = 1", runs=3)
    assert [x.recommended for x in useless.results] == [False]
    assert con.execute("SELECT count(*) FROM duckdb_indexes()").fetchall() == [(0,)]


def test_no_candidates_when_already_indexed() -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)")
    con.execute("INSERT INTO t SELECT range, range FROM range(1000)")
    a = advise(con, "SELECT * FROM t WHERE id = 5", runs=1, warmup=0)
    assert a.results == () and a.best is None and "no candidate indexes" in repr(a)
    from workbench.diagnostics import UserError

    with pytest.raises(UserError):
        advise(con, "DELETE FROM t WHERE v = 3")


def test_duckdb_foreign_keys_are_already_indexed() -> None:
    # DuckDB keeps an ART index behind every foreign key: no candidate for the FK column
    con = duckdb.connect()
    con.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)")
    con.execute("CREATE TABLE child (id INTEGER, parent_id INTEGER REFERENCES parent (id), v INTEGER)")
    con.execute("INSERT INTO parent SELECT range FROM range(100)")
    con.execute("INSERT INTO child SELECT range, range % 100, range % 3 FROM range(10000)")
    a = advise(con, "SELECT * FROM child WHERE parent_id = 5 AND v = 1", runs=1, warmup=0)
    assert [m.candidate.columns for m in a.results] == [("parent_id", "v"), ("v",)]  # not ("parent_id",)


def test_the_insert_cost_never_reads_as_slower_when_inserts_measured_faster() -> None:
    from workbench.profile.advisor import _insert_cost

    assert _insert_cost(None) == ""
    assert _insert_cost(2.25) == ", inserts 2.25x slower"
    assert "slower" not in _insert_cost(0.59).replace("no slower", "")
    assert "within noise" in _insert_cost(0.59)
