"""PostgreSQL keeps only the first 63 bytes of an identifier: names that collide once cut.

PostgreSQL silently truncates a longer name (``NAMEDATALEN - 1`` bytes, at a character
boundary), so two names that differ only after byte 63 become one identifier, and the DDL then
fails far from the cause ("column specified more than once", "relation already exists"). Prisma
accepts such schemas too. LoweringContext for PostgreSQL reports each collision as a warning located at
the Prisma source of the second name (by source position), saying which names collide, the
identifier both become, and how to rename one.

Namespaces checked, as PostgreSQL has them: relations of a schema (tables, indexes, primary keys,
which are indexes too), columns of a table, constraints of a table (primary and foreign keys),
and types of a schema (enums, and the row type every table has).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from workbench.diagnostics import Span
from workbench.diagnostics.catalog import dialects as codes
from workbench.dialects.context import LoweringContext
from workbench.ir.database import Database

PG_IDENTIFIER_BYTES = 63


@dataclass(frozen=True, slots=True)
class NameUse:
    """One identifier the DDL creates, where it comes from and how a user renames it."""

    name: str
    what: str  # "table", "column", "index", "primary key", "foreign key", "enum"
    span: Span | None
    fix: str  # the Prisma attribute that names it


def truncate(name: str, limit: int = PG_IDENTIFIER_BYTES) -> str:
    """What PostgreSQL stores for ``name``: at most ``limit`` bytes, cut at a character boundary."""
    data = name.encode("utf-8")
    return name if len(data) <= limit else data[:limit].decode("utf-8", errors="ignore")


def _uses(lw: LoweringContext, database: Database) -> dict[tuple[str, ...], list[NameUse]]:
    spans = lw.origins
    found: dict[tuple[str, ...], list[NameUse]] = {}

    def add(namespace: tuple[str, ...], use: NameUse) -> None:
        found.setdefault(namespace, []).append(use)

    for t in database.tables:
        schema = t.schema or ""
        table_span = spans.get(("table", schema, t.name)) or t.origin
        table = NameUse(t.name, "table", table_span, '@@map("...") on the model')
        add(("relation", schema), table)
        add(("type", schema), table)
        for c in t.columns:
            add(
                ("column", schema, t.name),
                NameUse(
                    c.name,
                    "column",
                    spans.get(("column", schema, t.name, c.name)) or table_span,
                    '@map("...") on the field',
                ),
            )
        if t.primary_key is not None and t.primary_key.name:
            pk = NameUse(
                t.primary_key.name,
                "primary key",
                spans.get(("pk", schema, t.name)) or table_span,
                'map: "..." in @id / @@id',
            )
            add(("relation", schema), pk)
            add(("constraint", schema, t.name), pk)
        for ix in t.indexes:
            what = "unique index" if ix.unique else "index"
            span = spans.get(("index", schema, t.name, ix.name)) or table_span
            add(("relation", schema), NameUse(ix.name, what, span, 'map: "..." in the index attribute'))
        for fk in t.foreign_keys:
            if fk.name:
                span = spans.get(("fk", schema, t.name, fk.name)) or table_span
                add(("constraint", schema, t.name), NameUse(fk.name, "foreign key", span, 'map: "..." in @relation'))
    for e in database.enums:
        schema = e.schema or ""
        add(("type", schema), NameUse(e.name, "enum", spans.get(("enum", schema, e.name)), '@@map("...") on the enum'))
    return found


def _position(use: NameUse, index: int) -> tuple[str, int, int, int]:
    span = use.span
    return (span.file, span.start, 0, index) if span else ("\uffff", 0, 0, index)


def _collisions(uses: Iterable[NameUse]) -> list[list[NameUse]]:
    groups: dict[str, list[NameUse]] = {}
    for use in uses:
        groups.setdefault(truncate(use.name), []).append(use)
    out = []
    for group in groups.values():
        distinct = {u.name for u in group}
        if len(distinct) > 1 and any(len(n.encode("utf-8")) > PG_IDENTIFIER_BYTES for n in distinct):
            out.append(group)
    return out


def _too_long(name: str) -> bool:
    return len(name) > PG_IDENTIFIER_BYTES or (not name.isascii() and len(name.encode("utf-8")) > PG_IDENTIFIER_BYTES)


def _any_too_long(database: Database) -> bool:
    """Is any name longer than PostgreSQL keeps? Without one there is no collision to find, so a
    schema of ordinary names (nearly all of them) skips the bookkeeping of every name's origin."""
    for t in database.tables:
        if _too_long(t.name) or any(_too_long(c.name) for c in t.columns):
            return True
        if t.primary_key is not None and t.primary_key.name and _too_long(t.primary_key.name):
            return True
        if any(_too_long(ix.name) for ix in t.indexes) or any(fk.name and _too_long(fk.name) for fk in t.foreign_keys):
            return True
    return any(_too_long(e.name) for e in database.enums)


def check_truncation(lw: LoweringContext, database: Database) -> None:
    """Warn (W0517) about every pair of names PostgreSQL would truncate to the same identifier."""
    if not _any_too_long(database):
        return
    for namespace, uses in _uses(lw, database).items():
        for group in _collisions(uses):
            if namespace[0] == "type" and not any(u.what == "enum" for u in group):
                continue  # two tables: already reported in the relation namespace
            ordered = [u for _, u in sorted(((_position(u, i), u) for i, u in enumerate(group)), key=lambda p: p[0])]
            first = ordered[0]
            for use in ordered[1:]:
                if use.name == first.name:
                    continue
                cut = truncate(use.name)
                where = f" (line {first.span.line})" if first.span else ""
                lw.warn(
                    codes.TRUNCATED_NAME_COLLISION,
                    f'{use.what} "{use.name}" ({len(use.name.encode("utf-8"))} bytes) and {first.what} '
                    f'"{first.name}"{where} both truncate to the same 63-byte PostgreSQL identifier "{cut}"',
                    use.span,
                    help=f"PostgreSQL keeps only the first 63 bytes of a name; give one of them a shorter "
                    f"database name with {use.fix}",
                )
