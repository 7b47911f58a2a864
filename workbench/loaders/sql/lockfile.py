"""The SQL dialect of a migrations folder, from the ``provider`` its ``migration_lock.toml`` names.

Prisma Migrate writes ``migration_lock.toml`` beside the migrations (``provider = "sqlite"``) and
workbench's ``migrate new`` does the same. Reading a SQLite folder as PostgreSQL DDL loses what only
SQLite spells that way: ``"createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP`` keeps its type
name but the default does not survive the lift of a ``DATETIME`` (no PostgreSQL type), so the folder
replayed would differ from the schema it was written from. Loading a folder without a dialect
therefore asks the lock file first, as ``prisma migrate diff --from-migrations`` takes the
folder's provider.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from workbench.dialects import registry

LOCK_FILE = "migration_lock.toml"
_PROVIDER = re.compile(r'^\s*provider\s*=\s*"([^"]*)"', re.M)


def folder_dialect(source: Any) -> str | None:
    """The reading dialect the lock file of the folder ``source`` names (``postgresql`` -> postgres,
    ``sqlite`` -> sqlite, ``duckdb`` -> duckdb, ``mysql`` -> mysql), or None: not a folder, no lock
    file, an unreadable one, or a provider no SQL reader knows (the caller's default then applies;
    the migration commands report a broken lock file themselves, located)."""
    if not isinstance(source, (str, Path)):
        return None
    lock = Path(source) / LOCK_FILE
    try:
        text = lock.read_text(encoding="utf-8") if lock.is_file() else None
    except (OSError, UnicodeDecodeError):
        return None
    found = _PROVIDER.search(text) if text is not None else None
    if found is None:
        return None
    provider = found.group(1)
    for name in registry.names(reads_sql=True):
        engine = registry.get(name)
        if provider == engine.name or provider in engine.prisma_providers:
            return engine.name
    return None


__all__ = ["LOCK_FILE", "folder_dialect"]
