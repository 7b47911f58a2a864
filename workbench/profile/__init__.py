"""Query profiling on DuckDB and PostgreSQL (issue 7).

    from workbench.profile import profile, compare, advise, sweep, capture
    p = profile(db, "SELECT ...", runs=10, warmup=2)   # db: workbench Connection or raw driver connection
    p.plan.to_frame(); p.hotspots
    compare(before, after)                              # speedup + operator-level plan difference
    advise(db, "SELECT ...", schema=loaded)             # builds, measures and rolls back candidate indexes
    sweep(db, "SELECT ...", loaded, scales=[1e3, 1e4, 1e5])
    with capture(engine) as cap: ...                    # statements SQLAlchemy sends

One engine-neutral plan model (:class:`PlanNode`) for both engines; see ``plan.py``. Profiling
never changes the database: every run is rolled back, and what a rollback cannot undo is refused
with :class:`UnsafeQueryError` before anything runs (the rule is in ``safety.py``).
"""

from workbench.profile.advisor import Advice, advise
from workbench.profile.capture import Capture, capture
from workbench.profile.compare import Comparison, compare
from workbench.profile.duckdb_plan import parse_duckdb
from workbench.profile.hotspots import HotSpot, find_hotspots
from workbench.profile.monitor import QueryStat, SlowLog, SlowStatement, Workload, reset_statements, watch, workload
from workbench.profile.monitor_health import CacheReport, PoolUsage, cache_hit_ratio, pool_usage
from workbench.profile.monitor_indexes import IndexReport, index_report
from workbench.profile.pg_plan import parse_postgres
from workbench.profile.plan import Plan, PlanNode
from workbench.profile.result import Profile
from workbench.profile.run import profile
from workbench.profile.safety import UnsafeQueryError
from workbench.profile.sweep import Sweep, sweep

__all__ = [
    "Advice",
    "CacheReport",
    "Capture",
    "Comparison",
    "HotSpot",
    "IndexReport",
    "Plan",
    "PlanNode",
    "PoolUsage",
    "Profile",
    "QueryStat",
    "SlowLog",
    "SlowStatement",
    "Sweep",
    "UnsafeQueryError",
    "Workload",
    "advise",
    "cache_hit_ratio",
    "capture",
    "compare",
    "find_hotspots",
    "index_report",
    "parse_duckdb",
    "parse_postgres",
    "pool_usage",
    "profile",
    "reset_statements",
    "sweep",
    "watch",
    "workload",
]
