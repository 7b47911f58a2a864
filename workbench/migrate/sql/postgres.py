"""PostgreSQL migration SQL: each operation the way Prisma Migrate writes it, by effect names included.

Statements come under Prisma's section headers (``CreateTable``, ``AlterTable``, ``AlterEnum``...);
consecutive column and key changes of one table merge into one ``ALTER TABLE`` with comma-separated
clauses, as Prisma does. CREATE TABLE, CREATE INDEX and foreign keys reuse the DDL emitter, so a
created table is byte-identical to the one ``to_ddl`` writes.

Where Prisma's script leaves a database that differs from one built fresh from the new schema, this
module follows the fresh one (so ``old + up`` equals ``new``), and says so at the place:

* a type change PostgreSQL cannot cast on assignment (``TEXT`` -> ``INTEGER``) is ``SET DATA TYPE
  ... USING ("col"::INTEGER)``, keeping the data and the column's position; Prisma drops and adds
  the column (data lost, column moved last). A scalar becomes a one-element list and a list its
  first element, likewise in place;
* turning autoincrement on creates the sequence a ``SERIAL`` would have (``"T_e_seq"``, ``AS
  INTEGER``); Prisma writes ``t_e_seq`` unquoted. Turning it off drops the sequence (Prisma leaves it);
* a renamed table or autoincrement column renames its sequence, primary key and indexes to the names
  Prisma gives the new table (``Article_pkey``, ``Article_title_key``), unless other operations
  of the diff already rename, drop or create them;
* enums: see :mod:`.postgres_enums` (positioned ``ADD VALUE``, ``RENAME VALUE``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import replace

from workbench.diagnostics import UserError
from workbench.emit.sql.common import enum_lookup, index_statement, literal, q, qualified, type_sql
from workbench.emit.sql.postgres import column_sql, create_table, foreign_key_statement
from workbench.ir.database import Database, DbEnum, DbTable
from workbench.migrate import ops as o
from workbench.migrate.sql import Statement
from workbench.migrate.sql.postgres_enums import alter_enum, split

MAX_IDENTIFIER = 63  # NAMEDATALEN - 1: PostgreSQL truncates longer names
PG_TYPES = {
    "SMALLINT": "int2", "INTEGER": "int4", "BIGINT": "int8", "DECIMAL": "numeric", "NUMERIC": "numeric",
    "REAL": "float4", "DOUBLE PRECISION": "float8", "TEXT": "text", "VARCHAR": "varchar", "CHAR": "bpchar",
    "BOOLEAN": "bool", "TIMESTAMP": "timestamp", "TIMESTAMPTZ": "timestamptz", "DATE": "date", "TIME": "time",
    "TIMETZ": "timetz", "JSON": "json", "JSONB": "jsonb", "UUID": "uuid", "BYTEA": "bytea", "INET": "inet",
    "XML": "xml", "BIT": "bit", "VARBIT": "varbit", "MONEY": "money", "OID": "oid", "INTERVAL": "interval",
}  # fmt: skip
STRINGS = {"text", "varchar", "bpchar"}  # every type converts to these on assignment (I/O conversion)
# pg_cast's implicit and assignment casts between the types above (PostgreSQL 15): what SET DATA TYPE
# does without USING.
ASSIGNMENT_CASTS = {
    ("int2", "int4"), ("int2", "int8"), ("int4", "int2"), ("int4", "int8"), ("int8", "int2"), ("int8", "int4"),
    ("bit", "varbit"), ("varbit", "bit"), ("json", "jsonb"), ("jsonb", "json"), ("money", "numeric"),
    ("date", "timestamp"), ("date", "timestamptz"), ("timestamp", "date"), ("timestamp", "time"),
    ("timestamp", "timestamptz"), ("timestamptz", "date"), ("timestamptz", "time"), ("timestamptz", "timestamp"),
    ("timestamptz", "timetz"), ("time", "timetz"), ("timetz", "time"), ("time", "interval"), ("interval", "time"),
    ("int4", "money"), ("int8", "money"), ("numeric", "money"), ("int4", "oid"), ("int8", "oid"), ("int2", "oid"),
    ("oid", "int4"), ("oid", "int8"),
}  # fmt: skip
SEQUENCE_TYPES = ("INTEGER", "SMALLINT", "BIGINT")  # a SERIAL's sequence has its column's type
NUMBERS = {"int2", "int4", "int8", "numeric", "float4", "float8"}  # all cast to each other on assignment


def _base(type_: str) -> str:
    return re.sub(r"\(.*\)", "", type_.removesuffix("[]")).strip().upper()


def assignment_castable(old: str, new: str) -> bool:
    """Whether ``ALTER COLUMN ... SET DATA TYPE new`` works without ``USING`` on a column of type ``old``."""
    a, b = PG_TYPES.get(_base(old)), PG_TYPES.get(_base(new))
    if _base(old) == _base(new) or b in STRINGS:
        return True
    return a is not None and b is not None and ((a in NUMBERS and b in NUMBERS) or (a, b) in ASSIGNMENT_CASTS)


def _using(col: str, old: str, new: str, new_sql: str) -> str | None:
    """The ``USING`` expression of a type change, None when PostgreSQL casts on assignment.

    A scalar becomes a one-element list and a list its first element (Prisma drops and adds the
    column: data lost, column moved last); other casts go through text unless the source is text.
    """
    via = "" if PG_TYPES.get(_base(old)) in STRINGS else "::text"
    if not old.endswith("[]") and new.endswith("[]"):
        return f"(CASE WHEN {col} IS NULL THEN NULL ELSE ARRAY[{col}] END)::{new_sql}"
    if old.endswith("[]") and not new.endswith("[]"):
        return f"({col}[1]{'' if assignment_castable(old[:-2], new) else via}::{new_sql})"
    return None if assignment_castable(old, new) else f"({col}{via}::{new_sql})"


def serial_sequence(table: str, column: str) -> str:
    """The name PostgreSQL gives a SERIAL column's sequence (``makeObjectName``: the longer part is cut)."""
    left, right = table.encode(), column.encode()
    while len(left) + len(right) + len("__seq") > MAX_IDENTIFIER:
        if len(left) >= len(right):
            left = left[:-1]
        else:
            right = right[:-1]
    return f"{left.decode(errors='ignore')}_{right.decode(errors='ignore')}_seq"


def live_tables(database: Database) -> dict[o.TableKey, DbTable]:
    return {o.key_of(t): t for t in database.tables}


def apply(state: dict[o.TableKey, DbTable], op: o.Op) -> None:
    """Update ``state`` to the tables after ``op`` (columns and indexes by name): what the next SQL finds."""
    table = state.get(op.table) if op.table is not None else None
    if isinstance(op, o.CreateTable):
        state[o.key_of(op.new)] = op.new
    elif isinstance(op, o.DropTable):
        state.pop(o.key_of(op.old), None)
    elif isinstance(op, o.RenameTable) and op.old in state:
        state[op.new] = replace(state.pop(op.old), schema=op.new[0], name=op.new[1])
    elif table is None:
        return
    elif isinstance(op, o.AddColumn):
        state[op.on] = replace(table, columns=(*table.columns, op.column))
    elif isinstance(op, o.DropColumn):
        state[op.on] = replace(table, columns=tuple(c for c in table.columns if c.name != op.column.name))
    elif isinstance(op, o.RenameColumn | o.AlterColumn):
        old, new = (op.old, op.new) if isinstance(op, o.RenameColumn) else (op.old.name, op.new)
        columns = tuple(
            (replace(c, name=new) if isinstance(new, str) else new) if c.name == old else c for c in table.columns
        )
        state[op.on] = replace(table, columns=columns)
    elif isinstance(op, o.CreateIndex):
        state[op.on] = replace(table, indexes=(*table.indexes, op.index))
    elif isinstance(op, o.DropIndex):
        state[op.on] = replace(table, indexes=tuple(i for i in table.indexes if i.name != op.index.name))
    elif isinstance(op, o.RenameIndex):
        indexes = tuple(replace(i, name=op.new) if i.name == op.old else i for i in table.indexes)
        state[op.on] = replace(table, indexes=indexes)
    elif isinstance(op, o.AddPrimaryKey):
        state[op.on] = replace(table, primary_key=op.key)
    elif isinstance(op, o.DropPrimaryKey):
        state[op.on] = replace(table, primary_key=None)
    elif isinstance(op, o.RenameConstraint) and table.primary_key and table.primary_key.name == op.old:
        state[op.on] = replace(table, primary_key=replace(table.primary_key, name=op.new))


class _Renderer:
    """One render call: the two database views and the statements so far (clauses merge per table)."""

    def __init__(self, ops: Sequence[o.Op], old: Database, new: Database) -> None:
        self.ops, self.old, self.new = ops, old, new
        self.enums: dict[str, DbEnum] = {**enum_lookup(old), **enum_lookup(new)}
        self.out: list[Statement] = []
        self.state = live_tables(old)  # the tables as the statements so far leave them
        self.pending: tuple[o.TableKey, list[str], list[str], list[str]] | None = None  # table, pre, clauses, post
        # labels added to an enum that is also recreated after the table changes: a default naming one
        # is set by the recreation (PostgreSQL refuses a label added in the same transaction)
        self.fresh_labels: dict[str, set[str]] = {}
        # enums whose added labels this migration uses (a default): recreated, not ADD VALUE'd
        self.used_labels: set[str] = set()

    # --- output ----------------------------------------------------------------------------------
    def emit(self, comment: str, *lines: str) -> None:
        self.flush()
        self.out.append(Statement(comment, "\n".join(lines)))

    def clauses(self, on: o.TableKey, clauses: list[str], pre: Sequence[str] = (), post: Sequence[str] = ()) -> None:
        """Clauses of one ``ALTER TABLE``, merged with the previous ones on the same table."""
        if self.pending is None or self.pending[0] != on:
            self.flush()
            self.pending = (on, [], [], [])
        self.pending[1].extend(pre)
        self.pending[2].extend(clauses)
        self.pending[3].extend(post)

    def flush(self) -> None:
        if self.pending is not None:
            on, pre, clauses, post = self.pending
            self.pending = None
            alter = f"ALTER TABLE {qualified(on[1], on[0])} " + ",\n".join(clauses) + ";"
            self.out.append(Statement("AlterTable", "\n".join([*pre, alter, *post])))

    # --- dispatch --------------------------------------------------------------------------------
    def run(self) -> list[Statement]:
        for op in self.ops:
            getattr(self, "op_" + type(op).__name__)(op)
            apply(self.state, op)
        self.flush()
        return self.out

    def op_CreateSchema(self, op: o.CreateSchema) -> None:
        self.emit("CreateSchema", f"CREATE SCHEMA IF NOT EXISTS {q(op.name)};")

    def op_DropSchema(self, op: o.DropSchema) -> None:
        self.emit("DropSchema", f"DROP SCHEMA {q(op.name)};")

    def op_CreateEnum(self, op: o.CreateEnum) -> None:
        values = ", ".join("'" + v.replace("'", "''") + "'" for v in op.enum.values)
        self.emit("CreateEnum", f"CREATE TYPE {qualified(op.enum.name, op.enum.schema)} AS ENUM ({values});")

    def op_DropEnum(self, op: o.DropEnum) -> None:
        self.emit("DropEnum", f"DROP TYPE {qualified(op.enum.name, op.enum.schema)};")

    def op_AlterEnum(self, op: o.AlterEnum) -> None:
        recreate = op.new.name in self.used_labels
        self.emit("AlterEnum", alter_enum(op, tuple(self.state.values()), recreate=recreate))

    # --- tables ----------------------------------------------------------------------------------
    def op_CreateTable(self, op: o.CreateTable) -> None:
        self.emit("CreateTable", create_table(op.new, self.enums))
        for index in op.new.indexes:
            self.emit("CreateIndex", index_statement(op.new, index, ops=True, method=True, where_parens=True))

    def op_DropTable(self, op: o.DropTable) -> None:
        self.emit("DropTable", f"DROP TABLE {qualified(op.old.name, op.old.schema)};")

    def op_RenameTable(self, op: o.RenameTable) -> None:
        (old_schema, old_name), (new_schema, new_name) = op.old, op.new
        lines = []
        if old_schema != new_schema:  # owned sequences and indexes move with the table
            lines.append(f"ALTER TABLE {qualified(old_name, old_schema)} SET SCHEMA {q(new_schema or 'public')};")
        if old_name != new_name:
            lines.append(f"ALTER TABLE {qualified(old_name, new_schema)} RENAME TO {q(new_name)};")
        lines += self._renamed_names(op)
        self.emit("RenameTable", *lines)

    def _renamed_names(self, op: o.RenameTable) -> list[str]:
        """Sequence, primary key and index renames that give the renamed table the new schema's names."""
        before, after = self.state.get(op.old), self.new.table(op.new[1], op.new[0])
        if before is None or after is None or after.schema != op.new[0]:
            return []
        target, schema = qualified(after.name, after.schema), after.schema
        covered = self._covered(op.old) | self._covered(op.new)
        lines = []
        for column in before.columns:  # still the old column names: RenameColumn comes later
            if column.autoincrement:
                old_seq, new_seq = serial_sequence(before.name, column.name), serial_sequence(after.name, column.name)
                if old_seq != new_seq:
                    lines.append(f"ALTER SEQUENCE {qualified(old_seq, schema)} RENAME TO {q(new_seq)};")
        pk_old = before.primary_key.name if before.primary_key else None
        pk_new = after.primary_key.name if after.primary_key else None
        if pk_old and pk_new and pk_old != pk_new and not {pk_old, pk_new} & covered:
            lines.append(f"ALTER TABLE {target} RENAME CONSTRAINT {q(pk_old)} TO {q(pk_new)};")
        for index in before.indexes:
            same = [i for i in after.indexes if (i.columns, i.unique, i.method, i.where) == (
                index.columns, index.unique, index.method, index.where)]  # fmt: skip
            if len(same) == 1 and same[0].name != index.name and not {index.name, same[0].name} & covered:
                lines.append(f"ALTER INDEX {qualified(index.name, schema)} RENAME TO {q(same[0].name)};")
        return lines

    def _covered(self, on: o.TableKey) -> set[str]:
        """Index and constraint names other operations of this diff rename, drop or create on ``on``."""
        names: set[str] = set()
        for op in self.ops:
            if isinstance(op, o.RenameIndex | o.RenameConstraint) and op.on == on:
                names |= {op.old, op.new}
            elif isinstance(op, o.DropIndex | o.CreateIndex) and op.on == on:
                names.add(op.index.name)
            elif isinstance(op, o.DropPrimaryKey | o.AddPrimaryKey) and op.on == on and op.key.name:
                names.add(op.key.name)
        return names

    # --- columns ---------------------------------------------------------------------------------
    def op_AddColumn(self, op: o.AddColumn) -> None:
        self.clauses(op.on, [f"ADD COLUMN     {column_sql(op.column, self.enums)}"])

    def op_DropColumn(self, op: o.DropColumn) -> None:
        self.clauses(op.on, [f"DROP COLUMN {q(op.column.name)}"])

    def op_RenameColumn(self, op: o.RenameColumn) -> None:
        target = qualified(op.on[1], op.on[0])
        lines = [f"ALTER TABLE {target} RENAME COLUMN {q(op.old)} TO {q(op.new)};"]
        table = self.state.get(op.on)
        column = table.column(op.old) if table is not None else None
        if column is not None and column.autoincrement:
            old_seq, new_seq = serial_sequence(op.on[1], op.old), serial_sequence(op.on[1], op.new)
            lines.append(f"ALTER SEQUENCE {qualified(old_seq, op.on[0])} RENAME TO {q(new_seq)};")
        self.emit("AlterTable", *lines)

    def op_AlterColumn(self, op: o.AlterColumn) -> None:
        before, after, col = op.old, op.new, q(op.new.name)
        pre: list[str] = []
        clauses: list[str] = []
        post: list[str] = []
        default_dropped = False
        if before.type != after.type:
            new_type = type_sql(after.type, self.enums)
            using = _using(col, before.type, after.type, new_type)
            if using is None:
                clauses.append(f"ALTER COLUMN {col} SET DATA TYPE {new_type}")
            else:  # Prisma drops and adds the column here; a cast keeps the rows (and fails on values it cannot cast)
                if before.default is not None or before.autoincrement:  # the old default cannot follow the cast
                    pre.append(f"ALTER TABLE {qualified(op.on[1], op.on[0])} ALTER COLUMN {col} DROP DEFAULT;")
                    default_dropped = True
                clauses.append(f"ALTER COLUMN {col} SET DATA TYPE {new_type} USING {using}")
        if before.nullable != after.nullable:
            clauses.append(f"ALTER COLUMN {col} {'DROP' if after.nullable else 'SET'} NOT NULL")
        seq = qualified(serial_sequence(op.on[1], after.name), op.on[0])
        retyped = before.type != after.type and after.type in SEQUENCE_TYPES
        if after.autoincrement and not before.autoincrement:
            as_type = f" AS {after.type}" if after.type in SEQUENCE_TYPES[:2] else ""
            pre.append(f"CREATE SEQUENCE {seq}{as_type};")
            clauses.append(f"ALTER COLUMN {col} SET DEFAULT nextval('{seq.replace(chr(39), chr(39) * 2)}')")
            post.append(f"ALTER SEQUENCE {seq} OWNED BY {qualified(op.on[1], op.on[0])}.{col};")
        elif before.autoincrement and after.autoincrement and retyped:
            post.append(f"ALTER SEQUENCE {seq} AS {after.type};")  # what a fresh BIGSERIAL's sequence is
        elif before.autoincrement and not after.autoincrement:
            default = f"SET DEFAULT {after.default}" if after.default is not None else "DROP DEFAULT"
            clauses.append(f"ALTER COLUMN {col} {default}")
            post.append(f"DROP SEQUENCE {seq};")  # Prisma leaves the sequence behind; a fresh database has none
        elif after.type == before.type and _names_any(
            after.default, self.fresh_labels.get(after.type.removesuffix("[]"))
        ):
            pass  # the enum's recreation sets it: a label added in this migration is not usable before
        elif not after.autoincrement and (before.default != after.default or default_dropped):
            if after.default is not None:
                clauses.append(f"ALTER COLUMN {col} SET DEFAULT {after.default}")
            elif not default_dropped:
                clauses.append(f"ALTER COLUMN {col} DROP DEFAULT")
        if clauses:
            self.clauses(op.on, clauses, pre, post)
        elif pre or post:
            self.emit("AlterTable", *pre, *post)

    # --- keys and indexes ------------------------------------------------------------------------
    def op_AddPrimaryKey(self, op: o.AddPrimaryKey) -> None:
        name = op.key.name or f"{op.on[1]}_pkey"
        cols = ", ".join(q(c) for c in op.key.columns)
        self.clauses(op.on, [f"ADD CONSTRAINT {q(name)} PRIMARY KEY ({cols})"])

    def op_DropPrimaryKey(self, op: o.DropPrimaryKey) -> None:
        self.clauses(op.on, [f"DROP CONSTRAINT {q(op.key.name or op.on[1] + '_pkey')}"])

    def op_CreateIndex(self, op: o.CreateIndex) -> None:
        table = DbTable(op.on[1], (), schema=op.on[0])
        self.emit("CreateIndex", index_statement(table, op.index, ops=True, method=True, where_parens=True))

    def op_DropIndex(self, op: o.DropIndex) -> None:
        self.emit("DropIndex", f"DROP INDEX {qualified(op.index.name, op.on[0])};")

    def op_RenameIndex(self, op: o.RenameIndex) -> None:
        self.emit("RenameIndex", f"ALTER INDEX {qualified(op.old, op.on[0])} RENAME TO {q(op.new)};")

    def op_AddForeignKey(self, op: o.AddForeignKey) -> None:
        self.emit("AddForeignKey", foreign_key_statement(DbTable(op.on[1], (), schema=op.on[0]), op.key))

    def op_DropForeignKey(self, op: o.DropForeignKey) -> None:
        name = op.key.name or f"{op.on[1]}_{'_'.join(op.key.columns)}_fkey"
        self.emit("DropForeignKey", f"ALTER TABLE {qualified(op.on[1], op.on[0])} DROP CONSTRAINT {q(name)};")

    def op_RenameConstraint(self, op: o.RenameConstraint) -> None:
        target = qualified(op.on[1], op.on[0])
        self.emit("AlterTable", f"ALTER TABLE {target} RENAME CONSTRAINT {q(op.old)} TO {q(op.new)};")

    # --- views -----------------------------------------------------------------------------------
    def op_CreateView(self, op: o.CreateView) -> None:
        if op.view.definition is None:
            raise UserError(f"view {op.view.name!r} has no definition: cannot write its CREATE VIEW")
        body = op.view.definition.strip().rstrip(";")
        self.emit("CreateView", f"CREATE VIEW {qualified(op.view.name, op.view.schema)} AS {body};")

    def op_DropView(self, op: o.DropView) -> None:
        self.emit("DropView", f"DROP VIEW {qualified(op.view.name, op.view.schema)};")


def _enum_of(column_type: str) -> str:
    return column_type.removesuffix("[]")


def _names_any(default: str | None, labels: set[str] | None) -> bool:
    return bool(default and labels and any(literal(v) in default for v in labels))


def phased(ops: Sequence[o.Op], whole_early: AbstractSet[str] = frozenset()) -> tuple[o.Op, ...]:
    """``ops`` with enum creations, label renames and additions first (after the schemas), enum
    recreations (removed labels) after the table changes, before enums and schemas are dropped and views created.

    The first part is Prisma's order and the diff's; the down migration (``reverse_all``) would put
    them after the column changes, where a restored column or default names a label not back yet.
    """
    schemas: list[o.Op] = []
    early: list[o.Op] = []
    late: list[o.Op] = []
    rest: list[o.Op] = []
    for op in ops:
        if isinstance(op, o.CreateSchema):
            schemas.append(op)
        elif isinstance(op, o.CreateEnum):
            early.append(op)
        elif isinstance(op, o.AlterEnum) and op.new.name in whole_early:
            early.append(op)  # recreated as a whole before the tables change (see _labels_used)
        elif isinstance(op, o.AlterEnum):
            first, second = split(op)
            early += [first] if first is not None else []
            late += [second] if second is not None else []
        else:
            rest.append(op)
    ends = (o.DropEnum, o.DropSchema, o.CreateView)  # a view on a recast column must be gone first
    at = next((i for i, op in enumerate(rest) if isinstance(op, ends)), len(rest))
    return (*schemas, *early, *rest[:at], *late, *rest[at:])


def render(ops: Sequence[o.Op], old: Database, new: Database) -> list[Statement]:
    """The statements that take a PostgreSQL database from ``old`` to ``new`` (``ops`` is their diff)."""
    used = _labels_used(ops, new)
    renderer = _Renderer(phased(ops, used), old, new)
    renderer.used_labels = used
    renderer.fresh_labels = {
        op.new.name: {v for v in op.new.values if v not in op.old.values}
        for op in ops
        if isinstance(op, o.AlterEnum) and op.removed
    }
    return renderer.run()


def _labels_used(ops: Sequence[o.Op], new: Database) -> set[str]:
    """Enums that only gain labels, one of which a column default of ``new`` names: PostgreSQL refuses
    a label added by ``ADD VALUE`` before its transaction commits, so these are recreated instead
    (early, as a whole: no label is removed, every row keeps its value)."""
    out = set()
    for op in ops:
        if isinstance(op, o.AlterEnum) and op.added and not op.removed:
            labels = set(op.added)
            for table in new.tables:
                for column in table.columns:
                    if _enum_of(column.type) == op.new.name and _names_any(column.default, labels):
                        out.add(op.new.name)
    return out
