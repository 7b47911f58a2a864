"""The few catalog facts the advisor needs: table columns, existing index columns, index size."""

from __future__ import annotations

from typing import Any

from workbench.profile.run import Target


def columns(tgt: Target) -> dict[str, tuple[str, ...]]:
    if tgt.dialect == "duckdb":
        sql = (
            "SELECT table_name, column_name FROM duckdb_columns()"
            " WHERE schema_name = current_schema() ORDER BY table_name, column_index"
        )
        rows = tgt.raw.execute(sql).fetchall()
    else:
        rows = _pg(
            tgt.raw,
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position",
        )
    out: dict[str, list[str]] = {}
    for t, c in rows:
        out.setdefault(t, []).append(c)
    return {t: tuple(cs) for t, cs in out.items()}


def index_columns(tgt: Target) -> dict[str, list[tuple[str, ...]]]:
    """table -> column lists of its indexes (primary keys and unique constraints included; on
    DuckDB foreign keys too, which it indexes itself)."""
    out: dict[str, list[tuple[str, ...]]] = {}
    if tgt.dialect == "duckdb":
        for t, cols in tgt.raw.execute(
            "SELECT table_name, constraint_column_names FROM duckdb_constraints()"
            # DuckDB keeps an ART index behind every foreign key too, so those columns are indexed
            " WHERE constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY') AND schema_name = current_schema()"
        ).fetchall():
            out.setdefault(t, []).append(tuple(cols))
        for t, expr in tgt.raw.execute(
            "SELECT table_name, expressions FROM duckdb_indexes() WHERE schema_name = current_schema()"
        ).fetchall():
            cols = tuple(c.strip().strip('"') for c in str(expr).strip("[]").split(",") if c.strip())
            out.setdefault(t, []).append(cols)
        return out
    for t, cols in _pg(
        tgt.raw,
        "SELECT t.relname, array_agg(a.attname ORDER BY k.n) FROM pg_index x"
        " JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace ns ON ns.oid = t.relnamespace"
        " CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, n)"
        " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum"
        " WHERE ns.nspname = current_schema() GROUP BY t.relname, x.indexrelid",
    ):
        out.setdefault(t, []).append(tuple(cols))
    return out


def row_count(tgt: Target, table: str) -> int:
    sql = f"SELECT count(*) FROM {quote(table)}"
    return int(tgt.raw.execute(sql).fetchall()[0][0]) if tgt.dialect == "duckdb" else int(_pg(tgt.raw, sql)[0][0])


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _pg(raw: Any, sql: str) -> list[tuple[Any, ...]]:
    with raw.transaction(force_rollback=True), raw.cursor() as cur:
        cur.execute(sql)
        fetched: list[tuple[Any, ...]] = cur.fetchall()  # the driver connection is untyped
        return fetched
