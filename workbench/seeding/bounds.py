"""What a seeding run can and will cost, decided before a single row is generated.

Two questions live here, answered for the feasibility plan (:mod:`workbench.seeding.feasibility`,
shown before any row is written; ``--strict`` refuses what it would clamp):

* :func:`table_bound`: how many rows a table's constraints allow, given its parents' row counts.
  Every way :mod:`workbench.seeding.unique` keeps a key unique has a ceiling (a 1:1 key: one row
  per parent; a join table: distinct pairs; ``flag Boolean @unique``: two rows; a ``CHAR(2)``
  code: 36**2 - 1 values; an ``INTEGER`` id: 2**31 - 1). The plan clamps the row count to the
  tightest one and reports the clamp with its reason, instead of failing half-way with a
  duplicate key.
* :func:`footprint`: how much memory the run needs (the key columns children reference are kept
  in memory, plus the index arrays of 1:1 and pair keys) and how many bytes it writes, so that an
  absurd request is refused up front rather than growing until the machine runs out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from workbench.diagnostics import Diagnostic, Severity
from workbench.diagnostics.catalog.seeding import ROWS_CAPPED, ROWS_REFUSED, UNKNOWN_TABLE
from workbench.seeding.plan import (
    Bound,
    ColumnPlan,
    Plan,
    TableKey,
    TablePlan,
    qualified,
    requested_rows,
)
from workbench.seeding.roots import Roots
from workbench.seeding.shared import linked_groups, shared_roots
from workbench.seeding.unique import TEXT, domain_size, strategies

MAX_ROWS = 2**63 - 1  # row numbers and generated ids are 64-bit integers on every engine
_INT_LIMITS = {"int2": 32767, "int4": 2**31 - 1, "int8": 2**63 - 1}


def _values(c: ColumnPlan) -> str:
    if c.base == "bool":
        return "Boolean: 2 values"
    return f"enum `{c.enum_name}`: {len(c.enum_values)} value{'s' if len(c.enum_values) != 1 else ''}"


def bounds(t: TablePlan, counts: Mapping[TableKey, int], tables: Roots | None = None) -> list[Bound]:
    """Every ceiling the table's keys put on its row count (given its parents' row counts).
    ``tables``: where the plan's key values come from, to tell whether two keys sharing a column
    can agree on it (:mod:`workbench.seeding.shared`)."""
    out: list[Bound] = []
    s = strategies(t)
    required = [fk for fk in t.fks if not fk.nullable and not fk.deferred and not fk.self_ref]
    for fk in required:
        if counts.get(fk.ref, 0) == 0:
            out.append(Bound(0, f"every row needs a `{fk.ref[1]}` row (`{', '.join(fk.columns)}`) and it gets none"))
    targets: dict[str, set[str]] = {}
    for fk in required:
        for name in fk.columns:
            targets.setdefault(name, set()).add(qualified(fk.ref))
    for col, refs in targets.items():
        if len(refs) > 1 and (tables is None or len(shared_roots(t, tables, required, col)) > 1):
            shown = " and ".join(f"`{r}`" for r in sorted(refs))
            out.append(
                Bound(
                    0,
                    f"`{col}` must be a key of both {shown} (two foreign keys on one column), and generated keys "
                    "of different tables never coincide: give these rows in a seed file",
                )
            )
    for fk in t.fks:
        if fk.unique and not fk.nullable and not fk.deferred and not fk.self_ref:
            out.append(
                Bound(counts.get(fk.ref, 0), f"one row per `{fk.ref[1]}` row through unique `{', '.join(fk.columns)}`")
            )
    for a, b in s.pairs:
        na, nb = counts.get(a.ref, 0), counts.get(b.ref, 0)
        out.append(
            Bound(na * nb - (min(na, nb) if a.ref == b.ref else 0), f"distinct pairs of `{a.ref[1]}` x `{b.ref[1]}`")
        )
    for cols in s.domain:
        why = "; ".join(f"`{c}` is {_values(t.column(c))}" for c in cols)
        out.append(Bound(domain_size(t, cols), f"unique ({', '.join(cols)}): {why}"))
    for fk, cols in s.domain_fk:
        n = counts.get(fk.ref, 0)
        why = "; ".join(f"`{name}` is {_values(t.column(name))}" for name in cols)
        out.append(
            Bound(
                n * domain_size(t, cols), f"unique ({', '.join((*fk.columns, *cols))}): {n} `{fk.ref[1]}` rows; {why}"
            )
        )
    fk_cols = {name for fk in t.fks for name in fk.columns}
    for u in t.uniques:
        if len(u) == 1 and u[0] not in fk_cols:
            c = t.column(u[0])
            if c.base in ("bpchar", "varchar") and c.length is not None and c.length <= 8 and u[0] in s.suffix:
                out.append(Bound(36**c.length - 1, f"`{c.name}` is unique and {c.sql_type}"))
    for name in s.seq:
        c = t.column(name)
        if c.base in ("bit", "varbit") and c.length is not None and c.length < 63:
            out.append(Bound(2**c.length - 1, f"`{c.name}` is unique and {c.sql_type}"))
    for c in t.columns:
        if c.base in _INT_LIMITS and (c.autoincrement or (len(t.primary_key) == 1 and t.primary_key[0] == c.name)):
            out.append(Bound(_INT_LIMITS[c.base], f"`{c.name}` is {c.base}", width=True))
    return out


def table_bound(t: TablePlan, counts: Mapping[TableKey, int], tables: Roots | None = None) -> Bound | None:
    """The tightest ceiling on the table's row count, or None when only ``MAX_ROWS`` applies."""
    found = bounds(t, counts, tables)
    return min(found, key=lambda b: b.rows) if found else None


def assign_rows(
    tables: list[TablePlan], rows: int | Mapping[str, int], diagnostics: list[Diagnostic], strict: bool = False
) -> list[TablePlan]:
    """Row counts per table, clamped to what the table's keys allow (see :mod:`workbench.seeding.bounds`),
    or, with ``strict``, an error per table that cannot hold the rows asked (nothing is seeded then)."""
    if not isinstance(rows, int):
        known = {n for t in tables for n in (t.model, t.name, qualified(t.key)) if n}
        for name in rows:
            if name != "*" and name not in known:
                diagnostics.append(Diagnostic(UNKNOWN_TABLE, Severity.WARNING, f"rows: no model or table `{name}`"))
    out: list[TablePlan] = []
    counts: dict[TableKey, int] = {}
    by_key = Roots(tables)
    for t in tables:
        asked = n = max(0, requested_rows(rows, t))
        limits = tuple(sorted(bounds(t, counts, by_key), key=lambda b: b.rows))
        if t.blocked is not None and n > 0:
            diagnostics.append(t.blocked)
            n = 0
        elif limits and n > limits[0].rows:
            bound = limits[0]
            name = qualified(t.key)
            if strict:
                diagnostics.append(
                    Diagnostic(
                        ROWS_REFUSED,
                        Severity.ERROR,
                        f"`{name}`: {n:,} rows asked, at most {bound.rows:,} possible ({bound.reason})",
                        t.origin,
                        help=f"ask for at most {bound.rows:,} `{t.model or name}` rows, or for more rows of the "
                        "tables this limit counts; without --strict (strict=True) the count is clamped",
                    )
                )
            else:
                diagnostics.append(
                    Diagnostic(
                        ROWS_CAPPED,
                        Severity.WARNING if bound.rows == 0 else Severity.INFO,
                        f"{name}: {n} rows asked, {bound.rows} possible ({bound.reason})",
                        t.origin,
                    )
                )
            n = bound.rows
        if n > 0:
            _note_shared_keys(t, by_key, n, diagnostics)
        counts[t.key] = n
        out.append(replace(t, rows=n, asked=asked, limits=limits))
    return out


def _note_shared_keys(t: TablePlan, tables: Roots, n: int, diagnostics: list[Diagnostic]) -> None:
    """Say up front that rows of foreign keys sharing a column may be fewer than planned: how many
    pairs of parents agree on it depends on the parents' generated rows (see :mod:`.shared`)."""
    for group in linked_groups(t, tables):
        own = [fk for fk in group if not any(o is not fk and set(fk.columns) < set(o.columns) for o in group)]
        if len(own) < 2:
            continue  # one key holds every shared column: its parent row always has a match
        shared = sorted(set.intersection(*(set(fk.columns) for fk in own)) or {c for fk in own for c in fk.columns})
        parents = " and ".join(f"`{fk.ref[1]}`" for fk in own)
        diagnostics.append(
            Diagnostic(
                ROWS_CAPPED,
                Severity.INFO,
                f"{qualified(t.key)}: up to {n} rows: each pairs {parents} rows with the same "
                f"`{', '.join(shared)}`; rows that find no such pair (or would repeat a unique key) are left out",
                t.origin,
            )
        )


# -- footprint ---------------------------------------------------------------------------------------
_WIDTH = {
    "int2": 2, "int4": 4, "int8": 8, "float4": 4, "float8": 8, "numeric": 16, "money": 8, "bool": 1,
    "uuid": 16, "date": 4, "time": 8, "timetz": 12, "timestamp": 8, "timestamptz": 8, "json": 48, "jsonb": 48,
    "bytea": 24, "inet": 12, "xml": 24, "bit": 8, "varbit": 8, "enum": 4,
}  # fmt: skip


def column_bytes(c: ColumnPlan) -> int:
    """A rough stored width of one value (text: its length cap or a typical 24 characters)."""
    if c.base in TEXT or c.base == "unknown":
        width = min(c.length or 24, 24) + 4
    else:
        width = _WIDTH.get(c.base, 16)
    return width * 3 if c.array else width


def _key_bytes(c: ColumnPlan) -> int:
    """Bytes one stored key value takes in memory (integers as int64, ids as fixed-width text)."""
    if c.base in _INT_LIMITS:
        return 8
    if c.base == "uuid" or c.client_id is not None:
        return 40
    return column_bytes(c) + 8


@dataclass(frozen=True, slots=True)
class Footprint:
    memory: int  # bytes held in memory while seeding (key columns, index arrays)
    data: int  # bytes of rows written (a rough estimate)
    largest: str  # what takes most of the memory, worded for the user


def footprint(plan: Plan) -> Footprint:
    """Estimate the memory and the data volume of seeding ``plan``."""
    needed: dict[TableKey, set[str]] = {}
    for t in plan.tables:
        for fk in t.fks:
            needed.setdefault(fk.ref, set()).update(fk.ref_columns)
        if any(fk.deferred for fk in t.fks):
            needed.setdefault(t.key, set()).update(t.primary_key or (c.name for c in t.columns))
    memory, data = 0, 0
    largest, largest_bytes = "", -1
    for t in plan.tables:
        data += t.rows * sum(column_bytes(c) for c in t.columns)
        keys = sum(_key_bytes(t.column(c)) for c in needed.get(t.key, ()))
        s = strategies(t)
        extra = 8 * sum(plan.table(fk.ref).rows for fk in t.fks if fk.name in s.perm and fk.ref != t.key)
        extra += 24 * t.rows * (len(s.pairs) + len(s.domain_fk)) + 8 * t.rows * len(s.domain)
        cost = t.rows * keys + extra
        memory += cost
        if cost > largest_bytes:
            largest, largest_bytes = f"`{qualified(t.key)}`: {t.rows:,} rows", cost
    return Footprint(memory, data, largest)


def human_bytes(n: float) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if n < 1024 or unit == "PiB":
            return f"{n:,.0f} {unit}" if unit == "bytes" else f"{n:,.1f} {unit}"
        n /= 1024
    raise AssertionError("unreachable")
