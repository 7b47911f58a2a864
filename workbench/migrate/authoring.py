"""Write the next migration of a versioned folder in Prisma Migrate's layout, all or nothing.

``write_migration(folder, diff, name, provider=...)`` adds ``<folder>/<YYYYMMDDHHMMSS>_<name>/``
with ``migration.sql`` (the diff's up script) and ``down.sql`` (ours: the way back), and the
folder's ``migration_lock.toml`` when it has none. The migration folder is built in a hidden
temporary folder beside the migrations folder and renamed into place, so a crash or a full disk
leaves the history as it was: never a migration with half its files, whose checksum a runner
would then record.

``migration.sql`` is byte for byte what ``Diff.sql()`` gives, preceded only when there is something
to say by a ``/* ... */`` block in the shape ``prisma migrate dev`` writes its warnings in (hazards,
with their safer way, and the renames the diff applies). With no hazard and no rename there is no
header at all, exactly as Prisma writes a migration without warnings, so a folder we write and one
Prisma writes for the same change carry the same script and the same checksum.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from workbench.diagnostics import Diagnostic
from workbench.fsio import fsync_dir, os_reason
from workbench.migrate import ops as o
from workbench.migrate.folder import DOWN, LOCK_FILE, UP, FolderError, Migration, checksum, lock_text, read_folder
from workbench.migrate.ops import show
from workbench.migrate.result import Diff

MAX_NAME = 200  # Prisma cuts a migration name to 200 characters
_STAMP = re.compile(r"^(\d{14})(?:_|$)")
_NOT_NAME = re.compile(r"[^a-z0-9_]+")
_FORMAT = "%Y%m%d%H%M%S"


def sanitise_name(name: str) -> str:
    """A migration name as Prisma spells it in the folder name: lower-case, every run of characters
    other than ``[a-z0-9_]`` one ``_``, no ``_`` at either end, at most 200 characters."""
    cleaned = _NOT_NAME.sub("_", name.strip().lower()).strip("_")[:MAX_NAME].rstrip("_")
    if not cleaned:
        raise FolderError(
            f"migration name {name!r}: it has no letters or digits (give a name that says what changes, "
            "e.g. --name add_post_published)"
        )
    return cleaned


def next_stamp(existing: Iterable[str], now: datetime | None = None) -> str:
    """``YYYYMMDDHHMMSS`` of UTC ``now``, or one second after the latest timestamped migration when
    that one is at or past ``now`` (a clock behind, two migrations in one second): history order is
    folder-name order, so a new migration must sort last."""
    moment = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0, tzinfo=None)
    stamps = [m.group(1) for n in existing if (m := _STAMP.match(n))]
    if stamps:
        last = datetime.strptime(max(stamps), _FORMAT)
        if last >= moment:
            moment = last + timedelta(seconds=1)
    return moment.strftime(_FORMAT)


def lock_provider(engine: str) -> str:
    """The ``provider`` written in ``migration_lock.toml`` for a dialect: Prisma's datasource provider
    (``postgresql``, ``sqlite``); DuckDB has no Prisma provider, so its folders say ``duckdb``."""
    from workbench.dialects import registry

    dialect = registry.get(engine)
    return dialect.prisma_providers[0] if dialect.prisma_providers else dialect.name


def up_script(diff: Diff, base: Path | None = None) -> str:
    """``migration.sql``: the warnings header (only when there is one) and ``diff.sql()`` unchanged."""
    return header(diff.hazards, renamed(diff), base=base) + diff.sql()


def down_script(diff: Diff, migration: str, base: Path | None = None) -> str:
    """``down.sql`` of the migration ``diff`` writes: what it reverses, the hazards of going back
    (data the down step drops), then the reverse SQL."""
    back = diff.reverse()
    return (
        f"-- Reverses the migration {migration}: run after its migration.sql, it restores the schema before it.\n"
        "-- Data the migration dropped does not come back: a dropped column or table is recreated empty.\n"
        + header(back.hazards, base=base)
        + "\n"
        + back.sql()
    )


def header(hazards: Iterable[Diagnostic], renames: Iterable[str] = (), *, base: Path | None = None) -> str:
    """The ``/* Warnings: ... */`` block Prisma puts above a migration with warnings; '' when none.

    A hazard's place is shown relative to ``base`` (the migrations folder's parent) when it lies
    below it, so the committed file does not depend on where the command ran."""
    lines: list[str] = []
    for h in hazards:
        where = f" ({_where(h, base)})" if h.span else ""
        lines.append(f"  - {h.severity.value}[{h.code}]{where}: {_one_line(h.message)}")
        if h.help:
            lines.append(f"    safer: {_one_line(h.help)}")
    if lines:
        lines = ["  Warnings:", "", *lines, ""]
    names = list(renames)
    if names:
        lines += ["  Renames applied (the data is kept):", "", *(f"  - {r}" for r in names), ""]
    if not lines:
        return ""
    return "/*\n" + "\n".join(lines) + "\n*/\n"


def renamed(diff: Diff) -> list[str]:
    """The renames the diff applies, ``old -> new`` in database names."""
    out: list[str] = []
    for op in diff.ops:
        if isinstance(op, o.RenameTable):
            out.append(f"table {show(op.old)} -> {show(op.new)}")
        elif isinstance(op, o.RenameColumn):
            out.append(f"column {show(op.on)}.{op.old} -> {op.new}")
    return out


def write_migration(
    folder: str | os.PathLike[str],
    diff: Diff,
    name: str,
    *,
    provider: str,
    now: datetime | None = None,
) -> Migration | None:
    """Write ``diff`` as the next migration of ``folder``; None (nothing written) when it is empty.

    ``provider`` is the lock file's provider (:func:`lock_provider`: ``postgresql``, ``sqlite``, or
    ``duckdb``, which Prisma does not know), written to ``migration_lock.toml`` when the folder has
    none; a folder whose lock names another provider is refused (Prisma's P3019). ``name`` is
    sanitised as Prisma does; a name already used by a migration of the folder is refused, since
    ``migrate down --to NAME`` and ``resolve`` find migrations by it.
    """
    if diff.empty:
        return None
    slug = sanitise_name(name)
    root = Path(folder)
    history = read_folder(root, must_exist=False)
    if history.provider is not None and history.provider != provider:
        raise FolderError(
            f"{root / LOCK_FILE}: the folder's migrations are for `{history.provider}`, this one is for "
            f"`{provider}` (as Prisma's P3019: start a new migrations folder for the other provider, "
            "or write SQL for the folder's provider with --dialect)"
        )
    taken = [m.name for m in history if m.name == slug or m.name.split("_", 1)[-1] == slug]
    if taken:
        raise FolderError(
            f"{root}: a migration named `{slug}` exists already ({taken[0]}); give the new one another --name"
        )
    target = f"{next_stamp(history.names(), now)}_{slug}"
    up = up_script(diff, root.parent)
    down = down_script(diff, target, root.parent)
    _write(root, target, {UP: up, DOWN: down}, None if history.provider else lock_text(provider))
    path = root / target
    return Migration(target, path, up, down, checksum(up))


def _write(root: Path, target: str, files: dict[str, str], lock: str | None) -> None:
    """Stage the migration (for a new folder: the whole folder) under a hidden name beside the
    migrations folder, then rename it into place. Beside, not inside: the SQL loader reads every
    ``*.sql`` below the folder, so a staging folder a killed run left inside would be replayed."""
    created = not root.exists()
    try:
        root.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{root.name}.{target[:14]}.", suffix=".tmp", dir=root.parent))
        inner = staging / target
    except OSError as exc:
        raise FolderError(f"{root}: cannot write the migration there: {os_reason(exc)}") from None
    undo: list[Callable[[], None]] = [lambda: shutil.rmtree(staging, ignore_errors=True)]
    try:
        inner.mkdir()
        for file, text in files.items():
            _write_file(inner / file, text)
        fsync_dir(inner)
        if created:
            if lock is not None:
                _write_file(staging / LOCK_FILE, lock)
            fsync_dir(staging)
            os.rename(staging, root)  # the folder appears whole, or not at all
            undo.clear()
        else:
            if lock is not None:  # an existing folder without a lock file (hand-made): add it first
                _write_file(root / f".{LOCK_FILE}.tmp", lock)
                os.replace(root / f".{LOCK_FILE}.tmp", root / LOCK_FILE)
                undo.append(lambda: (root / LOCK_FILE).unlink(missing_ok=True))
            os.rename(inner, root / target)  # the migration appears whole, or not at all
            undo.clear()
            with contextlib.suppress(OSError):
                staging.rmdir()
        fsync_dir(root)
    except OSError as exc:
        for step in reversed(undo):
            with contextlib.suppress(OSError):
                step()
        with contextlib.suppress(OSError):
            (root / f".{LOCK_FILE}.tmp").unlink(missing_ok=True)
        raise FolderError(
            f"{root}: cannot write the migration {target}: {os_reason(exc)}; nothing was written"
        ) from None
    except BaseException:
        for step in reversed(undo):
            with contextlib.suppress(OSError):
                step()
        raise


def _write_file(path: Path, text: str) -> None:
    with open(path, "wb") as f:
        f.write(text.encode("utf-8"))
        f.flush()
        os.fsync(f.fileno())


def _where(h: Diagnostic, base: Path | None) -> str:
    span = h.span
    assert span is not None
    file = span.file
    if base is not None:
        with contextlib.suppress(ValueError, OSError):
            file = Path(os.path.relpath(Path(file).resolve(), base.resolve())).as_posix()
            if file.startswith("../"):
                file = span.file
    return f"{file}:{span.line}:{span.col}"


def _one_line(text: str) -> str:
    return " ".join(text.split()).replace("*/", "* /")


__all__ = [
    "down_script",
    "header",
    "lock_provider",
    "next_stamp",
    "sanitise_name",
    "up_script",
    "write_migration",
]
