"""What users hold and call: loaded schemas, open databases, and the operations on them.

The layer above the features: it turns a :class:`LoadedSchema` into the IR and its sources, and a
URL into a :class:`Database`, before a feature sees them; the facade (``import workbench as wb``)
and the CLI call it. Nothing below imports it (``tests/test_layers.py``).

The names below are imported on first use: ``workbench check`` needs loading alone, not the
database, diffing and seeding modules (and what they import).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workbench.api.database import Database, as_database, connect, scratch_database
    from workbench.api.diffing import diff
    from workbench.api.loading import introspect, load
    from workbench.api.schema import LoadedSchema, SqlScript, unwrap
    from workbench.api.seeding import seed, seed_plan

# name -> the module of this package that defines it
_HOME = {
    "Database": "database",
    "as_database": "database",
    "connect": "database",
    "scratch_database": "database",
    "diff": "diffing",
    "introspect": "loading",
    "load": "loading",
    "LoadedSchema": "schema",
    "SqlScript": "schema",
    "unwrap": "schema",
    "seed": "seeding",
    "seed_plan": "seeding",
}

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


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # once: later lookups are plain attribute reads
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
