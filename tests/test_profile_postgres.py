"""Query profiling on a real PostgreSQL: EXPLAIN (ANALYZE, BUFFERS) parsing, DML rollback, compare."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

import workbench as wb
from workbench.profile import Profile, parse_postgres, profile
from workbench.profile.compare import compare


@pytest.fixture
def shop(pg_url: str) -> Iterator[psycopg.Connection]:
    con = psycopg.connect(pg_url)
    con.execute("CREATE TABLE customers AS SELECT g AS id, 'c' || g AS name FROM generate_series(1, 2000) g")
    con.execute("ALTER TABLE customers ADD PRIMARY KEY (id)")
    con.execute(
        "CREATE TABLE orders AS SELECT g AS id, g % 2000 + 1 AS customer_id, g % 5 AS status,"
        " (g * 37) % 1000 AS amount FROM generate_series(1, 100000) g"
    )
    con.execute("ANALYZE")
    con.commit()
    yield con
    con.close()


def kinds(p: Profile) -> set[str]:
    return {n.kind for n in p.plan.root.walk()}


def test_join_aggregate_sort_with_buffers(shop: psycopg.Connection) -> None:
    p = profile(
        shop,
        "SELECT c.name, count(*) AS n FROM orders o JOIN customers c ON o.customer_id = c.id"
        " WHERE o.status = 1 GROUP BY c.name ORDER BY n DESC, c.name",
        runs=3,
    )
    assert p.engine == "postgres" and p.rows == 400
    assert {"join", "aggregate", "sort", "scan"} <= kinds(p)
    scan = p.plan.find(table="orders")[0]
    assert scan.operator.endswith("Seq Scan") and scan.actual_rows == 20000
    assert scan.rows_scanned == 100000 and "status" in scan.extra["Filter"]
    assert scan.loops is not None and scan.estimated_rows is not None
    # buffers: the whole query touched the tables' pages
    assert sum(p.plan.root.buffers.values()) > 0 and p.plan.facts
    assert p.plan.execution_ms and p.plan.planning_ms is not None
    root = p.plan.root
    assert root.self_ms == pytest.approx(max(root.total_ms - sum(c.total_ms for c in root.children), 0))
    assert p.plan.find(kind="sort")[0].extra["Sort Key"]


def test_index_scan_nested_loop_cte_and_subqueries(shop: psycopg.Connection) -> None:
    shop.execute("CREATE INDEX orders_customer ON orders (customer_id)")
    shop.commit()
    lookup = profile(shop, "SELECT * FROM orders WHERE customer_id = %s", params=(42,), runs=2)
    assert lookup.plan.find(kind="index_scan", table="orders")  # Index Scan or Bitmap Heap Scan
    assert any(n.index == "orders_customer" for n in lookup.plan.root.walk()) and lookup.rows == 50
    nl = profile(
        shop,
        "SELECT c.name, o.amount FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.id < 4",
        runs=2,
    )
    assert nl.rows == 150 and nl.plan.find(kind="join")
    inner = [n for n in nl.plan.root.walk() if n.loops and n.loops > 1]
    assert inner and inner[0].actual_rows == pytest.approx(150)  # per-loop rows multiplied back
    cte = profile(
        shop,
        "WITH big AS MATERIALIZED (SELECT customer_id, sum(amount) s FROM orders GROUP BY customer_id)"
        " SELECT * FROM big WHERE s > (SELECT avg(s) FROM big)",
        runs=2,
    )
    assert cte.plan.find(operator="CTE Scan") and "aggregate" in kinds(cte)
    assert any(n.extra.get("Parent Relationship") == "InitPlan" for n in cte.plan.root.walk())
    sub = profile(
        shop,
        "SELECT name FROM customers c WHERE c.id IN (SELECT customer_id FROM orders WHERE amount > 990)",
        runs=2,
    )
    assert sub.plan.find(kind="join") and sub.rows > 0


def test_hot_spot_for_selective_seq_scan(shop: psycopg.Connection) -> None:
    p = profile(shop, "SELECT * FROM orders WHERE amount = 7", runs=2)
    assert [h.rule for h in p.hotspots] == ["seq_scan_filter"]
    assert "sequential scan of orders reads 100,000 rows" in p.hotspots[0].reason


@pytest.mark.parametrize(
    ("sql", "affected"),
    [
        ("UPDATE orders SET amount = -1 WHERE status = 0", 20000),
        ("DELETE FROM orders WHERE customer_id < 10", 450),
        ("INSERT INTO orders SELECT id + 1000000, customer_id, status, amount FROM orders WHERE id <= 50", 50),
    ],
)
def test_dml_is_rolled_back(shop: psycopg.Connection, sql: str, affected: int) -> None:
    check = "SELECT count(*), sum(amount), min(amount) FROM orders"
    before = shop.execute(check).fetchall()
    shop.commit()
    p = profile(shop, sql, runs=3, warmup=1)
    assert p.dml and p.rows == affected and p.plan.find(kind="modify")
    assert shop.execute(check).fetchall() == before
    shop.commit()
    with psycopg.connect(shop.info.dsn) as other:  # and nothing was committed behind our back
        assert other.execute(check).fetchall() == before


def test_callers_open_transaction_survives(shop: psycopg.Connection) -> None:
    shop.execute("INSERT INTO customers VALUES (99999, 'pending')")  # opens a transaction
    profile(shop, "DELETE FROM customers WHERE id = 99999", runs=2)
    assert shop.execute("SELECT name FROM customers WHERE id = 99999").fetchall() == [("pending",)]
    shop.rollback()


def test_workbench_connection_and_compare(pg_url: str) -> None:
    db = wb.connect(pg_url)
    db.run_script(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER);"
        " INSERT INTO t SELECT g, g % 1000 FROM generate_series(1, 50000) g; ANALYZE t;"
    )
    sql = "SELECT * FROM t WHERE v = 3"
    before = db_profile = profile(db, sql, runs=3)
    assert db_profile.rows == 50
    db.run_script("CREATE INDEX t_v ON t (v)")
    after = profile(db, sql, runs=3)
    c = compare(before, after)
    ops = {(d.status, d.operator) for d in c.operator_diff()}
    assert ("removed", "Seq Scan on t") in ops
    assert any(s == "added" and "t_v" in o for s, o in ops)
    db.close()


def test_parse_errors() -> None:
    with pytest.raises(ValueError):
        parse_postgres([{"nothing": 1}])
    plan = parse_postgres('[{"Plan": {"Node Type": "Result", "Plan Rows": 1}, "Planning Time": 0.1}]')
    assert plan.root.operator == "Result" and plan.root.actual_rows is None and plan.planning_ms == 0.1


def test_spill_and_nested_loop_hot_spots(shop: psycopg.Connection) -> None:
    shop.execute("SET work_mem = '64kB'")
    shop.execute("SET enable_hashjoin = off")
    shop.execute("SET enable_mergejoin = off")
    shop.commit()
    sort = profile(shop, "SELECT * FROM orders ORDER BY amount, id", runs=1, warmup=1)
    spills = [h for h in sort.hotspots if h.rule == "spill"]
    assert spills and "sort spilled to disk" in spills[0].reason
    assert sort.plan.find(kind="sort")[0].extra["Sort Space Type"] == "Disk"
    nl = profile(
        shop,
        "SELECT count(*) FROM customers c JOIN orders o ON o.customer_id = c.id + 0 WHERE c.id <= 200",
        runs=1,
        warmup=1,
    )
    rules = {h.rule for h in nl.hotspots}
    assert "nested_loop" in rules, repr(nl)


def test_autocommit_connection_still_rolls_back(shop: psycopg.Connection, pg_url: str) -> None:
    with psycopg.connect(pg_url, autocommit=True) as con:
        p = profile(con, "DELETE FROM orders WHERE status = 3", runs=2, warmup=1)
        assert p.rows == 20000
        assert con.execute("SELECT count(*) FROM orders").fetchone() == (100000,)
