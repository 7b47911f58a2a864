"""Schema IR -> :class:`ErdContent`, for the model view or the database view.

Model view: one node per model (and ``view``), named as in Prisma, with scalar fields as columns
(relation fields are the edges). Database view: the tables ``lower(schema, dialect)`` produces
(names after ``@map``/``@@map``, SQL types, implicit m:n join tables), so the picture matches what
``to_sql`` creates. Both views share the edge rules:

* 1:n  - the referenced table gets "exactly one" ("zero or one" when the foreign key is
  nullable), the referencing table "zero or many";
* 1:1  - the foreign key is unique, so the referencing end is "zero or one";
* m:n  - either one edge with "zero or many" at both ends, or the join table with two 1:n edges.

A relation is labelled when it was named explicitly (its name differs from Prisma's default
``AToB``); the label is what a reader needs to tell two relations between the same tables apart.
"""

from __future__ import annotations

import json

from workbench.dialects import registry
from workbench.ir import Database, DbTable, Default, DefaultKind, Model, Relation, RelationKind, ScalarType, Schema
from workbench.render.content import End, ErdColumn, ErdContent, ErdEdge, ErdEnum, ErdIndex, ErdOptions, ErdTable


def default_dialect(schema: Schema) -> str:
    return registry.for_provider(schema.provider).name


def explicit_name(rel: Relation) -> str | None:
    """The relation's name when the schema gave one (Prisma's default is ``AToB``, sorted)."""
    a, b = sorted((rel.referencing.model, rel.referenced.model))
    return None if rel.name == f"{a}To{b}" else rel.name


def _action(value: object) -> str | None:
    return None if value is None else str(value)


# --- model view ----------------------------------------------------------------------------------
def model_content(schema: Schema, options: ErdOptions) -> ErdContent:
    fk_fields: dict[str, set[str]] = {}
    for rel in schema.relations:
        if rel.kind is not RelationKind.MANY_TO_MANY:
            fk_fields.setdefault(rel.referencing.model, set()).update(rel.fields)
    tables = [_model_table(m, fk_fields.get(m.name, set()), options) for m in schema.models]
    edges: list[ErdEdge] = []
    for rel in schema.relations:
        if rel.kind is RelationKind.MANY_TO_MANY:
            if options.show_join_tables and rel.join_table:
                join, join_edges = _model_join(schema, rel)
                tables.append(join)
                edges.extend(join_edges)
            else:
                edges.append(_m2n_edge(rel, _rel_id(rel), rel.referencing.model, rel.referenced.model))
            continue
        child = schema.model(rel.referencing.model)
        nullable = any((f := child.scalar(name)) is not None and f.optional for name in rel.fields) if child else False
        edges.append(
            ErdEdge(
                id=_rel_id(rel),
                source=rel.referencing.model,
                target=rel.referenced.model,
                source_columns=rel.fields,
                target_columns=rel.references,
                source_end=End.ZERO_OR_ONE if rel.kind is RelationKind.ONE_TO_ONE else End.ZERO_OR_MANY,
                target_end=End.ZERO_OR_ONE if nullable else End.EXACTLY_ONE,
                kind="1:1" if rel.kind is RelationKind.ONE_TO_ONE else "1:n",
                label=explicit_name(rel),
                name=rel.name,
                on_delete=_action(rel.on_delete),
                on_update=_action(rel.on_update),
            )
        )
    enums = tuple(ErdEnum(e.name, e.name, tuple(v.name for v in e.values), e.schema) for e in schema.enums)
    return ErdContent(view="model", tables=tuple(tables), edges=tuple(edges), enums=enums)


def _model_table(m: Model, fk_fields: set[str], options: ErdOptions) -> ErdTable:
    pk = set(m.primary_key.field_names) if m.primary_key else set()
    single_unique = {i.fields[0].name for i in m.indexes if i.unique and len(i.fields) == 1}
    columns = []
    for f in m.scalar_fields:
        columns.append(
            ErdColumn(
                name=f.name,
                type=f.type_name + ("[]" if f.list else ""),
                detail=f"@db.{f.native_type}" if f.native_type else None,
                nullable=f.optional,
                pk=f.name in pk,
                fk=f.name in fk_fields,
                unique=f.name in single_unique and f.name not in pk,
                default=_model_default(f.default, f.type) if options.defaults and f.default else None,
                enum=f.enum,
                ignored=f.ignored,
                aliases=(f.db_name,) if f.db_name != f.name else (),
            )
        )
    indexes: tuple[ErdIndex, ...] = ()
    if options.indexes:
        indexes = tuple(
            ErdIndex(
                columns=tuple(_index_col(f.name, f.sort) for f in i.fields),
                unique=i.unique,
                name=i.db_name or i.name,
                method=i.type,
            )
            for i in m.indexes
            if not i.field_level
        )
    return ErdTable(
        id=m.name,
        name=m.name,
        kind="view" if m.is_view else "table",
        schema=m.schema,
        subtitle=m.db_name if m.db_name != m.name else None,
        columns=tuple(columns),
        indexes=indexes,
        ignored=m.ignored,
        aliases=(m.db_name,) if m.db_name != m.name else (),
    )


def _index_col(name: str, sort: str | None) -> str:
    return f"{name} desc" if sort == "Desc" else name


def _model_default(d: Default, type: ScalarType) -> str:
    """The default as written in Prisma: strings and dates quoted, numbers (also Decimal text) bare."""
    kind = d.kind
    if kind is DefaultKind.LITERAL:
        return _literal(d.value, quote=type in _QUOTED)
    if kind is DefaultKind.ENUM:
        return str(d.value)
    if kind is DefaultKind.DBGENERATED:
        return f"dbgenerated({json.dumps(d.value)})" if d.value is not None else "dbgenerated()"
    return f"{kind.value}({', '.join(d.args)})"


_QUOTED = frozenset({ScalarType.STRING, ScalarType.DATETIME, ScalarType.JSON, ScalarType.BYTES})


def _literal(value: object, quote: bool) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(_literal(v, quote) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and quote:
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _rel_id(rel: Relation) -> str:
    """A stable edge id: the referencing relation field (unique within its model)."""
    return f"{rel.referencing.model}.{rel.referencing.field or rel.name}"


def _m2n_edge(rel: Relation, id: str, source: str, target: str) -> ErdEdge:
    return ErdEdge(
        id=id,
        source=source,
        target=target,
        source_columns=(),
        target_columns=(),
        source_end=End.ZERO_OR_MANY,
        target_end=End.ZERO_OR_MANY,
        kind="m:n",
        label=explicit_name(rel),
        name=rel.name,
    )


def _model_join(schema: Schema, rel: Relation) -> tuple[ErdTable, list[ErdEdge]]:
    """Prisma's implicit join table in model terms: columns A and B, A pointing at the model sorting first."""
    a, b = sorted((rel.referencing.model, rel.referenced.model))
    cols = []
    for letter, model_name in (("A", a), ("B", b)):
        model = schema.model(model_name)
        pk = model.primary_key.field_names if model and model.primary_key else ()
        pk_field = model.scalar(pk[0]) if model and len(pk) == 1 else None
        cols.append(ErdColumn(letter, pk_field.type_name if pk_field else "?", pk=True, fk=True))
    join = ErdTable(id=str(rel.join_table), name=str(rel.join_table), kind="join", columns=tuple(cols))
    edges = []
    for letter, model_name in (("A", a), ("B", b)):
        model = schema.model(model_name)
        pk = model.primary_key.field_names if model and model.primary_key else ()
        edges.append(
            ErdEdge(
                id=f"{join.id}.{letter}",
                source=join.id,
                target=model_name,
                source_columns=(letter,),
                target_columns=pk[:1],
                source_end=End.ZERO_OR_MANY,
                target_end=End.EXACTLY_ONE,
                kind="1:n",
                label=explicit_name(rel) if letter == "A" else None,
                name=f"{rel.name}_{letter}",
                on_delete="Cascade",
                on_update="Cascade",
            )
        )
    return join, edges


# --- database view -------------------------------------------------------------------------------
def database_content(schema: Schema, database: Database, options: ErdOptions) -> ErdContent:
    """The database view of ``database`` (lowered from ``schema``, or introspected)."""
    keys = _table_keys(schema, database)
    models_by_table = {key: schema.model(name) for name, key in keys.items()}
    join_names = {r.join_table: r for r in schema.relations if r.kind is RelationKind.MANY_TO_MANY and r.join_table}
    fk_relations = _fk_relations(schema, keys)
    enum_ids = {(e.schema, e.name): _qualified(e.schema, e.name) for e in database.enums}
    enum_by_name = {e.name: enum_ids[(e.schema, e.name)] for e in database.enums}

    tables: list[ErdTable] = []
    edges: list[ErdEdge] = []
    collapsed: list[ErdEdge] = []
    for t in database.tables:
        tid = _qualified(t.schema, t.name)
        rel = join_names.get(t.name) if _looks_like_join(t) else None
        if rel is not None and not options.show_join_tables:
            a, b = (fk for fk in sorted(t.foreign_keys, key=lambda f: f.columns))
            collapsed.append(
                _m2n_edge(rel, tid, _qualified(a.ref_schema, a.ref_table), _qualified(b.ref_schema, b.ref_table))
            )
            continue
        model = models_by_table.get((t.schema, t.name))
        tables.append(_db_table(t, tid, model, rel is not None, enum_by_name, options))
        for k, fk in enumerate(t.foreign_keys):
            target_id = _qualified(fk.ref_schema, fk.ref_table)
            one_to_one = _covers_unique(t, fk.columns)
            nullable = any((c := t.column(name)) is not None and c.nullable for name in fk.columns)
            relation = fk_relations.get((t.schema, t.name, fk.columns))
            label = explicit_name(relation) if relation else None
            if rel is not None and k == 0:
                label = explicit_name(rel)
            edges.append(
                ErdEdge(
                    id=f"{tid}.{fk.name or k}",
                    source=tid,
                    target=target_id,
                    source_columns=fk.columns,
                    target_columns=fk.ref_columns,
                    source_end=End.ZERO_OR_ONE if one_to_one else End.ZERO_OR_MANY,
                    target_end=End.ZERO_OR_ONE if nullable else End.EXACTLY_ONE,
                    kind="1:1" if one_to_one else "1:n",
                    label=label,
                    name=fk.name,
                    on_delete=fk.on_delete,
                    on_update=fk.on_update,
                )
            )
    for v in schema.views:
        tables.append(_db_view(v, schema, database, enum_by_name))
    enums = tuple(ErdEnum(enum_ids[(e.schema, e.name)], e.name, e.values, e.schema) for e in database.enums)
    return ErdContent(
        view="database",
        tables=tuple(tables),
        edges=tuple(edges) + tuple(collapsed),
        enums=enums,
        dialect=database.dialect,
    )


def _qualified(schema: str | None, name: str) -> str:
    return f"{schema}.{name}" if schema else name


def _looks_like_join(t: DbTable) -> bool:
    return len(t.foreign_keys) == 2 and [c.name for c in t.columns] == ["A", "B"]


def _covers_unique(t: DbTable, columns: tuple[str, ...]) -> bool:
    wanted = set(columns)
    if t.primary_key and set(t.primary_key.columns) == wanted:
        return True
    return any(i.unique and i.where is None and set(i.column_names) == wanted for i in t.indexes)


def _table_keys(schema: Schema, database: Database) -> dict[str, tuple[str | None, str]]:
    """Model name -> (database schema, table name) of its table in ``database`` (schema None = default)."""
    placed: dict[str, list[str | None]] = {}
    for t in database.tables:
        placed.setdefault(t.name, []).append(t.schema)
    out = {}
    for m in schema.models:
        where = placed.get(m.db_name, [])
        key = m.schema if m.schema in where else (where[0] if len(where) == 1 else None)
        out[m.name] = (key, m.db_name)
    return out


def _fk_relations(
    schema: Schema, keys: dict[str, tuple[str | None, str]]
) -> dict[tuple[str | None, str, tuple[str, ...]], Relation]:
    """Which relation each foreign key comes from, keyed by (schema, table, fk columns)."""
    out: dict[tuple[str | None, str, tuple[str, ...]], Relation] = {}
    for rel in schema.relations:
        model = schema.model(rel.referencing.model)
        if rel.kind is RelationKind.MANY_TO_MANY or model is None:
            continue
        cols = tuple(((f := model.scalar(name)) and f.db_name) or name for name in rel.fields)
        out[(*keys[model.name], cols)] = rel
    return out


def _db_table(
    t: DbTable, tid: str, model: Model | None, is_join: bool, enum_by_name: dict[str, str], options: ErdOptions
) -> ErdTable:
    pk = set(t.primary_key.columns) if t.primary_key else set()
    fk_cols = {c for fk in t.foreign_keys for c in fk.columns}
    single_unique = {i.columns[0].name for i in t.indexes if i.unique and len(i.columns) == 1 and i.where is None}
    field_names = {f.db_name: f.name for f in model.scalar_fields} if model else {}
    columns = []
    for c in t.columns:
        alias = field_names.get(c.name)
        default = None
        if options.defaults:
            default = "autoincrement" if c.autoincrement else c.default
        columns.append(
            ErdColumn(
                name=c.name,
                type=c.type,
                nullable=c.nullable,
                pk=c.name in pk,
                fk=c.name in fk_cols,
                unique=c.name in single_unique and c.name not in pk,
                default=default,
                enum=enum_by_name.get(c.type.removesuffix("[]")),
                aliases=(alias,) if alias and alias != c.name else (),
            )
        )
    indexes: tuple[ErdIndex, ...] = ()
    if options.indexes:
        indexes = tuple(
            ErdIndex(
                columns=tuple(f"{c.name} desc" if c.sort == "DESC" else c.name for c in i.columns),
                unique=i.unique,
                name=i.name,
                method=i.method,
            )
            for i in t.indexes
        )
    aliases = tuple(a for a in ((model.name if model else None), t.name) if a and a != tid)
    return ErdTable(
        id=tid,
        name=tid,
        kind="join" if is_join else "table",
        schema=t.schema,
        subtitle=f"model {model.name}" if model and model.name != t.name else None,
        columns=tuple(columns),
        indexes=indexes,
        ignored=bool(model and model.ignored),
        aliases=aliases,
    )


def _db_view(v: Model, schema: Schema, database: Database, enum_by_name: dict[str, str]) -> ErdTable:
    """A Prisma ``view`` in database terms: Migrate creates no DDL for it, so types come from the type map."""
    from workbench.dialects.columns import column_type

    engine = registry.find(database.dialect)
    rules = registry.module(engine.name) if engine is not None and engine.lowers else None
    schema_names = {t.schema for t in database.tables} | set(database.schemas)
    db_schema = v.schema if v.schema in schema_names else None
    columns = []
    for f in v.scalar_fields:
        sql = f.type_name
        if rules is not None:
            try:
                sql = column_type(f, schema.enum(f.enum) if f.enum else None, rules).sql(f.list)
            except Exception:  # a type the map lacks: show the Prisma type rather than fail
                sql = f.type_name + ("[]" if f.list else "")
        columns.append(ErdColumn(f.db_name, sql, nullable=f.optional, enum=enum_by_name.get(sql.removesuffix("[]"))))
    tid = _qualified(db_schema, v.db_name)
    aliases = tuple(a for a in (v.name, v.db_name) if a != tid)
    return ErdTable(id=tid, name=tid, kind="view", schema=db_schema, columns=tuple(columns), aliases=aliases)
