"""Running a script for a rehearsal: statement by statement, timed, with its locks on PostgreSQL.

A migration runs as the runner runs it: in ONE transaction (so a lock taken by an early statement
is held until the COMMIT, which is what production sees), unless the script cannot run in one
(``CREATE INDEX CONCURRENTLY``, its own ``BEGIN``/``COMMIT``, ``ALTER TYPE ... ADD VALUE``
whose value a later statement uses), as the runner decides: then each statement commits on
its own. A failing statement stops the script and rolls the transaction back.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any

from workbench.db.statements import split_statements
from workbench.diagnostics import SourceFile
from workbench.migrate.rehearse_locks import BLOCKS_READS, BLOCKS_WRITES, LockSampler, strength

_OWN_TRANSACTION = re.compile(
    r"^\s*(BEGIN|COMMIT|START\s+TRANSACTION|ROLLBACK)\b|\bCONCURRENTLY\b|\bALTER\s+TYPE\b.*\bADD\s+VALUE\b",
    re.IGNORECASE | re.DOTALL,
)
_COMMENT = re.compile(r"\A(?:\s*(?:--[^\n]*(?:\n|\Z)|/\*.*?\*/))*\s*", re.DOTALL)


@dataclass(frozen=True)
class Step:
    """One statement of a script: its SQL (leading comments removed) and where it starts."""

    sql: str
    line: int
    col: int
    start: int
    end: int


def steps(source: SourceFile) -> list[Step]:
    out, pos = [], 0
    for chunk in split_statements(source.text):
        at = source.text.find(chunk, pos)
        at = pos if at < 0 else at
        pos = at + len(chunk)
        lead = _COMMENT.match(chunk)
        skip = lead.end() if lead else 0
        start = at + skip
        line, col = source.position(start)
        out.append(Step(chunk[skip:], line, col, start, pos))
    return out


@dataclass(frozen=True)
class Lock:
    table: str
    mode: str  # pg_locks spelling: AccessExclusiveLock
    held: float  # seconds, from when it was first seen to the end of the transaction

    @property
    def blocks_writes(self) -> bool:
        return self.mode in BLOCKS_WRITES

    @property
    def blocks_reads(self) -> bool:
        return self.mode in BLOCKS_READS


@dataclass(frozen=True)
class Timed:
    step: Step
    seconds: float | None  # None: not run (an earlier statement failed)
    error: str | None = None
    locks: tuple[Lock, ...] = ()

    @property
    def strongest(self) -> Lock | None:
        return max(self.locks, key=lambda lk: (strength(lk.mode), lk.held), default=None)


def in_one_transaction(all_steps: list[Step]) -> bool:
    return not any(_OWN_TRANSACTION.search(s.sql) for s in all_steps)


def run_steps(raw: Any, all_steps: list[Step], sampler: LockSampler | None, error_text: Any) -> list[Timed]:
    """Run the statements on ``raw`` (in autocommit mode: transactions are explicit here)."""
    one = in_one_transaction(all_steps)
    windows: list[tuple[float, float]] = []
    done: list[Timed] = []
    failed = False
    if one:
        raw.execute("BEGIN")
    for step in all_steps:
        if failed:
            done.append(Timed(step, None))
            continue
        start = time.perf_counter()
        try:
            raw.execute(step.sql)
        except Exception as exc:
            done.append(Timed(step, time.perf_counter() - start, error_text(exc)))
            windows.append((start, time.perf_counter()))
            failed = True
            continue
        end = time.perf_counter()
        if sampler is not None:
            sampler.sample()  # right after the statement: a lock it took is still held (until COMMIT)
        windows.append((start, time.perf_counter()))
        done.append(Timed(step, end - start))
        if not one and sampler is not None:
            done[-1] = _with_locks(done[-1], sampler, windows[-1], time.perf_counter())
    if one:
        if sampler is not None and not failed:
            sampler.sample()
        raw.execute("ROLLBACK" if failed else "COMMIT")
        finished = time.perf_counter()
        if sampler is not None:
            done = [_with_locks(t, sampler, w, finished) for t, w in zip(done, windows, strict=False)] + done[
                len(windows) :
            ]
    return done


def _with_locks(timed: Timed, sampler: LockSampler, window: tuple[float, float], released: float) -> Timed:
    """The locks first seen during the statement's window, held from its start until ``released``.

    PostgreSQL takes a statement's table locks as it starts (while it opens the relations), so a
    lock first seen during a statement is counted from the statement's start: the sampler says
    which locks a statement took, and that they were still held at the end."""
    found: dict[str, Lock] = {}
    for table, mode, _first in sampler.acquired_between(*window):
        lock = Lock(table, mode, max(0.0, released - window[0]))
        if table not in found or strength(mode) > strength(found[table].mode):
            found[table] = lock
    return Timed(timed.step, timed.seconds, timed.error, tuple(found[t] for t in sorted(found)))
