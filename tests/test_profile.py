"""Query profiling on real DuckDB: timings, plan parsing (2.0 live, 1.x recorded), DML rollback, display."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

import workbench as wb
from workbench.profile import Plan, Profile, find_hotspots, parse_duckdb, profile
from workbench.profile.compare import compare
from workbench.profile.diagram import plan_dot

DATA = Path(__file__).parent / "data" / "profile"


@pytest.fixture
def shop() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("CREATE TABLE customers AS SELECT range AS id, 'c' || range AS name FROM range(2000)")
    con.execute(
        "CREATE TABLE orders AS SELECT range AS id, range % 2000 AS customer_id, range % 5 AS status,"
        " (range * 37) % 1000 AS amount FROM range(200000)"
    )
    return con


def kinds(p: Profile) -> list[str]:
    return [n.kind for n in p.plan.root.walk()]


def test_timings_rows_and_plan_for_a_join_aggregate_sort(shop: duckdb.DuckDBPyConnection) -> None:
    sql = (
        "SELECT c.name, count(*) AS n FROM orders o JOIN customers c ON o.customer_id = c.id"
        " WHERE o.status = 1 GROUP BY c.name ORDER BY n DESC, c.name"
    )
    p = profile(shop, sql, runs=5, warmup=1)
    assert p.engine == "duckdb" and p.runs == 5 and p.warmup == 1
    assert p.rows == 400  # customer_id = id % 2000 with status 1 hits every 5th customer
    assert 0 < p.min_ms <= p.median_ms <= p.p95_ms <= max(p.times_ms)
    assert {"join", "aggregate", "sort", "scan"} <= set(kinds(p))
    scans = p.plan.find(kind="scan")
    assert sorted(n.table for n in scans) == ["customers", "orders"]
    orders = p.plan.find(kind="scan", table="orders")[0]
    assert orders.actual_rows == 40000 and orders.estimated_rows is not None
    assert "status" in orders.extra.get("Filters", "")
    join = p.plan.find(kind="join")[0]
    assert join.operator == "HASH_JOIN" and join.extra["Conditions"]
    # DuckDB reports self time; totals add the children's
    root = p.plan.root
    assert root.total_ms == pytest.approx((root.self_ms or 0) + sum(c.total_ms or 0 for c in root.children))
    assert [n.node_id for n in root.walk()] == list(range(len(p.plan.nodes())))


def test_cte_and_subqueries(shop: duckdb.DuckDBPyConnection) -> None:
    cte = profile(
        shop,
        "WITH big AS MATERIALIZED (SELECT customer_id, sum(amount) s FROM orders GROUP BY customer_id)"
        " SELECT * FROM big WHERE s > (SELECT avg(s) FROM big)",
        runs=2,
    )
    assert cte.plan.find(operator="CTE_SCAN") and "cte" in kinds(cte)
    exists = profile(
        shop,
        "SELECT name FROM customers c WHERE EXISTS"
        " (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.amount > 990)",
        runs=2,
    )
    assert exists.rows == len(shop.execute("SELECT DISTINCT customer_id FROM orders WHERE amount > 990").fetchall())
    assert exists.plan.find(kind="join")
    scalar = profile(
        shop,
        "SELECT name, (SELECT max(amount) FROM orders o WHERE o.customer_id = c.id) m FROM customers c"
        " ORDER BY m DESC, name LIMIT 5",
        runs=2,
    )
    assert scalar.rows == 5 and "aggregate" in kinds(scalar) and "sort" in kinds(scalar)


def test_selective_seq_scan_is_a_hot_spot(shop: duckdb.DuckDBPyConnection) -> None:
    p = profile(shop, "SELECT * FROM orders WHERE amount = 7", runs=2)
    rules = {(h.rule, p.plan.node(h.node_id).table) for h in p.hotspots}
    assert ("seq_scan_filter", "orders") in rules
    assert "sequential scan of orders" in repr(p)
    # a full scan that keeps everything is not a hot spot
    full = profile(shop, "SELECT sum(amount) FROM orders WHERE amount >= 0", runs=1)
    assert not [h for h in full.hotspots if h.rule == "seq_scan_filter"]


@pytest.mark.parametrize(
    ("sql", "affected"),
    [
        ("UPDATE orders SET amount = -1 WHERE status = 0", 40000),
        ("DELETE FROM orders WHERE customer_id < 10", 1000),
        ("INSERT INTO orders SELECT id + 1000000, customer_id, status, amount FROM orders WHERE id < 50", 50),
    ],
)
def test_dml_is_rolled_back(shop: duckdb.DuckDBPyConnection, sql: str, affected: int) -> None:
    before = shop.execute("SELECT count(*), sum(amount), min(amount) FROM orders").fetchall()
    p = profile(shop, sql, runs=3, warmup=1)
    assert p.dml and p.rows == affected
    assert p.plan.find(kind="modify")
    assert shop.execute("SELECT count(*), sum(amount), min(amount) FROM orders").fetchall() == before
    assert "rolled back" in repr(p)


def test_params_and_workbench_connection() -> None:
    db = wb.connect()
    db.run_script(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER); INSERT INTO t SELECT range, range % 10 FROM range(1000);"
    )
    p = profile(db, "SELECT * FROM t WHERE v = ?", params=[3], runs=2)
    assert p.rows == 100
    with pytest.raises(ValueError):
        profile(db, "SELECT 1", runs=0)


def test_duckdb_1x_shape_from_recorded_json() -> None:
    plan = parse_duckdb(json.loads((DATA / "duckdb_1.1_profile.json").read_text()))
    ops = [(n.operator, n.kind, n.table) for n in plan.root.walk()]
    assert ops == [
        ("ORDER_BY", "sort", None),
        ("HASH_GROUP_BY", "aggregate", None),
        ("HASH_JOIN", "join", None),
        ("TABLE_SCAN", "scan", "orders"),
        ("TABLE_SCAN", "scan", "customers"),
    ]
    scan = plan.node(3)
    assert scan.actual_rows == 20196 and scan.estimated_rows == 20000 and scan.rows_scanned == 100000
    assert scan.self_ms == pytest.approx(6.931)
    assert plan.root.total_ms == pytest.approx(0.041 + 0.913 + 2.876 + 6.931 + 0.482)
    assert plan.execution_ms == pytest.approx(4.873)
    assert plan.node(2).extra["Conditions"] == "customer_id = id"


def test_pre_1_1_string_extra_info() -> None:
    doc = {
        "name": "Query",
        "timing": 0.01,
        "children": [
            {
                "name": "FILTER",
                "timing": 0.001,
                "cardinality": 5,
                "extra_info": "(x > 3)\n[INFOSEPARATOR]\nEC: 50",
                "children": [
                    {
                        "name": "SEQ_SCAN ",
                        "timing": 0.002,
                        "cardinality": 20000,
                        "extra_info": "t\n[INFOSEPARATOR]\nx\n[INFOSEPARATOR]\nEC: 20000",
                        "children": [],
                    }
                ],
            }
        ],
    }
    plan = parse_duckdb(doc)
    assert [(n.operator, n.kind, n.estimated_rows, n.actual_rows) for n in plan.root.walk()] == [
        ("FILTER", "filter", 50.0, 5.0),
        ("SEQ_SCAN", "scan", 20000.0, 20000.0),
    ]
    with pytest.raises(ValueError):
        parse_duckdb({"nothing": 1})


def test_to_frame_and_misestimate_rule(shop: duckdb.DuckDBPyConnection) -> None:
    p = profile(shop, "SELECT status, count(*) FROM orders GROUP BY status ORDER BY status", runs=1)
    df = p.plan.to_frame()
    assert list(df["id"]) == list(range(len(df)))
    assert {"operator", "kind", "table", "estimated_rows", "actual_rows", "self_ms", "total_ms", "loops"} <= set(df)
    assert df.loc[df["kind"] == "scan", "table"].tolist() == ["orders"]
    assert df["time_share"].sum() == pytest.approx(1.0, abs=0.01)
    plan = parse_duckdb(json.loads((DATA / "duckdb_1.1_profile.json").read_text()))
    wrong = plan.root.children[0].children[0]  # HASH_JOIN: pretend the planner expected 20 rows
    from dataclasses import replace

    bad = Plan(
        "duckdb",
        replace(plan.root, children=(replace(plan.root.children[0], children=(replace(wrong, estimated_rows=20.0),)),)),
    )
    assert [h.rule for h in find_hotspots(bad)] == ["misestimate"]
    assert "1,010x underestimate" in find_hotspots(bad)[0].reason


def test_display_text_html_svg_and_sanitisable_timings(shop: duckdb.DuckDBPyConnection) -> None:
    import re

    p = profile(shop, "SELECT customer_id, sum(amount) FROM orders GROUP BY customer_id", runs=2)
    bundle = p._repr_mimebundle_()
    assert "<table>" in bundle["text/html"]
    text = bundle["text/plain"]
    masked = re.sub(r"\b\d+(\.\d+)?\s?(ns|[u\u00b5\u03bc]s|ms|s|sec|secs|seconds|min)\b", "DURATION", text)
    assert not re.search(r"\d+\.\d{3}", masked), "every timing must be written as '<n> ms'"
    dot = plan_dot(p.plan)
    assert dot.count("->") == len(p.plan.nodes()) - 1 and "rows" in dot
    if shutil.which("dot"):
        assert bundle["image/svg+xml"].startswith("<svg") and "SEQ_SCAN" in bundle["image/svg+xml"]


def test_compare_speedup_and_operator_diff(shop: duckdb.DuckDBPyConnection) -> None:
    sql = "SELECT * FROM orders WHERE customer_id = 42"
    before = profile(shop, sql, runs=5)
    shop.execute("CREATE INDEX orders_customer ON orders (customer_id)")
    after = profile(shop, sql, runs=5)
    c = compare(before, after)
    assert c.same_rows and c.speedup == pytest.approx(before.median_ms / after.median_ms)
    changes = {(d.status, d.operator) for d in c.operator_diff() if d.status != "kept"}
    assert ("removed", "SEQ_SCAN on orders") in changes and ("added", "INDEX_SCAN on orders") in changes
    assert "speedup" in repr(c) and "- SEQ_SCAN on orders" in repr(c)
    assert "speedup" in c._repr_mimebundle_()["text/html"]


def test_query_without_operator_profile_keeps_an_opaque_plan(shop: duckdb.DuckDBPyConnection) -> None:
    # DuckDB 2.0 answers count(*) of a whole table from metadata and reports {"result": "error"}
    p = profile(shop, "SELECT count(*) FROM orders", runs=2)
    assert p.rows == 1 and len(p.plan.nodes()) == 1 and p.plan.root.operator == "QUERY"
    assert "no operator profile" in p.plan.facts["note"] and p.hotspots == ()


def test_sqlite_is_refused() -> None:
    from workbench.diagnostics import UserError

    with pytest.raises(UserError):
        profile(wb.connect("sqlite://"), "SELECT 1")


def test_cli_text_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from workbench.cli.main import main_profile

    path = tmp_path / "shop.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE t AS SELECT range AS id, range % 7 AS v FROM range(5000)")
    con.close()
    url = f"duckdb:///{path}"
    assert main_profile(["--db", url, "--query", "SELECT v, count(*) FROM t GROUP BY v", "--runs", "3"]) == 0
    out = capsys.readouterr().out
    assert "duckdb query: 7 rows, 3 runs after 2 warm-up" in out and "SEQ_SCAN on t" in out
    assert main_profile(["--db", url, "--query", "DELETE FROM t WHERE v = 1", "--runs", "2", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["dml_rolled_back"] and doc["rows"] == 715 and len(doc["times_ms"]) == 2
    assert doc["plan"]["nodes"][0]["parent"] is None
    assert duckdb.connect(str(path)).execute("SELECT count(*) FROM t").fetchall() == [(5000,)]
    assert main_profile(["--db", url, "--query", "SELECT nope FROM t"]) == 1
    assert "the query failed on duckdb" in capsys.readouterr().err
