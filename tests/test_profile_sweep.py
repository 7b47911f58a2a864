"""Scale sweeps: seeding per scale in fresh databases, growth fitting, the plot."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

import workbench as wb
from workbench.profile.sweep import GROWTHS, fit_growth

SHOP = Path(__file__).parent / "data" / "profile" / "shop.prisma"
JOIN = 'SELECT c.email, count(*) FROM "Order" o JOIN "Customer" c ON c.id = o."customerId" GROUP BY c.email'


@pytest.mark.parametrize(
    ("times", "growth"),
    [
        ([1.0, 1.1, 0.9, 1.05], "constant"),
        ([3.0, 4.0, 5.0, 6.0], "log"),
        ([1.0, 10.0, 100.0, 1000.0], "linear"),
        ([3.0, 40.0, 500.0, 6000.0], "n log n"),
        ([1.0, 100.0, 10000.0, 1e6], "quadratic"),
        ([5.0, 5.2, 5.1, 5.0], "constant"),
    ],
)
def test_fit_growth(times: list[float], growth: str) -> None:
    assert fit_growth([1e3, 1e4, 1e5, 1e6], times) == growth


def test_fit_growth_needs_three_points() -> None:
    assert fit_growth([1, 2], [1, 2]).startswith("unknown")


def test_duckdb_sweep_seeds_each_scale_in_a_fresh_database() -> None:
    import matplotlib

    matplotlib.use("Agg")
    s = wb.load(SHOP)
    caller = wb.connect()
    sw = caller.sweep(JOIN, s, scales=[100, 1000, 10000], rows={"Customer": 0.1, "Order": 1}, runs=2, fanout="uniform")
    assert [p.scale for p in sw.points] == [100, 1000, 10000]
    assert [p.rows for p in sw.points] == [110, 1100, 11000]
    assert [p.profile.rows for p in sw.points] == [10, 100, 1000]  # one group per customer
    assert sw.growth in {g for g, _ in GROWTHS}
    assert caller.tables() == []  # the caller's database was not touched
    fig = sw.plot()
    ax = fig.axes[0]
    assert ax.get_xscale() == "log" and sw.growth in ax.get_title()
    assert "growth looks" in repr(sw)


def test_postgres_sweep_uses_scratch_databases(pg_url: str) -> None:
    s = wb.load(SHOP)
    db = wb.connect(pg_url)
    sw = db.sweep(JOIN, s, scales=[100, 1000], rows={"Customer": 0.1, "Order": 1}, runs=2, fanout="uniform")
    assert [p.profile.rows for p in sw.points] == [10, 100] and sw.engine == "postgres"
    assert db.tables() == []
    with psycopg.connect(pg_url) as con:
        left = con.execute("SELECT count(*) FROM pg_database WHERE datname LIKE 'wb_scratch_%'").fetchone()
    assert left == (0,)
    db.close()
