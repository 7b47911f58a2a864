"""Where each migration operation comes from in the Prisma source: the model, field, enum or index line.

Database views carry no spans for columns (a lowered column is plain data), so the operations are
located afterwards through the model view: a table is found by its database name (``@@map``), a
column by its field's database name (``@map``). A created or changed thing points at the new
schema's line, a dropped thing at the old schema's.
"""

from __future__ import annotations

from dataclasses import replace

from workbench.diagnostics import Span
from workbench.ir.schema import Model, Schema
from workbench.migrate import ops as o
from workbench.migrate.ops import Op, TableKey

_OLD_SIDE = (o.DropTable, o.DropColumn, o.DropIndex, o.DropForeignKey, o.DropPrimaryKey, o.DropEnum, o.DropView)


class _Models:
    """Models by database name, built once per schema (a diff of 2,000 models asks 2,000 times)."""

    def __init__(self, schema: Schema | None) -> None:
        self.by_name: dict[str, list[Model]] = {}
        for m in schema.tables if schema is not None else ():
            self.by_name.setdefault(m.db_name, []).append(m)

    def get(self, key: TableKey) -> Model | None:
        return next((m for m in self.by_name.get(key[1], ()) if (m.schema or None) in (key[0], None)), None)


def _field_span(model: Model | None, column: str) -> Span | None:
    if model is None:
        return None
    for f in model.scalar_fields:
        if f.db_name == column:
            return f.origin
    return model.origin


def _column(op: Op) -> str | None:
    if isinstance(op, o.AddColumn | o.DropColumn):
        return op.column.name
    if isinstance(op, o.AlterColumn):
        return op.new.name
    if isinstance(op, o.RenameColumn):
        return op.new
    if isinstance(op, o.AddForeignKey | o.DropForeignKey) and op.key.columns:
        return op.key.columns[0]
    return None


def _enum_span(schema: Schema | None, name: str) -> Span | None:
    if schema is None:
        return None
    for e in schema.enums:
        if e.db_name == name:
            return e.origin
    return None


def locate(ops: tuple[Op, ...], old: Schema | None, new: Schema | None) -> tuple[Op, ...]:
    """``ops`` with :attr:`Op.span` set where the source says it (an op that already has one keeps it)."""
    models = {id(old): _Models(old), id(new): _Models(new)}
    out = []
    for op in ops:
        side = old if isinstance(op, _OLD_SIDE) else new
        span = op.span
        if isinstance(op, o.CreateEnum | o.DropEnum):
            span = _enum_span(side, op.enum.name) or span
        elif isinstance(op, o.AlterEnum):
            span = _enum_span(new, op.new.name) or span
        elif op.table is not None:
            table = op.old if isinstance(op, o.RenameTable) and side is old else op.table
            model = models[id(side)].get(table)
            column = _column(op)
            span = (_field_span(model, column) if column else (model.origin if model else None)) or span
        out.append(replace(op, span=span) if span is not op.span else op)
    return tuple(out)
