"""The schema IR, database view: what a database holds, for one dialect.

Derived from a :class:`~workbench.ir.schema.Schema` by ``workbench.dialects.lower(schema, dialect)``
(Prisma's naming conventions, implicit join tables, concrete types) and read from a live database
by ``workbench.loaders.introspect``. DDL emitters print it; the introspection round trip compares
two of these.

Canonical spellings (so a lowered and an introspected database compare equal):

* ``Column.type``: the type as Prisma Migrate writes it in DDL for that dialect, upper case
  (``TEXT``, ``VARCHAR(200)``, ``TIMESTAMP(3)``, ``DECIMAL(65,30)``, ``INTEGER``, ``UUID``, an
  enum's quoted-free type name such as ``Role``). Array columns end in ``[]``.
* ``Column.default``: the SQL expression as Prisma writes it after ``DEFAULT`` (``CURRENT_TIMESTAMP``,
  ``'draft'``, ``0``, ``true``), or None. ``autoincrement`` marks SERIAL/identity/rowid-alias columns
  instead of a ``nextval(...)`` default.
* Names are the database names (after ``@map``), case kept. ``schema`` is None for the
  dialect's default schema (``public`` on Postgres, ``main`` on DuckDB/SQLite).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.diagnostics.source import Span


@dataclass(frozen=True, slots=True)
class DbColumn:
    name: str
    type: str
    nullable: bool = False
    default: str | None = None
    autoincrement: bool = False


@dataclass(frozen=True, slots=True)
class DbIndexColumn:
    name: str
    sort: str | None = None  # "ASC"/"DESC" when given explicitly (None = default ascending)
    length: int | None = None
    ops: str | None = None  # operator class as written in SQL, e.g. "jsonb_path_ops"


@dataclass(frozen=True, slots=True)
class DbPrimaryKey:
    name: str | None
    columns: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DbIndex:
    """An index; unique constraints are unique indexes here (that is what Prisma creates)."""

    name: str
    columns: tuple[DbIndexColumn, ...]
    unique: bool = False
    method: str | None = None  # BTREE (None) / HASH / GIN / GIST / SPGIST / BRIN
    where: str | None = None

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


@dataclass(frozen=True, slots=True)
class DbForeignKey:
    name: str | None
    columns: tuple[str, ...]
    ref_table: str
    ref_columns: tuple[str, ...]
    ref_schema: str | None = None
    on_delete: str = "NO ACTION"  # SQL spelling: CASCADE, RESTRICT, NO ACTION, SET NULL, SET DEFAULT
    on_update: str = "NO ACTION"


@dataclass(frozen=True, slots=True)
class DbTable:
    name: str
    columns: tuple[DbColumn, ...]
    schema: str | None = None
    primary_key: DbPrimaryKey | None = None
    indexes: tuple[DbIndex, ...] = ()
    foreign_keys: tuple[DbForeignKey, ...] = ()
    comment: str | None = None
    origin: Span | None = field(default=None, compare=False)

    def column(self, name: str) -> DbColumn | None:
        for c in self.columns:
            if c.name == name:
                return c
        return None


@dataclass(frozen=True, slots=True)
class DbEnum:
    name: str
    values: tuple[str, ...]
    schema: str | None = None


@dataclass(frozen=True, slots=True)
class DbView:
    name: str
    schema: str | None = None
    definition: str | None = None


@dataclass(frozen=True, slots=True)
class DbExtension:
    """``CREATE EXTENSION IF NOT EXISTS "name" [WITH SCHEMA "schema"] [VERSION "version"]`` (PostgreSQL)."""

    name: str  # the extension's name in the database
    schema: str | None = None
    version: str | None = None


@dataclass(frozen=True, slots=True)
class Database:
    dialect: str  # postgres, duckdb, sqlite, mysql
    tables: tuple[DbTable, ...] = ()
    enums: tuple[DbEnum, ...] = ()
    views: tuple[DbView, ...] = ()
    schemas: tuple[str, ...] = ()  # non-default schemas to create
    extensions: tuple[DbExtension, ...] = ()  # created before everything else, in this order

    def table(self, name: str, schema: str | None = None) -> DbTable | None:
        for t in self.tables:
            if t.name == name and (schema is None or t.schema == schema):
                return t
        return None

    def normalized(self) -> Database:
        """Order-independent form for comparisons: everything sorted by name, columns kept in order."""

        def table_key(t: DbTable) -> tuple[str, str]:
            return (t.schema or "", t.name)

        tables = tuple(
            DbTable(
                name=t.name,
                columns=t.columns,
                schema=t.schema,
                primary_key=t.primary_key,
                indexes=tuple(sorted(t.indexes, key=lambda i: i.name)),
                foreign_keys=tuple(sorted(t.foreign_keys, key=lambda f: (f.name or "", f.columns))),
                comment=t.comment,
            )
            for t in sorted(self.tables, key=table_key)
        )
        return Database(
            dialect=self.dialect,
            tables=tables,
            enums=tuple(sorted(self.enums, key=lambda e: (e.schema or "", e.name))),
            views=tuple(sorted(self.views, key=lambda v: (v.schema or "", v.name))),
            schemas=tuple(sorted(self.schemas)),
            extensions=tuple(sorted(self.extensions, key=lambda x: x.name)),
        )
