"""The registry behind the catalogue: one :class:`Entry` per code, defined once.

Each area module (``prisma``, ``sql``, ``seeding``...) declares its codes with :func:`define` at
import time, the way Prisma's ``psl/diagnostics/src/error.rs`` gives every diagnostic one named
definition. A call site then names the constant (``codes.UNKNOWN_TYPE``), never a string literal,
so a code cannot be reused by accident: a second definition of a code fails at import.

The constants are plain ``str`` codes so that :class:`~workbench.diagnostics.Diagnostic` and every
caller that filters on ``d.code == "E0201"`` keep working unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from workbench.diagnostics.diagnostic import Severity


class Area(Enum):
    """Who reports a code; the order here is the order of ``docs/diagnostics.md``."""

    PRISMA = ("prisma", "Prisma schema loader and formatter")
    SQL = ("sql", "SQL DDL loader")
    INTROSPECT = ("introspect", "Introspection of live databases")
    DIALECTS = ("dialects", "Lowering to an SQL dialect")
    DRIZZLE = ("drizzle", "Export: Drizzle schema")
    EMIT_TS = ("emit-ts", "Export: TypeScript targets (types, zod, GraphQL, REST, tRPC)")
    EMIT_PY = ("emit-py", "Export: Python targets (SQLAlchemy, pydantic)")
    SEEDING = ("seeding", "Seeding (plans and seed files)")
    MIGRATE = ("migrate", "Migrations: hazards of a diff")

    @property
    def key(self) -> str:
        return self.value[0]

    @property
    def title(self) -> str:
        return self.value[1]


class Status(Enum):
    ACTIVE = "active"
    RESERVED = "reserved"  # defined so the number is not reused, not reported (yet)
    RETIRED = "retired"  # reported once; kept so the number is never given a new meaning


@dataclass(frozen=True, slots=True)
class Entry:
    """One diagnostic: stable code, default severity, kebab-case name, one-line title, owner."""

    code: str
    severity: Severity
    name: str
    title: str
    area: Area
    status: Status = Status.ACTIVE


# E/W/I + four digits: the letter is the severity (error, warning, info). Introspection's older
# codes are I + three digits, where I stands for "introspection" and the severity is a warning.
CODE_RE = re.compile(r"^[EWI]\d{4}$")
INTROSPECTION_CODE_RE = re.compile(r"^I\d{3}$")
_NAME_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")

ENTRIES: dict[str, Entry] = {}


def define(area: Area, code: str, severity: Severity, name: str, title: str, status: Status = Status.ACTIVE) -> str:
    """Register ``code`` once and return it, so an area module reads ``NAME = define(...)``."""
    if code in ENTRIES:
        raise ValueError(f"diagnostic code {code} is defined twice ({ENTRIES[code].name} and {name})")
    if not (CODE_RE.match(code) or (area is Area.INTROSPECT and INTROSPECTION_CODE_RE.match(code))):
        raise ValueError(f"diagnostic code {code!r} does not look like E0123, W0123 or I0123")
    if not _NAME_RE.match(name):
        raise ValueError(f"diagnostic name {name!r} of {code} is not kebab-case")
    if any(e.area is area and e.name == name for e in ENTRIES.values()):
        raise ValueError(f"diagnostic name {name!r} of {code} is used twice in {area.key}")
    ENTRIES[code] = Entry(code, severity, name, title, area, status)
    return code


class Section:
    """Shorthand for one area's definitions: ``_ = Section(Area.SQL)`` then ``_.error(...)``."""

    def __init__(self, area: Area) -> None:
        self.area = area

    def error(self, code: str, name: str, title: str, status: Status = Status.ACTIVE) -> str:
        return define(self.area, code, Severity.ERROR, name, title, status)

    def warning(self, code: str, name: str, title: str, status: Status = Status.ACTIVE) -> str:
        return define(self.area, code, Severity.WARNING, name, title, status)

    def info(self, code: str, name: str, title: str, status: Status = Status.ACTIVE) -> str:
        return define(self.area, code, Severity.INFO, name, title, status)


def names(area: Area) -> dict[str, str]:
    """code -> kebab-case name for one area, in definition order."""
    return {e.code: e.name for e in ENTRIES.values() if e.area is area}
