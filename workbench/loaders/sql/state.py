"""The mutable state of one load: tables, enums, schemas and sequences built so far.

Statements are applied in order (a migrations folder replays its history), so the state is
mutable while loading and frozen into a :class:`~workbench.ir.database.Database` at the end.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from workbench.diagnostics import Diagnostic, Span, error
from workbench.diagnostics.catalog import sql as codes
from workbench.dialects import registry
from workbench.ir.database import (
    Database,
    DbColumn,
    DbEnum,
    DbExtension,
    DbForeignKey,
    DbIndex,
    DbPrimaryKey,
    DbTable,
    DbView,
)

Key = tuple[str | None, str]


@dataclass(slots=True)
class TableState:
    schema: str | None
    name: str
    origin: Span | None
    columns: list[DbColumn] = field(default_factory=list)
    primary_key: DbPrimaryKey | None = None
    indexes: list[DbIndex] = field(default_factory=list)
    foreign_keys: list[DbForeignKey] = field(default_factory=list)
    comment: str | None = None
    rowid_candidates: set[str] = field(default_factory=set)  # SQLite INTEGER columns
    unnamed: int = 0  # counter for names the database would invent (sqlite_autoindex_T_n, T_ibfk_n)
    fk_spans: dict[tuple[str, ...], Span | None] = field(default_factory=dict)  # FK columns -> where written

    def column(self, name: str) -> DbColumn | None:
        for c in self.columns:
            if c.name == name:
                return c
        return None

    def set_column(self, column: DbColumn) -> None:
        self.columns = [column if c.name == column.name else c for c in self.columns]

    def index(self, name: str) -> DbIndex | None:
        for i in self.indexes:
            if i.name == name:
                return i
        return None

    def freeze(self, dialect: str) -> DbTable:
        columns = self.columns
        pk_cols = set(self.primary_key.columns) if self.primary_key else set()
        if dialect == "sqlite":
            pk = self.primary_key
            if pk and len(pk.columns) == 1 and pk.columns[0] in self.rowid_candidates:
                columns = [
                    replace(c, autoincrement=True, nullable=False) if c.name == pk.columns[0] else c for c in columns
                ]
        else:
            columns = [replace(c, nullable=False) if c.name in pk_cols else c for c in columns]
        return DbTable(
            name=self.name,
            columns=tuple(columns),
            schema=self.schema,
            primary_key=self.primary_key,
            indexes=tuple(self.indexes),
            foreign_keys=tuple(self.foreign_keys),
            comment=self.comment,
            origin=self.origin,
        )


@dataclass(slots=True)
class LoadState:
    dialect: str
    tables: dict[Key, TableState] = field(default_factory=dict)
    enums: dict[Key, DbEnum] = field(default_factory=dict)
    views: dict[Key, DbView] = field(default_factory=dict)
    schemas: set[str] = field(default_factory=set)
    extensions: dict[str, DbExtension] = field(default_factory=dict)  # by name, in creation order
    sequences: dict[str, Span | None] = field(default_factory=dict)  # unqualified name -> where created
    used_sequences: set[str] = field(default_factory=set)
    search_schema: str | None = None  # first schema of SET search_path (where unqualified names go)
    # (table key, column) -> enum key: a default that still casts to an enum after the column's type
    # changed away from it (PostgreSQL converts the default, keeping the enum's cast inside it)
    enum_defaults: dict[tuple[Key, str], Key] = field(default_factory=dict)

    @property
    def default_schema(self) -> str | None:
        return registry.default_schema(self.dialect, None)

    def schema_of(self, written: str | None) -> str | None:
        """The database view's schema for a written qualifier (None for the default schema)."""
        if written is None or written == self.default_schema or (self.dialect == "sqlite" and written == "temp"):
            return None
        return written

    def find_enum(self, schema: str | None, name: str) -> DbEnum | None:
        found = self.enums.get((schema, name))
        if found is None and schema is None:
            matches = [e for (s, n), e in self.enums.items() if n == name]
            found = matches[0] if len(matches) == 1 else None
        return found

    def drop_enum_cascade(self, enum: Key) -> None:
        """``DROP TYPE ... CASCADE``: PostgreSQL drops the defaults that still cast to the enum
        (Prisma's "enum to String" migration changes the column's type, then drops the enum so)."""
        for (table_key, name), of in list(self.enum_defaults.items()):
            if of != enum:
                continue
            del self.enum_defaults[(table_key, name)]
            table = self.tables.get(table_key)
            column = table.column(name) if table is not None else None
            if table is not None and column is not None:
                table.set_column(replace(column, default=None))

    def check_foreign_keys(self) -> list[Diagnostic]:
        """Drop (with an error) foreign keys whose target table or columns do not exist.

        A database would have refused them; checked at the end because a script may create the
        referenced table after the referencing one (SQLite, DuckDB and inline REFERENCES allow it).
        """
        problems: list[Diagnostic] = []
        for t in self.tables.values():
            kept = []
            for fk in t.foreign_keys:
                target = self.tables.get((fk.ref_schema, fk.ref_table))
                ref_cols = fk.ref_columns or (target.primary_key.columns if target and target.primary_key else ())
                span = t.fk_spans.get(fk.columns)
                shown = f"{fk.ref_schema}.{fk.ref_table}" if fk.ref_schema else fk.ref_table
                if target is None:
                    problems.append(
                        error(
                            codes.UNKNOWN_TABLE, f"foreign key of `{t.name}` references unknown table `{shown}`", span
                        )
                    )
                elif not ref_cols or any(target.column(c) is None for c in ref_cols):
                    problems.append(
                        error(
                            codes.UNKNOWN_COLUMN,
                            f"foreign key of `{t.name}` references columns {list(fk.ref_columns) or '(primary key)'} "
                            f"that `{shown}` does not have",
                            span,
                        )
                    )
                elif len(ref_cols) != len(fk.columns):
                    problems.append(
                        error(codes.UNKNOWN_COLUMN, f"foreign key of `{t.name}`: column counts differ", span)
                    )
                else:
                    kept.append(fk)
            t.foreign_keys = kept
        return problems

    def freeze(self) -> Database:
        tables = []
        for t in self.tables.values():
            frozen = t.freeze(self.dialect)
            fks = tuple(self._resolve_fk(fk) for fk in frozen.foreign_keys)
            tables.append(replace(frozen, foreign_keys=fks))
        schemas = set(self.schemas)
        schemas.update(t.schema for t in tables if t.schema)
        schemas.update(e.schema for e in self.enums.values() if e.schema)
        return Database(
            dialect=self.dialect,
            tables=tuple(tables),
            enums=tuple(self.enums.values()),
            views=tuple(self.views.values()),
            schemas=tuple(sorted(schemas)),
            extensions=tuple(self.extensions.values()),
        )

    def _resolve_fk(self, fk: DbForeignKey) -> DbForeignKey:
        """``REFERENCES t`` without columns means t's primary key."""
        if fk.ref_columns:
            return fk
        target = self.tables.get((fk.ref_schema, fk.ref_table))
        pk = target.primary_key.columns if target and target.primary_key else ()
        return replace(fk, ref_columns=pk)


__all__ = ["Key", "LoadState", "TableState"]
