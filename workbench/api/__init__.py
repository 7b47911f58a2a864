"""What users hold and call: loaded schemas, open databases, and the operations on them.

The layer above the features: it turns a :class:`LoadedSchema` into the IR and its sources, and a
URL into a :class:`Database`, before a feature sees them; the facade (``import workbench as wb``)
and the CLI call it. Nothing below imports it (``tests/test_layers.py``).
"""

from __future__ import annotations

from workbench.api.database import Database, as_database, connect, scratch_database
from workbench.api.diffing import diff
from workbench.api.loading import introspect, load
from workbench.api.schema import LoadedSchema, SqlScript, unwrap
from workbench.api.seeding import seed, seed_plan

__all__ = [
    "Database",
    "LoadedSchema",
    "SqlScript",
    "as_database",
    "connect",
    "diff",
    "introspect",
    "load",
    "scratch_database",
    "seed",
    "seed_plan",
    "unwrap",
]
