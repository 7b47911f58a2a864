"""The diagnostic catalogue: every code workbench reports, defined once.

One module per area declares its codes (``prisma``, ``sql``, ``introspect``, ``dialects``,
``drizzle``, ``emit_ts``, ``emit_py``, ``seeding``, ``migrate``); call sites import the area module and name a
constant (``from workbench.diagnostics.catalog import prisma as codes`` then ``codes.UNKNOWN_TYPE``).
``docs/diagnostics.md`` is generated from here (``python -m workbench.diagnostics.catalog``).
Lint findings have their own registry of ``WBxxx`` rules (:mod:`workbench.lint.registry`), since
their severity is configurable per project.
"""

from __future__ import annotations

from workbench.diagnostics.catalog import dialects, drizzle, emit_py, emit_ts, introspect, migrate, prisma, seeding, sql
from workbench.diagnostics.catalog.registry import ENTRIES, Area, Entry, Status, names
from workbench.diagnostics.diagnostic import Severity

AREA_MODULES = (prisma, sql, introspect, dialects, drizzle, emit_ts, emit_py, seeding, migrate)


def entry(code: str) -> Entry:
    """The catalogue entry of ``code``; KeyError for a code nobody defined."""
    return ENTRIES[code]


def severity_of(code: str) -> Severity:
    return ENTRIES[code].severity


__all__ = ["AREA_MODULES", "ENTRIES", "Area", "Entry", "Status", "entry", "names", "severity_of"]
