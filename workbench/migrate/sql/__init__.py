"""Migration SQL per dialect: ``render(ops, old, new)`` -> statements, ``script(statements)`` -> text.

One module per engine (:mod:`.postgres`, :mod:`.sqlite`, :mod:`.duckdb`), each exposing
``render(ops, old, new) -> list[Statement]``; ``old`` and ``new`` are the whole database views,
for what one operation cannot know alone (a SQLite redefinition needs the new table whole; a
PostgreSQL enum recreation needs the columns that use the enum). The down script is
``render(reverse_all(ops), new, old)``.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, cast

from workbench.diagnostics import UserError
from workbench.dialects import registry
from workbench.ir.database import Database
from workbench.migrate.ops import Op


@dataclass(frozen=True, slots=True)
class Statement:
    """One step of a migration script: Prisma's section header (``CreateTable``, ``AlterTable``,
    ``RedefineTables``...) and the SQL (one or more statements, each ending in ``;``)."""

    comment: str
    sql: str


class Renderer(Protocol):
    def render(self, ops: Sequence[Op], old: Database, new: Database) -> list[Statement]: ...


def render(ops: Sequence[Op], old: Database, new: Database) -> list[Statement]:
    """The statements that take a database from ``old`` to ``new`` (both of ``new.dialect``).

    Every engine that lowers (``registry.names(lowers=True)``) has its module here, of the same name."""
    engines = registry.names(lowers=True)
    if new.dialect not in engines:
        raise UserError(f"no migration SQL for {new.dialect!r} (known: {', '.join(engines)})")
    # importlib gives a ModuleType; every module in RENDERERS defines render() (a real boundary)
    module = cast(Renderer, importlib.import_module(f"workbench.migrate.sql.{new.dialect}"))
    return module.render(ops, old, new)


def script(statements: Sequence[Statement]) -> str:
    """The migration file text, laid out as Prisma's ``migration.sql``: ``-- Comment``, SQL, blank line."""
    return "".join(f"-- {s.comment}\n{s.sql.rstrip()}\n\n" for s in statements).rstrip("\n") + (
        "\n" if statements else ""
    )
