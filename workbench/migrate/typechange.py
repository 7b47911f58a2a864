"""What a column type change does to the values: widen, narrow, cast; and whether PostgreSQL rewrites.

The hazards of :mod:`workbench.migrate.hazards` need three answers about ``old -> new`` (types as
the database view spells them: ``VARCHAR(200)``, ``BIGINT``, ``DECIMAL(10,2)``, ``Role[]``):

* :func:`classify`: ``widen`` (every value fits: ``VARCHAR(50) -> TEXT``, ``INTEGER -> BIGINT``),
  ``narrow`` (the new type holds fewer values: ``VARCHAR(200) -> VARCHAR(50)``, ``BIGINT -> INTEGER``,
  precision down) or ``cast`` (another family: ``TEXT -> INTEGER``, scalar <-> list);
* :func:`rewrites_on_postgres`: whether ``ALTER COLUMN ... TYPE`` rewrites the table (PostgreSQL
  skips the rewrite only for binary-coercible changes: a longer or unbounded ``VARCHAR``, ``TEXT``,
  a ``NUMERIC`` with more precision and the same scale, more timestamp precision);
* :func:`misfit_predicate`: an SQL condition true for the rows whose value does not fit the new
  type, so a live database can say how many rows the change fails on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_STRINGS = {"TEXT", "VARCHAR", "CHAR", "CHARACTER", "CHARACTER VARYING", "CITEXT", "BPCHAR", "STRING", "NVARCHAR"}
_INTS = {"TINYINT": 1, "SMALLINT": 2, "INT2": 2, "INTEGER": 4, "INT": 4, "INT4": 4, "BIGINT": 8, "INT8": 8}
_INTS |= {"HUGEINT": 16}
_INT_RANGE = {1: 2**7, 2: 2**15, 4: 2**31, 8: 2**63, 16: 2**127}
_DECIMALS = {"DECIMAL", "NUMERIC"}
_FLOATS = {"REAL": 4, "FLOAT4": 4, "FLOAT": 8, "FLOAT8": 8, "DOUBLE": 8, "DOUBLE PRECISION": 8}
_TEMPORAL = {"TIMESTAMP", "TIMESTAMPTZ", "TIME", "TIMETZ", "TIMESTAMP WITH TIME ZONE", "INTERVAL"}
_TYPE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_ ]*?)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?\s*$")


@dataclass(frozen=True, slots=True)
class Shape:
    """A parsed type: its family (``string``, ``int``, ``decimal``, ``float``, ``temporal``, ``other``)."""

    base: str
    family: str
    size: int | None = None  # length, precision, or an integer's width in bytes
    scale: int | None = None
    array: bool = False


def shape(type_: str) -> Shape:
    array = type_.endswith("[]")
    text = type_.removesuffix("[]")
    m = _TYPE.match(text)
    if m is None:
        return Shape(text.upper(), "other", array=array)
    base = m.group(1).upper()
    size = int(m.group(2)) if m.group(2) else None
    scale = int(m.group(3)) if m.group(3) else None
    if base in _STRINGS:
        return Shape(base, "string", None if base in {"TEXT", "CITEXT", "STRING"} else size, array=array)
    if base in _INTS:
        return Shape(base, "int", _INTS[base], array=array)
    if base in _DECIMALS:
        return Shape(base, "decimal", size, scale if size is not None else None, array=array)
    if base in _FLOATS:
        return Shape(base, "float", _FLOATS[base], array=array)
    if base in _TEMPORAL:
        return Shape(base, "temporal", size, array=array)
    return Shape(m.group(1), "other", size, scale, array=array)


def _bigger(new: int | None, old: int | None) -> bool:
    """``new`` holds at least what ``old`` does (None is unbounded)."""
    return new is None or (old is not None and new >= old)


def classify(old: str, new: str) -> str:
    """``same``, ``widen``, ``narrow`` or ``cast`` (see the module docstring)."""
    if old == new:
        return "same"
    a, b = shape(old), shape(new)
    if a.array != b.array:
        return "cast"
    if a.family == b.family and a.family in {"string", "int", "float"}:
        return "widen" if _bigger(b.size, a.size) else "narrow"
    if a.family == b.family == "decimal":
        if b.size is None:
            return "widen"
        if a.size is None:
            return "narrow"
        digits_ok = b.size - (b.scale or 0) >= a.size - (a.scale or 0)
        return "widen" if digits_ok and (b.scale or 0) >= (a.scale or 0) else "narrow"
    if a.family == b.family == "temporal" and a.base == b.base:
        return "widen" if _bigger(b.size, a.size) else "narrow"
    if b.family == "string":  # every value has a text form; a bounded one may be too long
        return "widen" if b.size is None else "narrow"
    if (a.family == "int" and b.family in {"decimal", "float"}) or (a.family == "float" and b.family == "decimal"):
        return "widen" if b.family == "float" or b.size is None else "narrow"
    return "cast"


def rewrites_on_postgres(old: str, new: str) -> bool:
    """Whether ``ALTER COLUMN ... TYPE new`` rewrites the table on PostgreSQL (not binary coercible)."""
    if old == new:
        return False
    a, b = shape(old), shape(new)
    if a.array != b.array:
        return True
    if a.family == b.family == "string" and a.base not in {"CHAR", "CHARACTER", "BPCHAR"}:
        return b.base in {"CHAR", "CHARACTER", "BPCHAR"} or not _bigger(b.size, a.size)
    if a.family == b.family == "decimal":
        return not (b.size is None or (a.size is not None and b.size >= a.size and b.scale == a.scale))
    if a.family == b.family == "temporal" and a.base == b.base:
        return not _bigger(b.size, a.size)
    return True


def misfit_predicate(column_sql: str, old: str, new: str) -> str | None:
    """An SQL condition on ``column_sql`` true for a value that does not fit ``new`` (None: cannot say)."""
    a, b = shape(old), shape(new)
    if a.array or b.array:
        return None
    if b.family == "string" and b.size is not None:
        text = column_sql if a.family == "string" else f"CAST({column_sql} AS TEXT)"
        return f"length({text}) > {b.size}"
    numeric = a.family in {"int", "decimal", "float"}
    if b.family == "int" and numeric and b.size in _INT_RANGE:
        bound = _INT_RANGE[b.size]
        return f"({column_sql} < {-bound} OR {column_sql} > {bound - 1})"
    if b.family == "decimal" and numeric and b.size is not None:
        digits = b.size - (b.scale or 0)
        return f"abs({column_sql}) >= 1{'0' * digits}"
    return None
