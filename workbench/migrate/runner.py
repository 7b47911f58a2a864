"""``apply``, ``down`` and ``resolve``: a migrations folder run against a database's history.

``apply`` follows ``prisma migrate deploy``: under the migration lock it compares the folder with
``_prisma_migrations`` and refuses before anything runs when an applied migration's file was edited
(checksum, LF/CRLF aside) or a migration failed half-way earlier (Prisma's P3009); a recorded
migration missing from the folder is a warning (Prisma carries on too). Then each pending migration
runs in folder order, each in one transaction with its row (:mod:`workbench.migrate.execute`); the
first failure stops the run, the migrations before it stay applied.

``down`` runs ``down.sql`` scripts, newest first, each in one transaction with its row marked rolled
back; ``resolve`` is ``prisma migrate resolve``. None of them runs inside the caller's open
transaction: each migration commits its own, which would commit the caller's uncommitted work.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from workbench.db.connection import Connection
from workbench.db.transaction import transaction_state
from workbench.diagnostics import UserError
from workbench.diagnostics.catalog import migrate as codes
from workbench.display import RichDisplay, html_table
from workbench.migrate import history
from workbench.migrate.execute import MigrationFailed, run_down, run_up, transaction
from workbench.migrate.folder import Migration, MigrationFolder, checksum_matches, read_folder
from workbench.migrate.locking import DEFAULT_TIMEOUT, migration_lock, sqlite_busy
from workbench.progress import bar as progress_bar

__all__ = ["ApplyReport", "DownReport", "MigrateError", "MigrationFailed", "apply", "down", "resolve"]


class MigrateError(UserError):
    """The folder and the history disagree, or the run is refused; nothing was changed."""


@dataclass(frozen=True)
class ApplyReport(RichDisplay):
    """What ``apply`` did: the migrations applied now, and what it found."""

    applied: tuple[str, ...]
    already: int  # migrations that were applied before this run
    missing: tuple[str, ...] = ()  # recorded as applied, no longer in the folder (a warning)
    left: tuple[str, ...] = ()  # pending after ``to=``
    statements: tuple[int, ...] = field(default=())
    backup: str | None = None  # where the database was copied before the first migration ran

    @property
    def warnings(self) -> list[str]:
        return [
            f"migration {name} is recorded as applied but is not in the migrations folder "
            "(restore it from version control if it was deleted by mistake)"
            for name in self.missing
        ]

    def _text(self) -> str:
        lines = [
            f"applied {name} ({n} statement{'s' if n != 1 else ''})"
            for name, n in zip(self.applied, self.statements, strict=True)
        ]
        if not self.applied:
            lines.append(f"nothing to apply: the database has all {self.already} migration(s)")
        else:
            lines.append(f"{len(self.applied)} migration(s) applied, {self.already} were applied before")
        if self.left:
            lines.append(f"{len(self.left)} pending migration(s) after the target left: {', '.join(self.left)}")
        if self.backup is not None:
            lines.append(f"backup taken before: {self.backup} (`workbench restore PATH --db URL` brings it back)")
        lines += [f"warning: {w}" for w in self.warnings]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self._text()

    def _html(self) -> str:
        rows = [[name, str(n), "applied now"] for name, n in zip(self.applied, self.statements, strict=True)]
        rows += [[name, "", "pending (after target)"] for name in self.left]
        rows += [[name, "", "missing from the folder"] for name in self.missing]
        taken = f"; backup taken before: {escape(self.backup)}" if self.backup is not None else ""
        return f"<p>{len(self.applied)} applied, {self.already} already applied{taken}</p>" + html_table(
            ("migration", "statements", "state"),
            rows,
            empty=f"nothing to apply: the database has all {self.already} migration(s)",
        )


@dataclass(frozen=True)
class DownReport(RichDisplay):
    """What ``down`` rolled back, newest first."""

    rolled_back: tuple[str, ...]

    def _text(self) -> str:
        if not self.rolled_back:
            return "nothing to roll back"
        return "\n".join(f"rolled back {name}" for name in self.rolled_back)

    def __repr__(self) -> str:
        return self._text()

    def _html(self) -> str:
        return html_table(("rolled back",), [[n] for n in self.rolled_back], empty="nothing to roll back")


def apply(
    conn: Connection,
    folder: str | os.PathLike[str] | MigrationFolder,
    *,
    to: str | None = None,
    lock_timeout: float = DEFAULT_TIMEOUT,
    backup: str | os.PathLike[str] | None = None,
    progress: bool | None = None,
) -> ApplyReport:
    """Apply the pending migrations of ``folder`` (up to and including ``to``); see the module docstring.

    ``backup``: a folder; when something is pending, the database is copied there first
    (:mod:`workbench.migrate.backup`, named after the first pending migration), under the
    migration lock, so the copy is the state the migrations start from. A failed backup stops the
    run before any migration. ``progress``: a bar over the pending migrations (:mod:`workbench.progress`).
    """
    migrations = folder if isinstance(folder, MigrationFolder) else read_folder(folder)
    target = migrations.find(to).name if to is not None else None
    _refuse_open_transaction(conn, "apply migrations")
    with migration_lock(conn, lock_timeout):
        with _sqlite_lock_errors(conn, lock_timeout):
            with transaction(conn):
                history.ensure(conn)
            records = _read(conn)
        applied = _check(migrations, records)
        missing = tuple(sorted({r.migration_name for r in records if r.state == "applied"} - set(migrations.names())))
        pending = [m for m in migrations if m.name not in applied]
        left: list[str] = []
        if target is not None:
            names = [m.name for m in pending]
            if target in names:
                cut = names.index(target) + 1
                left = names[cut:]
                pending = pending[:cut]
            else:
                left, pending = names, []
        taken = None
        if backup is not None and pending:
            taken = str(_backup_before(conn, Path(backup), pending[0]))
        done: list[str] = []
        counts: list[int] = []
        with progress_bar(len(pending), "migrating", "migrations", progress=progress) as bar:
            for migration in pending:
                bar.note(migration.name)
                with _sqlite_lock_errors(conn, lock_timeout):
                    n = run_up(conn, migration, functools.partial(_still_pending, conn, migration))
                if n is not None:
                    done.append(migration.name)
                    counts.append(n)
                bar.update()
    return ApplyReport(tuple(done), len(applied), missing, tuple(left), tuple(counts), taken)


def _backup_before(conn: Connection, folder: Path, first: Migration) -> Path:
    """Copy the database into ``folder`` as ``before_<first pending migration>`` (a directory for
    DuckDB's EXPORT DATABASE, a ``.db`` file for SQLite, a ``.dump`` for pg_dump)."""
    from workbench.dialects import registry
    from workbench.migrate.backup import backup

    suffix = {"file": ".db", "pg_dump": ".dump"}.get(registry.get(conn.dialect).backup_kind or "", "")
    target = folder / f"before_{first.name}{suffix}"
    return backup(conn, target).path


def down(
    conn: Connection,
    folder: str | os.PathLike[str] | MigrationFolder,
    *,
    to: str | None = None,
    steps: int = 1,
    accept_data_loss: bool = False,
    lock_timeout: float = DEFAULT_TIMEOUT,
) -> DownReport:
    """Roll back applied migrations with their ``down.sql``, newest first.

    ``steps`` migrations (default 1), or every migration applied after ``to`` (``to`` stays applied).
    The data-loss check runs for every step before the first one: rows a step would delete refuse
    the whole rollback (nothing is rolled back) unless ``accept_data_loss``.
    """
    migrations = folder if isinstance(folder, MigrationFolder) else read_folder(folder)
    if steps < 1 and to is None:
        raise MigrateError("steps must be at least 1")
    _refuse_open_transaction(conn, "roll back migrations")
    done: list[str] = []
    with migration_lock(conn, lock_timeout):
        with _sqlite_lock_errors(conn, lock_timeout):
            records = _read(conn)
        applied = _check(migrations, records)
        order = [m.name for m in migrations if m.name in applied]
        order += sorted(set(applied) - set(order), key=lambda n: _started(applied[n]))
        order.reverse()  # newest first
        if to is not None:
            keep = migrations.find(to).name
            if keep not in applied:
                raise MigrateError(f"{codes.NO_DOWN_SCRIPT}: migration {keep} is not applied: nothing to roll back to")
            chosen = order[: order.index(keep)]
        else:
            chosen = order[:steps]
        steps_to_run: list[Migration] = []
        for name in chosen:
            migration = migrations.get(name)
            if migration is None:
                raise MigrateError(
                    f"{codes.NO_DOWN_SCRIPT}: migration {name} is applied but not in {migrations.path}: "
                    "restore its folder (with its down.sql) to roll it back"
                )
            if migration.down is None:
                raise MigrateError(
                    f"{codes.NO_DOWN_SCRIPT}: migration {name} has no {migration.down_path.name}: "
                    "run `workbench migrate down-scripts` to write it (nothing was rolled back)"
                )
            steps_to_run.append(migration)
        # Every step's loss is checked before the first one runs, so a refusal rolls nothing back.
        # A step whose columns only a later (newer) down step brings back cannot be counted yet:
        # it is checked again right before it runs.
        recheck: set[str] = set()
        if not accept_data_loss:
            for migration in steps_to_run:
                try:
                    _refuse_data_loss(conn, migrations, migration)
                except MigrateError:
                    raise
                except UserError:
                    recheck.add(migration.name)
        for migration in steps_to_run:
            if migration.name in recheck:
                try:
                    _refuse_data_loss(conn, migrations, migration)
                except MigrateError as exc:
                    raise MigrateError(f"{exc} (rolled back so far: {', '.join(done)})") from None
            with _sqlite_lock_errors(conn, lock_timeout):
                run_down(conn, migration, applied[migration.name].id)
            done.append(migration.name)
    return DownReport(tuple(done))


def resolve(
    conn: Connection,
    folder: str | os.PathLike[str] | MigrationFolder,
    name: str,
    *,
    applied: bool = False,
    rolled_back: bool = False,
) -> str:
    """``prisma migrate resolve``: mark a failed migration applied (fixed by hand) or rolled back.

    As Prisma: ``--rolled-back`` only for a migration whose last attempt failed; ``--applied`` records
    a migration that is not applied yet as applied (baselining) without running it.
    """
    if applied == rolled_back:
        raise MigrateError("say either applied=True or rolled_back=True")
    migrations = folder if isinstance(folder, MigrationFolder) else read_folder(folder)
    migration = migrations.find(name)
    _refuse_open_transaction(conn, "resolve a migration")
    with transaction(conn):
        history.ensure(conn)
        rows = [r for r in history.read(conn) if r.migration_name == migration.name]
        failed = [r for r in rows if r.state == "failed"]
        if rolled_back:
            if not failed:
                raise MigrateError(
                    f"{codes.RESOLVE_REFUSED}: migration {migration.name} has no failed attempt to mark rolled back "
                    "(to undo an applied migration run `workbench migrate down`)"
                )
            for r in failed:
                history.roll_back(conn, r.id)
            return f"marked {migration.name} rolled back"
        if any(r.state == "applied" for r in rows):
            raise MigrateError(f"{codes.RESOLVE_REFUSED}: migration {migration.name} is already applied")
        for r in failed:
            history.roll_back(conn, r.id)
        history.insert(conn, migration.name, migration.checksum, finished=True)
        return f"marked {migration.name} applied"


# --- checks ---------------------------------------------------------------------------------------
def _refuse_open_transaction(conn: Connection, what: str) -> None:
    state = transaction_state(conn.raw, conn.dialect)
    if state != "idle":
        raise MigrateError(
            f"{codes.MIGRATE_IN_TRANSACTION}: cannot {what} inside your open transaction: every migration "
            "commits its own transaction (with its history row), which would commit your uncommitted work "
            "with it; COMMIT or ROLLBACK it first (nothing was changed)"
        )


def _read(conn: Connection) -> tuple[history.Record, ...]:
    records = history.read(conn)
    if conn.dialect == "postgres":
        conn.raw.commit()  # the read opened a transaction on psycopg: end it, the lock is session-level
    return records


def _check(migrations: MigrationFolder, records: tuple[history.Record, ...]) -> dict[str, history.Record]:
    """The applied migrations by name; refuses modified or failed ones before anything runs."""
    applied: dict[str, history.Record] = {}
    for r in records:
        if r.state == "failed":
            raise MigrateError(
                f"{codes.MIGRATION_FAILED_BEFORE}: migration {r.migration_name} failed earlier and may have "
                "left part of its changes in the database (it did not run in one transaction); fix the "
                f"database by hand, then run `workbench migrate resolve --applied {r.migration_name}` (the "
                f"changes are all there) or `--rolled-back {r.migration_name}` (none are)."
                + (f"\nIts log: {r.logs}" if r.logs else "")
            )
        if r.state == "applied":
            applied[r.migration_name] = r
    for name, r in applied.items():
        m = migrations.get(name)
        if m is not None and not checksum_matches(m.sql.encode("utf-8"), r.checksum):
            raise MigrateError(
                f"{codes.MIGRATION_MODIFIED}: migration {name} was modified after it was applied (checksum "
                f"{r.checksum[:12]}... recorded, file now {m.checksum[:12]}...): restore {m.up_path} from "
                "version control, or mark the change with `workbench migrate resolve` (nothing was run)"
            )
    return applied


def _still_pending(conn: Connection, migration: Migration) -> bool:
    """Inside the migration's transaction: not applied by another runner meanwhile."""
    return not any(r.migration_name == migration.name and r.state == "applied" for r in history.read(conn))


def _started(r: history.Record) -> float:
    return r.started_at.timestamp() if r.started_at is not None else 0.0


def _refuse_data_loss(conn: Connection, migrations: MigrationFolder, migration: Migration) -> None:
    from workbench.migrate.dataloss import check

    losses = check(conn, migrations, migration)
    if not losses:
        return
    shown = "; ".join(loss.what for loss in losses)
    raise MigrateError(
        f"{codes.DOWN_LOSES_DATA}: rolling back {migration.name} deletes data: {shown}. Back it up "
        "(`workbench backup`), then pass --accept-data-loss (accept_data_loss=True) to roll back anyway"
    )


class _sqlite_lock_errors:
    """Turn SQLite's "database is locked" (the busy timeout ran out) into the migrate-locked refusal."""

    def __init__(self, conn: Connection, timeout: float):
        self.conn = conn
        self.timeout = timeout

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, exc: Any, tb: Any) -> None:
        if exc is not None and self.conn.dialect == "sqlite" and not isinstance(exc, UserError):
            import sqlite3

            if isinstance(exc, sqlite3.OperationalError):
                refusal = sqlite_busy(exc, self.timeout)
                if refusal is not None:
                    raise refusal from None
