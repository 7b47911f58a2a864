"""The DDL statements inside a PostgreSQL ``DO $$ ... $$`` block, for the replay of a migrations folder.

Hand-edited Prisma migrations wrap DDL in ``DO`` blocks to make it idempotent (``IF NOT EXISTS
(SELECT 1 FROM pg_constraint ...) THEN ALTER TABLE ... ADD CONSTRAINT``) or to run it next to a
data fix (trigger.dev adds a column, fills it, indexes it in one block). Skipping the block would
replay a state without those objects, and ``migrate status`` would call them drift. The replay
runs the block's DDL as if every guard let it through; a guard exists to skip what is already
there, so the caller ignores "already defined" for these statements. Dynamic SQL (``EXECUTE``),
loops and data changes are not followed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbench.loaders.sql.statements import split_statements

_DO = re.compile(r"^DO\s+(?:LANGUAGE\s+\w+\s+)?(\$[A-Za-z_0-9]*\$)(.*)\1\s*(?:LANGUAGE\s+\w+\s*)?$", re.I | re.S)
_DDL = re.compile(
    r"^(?:ALTER\s+(?:TABLE|TYPE|INDEX)|CREATE\s+(?:UNIQUE\s+)?INDEX|CREATE\s+(?:TABLE|TYPE)|DROP\s+(?:INDEX|TABLE|TYPE|(?:MATERIALIZED\s+)?VIEW))\b",
    re.I,
)
# control words a DDL statement may follow inside the body (the splitter cuts at ``;`` only)
_CONTROL = re.compile(
    r"^(?:BEGIN\b|IF\b.*?\bTHEN\b|ELSIF\b.*?\bTHEN\b|ELSE\b|EXCEPTION\s+WHEN\b.*?\bTHEN\b|WHEN\b.*?\bTHEN\b|LOOP\b)",
    re.I | re.S,
)
_BLANK = re.compile(r"^(?:\s+|--[^\n]*(?:\n|$)|/\*.*?\*/)+", re.S)


@dataclass(frozen=True, slots=True)
class Inner:
    """One DDL statement of the block: its text and its offset in the DO statement's text."""

    text: str
    start: int


def do_block_ddl(text: str) -> list[Inner] | None:
    """The DDL statements of a ``DO`` block in order; None when ``text`` is not a DO block."""
    m = _DO.match(text)
    if m is None:
        return None
    body, base = m.group(2), m.start(2)
    out: list[Inner] = []
    for stmt in split_statements(body, "postgres"):
        s, at = stmt.text, stmt.start
        while True:
            skip = _BLANK.match(s) or _CONTROL.match(s)
            if skip is None or skip.end() == 0:
                break
            s, at = s[skip.end() :], at + skip.end()
        if _DDL.match(s):
            out.append(Inner(s, base + at))
    return out


__all__ = ["Inner", "do_block_ddl"]
