"""Checking what the caller asked for (rows, null ratios, fan-out) before anything runs.

The same checks serve ``wb.seed(...)`` (a :class:`SeedOptionError`, a ``UserError``) and
``workbench seed`` (one ``error: ...`` line, exit 2): a negative or absurd row count, a ratio
outside 0..1, an unknown fan-out or a table the schema does not have are refused with the
reason and, for names, a "did you mean" suggestion, never silently ignored or clamped.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from workbench.diagnostics import UserError
from workbench.seeding.bounds import MAX_ROWS
from workbench.seeding.plan import Plan, qualified

MAX_ZIPF_S = 20.0  # beyond this every child has the same parent anyway


class SeedOptionError(UserError, ValueError):
    """An option of seed() is out of range or names nothing in the schema (nothing was written)."""


def parse_count(text: str, what: str = "rows") -> int:
    """``10000``, ``10_000`` -> 10000; anything else (``-1``, ``2**70``, ``1e6``) is refused."""
    cleaned = text.strip().replace("_", "")
    if not re.fullmatch(r"[+-]?\d+", cleaned):
        raise SeedOptionError(f"{what}: `{text.strip()}` is not a whole number of rows (write 10000 or 10_000)")
    return check_count(int(cleaned), what)


def check_count(n: Any, what: str = "rows") -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise SeedOptionError(f"{what}: expected a whole number of rows, not {n!r}")
    if n < 0:
        raise SeedOptionError(f"{what}: {n} is negative; ask for 0 or more rows")
    if n > MAX_ROWS:
        raise SeedOptionError(f"{what}: {n} is more rows than any table can hold (at most {MAX_ROWS:,}, a BIGINT key)")
    return n


def parse_rows(text: str) -> int | dict[str, int]:
    """``10000`` or ``User=1000,Post=50000,*=100``."""
    if "=" not in text:
        return parse_count(text)
    out: dict[str, int] = {}
    for part in text.split(","):
        name, sep, count = part.partition("=")
        name = name.strip()
        if not sep or not name:
            raise SeedOptionError(f"rows: `{part.strip()}` is not Model=N (write User=1000,Post=50000,*=100)")
        out[name] = parse_count(count, f"rows for `{name}`")
    return out


def check_rows(rows: Any) -> int | dict[str, int]:
    """Validate ``rows=`` of seed(): a count, or a mapping of names to counts."""
    if isinstance(rows, Mapping):
        out: dict[str, int] = {}
        for name, n in rows.items():
            if not isinstance(name, str) or not name:
                raise SeedOptionError(f"rows: keys are model or table names (or '*'), not {name!r}")
            out[name] = check_count(n, f"rows for `{name}`")
        return out
    return check_count(rows)


def check_ratio(value: Any, what: str = "null_ratio") -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise SeedOptionError(f"{what}: expected a number from 0 to 1, not {value!r}")
    ratio = float(value)
    if math.isnan(ratio) or not 0.0 <= ratio <= 1.0:
        raise SeedOptionError(f"{what}: {value} is not a share from 0 to 1 (0.1 means 10% NULLs)")
    return ratio


def parse_ratio(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise SeedOptionError(f"null ratio: `{text}` is not a number from 0 to 1") from None
    return check_ratio(value, "null ratio")


def check_null_ratio(spec: Any) -> None:
    if isinstance(spec, Mapping):
        for name, value in spec.items():
            check_ratio(value, f"null_ratio for `{name}`")
    else:
        check_ratio(spec)


def check_fanout_value(value: Any, what: str = "fanout") -> str | float:
    """``"zipf"``, ``"uniform"`` or a Zipf exponent above 0 (1.1 is the default skew)."""
    if isinstance(value, str):
        text = value.strip()
        if text in ("zipf", "uniform"):
            return text
        try:
            value = float(text)
        except ValueError:
            guess = difflib.get_close_matches(text, ["zipf", "uniform"], 1)
            hint = f"; did you mean `{guess[0]}`?" if guess else ""
            raise SeedOptionError(
                f"{what}: `{text}` is not zipf, uniform or a Zipf exponent such as 1.5{hint}"
            ) from None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise SeedOptionError(f"{what}: expected zipf, uniform or a number, not {value!r}")
    if not math.isfinite(value) or not 0 < value <= MAX_ZIPF_S:
        raise SeedOptionError(
            f"{what}: a Zipf exponent must be above 0 and at most {MAX_ZIPF_S:g} "
            f"(1.1 is the default, 2 is already very skewed), not {value}"
        )
    return float(value)


def check_fanout(spec: Any) -> None:
    if isinstance(spec, Mapping):
        for name, value in spec.items():
            check_fanout_value(value, f"fanout for `{name}`")
    else:
        check_fanout_value(spec)


def check_names(plan: Plan, names: Iterable[str], what: str) -> None:
    """Every name of a per-table option must name a model or table of the schema."""
    known: list[str] = []
    for t in plan.tables:
        known.extend(n for n in (t.model, t.name, qualified(t.key)) if n)
    for name in names:
        table = name.partition(".")[0] if what != "rows" and name not in known else name
        if name == "*" or table in known:
            continue
        guess = [k for k in known if k.lower() == table.lower()][:1] or difflib.get_close_matches(table, known, 1, 0.5)
        if guess:
            hint = f"; did you mean `{guess[0]}`?"
        else:
            models = [t.model or qualified(t.key) for t in plan.tables]
            hint = f" (models: {', '.join(models[:8])}{', ...' if len(models) > 8 else ''})"
        raise SeedOptionError(f"{what}: the schema has no model or table `{table}`{hint}")
