"""What a SQL dialect can express: the capabilities lowering and the DDL emitters consult.

One frozen :class:`Dialect` per target; :mod:`workbench.dialects.lower` turns every capability
a schema needs but the dialect lacks into a warning diagnostic instead of dropping it silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class Dialect:
    name: str
    default_schema: str
    max_identifier_length: int  # bytes; Prisma truncates generated names to this
    supports_schemas: bool
    supports_enums: bool  # CREATE TYPE ... AS ENUM
    supports_arrays: bool  # scalar list columns
    index_methods: frozenset[str]  # USING <method> beyond the default B-tree
    supports_index_sort: bool
    supports_opclasses: bool
    supports_partial_indexes: bool
    fk_actions: frozenset[str]  # SQL spellings accepted in ON DELETE / ON UPDATE
    join_table_key: Literal["primary_key", "unique_index"]  # how Prisma makes (A, B) unique

    def quote(self, identifier: str) -> str:
        """Quote an identifier (every dialect here uses SQL-standard double quotes)."""
        return '"' + identifier.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    """A SQL string literal: single quotes doubled (standard_conforming_strings semantics)."""
    return "'" + text.replace("'", "''") + "'"


ALL_FK_ACTIONS = frozenset({"CASCADE", "RESTRICT", "NO ACTION", "SET NULL", "SET DEFAULT"})

POSTGRES = Dialect(
    name="postgres",
    default_schema="public",
    max_identifier_length=63,
    supports_schemas=True,
    supports_enums=True,
    supports_arrays=True,
    index_methods=frozenset({"HASH", "GIN", "GIST", "SPGIST", "BRIN"}),
    supports_index_sort=True,
    supports_opclasses=True,
    supports_partial_indexes=True,
    fk_actions=ALL_FK_ACTIONS,
    join_table_key="primary_key",
)

DUCKDB = Dialect(
    name="duckdb",
    default_schema="main",
    max_identifier_length=63,  # DuckDB has no limit; we keep Prisma's Postgres names so both agree
    supports_schemas=True,
    supports_enums=True,
    supports_arrays=True,
    index_methods=frozenset(),  # only ART; USING HASH etc. is rejected
    supports_index_sort=False,  # accepted by the parser but not stored
    supports_opclasses=False,
    supports_partial_indexes=False,  # "Creating partial indexes is not supported currently"
    fk_actions=frozenset({"NO ACTION", "RESTRICT"}),  # CASCADE / SET NULL / SET DEFAULT are parse errors
    join_table_key="primary_key",
)

SQLITE = Dialect(
    name="sqlite",
    default_schema="main",
    max_identifier_length=10000,  # Prisma's SQLite connector limit: never truncates
    supports_schemas=False,
    supports_enums=False,
    supports_arrays=False,
    index_methods=frozenset(),
    supports_index_sort=True,
    supports_opclasses=False,
    supports_partial_indexes=True,
    fk_actions=ALL_FK_ACTIONS,
    join_table_key="unique_index",
)

DIALECTS: dict[str, Dialect] = {d.name: d for d in (POSTGRES, DUCKDB, SQLITE)}
ALIASES = {"postgresql": "postgres", "pg": "postgres", "sqlite3": "sqlite"}


def get_dialect(name: str) -> Dialect | None:
    return DIALECTS.get(ALIASES.get(name.lower(), name.lower()))
