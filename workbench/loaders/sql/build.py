"""Apply parsed statements (sqlglot trees) to the load state: CREATE TABLE/INDEX/TYPE/SCHEMA/SEQUENCE.

One :class:`Builder` per load; :meth:`Builder.apply` takes one statement at a time. Constraint and
index names the database would invent for unnamed constraints are invented the same way
(PostgreSQL's ``<table>_pkey``/``_key``/``_fkey``/``_idx``, which are also Prisma's; SQLite's
``sqlite_autoindex_<table>_<n>``; MySQL's ``<table>_ibfk_<n>``), so a loaded script compares
equal to the database it would create. ALTER, DROP and COMMENT live in :mod:`.alter`.
"""

from __future__ import annotations

import re
from typing import Any

from workbench.diagnostics import Diagnostic, Span, error, warning
from workbench.diagnostics.catalog import sql as codes
from workbench.dialects import naming, registry
from workbench.ir.database import DbEnum, DbForeignKey, DbIndex, DbIndexColumn, DbPrimaryKey, DbView
from workbench.loaders.introspect.normalize import split_top_level
from workbench.loaders.sql import indexes
from workbench.loaders.sql.columns import ColumnResult, read_column
from workbench.loaders.sql.context import Ctx, column_names, ident
from workbench.loaders.sql.state import Key, LoadState, TableState

LIMIT = 63  # PostgreSQL identifier length: names invented for unnamed constraints are cut to it
_ACTION = re.compile(r"ON\s+(DELETE|UPDATE)\s+(CASCADE|RESTRICT|NO\s+ACTION|SET\s+NULL|SET\s+DEFAULT)", re.I)
_SKIP_WORDS = {"OR", "REPLACE", "TEMP", "TEMPORARY", "IF", "NOT", "EXISTS", "GLOBAL", "LOCAL", "UNLOGGED"}
_SEARCH_PATH = re.compile(r"^SET\s+(?:SESSION\s+|LOCAL\s+)?search_path\s*(?:=|TO)\s*(.*?)\s*$", re.I | re.S)
_SET_CONFIG = re.compile(r"^SELECT\s+(?:pg_catalog\.)?set_config\s*\(\s*'search_path'\s*,\s*'([^']*)'", re.I)
_SESSION = re.compile(
    r"^(SET\s|RESET\s|SELECT\s+(?:pg_catalog\.)?set_config\s*\(|ALTER\s+\w+(?:\s+\w+)?\s+.*\sOWNER\s+TO\s"
    r"|ALTER\s+SEQUENCE\s+.*\sOWNED\s+BY\s|\\(?:un)?restrict\b)",
    re.I | re.S,
)
# Session settings around migrations (Prisma's SQLite redefine pattern): they change no schema object.
_SESSION_PRAGMAS = {"foreign_keys", "defer_foreign_keys", "legacy_alter_table"}


class Builder:
    def __init__(self, dialect: str) -> None:
        self.dialect = dialect
        self.state = LoadState(dialect)
        self.diagnostics: list[Diagnostic] = []

    # -- helpers ---------------------------------------------------------------------------------
    def warn(self, code: str, message: str, span: Span | None) -> None:
        self.diagnostics.append(warning(code, message, span))

    def err(self, code: str, message: str, span: Span | None) -> None:
        self.diagnostics.append(error(code, message, span))

    def key(self, table: Any) -> Key:
        """(schema, name) of a sqlglot ``Table``; unqualified names go to the ``search_path`` schema."""
        db = table.args.get("db")
        return self.state.schema_of(ident(db) if db is not None else self.state.search_schema), ident(table)

    def lookup_key(self, table: Any) -> Key:
        """The key of an existing table: an unqualified name is searched in ``search_path``, then the default."""
        key = self.key(table)
        if table.args.get("db") is None and key not in self.state.tables and (None, key[1]) in self.state.tables:
            return None, key[1]
        return key

    def table(self, table_node: Any, ctx: Ctx) -> TableState | None:
        key = self.lookup_key(table_node)
        found = self.state.tables.get(key)
        if found is None:
            self.err(
                codes.UNKNOWN_TABLE,
                f"table `{_show(key)}` is not defined (above or in earlier files)",
                ctx.span(table_node),
            )
        return found

    def enum_cast(self, user_type: tuple[str | None, str]) -> str | None:
        """The quoted (qualified) type of an enum, as lowering writes it in ``ARRAY[...]::"E"[]``."""
        enum = self.state.find_enum(self.state.schema_of(user_type[0]), user_type[1])
        if enum is None:
            return None
        quoted = '"' + enum.name.replace('"', '""') + '"'
        return f'"{enum.schema}".{quoted}' if enum.schema else quoted

    # -- statements ------------------------------------------------------------------------------
    def apply(self, expr: Any, ctx: Ctx) -> None:
        from sqlglot import exp

        from workbench.loaders.sql import alter, alter_type

        if isinstance(expr, exp.Create):
            kind = str(expr.args.get("kind") or "").upper()
            handler = {
                "TABLE": self.create_table,
                "INDEX": lambda e, c: indexes.create_index(self, e, c),
                "TYPE": self.create_type,
                "SCHEMA": self.create_schema,
                "SEQUENCE": self.create_sequence,
                "VIEW": self.create_view,
            }.get(kind)
            if handler is not None:
                handler(expr, ctx)
                return
        elif isinstance(expr, exp.Alter) and str(expr.args.get("kind") or "").upper() == "TABLE":
            alter.alter_table(self, expr, ctx)
            return
        elif isinstance(expr, exp.Alter) and str(expr.args.get("kind") or "").upper() == "INDEX":
            if alter_type.alter_index(self, expr, ctx):
                return
        elif isinstance(expr, exp.Command) and (
            alter_type.extension(self, ctx.stmt.text)
            or alter_type.alter_type(self, ctx)
            or alter_type.drop_type(self, ctx.stmt.text)
            or alter_type.rename_constraint(self, ctx)
            or alter_type.add_constraint_using_index(self, ctx)
        ):
            return
        elif isinstance(expr, exp.Drop):
            if alter.drop(self, expr, ctx):
                return
        elif isinstance(expr, exp.Comment):
            alter.comment(self, expr, ctx)
            return
        elif isinstance(expr, exp.Transaction | exp.Commit | exp.Rollback):
            return  # BEGIN/COMMIT around migrations: nothing to model, nothing lost
        elif isinstance(expr, exp.Pragma) and _pragma_name(expr) in _SESSION_PRAGMAS:
            return
        self.unsupported(ctx)

    def session_statement(self, text: str) -> bool:
        """Session settings and ownership in dumps (``SET ...``, ``set_config``, ``OWNER TO``,
        ``ALTER SEQUENCE ... OWNED BY``): no schema object changes, so nothing is lost by not
        modelling them. ``search_path`` is followed: it decides where unqualified names live."""
        m = _SEARCH_PATH.match(text) or _SET_CONFIG.match(text)
        if m:
            first = split_top_level(m.group(1).strip())[0] if m.group(1).strip() else ""
            first = first.strip().strip("'\"").strip()
            self.state.search_schema = first or None
            return True
        return bool(_SESSION.match(text))

    def unsupported(self, ctx: Ctx) -> None:
        if ctx.stmt.text.startswith("\\"):
            command = ctx.stmt.text.split()[0]
            self.warn(codes.UNSUPPORTED_STATEMENT, f"psql meta-command `{command}` is not SQL; skipped", ctx.span())
            return
        words = re.findall(r"[A-Za-z_]+", ctx.stmt.text[:200])
        kind = [w.upper() for w in words[:1]]
        for w in words[1:] if kind and kind[0] in ("CREATE", "DROP", "ALTER") else []:
            if w.upper() not in _SKIP_WORDS:
                kind.append(w.upper())
                break
        what = " ".join(kind) or "statement"
        self.warn(
            codes.UNSUPPORTED_STATEMENT,
            f"{what} statement is not modelled by the SQL loader; skipped",
            ctx.span(),
        )

    def create_schema(self, expr: Any, ctx: Ctx) -> None:
        target = expr.this
        name = ident(target.args.get("db") or target.this)
        schema = self.state.schema_of(name)
        if schema is not None:
            self.state.schemas.add(schema)

    def create_sequence(self, expr: Any, ctx: Ctx) -> None:
        self.state.sequences.setdefault(ident(expr.this), ctx.span(expr.this))

    def create_view(self, expr: Any, ctx: Ctx) -> None:
        from sqlglot import exp

        # CREATE VIEW "V"(a, b) AS ...: the name is inside a Schema with the column list
        key = self.key(expr.this.this if isinstance(expr.this, exp.Schema) else expr.this)
        body = expr.args.get("expression")
        self.state.views[key] = DbView(name=key[1], schema=key[0], definition=body.sql(self.dialect) if body else None)
        self.warn(
            codes.UNSUPPORTED_STATEMENT,
            f"view `{_show(key)}` is not modelled (kept in the database view with its query; it gets no model)",
            ctx.span(expr.this),
        )

    def create_type(self, expr: Any, ctx: Ctx) -> None:
        from sqlglot import exp

        body = expr.args.get("expression")
        key = self.key(expr.this)
        if not (isinstance(body, exp.DataType) and body.this == exp.DataType.Type.ENUM):
            self.warn(
                codes.UNSUPPORTED_STATEMENT, f"type `{_show(key)}` is not an enum; not modelled", ctx.span(expr.this)
            )
            return
        if key in self.state.enums:
            self.err(codes.DUPLICATE, f"enum `{_show(key)}` is already defined", ctx.span(expr.this))
            return
        values = tuple(str(v.this) for v in body.expressions)
        self.state.enums[key] = DbEnum(name=key[1], values=values, schema=key[0])

    # -- CREATE TABLE ----------------------------------------------------------------------------
    def create_table(self, expr: Any, ctx: Ctx) -> None:
        from sqlglot import exp

        target = expr.this
        if not isinstance(target, exp.Schema):
            from workbench.loaders.sql.ctas import create_table_as

            if create_table_as(self, expr, ctx):
                return
            self.warn(
                codes.UNSUPPORTED_STATEMENT,
                "CREATE TABLE ... AS/LIKE (columns from a query) is not modelled; table skipped",
                ctx.span(target),
            )
            return
        key = self.key(target.this)
        if key in self.state.tables:
            if not expr.args.get("exists"):
                self.err(codes.DUPLICATE, f"table `{_show(key)}` is already defined", ctx.span(target.this))
            return
        table = TableState(schema=key[0], name=key[1], origin=ctx.span(target.this))
        self.state.tables[key] = table
        for element in target.expressions:
            if isinstance(element, exp.ColumnDef):
                self.add_column(table, element, ctx)
            else:
                self.table_constraint(table, element, ctx)
        props = expr.args.get("properties")
        for prop in props.expressions if props is not None else []:
            if isinstance(prop, exp.SchemaCommentProperty):
                table.comment = str(prop.this.this)
            elif not isinstance(prop, _storage_properties()):
                self.warn(
                    codes.UNSUPPORTED_CLAUSE,
                    f"table option `{prop.sql(self.dialect)}` of `{table.name}` is not modelled",
                    ctx.span(target.this),
                )

    def add_column(self, table: TableState, cdef: Any, ctx: Ctx) -> None:
        result = read_column(cdef, ctx.tokens, self.dialect, self.enum_cast)
        span = ctx.span(cdef.this)
        if table.column(result.column.name) is not None:
            self.err(codes.DUPLICATE, f"column `{table.name}.{result.column.name}` is already defined", span)
            return
        column = result.column
        if result.enum_values is not None:  # MySQL inline ENUM(...): a named enum, like db pull does
            enum_name = f"{table.name}_{column.name}"
            self.state.enums[(table.schema, enum_name)] = DbEnum(enum_name, result.enum_values, table.schema)
            from dataclasses import replace

            column = replace(column, type=enum_name)
        table.columns.append(column)
        if result.rowid_candidate:
            table.rowid_candidates.add(column.name)
        if result.sequence:
            self.state.used_sequences.add(result.sequence)
        for problem in result.problems:
            self.warn(codes.UNSUPPORTED_CLAUSE, f"{table.name}: {problem}", span)
        self._inline_constraints(table, result, ctx, span)

    def _inline_constraints(self, table: TableState, result: ColumnResult, ctx: Ctx, span: Span) -> None:
        col = result.column.name
        for c in result.constraints:
            if c.kind == "pk":
                self.set_primary_key(table, c.name, (col,), span)
            elif c.kind == "unique":
                self.add_unique(table, c.name, (DbIndexColumn(col),), span)
            else:
                self.add_foreign_key(table, c.name, (col,), c.node, ctx, span)

    def table_constraint(self, table: TableState, element: Any, ctx: Ctx) -> None:
        from sqlglot import exp

        name: str | None = None
        parts = [element]
        if isinstance(element, exp.Constraint):
            name = ident(element.this)
            parts = list(element.expressions)
        span = ctx.span(element)
        for part in parts:
            if isinstance(part, exp.PrimaryKey):
                self.set_primary_key(table, name, column_names(part.expressions), span)
            elif isinstance(part, exp.PrimaryKeyColumnConstraint) and part.this is not None:
                self.set_primary_key(table, name, column_names(part.this.expressions), span)
            elif isinstance(part, exp.UniqueColumnConstraint):
                schema = part.this
                cols = list(schema.expressions) if isinstance(schema, exp.Schema) else []
                if isinstance(schema, exp.Schema) and isinstance(schema.this, exp.Identifier):
                    name = name or ident(schema.this)  # MySQL: UNIQUE INDEX `name` (...)
                self.add_unique(table, name, indexes.index_columns(self, cols, table, ctx, span) or (), span)
            elif isinstance(part, exp.ForeignKey):
                self.add_foreign_key(table, name, column_names(part.expressions), part.args.get("reference"), ctx, span)
            elif isinstance(part, exp.IndexColumnConstraint):  # MySQL: INDEX/KEY name (...)
                indexes.add_mysql_index(self, table, part, ctx, span)
            elif isinstance(part, exp.CheckColumnConstraint):
                self.warn(
                    codes.UNSUPPORTED_CLAUSE,
                    f"check constraint{' `' + name + '`' if name else ''} on `{table.name}` is not modelled: "
                    f"CHECK ({part.this.sql(self.dialect)})",
                    span,
                )
            else:
                self.warn(
                    codes.UNSUPPORTED_CLAUSE,
                    f"`{part.sql(self.dialect)}` in table `{table.name}` is not modelled",
                    span,
                )

    # -- keys ------------------------------------------------------------------------------------
    def check_columns(self, table: TableState, cols: tuple[str, ...], span: Span) -> bool:
        missing = [c for c in cols if table.column(c) is None]
        if missing:
            self.err(codes.UNKNOWN_COLUMN, f"table `{table.name}` has no column `{missing[0]}`", span)
        return not missing

    def set_primary_key(self, table: TableState, name: str | None, cols: tuple[str, ...], span: Span) -> None:
        if not self.check_columns(table, cols, span):
            return
        if table.primary_key is not None:
            self.err(codes.DUPLICATE, f"table `{table.name}` already has a primary key", span)
            return
        if name is None and registry.get(self.dialect).constraint_names == "postgres":
            name = naming.primary_key_name(table.name, LIMIT)
        table.primary_key = DbPrimaryKey(name=name, columns=cols)

    def add_unique(self, table: TableState, name: str | None, cols: tuple[DbIndexColumn, ...], span: Span) -> None:
        names = tuple(c.name for c in cols)
        if not cols or not self.check_columns(table, names, span):
            return
        if name is None:
            if self.dialect == "sqlite":
                table.unnamed += 1
                name = f"sqlite_autoindex_{table.name}_{table.unnamed}"
            elif self.dialect == "mysql":
                name = names[0]
            else:
                name = naming.unique_index_name(table.name, names, LIMIT)
        self.add_index(table, DbIndex(name=name, columns=cols, unique=True), span)

    def add_index(self, table: TableState, index: DbIndex, span: Span) -> None:
        # index names are per schema (per table on MySQL)
        scope = (
            [table] if self.dialect == "mysql" else [t for t in self.state.tables.values() if t.schema == table.schema]
        )
        if any(i.name == index.name for t in scope for i in t.indexes):
            self.err(codes.DUPLICATE, f"index `{index.name}` is already defined", span)
            return
        table.indexes.append(index)

    def add_foreign_key(
        self, table: TableState, name: str | None, cols: tuple[str, ...], ref: Any, ctx: Ctx, span: Span
    ) -> None:
        from sqlglot import exp

        if ref is None or not self.check_columns(table, cols, span):
            return
        target = ref.this
        ref_table = target.this if isinstance(target, exp.Schema) else target
        ref_cols = column_names(target.expressions) if isinstance(target, exp.Schema) else ()
        ref_schema, ref_name = self.lookup_key(ref_table)
        actions = {"DELETE": "NO ACTION", "UPDATE": "NO ACTION"}
        for option in ref.args.get("options") or []:
            for event, action in _ACTION.findall(str(option)):
                actions[event.upper()] = " ".join(action.upper().split())
        if name is None:
            if registry.get(self.dialect).constraint_names == "postgres":
                name = naming.foreign_key_name(table.name, cols, LIMIT)
            elif self.dialect == "mysql":
                table.unnamed += 1
                name = f"{table.name}_ibfk_{table.unnamed}"
        if name is not None and any(f.name == name for f in table.foreign_keys):
            self.err(codes.DUPLICATE, f"constraint `{name}` of table `{table.name}` is already defined", span)
            return
        table.fk_spans[cols] = span
        table.foreign_keys.append(
            DbForeignKey(
                name=name,
                columns=cols,
                ref_table=ref_name,
                ref_columns=ref_cols,
                ref_schema=ref_schema,
                on_delete=actions["DELETE"],
                on_update=actions["UPDATE"],
            )
        )


def _storage_properties() -> tuple[type, ...]:
    """MySQL storage options (ENGINE, CHARSET, COLLATE, AUTO_INCREMENT start, ROW_FORMAT): how rows are
    stored, not the schema; accepted without a warning."""
    from sqlglot import exp

    return (
        exp.EngineProperty,
        exp.AutoIncrementProperty,
        exp.CharacterSetProperty,
        exp.CollateProperty,
        exp.RowFormatProperty,
    )


def _pragma_name(expr: Any) -> str:
    from sqlglot import exp

    node = expr.this
    if isinstance(node, exp.EQ):
        node = node.this
    return ident(node).lower() if node is not None else ""


def _show(key: Key) -> str:
    return f"{key[0]}.{key[1]}" if key[0] else key[1]


__all__ = ["Builder", "Ctx", "column_names", "ident"]
