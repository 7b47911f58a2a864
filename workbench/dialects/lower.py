"""Lowering: the model view (:class:`Schema`) -> the database view (:class:`Database`) of a dialect.

This is Prisma Migrate's "SQL schema calculator" in Python: one table per model (``@@ignore``'d
models included, views excluded: Migrate creates neither more nor less), one column per scalar
field (``@ignore``'d fields included), Prisma's default constraint names, implicit m:n join
tables, and concrete column types and default expressions in Prisma's DDL spelling. Order
follows Prisma too (tables in model order, join tables after them in relation order; per
table: ``@unique`` fields, then ``@@index``, ``@@unique``, ``@@fulltext``), so the emitted DDL
reads like Prisma's.

What the target dialect cannot express becomes a warning diagnostic located at the IR node's
origin (codes in :mod:`workbench.diagnostics.catalog.dialects`); nothing is dropped silently.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from types import ModuleType

from workbench.diagnostics import Diagnostic, Span, error
from workbench.diagnostics.catalog import dialects as codes
from workbench.diagnostics.catalog import severity_of
from workbench.dialects import duckdb, naming
from workbench.dialects.columns import column_type
from workbench.dialects.defaults import DefaultContext, render_default
from workbench.dialects.ordering import break_fk_cycles
from workbench.dialects.registry import find, module, names
from workbench.dialects.relations import foreign_keys, join_tables
from workbench.dialects.truncation import check_truncation
from workbench.ir.database import (
    Database,
    DbColumn,
    DbEnum,
    DbExtension,
    DbForeignKey,
    DbIndex,
    DbIndexColumn,
    DbPrimaryKey,
    DbTable,
    DbView,
)
from workbench.ir.schema import DefaultKind, Enum, Index, IndexKind, Model, ScalarField, ScalarType, Schema

INDEX_METHODS = {"hash": "HASH", "gin": "GIN", "gist": "GIST", "spgist": "SPGIST", "brin": "BRIN"}


class Lowering:
    """State of one lowering run: the rules of the dialect and the diagnostics collected."""

    def __init__(self, schema: Schema, rules: ModuleType) -> None:
        self.schema = schema
        self.rules = rules
        self.dialect = rules.DIALECT
        self.limit = self.dialect.max_identifier_length
        self.diagnostics: list[Diagnostic] = []
        self._warned_schemas: set[str] = set()
        # Prisma source of each created name, keyed (kind, schema or "", table, name), for the
        # truncation check (workbench.dialects.truncation): lowered objects carry no spans.
        self.origins: dict[tuple[str, ...], Span | None] = {}
        self.enums = {e.name: self._renamed_enum(e, schema.enums) for e in schema.enums}
        # model name -> {scalar field name: column name}: foreign keys and indexes look columns up
        # by field name thousands of times on a big schema (a scan of the model's fields each)
        self._columns: dict[int, tuple[Model, dict[str, str | None]]] = {}
        # (field, is it the whole primary key) -> its column, for fields lowered without a warning:
        # a column depends on nothing else (the dialect, the provider and the enums are fixed for
        # the run), and big schemas repeat the same fields (`id`, `createdAt`) in every model
        self._lowered: dict[tuple[ScalarField, bool], DbColumn] = {}

    # -- diagnostics -------------------------------------------------------------------------
    def warn(self, code: str, message: str, span: Span | None, help: str | None = None) -> None:
        severity = severity_of(code)  # the catalogue's: info for the I codes, warning for the W codes
        self.diagnostics.append(Diagnostic(code, severity, message, span, help))

    # -- names ---------------------------------------------------------------------------------
    def db_schema(self, name: str | None, span: Span | None) -> str | None:
        """The schema a table/enum lives in, None for the dialect's default schema."""
        if name is None or name in (self.dialect.default_schema, "public"):
            return None
        if not self.dialect.supports_schemas:
            if name not in self._warned_schemas:
                self._warned_schemas.add(name)
                self.warn(
                    codes.UNSUPPORTED_SCHEMA,
                    f'{self.dialect.name} has no schemas; objects of @@schema("{name}") go to the main schema',
                    span,
                )
            return None
        return name

    def column_name(self, model: Model, field_name: str) -> str | None:
        hit = self._columns.get(id(model))
        if hit is None or hit[0] is not model:
            columns: dict[str, str | None] = {}
            for f in model.fields:  # the first field of a name wins, as Model.field() finds it
                if f.name not in columns:
                    columns[f.name] = f.db_name if isinstance(f, ScalarField) else None
            hit = self._columns[id(model)] = (model, columns)  # the model is kept: its id stays its own
        return hit[1].get(field_name)

    # -- enums ---------------------------------------------------------------------------------
    def _renamed_enum(self, enum: Enum, all_enums: tuple[Enum, ...]) -> Enum:
        """``enum`` with a database name the dialect accepts (DuckDB: not a built-in type name)."""
        if self.dialect.name != "duckdb" or enum.db_name.lower() not in duckdb.BUILTIN_TYPE_NAMES:
            return enum
        if self.db_schema(enum.schema, enum.origin) is not None:
            return enum  # built-in types live in DuckDB's main schema only
        taken = {e.db_name.lower() for e in all_enums if self.db_schema(e.schema, e.origin) is None}
        new_name = duckdb.enum_type_name(enum.db_name, taken)
        self.warn(
            codes.BUILTIN_TYPE_NAME,
            f'enum {enum.name}: "{enum.db_name}" is a built-in DuckDB type name (type names are '
            f'case-insensitive and cannot be shadowed, quoted or not); created as "{new_name}" on DuckDB',
            enum.origin,
            help=f'give the enum a database name of your own with @@map("...") (e.g. @@map("{new_name}"))',
        )
        return replace(enum, db_name=new_name)

    def enum_type_sql(self, enum: Enum) -> str:
        schema = self.db_schema(enum.schema, enum.origin)
        quoted = self.dialect.quote(enum.db_name)
        return f"{self.dialect.quote(schema)}.{quoted}" if schema else quoted

    def lower_enums(self) -> tuple[DbEnum, ...]:
        if not self.dialect.supports_enums:
            return ()
        return tuple(
            DbEnum(name=e.db_name, values=tuple(v.db_name for v in e.values), schema=self.db_schema(e.schema, e.origin))
            for e in self.enums.values()
        )

    # -- columns -------------------------------------------------------------------------------
    def lower_column(self, model: Model, field: ScalarField, pk_fields: tuple[str, ...]) -> DbColumn:
        enum = self.enums.get(field.enum) if field.enum else None
        ctype = column_type(field, enum, self.rules)
        for code, message in ctype.problems:
            self.warn(code, f"{model.name}.{field.name}: {message}", field.origin)
        type_sql = ctype.sql(field.list)
        nullable = field.optional or field.list
        if field.list and not self.dialect.supports_arrays:
            self.warn(
                codes.UNSUPPORTED_LIST,
                f"{model.name}.{field.name}: {self.dialect.name} has no list columns; stored as {self.rules.LIST_TYPE}",
                field.origin,
            )
            type_sql = self.rules.LIST_TYPE
        autoincrement = self._autoincrement(model, field, pk_fields, ctype.element)
        default: str | None = None
        if field.default is not None:  # most columns have none: no context to build
            ctx = DefaultContext(
                dialect=self.dialect.name,
                provider=self.schema.provider,
                element_type=ctype.element,
                enum=enum,
                enum_type_sql=self.enum_type_sql(enum) if enum and ctype.is_enum else None,
            )
            default, problem = render_default(field, ctx)
            if problem:
                self.warn(codes.UNSUPPORTED_DEFAULT, f"{model.name}.{field.name}: {problem}", field.origin)
        return DbColumn(
            name=field.db_name, type=type_sql, nullable=nullable, default=default, autoincrement=autoincrement
        )

    def _column(self, model: Model, field: ScalarField, pk_fields: tuple[str, ...]) -> DbColumn:
        """:meth:`lower_column`, remembered for fields that lower without a warning (a warning
        names the model, so such a field is lowered again wherever it appears)."""
        key = (field, pk_fields == (field.name,))
        try:
            hit = self._lowered.get(key)
        except TypeError:  # a field holding something unhashable: lower it every time
            return self.lower_column(model, field, pk_fields)
        if hit is not None:
            return hit
        warned = len(self.diagnostics)
        column = self.lower_column(model, field, pk_fields)
        if len(self.diagnostics) == warned:
            self._lowered[key] = column
        return column

    def _autoincrement(self, model: Model, field: ScalarField, pk_fields: tuple[str, ...], element: str) -> bool:
        explicit = field.default is not None and field.default.kind is DefaultKind.AUTOINCREMENT
        if self.dialect.name != "sqlite":
            return explicit
        # Prisma's SQLite connector: a single-field Int @id is always an AUTOINCREMENT rowid alias.
        single_pk = pk_fields == (field.name,)
        if single_pk and element == "INTEGER" and not field.list:
            return True
        if explicit:
            why = "it is not a single-field Int @id" if not single_pk else f"{element} is not a rowid alias"
            self.warn(
                codes.UNSUPPORTED_AUTOINCREMENT,
                f"{model.name}.{field.name}: autoincrement() cannot be honoured on SQLite ({why}); "
                "values must be supplied by the application",
                field.origin,
            )
        return False

    # -- keys and indexes ------------------------------------------------------------------------
    def lower_primary_key(self, model: Model, table: str) -> DbPrimaryKey | None:
        pk = model.primary_key
        if pk is None:
            return None
        cols = tuple(self.column_name(model, f.name) or f.name for f in pk.fields)
        if any(f.sort or f.length for f in pk.fields):
            self.warn(codes.UNSUPPORTED_INDEX_OPTION, f"{model.name}: sort/length on @id is ignored", pk.origin)
        if self.dialect.name == "sqlite":
            return DbPrimaryKey(name=None, columns=cols)
        return DbPrimaryKey(name=pk.db_name or naming.primary_key_name(table, self.limit), columns=cols)

    def ordered_indexes(self, model: Model) -> list[Index]:
        """Prisma's order: field-level @unique (by field), then @@index, @@unique, @@fulltext."""
        if not model.indexes:
            return []
        field_level = [i for i in model.indexes if i.field_level]
        if len(field_level) > 1:
            positions = {f.name: i for i, f in enumerate(model.fields)}
            field_level.sort(key=lambda i: positions.get(i.fields[0].name if i.fields else "", 0))
        rank = {IndexKind.INDEX: 0, IndexKind.UNIQUE: 1, IndexKind.FULLTEXT: 2}
        rest = sorted((i for i in model.indexes if not i.field_level), key=lambda i: rank[i.kind])
        return field_level + rest

    def lower_index(self, model: Model, table: str, index: Index, list_columns: set[str]) -> DbIndex | None:
        def where() -> str:  # what a warning names; made only for a warning (most indexes get none)
            return f"{model.name} {index.kind.value} on ({', '.join(index.field_names)})"

        cols: list[DbIndexColumn] = []
        for f in index.fields:
            name = self.column_name(model, f.name)
            if name is None:
                self.warn(codes.UNRESOLVED_REFERENCE, f"{where()}: no scalar field `{f.name}`", index.origin)
                return None
            sort = f.sort.upper() if f.sort else None
            if sort and not self.dialect.supports_index_sort:
                self.warn(
                    codes.UNSUPPORTED_INDEX_OPTION, f"{where()}: {self.dialect.name} ignores sort order", index.origin
                )
                sort = None
            if f.length is not None:
                self.warn(
                    codes.UNSUPPORTED_INDEX_OPTION, f"{where()}: index length is MySQL-only; ignored", index.origin
                )
            ops = None
            if f.ops:
                if self.dialect.supports_opclasses:
                    from workbench.dialects.typemap import opclass_sql

                    ops = opclass_sql(f.ops)
                else:
                    self.warn(
                        codes.UNSUPPORTED_INDEX_OPTION,
                        f"{where()}: {self.dialect.name} has no operator classes; `{f.ops}` ignored",
                        index.origin,
                    )
            cols.append(DbIndexColumn(name=name, sort=sort, ops=ops))
        if self.dialect.name == "duckdb" and any(c.name in list_columns for c in cols):
            self.warn(
                codes.UNSUPPORTED_INDEX_COLUMN, f"{where()}: DuckDB cannot index list columns; skipped", index.origin
            )
            return None
        method = self._index_method(index, where)
        if index.clustered:
            self.warn(codes.UNSUPPORTED_INDEX_OPTION, f"{where()}: clustered indexes are SQL Server-only", index.origin)
        column_names = [c.name for c in cols]
        unique = index.kind is IndexKind.UNIQUE
        name = index.db_name or (index.name if index.kind is not IndexKind.UNIQUE else None)
        if not name:
            make = naming.unique_index_name if unique else naming.index_name
            name = make(table, column_names, self.limit)
        predicate = index.where
        if predicate and not self.dialect.supports_partial_indexes:
            if unique:
                self.warn(
                    codes.UNSUPPORTED_PARTIAL_INDEX,
                    f"{where()}: {self.dialect.name} has no partial indexes; unique index `{name}` skipped",
                    index.origin,
                )
                return None
            self.warn(
                codes.UNSUPPORTED_PARTIAL_INDEX,
                f"{where()}: {self.dialect.name} has no partial indexes; indexing all rows",
                index.origin,
            )
            predicate = None
        return DbIndex(name=name, columns=tuple(cols), unique=unique, method=method, where=predicate)

    def _index_method(self, index: Index, where: Callable[[], str]) -> str | None:
        if index.kind is IndexKind.FULLTEXT:
            self.warn(
                codes.UNSUPPORTED_INDEX_METHOD,
                f"{where()}: full-text indexes are MySQL-only; plain index",
                index.origin,
            )
            return None
        if not index.type or index.type.lower() == "btree":
            return None
        method = INDEX_METHODS.get(index.type.lower(), index.type.upper())
        if method in self.dialect.index_methods:
            return method
        self.warn(
            codes.UNSUPPORTED_INDEX_METHOD,
            f"{where()}: {self.dialect.name} has no {index.type} indexes; created as a plain index",
            index.origin,
        )
        return None

    # -- tables ----------------------------------------------------------------------------------
    def lower_table(self, model: Model) -> DbTable:
        pk_fields = model.primary_key.field_names if model.primary_key else ()
        scalars = model.scalar_fields  # a new tuple on every access: taken once
        columns = tuple(self._column(model, f, pk_fields) for f in scalars)
        list_columns = {f.db_name for f in scalars if f.list}
        schema = self.db_schema(model.schema, model.origin)
        key = (schema or "", model.db_name)
        origins = self.origins
        indexes: list[DbIndex] = []
        for index in self.ordered_indexes(model):
            lowered = self.lower_index(model, model.db_name, index, list_columns)
            if lowered is not None:
                indexes.append(lowered)
                origins[("index", *key, lowered.name)] = index.origin or model.origin
        origins[("table", *key)] = model.origin
        for f in scalars:
            origins[("column", *key, f.db_name)] = f.origin
        if model.primary_key is not None:
            self.origins[("pk", *key)] = model.primary_key.origin or model.origin
        return DbTable(
            name=model.db_name,
            columns=columns,
            schema=schema,
            primary_key=self.lower_primary_key(model, model.db_name),
            indexes=tuple(indexes),
            comment=None,
            origin=model.origin,
        )

    def lower_extensions(self) -> tuple[DbExtension, ...]:
        """The datasource's extensions, in the order written, each name once (as Prisma Migrate
        creates them). Only PostgreSQL has them: the loader refuses the property elsewhere."""
        ds = self.schema.datasource
        if self.dialect.name != "postgres" or ds is None or ds.provider != "postgresql":
            return ()
        out: dict[str, DbExtension] = {}
        for x in ds.extensions:
            out.setdefault(x.sql_name, DbExtension(x.sql_name, x.schema, x.version))
        return tuple(out.values())

    def run(self) -> Database:
        tables = {m.name: self.lower_table(m) for m in self.schema.tables}
        fks = foreign_keys(self, tables)
        tables = {name: _with_fks(t, fks.get(name, ())) for name, t in tables.items()}
        all_tables = [*tables.values(), *join_tables(self, tables)]
        if self.dialect.name == "duckdb":
            all_tables = break_fk_cycles(self, all_tables)
        schemas: set[str] = set()
        if self.dialect.supports_schemas:
            ds = self.schema.datasource
            for name in ds.schemas if ds else ():
                if self.db_schema(name, ds.origin if ds else None):
                    schemas.add(name)
            schemas.update(t.schema for t in all_tables if t.schema)
        enums = self.lower_enums()
        schemas.update(e.schema for e in enums if e.schema)
        for e in self.enums.values():
            self.origins[("enum", self.db_schema(e.schema, e.origin) or "", e.db_name)] = e.origin
        views = tuple(
            DbView(name=v.db_name, schema=self.db_schema(v.schema, v.origin), definition=None)
            for v in self.schema.views
        )
        database = Database(
            dialect=self.dialect.name,
            tables=tuple(all_tables),
            enums=enums,
            views=views,
            schemas=tuple(sorted(schemas)),
            extensions=self.lower_extensions(),
        )
        if self.dialect.name == "postgres":
            check_truncation(self, database)
        return database


def _with_fks(table: DbTable, fks: tuple[DbForeignKey, ...] | list[DbForeignKey]) -> DbTable:
    return replace(table, foreign_keys=tuple(fks)) if fks else table


# (id(schema), dialect) -> (schema, result): one export run lowers a schema once for every target
# that needs its database view (drizzle, rest and trpc through it, sqlalchemy, sql). Schema,
# Database and Diagnostic are immutable, so callers may share a result; the schema is kept in the
# entry so its id cannot be reused by another object while the entry lives.
_CACHE: dict[tuple[int, str], tuple[Schema, tuple[Database, tuple[Diagnostic, ...]]]] = {}
_CACHE_SIZE = 8


def lower(schema: Schema, dialect: str) -> tuple[Database, tuple[Diagnostic, ...]]:
    """Lower ``schema`` for ``dialect`` ("postgres", "duckdb" or "sqlite"); never raises on bad input."""
    key = (id(schema), dialect)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is schema:
        return hit[1]
    found = find(dialect)
    if found is None or not found.lowers:
        known = ", ".join(sorted(names(lowers=True)))
        return Database(dialect=str(dialect)), (
            error(codes.UNKNOWN_DIALECT, f"unknown SQL dialect `{dialect}`", None, help=f"use one of: {known}"),
        )
    run = Lowering(schema, module(found.name))
    result = run.run(), tuple(run.diagnostics)
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.clear()
    _CACHE[key] = (schema, result)
    return result


__all__ = ["Lowering", "lower"]

_ = ScalarType  # re-exported for type checkers of callers
