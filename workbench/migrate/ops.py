"""Migration operations: one frozen object per change between two database views.

A diff (:mod:`workbench.migrate.diff`) is an ordered tuple of these, the way alembic's
``operations/ops.py`` models a migration: each operation knows its :meth:`~Op.reverse` (so the
down migration is the reversed list of reversed operations), a one-line :meth:`~Op.summary` for
people, and where the change comes from in the Prisma source (:attr:`Op.span`, the new side's
line, or the old side's for a drop). Operations speak the *database view* of one dialect
(:mod:`workbench.ir.database`): table and column names are database names (after ``@map``), types
are DDL spellings. Rendering them to SQL is per dialect (:mod:`workbench.migrate.sql`).

Tables are created with their columns, primary key and indexes (:class:`CreateTable`) and dropped
with them; foreign keys are always operations of their own (:class:`AddForeignKey`,
:class:`DropForeignKey`), so that tables that point at each other can be created in any order and
a dropped table's keys are restored by the down migration.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import ClassVar

from workbench.diagnostics.source import Span
from workbench.ir.database import DbColumn, DbEnum, DbForeignKey, DbIndex, DbPrimaryKey, DbTable, DbView

TableKey = tuple[str | None, str]  # (schema or None for the default schema, table name)


def show(key: TableKey) -> str:
    """``schema.table`` or ``table``: how summaries name a table."""
    return f"{key[0]}.{key[1]}" if key[0] else key[1]


def key_of(table: DbTable) -> TableKey:
    return table.schema, table.name


def _named(name: str | None) -> str:
    return f" {name}" if name else ""


@dataclass(frozen=True, slots=True)
class Op:
    """One change. ``span``: where the Prisma source says it (not part of equality)."""

    kind: ClassVar[str] = "op"
    span: Span | None = field(default=None, compare=False, kw_only=True)

    @property
    def loses_data(self) -> bool:
        """Destructive: its down migration restores the structure, not the data (a dropped column's values)."""
        return False

    @property
    def table(self) -> TableKey | None:
        """The table the operation belongs to (None for schemas and enums)."""
        return None

    def reverse(self) -> Op:
        raise NotImplementedError

    def summary(self) -> str:
        raise NotImplementedError


# --- schemas and enums ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class CreateSchema(Op):
    kind: ClassVar[str] = "create schema"
    name: str

    def reverse(self) -> Op:
        return DropSchema(self.name, span=self.span)

    def summary(self) -> str:
        return f"create schema {self.name}"


@dataclass(frozen=True, slots=True)
class DropSchema(Op):
    kind: ClassVar[str] = "drop schema"
    name: str

    def reverse(self) -> Op:
        return CreateSchema(self.name, span=self.span)

    def summary(self) -> str:
        return f"drop schema {self.name}"


@dataclass(frozen=True, slots=True)
class CreateEnum(Op):
    kind: ClassVar[str] = "create enum"
    enum: DbEnum

    def reverse(self) -> Op:
        return DropEnum(self.enum, span=self.span)

    def summary(self) -> str:
        return f"create enum {show((self.enum.schema, self.enum.name))} ({', '.join(self.enum.values)})"


@dataclass(frozen=True, slots=True)
class DropEnum(Op):
    kind: ClassVar[str] = "drop enum"
    enum: DbEnum

    def reverse(self) -> Op:
        return CreateEnum(self.enum, span=self.span)

    def summary(self) -> str:
        return f"drop enum {show((self.enum.schema, self.enum.name))}"


@dataclass(frozen=True, slots=True)
class AlterEnum(Op):
    """The values of an enum change: added values (anywhere in the list), removed values, renamed
    values (``renamed``: old -> new, kept in place). ``old``/``new`` are the whole enums."""

    kind: ClassVar[str] = "alter enum"
    old: DbEnum
    new: DbEnum
    renamed: tuple[tuple[str, str], ...] = ()

    @property
    def added(self) -> tuple[str, ...]:
        kept = set(self.old.values) | {n for _, n in self.renamed}
        return tuple(v for v in self.new.values if v not in kept)

    @property
    def removed(self) -> tuple[str, ...]:
        kept = set(self.new.values) | {o for o, _ in self.renamed}
        return tuple(v for v in self.old.values if v not in kept)

    @property
    def loses_data(self) -> bool:  # rows holding a removed value cannot keep it
        return bool(self.removed)

    def reverse(self) -> Op:
        return AlterEnum(self.new, self.old, tuple((n, o) for o, n in self.renamed), span=self.span)

    def summary(self) -> str:
        parts = [f"add {', '.join(self.added)}"] if self.added else []
        parts += [f"remove {', '.join(self.removed)}"] if self.removed else []
        parts += [f"rename {o} to {n}" for o, n in self.renamed]
        return f"alter enum {show((self.new.schema, self.new.name))}: {'; '.join(parts) or 'reorder values'}"


# --- tables --------------------------------------------------------------------------------------
def _bare(table: DbTable) -> DbTable:
    """The table as :class:`CreateTable` holds it: foreign keys are operations of their own."""
    return replace(table, foreign_keys=())


@dataclass(frozen=True, slots=True)
class CreateTable(Op):
    """A new table with its columns, primary key and indexes (foreign keys come as :class:`AddForeignKey`)."""

    kind: ClassVar[str] = "create table"
    new: DbTable

    def __post_init__(self) -> None:
        if self.new.foreign_keys:
            object.__setattr__(self, "new", _bare(self.new))

    @property
    def table(self) -> TableKey:
        return key_of(self.new)

    def reverse(self) -> Op:
        return DropTable(self.new, span=self.span)

    def summary(self) -> str:
        return f"create table {show(key_of(self.new))} ({len(self.new.columns)} columns)"


@dataclass(frozen=True, slots=True)
class DropTable(Op):
    """A dropped table, kept whole (columns, primary key, indexes) so the down migration rebuilds it."""

    kind: ClassVar[str] = "drop table"
    old: DbTable

    @property
    def loses_data(self) -> bool:
        return True

    def __post_init__(self) -> None:
        if self.old.foreign_keys:
            object.__setattr__(self, "old", _bare(self.old))

    @property
    def table(self) -> TableKey:
        return key_of(self.old)

    def reverse(self) -> Op:
        return CreateTable(self.old, span=self.span)

    def summary(self) -> str:
        return f"drop table {show(key_of(self.old))}"


@dataclass(frozen=True, slots=True)
class RenameTable(Op):
    kind: ClassVar[str] = "rename table"
    old: TableKey
    new: TableKey

    @property
    def table(self) -> TableKey:
        return self.new

    def reverse(self) -> Op:
        return RenameTable(self.new, self.old, span=self.span)

    def summary(self) -> str:
        return f"rename table {show(self.old)} to {show(self.new)}"


# --- columns -------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class AddColumn(Op):
    kind: ClassVar[str] = "add column"
    on: TableKey
    column: DbColumn

    @property
    def table(self) -> TableKey:
        return self.on

    def reverse(self) -> Op:
        return DropColumn(self.on, self.column, span=self.span)

    def summary(self) -> str:
        null = "" if self.column.nullable else " NOT NULL"
        default = f" DEFAULT {self.column.default}" if self.column.default is not None else ""
        return f"add column {show(self.on)}.{self.column.name} {self.column.type}{null}{default}"


@dataclass(frozen=True, slots=True)
class DropColumn(Op):
    kind: ClassVar[str] = "drop column"
    on: TableKey
    column: DbColumn

    @property
    def loses_data(self) -> bool:
        return True

    @property
    def table(self) -> TableKey:
        return self.on

    def reverse(self) -> Op:
        return AddColumn(self.on, self.column, span=self.span)

    def summary(self) -> str:
        return f"drop column {show(self.on)}.{self.column.name}"


@dataclass(frozen=True, slots=True)
class RenameColumn(Op):
    kind: ClassVar[str] = "rename column"
    on: TableKey
    old: str
    new: str

    @property
    def table(self) -> TableKey:
        return self.on

    def reverse(self) -> Op:
        return RenameColumn(self.on, self.new, self.old, span=self.span)

    def summary(self) -> str:
        return f"rename column {show(self.on)}.{self.old} to {self.new}"


@dataclass(frozen=True, slots=True)
class AlterColumn(Op):
    """Type, nullability, default or autoincrement of a column change (same name)."""

    kind: ClassVar[str] = "alter column"
    on: TableKey
    old: DbColumn
    new: DbColumn

    @property
    def table(self) -> TableKey:
        return self.on

    @property
    def changes(self) -> tuple[str, ...]:
        """Which facts change: ``type``, ``nullable``, ``default``, ``autoincrement``."""
        return tuple(
            what
            for what in ("type", "nullable", "default", "autoincrement")
            if getattr(self.old, what) != getattr(self.new, what)
        )

    def reverse(self) -> Op:
        return AlterColumn(self.on, self.new, self.old, span=self.span)

    def summary(self) -> str:
        facts = []
        if self.old.type != self.new.type:
            facts.append(f"type {self.old.type} -> {self.new.type}")
        if self.old.nullable != self.new.nullable:
            facts.append("drop NOT NULL" if self.new.nullable else "set NOT NULL")
        if self.old.default != self.new.default:
            facts.append(f"default {self.old.default or 'none'} -> {self.new.default or 'none'}")
        if self.old.autoincrement != self.new.autoincrement:
            facts.append("autoincrement" if self.new.autoincrement else "no autoincrement")
        return f"alter column {show(self.on)}.{self.new.name}: {', '.join(facts)}"


# --- keys and indexes ----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class AddPrimaryKey(Op):
    kind: ClassVar[str] = "add primary key"
    on: TableKey
    key: DbPrimaryKey

    @property
    def table(self) -> TableKey:
        return self.on

    def reverse(self) -> Op:
        return DropPrimaryKey(self.on, self.key, span=self.span)

    def summary(self) -> str:
        return f"add primary key{_named(self.key.name)} on {show(self.on)} ({', '.join(self.key.columns)})"


@dataclass(frozen=True, slots=True)
class DropPrimaryKey(Op):
    kind: ClassVar[str] = "drop primary key"
    on: TableKey
    key: DbPrimaryKey

    @property
    def table(self) -> TableKey:
        return self.on

    def reverse(self) -> Op:
        return AddPrimaryKey(self.on, self.key, span=self.span)

    def summary(self) -> str:
        return f"drop primary key{_named(self.key.name)} on {show(self.on)}"


@dataclass(frozen=True, slots=True)
class CreateIndex(Op):
    """A new index; ``unique`` indexes are how Prisma makes ``@unique``/``@@unique`` on every engine."""

    kind: ClassVar[str] = "create index"
    on: TableKey
    index: DbIndex

    @property
    def table(self) -> TableKey:
        return self.on

    def reverse(self) -> Op:
        return DropIndex(self.on, self.index, span=self.span)

    def summary(self) -> str:
        what = "unique index" if self.index.unique else "index"
        cols = ", ".join(c.name for c in self.index.columns)
        return f"create {what} {self.index.name} on {show(self.on)} ({cols})"


@dataclass(frozen=True, slots=True)
class DropIndex(Op):
    kind: ClassVar[str] = "drop index"
    on: TableKey
    index: DbIndex

    @property
    def table(self) -> TableKey:
        return self.on

    def reverse(self) -> Op:
        return CreateIndex(self.on, self.index, span=self.span)

    def summary(self) -> str:
        return f"drop {'unique index' if self.index.unique else 'index'} {self.index.name} on {show(self.on)}"


@dataclass(frozen=True, slots=True)
class RenameIndex(Op):
    """The same index under a new name (Prisma: ``ALTER INDEX ... RENAME TO``)."""

    kind: ClassVar[str] = "rename index"
    on: TableKey
    old: str
    new: str

    @property
    def table(self) -> TableKey:
        return self.on

    def reverse(self) -> Op:
        return RenameIndex(self.on, self.new, self.old, span=self.span)

    def summary(self) -> str:
        return f"rename index {self.old} on {show(self.on)} to {self.new}"


@dataclass(frozen=True, slots=True)
class AddForeignKey(Op):
    kind: ClassVar[str] = "add foreign key"
    on: TableKey
    key: DbForeignKey

    @property
    def table(self) -> TableKey:
        return self.on

    def reverse(self) -> Op:
        return DropForeignKey(self.on, self.key, span=self.span)

    def summary(self) -> str:
        ref = show((self.key.ref_schema, self.key.ref_table))
        cols, ref_cols = ", ".join(self.key.columns), ", ".join(self.key.ref_columns)
        return f"add foreign key{_named(self.key.name)} {show(self.on)} ({cols}) -> {ref} ({ref_cols})"


@dataclass(frozen=True, slots=True)
class DropForeignKey(Op):
    kind: ClassVar[str] = "drop foreign key"
    on: TableKey
    key: DbForeignKey

    @property
    def table(self) -> TableKey:
        return self.on

    def reverse(self) -> Op:
        return AddForeignKey(self.on, self.key, span=self.span)

    def summary(self) -> str:
        return f"drop foreign key {self.key.name or ', '.join(self.key.columns)} on {show(self.on)}"


@dataclass(frozen=True, slots=True)
class RenameConstraint(Op):
    """A primary or foreign key keeps its definition under a new name (``ALTER TABLE ... RENAME CONSTRAINT``)."""

    kind: ClassVar[str] = "rename constraint"
    on: TableKey
    old: str
    new: str

    @property
    def table(self) -> TableKey:
        return self.on

    def reverse(self) -> Op:
        return RenameConstraint(self.on, self.new, self.old, span=self.span)

    def summary(self) -> str:
        return f"rename constraint {self.old} on {show(self.on)} to {self.new}"


# --- views ---------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class CreateView(Op):
    kind: ClassVar[str] = "create view"
    view: DbView

    def reverse(self) -> Op:
        return DropView(self.view, span=self.span)

    def summary(self) -> str:
        return f"create view {show((self.view.schema, self.view.name))}"


@dataclass(frozen=True, slots=True)
class DropView(Op):
    kind: ClassVar[str] = "drop view"
    view: DbView

    def reverse(self) -> Op:
        return CreateView(self.view, span=self.span)

    def summary(self) -> str:
        return f"drop view {show((self.view.schema, self.view.name))}"


def reverse_all(ops: tuple[Op, ...]) -> tuple[Op, ...]:
    """The down migration of ``ops``: each reversed, in reverse order (dependencies hold backwards)."""
    return tuple(op.reverse() for op in reversed(ops))
