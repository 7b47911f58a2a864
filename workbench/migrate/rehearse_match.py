"""Which of a migration's hazards (part 1's, with their safer way) belong to one statement of its script.

Hazards are found per operation; a script is statements. A statement belongs to an operation when
it is what the operation renders to (the diff's own SQL), else when it names the operation's
table and column (or index): hand-written and Prisma-written scripts spell things their
own way, and the names are what they share.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from workbench.diagnostics import Diagnostic
from workbench.migrate import ops as o
from workbench.migrate.ops import Op

if TYPE_CHECKING:
    from workbench.migrate.rehearse_input import Plan


def _norm(sql: str) -> str:
    return " ".join(sql.replace(";", " ").split()).lower()


def _rendered(op: Op, plan: Plan) -> list[str]:
    from workbench.migrate.sql import render

    try:
        return [_norm(s.sql) for s in render((op,), plan.old, plan.new)]
    except Exception:  # an operation that renders only with its neighbours (a SQLite redefinition)
        return []


def _column(op: Op) -> str | None:
    if isinstance(op, o.AddColumn | o.DropColumn):
        return op.column.name
    if isinstance(op, o.AlterColumn):
        return op.new.name
    if isinstance(op, o.RenameColumn):
        return op.old
    if isinstance(op, o.CreateIndex):
        return op.index.name
    return None


def _names(sql: str, name: str) -> bool:
    return re.search(rf'(?<![\w$])"?{re.escape(name)}"?(?![\w$])', sql, re.IGNORECASE) is not None


def hazards_for(sql: str, plan: Plan) -> list[Diagnostic]:
    """The plan's hazards whose operation produced (or names what) ``sql``, errors and warnings first."""
    said = _norm(sql)
    exact = [op for op in plan.ops if any(r and r in said for r in _rendered(op, plan))]
    named = [
        op
        for op in plan.ops
        if op.table is not None
        and _names(sql, op.table[1])
        and ((col := _column(op)) is not None and _names(sql, col))
        and not isinstance(op, o.CreateTable)
    ]
    ops = exact + [op for op in named if op not in exact]
    notes = {f"operation: {op.summary()}" for op in ops}
    found = [h for h in plan.hazards if notes.intersection(h.notes)]
    return sorted(found, key=lambda h: h.severity.value != "error")
