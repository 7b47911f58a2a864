"""Reserved words per dialect: names that must be quoted in every hand-written query.

A fixed table rather than a parser's keyword list, so findings do not move when a dependency
updates. PostgreSQL: the "reserved" and "reserved (can be function or type)" columns of the
SQL Key Words appendix; DuckDB shares PostgreSQL's grammar (its ``duckdb_keywords()`` reserved
category is the same set plus a few). SQLite: its keywords minus those its parser
accepts as identifiers anyway (the ``%fallback ID`` list of its grammar).
"""

from __future__ import annotations

from workbench.dialects.registry import ENGINES

# Each engine declares its own list (``Dialect.reserved_words``, in workbench/dialects/<engine>.py).
RESERVED: dict[str, frozenset[str]] = {d.name: d.reserved_words for d in ENGINES.values() if d.reserved_words}

# Bytes the server keeps of a longer name (PostgreSQL cuts at 63), declared by each engine.
MAX_IDENTIFIER_BYTES: dict[str, int] = {
    d.name: d.truncates_identifiers_at for d in ENGINES.values() if d.truncates_identifiers_at is not None
}


def is_reserved(name: str, dialect: str) -> bool:
    return name.lower() in RESERVED.get(dialect, frozenset())
