"""Which code targets exist and where they live: one line per target.

Each target module exposes ``generate(schema, *, source) -> GeneratedFiles`` and, optionally,
``USER_EDITABLE`` (paths written only when missing, e.g. the tRPC procedure builders). Modules
are imported on first use so ``workbench`` stays fast to import.

A target whose output differs per database takes its flavour from the schema's datasource
provider. Only the targets in :data:`DIALECTS` also let the caller pick one (SQLAlchemy: SQLite
models of a PostgreSQL schema for a local copy); asking any other target for a dialect is an
error rather than an option silently ignored.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Protocol, cast

from workbench.diagnostics import UserError

if TYPE_CHECKING:
    from workbench.emit.files import GeneratedFiles
    from workbench.ir import Schema


class Emitter(Protocol):
    """What a module of :data:`TARGETS` provides: ``generate(schema, source=...)``, which also takes
    ``dialect=`` for the targets of :data:`DIALECTS` (an optional ``USER_EDITABLE`` is read with getattr)."""

    def generate(self, schema: Schema, *, source: str, **options: str) -> GeneratedFiles: ...


TARGETS: dict[str, str] = {
    "drizzle": "workbench.emit.drizzle",
    "zod": "workbench.emit.zod",
    "typescript": "workbench.emit.typescript",
    "rest": "workbench.emit.rest",
    "graphql": "workbench.emit.graphql",
    "trpc": "workbench.emit.trpc",
    "sqlalchemy": "workbench.emit.sqlalchemy",
    "pydantic": "workbench.emit.pydantic",
}


# targets a caller may generate for a chosen dialect (``generate(..., dialect=)``), and which dialects
DIALECTS: dict[str, tuple[str, ...]] = {
    "sqlalchemy": ("postgres", "sqlite"),
}
# how the others choose their flavour, for the error that says why --dialect does not apply
_FLAVOUR_RULES = {
    "drizzle": "drizzle follows the datasource provider (postgresql: pg-core, sqlite: sqlite-core, mysql: mysql-core)",
    "rest": "rest uses drizzle's flavour, which follows the datasource provider",
    "trpc": "trpc uses drizzle's flavour, which follows the datasource provider",
}


def generate(target: str, schema: Schema, *, source: str, dialect: str | None = None) -> GeneratedFiles:
    """Generate ``target``'s files for ``schema`` (``source`` names the schema in file headers).

    ``dialect``: only for targets in :data:`DIALECTS`; anything else raises :class:`UserError`.
    """
    module = _module(target)
    if dialect is None:
        return module.generate(schema, source=source)
    check_dialect(target, dialect)
    return module.generate(schema, source=source, dialect=dialect)


def check_dialect(target: str, dialect: str) -> None:
    """Raise :class:`UserError` unless ``target`` can be generated for ``dialect``."""
    _module(target)  # an unknown target is reported as such first
    allowed = DIALECTS.get(target)
    if allowed is None:
        picks = ", ".join(f"--to {t}" for t in ("sql", *DIALECTS))
        rule = _FLAVOUR_RULES.get(target, f"{target} is the same for every database")
        raise UserError(f"a dialect applies only to {picks}; {rule}")
    if dialect not in allowed:
        raise UserError(f"{target} is generated for {' or '.join(allowed)}, not {dialect}")


def user_editable(target: str) -> frozenset[str]:
    """Paths of ``target`` that belong to the user once written (never overwritten)."""
    return frozenset(getattr(_module(target), "USER_EDITABLE", frozenset()))


def _module(target: str) -> Emitter:
    if target not in TARGETS:
        raise UserError(f"unknown target {target!r}; choose one of: sql, {', '.join(TARGETS)}")
    # import_module gives a plain ModuleType: every module named in TARGETS is an Emitter
    return cast("Emitter", importlib.import_module(TARGETS[target]))
