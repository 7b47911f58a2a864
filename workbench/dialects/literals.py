"""Formatting of default values as SQL literals, the way Prisma's schema engine prints them.

Shared by the dialect modules; each dialect picks the spellings it needs (``'\\x..'`` vs
``X'..'`` for bytes, ``ARRAY[..]::T[]`` vs ``list_value(..)`` for lists).
"""

from __future__ import annotations

import base64
import binascii
import decimal
import re
from datetime import UTC, datetime

from workbench.dialects.base import quote_literal

__all__ = [
    "decode_bytes",
    "format_bool",
    "format_datetime",
    "format_number",
    "parse_datetime",
    "prisma_number",
    "quote_literal",
]


def format_number(value: object) -> str | None:
    """Prisma prints numbers like Rust's BigDecimal: as written, never in exponent notation.

    A string (the literal text kept by the loader) is used verbatim when it is a valid number;
    floats are printed without an exponent (``1e20`` -> ``100000000000000000000``).
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None
        text = repr(value)
        if "e" in text or "E" in text:
            text = format(decimal.Decimal(text), "f")
        return text
    if isinstance(value, str):
        try:
            parsed = decimal.Decimal(value.strip())
        except decimal.InvalidOperation:
            return None
        if not parsed.is_finite():
            return None
        text = value.strip()
        return format(parsed, "f") if ("e" in text or "E" in text) else text
    return None


_PRISMA_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")  # the number literals of Prisma's schema grammar


def prisma_number(value: object) -> str | None:
    """A Float/Decimal default in the digits ``prisma db pull`` writes: the database's own text
    (``0`` stays ``0``, ``0.0`` stays ``0.0``, ``1.50`` stays ``1.50``), with exponents and lone dots,
    which Prisma's grammar has no room for, written out (``1e-07`` -> ``0.0000001``, ``.5`` -> ``0.5``).

    Reading ``0`` as a Python float had made it ``0.0``, and Prisma's DDL of the pulled schema then
    said ``DEFAULT 0.0``: another catalog than the one pulled. None for what is no finite number.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    text = repr(value) if isinstance(value, float) else value.strip() if isinstance(value, str) else None
    if text is None:
        return None
    try:
        parsed = decimal.Decimal(text)
    except decimal.InvalidOperation:
        return None
    if not parsed.is_finite():
        return None
    return text if _PRISMA_NUMBER.fullmatch(text) else format(parsed, "f")


def format_bool(value: object) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value in ("true", "false"):
        return value
    return None


def parse_datetime(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _fraction(dt: datetime) -> str:
    if dt.microsecond == 0:
        return ""
    if dt.microsecond % 1000 == 0:
        return f".{dt.microsecond // 1000:03d}"
    return f".{dt.microsecond:06d}"


def format_datetime(dt: datetime) -> str:
    """chrono's ``%Y-%m-%d %H:%M:%S%.f %:z`` (Prisma's spelling): ``2020-01-02 03:04:05.678 +00:00``."""
    offset = dt.utcoffset()
    total = int(offset.total_seconds()) if offset is not None else 0
    sign = "-" if total < 0 else "+"
    hours, minutes = divmod(abs(total) // 60, 60)
    return f"{dt:%Y-%m-%d %H:%M:%S}{_fraction(dt)} {sign}{hours:02d}:{minutes:02d}"


def format_naive_utc(dt: datetime) -> str:
    """``2020-01-02 03:04:05.678``, converted to UTC (for zone-less timestamp types)."""
    utc = dt.astimezone(UTC)
    return f"{utc:%Y-%m-%d %H:%M:%S}{_fraction(utc)}"


def decode_bytes(value: object) -> bytes | None:
    """Prisma writes Bytes defaults in base64."""
    if not isinstance(value, str):
        return None
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None
