"""A plan node's facts are listed once (``PlanNode.row``) for both exports: ``Profile.to_dict``
(the CLI's ``--json``) and ``Plan.to_frame``. The keys and their order are pinned here, so folding
the two copies into one changed neither output."""

from __future__ import annotations

import duckdb

from workbench.profile import profile

ROW = ["operator", "kind", "table", "index", "estimated_rows", "actual_rows", "loops", "self_ms", "total_ms"]


def test_json_nodes_and_frame_columns_list_the_same_facts_in_the_same_order() -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT range AS id, range % 3 AS g FROM range(100)")
    p = profile(con, "SELECT g, count(*) FROM t GROUP BY g ORDER BY g", runs=1)
    nodes = p.to_dict()["plan"]["nodes"]
    assert nodes and all(list(n) == ["id", "parent", *ROW, "buffers", "extra"] for n in nodes)
    assert all(isinstance(n["extra"], dict) for n in nodes)
    frame = p.plan.to_frame()
    assert list(frame.columns) == ["id", "parent", "depth", *ROW, "time_share", "buffers", "extra"]
    for key in ("id", "parent", "operator", "kind", "table"):
        assert [n[key] for n in nodes] == [None if v != v else v for v in frame[key]], key  # NaN: no parent
