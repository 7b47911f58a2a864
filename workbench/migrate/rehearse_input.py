"""What a rehearsal rehearses: the old schema, the up and down scripts, renames and hazards, from a
:class:`~workbench.migrate.result.Diff` or from a migrations folder.

From a folder the old state is the folder replayed up to the migration before the rehearsed one
(the SQL loader gives its database view and a model view to seed), built in the scratch database
by running those earlier ``migration.sql`` files themselves; up is the migration's ``migration.sql``;
down is its ``down.sql``, or the reverse diff of the two states when it has none. Renames written
in the up script (``RENAME COLUMN``, ``RENAME TO``) are followed, so the survival check compares a
renamed column with itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from workbench.diagnostics import Diagnostic, SourceFile, UserError
from workbench.ir.database import Database
from workbench.ir.schema import Schema
from workbench.migrate import ops as o
from workbench.migrate.diff import Renames, diff_databases
from workbench.migrate.hazards import hazards
from workbench.migrate.ops import Op, TableKey
from workbench.migrate.result import Diff

_IDENT = r'(?:"(?:[^"]|"")+"|`[^`]+`|[A-Za-z_][\w$]*)'
_QUALIFIED = rf"(?:{_IDENT}\s*\.\s*)?{_IDENT}"
_RENAME_COLUMN = re.compile(
    rf"ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?({_QUALIFIED})\s+RENAME\s+(?:COLUMN\s+)?({_IDENT})\s+TO\s+({_IDENT})",
    re.IGNORECASE,
)
_RENAME_TABLE = re.compile(
    rf"ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?({_QUALIFIED})\s+RENAME\s+TO\s+({_IDENT})", re.IGNORECASE
)
DEFAULT_SCHEMAS = ("public", "main")


@dataclass(frozen=True)
class Plan:
    """Everything a rehearsal needs, engine-neutral (``dialect``: the engine the scripts are written for)."""

    name: str
    dialect: str
    setup: tuple[str, ...]  # scripts that build the old schema on an empty database
    old: Database
    new: Database
    model: Schema  # the old side's model view: what the seeder fills
    up: SourceFile
    down: SourceFile | None
    down_from: str  # "down.sql" / "the reverse diff"
    ops: tuple[Op, ...]
    hazards: tuple[Diagnostic, ...]
    renames: Renames = field(default_factory=Renames)


def key(schema: str | None, name: str) -> TableKey:
    return (None if schema in DEFAULT_SCHEMAS else schema, name)


def from_diff(diff: Diff) -> Plan:
    from workbench.emit.sql import to_ddl
    from workbench.loaders.introspect import lift

    renames = _renames_of(diff.ops)
    up = SourceFile("migration.sql", diff.sql())
    down = SourceFile("down.sql", diff.down_sql())
    setup = (to_ddl(diff.old),) if diff.old.tables or diff.old.enums else ()
    return Plan(
        "diff", diff.dialect, setup, diff.old, diff.new, lift(diff.old), up, down, "the diff", diff.ops, diff.hazards,
        renames,
    )  # fmt: skip


def from_folder(path: str | Path, migration: str | None, dialect: str | None) -> Plan:
    """The rehearsal of ``migration`` (default: the last one) of the folder at ``path``.

    ``dialect`` is the scratch database's engine, used when the folder has no ``migration_lock.toml``.
    """
    from workbench.dialects import registry
    from workbench.loaders.sql import load_sql
    from workbench.migrate.folder import read_folder
    from workbench.migrate.sql import render, script

    folder = read_folder(path)
    if not folder.migrations:
        raise UserError(f"{folder.path}: no migrations to rehearse (write one with `workbench migrate new`)")
    target = folder.find(migration) if migration is not None else folder.migrations[-1]
    engine = registry.for_provider(folder.provider).name if folder.provider else (dialect or "duckdb")
    index = folder.migrations.index(target)
    earlier = folder.migrations[:index]
    before = load_sql([m.up_path for m in earlier], dialect=engine) if earlier else None
    after = load_sql([m.up_path for m in (*earlier, target)], dialect=engine)
    broken = [d for d in ((before.diagnostics if before else ()) + after.diagnostics) if d.is_error]
    if broken:
        from workbench.diagnostics import LoadError

        raise LoadError(broken, {**(before.sources if before else {}), **after.sources})
    old = before.database if before is not None else Database(dialect=engine)
    from workbench.loaders.introspect import lift

    model = before.schema if before is not None else lift(old)
    renames = renames_in(target.sql)
    ops = diff_databases(old, after.database, renames)
    up = SourceFile(str(target.up_path), target.sql)
    if target.down is not None:
        down, down_from = SourceFile(str(target.down_path), target.down), "down.sql"
    else:
        reverse = script(render(o.reverse_all(ops), after.database, old))
        down, down_from = SourceFile(f"{target.path / 'down.sql'} (the reverse diff)", reverse), "the reverse diff"
    risks = hazards(ops, old, after.database)
    setup = tuple(m.sql for m in earlier)
    return Plan(target.name, engine, setup, old, after.database, model, up, down, down_from, ops, risks, renames)


def renames_in(sql: str) -> Renames:
    """The renames an up script performs, by database names (as :class:`Renames` keys them)."""
    tables: dict[TableKey, TableKey] = {}
    columns: dict[tuple[TableKey, str], str] = {}
    for m in _RENAME_TABLE.finditer(sql):
        old = _split(m.group(1))
        tables[old] = (old[0], _unquote(m.group(2)))
    for m in _RENAME_COLUMN.finditer(sql):
        if m.group(2).upper() == "TO":
            continue
        table = _split(m.group(1))
        columns[(tables.get(table, table), _unquote(m.group(2)))] = _unquote(m.group(3))
    return Renames(tables, columns)


def _renames_of(ops: tuple[Op, ...]) -> Renames:
    tables = {op.old: op.new for op in ops if isinstance(op, o.RenameTable)}
    columns = {(op.on, op.old): op.new for op in ops if isinstance(op, o.RenameColumn)}
    return Renames(tables, columns)


def _split(qualified: str) -> TableKey:
    parts = re.findall(_IDENT, qualified)
    names = [_unquote(p) for p in parts]
    return key(names[0], names[1]) if len(names) == 2 else key(None, names[-1])


def _unquote(ident: str) -> str:
    if ident.startswith('"') and ident.endswith('"'):
        return ident[1:-1].replace('""', '"')
    if ident.startswith("`") and ident.endswith("`"):
        return ident[1:-1]
    return ident.lower()
