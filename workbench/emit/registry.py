"""Which code targets exist and where they live: one line per target.

Each target module exposes ``generate(schema, *, source) -> GeneratedFiles`` and, optionally,
``USER_EDITABLE`` (paths written only when missing, e.g. the tRPC procedure builders). Modules
are imported on first use so ``workbench`` stays fast to import.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from workbench.diagnostics import UserError

if TYPE_CHECKING:
    from workbench.emit.files import GeneratedFiles
    from workbench.ir import Schema

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


def generate(target: str, schema: Schema, *, source: str) -> GeneratedFiles:
    """Generate ``target``'s files for ``schema`` (``source`` names the schema in file headers)."""
    return _module(target).generate(schema, source=source)


def user_editable(target: str) -> frozenset[str]:
    """Paths of ``target`` that belong to the user once written (never overwritten)."""
    return frozenset(getattr(_module(target), "USER_EDITABLE", frozenset()))


def _module(target: str):  # type: ignore[no-untyped-def]
    if target not in TARGETS:
        raise UserError(f"unknown target {target!r}; choose one of: sql, {', '.join(TARGETS)}")
    return importlib.import_module(TARGETS[target])
