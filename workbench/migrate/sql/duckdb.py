"""DuckDB migration SQL: DuckDB's own ALTER where it works, a table redefinition where it does not.

What DuckDB 2.0.1 refuses (found by trying each; tests/test_migrate_sql_duckdb.py holds the cases):

* A table that has an index (``CREATE INDEX``) can only ``ADD COLUMN`` (nullable) and ``SET``/``DROP
  DEFAULT``: renaming it or a column, dropping a column, changing a type or nullability, adding a
  primary key all fail with "Cannot alter entry ... because there are entries that depend on it".
  Its indexes are dropped before those changes and created again after them, except where a
  column is dropped that an index covers or precedes, or retyped that an index covers: inside
  one transaction (how a migration runs) DuckDB still sees the dropped index ("an index depends
  on it", "... on a column after it"), so such a table is redefined instead.
* A table referenced by a foreign key cannot be altered that way either, nor renamed nor dropped
  ("main key table"), whatever its indexes; the referencing tables go first.
* A column in a PRIMARY KEY, UNIQUE or FOREIGN KEY constraint cannot change type, be dropped, or (a
  foreign key column) be renamed; there is no ``ADD``/``DROP CONSTRAINT`` for foreign keys, no ``DROP
  CONSTRAINT`` for primary keys (``ADD PRIMARY KEY`` works), no ``ALTER TYPE`` for enums, no
  ``ALTER INDEX ... RENAME``; a type in use cannot be dropped. Constraint names are not kept at all,
  so renaming one writes nothing.

The redefinition handles all of those at once for a set of tables (closed over the tables that
reference them): each is copied aside (``CREATE TABLE "_wb_old_T" AS SELECT ...``, enum columns as
VARCHAR so their type can be recreated), the tables to redefine and to drop are dropped referencing
ones first, the altered enums recreated, the tables to redefine and to create are created referenced
ones first (with the new definition, foreign keys inline as DuckDB wants), the rows copied back
(renamed columns and enum values mapped, types cast), the copies dropped and the indexes created.
Foreign keys lowering dropped (cross-schema, closing a cycle) are absent from both views, so they
are never written here either. A table that is renamed *and* redefined gets a new sequence for its
autoincrement column (named after the new table), advanced past the copied values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from workbench.dialects.ordering import creation_order
from workbench.emit.sql.common import column_list, enum_lookup, index_statement, literal, q, qualified, type_sql
from workbench.emit.sql.duckdb import column_sql, create_table, sequence_name, unique_constraints_needed
from workbench.ir.database import Database, DbColumn, DbEnum, DbTable, DbView
from workbench.migrate.ops import (
    AddColumn,
    AddForeignKey,
    AddPrimaryKey,
    AlterColumn,
    AlterEnum,
    CreateEnum,
    CreateIndex,
    CreateSchema,
    CreateTable,
    CreateView,
    DropColumn,
    DropEnum,
    DropForeignKey,
    DropIndex,
    DropPrimaryKey,
    DropSchema,
    DropTable,
    DropView,
    Op,
    RenameColumn,
    RenameIndex,
    RenameTable,
    TableKey,
    key_of,
)
from workbench.migrate.sql import Statement

_TABLE_OPS = (RenameTable, RenameColumn, AddColumn, DropColumn, AlterColumn, AddPrimaryKey)  # ALTER TABLE


def _index_sql(table: DbTable, index_name: str) -> str:
    index = next(i for i in table.indexes if i.name == index_name)
    return index_statement(table, index, ops=False, method=False, where_parens=True)


def _enum_of(type_: str, enums: dict[str, DbEnum]) -> DbEnum | None:
    return enums.get(type_.removesuffix("[]"))


@dataclass
class _Plan:
    old: Database
    new: Database
    created: dict[TableKey, DbTable] = field(default_factory=dict)
    dropped: dict[TableKey, DbTable] = field(default_factory=dict)
    renamed_from: dict[TableKey, TableKey] = field(default_factory=dict)  # new key -> old key
    columns_from: dict[TableKey, dict[str, str]] = field(default_factory=dict)  # new column -> old column
    added: dict[TableKey, list[str]] = field(default_factory=dict)
    redefined: set[TableKey] = field(default_factory=set)  # new keys
    reindexed: set[TableKey] = field(default_factory=set)  # altered around their indexes (new keys)
    enums: dict[str, AlterEnum] = field(default_factory=dict)

    def before(self, key: TableKey) -> DbTable | None:
        old_key = self.renamed_from.get(key, key)
        return self.old.table(old_key[1], old_key[0])

    def after(self, key: TableKey) -> DbTable:
        table = self.new.table(key[1], key[0])
        if table is None:
            raise ValueError(f"the migration names table {key[1]!r}, which the database view does not hold")
        return table


def _blocking(op: Op) -> bool:
    """An ALTER that DuckDB refuses on a table with indexes or referenced by a foreign key."""
    if isinstance(op, AlterColumn):
        return bool({"type", "nullable"} & set(op.changes))
    if isinstance(op, AddColumn):
        return not op.column.nullable
    return isinstance(op, (RenameTable, RenameColumn, DropColumn, AddPrimaryKey))


def _under_an_index(op: Op, before: DbTable) -> bool:
    """A change DuckDB refuses in the transaction that dropped the table's indexes (DuckDB 2.0.1)."""
    names = [c.name for c in before.columns]
    indexed = {c for ix in before.indexes for c in ix.column_names}
    if isinstance(op, DropColumn) and op.column.name in names:
        return bool(indexed & set(names[names.index(op.column.name) :]))
    return isinstance(op, AlterColumn) and "type" in op.changes and op.old.name in indexed


def _uniques(table: DbTable, database: Database) -> set[tuple[str, ...]]:
    """The UNIQUE constraints the DDL emitter gives ``table`` (referenced non-key column sets)."""
    own = (table.schema or "", table.name)
    return {cols for s, t, cols in unique_constraints_needed(database) if (s, t) == own}


def _needs_redefinition(key: TableKey, before: DbTable, after: DbTable, mine: list[Op], plan: _Plan) -> bool:
    """Whether some change of the table is beyond what DuckDB's ALTER TABLE does on it."""
    if any(isinstance(op, (AddForeignKey, DropForeignKey, DropPrimaryKey)) for op in mine):
        return True
    if any(_under_an_index(op, before) for op in mine):  # see the module docstring
        return True
    if plan.renamed_from.get(key, key)[0] != key[0]:  # RENAME TO cannot move a table to another schema
        return True
    if _uniques(before, plan.old) != _uniques(after, plan.new):  # DuckDB has no ADD/DROP CONSTRAINT
        return True
    names, appended = [c.name for c in after.columns], plan.added.get(key, [])
    if names[len(names) - len(appended) :] != appended:  # ADD COLUMN appends: only the last columns
        return True
    old_enums = enum_lookup(plan.old)
    if any((e := _enum_of(c.type, old_enums)) is not None and e.name in plan.enums for c in before.columns):
        return True  # an enum DuckDB cannot ALTER: its type is recreated under the rows
    constrained = set(before.primary_key.columns if before.primary_key else ())
    constrained |= {c for fk in before.foreign_keys for c in fk.columns}
    constrained |= {c for cols in _uniques(before, plan.old) for c in cols}
    touched = {op.old for op in mine if isinstance(op, RenameColumn)}
    touched |= {op.column.name for op in mine if isinstance(op, DropColumn)}
    touched |= {op.old.name for op in mine if isinstance(op, AlterColumn) and _blocking(op)}
    if touched & constrained:
        return True
    referenced = any((fk.ref_schema, fk.ref_table) == key_of(before) for t in plan.old.tables for fk in t.foreign_keys)
    return referenced and any(_blocking(op) for op in mine)


def _plan(ops: Sequence[Op], old: Database, new: Database) -> _Plan:
    plan = _Plan(old, new)
    for op in ops:
        if isinstance(op, CreateTable):
            plan.created[key_of(op.new)] = plan.after(key_of(op.new))
        elif isinstance(op, DropTable):
            found = old.table(op.old.name, op.old.schema)
            plan.dropped[key_of(op.old)] = found or op.old
        elif isinstance(op, RenameTable):
            plan.renamed_from[op.new] = op.old
        elif isinstance(op, RenameColumn):
            mapping = plan.columns_from.setdefault(op.on, {})
            mapping[op.new] = mapping.pop(op.old, op.old)
        elif isinstance(op, AddColumn):
            plan.added.setdefault(op.on, []).append(op.column.name)
        elif isinstance(op, AlterEnum):
            plan.enums[op.old.name] = op
    live = [key_of(t) for t in new.tables if key_of(t) not in plan.created]
    for key in live:
        before, after = plan.before(key), plan.after(key)
        if before is not None and _needs_redefinition(key, before, after, [op for op in ops if op.table == key], plan):
            plan.redefined.add(key)
        elif before is not None and before.indexes and any(_blocking(op) for op in ops if op.table == key):
            plan.reindexed.add(key)
    changed = True
    while changed:  # a table that references a redefined one is redefined too (it blocks the drop)
        changed = False
        gone = {plan.renamed_from.get(k, k) for k in plan.redefined} | set(plan.dropped)
        for key in live:
            before = plan.before(key)
            if key in plan.redefined or before is None:
                continue
            if any((fk.ref_schema, fk.ref_table) in gone for fk in before.foreign_keys):
                plan.redefined.add(key)
                plan.reindexed.discard(key)
                changed = True
    return plan


def redefined_tables(ops: Sequence[Op], old: Database, new: Database) -> set[TableKey]:
    """The tables this migration copies aside and back (its ``RedefineTables`` steps), by new key."""
    return set(_plan(ops, old, new).redefined)


def _alter_column(table: str, op: AlterColumn, after: DbTable, enums: dict[str, DbEnum]) -> list[str]:
    col, new = q(op.new.name), op.new
    head = f"ALTER TABLE {table} ALTER COLUMN {col}"
    changes = op.changes
    default_changes = "default" in changes or "autoincrement" in changes
    lines = (
        [f"{head} DROP DEFAULT;"] if default_changes and (op.old.default is not None or op.old.autoincrement) else []
    )
    if "type" in changes:
        lines.append(f"{head} SET DATA TYPE {type_sql(new.type, enums)};")
    if new.autoincrement and default_changes:
        lines.append(f"{head} SET DEFAULT nextval({literal(qualified(sequence_name(after, new), after.schema))});")
        if not op.old.autoincrement:  # the new sequence starts past the values the column holds
            lines.append(_bump(after, new))
    elif new.default is not None and default_changes:
        lines.append(f"{head} SET DEFAULT {new.default};")
    if "nullable" in changes:
        lines.append(f"{head} {'DROP' if new.nullable else 'SET'} NOT NULL;")
    return lines


def _alter(op: Op, plan: _Plan, enums: dict[str, DbEnum]) -> Statement | None:
    """One ALTER TABLE on a table that is neither redefined, created nor dropped."""
    if isinstance(op, RenameTable):
        return Statement("RenameTable", f"ALTER TABLE {qualified(op.old[1], op.old[0])} RENAME TO {q(op.new[1])};")
    assert op.table is not None
    after = plan.after(op.table)
    name = qualified(after.name, after.schema)
    if isinstance(op, RenameColumn):
        return Statement("AlterTable", f"ALTER TABLE {name} RENAME COLUMN {q(op.old)} TO {q(op.new)};")
    if isinstance(op, AddColumn):
        return Statement("AlterTable", f"ALTER TABLE {name} ADD COLUMN {column_sql(after, op.column, enums)};")
    if isinstance(op, DropColumn):
        return Statement("AlterTable", f"ALTER TABLE {name} DROP COLUMN {q(op.column.name)};")
    if isinstance(op, AlterColumn):
        return Statement("AlterTable", "\n".join(_alter_column(name, op, after, enums)))
    if isinstance(op, AddPrimaryKey):
        return Statement("AlterTable", f"ALTER TABLE {name} ADD PRIMARY KEY ({column_list(op.key.columns)});")
    return None


def _copy_name(table: DbTable) -> str:
    return qualified(f"_wb_old_{table.name}", table.schema)


def _copy_back(key: TableKey, plan: _Plan, enums: dict[str, DbEnum]) -> str:
    after, before = plan.after(key), plan.before(key)
    assert before is not None
    renamed, added = plan.columns_from.get(key, {}), set(plan.added.get(key, ()))
    into, exprs = [], []
    for column in after.columns:
        source = before.column(renamed.get(column.name, column.name))
        if column.name in added or source is None:
            continue
        expr = q(source.name)
        enum = _enum_of(column.type, enums)
        change = plan.enums.get(enum.name) if enum else None
        if change is not None and change.renamed and not column.type.endswith("[]"):
            whens = " ".join(f"WHEN {literal(o)} THEN {literal(n)}" for o, n in change.renamed)
            expr = f"CASE {expr} {whens} ELSE {expr} END"
        if enum is not None or source.type != column.type:
            expr = f"CAST({expr} AS {type_sql(column.type, enums)})"
        into.append(q(column.name))
        exprs.append(expr)
    if not into:
        return ""
    target = qualified(after.name, after.schema)
    return f"INSERT INTO {target} ({', '.join(into)}) SELECT {', '.join(exprs)} FROM {_copy_name(after)};"


def _copy_aside(key: TableKey, plan: _Plan, enums: dict[str, DbEnum]) -> str:
    before = plan.before(key)
    assert before is not None
    cols = []
    for c in before.columns:
        cast = "VARCHAR[]" if c.type.endswith("[]") else "VARCHAR"
        cols.append(f"CAST({q(c.name)} AS {cast}) AS {q(c.name)}" if _enum_of(c.type, enums) else q(c.name))
    source = qualified(before.name, before.schema)
    return f"CREATE TABLE {_copy_name(plan.after(key))} AS SELECT {', '.join(cols)} FROM {source};"


def _new_sequence_columns(plan: _Plan, table: DbTable) -> list[DbColumn]:
    """Kept autoincrement columns whose sequence is new (the table or column was renamed): their
    values were copied, so the sequence must start past them."""
    old_seqs = {qualified(sequence_name(t, c), t.schema) for t in plan.old.tables for c in t.columns if c.autoincrement}
    before = plan.before(key_of(table))
    renamed = plan.columns_from.get(key_of(table), {})
    return [
        c
        for c in table.columns
        if c.autoincrement
        and qualified(sequence_name(table, c), table.schema) not in old_seqs
        and before is not None
        and before.column(renamed.get(c.name, c.name)) is not None
    ]


def _bump(table: DbTable, column: DbColumn) -> str:
    """Advance a new sequence past the column's copied values (DuckDB has no setval)."""
    seq = literal(qualified(sequence_name(table, column), table.schema))
    top = f"SELECT coalesce(max({q(column.name)}), 0) FROM {qualified(table.name, table.schema)}"
    return f"SELECT count(nextval({seq})) FROM range(({top}));"


def _rebuild(plan: _Plan) -> list[Statement]:
    """Copy aside, drop, recreate the enums, create, copy back, index: the redefinition phase."""
    old_enums, new_enums = enum_lookup(plan.old), enum_lookup(plan.new)
    out: list[Statement] = []
    redefined = [t for t in plan.new.tables if key_of(t) in plan.redefined]
    if redefined:
        copies = [_copy_aside(key_of(t), plan, old_enums) for t in redefined]
        out.append(Statement("RedefineTables", "\n".join(copies)))
    gone = [plan.before(key_of(t)) for t in redefined] + list(plan.dropped.values())
    ordered, stuck = creation_order([t for t in gone if t is not None])
    for table in reversed(ordered + stuck):  # referencing tables first
        key = key_of(table)
        title = "DropTable" if key in plan.dropped and key not in plan.redefined else "RedefineTables"
        out.append(Statement(title, f"DROP TABLE {qualified(table.name, table.schema)};"))
    for change in plan.enums.values():
        name = qualified(change.old.name, change.old.schema)
        values = ", ".join(literal(v) for v in change.new.values)
        out.append(Statement("AlterEnum", f"DROP TYPE {name};\nCREATE TYPE {name} AS ENUM ({values});"))
    uniques = unique_constraints_needed(plan.new)
    built = [t for t in plan.new.tables if key_of(t) in plan.redefined or key_of(t) in plan.created]
    ordered, stuck = creation_order(built)
    for table in ordered + stuck:
        title = "RedefineTables" if key_of(table) in plan.redefined else "CreateTable"
        out.append(Statement(title, create_table(table, new_enums, uniques)))
    copies = [_copy_back(key_of(t), plan, new_enums) for t in ordered + stuck if key_of(t) in plan.redefined]
    drops = [f"DROP TABLE {_copy_name(t)};" for t in redefined]
    if redefined:
        bumps = [_bump(t, c) for t in redefined for c in _new_sequence_columns(plan, t)]
        out.append(Statement("RedefineTables", "\n".join([c for c in copies if c] + bumps + drops)))
    for table in ordered + stuck:
        for index in table.indexes:
            out.append(
                Statement("CreateIndex", index_statement(table, index, ops=False, method=False, where_parens=True))
            )
    return out


def _sequences(plan: _Plan) -> tuple[list[str], list[str]]:
    """(sequences to create, sequences to drop). An autoincrement column's default names the
    sequence ``<table>_<column>_seq`` it was created with; a table that is renamed (not redefined)
    or whose column is renamed keeps that sequence and the default naming it."""

    def seq(table: DbTable, column: DbColumn) -> str:
        return qualified(sequence_name(table, column), table.schema)

    old_names = {seq(t, c) for t in plan.old.tables for c in t.columns if c.autoincrement}
    new_names = set()
    for table in plan.new.tables:
        key = key_of(table)
        before = None if key in plan.created or key in plan.redefined else plan.before(key)
        renamed = plan.columns_from.get(key, {})
        for column in table.columns:
            if not column.autoincrement:
                continue
            source = before.column(renamed.get(column.name, column.name)) if before is not None else None
            new_names.add(
                seq(before, source) if before is not None and source and source.autoincrement else seq(table, column)
            )
    return sorted(new_names - old_names), sorted(old_names - new_names)


def _view_sql(view: DbView) -> str:
    if not view.definition:
        raise ValueError(f"view {view.name!r} has no definition to create it from")
    body = view.definition.strip().rstrip(";")
    return (
        body + ";"
        if body.upper().startswith("CREATE")
        else f"CREATE VIEW {qualified(view.name, view.schema)} AS {body};"
    )


def render(ops: Sequence[Op], old: Database, new: Database) -> list[Statement]:
    """The statements that take a DuckDB database from ``old`` to ``new``."""
    plan = _plan(ops, old, new)
    enums = enum_lookup(new)
    out: list[Statement] = []
    special = set(plan.redefined) | set(plan.created) | set(plan.dropped)
    for op in ops:
        if isinstance(op, CreateSchema):
            out.append(Statement("CreateSchema", f"CREATE SCHEMA IF NOT EXISTS {q(op.name)};"))
        elif isinstance(op, CreateEnum):
            values = ", ".join(literal(v) for v in op.enum.values)
            out.append(
                Statement("CreateEnum", f"CREATE TYPE {qualified(op.enum.name, op.enum.schema)} AS ENUM ({values});")
            )
    created_seqs, dropped_seqs = _sequences(plan)
    out += [Statement("CreateSequence", f"CREATE SEQUENCE {s};") for s in created_seqs]
    for op in ops:  # indexes first: dropped, or out of the way of an ALTER DuckDB refuses on indexed tables
        if op.table in special or not isinstance(op, (DropIndex, RenameIndex)) or op.table in plan.reindexed:
            continue
        name = op.index.name if isinstance(op, DropIndex) else op.old
        schema = op.table[0] if op.table else None
        out.append(Statement("DropIndex", f"DROP INDEX {qualified(name, schema)};"))
    for key in sorted(plan.reindexed, key=lambda k: (k[0] or "", k[1])):
        before = plan.before(key)
        assert before is not None
        out += [Statement("DropIndex", f"DROP INDEX {qualified(i.name, before.schema)};") for i in before.indexes]
    for op in ops:
        if isinstance(op, _TABLE_OPS) and op.table not in special and (s := _alter(op, plan, enums)) is not None:
            out.append(s)
    out += _rebuild(plan)
    for op in ops:
        if op.table in special or op.table in plan.reindexed or not isinstance(op, (CreateIndex, RenameIndex)):
            continue
        assert op.table is not None
        name = op.index.name if isinstance(op, CreateIndex) else op.new
        out.append(Statement("CreateIndex", _index_sql(plan.after(op.table), name)))
    for key in sorted(plan.reindexed, key=lambda k: (k[0] or "", k[1])):
        after = plan.after(key)
        out += [Statement("CreateIndex", _index_sql(after, i.name)) for i in after.indexes]
    for op in ops:
        if isinstance(op, DropEnum):
            out.append(Statement("DropEnum", f"DROP TYPE {qualified(op.enum.name, op.enum.schema)};"))
    out += [Statement("DropSequence", f"DROP SEQUENCE {s};") for s in dropped_seqs]
    for op in ops:
        if isinstance(op, DropView):
            out.append(Statement("DropView", f"DROP VIEW {qualified(op.view.name, op.view.schema)};"))
        elif isinstance(op, CreateView):
            out.append(Statement("CreateView", _view_sql(op.view)))
        elif isinstance(op, DropSchema):
            out.append(Statement("DropSchema", f"DROP SCHEMA {q(op.name)};"))
    return _merged(out)


def _merged(statements: list[Statement]) -> list[Statement]:
    """Consecutive steps of the redefinition as one ``-- RedefineTables`` section, as Prisma shows it."""
    out: list[Statement] = []
    for s in statements:
        if out and s.comment == out[-1].comment == "RedefineTables":
            out[-1] = Statement(s.comment, f"{out[-1].sql}\n{s.sql}")
        else:
            out.append(s)
    return out
