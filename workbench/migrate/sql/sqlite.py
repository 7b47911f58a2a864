"""SQLite migration SQL, the way Prisma Migrate writes it: ALTER where SQLite's ALTER TABLE can, table
redefinition everywhere else.

SQLite's ALTER TABLE only renames tables and columns and appends columns, so Prisma rebuilds a table
for every other change (a dropped or altered column, a primary or foreign key change, a required
column): ``PRAGMA defer_foreign_keys=ON; PRAGMA foreign_keys=OFF;``, ``CREATE TABLE "new_T"`` with the
new definition (foreign keys inline), ``INSERT INTO "new_T" (kept) SELECT kept FROM "T"``, ``DROP
TABLE "T"``, ``ALTER TABLE "new_T" RENAME TO "T"``, the table's indexes, then the pragmas back. All the
redefined tables share one ``-- RedefineTables`` section (one pragma pair), placed, as Prisma places
it, after the tables are created and dropped and before the indexes of the other tables. Every
operation of a redefined table (its index drops and creations, foreign keys, column changes) is
folded into its redefinition, since the new table is written from ``new`` whole.

Where we differ from Prisma, by choice:

* Renames keep data: a renamed table is ``ALTER TABLE ... RENAME TO`` (SQLite >= 3.26 rewrites the
  foreign keys that point at it), a renamed column is ``ALTER TABLE ... RENAME COLUMN`` or, in a
  redefined table, copied from its old name (Prisma drops and adds, losing the values).
* A column is appended with ``ALTER TABLE ... ADD COLUMN`` only when Prisma does (nullable, constant
  default) *and* appending gives the new column order; otherwise the table is redefined, so that the
  catalog after the migration is exactly the new one.
* SQLite has no enums, schemas or index renames: enum and schema operations write nothing (lowering
  made enum columns TEXT), a renamed index is dropped and created (Prisma's ``RedefineIndex``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from workbench.emit.sql.common import column_list, index_statement, q
from workbench.emit.sql.sqlite import column_sql, create_table
from workbench.ir.database import Database, DbTable, DbView
from workbench.migrate.ops import (
    AddColumn,
    AddForeignKey,
    AddPrimaryKey,
    AlterColumn,
    CreateIndex,
    CreateTable,
    CreateView,
    DropColumn,
    DropForeignKey,
    DropIndex,
    DropPrimaryKey,
    DropTable,
    DropView,
    Op,
    RenameColumn,
    RenameConstraint,
    RenameIndex,
    RenameTable,
    TableKey,
    key_of,
)
from workbench.migrate.sql import Statement

# Operations that SQLite's ALTER TABLE cannot do: their table is rebuilt.
_REBUILDS = (DropColumn, AlterColumn, AddPrimaryKey, DropPrimaryKey, AddForeignKey, DropForeignKey, RenameConstraint)
# Operations that a rebuild of their table makes redundant (the new table is written whole from ``new``).
_FOLDED = (*_REBUILDS, AddColumn, RenameColumn, CreateIndex, DropIndex, RenameIndex)
_NON_CONSTANT = ("CURRENT_", "(")  # defaults SQLite refuses in ADD COLUMN


@dataclass
class _Plan:
    """What the operations do to each existing table: renames, added columns, whether it is rebuilt."""

    created: set[TableKey] = field(default_factory=set)
    dropped: set[TableKey] = field(default_factory=set)
    renamed_from: dict[TableKey, TableKey] = field(default_factory=dict)  # new key -> old key
    columns_from: dict[TableKey, dict[str, str]] = field(default_factory=dict)  # new column -> old column
    added: dict[TableKey, list[str]] = field(default_factory=dict)
    rebuilt: list[TableKey] = field(default_factory=list)  # in order of first appearance

    def rebuild(self, key: TableKey) -> None:
        if key not in self.rebuilt and key not in self.created and key not in self.dropped:
            self.rebuilt.append(key)


def _appendable(table: DbTable | None, old: DbTable | None, added: list[str]) -> bool:
    """``ALTER TABLE ADD COLUMN`` gives exactly ``table``: every added column is nullable with a constant
    default (what Prisma adds this way) and they are the last columns, in order."""
    if table is None or old is None:
        return False
    names = [c.name for c in table.columns]
    if names[len(names) - len(added) :] != added:
        return False
    pk = table.primary_key.columns if table.primary_key else ()
    for name in added:
        column = table.column(name)
        if column is None or not column.nullable or name in pk:
            return False
        if column.default is not None and column.default.upper().startswith(_NON_CONSTANT):
            return False
    return True


def _plan(ops: Sequence[Op], old: Database, new: Database) -> _Plan:
    plan = _Plan()
    for op in ops:
        if isinstance(op, CreateTable):
            plan.created.add(key_of(op.new))
        elif isinstance(op, DropTable):
            plan.dropped.add(key_of(op.old))
        elif isinstance(op, RenameTable):
            plan.renamed_from[op.new] = op.old
        elif isinstance(op, RenameColumn):
            mapping = plan.columns_from.setdefault(op.on, {})
            mapping[op.new] = mapping.pop(op.old, op.old)
        elif isinstance(op, AddColumn):
            plan.added.setdefault(op.on, []).append(op.column.name)
    for op in ops:
        key = op.table
        if key is None or key in plan.created or key in plan.dropped:
            continue
        if isinstance(op, _REBUILDS):
            plan.rebuild(key)
        elif isinstance(op, AddColumn):
            before = old.table(plan.renamed_from.get(key, key)[1], key[0])
            if not _appendable(new.table(key[1], key[0]), before, plan.added[key]):
                plan.rebuild(key)
    order = {key_of(t): n for n, t in enumerate(new.tables)}  # Prisma redefines in schema order
    plan.rebuilt.sort(key=lambda k: order.get(k, len(order)))
    return plan


def _table(database: Database, key: TableKey) -> DbTable:
    table = database.table(key[1], key[0])
    if table is None:
        raise ValueError(f"the migration names table {key[1]!r}, which the database view does not hold")
    return table


def _redefine(key: TableKey, plan: _Plan, old: Database, new: Database) -> str:
    """One table's rebuild: new table, copy of the kept columns, drop, rename, indexes."""
    table = _table(new, key)
    before = _table(old, plan.renamed_from.get(key, key))
    renamed = plan.columns_from.get(key, {})
    added = set(plan.added.get(key, ()))
    kept = sorted(  # Prisma lists the copied columns by name
        (c.name, renamed.get(c.name, c.name))
        for c in table.columns
        if c.name not in added and before.column(renamed.get(c.name, c.name)) is not None
    )
    temp = f"new_{table.name}"
    lines = [create_table(replace(table, name=temp))]
    if kept:
        into, source = column_list(n for n, _ in kept), column_list(o for _, o in kept)
        lines.append(f"INSERT INTO {q(temp)} ({into}) SELECT {source} FROM {q(table.name)};")
    lines.append(f"DROP TABLE {q(table.name)};")
    lines.append(f"ALTER TABLE {q(temp)} RENAME TO {q(table.name)};")
    lines += [index_statement(table, i, ops=False, method=False, where_parens=False) for i in table.indexes]
    return "\n".join(lines)


def _index_sql(table: DbTable, name: str) -> str:
    index = next(i for i in table.indexes if i.name == name)
    return index_statement(table, index, ops=False, method=False, where_parens=False)


def _view_sql(view: DbView) -> str:
    if not view.definition:
        raise ValueError(f"view {view.name!r} has no definition to create it from")
    body = view.definition.strip().rstrip(";")
    return body + ";" if body.upper().startswith("CREATE") else f"CREATE VIEW {q(view.name)} AS {body};"


def _statement(op: Op, plan: _Plan, new: Database) -> Statement | None:
    """The SQL of one operation that is not folded into a rebuild (None: nothing to write on SQLite)."""
    if isinstance(op, CreateTable):  # foreign keys inline: taken from new's table, not the (bare) op
        return Statement("CreateTable", create_table(_table(new, key_of(op.new))))
    if isinstance(op, DropTable):  # Prisma: the only way around cyclic references when dropping
        # foreign_keys=off is a no-op inside a transaction (how a migration runs): there the implicit
        # DELETE of DROP TABLE fails on rows of a table that references it and is dropped next (a
        # cycle); deferring the check to COMMIT lets both go (reset by SQLite at COMMIT)
        return Statement(
            "DropTable",
            f"PRAGMA defer_foreign_keys=ON;\nPRAGMA foreign_keys=off;\nDROP TABLE {q(op.old.name)};\n"
            "PRAGMA foreign_keys=on;",
        )
    if isinstance(op, RenameTable):
        return Statement("RenameTable", f"ALTER TABLE {q(op.old[1])} RENAME TO {q(op.new[1])};")
    if isinstance(op, RenameColumn):
        return Statement("AlterTable", f"ALTER TABLE {q(op.on[1])} RENAME COLUMN {q(op.old)} TO {q(op.new)};")
    if isinstance(op, AddColumn):
        return Statement("AlterTable", f"ALTER TABLE {q(op.on[1])} ADD COLUMN {column_sql(op.column, False)};")
    if isinstance(op, CreateIndex):
        table = _table(new, op.on)
        return Statement("CreateIndex", index_statement(table, op.index, ops=False, method=False, where_parens=False))
    if isinstance(op, DropIndex):
        return Statement("DropIndex", f"DROP INDEX {q(op.index.name)};")
    if isinstance(op, RenameIndex):
        return Statement("RedefineIndex", f"DROP INDEX {q(op.old)};\n{_index_sql(_table(new, op.on), op.new)}")
    if isinstance(op, CreateView):
        return Statement("CreateView", _view_sql(op.view))
    if isinstance(op, DropView):
        return Statement("DropView", f"DROP VIEW {q(op.view.name)};")
    if isinstance(op, (AddForeignKey, DropForeignKey)):  # only on created/dropped tables: inline there
        return None
    return None  # schemas and enums: SQLite has neither


_AFTER_TABLES = (CreateIndex, RenameIndex, AddForeignKey, CreateView)  # where the RedefineTables section goes
# Operations that change tables: an index renamed (dropped and created under the new definition)
# before one of them (the reversed diff renames the index first, then the column) waits for them.
_TABLE_CHANGES = (*_REBUILDS, AddColumn, RenameColumn, RenameTable, CreateTable, DropTable)


def render(ops: Sequence[Op], old: Database, new: Database) -> list[Statement]:
    """The statements that take a SQLite database from ``old`` to ``new``."""
    plan = _plan(ops, old, new)
    statements: list[Statement] = []
    created_indexes: list[Statement] = []  # a created table's indexes: after the tables, as Prisma writes them
    placed = False

    def place() -> None:
        if plan.rebuilt:
            body = "\n".join(_redefine(k, plan, old, new) for k in plan.rebuilt)
            pragmas_on = "PRAGMA defer_foreign_keys=ON;\nPRAGMA foreign_keys=OFF;"
            pragmas_off = "PRAGMA foreign_keys=ON;\nPRAGMA defer_foreign_keys=OFF;"
            statements.append(Statement("RedefineTables", f"{pragmas_on}\n{body}\n{pragmas_off}"))
        statements.extend(created_indexes)

    for n, op in enumerate(ops):
        key = op.table
        if key in plan.rebuilt and isinstance(op, _FOLDED):
            continue
        if not placed and isinstance(op, RenameIndex) and any(isinstance(x, _TABLE_CHANGES) for x in ops[n + 1 :]):
            table = _table(new, op.on)
            statements.append(Statement("DropIndex", f"DROP INDEX {q(op.old)};"))
            created_indexes.append(Statement("CreateIndex", _index_sql(table, op.new)))
            continue
        if not placed and isinstance(op, _AFTER_TABLES):
            place()
            placed = True
        statement = _statement(op, plan, new)
        if statement is not None:
            statements.append(statement)
        if isinstance(op, CreateTable):
            table = _table(new, key_of(op.new))
            for index in table.indexes:
                sql = index_statement(table, index, ops=False, method=False, where_parens=False)
                (statements if placed else created_indexes).append(Statement("CreateIndex", sql))
    if not placed:
        place()
    return statements
