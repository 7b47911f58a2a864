"""Migration hazards: what the SQL of a diff may destroy, fail on, break or lock, each with a safer way.

A catalogue like Atlas's migration analyzers and squawk's rules, over the diff's operations (not
over SQL text), so every hazard points at the operation's Prisma line. Four families (codes in
:mod:`workbench.diagnostics.catalog.migrate`):

* destructive: a dropped table or column, a removed enum value;
* data dependent: a required column added without a default, ``SET NOT NULL``, a new unique
  index or primary key, a narrowing type change, a type change that casts, a foreign key over
  rows without a parent;
* backward incompatible: a renamed table, column or enum value (running code uses the old name);
* PostgreSQL locks (only when the diff is for PostgreSQL): ``CREATE INDEX`` without
  ``CONCURRENTLY``, a type change or column default that rewrites the table, a foreign key added
  without ``NOT VALID``, ``SET NOT NULL`` scanning the table.

Without data a hazard is a warning (the catalogue's severity). With :class:`~workbench.migrate.stats.Stats`
read from the old database, a data-dependent hazard becomes an error that says how many rows the
migration fails on, or info when no row is in the way; a lock or loss on an empty table is info.
Operations on tables created by the same migration hold no rows and raise no data or lock hazard.
"""

from __future__ import annotations

from collections.abc import Iterable

from workbench.diagnostics import Diagnostic, Severity
from workbench.diagnostics.catalog import migrate as codes
from workbench.diagnostics.catalog import severity_of
from workbench.ir.database import Database
from workbench.migrate import ops as o
from workbench.migrate.diff import enum_users
from workbench.migrate.ops import Op, TableKey, show
from workbench.migrate.stats import DUPLICATES, ENUM_ROWS, MISFITS, NULLS, ORPHANS, Stats, gather_stats
from workbench.migrate.typechange import classify, rewrites_on_postgres

__all__ = ["Stats", "gather_stats", "hazards"]

_VOLATILE = ("random(", "gen_random_uuid", "uuid_generate", "clock_timestamp", "nextval", "timeofday")


def _rows(n: int, what: str = "row") -> str:
    return f"{n:,} {what}{'s' if n != 1 else ''}"


class _Finder:
    def __init__(self, ops: tuple[Op, ...], old: Database, new: Database, stats: Stats | None) -> None:
        self.ops, self.old, self.new, self.stats = ops, old, new, stats
        self.postgres = new.dialect == "postgres"
        self.created = {op.table for op in ops if isinstance(op, o.CreateTable)}
        self.out: list[Diagnostic] = []

    def add(self, code: str, op: Op, message: str, help: str, severity: Severity | None = None) -> None:
        self.out.append(
            Diagnostic(code, severity or severity_of(code), message, op.span, help, (f"operation: {op.summary()}",))
        )

    def table_rows(self, key: TableKey | None) -> int | None:
        return self.stats.rows.get(key) if self.stats is not None and key is not None else None

    def failing(self, what: str, op: Op) -> int | None:
        return self.stats.count(what, op) if self.stats is not None else None

    def data_dependent(
        self, code: str, op: Op, message: str, count: int | None, rows_are: str, help: str, risk: str = ""
    ) -> None:
        """A hazard whose outcome the data decides: error with the count, info when none is in the way;
        without data a warning that says what would make it fail (``risk``)."""
        if count is None:
            self.add(code, op, message + risk, help)
        elif count > 0:
            self.add(code, op, f"{message}: will fail on {_rows(count)} ({rows_are})", help, Severity.ERROR)
        else:
            self.add(code, op, f"{message}: checked against the data, no row is in the way", help, Severity.INFO)

    def lock(self, code: str, op: Op, message: str, help: str) -> None:
        """A PostgreSQL lock hazard: info on a table that is empty now, else a warning with its size."""
        if not self.postgres or op.table in self.created:
            return
        n = self.table_rows(op.table)
        if n == 0:
            self.add(code, op, f"{message} (the table is empty now)", help, Severity.INFO)
        else:
            self.add(code, op, message + (f" ({_rows(n)})" if n is not None else ""), help)

    # -- the rules, by operation -------------------------------------------------------------------
    def run(self) -> tuple[Diagnostic, ...]:
        for op in self.ops:
            if isinstance(op, o.DropTable):
                self.loss(codes.DROP_TABLE, op, f"drop table `{show(op.table)}` deletes its rows", _DROP_TABLE_HELP)
            elif isinstance(op, o.DropColumn):
                what = f"drop column `{show(op.on)}.{op.column.name}` deletes its values"
                self.loss(codes.DROP_COLUMN, op, what, _DROP_COLUMN_HELP)
            elif isinstance(op, o.AlterEnum):
                self.alter_enum(op)
            elif isinstance(op, o.AddColumn):
                self.add_column(op)
            elif isinstance(op, o.AlterColumn):
                self.alter_column(op)
            elif isinstance(op, o.RenameTable):
                msg = f"rename table `{show(op.old)}` to `{show(op.new)}`: running code still uses `{show(op.old)}`"
                self.add(codes.RENAME_TABLE, op, msg, _RENAME_TABLE_HELP.format(old=op.old[1]))
            elif isinstance(op, o.RenameColumn):
                msg = f"rename column `{show(op.on)}.{op.old}` to `{op.new}`: running code still uses `{op.old}`"
                self.add(codes.RENAME_COLUMN, op, msg, _RENAME_COLUMN_HELP.format(old=op.old))
            elif isinstance(op, o.CreateIndex | o.AddPrimaryKey) and op.table not in self.created:
                self.new_index(op)
            elif isinstance(op, o.AddForeignKey) and op.table not in self.created:
                self.foreign_key(op)
        if self.new.dialect == "duckdb":
            self.self_reference_copies()
        return tuple(self.out)

    def self_reference_copies(self) -> None:
        """DuckDB checks a foreign key per row against the rows already in the table, even within one
        INSERT (duckdb/duckdb#7168): copying back a table whose rows reference each other (replies
        to comments, a category tree) fails on the first child copied before its parent."""
        from workbench.migrate.sql.duckdb import redefined_tables

        for key in sorted(redefined_tables(self.ops, self.old, self.new), key=lambda k: (k[0] or "", k[1])):
            table = self.new.table(key[1], key[0])
            selfish = [fk for fk in (table.foreign_keys if table else ()) if (fk.ref_schema, fk.ref_table) == key]
            op = next((op for op in self.ops if op.table == key), None) or next(iter(self.ops), None)
            if not selfish or op is None:
                continue
            columns = ", ".join(selfish[0].columns)
            self.add(
                codes.SELF_REFERENCE_COPY,
                op,
                f"DuckDB copies `{show(key)}` aside and back for this change; its foreign key ({columns}) points"
                " at the table itself, and DuckDB checks it against the rows already copied: the copy fails on a"
                " row that references one copied after it",
                _SELF_REFERENCE_HELP,
            )

    def loss(self, code: str, op: Op, message: str, help: str) -> None:
        n = self.table_rows(op.table)
        if n == 0:
            self.add(code, op, f"{message} (the table is empty now: nothing is lost)", help, Severity.INFO)
        else:
            self.add(code, op, message + (f" ({_rows(n)})" if n is not None else ""), help)

    def alter_enum(self, op: o.AlterEnum) -> None:
        name = show((op.new.schema, op.new.name))
        if op.removed:
            values = ", ".join(f"`{v}`" for v in op.removed)
            first = op.removed[0]
            help = _REMOVE_ENUM_HELP.format(value=first)
            msg, risk = f"enum `{name}` loses {values}", ": the migration fails on rows holding it"
            count = self.failing(ENUM_ROWS, op)
            self.data_dependent(codes.REMOVE_ENUM_VALUE, op, msg, count, f"holding {values}", help, risk)
            if self.postgres:
                for key, column in enum_users(self.old, op.old):
                    table = show(key)
                    rewrite = f"enum `{name}` is recreated: `{table}.{column.name}` is cast to it, rewriting `{table}`"
                    self.add(codes.TABLE_REWRITE, op, rewrite, _ENUM_REWRITE_HELP)
        for was, now in op.renamed:
            msg = f"enum `{name}` renames `{was}` to `{now}`: running code still writes `{was}`"
            self.add(codes.RENAME_ENUM_VALUE, op, msg, _RENAME_ENUM_HELP.format(old=was, new=now))

    def add_column(self, op: o.AddColumn) -> None:
        c, where = op.column, f"`{show(op.on)}.{op.column.name}`"
        if not c.nullable and c.default is None and not c.autoincrement:
            msg = f"required column {where} is added without a default"
            n = self.table_rows(op.on)
            needs, risk = "every row needs a value", ": it fails if the table has rows"
            self.data_dependent(codes.ADD_REQUIRED_COLUMN, op, msg, n, needs, _ADD_REQUIRED_HELP, risk)
        volatile = c.default is not None and any(v in c.default.lower() for v in _VOLATILE)
        if c.autoincrement or volatile:
            why = "an autoincrement column" if c.autoincrement else f"a volatile default ({c.default})"
            self.lock(codes.TABLE_REWRITE, op, f"{where} is {why}: adding it rewrites `{show(op.on)}`", _VOLATILE_HELP)

    def alter_column(self, op: o.AlterColumn) -> None:
        where = f"`{show(op.on)}.{op.new.name}`"
        if op.old.nullable and not op.new.nullable:
            msg = f"{where} becomes required (SET NOT NULL)"
            help = _SET_NOT_NULL_HELP.format(table=show(op.on), column=op.new.name)
            risk = ": it fails on rows holding NULL"
            self.data_dependent(codes.SET_NOT_NULL, op, msg, self.failing(NULLS, op), "holding NULL", help, risk)
            self.lock(codes.SET_NOT_NULL_SCANS, op, f"SET NOT NULL on {where} scans the whole table", _SCAN_HELP)
        if op.old.type == op.new.type:
            return
        change = f"{where} changes type {op.old.type} -> {op.new.type}"
        kind = classify(op.old.type, op.new.type)
        if kind == "narrow":
            fits = f"whose value does not fit {op.new.type}"
            count = self.failing(MISFITS, op)
            msg = f"{where} narrows from {op.old.type} to {op.new.type}"
            risk = ": it fails on values that do not fit"
            self.data_dependent(codes.NARROWING_TYPE, op, msg, count, fits, _NARROW_HELP, risk)
        elif kind == "cast":
            self.add(codes.CAST_TYPE, op, f"{change}: every value is cast, one that does not cast fails", _CAST_HELP)
        if rewrites_on_postgres(op.old.type, op.new.type):
            self.lock(codes.TABLE_REWRITE, op, f"{change}: PostgreSQL rewrites `{show(op.on)}`", _REWRITE_HELP)

    def new_index(self, op: o.CreateIndex | o.AddPrimaryKey) -> None:
        index = op.index if isinstance(op, o.CreateIndex) else None
        cols = op.index.column_names if isinstance(op, o.CreateIndex) else op.key.columns
        listed = f"`{show(op.on)}` ({', '.join(cols)})"
        if index is None or index.unique:
            what = "primary key" if index is None else f"unique index `{index.name}`"
            help = _UNIQUE_HELP.format(table=show(op.on), cols=", ".join(cols))
            count = self.failing(DUPLICATES, op)
            msg, risk = f"new {what} on {listed}", ": it fails on duplicate values"
            self.data_dependent(codes.ADD_UNIQUE, op, msg, count, "repeating a value", help, risk)
        name = "the primary key's index" if index is None else f"index `{index.name}`"
        help = _PK_CONCURRENT_HELP if index is None else _CONCURRENT_HELP
        self.lock(codes.INDEX_NOT_CONCURRENT, op, f"building {name} on {listed} blocks writes to `{show(op.on)}`", help)

    def foreign_key(self, op: o.AddForeignKey) -> None:
        ref = show((op.key.ref_schema, op.key.ref_table))
        listed = f"`{show(op.on)}` ({', '.join(op.key.columns)}) -> `{ref}`"
        orphans = self.failing(ORPHANS, op)
        if orphans:
            msg = f"foreign key {listed}: will fail on {_rows(orphans)} whose key matches no row of `{ref}`"
            self.add(codes.FOREIGN_KEY_ORPHANS, op, msg, _ORPHANS_HELP.format(table=show(op.on), ref=ref))
        name = op.key.name or "fk"
        help = _NOT_VALID_HELP.format(table=show(op.on), name=name)
        self.lock(codes.FOREIGN_KEY_VALIDATES, op, f"foreign key {listed} is validated under a write lock", help)


def hazards(ops: Iterable[Op], old: Database, new: Database, *, stats: Stats | None = None) -> tuple[Diagnostic, ...]:
    """The hazards of migrating ``old`` to ``new`` by ``ops``, in operation order (see the module docstring)."""
    return _Finder(tuple(ops), old, new, stats).run()


_SELF_REFERENCE_HELP = (
    "rehearse it on realistic rows first (wb.rehearse / workbench migrate rehearse); if it fails, copy that table"
    " back level by level by hand (one INSERT per depth of the tree, parents first) in the migration, or run the"
    " change on a copy of the data without the references"
)
_DROP_TABLE_HELP = (
    "stop using the table in a deploy first and drop it in a later migration; keep a copy if its rows may be"
    " needed (CREATE TABLE ..._backup AS SELECT * FROM ...): the down migration restores the table, not its rows"
)
_DROP_COLUMN_HELP = (
    "stop reading and writing the column in a deploy first (mark it @ignore), then drop it in a later migration;"
    " copy the values aside if they may be needed: the down migration restores the column empty"
)
_REMOVE_ENUM_HELP = (
    "move the rows off the value first (UPDATE ... SET ... = <another value> WHERE ... = '{value}'), deploy code"
    " that no longer writes it, then remove it"
)
_ENUM_REWRITE_HELP = (
    "on a big table, remove the value in a quiet window, or keep the value in the type and stop using it"
)
_RENAME_ENUM_HELP = (
    "rename in steps: add `{new}`, deploy code that writes `{new}`, UPDATE the rows from `{old}`, then remove `{old}`"
)
_ADD_REQUIRED_HELP = (
    "add the column as optional (`?`) or with a @default, backfill the rows, then make it required (SET NOT NULL)"
    " in a second migration"
)
_SET_NOT_NULL_HELP = (
    "backfill first (UPDATE {table} SET {column} = ... WHERE {column} IS NULL), or give the field a @default"
    " and backfill, then make it required"
)
_SCAN_HELP = (
    "ADD CONSTRAINT ... CHECK (column IS NOT NULL) NOT VALID, then VALIDATE CONSTRAINT (no write lock);"
    " SET NOT NULL then skips the scan (PostgreSQL 12+) and the check can be dropped"
)
_NARROW_HELP = (
    "check the values first (e.g. SELECT max(length(...)) or max/min of the column) and fix the ones that do not"
    " fit; or add a column of the new type, copy the values, switch the code, then drop the old one"
)
_CAST_HELP = (
    "add a column of the new type, fill it with an explicit conversion (UPDATE ... SET new = <expression>),"
    " switch the code to it, then drop the old column"
)
_REWRITE_HELP = (
    "on a big table: add a column of the new type, backfill it in batches, switch the code, drop the old one"
    " (widening VARCHAR(n) to a longer VARCHAR or TEXT needs no rewrite)"
)
_VOLATILE_HELP = (
    "add the column without the default (or nullable), set the default afterwards (SET DEFAULT applies to new"
    " rows only) and backfill the existing rows in batches"
)
_UNIQUE_HELP = (
    "find and fix the duplicates first: SELECT {cols}, count(*) FROM {table} GROUP BY {cols} HAVING count(*) > 1"
)
_CONCURRENT_HELP = (
    "CREATE INDEX CONCURRENTLY outside a transaction, in a migration of its own: writes go on while it builds"
)
_PK_CONCURRENT_HELP = (
    "CREATE UNIQUE INDEX CONCURRENTLY outside a transaction, then ALTER TABLE ... ADD CONSTRAINT ... PRIMARY KEY"
    " USING INDEX"
)
_NOT_VALID_HELP = (
    "ALTER TABLE {table} ADD CONSTRAINT {name} FOREIGN KEY ... NOT VALID, then"
    " ALTER TABLE {table} VALIDATE CONSTRAINT {name} in a second step (writes go on while it validates)"
)
_ORPHANS_HELP = (
    "fix those rows first: delete them, point them at an existing `{ref}` row, or set their key to NULL"
    " (SELECT ... FROM {table} WHERE NOT EXISTS (SELECT 1 FROM {ref} WHERE ...))"
)
_RENAME_TABLE_HELP = (
    'keep the database name and rename only in Prisma (@@map("{old}")); or rename in two deploys: create the new'
    " table, write to both, switch the reads, then drop the old"
)
_RENAME_COLUMN_HELP = (
    'keep the database name and rename only the field (@map("{old}")); or rename in two deploys: add the new'
    " column, dual-write and backfill, switch the reads, then drop the old"
)
