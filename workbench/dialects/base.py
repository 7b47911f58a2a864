"""What a SQL dialect can express: the capabilities lowering and the DDL emitters consult.

One frozen :class:`Dialect` per engine, declared in the engine's own module
(:mod:`workbench.dialects.postgres`...) and registered in :mod:`workbench.dialects.registry`;
:mod:`workbench.dialects.lower` turns every capability a schema needs but the dialect lacks into
a warning diagnostic instead of dropping it silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from workbench.dialects.typemap import TypeMap


@dataclass(frozen=True, slots=True)
class Dialect:
    """Everything workbench knows about one database engine, declared once in its own module.

    The first block are the capabilities lowering and the DDL emitters consult; the second says
    how the engine is named and found (aliases, URL schemes, file suffixes, driver modules); the
    third what workbench can do with it. :mod:`workbench.dialects.registry` collects them.
    """

    name: str
    default_schema: str | None  # None: the engine has no schemas below the database (MySQL)
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
    # -- names and detection ---------------------------------------------------------------------
    display_name: str = ""  # how messages name the engine: "PostgreSQL"
    aliases: tuple[str, ...] = ()  # other spellings accepted wherever an engine name is
    url_schemes: tuple[str, ...] = ()  # URL schemes; "<scheme>+<driver>" (SQLAlchemy style) too
    url_example: str = ""  # shown in errors: "postgresql://user@host:port/db"
    file_suffixes: tuple[str, ...] = ()  # a bare path with one of these is a database file of this engine
    file_magic: tuple[int, bytes] | None = None  # (offset, bytes) that start its database files
    driver_modules: tuple[str, ...] = ()  # top-level modules of its Python driver's connection classes
    driver_opens_transactions: bool = False  # the driver opens a transaction on the first query (psycopg)
    prisma_provider: str = "postgresql"  # the datasource provider of a schema pulled from it
    prisma_providers: tuple[str, ...] = ()  # providers whose schemas target it by default
    truncates_identifiers_at: int | None = None  # bytes the server itself keeps of a longer name
    quote_char: str = '"'
    # -- how its SQL reads (the SQL loader's statement splitter and builder) --------------------
    dollar_quoted_strings: bool = False  # $$...$$ / $tag$...$tag$ bodies
    hash_comments: bool = False  # `# comment` to the end of the line
    backslash_escapes: bool = False  # '\'' inside single-quoted strings
    constraint_names: Literal["postgres", "sqlite", "mysql"] = "postgres"  # how unnamed constraints are named
    keeps_constraint_names: bool = True  # the catalog keeps a primary/foreign key's name (DuckDB: no)
    information_schema: bool = False  # information_schema.columns (is_generated...) can be queried
    embedded: bool = False  # in-process: a database file or memory, no server
    supports_savepoints: bool = True  # work can nest inside a caller's open transaction (DuckDB: no)
    placeholder: str = "?"  # the driver's query parameter marker (psycopg: %s)
    analyze_after_load: bool = False  # planner statistics are stale after a bulk load until ANALYZE (PostgreSQL)
    advisory_locks: bool = False  # pg_advisory_lock: runners on one database take turns (migrate apply)
    migration_timestamp_type: str = "DATETIME"  # _prisma_migrations' time columns, as Prisma creates them
    migration_text_types: tuple[str, str, str] = ("TEXT", "TEXT", "TEXT")  # its id, checksum, name columns
    # how `workbench backup` copies it: "export" (EXPORT/IMPORT DATABASE to a directory), "file" (the
    # driver's online backup API to one file), "pg_dump" (pg_dump --format=custom / pg_restore); None: no backup
    backup_kind: Literal["export", "file", "pg_dump"] | None = None
    migration_steps_type: str = "INTEGER"  # its applied_steps_count column (Prisma on SQLite: INTEGER UNSIGNED)
    # -- what workbench does with it -------------------------------------------------------------
    lowers: bool = False  # lowering + DDL emitter exist (to_sql, apply, lint, the database view)
    connects: bool = False  # workbench.db opens it (connect, introspect, pull, seed)
    reads_sql: bool = True  # load_sql reads its DDL
    profiles: bool = False  # query profiling (EXPLAIN ANALYZE and its plan reader)
    # -- type spellings (excluded from ==/hash: they hold dicts) ----------------------------------
    types: TypeMap | None = field(default=None, compare=False)
    serial_types: Mapping[str, str] = field(default_factory=dict, compare=False)  # INTEGER -> SERIAL
    enum_type: str | None = field(default=None, compare=False)  # column type of an enum without CREATE TYPE
    list_type: str | None = field(default=None, compare=False)  # column type of a list without arrays
    reserved_words: frozenset[str] = field(default=frozenset(), compare=False)  # lower-case; must be quoted

    def quote(self, identifier: str) -> str:
        """Quote an identifier (every engine here uses SQL-standard double quotes)."""
        return quote_identifier(identifier, self.quote_char)

    @property
    def label(self) -> str:
        """The name for messages: ``PostgreSQL``, ``DuckDB``..."""
        return self.display_name or self.name


def quote_identifier(identifier: str, quote_char: str = '"') -> str:
    """An identifier quoted with ``quote_char``, the quote character doubled inside."""
    return quote_char + identifier.replace(quote_char, quote_char * 2) + quote_char


def quote_literal(text: str) -> str:
    """A SQL string literal: single quotes doubled (standard_conforming_strings semantics)."""
    return "'" + text.replace("'", "''") + "'"


ALL_FK_ACTIONS = frozenset({"CASCADE", "RESTRICT", "NO ACTION", "SET NULL", "SET DEFAULT"})
