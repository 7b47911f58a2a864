"""Write a :class:`~workbench.ir.schema.Schema` as Prisma schema text, laid out like ``prisma format``.

Layout (checked against Prisma 7.10's formatter): datasource, generators, models, enums (views
among the models as ``view`` blocks), one blank line between blocks; inside a block the fields are
a table of name, type and attributes padded to the widest cell, with block attributes after a
blank line. Attributes come in the order ``prisma format`` sorts them into: ``@id @unique
@default @updatedAt @map @db.* @ignore`` on fields, ``@@id @@unique @@index @@map @@ignore
@@schema`` on blocks.
Attributes equal to Prisma's defaults (constraint names, referential actions, relation names)
are left out, so a schema read back gives the same database.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable

from workbench.dialects.literals import prisma_number
from workbench.ir.schema import (
    Datasource,
    Default,
    DefaultKind,
    Enum,
    Extension,
    Generator,
    Index,
    IndexField,
    IndexKind,
    Model,
    PrimaryKey,
    RelationField,
    ScalarField,
    ScalarType,
    Schema,
)
from workbench.prisma.format_layout import render_block

_PRISMA_OPS = re.compile(r"^[A-Z][A-Za-z0-9]*Ops$")
_NUMERIC = {ScalarType.INT, ScalarType.BIGINT, ScalarType.FLOAT, ScalarType.DECIMAL}


def quote(text: str) -> str:
    """A Prisma string literal (JSON escaping is what Prisma's lexer accepts)."""
    return json.dumps(text, ensure_ascii=False)


def _doc_lines(doc: str | None, indent: str = "") -> list[str]:
    if not doc:
        return []
    return [f"{indent}///{' ' + line if line else ''}" for line in doc.splitlines()]


def render_ops(ops: str) -> str:
    """``JsonbPathOps`` stays as is; SQL text (what ``raw("...")`` held) is wrapped in ``raw()`` again."""
    if _PRISMA_OPS.match(ops) or ops.startswith("raw("):
        return ops
    return f"raw({quote(ops)})"


def _fields_list(fields: Iterable[IndexField]) -> str:
    parts = []
    for f in fields:
        args = []
        if f.sort:
            args.append(f"sort: {f.sort}")
        if f.length is not None:
            args.append(f"length: {f.length}")
        if f.ops:
            args.append(f"ops: {render_ops(f.ops)}")
        parts.append(f"{f.name}({', '.join(args)})" if args else f.name)
    return "[" + ", ".join(parts) + "]"


def _value(value: object, field_type: ScalarType | None) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(_value(v, field_type) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return prisma_number(value) or repr(value)  # 1e20 is no Prisma number; 100000000000000000000 is
    if value is None:
        return "null"
    text = str(value)
    if field_type in _NUMERIC:
        return prisma_number(text) or text
    return quote(text)


def render_default(default: Default, field_type: ScalarType | None = None) -> str:
    kind = default.kind
    if kind is DefaultKind.LITERAL:
        return _value(default.value, field_type)
    if kind is DefaultKind.ENUM:
        if isinstance(default.value, tuple):
            return "[" + ", ".join(str(v) for v in default.value) + "]"
        return str(default.value)
    if kind is DefaultKind.DBGENERATED:
        return "dbgenerated()" if default.value is None else f"dbgenerated({quote(str(default.value))})"
    if kind is DefaultKind.NOW:
        return "now()"
    if kind is DefaultKind.AUTOINCREMENT:
        return "autoincrement()"
    return f"{kind.value}({', '.join(default.args)})"


def _id_attr(pk: PrimaryKey) -> str:
    return _field_key_attr("id", pk.fields[0], pk.db_name, pk.clustered)


def _unique_attr(ix: Index) -> str:
    return _field_key_attr("unique", ix.fields[0], ix.db_name, ix.clustered)


def _field_key_attr(name: str, f: IndexField, db_name: str | None, clustered: bool | None) -> str:
    """``@id``/``@unique`` with the arguments Prisma allows on a single field, in its order."""
    args = []
    if f.sort:
        args.append(f"sort: {f.sort}")
    if f.length is not None:
        args.append(f"length: {f.length}")
    if db_name:
        args.append(f"map: {quote(db_name)}")
    if clustered is not None:
        args.append(f"clustered: {'true' if clustered else 'false'}")
    return f"@{name}({', '.join(args)})" if args else f"@{name}"


def _scalar_row(f: ScalarField, model: Model) -> list[str]:
    suffix = "[]" if f.list else "?" if f.optional else ""
    attrs: list[str] = []
    pk = model.primary_key
    if pk is not None and pk.field_level and pk.field_names == (f.name,):
        attrs.append(_id_attr(pk))
    for ix in model.indexes:
        if ix.field_level and ix.kind is IndexKind.UNIQUE and ix.field_names == (f.name,):
            attrs.append(_unique_attr(ix))
    if f.default is not None:
        attrs.append(f"@default({render_default(f.default, f.type)})")
    if f.updated_at:
        attrs.append("@updatedAt")
    if f.db_name != f.name:
        attrs.append(f"@map({quote(f.db_name)})")
    if f.native_type is not None:
        attrs.append(f"@db.{f.native_type.name}" + (f"({', '.join(f.native_type.args)})" if f.native_type.args else ""))
    if f.ignored:
        attrs.append("@ignore")
    return [f.name, f.type_name + suffix, " ".join(attrs)]


def _relation_row(f: RelationField, needs_name: bool) -> list[str]:
    suffix = "[]" if f.list else "?" if f.optional else ""
    args = []
    if needs_name:
        args.append(quote(f.relation_name))
    if f.fields:
        args.append(f"fields: [{', '.join(f.fields)}]")
        args.append(f"references: [{', '.join(f.references)}]")
    if f.on_delete is not None:
        args.append(f"onDelete: {f.on_delete.value}")
    if f.on_update is not None:
        args.append(f"onUpdate: {f.on_update.value}")
    if f.fk_name:
        args.append(f"map: {quote(f.fk_name)}")
    attrs = [f"@relation({', '.join(args)})"] if args else []
    if f.ignored:
        attrs.append("@ignore")
    return [f.name, f.target + suffix, " ".join(attrs)]


def _block_index(ix: Index) -> str:
    attr = {IndexKind.UNIQUE: "@@unique", IndexKind.INDEX: "@@index", IndexKind.FULLTEXT: "@@fulltext"}[ix.kind]
    args = [_fields_list(ix.fields)]
    if ix.name:
        args.append(f"name: {quote(ix.name)}")
    if ix.db_name:
        args.append(f"map: {quote(ix.db_name)}")
    if ix.clustered is not None:
        args.append(f"clustered: {'true' if ix.clustered else 'false'}")
    if ix.type:
        args.append(f"type: {ix.type}")
    if ix.where:
        args.append(f"where: raw({quote(ix.where)})")
    return f"{attr}({', '.join(args)})"


def _needs_relation_name(schema: Schema) -> set[str]:
    """Relation names that must be written: non-default names, self relations, ambiguous pairs."""
    pairs: Counter[frozenset[str]] = Counter()
    for r in schema.relations:
        pairs[frozenset((r.referencing.model, r.referenced.model))] += 1
    needed = set()
    for r in schema.relations:
        a, b = sorted((r.referencing.model, r.referenced.model))
        if r.name != f"{a}To{b}" or r.is_self or pairs[frozenset((a, b))] > 1:
            needed.add(r.name)
    return needed


def _model(m: Model, named: set[str], relation_names: set[str]) -> list[str]:
    rows: list[tuple[list[str], list[str]]] = []
    for f in m.fields:
        if isinstance(f, ScalarField):
            cells = _scalar_row(f, m)
        else:
            cells = _relation_row(f, f.relation_name in named or f.relation_name not in relation_names)
        rows.append((cells, _doc_lines(f.doc)))
    block: list[str] = []
    pk = m.primary_key
    if pk is not None and not pk.field_level:
        args = [_fields_list(pk.fields)]
        if pk.name:
            args.append(f"name: {quote(pk.name)}")
        if pk.db_name:
            args.append(f"map: {quote(pk.db_name)}")
        block.append(f"@@id({', '.join(args)})")
    block.extend(_block_index(ix) for ix in m.indexes if ix.kind is IndexKind.UNIQUE and not ix.field_level)
    block.extend(_block_index(ix) for ix in m.indexes if ix.kind is not IndexKind.UNIQUE)
    if m.db_name != m.name:
        block.append(f"@@map({quote(m.db_name)})")
    if m.ignored:
        block.append("@@ignore")
    if m.schema:
        block.append(f"@@schema({quote(m.schema)})")
    header = f"{'view' if m.is_view else 'model'} {m.name} {{"
    return _doc_lines(m.doc) + render_block(header, rows, block)


def _enum(e: Enum) -> list[str]:
    rows = [([v.name, f"@map({quote(v.db_name)})" if v.db_name != v.name else ""], _doc_lines(v.doc)) for v in e.values]
    block = []
    if e.db_name != e.name:
        block.append(f"@@map({quote(e.db_name)})")
    if e.schema:
        block.append(f"@@schema({quote(e.schema)})")
    return _doc_lines(e.doc) + render_block(f"enum {e.name} {{", rows, block)


def _config(header: str, pairs: list[tuple[str, str]]) -> list[str]:
    """``key = value`` rows: Prisma aligns the key column; ``= value`` is one cell."""
    return render_block(header, [([key, f"= {value}"], []) for key, value in pairs], [])


def _datasource(d: Datasource) -> list[str]:
    pairs = [("provider", quote(d.provider))]
    if d.url:
        pairs.append(("url", d.url if d.url.startswith("env(") else quote(d.url)))
    if d.schemas:
        pairs.append(("schemas", "[" + ", ".join(quote(s) for s in d.schemas) + "]"))
    if d.extensions:
        pairs.append(("extensions", "[" + ", ".join(_extension(x) for x in d.extensions) + "]"))
    if d.relation_mode:
        pairs.append(("relationMode", quote(d.relation_mode)))
    return _config(f"datasource {d.name} {{", pairs)


def _generator(g: Generator) -> list[str]:
    pairs = [("provider", quote(g.provider))]
    if g.output:
        pairs.append(("output", quote(g.output)))
    if g.preview_features:
        pairs.append(("previewFeatures", "[" + ", ".join(quote(p) for p in g.preview_features) + "]"))
    pairs.extend(g.config)
    return _config(f"generator {g.name} {{", pairs)


def write_prisma(schema: Schema) -> str:
    """Prisma schema text for ``schema`` (valid for Prisma's validator, laid out like ``prisma format``)."""
    blocks: list[list[str]] = []
    if schema.datasource is not None:
        blocks.append(_datasource(schema.datasource))
    blocks.extend(_generator(g) for g in schema.generators)
    named = _needs_relation_name(schema)
    relation_names = {r.name for r in schema.relations}
    blocks.extend(_model(m, named, relation_names) for m in schema.models)
    blocks.extend(_enum(e) for e in schema.enums)
    head = [f"// {line}".rstrip() for line in schema.doc.splitlines()] if schema.doc else []
    text = "\n\n".join("\n".join(b) for b in blocks)
    return ("\n".join(head) + "\n" + text if head else text) + "\n"


def _extension(x: Extension) -> str:
    """``citext`` or ``uuid_ossp(map: "uuid-ossp", schema: "extensions")``."""
    args = [f"{k}: {quote(v)}" for k, v in (("map", x.db_name), ("schema", x.schema), ("version", x.version)) if v]
    return f"{x.name}({', '.join(args)})" if args else x.name
