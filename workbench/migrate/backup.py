"""``backup(conn, path)`` and ``restore(path, url)``: a copy of a database to take before a migration.

A down script cannot bring back a dropped column's values; a backup can. Each engine is copied with
its own tool, as its users already do it (the engine declares which in ``Dialect.backup_kind``):

- ``export`` (DuckDB): ``EXPORT DATABASE 'dir' (FORMAT PARQUET)`` writes a directory with
  ``schema.sql``, ``load.sql`` and one Parquet file per table; ``IMPORT DATABASE`` reads it back.
- ``file`` (SQLite): the online backup API (``sqlite3.Connection.backup``) copies the database into
  one file, consistent even while others write; restoring copies it back the same way.
- ``pg_dump`` (PostgreSQL): ``pg_dump --format=custom`` and ``pg_restore --single-transaction
  --exit-on-error``. The password reaches the tools through ``PGPASSWORD`` in their environment,
  never their command line (other users of the machine can read a process's argv), and never
  appears in a message: the tools' errors are scrubbed.

Rules, as users of ``pg_dump``/``pg_restore``, Atlas and Alembic expect them:

- A backup never overwrites: a path that exists and is not empty is refused. The copy is written
  beside the target under a temporary name and renamed into place when complete, so a failed
  backup leaves nothing behind. It holds committed data: a connection with a transaction open is
  refused (commit or roll back first), since PostgreSQL's ``pg_dump`` could not see that work anyway.
- A restore goes into an empty database; a database holding tables is refused unless ``force``
  (``--force``), which is ``pg_restore --clean --if-exists``: on PostgreSQL the objects of the
  backup are dropped and recreated (objects the backup does not have are left alone), and on
  DuckDB and SQLite the database becomes the backup as a whole. A failed restore leaves the
  database as it was: one transaction on PostgreSQL and DuckDB, one backup-API step on SQLite.
- Restored PostgreSQL objects belong to the user who restores (``--no-owner --no-privileges``):
  a backup restored on another server must not fail on roles that do not exist there.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.db.opening import libpq_url, open_url
from workbench.db.secrets import redact_url, scrub
from workbench.db.transaction import transaction_state
from workbench.db.urls import parse_url
from workbench.diagnostics import UserError
from workbench.dialects import registry
from workbench.display import RichDisplay, html_table

if TYPE_CHECKING:
    from workbench.db.connection import Connection

TOOL_TIMEOUT = 3600.0  # seconds a pg_dump / pg_restore may run before it is stopped
CONNECT_TIMEOUT = 10  # seconds, for the tools' connection (libpq connect_timeout)
TOOL_DIRS = ("/usr/lib/postgresql/*/bin",)  # where Debian/Ubuntu put versioned client tools (newest wins)
_PG_MAGIC = b"PGDMP"  # the first bytes of a pg_dump custom-format archive
_SQLITE_MAGIC = b"SQLite format 3\x00"


class BackupError(UserError):
    """A backup or restore that cannot be done; nothing was written or changed."""


@dataclass(frozen=True)
class BackupReport(RichDisplay):
    """What a backup wrote: ``path`` (a file, or DuckDB's directory), ``kind``, ``objects`` (tables,
    views and sequences copied) and ``size`` in bytes. ``url`` has its password masked."""

    url: str
    path: Path
    kind: str
    objects: int
    size: int

    def _text(self) -> str:
        return f"backup of {self.url} ({self.kind}): {self.objects} objects, {self.size:,} bytes in {self.path}"

    def _html(self) -> str:
        return html_table(
            ("database", "backup", "kind", "objects", "bytes"),
            [[self.url, str(self.path), self.kind, str(self.objects), f"{self.size:,}"]],
        )


# ----------------------------------------------------------------------------------------- backup
def backup(conn: Connection, path: str | os.PathLike[str], *, timeout: float = TOOL_TIMEOUT) -> BackupReport:
    """Copy the database of ``conn`` to ``path`` (see the module docstring); :class:`BackupError`
    when the path exists and is not empty, a transaction is open, or the copy fails."""
    target = Path(path)
    kind = _kind(conn.dialect)
    if _not_empty(target):
        raise BackupError(f"{target} already exists and is not empty: a backup never overwrites; choose a new path")
    if transaction_state(conn.raw, conn.dialect) != "idle":
        raise BackupError(
            f"{conn.url} has a transaction open: commit or roll back first (a backup holds committed data)"
        )
    objects = _objects(conn.raw, kind)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        staged = work / target.name
        if kind == "export":
            conn.raw.execute(f"EXPORT DATABASE {_literal(str(staged))} (FORMAT PARQUET)")
        elif kind == "file":
            dest = sqlite3.connect(staged)
            try:
                conn.raw.backup(dest)
            finally:
                dest.close()
        else:
            _pg_dump(_real_url(conn), staged, timeout)
        if target.exists():  # an empty file or directory the caller made: replaced
            target.rmdir() if target.is_dir() else target.unlink()
        os.replace(staged, target)
    except BackupError:
        raise
    except Exception as exc:  # the driver's error, said plainly; nothing was left behind
        raise BackupError(f"backup of {conn.url} failed: {scrub(str(exc).strip(), _real_url(conn))}") from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return BackupReport(conn.url, target, kind, objects, _size(target))


# ---------------------------------------------------------------------------------------- restore
def restore(path: str | os.PathLike[str], url: str, *, force: bool = False, timeout: float = TOOL_TIMEOUT) -> int:
    """Restore the backup at ``path`` into the database at ``url`` (created when it is a file that
    does not exist); returns the number of tables, views and sequences it then holds. A database
    that is not empty is refused unless ``force`` (see the module docstring)."""
    source = Path(path)
    db = parse_url(url)
    shown = redact_url(db.url)
    kind = _kind(db.dialect)
    found = _kind_of_backup(source)
    if found != kind:
        what = "nothing" if found is None else f"a {found!r} backup"
        raise BackupError(
            f"{source} holds {what}, not a {registry.get(db.dialect).label} backup ({kind!r}): "
            f"give a path written by `workbench backup` from a {registry.get(db.dialect).label} database"
        )
    if kind != "pg_dump" and db.path is None:
        raise BackupError(f"{shown} is in memory: what is restored there is gone when restore returns; give a file")
    created = db.path is not None and not Path(db.path).exists()
    try:
        _, raw = open_url(db.url, create=True, timeout=CONNECT_TIMEOUT)
    except UserError as exc:
        raise BackupError(str(exc)) from None
    try:
        if _objects(raw, kind) and not force:
            raise BackupError(
                f"{shown} is not empty: restore into an empty database, or pass --force (force=True) to replace "
                "what the backup holds (pg_restore --clean)"
            )
        if kind == "file":
            src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            try:
                src.backup(raw)
            finally:
                src.close()
        elif kind == "export":
            _import_duckdb(raw, source, db.path, force)
            if db.path is not None and force:  # the file was replaced: count in the new one
                raw.close()
                _, raw = open_url(db.url, create=False, timeout=CONNECT_TIMEOUT)
        else:
            _pg_restore(db.url, source, force, timeout)
        return _objects(raw, kind)
    except BackupError:
        _discard(raw, db.path if created else None)
        raise
    except Exception as exc:
        _discard(raw, db.path if created else None)
        raise BackupError(f"restore into {shown} failed: {scrub(str(exc).strip(), db.url)}; it is unchanged") from None
    finally:
        with contextlib.suppress(Exception):
            raw.close()


def _discard(raw: Any, created: str | None) -> None:
    """A file the failed restore created goes away again (files are left as they were)."""
    with contextlib.suppress(Exception):
        raw.close()
    if created:
        for leftover in (created, created + ".wal"):
            with contextlib.suppress(OSError):
                os.unlink(leftover)


def _import_duckdb(raw: Any, source: Path, file: str | None, force: bool) -> None:
    """IMPORT DATABASE in one transaction; with ``force`` on a file, build the imported database in
    a new file beside it and rename it over the old one (the database becomes the backup)."""
    if not force or file is None:
        raw.execute("BEGIN")
        try:
            raw.execute(f"IMPORT DATABASE {_literal(str(source))}")
            raw.execute("COMMIT")
        except BaseException:
            raw.execute("ROLLBACK")
            raise
        return
    import duckdb

    raw.execute("CHECKPOINT")  # no write-ahead log of the old file may replay onto the new one
    fresh = Path(tempfile.mkdtemp(prefix=".restore.", dir=Path(file).parent)) / Path(file).name
    try:
        new = duckdb.connect(str(fresh))
        try:
            new.execute(f"IMPORT DATABASE {_literal(str(source))}")
            new.execute("CHECKPOINT")
        finally:
            new.close()
        raw.close()
        os.replace(fresh, file)
    finally:
        shutil.rmtree(fresh.parent, ignore_errors=True)


# ------------------------------------------------------------------------------------ PostgreSQL
def find_tool(name: str) -> str:
    """The path of ``pg_dump``/``pg_restore``: on PATH, else the newest ``/usr/lib/postgresql/*/bin``
    (Debian/Ubuntu install them there); :class:`BackupError` saying what to install otherwise."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        (p for pattern in TOOL_DIRS for p in glob.glob(f"{pattern}/{name}")),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if candidates:
        return candidates[-1]
    raise BackupError(
        f"{name} was not found (on PATH or in /usr/lib/postgresql/*/bin): install the PostgreSQL client tools "
        "of your server's version or newer (Debian/Ubuntu: apt install postgresql-client; macOS: brew install libpq)"
    )


def tool_command(tool: str, url: str, *args: str) -> tuple[list[str], dict[str, str]]:
    """``(argv, environment)`` to run ``tool`` on ``url``: the connection goes as a ``--dbname``
    conninfo without the password (with a connect_timeout), the password as ``PGPASSWORD``."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    params = {k: str(v) for k, v in conninfo_to_dict(libpq_url(url)).items() if v is not None}
    password = params.pop("password", None)
    params.setdefault("connect_timeout", str(CONNECT_TIMEOUT))
    env = {k: v for k, v in os.environ.items() if k not in ("PGPASSWORD", "PGPASSFILE")}
    if password is not None:
        env["PGPASSWORD"] = password
    return [find_tool(tool), f"--dbname={make_conninfo(**params)}", *args], env


def _run_tool(tool: str, url: str, args: list[str], timeout: float) -> None:
    argv, env = tool_command(tool, url, *args)
    try:
        done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise BackupError(f"{tool} on {redact_url(url)} did not finish within {timeout:g} s and was stopped") from None
    if done.returncode != 0:
        lines = [ln for ln in (done.stderr or "").splitlines() if ln.strip()]
        text = scrub("\n".join(lines[-5:]) or f"exit status {done.returncode}", url)
        raise BackupError(f"{tool} on {redact_url(url)} failed: {text}")


def _pg_dump(url: str, file: Path, timeout: float) -> None:
    _run_tool("pg_dump", url, ["--format=custom", f"--file={file}"], timeout)


def _pg_restore(url: str, file: Path, force: bool, timeout: float) -> None:
    args = ["--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges"]
    if force:
        args += ["--clean", "--if-exists"]
    _run_tool("pg_restore", url, [*args, str(file)], timeout)


# ------------------------------------------------------------------------------------------ helpers
def _kind(dialect: str) -> str:
    engine = registry.get(dialect)
    if engine.backup_kind is None:
        raise BackupError(f"workbench cannot back up {engine.label} databases")
    return engine.backup_kind


def _kind_of_backup(path: Path) -> str | None:
    """Which kind of backup ``path`` holds, from what is there (not its name)."""
    if path.is_dir():
        return "export" if (path / "schema.sql").is_file() and (path / "load.sql").is_file() else None
    if not path.is_file():
        raise BackupError(f"{path} does not exist: give the path of a backup")
    with path.open("rb") as fh:
        head = fh.read(len(_SQLITE_MAGIC))
    if head.startswith(_PG_MAGIC):
        return "pg_dump"
    return "file" if head == _SQLITE_MAGIC else None


_OBJECTS = {
    "export": "SELECT (SELECT count(*) FROM duckdb_tables() WHERE NOT internal AND NOT temporary)"
    " + (SELECT count(*) FROM duckdb_views() WHERE NOT internal AND NOT temporary)"
    " + (SELECT count(*) FROM duckdb_sequences() WHERE NOT temporary)",
    "file": "SELECT count(*) FROM sqlite_master"
    " WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
    "pg_dump": "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
    " AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'",
}


def _objects(raw: Any, kind: str) -> int:
    """Tables, views and sequences the database holds (read only; PostgreSQL's read is committed away)."""
    if kind == "pg_dump":
        idle = transaction_state(raw, "postgres") == "idle"
        row = raw.execute(_OBJECTS[kind]).fetchone()
        if idle:
            raw.rollback()
        return int(row[0])
    return int(raw.execute(_OBJECTS[kind]).fetchone()[0])


def _real_url(conn: Connection) -> str:
    return str(conn._url)  # handed to the tools only, never shown


def _not_empty(path: Path) -> bool:
    if path.is_dir():
        return any(path.iterdir())
    return path.exists() and path.stat().st_size > 0


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
