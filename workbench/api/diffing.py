"""``wb.diff(old, new)``: the migration between two schemas, each side anything the workbench loads.

A side is a loaded schema, a Prisma file or folder, SQL DDL (a file or a migrations folder), or a
live database URL (introspected, read-only). Both sides are lowered to the database view of one
dialect (``dialect=``, else the new side's datasource provider) and compared there, as Prisma
Migrate compares SQL schemas; renames are applied only when the caller names them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from workbench.api.loading import introspect, load
from workbench.api.schema import LoadedSchema
from workbench.diagnostics import LoadError, SourceFile, UserError
from workbench.ir.database import Database
from workbench.ir.schema import Model, Schema
from workbench.migrate import ops as o
from workbench.migrate.diff import Renames, diff_databases, rename_candidates
from workbench.migrate.hazards import Stats, gather_stats, hazards
from workbench.migrate.ops import Op, TableKey
from workbench.migrate.result import Diff
from workbench.migrate.spans import locate

Side = LoadedSchema | str | os.PathLike[str]


def _side(side: Side) -> LoadedSchema:
    if isinstance(side, LoadedSchema):
        return side
    if isinstance(side, str) and "://" in side:
        return introspect(side)
    if not os.path.lexists(side):
        from workbench.db.secrets import redact_url

        # `user:pw@host/db` (the scheme forgotten) must not echo the password
        shown = redact_url(str(side))
        raise UserError(f"{shown}: no such file or folder (give a .prisma file or folder, SQL DDL, or a database URL)")
    loaded = load(side)
    if loaded.errors:
        raise LoadError(loaded.errors, loaded.sources)
    return loaded


def diff(
    old: Side,
    new: Side,
    *,
    dialect: str | None = None,
    renames: Mapping[str, str] | Iterable[str] | str | None = None,
) -> Diff:
    """What changes from ``old`` to ``new``: operations, SQL both ways (``.sql()``, ``.down_sql()``).

    ``renames``: ``{"Post.title": "Post.headline", "User": "Member"}`` or ``["Post.title=Post.headline"]``
    by Prisma model/field names (or database names); ``"auto"`` accepts every rename candidate. Without
    it a renamed column is a drop and an add, as in Prisma Migrate, and the candidates are listed.
    """
    from workbench.dialects import registry

    before, after = _side(old), _side(new)
    engine = registry.get(dialect).name if dialect else registry.for_provider(after.schema.provider).name
    old_db, new_db = _view(before, engine), _view(after, engine)
    accepted = _renames(renames, before.schema, after.schema)
    if renames == "auto":
        found = rename_candidates(old_db, new_db)
        accepted = _renames([c.spec() for c in found], before.schema, after.schema)
    ops = diff_databases(old_db, new_db, accepted)
    ops = locate(ops, before.schema, after.schema)
    sources = {**before.sources, **after.sources}
    located, old_files = _old_side_files(ops, before.sources, after.sources)
    risks = hazards(located, old_db, new_db, stats=_stats(old, ops, old_db))
    candidates = rename_candidates(old_db, new_db, accepted)
    return Diff(old_db, new_db, ops, candidates, {**sources, **old_files}, risks, schema=after.schema)


def _stats(old: Side, ops: tuple[Op, ...], old_db: Database) -> Stats | None:
    """Counts from the OLD database when it is a live one of the diff's dialect (read-only, then closed)."""
    if not (isinstance(old, str) and "://" in old):
        return None
    from workbench.db.connection import Connection
    from workbench.db.opening import open_target

    with open_target(old) as (dialect, raw):  # the rows are the rows, whatever dialect the SQL is for
        return gather_stats(Connection(dialect, raw, old), ops, old_db)


def _old_side_files(
    ops: tuple[Op, ...], old: Mapping[str, SourceFile], new: Mapping[str, SourceFile]
) -> tuple[tuple[Op, ...], dict[str, SourceFile]]:
    """Hazards of drops point at the OLD file: when both sides have a file of that name with other
    text (two ``text=`` schemas, two folders), the old one is shown as ``NAME (old)`` so the excerpt
    under the hazard is the line that was dropped, not whatever the new file has there."""
    clash = {name for name, f in old.items() if name in new and new[name].text != f.text}
    if not clash:
        return ops, {}
    files = {name: SourceFile(f"{name} (old)", old[name].text) for name in clash}
    out = []
    for op in ops:
        span = op.span
        if isinstance(op, o.DropTable | o.DropColumn) and span is not None and span.file in clash:
            op = replace(op, span=replace(span, file=f"{span.file} (old)"))
        out.append(op)
    return tuple(out), {f.path: f for f in files.values()}


def _view(side: LoadedSchema, engine: str) -> Database:
    """The side's database view on ``engine``: a database's own (introspected, or read from SQL DDL
    of that dialect) when it has one, so nothing is lost to a round trip through the model view
    (an ``Unsupported`` type, a name the lowering would spell differently); else the lowering."""
    if side.database is not None and side.database.dialect == engine:
        return side.database
    return side.to_database(engine)


def _renames(spec: Mapping[str, str] | Iterable[str] | str | None, old: Schema, new: Schema) -> Renames:
    if spec is None or spec == "auto":
        return Renames()
    pairs: list[tuple[str, str]] = []
    items: Iterable[Any] = spec.items() if isinstance(spec, Mapping) else [spec] if isinstance(spec, str) else spec
    for item in items:
        if isinstance(item, tuple):
            pairs.append((str(item[0]), str(item[1])))
            continue
        if "=" not in str(item):
            raise UserError(f"rename {item!r}: write it as OLD=NEW, e.g. Post.title=Post.headline or User=Member")
        a, b = str(item).split("=", 1)
        pairs.append((a.strip(), b.strip()))
    tables: dict[TableKey, TableKey] = {}
    columns: dict[tuple[TableKey, str], str] = {}
    for a, b in pairs:
        if "." in a and "." in b:
            (ta, ca), (tb, cb) = a.rsplit(".", 1), b.rsplit(".", 1)
            old_key, old_col = _resolve(old, ta, ca, a)
            new_key, new_col = _resolve(new, tb, cb, b)
            if old_key != new_key and tables.get(old_key) != new_key:
                tables[old_key] = new_key
            columns[(new_key, old_col)] = new_col
        elif "." not in a and "." not in b:
            tables[_resolve(old, a, None, a)[0]] = _resolve(new, b, None, b)[0]
        else:
            raise UserError(f"rename {a}={b}: both sides name a table, or both a table.column")
    return Renames(tables, columns)


def _resolve(schema: Schema, table: str, column: str | None, said: str) -> tuple[TableKey, str]:
    """(table key, column) in database names for a Prisma ``Model.field`` (or database names)."""
    model: Model | None = next((m for m in schema.tables if table in (m.name, m.db_name)), None)
    if model is None:
        names = ", ".join(sorted(m.name for m in schema.tables))
        raise UserError(f"rename {said}: no model or table `{table}` (models: {names})")
    key: TableKey = (None if model.schema in (None, "public", "main") else model.schema, model.db_name)
    if column is None:
        return key, ""
    field = next((f for f in model.scalar_fields if column in (f.name, f.db_name)), None)
    if field is None:
        raise UserError(f"rename {said}: model `{model.name}` has no field `{column}`")
    return key, field.db_name
