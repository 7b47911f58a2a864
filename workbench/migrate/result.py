"""``Diff``: what changes between two schemas, as operations, SQL both ways, and rename candidates.

What ``wb.diff(old, new)`` returns. It holds the two database views (one dialect) and the ordered
operations between them; the SQL is rendered on demand (:meth:`Diff.sql`, :meth:`Diff.down_sql`),
and :meth:`Diff.reverse` is the down migration as a diff of its own. In a notebook it shows the
operations grouped by table, the rename candidates and both scripts.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from workbench.diagnostics import SourceFile, UserError
from workbench.display import RichDisplay, html_table
from workbench.ir.database import Database
from workbench.ir.schema import Schema
from workbench.migrate import ops as o
from workbench.migrate.diff import Candidate
from workbench.migrate.ops import Op, TableKey, reverse_all, show

if TYPE_CHECKING:
    import pandas as pd

    from workbench.migrate.sql import Statement
    from workbench.render.erd import Erd


@dataclass(frozen=True)
class Diff(RichDisplay):
    old: Database
    new: Database
    ops: tuple[Op, ...]
    candidates: tuple[Candidate, ...] = ()
    sources: Mapping[str, SourceFile] = field(default_factory=dict, compare=False, repr=False)
    # the new side's model view, for the diagram (None when the diff was taken between database views)
    schema: Schema | None = field(default=None, compare=False, repr=False)

    @property
    def dialect(self) -> str:
        return self.new.dialect

    @property
    def empty(self) -> bool:
        """No change at all (the exit code 0 of ``workbench migrate diff``)."""
        return not self.ops

    def __len__(self) -> int:
        return len(self.ops)

    def reverse(self) -> Diff:
        """The down migration: from ``new`` back to ``old`` (structure restored; dropped data is not)."""
        return Diff(self.new, self.old, reverse_all(self.ops), (), self.sources)  # no model view: erd() refuses

    def statements(self) -> list[Statement]:
        from workbench.migrate.sql import render

        return render(self.ops, self.old, self.new)

    def sql(self) -> str:
        """The up script, laid out as Prisma Migrate's ``migration.sql``."""
        from workbench.migrate.sql import script

        return script(self.statements())

    def down_sql(self) -> str:
        """The down script: ``old`` + up + down builds ``old`` again."""
        return self.reverse().sql()

    @property
    def loses_data(self) -> tuple[Op, ...]:
        """Operations whose down migration cannot bring the data back (dropped tables, columns, enum values)."""
        return tuple(op for op in self.ops if op.loses_data)

    def rows(self) -> list[tuple[str, str, str, str]]:
        """(table, operation, what, where) per operation: the table view and :meth:`to_frame`."""
        return [(show(op.table) if op.table else "", op.kind, op.summary(), str(op.span or "")) for op in self.ops]

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(self.rows(), columns=["table", "operation", "summary", "source"])

    def changes(self) -> dict[str, list[str]]:
        """``{"added": [...], "altered": [...], "renamed": [...]}`` in Prisma names (``Model``,
        ``Model.field``) for the diagram's highlight groups; dropped things are not in the new schema."""
        groups: dict[str, list[str]] = {"added": [], "altered": [], "renamed": []}
        if self.schema is None:
            return groups
        created = {op.table for op in self.ops if isinstance(op, o.CreateTable)}
        for op in self.ops:
            group, column = _change(op)
            if group is None or op.table is None or (op.table in created and not isinstance(op, o.CreateTable)):
                continue
            name = _prisma_name(self.schema, op.table, column)
            if name is not None and name not in groups[group]:
                groups[group].append(name)
        return {k: v for k, v in groups.items() if v}

    def erd(self, **options: Any) -> Erd:
        """The ER diagram of the new schema with the change marked: added, altered and renamed
        tables and columns, each its own colour, with a legend (options as ``s.erd``)."""
        from workbench.render import erd

        if self.schema is None:
            raise UserError("this diff has no schema to draw (it was taken between database views)")
        options.setdefault("highlight", self.changes())
        return erd(self.schema, database=self.new, **options)

    # --- display -----------------------------------------------------------------------------------
    def headline(self) -> str:
        if self.empty:
            return f"No changes ({self.dialect})"
        tables = len({op.table for op in self.ops if op.table})
        lossy = f"; {len(self.loses_data)} lose data on the way down" if self.loses_data else ""
        return f"{_count(len(self.ops), 'change')} on {_count(tables, 'table')} ({self.dialect}){lossy}"

    def _text(self) -> str:
        lines = [self.headline()]
        lines += [f"  {op.summary()}" + (f"   ({op.span})" if op.span else "") for op in self.ops]
        if self.candidates:
            lines.append("Possible renames (accept with --rename / renames=):")
            lines += [f"  {c.spec()}   ({c.evidence})" for c in self.candidates]
        return "\n".join(lines)

    def _html(self) -> str:
        parts = [f"<div><b>{html.escape(self.headline())}</b>"]
        if self.ops:
            ordered = sorted(self.rows(), key=lambda r: r[0])  # grouped by table, order kept within one
            parts.append(html_table(["table", "operation", "change", "source"], ordered))
        if self.candidates:
            parts.append("<p>Possible renames (accept with <code>--rename</code> / <code>renames=</code>):</p>")
            parts.append(html_table(["rename", "evidence"], [(c.spec(), c.evidence) for c in self.candidates]))
        if self.ops:
            for title, text in (("up", self._safe(self.sql)), ("down", self._safe(self.down_sql))):
                parts.append(f"<details><summary>{title} SQL</summary><pre>{html.escape(text)}</pre></details>")
        parts.append("</div>")
        return "".join(parts)

    @staticmethod
    def _safe(make: Any) -> str:
        try:
            return str(make())
        except Exception as exc:  # a dialect without migration SQL yet: say so in place
            return f"-- no SQL: {type(exc).__name__}: {exc}"


def _change(op: Op) -> tuple[str | None, str | None]:
    """(highlight group, column or None) of an operation that shows in the new schema."""
    if isinstance(op, o.CreateTable):
        return "added", None
    if isinstance(op, o.AddColumn):
        return "added", op.column.name
    if isinstance(op, o.AlterColumn):
        return "altered", op.new.name
    if isinstance(op, o.RenameColumn):
        return "renamed", op.new
    if isinstance(op, o.RenameTable):
        return "renamed", None
    if isinstance(op, o.AddForeignKey | o.CreateIndex | o.AddPrimaryKey | o.DropIndex | o.DropForeignKey):
        return "altered", None
    return None, None


def _prisma_name(schema: Schema, table: TableKey, column: str | None) -> str | None:
    model = next(
        (m for m in schema.tables if m.db_name == table[1] and (m.schema or None) in (table[0], None, "public")), None
    )
    if model is None:
        return None
    if column is None:
        return model.name
    field = next((f for f in model.scalar_fields if f.db_name == column), None)
    return f"{model.name}.{field.name}" if field is not None else model.name


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"
