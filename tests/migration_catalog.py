"""What a database holds, as plain sorted data, so two routes to a schema can be compared by effect.

A migration is right when the database it leaves behind equals the one built from the new schema
directly, whatever the SQL looked like (our ``RENAME COLUMN`` where Prisma drops and adds, our
constraint order, our spacing). Each ``*_catalog`` function reads only catalog metadata (never
user rows, never a commit or rollback on the caller's connection) and returns dicts/lists/str/bool
that compare with ``==`` and print as readable JSON.

Column order is recorded (``position``, 1-based among live columns), because a drop + add moves a
column to the end of the table and a test may care; ``without_positions()`` gives the same catalog
with positions removed and columns keyed by name, for the comparisons where order does not matter.

``apply_*`` run a whole multi-statement script: psycopg ``execute`` without parameters runs every
statement of the string (simple query protocol), sqlite3 ``executescript``, DuckDB ``execute``.
"""

from __future__ import annotations

import copy
import difflib
import json
import re
import sqlite3
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import duckdb
    import psycopg

Catalog = dict[str, Any]

_PG_USER_NS = (
    "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'"
    " AND n.nspname NOT LIKE 'pg\\_temp%'"
)


# ---------------------------------------------------------------- PostgreSQL


def pg_catalog(conn: psycopg.Connection[Any]) -> Catalog:
    """Schemas, enums, tables (columns, constraints, indexes), owned sequences and views of a database."""

    def rows(sql: str) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in conn.execute(sql).fetchall()]

    schemas = [r[0] for r in rows(f"SELECT n.nspname FROM pg_namespace n WHERE {_PG_USER_NS} ORDER BY 1")]
    enums: dict[str, list[str]] = {}
    for schema, name, label in rows(
        f"""SELECT n.nspname, t.typname, e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
            JOIN pg_namespace n ON n.oid = t.typnamespace WHERE {_PG_USER_NS} ORDER BY 1, 2, e.enumsortorder"""
    ):
        enums.setdefault(f"{schema}.{name}", []).append(label)
    tables: dict[str, dict[str, Any]] = {}
    for (key,) in rows(
        f"""SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND {_PG_USER_NS} ORDER BY 1"""
    ):
        tables[key] = {"columns": [], "constraints": {}, "indexes": {}}
    for key, name, type_, not_null, default, identity, generated in rows(
        f"""SELECT n.nspname || '.' || c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                   pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND {_PG_USER_NS}
            ORDER BY 1, a.attnum"""
    ):
        columns = tables[key]["columns"]
        columns.append(
            {
                "name": name,
                "position": len(columns) + 1,
                "type": type_,
                "not_null": not_null,
                "default": default,
                "identity": identity or None,
                "generated": generated or None,
            }
        )
    for key, name, kind, definition in rows(
        f"""SELECT n.nspname || '.' || c.relname, k.conname, k.contype, pg_get_constraintdef(k.oid, true)
            FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE {_PG_USER_NS} ORDER BY 1, 2"""
    ):
        tables[key]["constraints"][name] = {"type": kind, "definition": definition}
    view_indexes: dict[str, dict[str, str]] = {}
    for key, name, definition in rows(
        f"""SELECT n.nspname || '.' || c.relname, ic.relname, pg_get_indexdef(i.indexrelid)
            FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace WHERE {_PG_USER_NS} ORDER BY 1, 2"""
    ):
        # an index on a materialized view (civitai's folder has some) is kept apart from the tables'
        target = tables[key]["indexes"] if key in tables else view_indexes.setdefault(key, {})
        target[name] = definition
    sequences: dict[str, dict[str, Any]] = {}
    for key, data_type, owner in rows(
        f"""SELECT n.nspname || '.' || c.relname, format_type(s.seqtypid, NULL),
                   (SELECT tn.nspname || '.' || tc.relname || '.' || a.attname FROM pg_depend d
                      JOIN pg_class tc ON tc.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = tc.relnamespace
                      JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                     WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i')
                     LIMIT 1)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_sequence s ON s.seqrelid = c.oid
            WHERE c.relkind = 'S' AND {_PG_USER_NS} ORDER BY 1"""
    ):
        sequences[key] = {"type": data_type, "owned_by": owner}
    views = {
        key: " ".join(definition.split())
        for key, definition in rows(
            f"""SELECT n.nspname || '.' || c.relname, pg_get_viewdef(c.oid, true) FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('v', 'm') AND {_PG_USER_NS}
                ORDER BY 1"""
        )
    }
    out: Catalog = {"schemas": schemas, "enums": enums, "tables": tables, "sequences": sequences, "views": views}
    if view_indexes:
        out["view_indexes"] = view_indexes
    return out


def apply_pg(conn: psycopg.Connection[Any], sql: str) -> None:
    """Run a whole script (no parameters, so psycopg sends it as one multi-statement simple query).

    Use an autocommit connection for Prisma's scripts: its enum rewrites carry their own BEGIN/COMMIT."""
    conn.execute(sql.encode())  # bytes: a literal '%' or '{' in the script is never taken as a placeholder


# ---------------------------------------------------------------- SQLite


def normalise_sql(sql: str | None) -> str | None:
    """Stored SQL with layout removed: comments dropped, whitespace runs made one space, and no
    space next to ``(``, ``)`` or ``,``. SQLite keeps the CREATE text as written (and rewrites only
    the name on ``ALTER TABLE ... RENAME``), so Prisma's redefinition and a fresh CREATE differ in
    spacing alone; quoting and keyword case are kept, since they can change meaning."""
    if sql is None:
        return None
    text = re.sub(r"--[^\n]*", " ", sql)
    text = " ".join(text.split())
    return re.sub(r"\s*([(),])\s*", r"\1", text)


def sqlite_catalog(conn: sqlite3.Connection) -> Catalog:
    """Tables (normalised SQL, columns, primary key, foreign keys, indexes) and views of a SQLite database.

    Columns come from ``pragma table_xinfo``, indexes from ``index_list`` + ``index_xinfo`` (order,
    collation, uniqueness, origin, partial), foreign keys from ``foreign_key_list`` (grouped per
    constraint, with actions). Internal ``sqlite_%`` objects (autoindexes, ``sqlite_sequence``) are
    left out; an autoindex shows up as its table's unique/pk index entry instead."""
    master = conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
        "ORDER BY type, name"
    ).fetchall()
    tables: dict[str, dict[str, Any]] = {}
    views: dict[str, str | None] = {}
    triggers: dict[str, str | None] = {}
    for kind, name, _table, sql in master:
        if kind == "table":
            tables[name] = _sqlite_table(conn, name, sql)
        elif kind == "view":
            views[name] = normalise_sql(sql)
        elif kind == "trigger":
            triggers[name] = normalise_sql(sql)
    return {"tables": tables, "views": views, "triggers": triggers}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite_table(conn: sqlite3.Connection, name: str, sql: str | None) -> dict[str, Any]:
    columns = []
    for cid, col, type_, not_null, default, pk, hidden in conn.execute(f"PRAGMA table_xinfo({_q(name)})"):
        columns.append(
            {
                "name": col,
                "position": cid + 1,
                "type": type_,
                "not_null": bool(not_null),
                "default": default,
                "pk": pk,
                "hidden": hidden,
            }
        )
    foreign_keys: dict[int, dict[str, Any]] = {}
    for fid, _seq, target, src, dst, on_update, on_delete, match in conn.execute(
        f"PRAGMA foreign_key_list({_q(name)})"
    ):
        fk = foreign_keys.setdefault(
            fid,
            {"table": target, "from": [], "to": [], "on_update": on_update, "on_delete": on_delete, "match": match},
        )
        fk["from"].append(src)
        fk["to"].append(dst)
    indexes: dict[str, dict[str, Any]] = {}
    for _seq, index, unique, origin, partial in conn.execute(f"PRAGMA index_list({_q(name)})"):
        parts = [
            {"column": col, "desc": bool(desc), "collation": coll}
            for _seqno, _cid, col, desc, coll, key in conn.execute(f"PRAGMA index_xinfo({_q(index)})")
            if key
        ]
        stored = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", (index,)).fetchone()
        # Autoindexes are named by creation order (sqlite_autoindex_T_N): key them by what they index.
        key_name = index if not index.startswith("sqlite_autoindex_") else f"<{origin}:{','.join(_cols(parts))}>"
        indexes[key_name] = {
            "unique": bool(unique),
            "origin": origin,
            "partial": bool(partial),
            "columns": parts,
            "sql": normalise_sql(stored[0]) if stored else None,
        }
    return {
        "sql": normalise_sql(sql),
        "columns": columns,
        "foreign_keys": sorted(foreign_keys.values(), key=lambda fk: json.dumps(fk, sort_keys=True)),
        "indexes": dict(sorted(indexes.items())),
    }


def _cols(parts: list[dict[str, Any]]) -> list[str]:
    return [str(p["column"]) for p in parts]


def apply_sqlite(conn: sqlite3.Connection, sql: str) -> None:
    """Run a whole script (``executescript`` commits first; Prisma's scripts carry their own PRAGMAs)."""
    conn.executescript(sql)


# ---------------------------------------------------------------- DuckDB


def duckdb_catalog(conn: duckdb.DuckDBPyConnection) -> Catalog:
    """Schemas, enums, tables (columns, constraints, indexes), sequences and views of the current DuckDB database."""

    def rows(sql: str) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in conn.execute(sql).fetchall()]

    where = "database_name = current_database() AND NOT internal"
    schemas = [r[0] for r in rows(f"SELECT schema_name FROM duckdb_schemas() WHERE {where} ORDER BY 1")]
    enums = {
        f"{s}.{n}": list(labels)
        for s, n, labels in rows(
            f"SELECT schema_name, type_name, labels FROM duckdb_types() WHERE {where} AND logical_type = 'ENUM' "
            "ORDER BY 1, 2"
        )
    }
    tables: dict[str, dict[str, Any]] = {}
    for (key,) in rows(
        f"SELECT schema_name || '.' || table_name FROM duckdb_tables() WHERE {where} AND NOT temporary ORDER BY 1"
    ):
        tables[key] = {"columns": [], "constraints": [], "indexes": {}}
    for key, name, type_, nullable, default, generated in rows(
        "SELECT schema_name || '.' || table_name, column_name, data_type, is_nullable, column_default, "
        "generation_expression FROM duckdb_columns() WHERE database_name = current_database() AND NOT internal "
        "ORDER BY 1, column_index"
    ):
        if key not in tables:
            continue
        columns = tables[key]["columns"]
        columns.append(
            {
                "name": name,
                "position": len(columns) + 1,
                "type": type_,
                "not_null": not nullable,
                "default": default,
                "generated": generated,
            }
        )
    for key, kind, text, cols, target, target_cols in rows(
        "SELECT schema_name || '.' || table_name, constraint_type, constraint_text, constraint_column_names, "
        "referenced_table, referenced_column_names FROM duckdb_constraints() "
        "WHERE database_name = current_database() AND constraint_type <> 'NOT NULL' ORDER BY 1"
    ):
        if key in tables:
            tables[key]["constraints"].append(
                {"type": kind, "definition": text, "columns": list(cols), "references": target, "to": list(target_cols)}
            )
    for table in tables.values():
        table["constraints"].sort(key=lambda c: json.dumps(c, sort_keys=True))
    for key, name, unique, sql in rows(
        "SELECT schema_name || '.' || table_name, index_name, is_unique, sql FROM duckdb_indexes() "
        "WHERE database_name = current_database() ORDER BY 1, 2"
    ):
        if key in tables:
            tables[key]["indexes"][name] = {"unique": unique, "sql": normalise_sql(sql)}
    sequences = {
        f"{s}.{n}": {"start": start, "increment": inc}
        for s, n, start, inc in rows(
            "SELECT schema_name, sequence_name, start_value, increment_by FROM duckdb_sequences() "
            "WHERE database_name = current_database() AND NOT temporary ORDER BY 1, 2"
        )
    }
    views = {
        f"{s}.{n}": normalise_sql(sql)
        for s, n, sql in rows(f"SELECT schema_name, view_name, sql FROM duckdb_views() WHERE {where} ORDER BY 1, 2")
    }
    return {"schemas": schemas, "enums": enums, "tables": tables, "sequences": sequences, "views": views}


def apply_duckdb(conn: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Run a whole script (DuckDB's ``execute`` runs every statement of a string without parameters)."""
    conn.execute(sql)


# ---------------------------------------------------------------- comparing


def without_positions(catalog: Catalog) -> Catalog:
    """The catalog with column order forgotten: each table's columns keyed by name, no ``position``.

    For comparisons where a drop + add (which appends the column) is as good as an in-place change.
    A SQLite table's stored CREATE text lists columns in order too: it becomes its head and the
    sorted list of its top-level definitions (columns and table constraints)."""
    out = copy.deepcopy(catalog)
    for table in out.get("tables", {}).values():
        table["columns"] = {
            c["name"]: {k: v for k, v in c.items() if k not in ("name", "position")} for c in table["columns"]
        }
        if isinstance(table.get("sql"), str):
            table["sql"] = _unordered_create(table["sql"])
    return out


def _unordered_create(sql: str) -> dict[str, Any]:
    """``CREATE TABLE t(a,b,CONSTRAINT c ...)`` as ``{"head", "parts": sorted top-level parts, "tail"}``.

    Commas and parentheses inside quotes ('...', "...", `...`, [...]) do not split."""
    start = sql.find("(")
    if start < 0:
        return {"head": sql, "parts": [], "tail": ""}
    depth, parts, current, quote, end = 0, [], "", "", len(sql)
    closing = {"'": "'", '"': '"', "`": "`", "[": "]"}
    for i in range(start + 1, len(sql)):
        ch = sql[i]
        if quote:
            if ch == closing[quote]:
                quote = ""
        elif ch in closing:
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                end = i
                break
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(current)
            current = ""
            continue
        current += ch
    parts.append(current)
    return {"head": sql[:start], "parts": sorted(parts), "tail": sql[end + 1 :]}


def catalog_diff(expected: Catalog, actual: Catalog, labels: tuple[str, str] = ("expected", "actual")) -> str:
    """A unified diff of two catalogs as sorted JSON (empty when equal), for assertion messages."""
    a = json.dumps(expected, indent=1, sort_keys=True, default=str).splitlines()
    b = json.dumps(actual, indent=1, sort_keys=True, default=str).splitlines()
    return "\n".join(difflib.unified_diff(a, b, labels[0], labels[1], lineterm="", n=3))
