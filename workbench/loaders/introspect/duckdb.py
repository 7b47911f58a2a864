"""DuckDB introspection through DuckDB's own catalog functions, into the database view.

Why not SQLAlchemy reflection: duckdb-engine's reflection is broken on SQLAlchemy 2.1 (see
ENVIRONMENT.md), while ``duckdb_tables()``, ``duckdb_columns()``, ``duckdb_constraints()``,
``duckdb_indexes()``, ``duckdb_types()`` and ``duckdb_views()`` work on every version.

What DuckDB does not keep, and how it is read back:

* Constraint names of primary and foreign keys (``CONSTRAINT "User_pkey"`` is accepted and
  forgotten; the catalog invents ``User_id_pkey``), so they are ``None`` here. Index names are kept.
* Enum names of columns: ``duckdb_columns()`` prints ``ENUM('A', 'B')``; the enum is found again by
  its labels among ``duckdb_types()`` (a warning when several enums share the labels).
* Length arguments (``VARCHAR(200)`` -> ``VARCHAR``) and index sort order (``DESC`` is dropped).
* Referential actions other than NO ACTION/RESTRICT do not exist in DuckDB.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from workbench.diagnostics import Diagnostic, warning
from workbench.diagnostics.catalog import introspect as codes
from workbench.dialects import registry
from workbench.ir.database import (
    Database,
    DbColumn,
    DbEnum,
    DbForeignKey,
    DbIndex,
    DbIndexColumn,
    DbPrimaryKey,
    DbTable,
    DbView,
)
from workbench.loaders.introspect.normalize import (
    canonical_array_default,
    canonical_scalar_default,
    split_bracketed,
    split_string_literal,
    split_top_level,
    strip_parens,
    unquote_literal,
)

DEFAULT_SCHEMA = str(registry.get("duckdb").default_schema)  # declared by the engine: main
_INT_TYPES = {"INTEGER", "SMALLINT", "BIGINT", "TINYINT", "HUGEINT", "UBIGINT", "UINTEGER", "USMALLINT", "UTINYINT"}
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_$]*$")


def _schema_name(name: str) -> str | None:
    return None if name == DEFAULT_SCHEMA else name


def _qualified(schema: str | None, name: str) -> str:
    return f"{schema}.{name}" if schema else name


def introspect_duckdb(conn: Any) -> tuple[Database, tuple[Diagnostic, ...]]:
    """Read the current database of an open ``duckdb.DuckDBPyConnection``."""
    diags: list[Diagnostic] = []

    def rows(sql: str) -> list[tuple[Any, ...]]:
        fetched: list[tuple[Any, ...]] = conn.execute(sql).fetchall()  # the driver connection is untyped
        return fetched

    db_filter = "database_name = current_database()"
    enum_rows = rows(
        f"SELECT schema_name, type_name, labels FROM duckdb_types() WHERE {db_filter} AND NOT internal "
        "AND logical_type = 'ENUM' ORDER BY schema_name, type_name"
    )
    enums = tuple(DbEnum(name=n, values=tuple(labels), schema=_schema_name(s)) for s, n, labels in enum_rows)
    by_labels: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for e in enums:
        by_labels[e.values].append(e.name)

    schemas = [
        r[0]
        for r in rows(
            f"SELECT schema_name FROM duckdb_schemas() WHERE {db_filter} AND NOT internal ORDER BY schema_name"
        )
        if r[0] != DEFAULT_SCHEMA
    ]
    table_rows = rows(
        f"SELECT schema_name, table_name, comment FROM duckdb_tables() WHERE {db_filter} AND NOT internal "
        "AND NOT temporary ORDER BY schema_name, table_name"
    )
    columns: dict[tuple[str, str], list[tuple[Any, ...]]] = defaultdict(list)
    for r in rows(
        "SELECT schema_name, table_name, column_name, data_type, is_nullable, column_default, is_generated, "
        f"generation_expression, comment FROM duckdb_columns() WHERE {db_filter} AND NOT internal "
        "ORDER BY schema_name, table_name, column_index"
    ):
        columns[(r[0], r[1])].append(r)
    constraints: dict[tuple[str, str], list[tuple[Any, ...]]] = defaultdict(list)
    for r in rows(
        "SELECT schema_name, table_name, constraint_type, constraint_text, constraint_column_names, "
        f"constraint_name, referenced_table, referenced_column_names FROM duckdb_constraints() WHERE {db_filter} "
        "ORDER BY schema_name, table_name, constraint_index"
    ):
        constraints[(r[0], r[1])].append(r)
    indexes: dict[tuple[str, str], list[tuple[Any, ...]]] = defaultdict(list)
    for r in rows(
        "SELECT schema_name, table_name, index_name, is_unique, expressions, sql FROM duckdb_indexes() "
        f"WHERE {db_filter} ORDER BY schema_name, table_name, index_name"
    ):
        indexes[(r[0], r[1])].append(r)
    view_rows = rows(
        f"SELECT schema_name, view_name FROM duckdb_views() WHERE {db_filter} AND NOT internal AND NOT temporary "
        "ORDER BY schema_name, view_name"
    )

    tables: list[DbTable] = []
    for schema_raw, name, comment in table_rows:
        key = (schema_raw, name)
        schema = _schema_name(schema_raw)
        where = _qualified(schema, name)
        col_names = {c[2].lower(): c[2] for c in columns[key]}
        cols = [_column(r, where, by_labels, diags) for r in columns[key]]
        pk: DbPrimaryKey | None = None
        fks: list[DbForeignKey] = []
        idxs: list[DbIndex] = []
        for _, _, ctype, ctext, cnames, cname, ref_table, ref_cols in constraints[key]:
            if ctype == "PRIMARY KEY":
                pk = DbPrimaryKey(name=None, columns=tuple(cnames))
            elif ctype == "UNIQUE":
                idxs.append(DbIndex(name=cname, columns=tuple(DbIndexColumn(c) for c in cnames), unique=True))
            elif ctype == "FOREIGN KEY":
                on_delete, on_update = _actions(ctext)
                fks.append(
                    DbForeignKey(
                        name=None,
                        columns=tuple(cnames),
                        ref_table=ref_table,
                        ref_columns=tuple(ref_cols),
                        ref_schema=_ref_schema(ctext, schema),
                        on_delete=on_delete,
                        on_update=on_update,
                    )
                )
            elif ctype == "CHECK":
                diags.append(
                    warning(codes.DUCKDB_CHECK_CONSTRAINT, f"check constraint on `{where}` is not modelled: {ctext}")
                )
        for _, _, iname, is_unique, expressions, sql in indexes[key]:
            ix = _index(iname, bool(is_unique), expressions, sql, col_names, where, diags)
            if ix is not None:
                idxs.append(ix)
        tables.append(
            DbTable(
                name=name,
                columns=tuple(cols),
                schema=schema,
                primary_key=pk,
                indexes=tuple(sorted(idxs, key=lambda i: i.name)),
                foreign_keys=tuple(fks),
                comment=comment or None,
            )
        )
    views = tuple(
        sorted((DbView(name=n, schema=_schema_name(s)) for s, n in view_rows), key=lambda v: (v.schema or "", v.name))
    )
    tables.sort(key=lambda t: (t.schema or "", t.name))  # the default schema first, like normalized()
    enums = tuple(sorted(enums, key=lambda e: (e.schema or "", e.name)))
    db = Database(dialect="duckdb", tables=tuple(tables), enums=enums, views=views, schemas=tuple(schemas))
    return db, tuple(diags)


def canonical_type(data_type: str, by_labels: dict[tuple[str, ...], list[str]] | None = None) -> tuple[str, str | None]:
    """``duckdb_columns().data_type`` -> (canonical type, problem or None). Enums become their name."""
    if data_type.endswith("[]"):
        inner, problem = canonical_type(data_type[:-2], by_labels)
        return inner + "[]", problem
    if data_type.startswith("ENUM(") and data_type.endswith(")"):
        labels = tuple(unquote_literal(p) for p in split_top_level(data_type[5:-1]))
        names = (by_labels or {}).get(labels, [])
        if not names:
            return data_type, f"its enum type {data_type} matches no named enum"
        if len(names) > 1:
            return names[0], f"several enums have the labels {list(labels)} ({', '.join(names)}); read as {names[0]}"
        return names[0], None
    return data_type, None  # DuckDB's own spelling is canonical (workbench.dialects.duckdb writes it)


def _column(
    r: tuple[Any, ...], where: str, by_labels: dict[tuple[str, ...], list[str]], diags: list[Diagnostic]
) -> DbColumn:
    _, _, name, data_type, nullable, default, generated, gen_expr, comment = r
    ctype, problem = canonical_type(data_type, by_labels)
    if problem:
        diags.append(warning(codes.DUCKDB_COLUMN_TYPE, f"column `{where}.{name}`: {problem}"))
    autoincrement = False
    canon: str | None = None
    if generated:
        diags.append(
            warning(codes.DUCKDB_GENERATED_COLUMN, f"generated column `{where}.{name}` (AS {gen_expr}) is not modelled")
        )
    elif default is not None:
        if default.startswith("nextval(") and ctype in _INT_TYPES:
            autoincrement = True
        else:
            canon = canonical_default(default, ctype)
    if comment:
        diags.append(
            warning(codes.DUCKDB_COLUMN_COMMENT, f"comment on column `{where}.{name}` is not modelled: {comment!r}")
        )
    return DbColumn(name=name, type=ctype, nullable=bool(nullable), default=canon, autoincrement=autoincrement)


def canonical_default(expr: str, column_type: str) -> str:
    """DuckDB's stored default in the lowering's spelling (lists as ``list_value(...)``)."""
    if column_type.endswith("[]"):
        elements = _array_elements(expr)
        if elements is not None:
            return canonical_array_default(elements, column_type, "list_value")
        return expr
    return canonical_scalar_default(expr, column_type)


def _array_elements(expr: str) -> list[str] | None:
    text = strip_parens(expr.strip())
    m = re.match(r"^CAST\((.*) AS [^()]+\)$", text, re.S)
    if m:
        text = strip_parens(m.group(1).strip())
    for opener in ("ARRAY[", "list_value(", "["):
        parts = split_bracketed(text, opener)
        if parts is not None and (parts[1] == "" or parts[1].startswith("::")):
            return split_top_level(parts[0])
    return None


def _actions(text: str) -> tuple[str, str]:
    def find(word: str) -> str:
        m = re.search(rf"ON {word} (CASCADE|RESTRICT|NO ACTION|SET NULL|SET DEFAULT)", text, re.I)
        return m.group(1).upper() if m else "NO ACTION"

    return find("DELETE"), find("UPDATE")


def _ref_schema(text: str, own: str | None) -> str | None:
    m = re.search(r"REFERENCES\s+((?:\"[^\"]+\"|\w+))\.", text)
    if not m:
        return own
    return _schema_name(m.group(1).strip('"'))


def _index(
    name: str,
    unique: bool,
    expressions: str,
    sql: str,
    col_names: dict[str, str],
    where: str,
    diags: list[Diagnostic],
) -> DbIndex | None:
    items = split_top_level(expressions.strip()[1:-1]) if expressions.startswith("[") else []
    cols: list[DbIndexColumn] = []
    for item in items:
        lit = split_string_literal(item)
        if lit is not None and lit[1] == "":
            item = unquote_literal(item)
        if item.startswith('"') and item.endswith('"'):
            item = item[1:-1].replace('""', '"')
        elif not _IDENT.match(item):
            item = ""
        real = col_names.get(item.lower())
        if real is None:
            diags.append(
                warning(codes.DUCKDB_UNREADABLE_INDEX, f"expression index `{name}` on `{where}` is not modelled: {sql}")
            )
            return None
        cols.append(DbIndexColumn(real))
    if not cols:
        diags.append(warning(codes.DUCKDB_UNREADABLE_INDEX, f"index `{name}` on `{where}` could not be read: {sql}"))
        return None
    if re.search(r"\bWHERE\b", sql or "", re.I):
        diags.append(
            warning(codes.DUCKDB_INDEX_PREDICATE, f"predicate of index `{name}` on `{where}` is not modelled: {sql}")
        )
    return DbIndex(name=name, columns=tuple(cols), unique=unique)
