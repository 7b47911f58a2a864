"""What to generate: tables in foreign-key order, each column's kind, keys, and row counts.

The plan is read from the *database view* (``workbench.dialects.lower``), so implicit join tables,
``@map`` names and constraint columns come for free. Semantics (all foreign keys, VARCHAR lengths,
DECIMAL precision) are always taken from the PostgreSQL lowering, the richest one: DuckDB's
lowering drops cross-schema and cycle-closing foreign keys and VARCHAR lengths, but the data must
satisfy them anyway, so the same rows can go to every engine (determinism across engines).

Cycles are broken through a nullable foreign key: its table is loaded with NULLs there and the
key is filled afterwards with UPDATE (``TablePlan.deferred``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from workbench.diagnostics import Diagnostic, Span
from workbench.ir.database import DbColumn

TableKey = tuple[str, str]  # (schema or "", table name)

DEFAULT_ROWS = 1000


def key_of(schema: str | None, name: str) -> TableKey:
    return (schema or "", name)


def qualified(key: TableKey) -> str:
    return f"{key[0]}.{key[1]}" if key[0] else key[1]


_INT_TYPES = {"SMALLINT": "int2", "INTEGER": "int4", "INT": "int4", "BIGINT": "int8", "SERIAL": "int4"}
_SIMPLE = {
    "TEXT": "text",
    "CITEXT": "citext",
    "BOOLEAN": "bool",
    "REAL": "float4",
    "DOUBLE PRECISION": "float8",
    "UUID": "uuid",
    "JSONB": "jsonb",
    "JSON": "json",
    "BYTEA": "bytea",
    "DATE": "date",
    "INET": "inet",
    "XML": "xml",
    "OID": "int4",
}


@dataclass(frozen=True, slots=True)
class Bound:
    """At most ``rows`` rows, because of ``reason`` (worded for the user)."""

    rows: int
    reason: str
    width: bool = False  # only an integer key's range (2**31 - 1 for INTEGER): not worth showing unless it binds


@dataclass(frozen=True, slots=True)
class ColumnPlan:
    name: str
    sql_type: str  # as lowered for PostgreSQL (VARCHAR(64), DECIMAL(10,2), TEXT[], an enum name...)
    base: str  # int2 int4 int8 float4 float8 numeric money bool text varchar bpchar citext uuid json jsonb bytea
    #           date time timetz timestamp timestamptz inet xml bit varbit enum unknown
    nullable: bool
    array: bool = False
    length: int | None = None  # VARCHAR(n) / CHAR(n) / BIT(n) / VARBIT(n)
    precision: int | None = None
    scale: int | None = None
    enum_values: tuple[str, ...] = ()
    enum_name: str | None = None
    autoincrement: bool = False
    default: str | None = None
    client_id: str | None = None  # "uuid" / "cuid" / "nanoid" / "ulid" when Prisma generates the id

    @property
    def domain(self) -> int | None:
        """How many distinct values the column can hold when that is a small closed set (Boolean,
        an enum's labels), else None: a unique key made of such columns caps the row count."""
        if self.array:
            return None
        if self.base == "bool":
            return 2
        if self.base == "enum":
            return len(self.enum_values)
        return None


@dataclass(frozen=True, slots=True)
class FkPlan:
    name: str
    columns: tuple[str, ...]
    ref: TableKey
    ref_columns: tuple[str, ...]
    nullable: bool  # every column nullable
    unique: bool = False  # the columns are a unique key on their own (1:1)
    self_ref: bool = False
    deferred: bool = False  # closes a cycle: inserted NULL, filled afterwards with UPDATE (left NULL when
    #                         only some of its columns are nullable: ``nullable`` is False then)


@dataclass(frozen=True, slots=True)
class TablePlan:
    key: TableKey
    columns: tuple[ColumnPlan, ...]
    primary_key: tuple[str, ...]
    uniques: tuple[tuple[str, ...], ...]  # primary key first, then unique indexes (deduplicated)
    fks: tuple[FkPlan, ...]
    rows: int
    model: str | None = None  # model name (None for implicit join tables)
    fields: tuple[tuple[str, str], ...] = ()  # (field name, column name) of the model's scalar fields
    asked: int = 0  # rows asked for, before the constraints' ceilings (``rows`` is what will be made)
    limits: tuple[Bound, ...] = ()  # every ceiling the table's constraints put on its rows, tightest first
    skipped: tuple[str, ...] = ()  # columns left to the database (Unsupported types: NULL or their default)
    blocked: Diagnostic | None = None  # why no row can be made (a required Unsupported column), else None
    origin: Span | None = field(default=None, compare=False)  # the model's (or join table's) source

    @property
    def name(self) -> str:
        return self.key[1]

    @property
    def schema(self) -> str | None:
        return self.key[0] or None

    def column(self, name: str) -> ColumnPlan:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    def fk_of(self, column: str) -> FkPlan | None:
        for fk in self.fks:
            if column in fk.columns:
                return fk
        return None


@dataclass(frozen=True, slots=True)
class Plan:
    tables: tuple[TablePlan, ...]  # in load order
    enums: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    diagnostics: tuple[Diagnostic, ...] = ()

    def table(self, key: TableKey) -> TablePlan:
        for t in self.tables:
            if t.key == key:
                return t
        raise KeyError(key)

    def find(self, name: str) -> TablePlan | None:
        """A table by model name, table name or ``schema.table``."""
        for t in self.tables:
            if name in (t.model, t.name, qualified(t.key)):
                return t
        lowered = name.lower()
        for t in self.tables:
            if lowered in ((t.model or "").lower(), t.name.lower()):
                return t
        return None


_ARGS = re.compile(r"^([A-Z ]+?)(?:\((\d+)(?:,\s*(\d+))?\))?$")


def column_plan(col: DbColumn, enums: Mapping[str, tuple[str, ...]], client_id: str | None = None) -> ColumnPlan:
    """Classify a PostgreSQL-lowered column type."""
    sql_type = col.type
    array = sql_type.endswith("[]")
    core = sql_type[:-2] if array else sql_type
    plan = ColumnPlan(
        col.name, sql_type, "unknown", col.nullable, array, autoincrement=col.autoincrement, default=col.default
    )
    if core in enums:
        return replace(plan, base="enum", enum_values=enums[core], enum_name=core, client_id=client_id)
    m = _ARGS.match(core.upper())
    head, a1, a2 = (m.group(1).strip(), m.group(2), m.group(3)) if m else (core.upper(), None, None)
    if head in _INT_TYPES:
        return replace(plan, base=_INT_TYPES[head])
    if head in _SIMPLE:
        return replace(plan, base=_SIMPLE[head], client_id=client_id)
    if head in ("VARCHAR", "CHARACTER VARYING"):
        return replace(plan, base="varchar", length=int(a1) if a1 else None, client_id=client_id)
    if head in ("CHAR", "CHARACTER"):
        return replace(plan, base="bpchar", length=int(a1) if a1 else 1)
    if head in ("DECIMAL", "NUMERIC"):
        return replace(plan, base="numeric", precision=int(a1) if a1 else 65, scale=int(a2) if a2 else 0)
    if head in ("TIMESTAMP", "TIMESTAMP WITHOUT TIME ZONE"):
        return replace(plan, base="timestamp", precision=int(a1) if a1 else 6)
    if head in ("TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE"):
        return replace(plan, base="timestamptz", precision=int(a1) if a1 else 6)
    if head in ("TIME", "TIME WITHOUT TIME ZONE"):
        return replace(plan, base="time", precision=int(a1) if a1 else 6)
    if head in ("TIMETZ", "TIME WITH TIME ZONE"):
        return replace(plan, base="timetz", precision=int(a1) if a1 else 6)
    if head == "MONEY":  # PostgreSQL's money: a 64-bit count of cents (DECIMAL(19,2) elsewhere)
        return replace(plan, base="money", precision=19, scale=2)
    if head == "BIT":
        return replace(plan, base="bit", length=int(a1) if a1 else 1)
    if head in ("VARBIT", "BIT VARYING"):
        return replace(plan, base="varbit", length=int(a1) if a1 else None)
    return plan


def requested_rows(rows: int | Mapping[str, int], table: TablePlan) -> int:
    if isinstance(rows, int):
        return rows
    for name in (table.model, table.name, qualified(table.key)):
        if name is not None and name in rows:
            return int(rows[name])
    return int(rows.get("*", DEFAULT_ROWS))


def pair_key(t: TablePlan, unique: tuple[str, ...]) -> tuple[FkPlan, FkPlan] | None:
    """A unique key made of exactly two single-column foreign keys (a join table, Follow, OrderItem)."""
    fks = [fk for fk in t.fks if set(fk.columns) <= set(unique) and not fk.deferred and not fk.self_ref]
    covered = {c for fk in fks for c in fk.columns}
    if len(fks) == 2 and covered == set(unique):
        return fks[0], fks[1]
    return None
