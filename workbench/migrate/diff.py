"""Compare two database views of one dialect into an ordered tuple of migration operations.

Matching is by database name, as Prisma Migrate's differ does (a renamed column is a drop and an
add) except where the caller names a rename (:class:`Renames`): then the column or table is
renamed and keeps its data. Renames are never guessed: :func:`rename_candidates` lists the drop +
add pairs that look alike, with the evidence, for the user to accept (``--rename``).

The order makes every step valid on a real database, and its reverse too (the down migration is
:func:`workbench.migrate.ops.reverse_all`): schemas are created first and dropped last; foreign
keys are dropped before anything they depend on changes and added after everything exists;
enums are created before the columns that use them and dropped after; indexes are dropped
before their columns change and created after.

Prisma Migrate's history table ``_prisma_migrations`` is no part of either side: a database that
``migrate apply`` built has it and the schema never does, so a diff from a live database to its
schema (CI's "migrations match the schema") would otherwise drop it. ``prisma migrate diff
--from-url`` leaves it out the same way.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from workbench.ir.database import Database, DbColumn, DbEnum, DbForeignKey, DbIndex, DbIndexColumn, DbTable
from workbench.migrate import ops as o
from workbench.migrate.history import TABLE as HISTORY_TABLE
from workbench.migrate.ops import Op, TableKey, key_of


@dataclass(frozen=True)
class Renames:
    """Renames the user accepted, by database names: ``tables`` old key -> new key, ``columns``
    (new table key, old column) -> new column, ``enum_values`` (enum, old) -> new."""

    tables: Mapping[TableKey, TableKey] = field(default_factory=dict)
    columns: Mapping[tuple[TableKey, str], str] = field(default_factory=dict)
    enum_values: Mapping[tuple[str, str], str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A dropped and an added table or column that look alike: perhaps one renamed."""

    kind: str  # "table" or "column"
    table: TableKey  # the new table (for a column) or the new table's key (for a table)
    old: str
    new: str
    evidence: str

    def spec(self) -> str:
        """The ``--rename`` argument that accepts it (``Post.title=Post.headline``)."""
        if self.kind == "table":
            return f"{self.old}={self.new}"
        prefix = o.show(self.table)
        return f"{prefix}.{self.old}={prefix}.{self.new}"


def _by_key(tables: Iterable[DbTable]) -> dict[TableKey, DbTable]:
    return {key_of(t): t for t in tables}


def _index_shape(ix: DbIndex) -> tuple[object, ...]:
    return (_plain_columns(ix), ix.unique, ix.method, _predicate_key(ix.where))


_LEADING_ZEROS = re.compile(r"(?<![\w.'])0+(\d)")
_IN_LIST = re.compile(r"\bIN\s*\(", re.I)
_PREDICATE_NOISE = re.compile(r'::\s*"[^"]*"(?:\[\])?|::[\w ]+(?=[,)\]|]|$)|::\w+(?:\[\])?|[\s()\[\]"]')


def _predicate_key(where: str | None) -> str | None:
    """A partial index's predicate as compared: the catalog prints ``(user_id IS NOT NULL)`` for
    ``"user_id" IS NOT NULL`` and ``status = ANY (ARRAY['A'::"S", ...])`` for ``"status" IN ('A', ...)``;
    quotes, parentheses, brackets and casts aside, the two spellings are one predicate."""
    if where is None:
        return None
    key = _PREDICATE_NOISE.sub("", _IN_LIST.sub("= ANY (ARRAY(", where)).replace("!=", "<>")
    return _LEADING_ZEROS.sub(r"\1", key)  # 1 << 09 is 1 << 9


def _plain_columns(ix: DbIndex) -> tuple[DbIndexColumn, ...]:
    """Index columns without operator classes; an explicit ``ASC`` is the default order (the
    catalog never says ``ASC``; some Prisma-written folders spell it out in every CREATE INDEX)."""
    return tuple(replace(c, ops=None, sort=None if c.sort == "ASC" else c.sort) for c in ix.columns)


def same_index(a: DbIndex, b: DbIndex) -> bool:
    """Equal indexes; an operator class written on one side only counts as the type's default
    (PostgreSQL's catalog omits a default ``array_ops``/``jsonb_ops`` that Prisma's schema spells out)."""
    if a == b:
        return True
    if a.name != b.name or _index_shape(a) != _index_shape(b):
        return False
    return all(x.ops == y.ops or x.ops is None or y.ops is None for x, y in zip(a.columns, b.columns, strict=True))


_CASTS = re.compile(r"::[\w ]+(?=[,)|]|$)|::\w+|[\s()]")


def same_default(a: str | None, b: str | None) -> bool:
    """Equal column defaults; two expressions that differ only in the casts and parentheses a
    server adds when it stores them (``('a'::text || x)`` read back for ``('a' || x)``) are equal, as
    Prisma Migrate does not re-migrate a ``dbgenerated()`` default the server merely re-spelled."""
    if a == b:
        return True
    if a is None or b is None:
        return False
    return _CASTS.sub("", a) == _CASTS.sub("", b)


def _same_column(a: DbColumn, b: DbColumn) -> bool:
    return (a.name, a.type, a.nullable, a.autoincrement) == (b.name, b.type, b.nullable, b.autoincrement) and (
        same_default(a.default, b.default) or (a.type.upper() in ("JSON", "JSONB") and _same_json(a.default, b.default))
    )


def _same_json(a: str | None, b: str | None) -> bool:
    """Equal JSON literal defaults: PostgreSQL stores ``jsonb`` normalised (keys reordered, spaces
    added), so ``'{"size": 1, "fp": 2}'`` reads back as ``'{"fp": 2, "size": 1}'``; the same value."""
    values: list[str] = []
    for text in (a, b):
        if text is None or not (text.startswith("'") and text.endswith("'")):
            return False
        try:
            values.append(json.dumps(json.loads(text[1:-1].replace("''", "'")), sort_keys=True))
        except ValueError:
            return False
    return values[0] == values[1]


def _fk_shape(fk: DbForeignKey) -> tuple[object, ...]:
    return (fk.columns, fk.ref_schema, fk.ref_table, fk.ref_columns, fk.on_delete, fk.on_update)


class _Differ:
    def __init__(self, old: Database, new: Database, renames: Renames) -> None:
        self.old, self.new, self.renames = old, new, renames
        self.old_tables = _by_key(old.tables)
        self.new_tables = _by_key(new.tables)
        # old key -> new key for every table that survives (same key, or renamed by the user)
        self.survivors: dict[TableKey, TableKey] = {}
        for key in self.old_tables:
            target = renames.tables.get(key, key)
            if target in self.new_tables and (target == key or target not in self.old_tables):
                self.survivors[key] = target
        self.steps: dict[str, list[Op]] = {name: [] for name in _PHASES}
        from workbench.dialects import registry

        # on an engine that keeps no constraint names (DuckDB) a key's name is no difference
        self.named = registry.get(new.dialect).keeps_constraint_names

    def add(self, phase: str, op: Op) -> None:
        self.steps[phase].append(op)

    # -- columns whose type changes drag their keys along ------------------------------------------
    def _retyped(self) -> set[tuple[TableKey, str]]:
        """(new table key, column) of every surviving column whose type changes."""
        out: set[tuple[TableKey, str]] = set()
        for old_key, new_key in self.survivors.items():
            old_t, new_t = self.old_tables[old_key], self.new_tables[new_key]
            for c in new_t.columns:
                before = old_t.column(self._old_column_name(new_key, c.name))
                if before is not None and before.type != c.type:
                    out.add((new_key, c.name))
        return out

    def _old_column_name(self, new_key: TableKey, new_name: str) -> str:
        for (table, old_name), target in self.renames.columns.items():
            if table == new_key and target == new_name:
                return old_name
        return new_name

    def run(self) -> tuple[Op, ...]:
        self._schemas()
        self._enums()
        retyped = self._retyped()
        self._foreign_keys(retyped)
        for old_key, new_key in self.survivors.items():
            self._table(self.old_tables[old_key], self.new_tables[new_key], old_key, new_key)
        kept = set(self.survivors.values())
        for key, t in self.new_tables.items():
            if key not in kept:
                self.add("create_table", o.CreateTable(t, span=t.origin))
        for key, t in self.old_tables.items():
            if key not in self.survivors:
                self.add("drop_table", o.DropTable(t, span=t.origin))
        self._views()
        return tuple(op for phase in _PHASES for op in self.steps[phase])

    def _schemas(self) -> None:
        for name in self.new.schemas:
            if name not in self.old.schemas:
                self.add("create_schema", o.CreateSchema(name))
        for name in self.old.schemas:
            if name not in self.new.schemas:
                self.add("drop_schema", o.DropSchema(name))

    def _enums(self) -> None:
        old = {(e.schema, e.name): e for e in self.old.enums}
        new = {(e.schema, e.name): e for e in self.new.enums}
        for key, e in new.items():
            before = old.get(key)
            if before is None:
                self.add("create_enum", o.CreateEnum(e))
            elif before.values != e.values:
                renamed = tuple(
                    (v, target)
                    for v in before.values
                    if (target := self.renames.enum_values.get((e.name, v))) is not None and target in e.values
                )
                self.add("alter_enum", o.AlterEnum(before, e, renamed))
        for key, e in old.items():
            if key not in new:
                self.add("drop_enum", o.DropEnum(e))

    def _foreign_keys(self, retyped: set[tuple[TableKey, str]]) -> None:
        """Foreign keys by table and name: gone or changed ones dropped first, new or changed ones added last.

        A key whose columns or referenced columns change type is dropped and added again too:
        PostgreSQL cannot change the type of a column a constraint ties to another type."""
        renamed_tables = {new: old for old, new in self.survivors.items() if old != new}
        for old_key, t in self.old_tables.items():
            target = self.survivors.get(old_key)
            new_t = self.new_tables.get(target) if target is not None else None
            for fk in t.foreign_keys:
                match = self._matching_fk(fk, new_t, renamed_tables) if new_t is not None else None
                if match is None or target is None or self._fk_retyped(match, target, retyped):
                    self.add("drop_fk", o.DropForeignKey(old_key, fk, span=t.origin))
                elif match.name != fk.name and match.name and fk.name and self.named:
                    self.add("rename_constraint", o.RenameConstraint(target, fk.name, match.name))
        sources = {v: k for k, v in self.survivors.items()}
        for new_key, t in self.new_tables.items():
            source = sources.get(new_key)
            old_t = self.old_tables.get(source) if source is not None else None
            for fk in t.foreign_keys:
                back = self._matching_fk_back(fk, old_t, renamed_tables) if old_t is not None else None
                if back is None or self._fk_retyped(fk, new_key, retyped):
                    self.add("add_fk", o.AddForeignKey(new_key, fk, span=t.origin))

    def _fk_retyped(self, fk: DbForeignKey, table: TableKey, retyped: set[tuple[TableKey, str]]) -> bool:
        ref = (fk.ref_schema, fk.ref_table)
        return any((table, c) in retyped for c in fk.columns) or any((ref, c) in retyped for c in fk.ref_columns)

    def _translate_fk(self, fk: DbForeignKey, new_key: TableKey) -> DbForeignKey:
        """An old foreign key as it reads after the accepted renames (its columns and target)."""
        cols = tuple(self.renames.columns.get((new_key, c), c) for c in fk.columns)
        ref_old = (fk.ref_schema, fk.ref_table)
        ref_new = self.survivors.get(ref_old, ref_old)
        ref_cols = tuple(self.renames.columns.get((ref_new, c), c) for c in fk.ref_columns)
        return replace(fk, columns=cols, ref_schema=ref_new[0], ref_table=ref_new[1], ref_columns=ref_cols)

    def _matching_fk(
        self, fk: DbForeignKey, new_t: DbTable, renamed: Mapping[TableKey, TableKey]
    ) -> DbForeignKey | None:
        moved = self._translate_fk(fk, key_of(new_t))
        same_name = next((f for f in new_t.foreign_keys if f.name == fk.name and fk.name), None)
        if same_name is not None and _fk_shape(same_name) == _fk_shape(moved):
            return same_name
        # the same key under another name (a renamed table renames its keys): a rename, not drop + add
        if key_of(new_t) in renamed or same_name is None or not self.named:
            return next((f for f in new_t.foreign_keys if _fk_shape(f) == _fk_shape(moved)), None)
        return None

    def _matching_fk_back(
        self, fk: DbForeignKey, old_t: DbTable, renamed: Mapping[TableKey, TableKey]
    ) -> DbForeignKey | None:
        new_key = self.survivors[key_of(old_t)]
        for candidate in old_t.foreign_keys:
            if self._matching_fk(candidate, self.new_tables[new_key], renamed) == fk:
                return candidate
        return None

    # -- one surviving table ---------------------------------------------------------------------
    def _table(self, old: DbTable, new: DbTable, old_key: TableKey, new_key: TableKey) -> None:
        span = new.origin
        if old_key != new_key:
            self.add("rename_table", o.RenameTable(old_key, new_key, span=span))
        renamed_cols = {old_c: new_c for (tk, old_c), new_c in self.renames.columns.items() if tk == new_key}
        old_names = {renamed_cols.get(c.name, c.name): c for c in old.columns}
        new_names = {c.name: c for c in new.columns}
        for old_name, new_name in renamed_cols.items():
            if old.column(old_name) is not None and new_name in new_names:
                self.add("columns", o.RenameColumn(new_key, old_name, new_name, span=span))
        for name, c in old_names.items():
            if name not in new_names:
                self.add("columns", o.DropColumn(new_key, c, span=span))
        for name, c in new_names.items():
            if name not in old_names:
                self.add("columns", o.AddColumn(new_key, c, span=span))
        for name, c in new_names.items():
            before = old_names.get(name)
            if before is not None and before != c and not _same_column(replace(before, name=name), c):
                self.add("columns", o.AlterColumn(new_key, replace(before, name=name), c, span=span))
        self._primary_key(old, new, new_key, renamed_cols)
        self._indexes(old, new, new_key, renamed_cols)

    def _primary_key(self, old: DbTable, new: DbTable, key: TableKey, renamed: Mapping[str, str]) -> None:
        before = old.primary_key
        if before is not None:
            before = replace(before, columns=tuple(renamed.get(c, c) for c in before.columns))
        after = new.primary_key
        if before == after or (before and after and before.columns == after.columns and not self.named):
            return
        if before is not None and after is not None and before.columns == after.columns and before.name and after.name:
            self.add("rename_constraint", o.RenameConstraint(key, before.name, after.name, span=new.origin))
            return
        if before is not None:
            self.add("drop_pk", o.DropPrimaryKey(key, before, span=new.origin))
        if after is not None:
            self.add("add_pk", o.AddPrimaryKey(key, after, span=new.origin))

    def _indexes(self, old: DbTable, new: DbTable, key: TableKey, renamed: Mapping[str, str]) -> None:
        def moved(ix: DbIndex) -> DbIndex:
            return replace(ix, columns=tuple(replace(c, name=renamed.get(c.name, c.name)) for c in ix.columns))

        old_ix = {ix.name: moved(ix) for ix in old.indexes}
        new_ix = {ix.name: ix for ix in new.indexes}
        dropped_cols = {c.name for c in old.columns if renamed.get(c.name, c.name) not in {x.name for x in new.columns}}
        gone = [ix for name, ix in old_ix.items() if name not in new_ix or not same_index(new_ix[name], ix)]
        came = [ix for name, ix in new_ix.items() if name not in old_ix or not same_index(old_ix[name], ix)]
        for ix in list(gone):
            twin = next((n for n in came if _index_shape(n) == _index_shape(ix) and n.name != ix.name), None)
            if twin is not None and ix.name not in new_ix and not {c.name for c in ix.columns} & dropped_cols:
                self.add("rename_index", o.RenameIndex(key, ix.name, twin.name, span=new.origin))
                gone.remove(ix)
                came.remove(twin)
        for ix in gone:
            self.add("drop_index", o.DropIndex(key, ix, span=new.origin))
        for ix in came:
            self.add("create_index", o.CreateIndex(key, ix, span=new.origin))

    def _views(self) -> None:
        """Views with a definition (from SQL or a database); a Prisma ``view`` block has none and,
        as in Prisma Migrate, is not created or dropped by a migration."""
        old = {(v.schema, v.name): v for v in self.old.views if v.definition is not None}
        new = {(v.schema, v.name): v for v in self.new.views if v.definition is not None}
        for k, v in old.items():
            if k not in new or new[k] != v:
                self.add("drop_view", o.DropView(v))
        for k, v in new.items():
            if k not in old or old[k] != v:
                self.add("create_view", o.CreateView(v))


# The order operations run in (see the module docstring); a phase may be empty.
_PHASES = (
    "create_schema",
    "drop_view",
    "drop_fk",
    "drop_index",
    "create_enum",
    "alter_enum",
    "rename_table",
    "drop_pk",
    "columns",
    "add_pk",
    "rename_constraint",
    "create_table",
    "drop_table",
    "drop_enum",
    "create_index",
    "rename_index",
    "add_fk",
    "create_view",
    "drop_schema",
)


def without_history(database: Database) -> Database:
    """``database`` without Prisma Migrate's history table (the runner's bookkeeping, not the schema's)."""
    if all(t.name != HISTORY_TABLE for t in database.tables):
        return database
    return replace(database, tables=tuple(t for t in database.tables if t.name != HISTORY_TABLE))


def diff_databases(old: Database, new: Database, renames: Renames | None = None) -> tuple[Op, ...]:
    """The operations that turn ``old`` into ``new`` (two database views of one dialect), in order."""
    if old.dialect != new.dialect:
        raise ValueError(f"cannot diff a {old.dialect} database view against a {new.dialect} one")
    return _Differ(without_history(old), without_history(new), renames or Renames()).run()


def rename_candidates(old: Database, new: Database, renames: Renames | None = None) -> tuple[Candidate, ...]:
    """Drop + add pairs that look like renames: same type, nullability and default (columns), or
    the same columns (tables); most alike names first. Nothing here is applied."""
    renames = renames or Renames()
    old_tables, new_tables = _by_key(without_history(old).tables), _by_key(without_history(new).tables)
    out: list[Candidate] = []
    gone = [t for k, t in old_tables.items() if k not in new_tables and k not in renames.tables]
    came = [t for k, t in new_tables.items() if k not in old_tables and k not in renames.tables.values()]
    for was in gone:
        for now in came:
            shape = {(c.name, c.type, c.nullable) for c in was.columns}
            if shape and shape == {(c.name, c.type, c.nullable) for c in now.columns}:
                out.append(Candidate("table", key_of(now), was.name, now.name, f"the same {len(shape)} columns"))
    for key, t in new_tables.items():
        before = old_tables.get(key)
        if before is None:
            continue
        taken = {c for (tk, c) in renames.columns if tk == key}
        dropped = [c for c in before.columns if t.column(c.name) is None and c.name not in taken]
        added = [c for c in t.columns if before.column(c.name) is None]
        for d in dropped:
            for a in added:
                if _alike(d, a):
                    out.append(Candidate("column", key, d.name, a.name, _evidence(a)))
    return tuple(sorted(out, key=lambda c: (-_similarity(c.old, c.new), c.kind, c.table, c.old, c.new)))


def _alike(a: DbColumn, b: DbColumn) -> bool:
    return (a.type, a.nullable, a.default, a.autoincrement) == (b.type, b.nullable, b.default, b.autoincrement)


def _evidence(c: DbColumn) -> str:
    null = "nullable" if c.nullable else "NOT NULL"
    default = f"default {c.default}" if c.default is not None else "no default"
    return f"same type {c.type}, {null}, {default}"


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio()


def enum_users(database: Database, enum: DbEnum) -> list[tuple[TableKey, DbColumn]]:
    """The columns whose type is ``enum`` (or a list of it): what an enum change must recast."""
    names = {enum.name, f'"{enum.name}"'}
    if enum.schema:
        names |= {f"{enum.schema}.{enum.name}", f'"{enum.schema}"."{enum.name}"'}
    return [(key_of(t), c) for t in database.tables for c in t.columns if c.type.removesuffix("[]") in names]
