"""Constraint checks and content hashes for seeded databases (shared by the seed tests).

The checks are plain SQL run against the real engine, derived from the seeding plan: row counts,
NOT NULL, duplicate unique tuples, orphan foreign keys, VARCHAR lengths and createdAt <= updatedAt.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import uuid
from typing import Any

from workbench.seeding.load import qident
from workbench.seeding.load import qtable as _qualified
from workbench.seeding.plan import Plan, TablePlan


def _one(db: Any, query: str) -> Any:
    return db.sql(query).rows[0][0]


def _table_name(db: Any) -> Any:
    """SQLite has one namespace (Prisma's SQLite DDL drops @@schema): tables by bare name there."""
    if getattr(db, "dialect", None) == "sqlite":
        return lambda t: qident(t.name)
    return _qualified


def violations(db: Any, plan: Plan, expected_rows: dict[str, int] | None = None) -> list[str]:
    """Every broken constraint as a message (empty when all hold)."""
    out: list[str] = []
    qtable = _table_name(db)
    for t in plan.tables:
        q = qtable(t)
        count = _one(db, f"SELECT count(*) FROM {q}")
        if expected_rows is not None and t.name in expected_rows and count != expected_rows[t.name]:
            out.append(f"{t.name}: {count} rows, expected {expected_rows[t.name]}")
        for c in t.columns:
            if not c.nullable:
                nulls = _one(db, f"SELECT count(*) FROM {q} WHERE {qident(c.name)} IS NULL")
                if nulls:
                    out.append(f"{t.name}.{c.name}: {nulls} NULLs in a required column")
            if c.length is not None and c.base == "varchar" and not c.array:
                long = _one(db, f"SELECT count(*) FROM {q} WHERE length({qident(c.name)}) > {c.length}")
                if long:
                    out.append(f"{t.name}.{c.name}: {long} values longer than {c.length}")
        for key in t.uniques:
            cols = ", ".join(qident(c) for c in key)
            not_null = " AND ".join(f"{qident(c)} IS NOT NULL" for c in key)
            dups = _one(
                db,
                f"SELECT count(*) FROM (SELECT {cols} FROM {q} WHERE {not_null} GROUP BY {cols} HAVING count(*) > 1) d",
            )
            if dups:
                out.append(f"{t.name}: {dups} duplicate tuples of unique ({', '.join(key)})")
        for fk in t.fks:
            parent = plan.table(fk.ref)
            on = " AND ".join(f"c.{qident(a)} = p.{qident(b)}" for a, b in zip(fk.columns, fk.ref_columns, strict=True))
            child_not_null = " AND ".join(f"c.{qident(a)} IS NOT NULL" for a in fk.columns)
            orphans = _one(
                db,
                f"SELECT count(*) FROM {q} c LEFT JOIN {qtable(parent)} p ON {on} "
                f"WHERE {child_not_null} AND p.{qident(fk.ref_columns[0])} IS NULL",
            )
            if orphans:
                out.append(f"{t.name}: {orphans} rows with a dangling `{fk.name}`")
        out.extend(_time_order(db, t))
    return out


def _time_order(db: Any, t: TablePlan) -> list[str]:
    qtable = _table_name(db)
    names = {c.name.lower().replace("_", ""): c.name for c in t.columns}
    pairs = [("createdat", "updatedat"), ("openedat", "updatedat"), ("loanedat", "returnedat"), ("startsat", "endsat")]
    out = []
    for a, b in pairs:
        if a in names and b in names:
            bad = _one(db, f"SELECT count(*) FROM {qtable(t)} WHERE {qident(names[a])} > {qident(names[b])}")
            if bad:
                out.append(f"{t.name}: {bad} rows with {names[a]} > {names[b]}")
    return out


def _norm(v: Any) -> Any:
    if isinstance(v, dt.datetime):
        if v.tzinfo is not None:
            v = v.astimezone(dt.UTC).replace(tzinfo=None)
        return v.isoformat()
    if isinstance(v, (dt.date, dt.time)):
        return v.isoformat()
    if isinstance(v, decimal.Decimal):
        return format(v.normalize(), "f") if v == v.to_integral() else str(v.normalize())
    if isinstance(v, (uuid.UUID,)):
        return str(v)
    if isinstance(v, (bytes, bytearray, memoryview)):
        return bytes(v).hex()
    if isinstance(v, dict):
        return json.dumps(v, sort_keys=True)
    if isinstance(v, list):
        return [_norm(x) for x in v]
    if isinstance(v, float):
        return round(v, 4)
    if isinstance(v, str) and v.startswith("{") and v.endswith("}"):
        try:
            return json.dumps(json.loads(v), sort_keys=True)
        except ValueError:
            return v
    if v is None or isinstance(v, (bool, int)):
        return v
    return str(v)


def table_rows(db: Any, t: TablePlan) -> list[str]:
    qtable = _table_name(db)
    cols = ", ".join(qident(c.name) for c in t.columns)
    return sorted(json.dumps([_norm(v) for v in r]) for r in db.sql(f"SELECT {cols} FROM {qtable(t)}").rows)


def content_hash(db: Any, plan: Plan) -> dict[str, str]:
    """Per table, a hash of its sorted, engine-neutral contents."""
    return {t.name: hashlib.sha256("\n".join(table_rows(db, t)).encode()).hexdigest()[:16] for t in plan.tables}
