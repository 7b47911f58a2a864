"""Testing your own project: a pytest plugin and assertion helpers.

The plugin (:mod:`workbench.testing.plugin`) gives each test a throwaway database built from the
project's Prisma schema or migrations folder, optionally seeded; the helpers check what tests of
a schema check: the seed data (constraints hold, row counts, the same seed gives the same rows)
and the migrations (each down script undoes its migration, the folder matches the schema, a
rehearsal on seeded data is clean). Each helper fails with a message naming tables, columns and
rows, as an ``AssertionError`` (:class:`CheckFailed`).
"""

from __future__ import annotations

from workbench.testing.errors import CheckFailed
from workbench.testing.migrations import (
    assert_migrations_match_schema,
    assert_migrations_round_trip,
    assert_rehearsal_ok,
    catalog,
)
from workbench.testing.seeds import (
    assert_constraints_hold,
    assert_row_counts,
    assert_seed_deterministic,
    constraint_violations,
    fingerprint,
    row_counts,
)

__all__ = [
    "CheckFailed",
    "assert_constraints_hold",
    "assert_migrations_match_schema",
    "assert_migrations_round_trip",
    "assert_rehearsal_ok",
    "assert_row_counts",
    "assert_seed_deterministic",
    "catalog",
    "constraint_violations",
    "fingerprint",
    "row_counts",
]
