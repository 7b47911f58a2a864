"""What a diagram shows: one content model shared by the DOT, Mermaid and DBML writers.

The writers never look at the IR. :func:`build_content` (in :mod:`workbench.render.extract`)
turns a schema into an :class:`ErdContent` for the model view or the database view, and
:func:`select` (in :mod:`workbench.render.select`) applies focus, include/exclude, column modes
and highlights. Keeping that in one place is what makes the three outputs agree: a table or edge
missing from one is missing from all.

Everything here is plain frozen data in a stable order (tables in schema order, columns in
field order, edges in relation order), so the texts written from it are deterministic.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

View = Literal["model", "database"]
ColumnsMode = Literal["all", "keys", "none"]
Direction = Literal["LR", "TB"]


class End(StrEnum):
    """Crow's-foot cardinality of one end of an edge (how many rows of *that* table)."""

    EXACTLY_ONE = "exactly_one"
    ZERO_OR_ONE = "zero_or_one"
    ZERO_OR_MANY = "zero_or_many"
    ONE_OR_MANY = "one_or_many"


@dataclass(frozen=True, slots=True)
class ErdColumn:
    name: str
    type: str  # Prisma type (model view, "String", "Role", "Int[]") or SQL type (database view)
    detail: str | None = None  # native type in the model view ("@db.VarChar(200)")
    nullable: bool = False
    pk: bool = False
    fk: bool = False
    unique: bool = False  # a single-column unique constraint
    default: str | None = None  # display text; filled only when defaults are asked for
    enum: str | None = None  # id of the enum node this column uses
    ignored: bool = False
    highlight: int | None = None  # index into ErdContent.highlight_groups
    aliases: tuple[str, ...] = ()  # other names that select this column (field name <-> db name)

    @property
    def is_key(self) -> bool:
        return self.pk or self.fk or self.unique


@dataclass(frozen=True, slots=True)
class ErdIndex:
    columns: tuple[str, ...]
    unique: bool = False
    name: str | None = None
    method: str | None = None  # Gin, Brin, HASH...

    def describe(self) -> str:
        kind = "unique" if self.unique else "index"
        text = f"{kind} ({', '.join(self.columns)})"
        if self.method:
            text += f" {self.method}"
        return text


@dataclass(frozen=True, slots=True)
class ErdTable:
    id: str  # stable node id: model name (model view) or [schema.]table (database view)
    name: str  # display name
    kind: Literal["table", "view", "join"] = "table"
    schema: str | None = None  # database schema (for clustering)
    subtitle: str | None = None  # e.g. the table name of a mapped model
    columns: tuple[ErdColumn, ...] = ()
    indexes: tuple[ErdIndex, ...] = ()
    ignored: bool = False
    highlight: int | None = None
    hidden_columns: int = 0  # columns left out by the column mode
    aliases: tuple[str, ...] = ()  # other names that select this table

    def column(self, name: str) -> ErdColumn | None:
        for c in self.columns:
            if c.name == name or name in c.aliases:
                return c
        return None


@dataclass(frozen=True, slots=True)
class ErdEnum:
    id: str
    name: str
    values: tuple[str, ...]
    schema: str | None = None


@dataclass(frozen=True, slots=True)
class ErdEdge:
    """A relation drawn from the referenced table (``target``, the "one" side) to the referencing one.

    ``source`` holds the foreign key (or is one side of a collapsed m:n). ``source_end`` and
    ``target_end`` are the crow's-foot markers drawn at each table.
    """

    id: str
    source: str
    target: str
    source_columns: tuple[str, ...]
    target_columns: tuple[str, ...]
    source_end: End
    target_end: End
    kind: Literal["1:1", "1:n", "m:n"]
    label: str | None = None  # an explicitly named relation
    name: str | None = None  # the relation name (or FK constraint name) for DBML
    on_delete: str | None = None
    on_update: str | None = None
    highlight: int | None = None


@dataclass(frozen=True, slots=True)
class ErdContent:
    view: View
    tables: tuple[ErdTable, ...] = ()
    edges: tuple[ErdEdge, ...] = ()
    enums: tuple[ErdEnum, ...] = ()
    clusters: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (label, table/enum ids), in order
    highlight_groups: tuple[str, ...] = ()  # legend labels, index = ErdColumn/ErdTable.highlight
    title: str | None = None
    dialect: str | None = None  # database view only
    problems: tuple[str, ...] = ()  # unknown names in focus/include/highlight, lowering warnings

    def table(self, id: str) -> ErdTable | None:
        for t in self.tables:
            if t.id == id:
                return t
        return None


@dataclass(frozen=True, slots=True)
class ErdOptions:
    """Every knob of a diagram. Names of tables may be model names, table names or ``schema.table``;
    include/exclude accept shell-style globs (``billing.*``, ``*Log``)."""

    view: View = "model"
    dialect: str | None = None  # database view: postgres/duckdb/sqlite; None = from the provider
    focus: tuple[str, ...] = ()
    depth: int = 1
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    columns: ColumnsMode = "all"
    enums: bool = False
    indexes: bool = False
    defaults: bool = False
    join_tables: bool | None = None  # None: collapsed m:n edge in the model view, join table in the database view
    # "auto", "schema", None (or False) or {group: [tables]}
    cluster: str | Mapping[str, Sequence[str]] | Literal[False] | None = "auto"
    direction: Direction = "LR"
    theme: str = "light"
    highlight: Sequence[str] | Mapping[str, Sequence[str]] = field(default=())
    legend: bool | None = None  # None: a legend when something is highlighted
    title: str | None = None

    def __post_init__(self) -> None:
        if self.view not in ("model", "database"):
            raise ValueError(f"view must be 'model' or 'database', not {self.view!r}")
        if self.columns not in ("all", "keys", "none"):
            raise ValueError(f"columns must be 'all', 'keys' or 'none', not {self.columns!r}")
        if self.direction not in ("LR", "TB"):
            raise ValueError(f"direction must be 'LR' or 'TB', not {self.direction!r}")
        if self.depth < 0:
            raise ValueError("depth must be >= 0")

    @property
    def show_join_tables(self) -> bool:
        return self.view == "database" if self.join_tables is None else self.join_tables
