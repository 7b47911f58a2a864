"""``migrate status``: each migration of the folder and each history row, read side by side, and drift.

What ``prisma migrate status`` reports, and what it leaves out: a failed attempt's log (the
statement and its line) and whether the database was left unchanged (our runner rolls a failed
migration back and sets ``rolled_back_at``) or partly applied (``finished_at`` and
``rolled_back_at`` both empty: ``workbench migrate resolve`` is needed); a migration whose file
changed after it was applied (Prisma's checksum rule, LF/CRLF aside); applied migrations missing
from the folder (a checkout older than the database); pending migrations older than the newest
applied one (out of order); migrations rolled back by ``down``; and drift (:mod:`.drift`).

Status only reads: it never creates the history table (a database without one has every
migration pending) and leaves the connection in the transaction state it found it in.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from workbench.db.connection import Connection
from workbench.display import RichDisplay, html_table
from workbench.migrate import history
from workbench.migrate.drift import Drift, compare, history_state, live_state
from workbench.migrate.folder import LOCK_FILE, FolderError, MigrationFolder, checksum_matches
from workbench.migrate.history import Record

State = Literal["applied", "modified", "pending", "failed", "rolled back", "missing"]
# states that make the database "not up to date" (exit 2 of `workbench migrate status`)
_ATTENTION: frozenset[str] = frozenset({"modified", "pending", "failed", "rolled back", "missing"})


@dataclass(frozen=True, slots=True)
class Entry:
    """One migration as status sees it: in the folder, in the history, or both.

    ``state``: applied; modified (applied, its file changed since); pending (never applied, or its
    last attempt failed and was rolled back: ``unchanged``); failed (left partly applied: resolve
    it); rolled back (by ``down``: pending again); missing (applied, but not in the folder).
    """

    name: str
    state: State
    record: Record | None = None  # the history row that decides the state (the last attempt)
    out_of_order: bool = False  # pending, but older than the newest applied migration
    unchanged: bool | None = None  # failed attempts: True when the database was left as it was

    @property
    def when(self) -> datetime | None:
        if self.record is None:
            return None
        if self.state in ("applied", "modified", "missing"):
            return self.record.finished_at
        if self.state == "rolled back":
            return self.record.rolled_back_at
        return self.record.started_at

    def note(self) -> str:
        """One line: what this state means and what to do."""
        rec = self.record
        if self.state == "modified":
            return "migration.sql changed after it was applied (checksum differs): restore the file as applied"
        if self.state == "missing":
            return "applied to the database but not in the folder: is your checkout older than the database?"
        if self.state == "failed":
            return (
                f"left partly applied: {_first_line(rec.logs if rec else None)}; "
                f"fix the database, then `workbench migrate resolve --applied {self.name}` "
                f"or `--rolled-back {self.name}`"
            )
        if self.state == "rolled back":
            return "rolled back by `down`: pending again"
        if self.state == "pending":
            parts = []
            if self.unchanged:
                parts.append(f"last attempt failed, database left unchanged: {_first_line(rec.logs if rec else None)}")
            if self.out_of_order:
                parts.append("older than the newest applied migration (out of order)")
            return "; ".join(parts)
        return ""

    def to_json(self) -> dict[str, object]:
        rec = self.record
        return {
            "name": self.name,
            "state": self.state,
            "when": self.when.isoformat() if self.when else None,
            "outOfOrder": self.out_of_order,
            "databaseUnchanged": self.unchanged,
            "logs": rec.logs if rec is not None and self.state in ("failed", "pending") else None,
            "note": self.note(),
        }


@dataclass(frozen=True)
class MigrationStatus(RichDisplay):
    """The result of :func:`status`: one :class:`Entry` per migration, and the drift (None when it
    was not computed: a migration is partly applied, so the history's state is unknown)."""

    folder: str
    url: str  # password masked
    entries: tuple[Entry, ...]
    drift: Drift | None
    history_table: bool  # whether the database has `_prisma_migrations`
    drift_note: str = ""
    times: bool = False  # show when each migration ran (off by default: notebook outputs stay deterministic)
    drift_asked: bool = True  # False: the caller skipped the drift check (--no-drift), it does not count

    def of(self, state: State) -> list[Entry]:
        return [e for e in self.entries if e.state == state]

    @property
    def up_to_date(self) -> bool:
        """Everything applied as the folder has it, nothing failed, and no drift."""
        if any(e.state in _ATTENTION for e in self.entries):
            return False
        if not self.drift_asked:
            return True
        return self.drift is not None and self.drift.empty

    def headline(self) -> str:
        counts = [(s, len(self.of(s))) for s in ("applied", "pending", "failed", "modified", "rolled back", "missing")]
        parts = [f"{n} {s}" for s, n in counts if n or s in ("applied", "pending")]
        drift = (
            "drift not checked"
            if self.drift is None
            else "no drift"
            if self.drift.empty
            else f"DRIFT: {len(self.drift.record.ops)} changes by hand"
        )
        verdict = "up to date" if self.up_to_date else "needs attention"
        return f"{self.url}: {', '.join(parts)}; {drift} ({verdict})"

    def record_command(self) -> str:
        """The commands that write the drift as a new migration and mark it applied (Prisma's hotfix flow)."""
        target = '"$DATABASE_URL"' if "****" in self.url else self.url
        return (
            f"workbench migrate new {target} --dir {self.folder} --name record_drift\n"
            f"workbench migrate resolve --db {target} --dir {self.folder} --applied record_drift"
        )

    def to_json(self) -> dict[str, object]:
        return {
            "database": self.url,
            "folder": self.folder,
            "upToDate": self.up_to_date,
            "historyTable": self.history_table,
            "migrations": [e.to_json() for e in self.entries],
            "drift": None if self.drift is None else {**self.drift.to_json(), "recordCommand": self.record_command()},
            "driftNote": self.drift_note or None,
        }

    def to_json_text(self) -> str:
        return json.dumps(self.to_json(), indent=2)

    # --- display -----------------------------------------------------------------------------------
    def _rows(self) -> list[tuple[str, str, str, str]]:
        return [(e.name, e.state, _time(e.when) if self.times else "", e.note()) for e in self.entries]

    def _drift_lines(self) -> list[str]:
        if self.drift is None:
            return [f"Drift: not checked: {self.drift_note}"]
        if self.drift.empty:
            return ["Drift: none (the database matches the applied migrations)"]
        d = self.drift
        lines = ["Drift: the database was changed outside the migrations:"]
        lines += [f"  {c}" for c in d.changes()]
        lines += [
            "Keep the change: record it as a new migration (it is already in the database, so mark it applied):",
            *(f"  {c}" for c in self.record_command().splitlines()),
            "  the migration it writes:",
            *(f"    {s}".rstrip() for s in d.record.sql().splitlines()),
            "Undo the change: run this on the database to put it back to the applied migrations:",
            *(f"    {s}".rstrip() for s in d.revert.sql().splitlines()),
        ]
        if d.revert.hazards:
            lines.append(f"  (undoing it has {len(d.revert.hazards)} hazard(s): {d.revert.hazards[0].message})")
        return lines

    def _text(self) -> str:
        lines = [self.headline()]
        if not self.history_table:
            lines.append("  no _prisma_migrations table: nothing was applied with Prisma Migrate or workbench yet")
        lines += [f"  {n:<40} {s:<11} {w + '  ' if w else ''}{note}".rstrip() for n, s, w, note in self._rows()]
        return "\n".join(lines + self._drift_lines())

    def _html(self) -> str:
        parts = [f"<div><b>{html.escape(self.headline())}</b>"]
        if self.entries:
            rows = self._rows()
            if self.times:
                parts.append(html_table(["migration", "state", "when (UTC)", "note"], rows))
            else:
                parts.append(html_table(["migration", "state", "note"], [(n, s, note) for n, s, _, note in rows]))
        if self.drift is None or self.drift.empty:
            parts.append(f"<p>{html.escape(self._drift_lines()[0])}</p>")
        else:
            d = self.drift
            parts.append("<p>Drift: the database was changed outside the migrations:</p>")
            parts.append(html_table(["change made by hand"], [(c,) for c in d.changes()]))
            for title, text in (
                ("Keep it: record it as a migration", f"{self.record_command()}\n\n{d.record.sql()}"),
                ("Undo it: put the database back", d.revert.sql()),
            ):
                parts.append(f"<details><summary>{title}</summary><pre>{html.escape(text)}</pre></details>")
        parts.append("</div>")
        return "".join(parts)


def status(conn: Connection, folder: MigrationFolder, *, drift: bool = True, times: bool = False) -> MigrationStatus:
    """Read the history and the live database (nothing is written) and compare them with the folder."""
    from workbench.db.opening import open_target

    _check_provider(conn, folder)
    with open_target(conn.raw) as (dialect, raw):  # a read: the caller's transaction state is kept
        has_table = history.exists(conn)
        records = history.read(conn) if has_table else ()
        entries = entries_of(folder, records)
        found: Drift | None = None
        note = ""
        partly = [e.name for e in entries if e.state == "failed"]
        if partly:
            note = f"{', '.join(partly)} is partly applied: resolve it first"
        elif drift:
            applied = [m for m in folder if _is_applied(entries, m.name)]
            state, problems = history_state(applied, dialect)
            found = compare(state, live_state(raw), problems)
        else:
            note = "skipped (--no-drift)"
    return MigrationStatus(str(folder.path), conn.url, tuple(entries), found, has_table, note, times, drift)


def _check_provider(conn: Connection, folder: MigrationFolder) -> None:
    """A folder written for another engine cannot describe this database (Prisma's P3019)."""
    from workbench.dialects import registry

    if folder.provider is None:
        return
    if registry.for_provider(folder.provider, conn.dialect).name != conn.dialect:
        raise FolderError(
            f"{folder.path / LOCK_FILE}: these migrations are for provider `{folder.provider}`, but the "
            f"database is {conn.dialect}: give the migrations folder of this database"
        )


def entries_of(folder: MigrationFolder, records: Sequence[Record]) -> list[Entry]:
    """One entry per migration of the folder (in its order), then the history's missing ones."""
    by_name: dict[str, list[Record]] = {}
    for r in records:
        by_name.setdefault(r.migration_name, []).append(r)  # oldest first
    entries: list[Entry] = []
    for m in folder:
        rows = by_name.get(m.name, [])
        applied = [r for r in rows if r.state == "applied"]
        stuck = [r for r in rows if r.state == "failed"]
        if stuck:
            entries.append(Entry(m.name, "failed", stuck[-1], unchanged=False))
        elif applied:
            ok = checksum_matches(m.sql.encode("utf-8"), applied[-1].checksum) or any(
                checksum_matches(m.sql.encode("utf-8"), r.checksum) for r in applied
            )
            entries.append(Entry(m.name, "applied" if ok else "modified", applied[-1]))
        elif rows and rows[-1].finished_at is not None:
            entries.append(Entry(m.name, "rolled back", rows[-1]))
        elif rows:  # the last attempt failed and was rolled back: nothing of it remains
            entries.append(Entry(m.name, "pending", rows[-1], unchanged=True))
        else:
            entries.append(Entry(m.name, "pending"))
    newest = max((e.name for e in entries if e.state in ("applied", "modified")), default=None)
    if newest is not None:
        entries = [
            Entry(e.name, e.state, e.record, True, e.unchanged) if e.state == "pending" and e.name < newest else e
            for e in entries
        ]
    known = set(folder.names())
    for name, rows in sorted(by_name.items()):
        live = [r for r in rows if r.state in ("applied", "failed")]
        if name not in known and live:
            entries.append(Entry(name, "missing", live[-1]))
    return entries


def _is_applied(entries: Sequence[Entry], name: str) -> bool:
    return any(e.name == name and e.state in ("applied", "modified") for e in entries)


def _first_line(logs: str | None) -> str:
    if not logs:
        return "no log recorded"
    lines = [ln.strip() for ln in logs.strip().splitlines() if ln.strip()]
    return " / ".join(lines[:3])


def _time(when: datetime | None) -> str:
    return when.strftime("%Y-%m-%d %H:%M:%S") if when else ""
