"""Unique keys that foreign keys reference: UNIQUE constraints in drizzle-kit's PostgreSQL SQL.

drizzle-kit's PostgreSQL SQL creates every new table first (with its primary key and UNIQUE
constraints inline), then adds the foreign keys, and only then creates the indexes. Prisma names
a ``@unique``/``@@unique`` key as a unique *index*; written as ``uniqueIndex`` it does not exist yet
when a foreign key that references it is added, and PostgreSQL refuses the key ("there is no
unique constraint matching given keys for referenced table"). Such keys are written as
``unique(name).on(...)`` instead: the same name and unique index, created in time, plus a
``pg_constraint`` row Prisma's catalog does not have (reported as info I0711).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from workbench.diagnostics.catalog import drizzle as codes
from workbench.emit.drizzle.typemap import ts_string
from workbench.ir.database import Database, DbIndex, DbTable
from workbench.ir.schema import IndexKind, Model

if TYPE_CHECKING:
    from workbench.diagnostics import Span


class _Flavor(Protocol):
    @property
    def name(self) -> str: ...


class EmitterContext(Protocol):
    """What these helpers read of :class:`workbench.emit.drizzle.emitter.Emitter` (which imports them:
    typing them against the emitter itself would be an import circle)."""

    @property
    def flavor(self) -> _Flavor: ...

    @property
    def param(self) -> str: ...

    @property
    def referenced(self) -> dict[tuple[str | None, str], set[frozenset[str]]]: ...

    def report(self, code: str, message: str, span: Span | None, help: str | None = None) -> None: ...

    def use(self, name: str) -> str: ...


def referenced_keys(database: Database) -> dict[tuple[str | None, str], set[frozenset[str]]]:
    """(schema, table) -> the column sets foreign keys reference there (PostgreSQL matches them as sets)."""
    found: dict[tuple[str | None, str], set[frozenset[str]]] = {}
    for t in database.tables:
        for fk in t.foreign_keys:
            found.setdefault((fk.ref_schema, fk.ref_table), set()).add(frozenset(fk.ref_columns))
    return found


def backs_foreign_key(em: EmitterContext, table: DbTable, ix: DbIndex) -> bool:
    """Whether ``ix`` is the unique key a foreign key references (not the primary key).

    drizzle-kit's PostgreSQL SQL adds a new table's foreign keys before its indexes, so a
    unique *index* referenced by a foreign key does not exist yet when the key is added
    ("there is no unique constraint matching given keys"). A UNIQUE constraint is created
    inside CREATE TABLE, in time. drizzle-kit's MySQL SQL already writes every unique index
    inside CREATE TABLE, and SQLite checks foreign keys only when rows change: both keep
    Prisma's unique indexes.
    """
    if em.flavor.name != "pg" or not ix.unique or ix.where:
        return False
    cols = frozenset(ix.column_names)
    pk = table.primary_key
    if pk is not None and frozenset(pk.columns) == cols:
        return False
    return cols in em.referenced.get((table.schema, table.name), set())


def unique_constraint(
    em: EmitterContext, table: DbTable, ix: DbIndex, keys: dict[str, str], model: Model | None
) -> str:
    """``unique(name).on(...)``: the same name and columns as Prisma's unique index, as a constraint."""
    cols = ", ".join(f"{em.param}.{keys[c.name]}" for c in ix.columns)
    what = f"{model.name if model else table.name}: unique key ({', '.join(ix.column_names)})"
    lost = [
        part
        for part, present in (
            ("sort order", any(c.sort for c in ix.columns)),
            ("operator class", any(c.ops for c in ix.columns)),
            (f"index method {ix.method}", bool(ix.method)),
        )
        if present
    ]
    span = _unique_origin(model, ix) if model else None
    message = (
        f'{what}: written as the UNIQUE constraint "{ix.name}" (Prisma creates a unique index of that name) '
        "because a foreign key references it and drizzle-kit adds foreign keys before indexes"
    )
    if lost:
        em.report(codes.UNIQUE_CONSTRAINT_LOSES, f"{message}; a constraint cannot carry its {' / '.join(lost)}", span)
    else:
        em.report(codes.UNIQUE_CONSTRAINT, message, span)
    return f"{em.use('unique')}({ts_string(ix.name)}).on({cols})"


def _unique_origin(model: Model, ix: DbIndex) -> Span | None:
    """Where the unique key ``ix`` of ``model`` is declared (``@unique`` or ``@@unique``)."""
    by_field = {f.name: f.db_name for f in model.scalar_fields}
    for index in model.indexes:
        if index.kind is IndexKind.UNIQUE and tuple(by_field.get(f.name) for f in index.fields) == ix.column_names:
            return index.origin or model.origin
    return model.origin
