"""Dump what a PostgreSQL database holds, from pg_catalog, as plain sorted data.

Two DDL scripts that create the same objects give equal dumps whatever their text looks like,
so our DDL can be checked against Prisma's by effect. Covers schemas, enums (labels in order),
tables, columns (format_type, NOT NULL, default expression, identity), sequences, every
constraint (primary key, unique, foreign key with its actions, check) by name with its
definition, and every index by name with its full definition (method, columns, order,
operator classes, predicate) and uniqueness.
"""

from __future__ import annotations

import difflib
import json
from typing import Any

SYSTEM_SCHEMAS = "('pg_catalog', 'information_schema', 'pg_toast')"


def dump(conninfo: str) -> dict[str, Any]:
    import psycopg

    with psycopg.connect(conninfo) as con:

        def rows(sql: str) -> list[tuple[Any, ...]]:
            return [tuple(r) for r in con.execute(sql).fetchall()]

        user_ns = (
            f"n.nspname NOT IN {SYSTEM_SCHEMAS} AND n.nspname NOT LIKE 'pg_temp%' AND n.nspname NOT LIKE 'pg_toast%'"
        )
        schemas = [r[0] for r in rows(f"SELECT n.nspname FROM pg_namespace n WHERE {user_ns} ORDER BY 1")]
        enums: dict[str, list[str]] = {}
        for schema, name, label in rows(
            f"""SELECT n.nspname, t.typname, e.enumlabel FROM pg_enum e
                JOIN pg_type t ON t.oid = e.enumtypid JOIN pg_namespace n ON n.oid = t.typnamespace
                WHERE {user_ns} ORDER BY 1, 2, e.enumsortorder"""
        ):
            enums.setdefault(f"{schema}.{name}", []).append(label)
        tables: dict[str, dict[str, Any]] = {}
        for schema, table in rows(
            f"""SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('r', 'p') AND {user_ns} ORDER BY 1, 2"""
        ):
            tables[f"{schema}.{table}"] = {"columns": [], "constraints": {}, "indexes": {}}
        for schema, table, column, type_, notnull, default, identity in rows(
            f"""SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                       pg_get_expr(d.adbin, d.adrelid), a.attidentity
                FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace
                LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND {user_ns}
                ORDER BY 1, 2, a.attnum"""
        ):
            tables[f"{schema}.{table}"]["columns"].append(
                {"name": column, "type": type_, "not_null": notnull, "default": default, "identity": identity or None}
            )
        for schema, table, name, kind, definition, deltype, updtype in rows(
            f"""SELECT n.nspname, c.relname, k.conname, k.contype, pg_get_constraintdef(k.oid, true),
                       k.confdeltype, k.confupdtype
                FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace WHERE {user_ns} ORDER BY 1, 2, 3"""
        ):
            entry = {"type": kind, "definition": definition}
            if kind == "f":
                entry.update(on_delete=deltype, on_update=updtype)
            tables[f"{schema}.{table}"]["constraints"][name] = entry
        for schema, table, name, definition, unique, primary, method, predicate in rows(
            f"""SELECT n.nspname, c.relname, ic.relname, pg_get_indexdef(i.indexrelid), i.indisunique,
                       i.indisprimary, am.amname, pg_get_expr(i.indpred, i.indrelid)
                FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid
                JOIN pg_am am ON am.oid = ic.relam JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE {user_ns} ORDER BY 1, 2, 3"""
        ):
            tables[f"{schema}.{table}"]["indexes"][name] = {
                "definition": definition,
                "unique": unique,
                "primary": primary,
                "method": method,
                "predicate": predicate,
            }
        sequences = [
            f"{s}.{n}"
            for s, n in rows(
                f"""SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE c.relkind = 'S' AND {user_ns} ORDER BY 1, 2"""
            )
        ]
    return {"schemas": schemas, "enums": enums, "tables": tables, "sequences": sequences}


def diff(expected: dict[str, Any], actual: dict[str, Any], labels: tuple[str, str] = ("expected", "actual")) -> str:
    """A unified diff of two dumps (empty when equal)."""
    a = json.dumps(expected, indent=1, sort_keys=True).splitlines()
    b = json.dumps(actual, indent=1, sort_keys=True).splitlines()
    return "\n".join(difflib.unified_diff(a, b, labels[0], labels[1], lineterm="", n=4))
