"""Seed data: deterministic, constraint-respecting synthetic rows at DuckDB speed.

    import workbench as wb
    from workbench.seeding import seed
    s = wb.load("sample_schemas/blog.prisma")
    db = wb.connect(); db.apply(s)
    seed_plan(s, rows={"User": 1_000, "Post": 20_000, "*": 500})  # what will be made, before writing
    report = seed(s, db, rows={"User": 1_000, "Post": 20_000, "*": 500}, seed=42)

See :func:`workbench.seeding.api.seed`. The CLI is ``workbench seed`` (:mod:`workbench.cli.seed`).
"""

from workbench.seeding.api import SeedError, seed
from workbench.seeding.feasibility import Feasibility, TableFeasibility, seed_plan
from workbench.seeding.options import SeedOptionError
from workbench.seeding.plan import Plan
from workbench.seeding.planner import build_plan
from workbench.seeding.report import SeedReport, TableResult, Timings

__all__ = [
    "Feasibility",
    "Plan",
    "SeedError",
    "SeedOptionError",
    "SeedReport",
    "TableFeasibility",
    "TableResult",
    "Timings",
    "build_plan",
    "seed",
    "seed_plan",
]
