"""A result display whose table would be empty says why instead of showing a bare header."""

from __future__ import annotations

import duckdb

from workbench.display import html_table
from workbench.migrate.runner import ApplyReport, DownReport
from workbench.profile.advisor import NO_CANDIDATES, advise
from workbench.profile.capture import Capture


def test_html_table_shows_the_reason_when_empty_and_escapes_it() -> None:
    assert html_table(("a",), [], empty="none <here>") == '<p class="wb-empty"><i>none &lt;here&gt;</i></p>'
    assert html_table(("a",), [["x"]], empty="none").startswith("<table>")  # rows: the table as before
    assert html_table(("a",), []) == "<table><tr><th>a</th></tr></table>"  # no reason given: unchanged


def test_advisor_html_on_duckdb_says_why_there_is_no_candidate() -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)")
    con.execute("INSERT INTO t SELECT range, range FROM range(1000)")
    a = advise(con, "SELECT * FROM t WHERE id = 5", runs=1, warmup=0)
    page = a._repr_mimebundle_()["text/html"]
    assert "no candidate indexes: the query&#x27;s columns are already indexed" in page
    assert "<table" not in page and "<th>" not in page
    assert NO_CANDIDATES in repr(a)


def test_advisor_html_keeps_its_table_when_there_are_candidates() -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE t (id INTEGER, v INTEGER)")
    con.execute("INSERT INTO t SELECT range, range % 7 FROM range(2000)")
    page = advise(con, "SELECT * FROM t WHERE v = 3", runs=1, warmup=0)._repr_mimebundle_()["text/html"]
    assert "<th>verdict</th>" in page and "t(v)" in page and "no candidate" not in page
    assert "<th>why</th>" in page and ("faster" in page or "planner" in page)  # each verdict says why


def test_other_reports_name_their_empty_case() -> None:
    assert "no statements captured" in str(Capture()._repr_html_())
    assert "nothing to apply: the database has all 3 migration(s)" in str(ApplyReport((), 3)._repr_html_())
    assert "nothing to roll back" in str(DownReport(())._repr_html_())


def test_an_empty_workload_says_so() -> None:
    from workbench.profile.monitor import Workload

    page = str(Workload("shop", ())._repr_html_())
    assert page.count("no statements recorded yet") == 2 and "<table" not in page
