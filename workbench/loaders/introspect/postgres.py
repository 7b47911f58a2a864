"""PostgreSQL introspection through pg_catalog (psycopg 3), into the database view.

Why pg_catalog and not information_schema: only pg_catalog has index methods, operator classes,
sort order, predicates, enum label order and identity/serial ownership, all of which Prisma models.
Catalog text is rewritten into Prisma Migrate's DDL spellings (``character varying(200)`` ->
``VARCHAR(200)``, ``'x'::text`` -> ``'x'``), see :mod:`workbench.loaders.introspect.normalize`.
Whatever the database view cannot hold (check constraints, triggers, expression indexes, generated
columns, column comments...) is reported as a warning, never dropped silently.
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
from workbench.loaders.introspect import pg_catalog as q
from workbench.loaders.introspect.normalize import (
    canonical_array_default,
    canonical_scalar_default,
    split_bracketed,
    split_string_literal,
    split_top_level,
    strip_cast,
    strip_parens,
    unquote_literal,
)

DEFAULT_SCHEMA = str(registry.get("postgres").default_schema)  # declared by the engine: public

_BASE_TYPES = {
    "integer": "INTEGER",
    "smallint": "SMALLINT",
    "bigint": "BIGINT",
    "text": "TEXT",
    "boolean": "BOOLEAN",
    "double precision": "DOUBLE PRECISION",
    "real": "REAL",
    "jsonb": "JSONB",
    "json": "JSON",
    "bytea": "BYTEA",
    "uuid": "UUID",
    "inet": "INET",
    "citext": "CITEXT",
    "xml": "XML",
    "money": "MONEY",
    "oid": "OID",
    "date": "DATE",
    "numeric": "DECIMAL",
    "character varying": "VARCHAR",
    "character": "CHAR",
    "bit": "BIT",
    "bit varying": "VARBIT",
    "timestamp without time zone": "TIMESTAMP",
    "timestamp with time zone": "TIMESTAMPTZ",
    "time without time zone": "TIME",
    "time with time zone": "TIMETZ",
}
_TYPE_RE = re.compile(r"^([a-z ]+?)(?:\(([\d, ]+)\))?( with(?:out)? time zone)?$")
_INT_TYPES = {"INTEGER", "SMALLINT", "BIGINT"}
_ACTIONS = {"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}


def canonical_type(formatted: str) -> str:
    """``format_type`` text -> Prisma's DDL spelling; unknown types keep their text."""
    if formatted.endswith("[]"):
        return canonical_type(formatted[:-2]) + "[]"
    m = _TYPE_RE.match(formatted)
    if not m:
        return formatted
    base, args, tz = m.group(1), m.group(2), m.group(3) or ""
    name = _BASE_TYPES.get(base + tz)
    if name is None:
        return formatted
    if name in ("CHAR", "BIT") and args == "1":
        return name  # Prisma writes @db.Char / @db.Bit as CHAR / BIT, which PostgreSQL stores as length 1
    return f"{name}({args.replace(' ', '')})" if args else name


def _schema_name(nsp: str) -> str | None:
    return None if nsp == DEFAULT_SCHEMA else nsp


def _qualified(schema: str | None, name: str) -> str:
    return f"{schema}.{name}" if schema else name


def _warn(code: str, msg: str, help: str | None = None) -> Diagnostic:
    return warning(code, msg, help=help)


def introspect_postgres(conn: Any) -> tuple[Database, tuple[Diagnostic, ...]]:
    """Read every user schema of the connected database (a psycopg 3 connection)."""
    diags: list[Diagnostic] = []
    cur = conn.cursor()
    schemas = [r[0] for r in cur.execute(q.SCHEMAS).fetchall()]
    rels = cur.execute(q.RELATIONS).fetchall()
    rel_names: dict[int, tuple[str | None, str]] = {}
    table_rows: list[tuple[Any, ...]] = []
    views: list[DbView] = []
    for oid, nsp, name, kind, is_partition, comment, inherits in rels:
        schema = _schema_name(nsp)
        rel_names[oid] = (schema, name)
        where = _qualified(schema, name)
        if kind in ("v", "m"):
            views.append(DbView(name=name, schema=schema))
            if kind == "m":
                diags.append(
                    _warn(codes.PG_MATERIALIZED_VIEW, f"materialized view `{where}` is read as a view (name only)")
                )
            continue
        if kind == "f":
            diags.append(_warn(codes.PG_FOREIGN_TABLE, f"foreign table `{where}` is not modelled; skipped"))
            continue
        if is_partition:
            diags.append(_warn(codes.PG_PARTITION, f"partition `{where}` is skipped; its partitioned parent is read"))
            continue
        if inherits:
            diags.append(
                _warn(codes.PG_INHERITANCE, f"table `{where}` inherits from another table; inheritance is not modelled")
            )
        if kind == "p":
            diags.append(
                _warn(codes.PG_PARTITIONED_TABLE, f"table `{where}` is partitioned; partitioning is not modelled")
            )
        table_rows.append((oid, schema, name, comment))

    oids = [r[0] for r in table_rows]
    columns: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in cur.execute(q.COLUMNS, {"oids": oids}).fetchall():
        columns[row[0]].append(row)
    constraints: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in cur.execute(q.CONSTRAINTS, {"oids": oids}).fetchall():
        constraints[row[0]].append(row)
    indexes: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in cur.execute(q.INDEXES, {"oids": oids}).fetchall():
        indexes[row[0]].append(row)
    triggers: dict[int, list[str]] = defaultdict(list)
    for relid, tgname in cur.execute(q.TRIGGERS, {"oids": oids}).fetchall():
        triggers[relid].append(tgname)
    owned = {(r[0], r[1]) for r in cur.execute(q.SEQUENCE_OWNED, {"oids": oids}).fetchall()}

    missing_refs = {c[5] for rows in constraints.values() for c in rows if c[2] == "f" and c[5] not in rel_names}
    for oid in sorted(missing_refs):
        row = cur.execute(
            "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.oid = %s",
            (oid,),
        ).fetchone()
        if row:
            rel_names[oid] = (_schema_name(row[0]), row[1])

    tables: list[DbTable] = []
    for oid, schema, name, comment in table_rows:
        where = _qualified(schema, name)
        attnames = {c[1]: c[2] for c in columns[oid]}
        cols = [_column(row, where, (oid, row[1]) in owned, diags) for row in columns[oid]]
        pk: DbPrimaryKey | None = None
        fks: list[DbForeignKey] = []
        exclusion_names: set[str] = set()
        for _, conname, contype, conkey, confkey, confrelid, upd, dele, _indid, condef in constraints[oid]:
            if contype == "p":
                pk = DbPrimaryKey(name=conname, columns=tuple(attnames[k] for k in conkey))
            elif contype == "f":
                ref_schema, ref_table = rel_names.get(confrelid, (None, str(confrelid)))
                ref_attnames = _attnames(cur, confrelid, columns)
                fks.append(
                    DbForeignKey(
                        name=conname,
                        columns=tuple(attnames[k] for k in conkey),
                        ref_table=ref_table,
                        ref_columns=tuple(ref_attnames[k] for k in confkey),
                        ref_schema=ref_schema,
                        on_delete=_ACTIONS.get(dele, "NO ACTION"),
                        on_update=_ACTIONS.get(upd, "NO ACTION"),
                    )
                )
            elif contype == "c":
                diags.append(
                    _warn(
                        codes.PG_CHECK_CONSTRAINT,
                        f"check constraint `{conname}` on `{where}` is not modelled: {condef}",
                    )
                )
            elif contype == "x":
                exclusion_names.add(conname)
                diags.append(
                    _warn(
                        codes.PG_EXCLUSION_CONSTRAINT,
                        f"exclusion constraint `{conname}` on `{where}` is not modelled: {condef}",
                    )
                )
            elif contype == "t":
                diags.append(
                    _warn(codes.PG_CONSTRAINT_TRIGGER, f"constraint trigger `{conname}` on `{where}` is not modelled")
                )
        idxs = [
            ix
            for row in indexes[oid]
            if row[1] not in exclusion_names and not row[3]
            for ix in [_index(row, attnames, where, diags)]
            if ix is not None
        ]
        for tg in triggers[oid]:
            diags.append(_warn(codes.PG_TRIGGER, f"trigger `{tg}` on `{where}` is not modelled"))
        tables.append(
            DbTable(
                name=name,
                columns=tuple(cols),
                schema=schema,
                primary_key=pk,
                indexes=tuple(idxs),
                foreign_keys=tuple(sorted(fks, key=lambda f: (f.name or "", f.columns))),
                comment=comment,
            )
        )

    enums = tuple(
        DbEnum(name=name, values=tuple(labels), schema=_schema_name(nsp))
        for nsp, name, labels in cur.execute(q.ENUMS).fetchall()
    )
    # the default schema first, like Database.normalized()
    tables.sort(key=lambda t: (t.schema or "", t.name))
    views.sort(key=lambda v: (v.schema or "", v.name))
    enums = tuple(sorted(enums, key=lambda e: (e.schema or "", e.name)))
    db = Database(
        dialect="postgres",
        tables=tuple(tables),
        enums=enums,
        views=tuple(views),
        schemas=tuple(s for s in schemas if s != DEFAULT_SCHEMA),
    )
    return db, tuple(diags)


def _attnames(cur: Any, oid: int, columns: dict[int, list[tuple[Any, ...]]]) -> dict[int, str]:
    if oid in columns:
        return {c[1]: c[2] for c in columns[oid]}
    rows = cur.execute("SELECT attnum, attname FROM pg_attribute WHERE attrelid = %s AND attnum > 0", (oid,)).fetchall()
    return {r[0]: r[1] for r in rows}


def _column(row: tuple[Any, ...], where: str, owns_sequence: bool, diags: list[Diagnostic]) -> DbColumn:
    (_, _, name, formatted, notnull, default, identity, generated, typtype, typname, _tnsp, etyptype, etypname) = row[
        :13
    ]
    enum_schema, col_comment = _schema_name(row[13] or DEFAULT_SCHEMA), row[15]
    cast = None
    if etyptype == "e":
        cast = f'"{enum_schema}"."{etypname}"' if enum_schema else f'"{etypname}"'
    if typtype == "e":
        ctype = typname
    elif etyptype == "e":
        ctype = f"{etypname}[]"
    else:
        ctype = canonical_type(formatted)
    autoincrement = False
    canon: str | None = None
    if identity in ("a", "d"):
        autoincrement = True
    elif generated == "s":
        diags.append(
            _warn(
                codes.PG_GENERATED_COLUMN,
                f"generated column `{where}.{name}` (GENERATED ALWAYS AS {default} STORED) is not modelled",
            )
        )
    elif default is not None:
        if default.startswith("nextval(") and ctype in _INT_TYPES:
            autoincrement = True
            if not owns_sequence:
                diags.append(
                    _warn(
                        codes.PG_FOREIGN_SEQUENCE,
                        f"`{where}.{name}` defaults to a sequence it does not own: {default}; read as autoincrement",
                    )
                )
        else:
            canon = canonical_default(default, ctype, cast)
    if col_comment:
        diags.append(
            _warn(codes.PG_COLUMN_COMMENT, f"comment on column `{where}.{name}` is not modelled: {col_comment!r}")
        )
    return DbColumn(name=name, type=ctype, nullable=not notnull, default=canon, autoincrement=autoincrement)


def canonical_default(expr: str, column_type: str, cast: str | None = None) -> str:
    """A pg_get_expr default in Prisma's DDL spelling (``cast``: quoted enum type of an enum array)."""
    if column_type.endswith("[]"):
        elements = _array_elements(expr)
        if elements is not None:
            return canonical_array_default(elements, column_type, cast)
        return expr
    return canonical_scalar_default(expr, column_type)


def _array_elements(expr: str) -> list[str] | None:
    """``ARRAY['a'::text, 'b'::text]`` / ``'{}'::text[]`` -> element expressions, else None."""
    text = strip_parens(expr.strip())
    parts = split_bracketed(text, "ARRAY[")
    if parts is not None and (parts[1] == "" or parts[1].startswith("::")):
        return split_top_level(parts[0])
    bare = strip_cast(text)
    lit = split_string_literal(bare)
    if lit and lit[1] == "":
        inner = unquote_literal(bare).strip()
        if inner.startswith("{") and inner.endswith("}"):
            body = inner[1:-1].strip()
            if not body:
                return []
            out = []
            for part in split_top_level(body):
                if part.startswith('"') and part.endswith('"'):
                    part = part[1:-1].replace('\\"', '"')
                out.append(part if re.match(r"^-?[\d.]+$", part) else "'" + part.replace("'", "''") + "'")
            return out
    return None


def _index(row: tuple[Any, ...], attnames: dict[int, str], where: str, diags: list[Diagnostic]) -> DbIndex | None:
    (_, name, unique, _primary, indkey, indoption, nkey, natts, amname, predicate, opclasses, indexdef, has_exprs) = row
    if has_exprs or 0 in indkey[:nkey]:
        diags.append(
            _warn(codes.PG_EXPRESSION_INDEX, f"expression index `{name}` on `{where}` is not modelled: {indexdef}")
        )
        return None
    if natts > nkey:
        diags.append(_warn(codes.PG_INDEX_INCLUDE, f"INCLUDE columns of index `{name}` on `{where}` are not modelled"))
    cols = []
    for i in range(nkey):
        option = indoption[i] if i < len(indoption) else 0
        desc = bool(option & 1)
        nulls_first = bool(option & 2)
        if nulls_first != desc:
            diags.append(
                _warn(
                    codes.PG_INDEX_NULLS_ORDER,
                    f"non-default NULLS ordering in index `{name}` on `{where}` is not modelled",
                )
            )
        ops = opclasses[i] if i < len(opclasses) else None
        cols.append(DbIndexColumn(name=attnames[indkey[i]], sort="DESC" if desc else None, ops=ops))
    method = None if amname == "btree" else amname.upper()
    where_sql = strip_parens(predicate) if predicate else None
    return DbIndex(name=name, columns=tuple(cols), unique=bool(unique), method=method, where=where_sql)
