"""What the machine and the target database offer: free memory, and where the rows will live.

Used by the up-front footprint check of :func:`workbench.seeding.api.seed`; each answer may be
None when it cannot be known (then nothing is refused on its account).
"""

from __future__ import annotations

import os
from typing import Any

from workbench.dialects import registry


def available_memory() -> int | None:
    """Bytes of memory available to a new allocation (Linux ``MemAvailable``, else physical)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return int(os.sysconf("SC_PAGE_SIZE")) * int(os.sysconf("SC_PHYS_PAGES"))
    except (ValueError, OSError, AttributeError):
        return None


def database_file(conn: Any) -> str | None:
    """The file of an embedded database (DuckDB, SQLite); None in memory or on a server."""
    try:
        if conn.dialect == "duckdb":
            rows = conn.raw.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()")
            path = rows.fetchall()
            return str(path[0][0]) if path and path[0][0] else None
        if conn.dialect == "sqlite":
            for _, name, file in conn.raw.execute("PRAGMA database_list").fetchall():
                if name == "main":
                    return str(file) or None
    except Exception:
        return None
    return None


def in_memory(conn: Any) -> bool:
    """Whether the rows will be held in this process's memory (an in-memory DuckDB or SQLite)."""
    return registry.get(conn.dialect).embedded and database_file(conn) is None
