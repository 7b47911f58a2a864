"""Reserved words per dialect: names that must be quoted in every hand-written query.

A fixed table rather than a parser's keyword list, so findings do not move when a dependency
updates. PostgreSQL: the "reserved" and "reserved (can be function or type)" columns of the
SQL Key Words appendix; DuckDB shares PostgreSQL's grammar (its ``duckdb_keywords()`` reserved
category is the same set plus a few). SQLite: its keywords minus those its parser
accepts as identifiers anyway (the ``%fallback ID`` list of its grammar).
"""

from __future__ import annotations

from workbench.dialects.registry import ENGINES

_POSTGRES = """
all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate
collation column concurrently constraint create cross current_catalog current_date current_role
current_schema current_time current_timestamp current_user default deferrable desc distinct do else end
except false fetch for foreign freeze from full grant group having ilike in initially inner intersect into
is isnull join lateral leading left like limit localtime localtimestamp natural not notnull null offset on
only or order outer overlaps placing primary references returning right select session_user similar some
symmetric system_user table tablesample then to trailing true union unique user using variadic verbose when
where window with
"""

_DUCKDB_EXTRA = """
pivot unpivot qualify pivot_wider pivot_longer describe show summarize lambda
"""

_SQLITE = """
add all alter and as autoincrement between case check collate commit constraint create cross default
deferrable delete distinct drop else escape except exists filter foreign from full group having in index
indexed inner insert intersect into is isnull join left limit natural not nothing notnull null on or
order outer over primary references returning right select set table then to transaction union unique
update using values when where window
"""

RESERVED: dict[str, frozenset[str]] = {
    "postgres": frozenset(_POSTGRES.split()),
    "duckdb": frozenset((_POSTGRES + _DUCKDB_EXTRA).split()),
    "sqlite": frozenset(_SQLITE.split()),
}

# Bytes the server keeps of a longer name (PostgreSQL cuts at 63), declared by each engine.
MAX_IDENTIFIER_BYTES: dict[str, int] = {
    d.name: d.truncates_identifiers_at for d in ENGINES.values() if d.truncates_identifiers_at is not None
}


def is_reserved(name: str, dialect: str) -> bool:
    return name.lower() in RESERVED.get(dialect, frozenset())
