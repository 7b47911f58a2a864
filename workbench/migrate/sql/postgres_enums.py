"""PostgreSQL enum changes: ``ADD VALUE``, ``RENAME VALUE``, and Prisma's recreation of the type.

PostgreSQL cannot remove (or reorder) an enum label, so Prisma Migrate recreates the type: a new
type ``<name>_new``, every column using the enum recast through text, defaults dropped before and
set again after, the old type renamed to ``<name>_old`` and dropped, all in ``BEGIN; ... COMMIT;``.
This module writes exactly that. Deliberate differences from Prisma: added labels are positioned with
``BEFORE`` (Prisma appends them at the end, so ``ORDER BY`` on the enum sorts differently from a
database built fresh from the new schema); a renamed label is ``RENAME VALUE`` (Prisma cannot tell
a rename and recreates the type, failing on rows holding the old label); and a change runs in two
phases (:func:`split`): additions before the tables change, the recreation after, so that a column
dropped in the same migration is not recast first, and the down migration (the operations reversed)
finds a restored label before the column default that names it.
"""

from __future__ import annotations

from dataclasses import replace

from workbench.emit.sql.common import literal, q, qualified
from workbench.ir.database import DbEnum, DbTable
from workbench.migrate.ops import AlterEnum

MANY_VALUES_NOTE = """-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.

"""


def _renamed_default(default: str | None, renamed: dict[str, str]) -> str | None:
    """A default naming a renamed label names the new one (``'ADMIN'`` -> ``'OWNER'``)."""
    for old, new in renamed.items():
        if default == literal(old):
            return literal(new)
    return default


def _positioned_adds(current: list[str], target: tuple[str, ...]) -> list[str] | None:
    """``ADD VALUE`` clauses that turn ``current`` into ``target``, or None when only a recreation can."""
    clauses = []
    have = list(current)
    for i, value in enumerate(target):
        if value in have:
            continue
        following = next((v for v in target[i + 1 :] if v in have), None)
        if following is not None:
            clauses.append(f"ADD VALUE {literal(value)} BEFORE {literal(following)}")
            have.insert(have.index(following), value)
        else:
            clauses.append(f"ADD VALUE {literal(value)}")
            have.append(value)
    return clauses if have == list(target) else None


def _widened(current: list[str], target: tuple[str, ...]) -> tuple[str, ...]:
    """``current`` with the labels of ``target`` it lacks, each placed by its neighbours in ``target``."""
    have = list(current)
    for i, value in enumerate(target):
        if value in have:
            continue
        following = next((v for v in target[i + 1 :] if v in have), None)
        preceding = next((v for v in reversed(target[:i]) if v in have), None)
        if following is not None:
            have.insert(have.index(following), value)
        else:
            have.insert(have.index(preceding) + 1 if preceding is not None else len(have), value)
    return tuple(have)


def split(op: AlterEnum) -> tuple[AlterEnum | None, AlterEnum | None]:
    """``op`` in two phases: labels renamed and added (safe, runs before the tables change: a new or
    restored column or default may name them) and labels removed or reordered by a recreation
    (runs after the tables change, when dropped columns no longer hold the removed labels)."""
    renamed = dict(op.renamed)
    current = [renamed.get(v, v) for v in op.old.values]
    middle = replace(op.new, values=_widened(current, op.new.values))
    first = AlterEnum(op.old, middle, op.renamed, span=op.span) if middle.values != op.old.values else None
    second = AlterEnum(middle, op.new, span=op.span) if middle.values != op.new.values else None
    return first, second


def alter_enum(op: AlterEnum, tables: tuple[DbTable, ...], *, recreate: bool = False) -> str:
    """The SQL of one :class:`AlterEnum`; ``tables`` as they are when it runs (their columns use the enum).

    ``recreate``: recreate the type even for added labels, because the same migration uses one (a
    default): a label added by ``ADD VALUE`` cannot be used before its transaction commits, a label
    of a type created in the transaction can."""
    name = qualified(op.old.name, op.old.schema)
    lines = [f"ALTER TYPE {name} RENAME VALUE {literal(o)} TO {literal(n)};" for o, n in op.renamed]
    renamed = dict(op.renamed)
    current = [renamed.get(v, v) for v in op.old.values]
    adds = None if op.removed or (recreate and op.added) else _positioned_adds(current, op.new.values)
    if adds is not None:
        note = MANY_VALUES_NOTE if len(adds) > 1 else ""
        return note + "\n".join(lines + [f"ALTER TYPE {name} {clause};" for clause in adds])
    return "\n".join(lines + _recreate(op.old, op.new, tables, renamed))


def _recreate(before: DbEnum, after: DbEnum, tables: tuple[DbTable, ...], renamed: dict[str, str]) -> list[str]:
    new_type = qualified(f"{before.name}_new", before.schema)
    values = ", ".join(literal(v) for v in after.values)
    lines = ["BEGIN;", f"CREATE TYPE {new_type} AS ENUM ({values});"]
    restore = []
    gone = [v for v in before.values if v not in after.values and v not in renamed]
    for table in tables:
        target = qualified(table.name, table.schema)
        for column in table.columns:
            base, suffix = (column.type[:-2], "[]") if column.type.endswith("[]") else (column.type, "")
            if base != before.name:
                continue
            col = q(column.name)
            default = _renamed_default(column.default, renamed)
            if column.default is not None:
                lines.append(f"ALTER TABLE {target} ALTER COLUMN {col} DROP DEFAULT;")
                if not any(literal(v) in (default or "") for v in gone):  # a removed label cannot come back
                    restore.append(f"ALTER TABLE {target} ALTER COLUMN {col} SET DEFAULT {default};")
            lines.append(
                f"ALTER TABLE {target} ALTER COLUMN {col} TYPE {new_type}{suffix} "
                f"USING ({col}::text::{new_type}{suffix});"
            )
    lines += [
        f"ALTER TYPE {qualified(before.name, before.schema)} RENAME TO {q(before.name + '_old')};",
        f"ALTER TYPE {new_type} RENAME TO {q(before.name)};",
        f"DROP TYPE {qualified(before.name + '_old', before.schema)};",
    ]
    return lines + restore + ["COMMIT;"]
