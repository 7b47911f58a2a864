"""``Rehearsal``: what a migration did to seeded data, statement by statement.

The headline names what matters in production: the statements that failed on the data, and those
that held a lock blocking writes, for how long at the rehearsed row count, with the safer way from
the migration's hazards. Times are shown as ``1.234 ms`` / ``1.234 s`` (the notebooks' sanitiser
replaces durations), everything else is deterministic.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from workbench.diagnostics import Diagnostic, Severity, SourceFile, render_html, render_text
from workbench.display import RichDisplay, html_table
from workbench.migrate.rehearse_data import Survival
from workbench.migrate.rehearse_locks import show_mode
from workbench.migrate.rehearse_run import Timed

if TYPE_CHECKING:
    import pandas as pd


def seconds(value: float | None) -> str:
    """``12.345 ms`` under a second, ``1.234 s`` above (both match the notebooks' duration sanitiser)."""
    if value is None:
        return "-"
    return f"{value * 1000:.3f} ms" if value < 1 else f"{value:.3f} s"


@dataclass(frozen=True)
class Rehearsal(RichDisplay):
    """The rehearsal of one migration on ``rows`` seeded rows per table (``engine``: where it ran)."""

    migration: str
    engine: str
    rows: int
    seeded: int  # rows seeded in total
    up: tuple[Timed, ...]
    down: tuple[Timed, ...]
    down_from: str
    survival: tuple[Survival, ...]
    round_trip: tuple[Survival, ...]  # old columns NOT restored by up + down
    catalog_changes: tuple[str, ...]  # what differs from the old catalog after up + down
    findings: tuple[Diagnostic, ...]
    sources: Mapping[str, SourceFile] = field(default_factory=dict, compare=False, repr=False)
    scratch: str | None = field(default=None, compare=False)  # the throwaway database's name (PostgreSQL)

    @property
    def ok(self) -> bool:
        """No statement failed, nothing was lost, nothing blocked writes and the round trip held."""
        return not any(f.severity in (Severity.ERROR, Severity.WARNING) for f in self.findings)

    @property
    def failed(self) -> bool:
        return any(t.error for t in self.up)

    @property
    def round_trip_ok(self) -> bool | None:
        """None when the round trip was not run (up failed, or nothing to run it on)."""
        if not self.down:
            return None
        if any(t.error for t in self.down):
            return False
        return not self.round_trip and not self.catalog_changes

    def blocking(self) -> list[Timed]:
        return [t for t in self.up if t.strongest is not None and t.strongest.blocks_writes]

    def rows_table(self) -> list[tuple[str, int, str, float | None, str, str, float | None, bool, bool]]:
        out = []
        for t in self.up:
            lk = t.strongest
            out.append(
                (
                    _first_line(t.step.sql),
                    t.step.line,
                    "failed" if t.error else ("not run" if t.seconds is None else "ok"),
                    t.seconds,
                    show_mode(lk.mode) if lk else "",
                    lk.table if lk else "",
                    lk.held if lk else None,
                    bool(lk and lk.blocks_writes),
                    bool(lk and lk.blocks_reads),
                )
            )
        return out

    def to_frame(self) -> pd.DataFrame:
        """One row per up statement: statement, line, status, seconds, lock mode, table, held seconds, blocks."""
        import pandas as pd

        columns = ["statement", "line", "status", "seconds", "lock_mode", "lock_table", "lock_held_seconds"]
        return pd.DataFrame(self.rows_table(), columns=[*columns, "blocks_writes", "blocks_reads"])

    def survival_frame(self) -> pd.DataFrame:
        import pandas as pd

        cols = ["table", "column", "now", "rows_before", "rows_lost", "values_before", "values_lost", "nulls"]
        rows = [
            (s.table, s.column, s.now, s.rows_before, s.rows_lost, s.values_before, s.values_lost, s.nulls_introduced,
             s.changed)
            for s in self.survival
        ]  # fmt: skip
        return pd.DataFrame(rows, columns=[*cols, "changed"])

    # --- display -----------------------------------------------------------------------------------
    def headline(self) -> str:
        where = f"{self.migration} rehearsed on {self.engine} with {self.rows:,} rows per table"
        problems = []
        failed = [t for t in self.up if t.error]
        if failed:
            problems.append(f"line {failed[0].step.line} fails on the data")
        for t in self.blocking():
            lk = t.strongest
            assert lk is not None
            what = "writes and reads" if lk.blocks_reads else "writes"
            problems.append(f"line {t.step.line} blocks {what} to {lk.table} for {seconds(lk.held)}")
        lost = sum(1 for s in self.survival if not s.kept)
        if lost:
            problems.append(f"{lost} column{'s' if lost != 1 else ''} lose data")
        if self.round_trip_ok is False:
            problems.append("the round trip does not restore the old schema")
        if not problems:
            trip = ", round trip ok" if self.round_trip_ok else ""
            return f"{where}: every row and value kept{trip}"
        return f"{where}: " + "; ".join(problems)

    def _text(self) -> str:
        lines = [self.headline(), "up:"]
        for t in self.up:
            lines.append("  " + _step_text(t))
        if self.down:
            lines.append(f"down ({self.down_from}):")
            lines += ["  " + _step_text(t) for t in self.down]
        if any(not s.kept for s in self.survival):
            lines.append("data:")
            lines += [f"  {_survival_text(s)}" for s in self.survival if not s.kept]
        if self.findings:
            lines += ["findings:", render_text(self.findings, self.sources)]
        return "\n".join(lines)

    def _html(self) -> str:
        parts = [f"<div><b>{html.escape(self.headline())}</b>"]
        header = ["statement", "line", "status", "time", "lock", "table", "held", "blocks"]
        cells = [
            (stmt, str(line), status, seconds(secs), mode, table, seconds(held) if held is not None else "",
             "writes, reads" if reads else ("writes" if writes else ""))
            for stmt, line, status, secs, mode, table, held, writes, reads in self.rows_table()
        ]  # fmt: skip
        parts.append(html_table(header, cells))
        lost = [s for s in self.survival if not s.kept]
        if lost:
            parts.append("<p>Data:</p>" + html_table(["column", "what happened"], [_survival_row(s) for s in lost]))
        if self.findings:
            parts.append(f"<p>Findings:</p>{render_html(self.findings, self.sources)}")
        parts.append("</div>")
        return "".join(parts)


def _first_line(sql: str, width: int = 100) -> str:
    text = " ".join(sql.split())
    return text if len(text) <= width else text[: width - 3] + "..."


def _step_text(t: Timed) -> str:
    status = "FAILED " if t.error else ""
    lock = t.strongest
    held = f"  {show_mode(lock.mode)} on {lock.table} held {seconds(lock.held)}" if lock else ""
    return f"line {t.step.line}: {status}{seconds(t.seconds)}  {_first_line(t.step.sql, 80)}{held}"


def _survival_row(s: Survival) -> tuple[str, str]:
    return f"{s.table}.{s.column}", _survival_text(s).split(": ", 1)[1]


def _survival_text(s: Survival) -> str:
    what = []
    if s.now is None:
        what.append(f"gone: {s.values_before:,} of {s.rows_before:,} values lost")
    else:
        if s.rows_lost:
            what.append(f"{s.rows_lost:,} rows lost")
        elif s.values_lost:
            what.append(f"{s.values_lost:,} values lost")
        if s.nulls_introduced:
            what.append(f"{s.nulls_introduced:,} NULLs introduced")
        if s.changed:
            what.append("values changed")
    return f"{s.table}.{s.column}: " + ", ".join(what)
