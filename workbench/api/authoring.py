"""``wb.new_migration(schema, dir, name)`` and ``down_scripts(dir)``: grow a versioned migrations folder.

The folder is the history (Prisma Migrate's layout); its replayed state is the ``migration.sql``
files loaded in order as SQL of the folder's provider. A new migration is the diff from that state
to the schema, written by :func:`workbench.migrate.authoring.write_migration`; a missing or empty
folder replays to the empty schema, so the first migration creates everything.
"""

from __future__ import annotations

import html
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from workbench.api.diffing import Side, _side, diff
from workbench.api.loading import load
from workbench.api.schema import LoadedSchema
from workbench.diagnostics import Diagnostic, LoadError, render_html, render_text
from workbench.display import RichDisplay, html_table
from workbench.migrate.authoring import header, lock_provider, write_migration
from workbench.migrate.folder import DOWN, FolderError, Migration, MigrationFolder, read_folder
from workbench.migrate.result import Diff

RenameSpec = Mapping[str, str] | Iterable[str] | str | None


@dataclass(frozen=True)
class NewMigration(RichDisplay):
    """What ``new_migration`` did: the migration written (None: no change), the diff and its hazards."""

    folder: Path
    migration: Migration | None
    diff: Diff

    @property
    def path(self) -> Path | None:
        return self.migration.path if self.migration else None

    @property
    def hazards(self) -> tuple[Diagnostic, ...]:
        return self.diff.hazards

    @property
    def written(self) -> bool:
        return self.migration is not None

    def headline(self) -> str:
        if self.migration is None:
            return f"No changes: nothing written to {self.folder}"
        return f"Wrote {self.migration.path / 'migration.sql'} ({self.diff.headline()})"

    def _text(self) -> str:
        lines = [self.headline()]
        if self.hazards:
            lines += ["Hazards:", render_text(self.hazards, self.diff.sources)]
        return "\n".join(lines)

    def _html(self) -> str:
        parts = [f"<div><b>{html.escape(self.headline())}</b>"]
        if self.hazards:
            parts.append(f"<p>Hazards:</p>{render_html(self.hazards, self.diff.sources)}")
        if self.migration is not None:
            parts.append(f"<details><summary>migration.sql</summary><pre>{html.escape(self.migration.sql)}</pre>")
            parts.append("</details>")
        return "".join(parts) + "</div>"


@dataclass(frozen=True)
class DownScript:
    name: str
    status: str  # "written", "written: loses data", "not computable", "has one" (left alone)
    detail: str = ""
    text: str | None = None  # what was (or, dry run, would be) written


@dataclass(frozen=True)
class DownScripts(RichDisplay):
    """What ``down_scripts`` wrote, per migration of the folder."""

    folder: Path
    results: tuple[DownScript, ...] = field(default=())
    dry_run: bool = False

    @property
    def written(self) -> list[str]:
        return [r.name for r in self.results if r.status.startswith("written")]

    @property
    def failed(self) -> list[str]:
        return [r.name for r in self.results if r.status == "not computable"]

    def _text(self) -> str:
        verb = "would write" if self.dry_run else "wrote"
        lines = [f"{self.folder}: {verb} {len(self.written)} down script(s), {len(self.failed)} not computable"]
        lines += [f"  {r.name}: {r.status}" + (f" ({r.detail})" if r.detail else "") for r in self.results]
        return "\n".join(lines)

    def _html(self) -> str:
        rows = [(r.name, r.status, r.detail) for r in self.results]
        table = html_table(["migration", "status", "detail"], rows, empty="no migrations in the folder")
        return f"<div><b>{html.escape(self._text().splitlines()[0])}</b>{table}</div>"


def engine_of(folder: MigrationFolder, schema: LoadedSchema | None, dialect: str | None) -> str:
    """The dialect a folder's SQL is in: ``dialect``, else the lock file's provider, else the schema's;
    a lock file naming another engine than the one asked for is an error naming both (Prisma's P3019)."""
    from workbench.dialects import registry

    locked = registry.for_provider(folder.provider).name if folder.provider else None
    if dialect is not None:
        wanted, said = registry.get(dialect).name, f"--dialect {dialect}"
    elif schema is not None:
        provider = schema.schema.provider
        wanted = registry.for_provider(provider).name
        said = f'the schema\'s provider "{provider}"'
        if locked is not None and registry.get(locked).prisma_provider == provider:
            wanted = locked  # DuckDB has no Prisma provider: its schemas say "postgresql"
    else:
        wanted, said = locked or "postgres", "the default"
    if locked is not None and locked != wanted:
        raise FolderError(
            f'{folder.path}/migration_lock.toml: the folder\'s provider is "{folder.provider}", but {said} asks for '
            f"{wanted} (as Prisma's P3019: the migrations of a folder are for one database; start a new "
            "folder for the other one, or change the schema's datasource provider back)"
        )
    return wanted


def replayed(migrations: list[Migration], engine: str, folder: Path) -> LoadedSchema:
    """The schema the given ``migration.sql`` files build, replayed in order; the empty schema for none."""
    if not migrations:
        return load(text="", dialect=engine, name=f"{folder} (empty)")
    loaded = load([m.up_path for m in migrations], dialect=engine)
    if loaded.errors:
        raise LoadError(loaded.errors, loaded.sources)
    return loaded


def new_migration(
    schema: Side,
    dir: str | os.PathLike[str],
    name: str,
    *,
    renames: RenameSpec = None,
    dialect: str | None = None,
) -> NewMigration:
    """Write the next migration of the folder ``dir``: the diff from its replayed state to ``schema``.

    Nothing is written when nothing changes. ``renames`` as in ``wb.diff`` (without them a renamed
    column is a drop and an add, as in Prisma Migrate). The SQL is for the folder's lock provider,
    else ``dialect``, else the schema's datasource provider.
    """
    folder = read_folder(dir, must_exist=False)
    target = _side(schema)
    engine = engine_of(folder, target, dialect)
    old = replayed(list(folder.migrations), engine, folder.path)
    change = diff(old, target, dialect=engine, renames=renames)
    written = write_migration(folder.path, change, name, provider=folder.provider or lock_provider(engine))
    return NewMigration(folder.path, written, change)


def down_scripts(dir: str | os.PathLike[str], *, dialect: str | None = None, dry_run: bool = False) -> DownScripts:
    """Add ``down.sql`` to every migration of ``dir`` that has none (Prisma writes none).

    A migration's down script is the diff from the replayed state after it to the state before it.
    When going back loses data, ``down.sql`` says so at its top with the hazards; when it cannot be
    computed (the SQL up to it does not load), ``down.sql`` holds only comments saying why, so a
    rollback through it is never silent. ``migration.sql`` is never touched: its checksum is
    recorded in databases. ``dry_run`` computes everything and writes nothing.
    """
    folder = read_folder(dir)
    engine = engine_of(folder, None, dialect)
    ms = list(folder.migrations)
    out: list[DownScript] = []
    for i, m in enumerate(ms):
        if m.down is not None:
            out.append(DownScript(m.name, "has one"))
            continue
        try:
            back = diff(
                replayed(ms[: i + 1], engine, folder.path), replayed(ms[:i], engine, folder.path), dialect=engine
            )
            text = _down_text(m.name, back, folder.path.parent)
            status = "written: loses data" if back.loses_data else "written"
            result = DownScript(m.name, status, _count(back), text)
        except (LoadError, FolderError) as exc:
            reason = str(exc).splitlines() or ["unknown"]
            text = (
                f"-- NOT COMPUTABLE: workbench could not compute the way back from migration {m.name}.\n"
                + "".join(f"-- {line}\n" for line in reason)
                + "-- Write this script by hand: the SQL that undoes its migration.sql.\n"
            )
            result = DownScript(m.name, "not computable", reason[0], text)
        out.append(result)
    if not dry_run:
        _write_all(folder.path, {f"{r.name}/{DOWN}": (r.text or "").encode() for r in out if r.text is not None})
    return DownScripts(folder.path, tuple(out), dry_run)


def _write_all(root: Path, files: dict[str, bytes]) -> None:
    """Every new ``down.sql`` at once (:class:`FolderSwap`): a failure half way writes none of them."""
    from workbench.fileset import FolderSwap
    from workbench.fsio import os_reason

    if not files:
        return
    try:
        with FolderSwap(root) as swap:
            swap.commit(files)
    except OSError as exc:
        raise FolderError(f"{root}: cannot write the down scripts: {os_reason(exc)}; none was written") from None


def _down_text(name: str, back: Diff, base: Path) -> str:
    lines = f"-- Reverses the migration {name}: run after its migration.sql, it restores the schema before it.\n"
    lost = back.reverse().loses_data  # what the migration itself dropped
    if lost:
        what = "; ".join(op.summary() for op in lost)
        lines += f"-- The migration dropped data ({what}): this script recreates the structure, empty.\n"
    if back.loses_data:
        lines += "-- WARNING: going back loses data (see the warnings below); back it up first.\n"
    if back.empty:
        lines += "-- The migration changes nothing in the schema, so there is nothing to reverse here.\n"
    return lines + header(back.hazards, base=base) + ("\n" + back.sql() if not back.empty else "")


def _count(back: Diff) -> str:
    n = len(back.hazards)
    return f"{n} hazard{'s' if n != 1 else ''}" if n else ""


__all__ = ["DownScript", "DownScripts", "NewMigration", "down_scripts", "engine_of", "new_migration", "replayed"]
