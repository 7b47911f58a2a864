"""Unused and duplicate indexes, with the Prisma line (or SQL) that removes each one.

*Unused*: ``pg_stat_user_indexes.idx_scan = 0`` since the statistics were last reset. Primary keys,
unique indexes and indexes behind a constraint are never reported: they enforce a rule even when
no query reads them. A replica's reads are not counted on the primary, so check there too before
dropping anything.

*Duplicate*: same table, same access method, same key columns/expressions (``indkey``,
``indexprs``), operator classes (``indclass``), collations, sort options and predicate
(``indpred``). Expressions and predicates are compared as ``pg_get_expr`` text, because the stored
node trees carry source offsets that differ between two otherwise identical ``CREATE INDEX``
statements. In each group one index is kept -- primary key, then constraint, then unique, then the
one the Prisma schema declares, then the first by name -- and the others are reported.

With ``schema`` (a loaded Prisma schema or IR ``Schema``), an index Prisma created maps back to the
``@@index``/``@unique`` text in the schema (exact source text and location when loaded from a file);
an index the schema does not declare gets a ``DROP INDEX`` statement instead.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workbench.diagnostics import SourceFile
from workbench.display import RichDisplay, html_table
from workbench.ir import Schema
from workbench.profile.monitor import fetch, pg_raw, publish_own_stats, text_table

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class PrismaIndex:
    """Where an index is declared in the Prisma schema."""

    model: str
    line: str  # e.g. "@@index([customerId])"
    location: str | None = None  # "schema.prisma:42" when the schema was loaded from a file

    def __str__(self) -> str:
        where = f" ({self.location})" if self.location else ""
        return f"remove `{self.line}` from model {self.model}{where}"


@dataclass(frozen=True)
class IndexInfo:
    schema: str
    table: str
    name: str
    definition: str  # pg_get_indexdef
    size_bytes: int
    scans: int
    primary: bool
    unique: bool
    constraint: bool  # backs a constraint (primary key, unique, exclusion)
    prisma: PrismaIndex | None = None

    @property
    def qualified(self) -> str:
        return f'"{self.schema}"."{self.name}"' if self.schema != "public" else f'"{self.name}"'

    @property
    def fix(self) -> str:
        """The Prisma line to remove, or the SQL that drops an index the schema does not declare."""
        return str(self.prisma) if self.prisma else f"DROP INDEX {self.qualified};"


@dataclass(frozen=True)
class Duplicate:
    keep: IndexInfo
    drop: tuple[IndexInfo, ...]


@dataclass(frozen=True)
class IndexReport(RichDisplay):
    unused: tuple[IndexInfo, ...]
    duplicates: tuple[Duplicate, ...]

    @property
    def wasted_bytes(self) -> int:
        names = {(i.schema, i.name): i.size_bytes for i in self.unused}
        names.update({(i.schema, i.name): i.size_bytes for d in self.duplicates for i in d.drop})
        return sum(names.values())

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        rows = [["unused", i.table, i.name, i.size_bytes, i.definition, "", i.fix] for i in self.unused]
        rows += [
            ["duplicate", i.table, i.name, i.size_bytes, i.definition, d.keep.name, i.fix]
            for d in self.duplicates
            for i in d.drop
        ]
        cols = ["problem", "table", "index", "size_bytes", "definition", "duplicate_of", "fix"]
        return pd.DataFrame(rows, columns=cols)

    def _rows(self) -> list[list[str]]:
        rows = [["unused (0 scans)", i.table, i.name, size_text(i.size_bytes), i.fix] for i in self.unused]
        rows += [
            [f"duplicate of {d.keep.name}", i.table, i.name, size_text(i.size_bytes), i.fix]
            for d in self.duplicates
            for i in d.drop
        ]
        return rows

    _HEAD = ("problem", "table", "index", "size", "fix")

    def summary(self) -> str:
        n_dup = sum(len(d.drop) for d in self.duplicates)
        return f"{len(self.unused)} unused, {n_dup} duplicate indexes ({size_text(self.wasted_bytes)} to reclaim)"

    def __repr__(self) -> str:
        rows = self._rows()
        return self.summary() + ("\n" + text_table(self._HEAD, rows, right={3}) if rows else "")

    def _html(self) -> str:
        table = html_table(self._HEAD, self._rows()) if self._rows() else ""
        return f"<div><p><b>{html.escape(self.summary())}</b></p>{table}</div>"


def size_text(n: float) -> str:
    """Bytes as people read them (``8192 bytes``, ``16 kB``, ``3 MB``)."""
    for unit in ("bytes", "kB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.0f} {unit}"
        n /= 1024
    return str(n)


_INDEXES = """
SELECT n.nspname, t.relname, c.relname, pg_get_indexdef(i.indexrelid), pg_relation_size(i.indexrelid),
       coalesce(s.idx_scan, 0), i.indisprimary, i.indisunique,
       EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid),
       concat_ws(' | ', c.relam::text, i.indkey::text, i.indclass::text, i.indcollation::text, i.indoption::text,
                 coalesce(pg_get_expr(i.indexprs, i.indrelid), ''), coalesce(pg_get_expr(i.indpred, i.indrelid), ''))
FROM pg_index i
JOIN pg_class c ON c.oid = i.indexrelid
JOIN pg_class t ON t.oid = i.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
LEFT JOIN pg_stat_user_indexes s ON s.indexrelid = i.indexrelid
WHERE n.nspname <> 'information_schema' AND n.nspname !~ '^pg_' AND i.indisvalid
ORDER BY n.nspname, t.relname, c.relname
"""


def index_report(
    con: Any, schema: Schema | None = None, sources: Mapping[str, SourceFile] | None = None
) -> IndexReport:
    """Unused and duplicate indexes of the current database; see the module docstring.

    ``sources``: the schema's files, to quote each index's declaration and its ``file:line``."""
    raw = pg_raw(con)
    publish_own_stats(raw)
    declared = prisma_indexes(schema, sources or {}) if schema is not None else {}
    infos: list[tuple[IndexInfo, str]] = []
    for ns, table, name, definition, size, scans, primary, unique, constraint, signature in fetch(
        raw, _INDEXES, fresh_stats=True
    ):
        prisma = declared.get((table, name))
        info = IndexInfo(ns, table, name, definition, int(size), int(scans), primary, unique, constraint, prisma)
        infos.append((info, f"{ns}.{table} | {signature}"))
    unused = tuple(i for i, _ in infos if i.scans == 0 and not (i.primary or i.unique or i.constraint))
    groups: dict[str, list[IndexInfo]] = {}
    for info, signature in infos:
        groups.setdefault(signature, []).append(info)
    duplicates = []
    for members in groups.values():
        if len(members) < 2:
            continue
        ranked = sorted(
            members, key=lambda i: (not i.primary, not i.constraint, not i.unique, i.prisma is None, i.name)
        )
        duplicates.append(Duplicate(ranked[0], tuple(ranked[1:])))
    duplicates.sort(key=lambda d: (d.keep.schema, d.keep.table, d.keep.name))
    return IndexReport(unused, tuple(duplicates))


def prisma_indexes(schema: Schema, sources: Mapping[str, SourceFile]) -> dict[tuple[str, str], PrismaIndex]:
    """(table, index name) -> its declaration, for every ``@@index``/``@unique``/``@@unique`` of the
    schema, named the way Prisma Migrate names them on PostgreSQL (``map:`` wins)."""
    from workbench.dialects import naming
    from workbench.ir.schema import IndexKind

    out: dict[tuple[str, str], PrismaIndex] = {}
    for model in schema.models:
        by_field = {f.name: f.db_name for f in model.scalar_fields}
        for idx in model.indexes:
            columns = [by_field.get(f.name, f.name) for f in idx.fields]
            make = naming.unique_index_name if idx.kind is IndexKind.UNIQUE else naming.index_name
            name = idx.db_name or make(model.db_name, columns, 63)
            line, location = _declaration(idx, model, sources)
            out[(model.db_name, name)] = PrismaIndex(model.name, line, location)
    return out


def _declaration(idx: Any, model: Any, sources: Any) -> tuple[str, str | None]:
    span = idx.origin
    if span is not None and span.file in sources:
        text = sources[span.file].text[span.start : span.end]
        if idx.field_level:  # `@unique` sits on a field line: name the field
            field = idx.fields[0].name if idx.fields else "?"
            text = f"{text} on field {field}"
        return " ".join(text.split()), str(span)
    fields = ", ".join(f.name for f in idx.fields)
    kind = {"unique": "@@unique", "fulltext": "@@fulltext"}.get(str(idx.kind), "@@index")
    return f"{kind}([{fields}])", None
