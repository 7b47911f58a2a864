"""Lift a database view to the model view, the way ``prisma db pull`` does.

* Model, field and enum names are the database names, made valid identifiers when needed (then
  ``@@map``/``@map`` keep the database name). Models and enums are sorted by name.
* Types: the default mapping of a Prisma type needs no attribute; any other known type gets its
  ``@db.*`` native type; unknown types become ``Unsupported("...")`` (see ``lift_types``).
* Keys and indexes keep their names as ``map:`` only where they differ from Prisma's defaults.
* Foreign keys become relation fields. Naming follows db pull: the foreign-key side is named after
  the referenced model, the back relation after the referencing model (a list unless the key
  columns are unique: then optional and singular); a self relation's back field is
  ``other_<Model>``; several relations between the same two models get relation names
  ``<table>_<columns>To<referenced table>`` and fields ``<Model>_<relation name>``. Unlike db pull
  (``User User``, ``Post Post[]``), field names are lower-camel (``user User``, ``post Post[]``)
  unless ``prisma_names=True``.
* Implicit many-to-many join tables (``_AToB`` / ``_<relation>``: columns ``A``/``B``, one foreign
  key each to a single-column primary key, unique over both) become list fields on both models.
* Tables without a primary key or unique index are ``@@ignore``d, like db pull does; Prisma
  Migrate's own ``_prisma_migrations`` table is left out. Views are left out (only their names
  are known).
* DuckDB has no Prisma provider: its schema is written for ``postgresql`` (DuckDB's types mirror
  PostgreSQL's), and ``Schema.doc`` says so.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace

from workbench.dialects import naming, registry
from workbench.ir.database import Database, DbForeignKey, DbIndex, DbTable
from workbench.ir.schema import (
    Datasource,
    Enum,
    EnumValue,
    Generator,
    Index,
    IndexField,
    IndexKind,
    Model,
    PrimaryKey,
    ReferentialAction,
    Relation,
    RelationEnd,
    RelationField,
    RelationKind,
    ScalarField,
    ScalarType,
    Schema,
)
from workbench.loaders.introspect.lift_types import field_type, lift_default

DUCKDB_NOTE = (
    "Introspected from DuckDB. Prisma has no DuckDB provider: written for PostgreSQL, whose types DuckDB mirrors."
)
IGNORED_NOTE = (
    "The underlying table does not contain a valid unique identifier and can therefore currently not be "
    "handled by Prisma Client."
)
_ACTIONS = {
    "CASCADE": ReferentialAction.CASCADE,
    "RESTRICT": ReferentialAction.RESTRICT,
    "NO ACTION": ReferentialAction.NO_ACTION,
    "SET NULL": ReferentialAction.SET_NULL,
    "SET DEFAULT": ReferentialAction.SET_DEFAULT,
}
_METHODS = {"HASH": "Hash", "GIN": "Gin", "GIST": "Gist", "SPGIST": "SpGist", "BRIN": "Brin"}
_IDENT = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
TableKey = tuple[str | None, str]


def sanitize(name: str, prefix: str) -> str:
    """A valid Prisma identifier for a database name (``order-items`` -> ``order_items``)."""
    if _IDENT.match(name):
        return name
    text = re.sub(r"[^A-Za-z0-9_]", "_", name).lstrip("_")
    return text if _IDENT.match(text) else prefix + text


def _unique_name(name: str, taken: set[str]) -> str:
    out, n = name, 1
    while out in taken:
        n += 1
        out = f"{name}_{n}"
    taken.add(out)
    return out


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


def _key(t: DbTable) -> TableKey:
    return (t.schema, t.name)


@dataclass(frozen=True, slots=True)
class _JoinTable:
    table: DbTable
    a: TableKey
    b: TableKey
    relation: str


def _opclass_name(ops: str | None) -> str | None:
    """Prisma's name (``JsonbPathOps``) where it has one, else the SQL name (what ``raw("...")`` holds)."""
    if ops is None:
        return None
    from workbench.dialects.typemap import POSTGRES_OPCLASSES

    for prisma_name, sql in POSTGRES_OPCLASSES.items():
        if sql == ops:
            return prisma_name
    return ops


# Prisma Migrate's bookkeeping table: db pull leaves it out of the schema, so do we.
MIGRATIONS_TABLE = "_prisma_migrations"


class _Lifter:
    def __init__(self, db: Database, prisma_names: bool):
        db = replace(db, tables=tuple(t for t in db.tables if t.name != MIGRATIONS_TABLE))
        self.db = db
        self.dialect = db.dialect
        engine = registry.find(db.dialect)
        self.limit = engine.max_identifier_length if engine is not None and engine.lowers else 63
        self.prisma_names = prisma_names
        self.tables = {_key(t): t for t in db.tables}
        self.default_schema = registry.default_schema(db.dialect) or "public"
        self.multi = bool(db.schemas) or any(t.schema for t in db.tables) or any(e.schema for e in db.enums)
        self.enum_names: dict[str, str] = {}
        self.enum_values: dict[str, dict[str, str]] = {}
        self.model_names: dict[TableKey, str] = {}
        self.field_names: dict[TableKey, dict[str, str]] = {}

    def field_name(self, name: str) -> str:
        """A relation field name: valid identifier, lower-camel unless exact db pull names are asked for."""
        name = sanitize(name, "r")
        return name if self.prisma_names else _lower_first(name)

    # -- names -----------------------------------------------------------------------------------
    def name_models(self) -> None:
        taken: set[str] = set(self.enum_names.values())
        counts = Counter(sanitize(t.name, "M") for t in self.db.tables)
        for t in sorted(self.db.tables, key=lambda t: (t.schema or "", t.name)):
            base = sanitize(t.name, "M")
            if counts[base] > 1 and t.schema:
                base = sanitize(f"{t.schema}_{t.name}", "M")
            self.model_names[_key(t)] = _unique_name(base, taken)

    def lift_enums(self) -> tuple[Enum, ...]:
        taken: set[str] = set()
        out = []
        for e in sorted(self.db.enums, key=lambda e: (e.name, e.schema or "")):
            name = _unique_name(sanitize(e.name, "E"), taken)
            self.enum_names[e.name] = name
            value_taken: set[str] = set()
            values = []
            mapping: dict[str, str] = {}
            for v in e.values:
                vname = _unique_name(sanitize(v, "VALUE_"), value_taken)
                mapping[v] = vname
                values.append(EnumValue(name=vname, db_name=v))
            self.enum_values[e.name] = mapping
            out.append(Enum(name=name, db_name=e.name, values=tuple(values), schema=self.schema_of(e.schema)))
        return tuple(sorted(out, key=lambda e: e.name))

    def schema_of(self, schema: str | None) -> str | None:
        return (schema or self.default_schema) if self.multi else None

    # -- join tables -----------------------------------------------------------------------------
    def join_table(self, t: DbTable) -> _JoinTable | None:
        if not t.name.startswith("_") or {c.name for c in t.columns} != {"A", "B"} or len(t.columns) != 2:
            return None
        fks = {fk.columns: fk for fk in t.foreign_keys}
        if set(fks) != {("A",), ("B",)} or len(t.foreign_keys) != 2:
            return None
        ends = []
        for col in ("A", "B"):
            fk = fks[(col,)]
            target = self.tables.get((fk.ref_schema, fk.ref_table))
            if target is None or target.primary_key is None or target.primary_key.columns != fk.ref_columns:
                return None
            if len(fk.ref_columns) != 1:
                return None
            ends.append((fk.ref_schema, fk.ref_table))
        pk_ab = t.primary_key is not None and set(t.primary_key.columns) == {"A", "B"}
        unique_ab = any(i.unique and set(i.column_names) == {"A", "B"} for i in t.indexes)
        others = [
            i for i in t.indexes if not (i.unique and set(i.column_names) == {"A", "B"}) and i.column_names != ("B",)
        ]
        if not (pk_ab or unique_ab) or others or (t.primary_key is not None and not pk_ab):
            return None
        a_model, b_model = (self.model_names[k] for k in ends)
        if a_model > b_model:
            return None
        return _JoinTable(table=t, a=ends[0], b=ends[1], relation=t.name[1:])

    # -- models ----------------------------------------------------------------------------------
    def scalar_fields(self, t: DbTable) -> list[ScalarField]:
        enums = set(self.enum_names)
        taken: set[str] = set()
        names: dict[str, str] = {}
        fields = []
        for c in t.columns:
            fname = _unique_name(sanitize(c.name, "f"), taken)
            names[c.name] = fname
            info, enum_db, unsupported, is_list = field_type(self.dialect, c.type, enums)
            logical, native = info if info else (ScalarType.UNSUPPORTED, None)
            default = lift_default(c.default, c.autoincrement, logical, self.enum_values.get(enum_db or ""), is_list)
            fields.append(
                ScalarField(
                    name=fname,
                    db_name=c.name,
                    type=logical,
                    optional=c.nullable and not is_list,
                    list=is_list,
                    enum=self.enum_names.get(enum_db) if enum_db else None,
                    native_type=native,
                    unsupported=unsupported,
                    default=default,
                )
            )
        self.field_names[_key(t)] = names
        return fields

    def primary_key(self, t: DbTable) -> PrimaryKey | None:
        pk = t.primary_key
        if pk is None:
            return None
        names = self.field_names[_key(t)]
        default = naming.primary_key_name(t.name, self.limit)
        db_name = pk.name if pk.name not in (None, default) else None
        return PrimaryKey(
            fields=tuple(IndexField(names[c]) for c in pk.columns), db_name=db_name, field_level=len(pk.columns) == 1
        )

    def index(self, t: DbTable, ix: DbIndex, single_unique_ok: bool) -> Index:
        names = self.field_names[_key(t)]
        cols = ix.column_names
        default = (naming.unique_index_name if ix.unique else naming.index_name)(t.name, cols, self.limit)
        fields = tuple(
            IndexField(
                names[c.name], sort="Desc" if c.sort == "DESC" else None, length=c.length, ops=_opclass_name(c.ops)
            )
            for c in ix.columns
        )
        plain = all(f.sort is None and f.length is None and f.ops is None for f in fields)
        return Index(
            kind=IndexKind.UNIQUE if ix.unique else IndexKind.INDEX,
            fields=fields,
            db_name=ix.name if ix.name != default else None,
            type=_METHODS.get(ix.method or ""),
            where=ix.where,
            field_level=ix.unique and single_unique_ok and len(cols) == 1 and plain and not ix.method and not ix.where,
        )

    def lift(self) -> Schema:
        enums = self.lift_enums()
        self.name_models()
        joins = [j for t in self.db.tables if (j := self.join_table(t)) is not None]
        join_keys = {_key(j.table) for j in joins}
        models: dict[TableKey, Model] = {}
        for t in self.db.tables:
            if _key(t) in join_keys:
                continue
            fields = self.scalar_fields(t)
            indexes = tuple(self.index(t, ix, True) for ix in t.indexes)
            has_id = t.primary_key is not None or any(ix.unique and not ix.where for ix in t.indexes)
            doc = t.comment
            if not has_id:
                doc = f"{IGNORED_NOTE}\n{doc}" if doc else IGNORED_NOTE
            models[_key(t)] = Model(
                name=self.model_names[_key(t)],
                db_name=t.name,
                fields=tuple(fields),
                primary_key=self.primary_key(t),
                indexes=indexes,
                schema=self.schema_of(t.schema),
                ignored=not has_id,
                doc=doc,
            )
        relations = self.relations(models, joins)
        ordered = tuple(sorted(models.values(), key=lambda m: m.name))
        partial = any(ix.where for m in ordered for ix in m.indexes)
        preview = ("partialIndexes",) if partial else ()  # Prisma 7.10: `where:` on indexes is a preview
        datasource = Datasource(
            name="db",
            provider=_provider(self.dialect),
            schemas=tuple(sorted({m.schema for m in ordered if m.schema} | {e.schema for e in enums if e.schema}))
            if self.multi
            else (),
        )
        return Schema(
            models=ordered,
            enums=enums,
            relations=relations,
            datasource=datasource,
            generators=(Generator(name="client", provider="prisma-client-js", preview_features=preview),),
            doc=DUCKDB_NOTE if self.dialect == "duckdb" else None,
        )

    # -- relations -------------------------------------------------------------------------------
    def relations(self, models: dict[TableKey, Model], joins: list[_JoinTable]) -> tuple[Relation, ...]:
        fk_list: list[tuple[TableKey, DbForeignKey]] = [
            (k, fk) for k in models for fk in self.tables[k].foreign_keys if (fk.ref_schema, fk.ref_table) in models
        ]
        pair_count: Counter[frozenset[TableKey]] = Counter()
        for k, fk in fk_list:
            pair_count[frozenset((k, (fk.ref_schema, fk.ref_table)))] += 1
        for j in joins:
            pair_count[frozenset((j.a, j.b))] += 1
        extra: dict[TableKey, list[RelationField]] = defaultdict(list)
        taken: dict[TableKey, set[str]] = {k: {f.name for f in m.fields} for k, m in models.items()}
        out: list[Relation] = []
        for k, fk in fk_list:
            out.append(self.fk_relation(k, fk, models, pair_count, extra, taken))
        for j in joins:
            out.append(self.m2m_relation(j, models, pair_count, extra, taken))
        for k, fields in extra.items():
            m = models[k]
            models[k] = replace(m, fields=m.fields + tuple(fields))
        return tuple(sorted(out, key=lambda r: (r.name, r.referencing.model, r.referencing.field or "")))

    def fk_relation(
        self,
        k: TableKey,
        fk: DbForeignKey,
        models: dict[TableKey, Model],
        pair_count: Counter[frozenset[TableKey]],
        extra: dict[TableKey, list[RelationField]],
        taken: dict[TableKey, set[str]],
    ) -> Relation:
        t = self.tables[k]
        ref_key: TableKey = (fk.ref_schema, fk.ref_table)
        model, target = models[k].name, models[ref_key].name
        is_self = k == ref_key
        ambiguous = pair_count[frozenset((k, ref_key))] > 1
        if ambiguous:
            rel_name = f"{t.name}_{'_'.join(fk.columns)}To{fk.ref_table}"
            forward, back = f"{target}_{rel_name}", f"{'other_' if is_self else ''}{model}_{rel_name}"
        else:
            rel_name = "To".join(sorted((model, target)))
            forward, back = target, (f"other_{model}" if is_self else model)
        forward = _unique_name(self.field_name(forward), taken[k])
        back = _unique_name(self.field_name(back), taken[ref_key])
        names = self.field_names[k]
        ref_names = self.field_names[ref_key]
        optional = any((col := t.column(c)) is not None and col.nullable for c in fk.columns)
        one_to_one = self.is_unique(t, fk.columns)
        on_delete = _ACTIONS.get(fk.on_delete, ReferentialAction.NO_ACTION)
        on_update = _ACTIONS.get(fk.on_update, ReferentialAction.NO_ACTION)
        default_delete = ReferentialAction.SET_NULL if optional else ReferentialAction.RESTRICT
        default_fk = naming.foreign_key_name(t.name, fk.columns, self.limit)
        fk_name = fk.name if fk.name not in (None, default_fk) else None
        ignored_target = models[ref_key].ignored
        extra[k].append(
            RelationField(
                name=forward,
                target=target,
                relation_name=rel_name,
                optional=optional,
                fields=tuple(names[c] for c in fk.columns),
                references=tuple(ref_names[c] for c in fk.ref_columns),
                on_delete=on_delete if on_delete != default_delete else None,
                on_update=on_update if on_update != ReferentialAction.CASCADE else None,
                fk_name=fk_name,
                ignored=ignored_target and not models[k].ignored,
            )
        )
        extra[ref_key].append(
            RelationField(
                name=back,
                target=model,
                relation_name=rel_name,
                list=not one_to_one,
                optional=one_to_one,
                ignored=models[k].ignored and not ignored_target,
            )
        )
        return Relation(
            name=rel_name,
            kind=RelationKind.ONE_TO_ONE if one_to_one else RelationKind.ONE_TO_MANY,
            referencing=RelationEnd(model, forward),
            referenced=RelationEnd(target, back),
            fields=tuple(names[c] for c in fk.columns),
            references=tuple(ref_names[c] for c in fk.ref_columns),
            on_delete=on_delete,
            on_update=on_update,
            fk_name=fk_name,
        )

    def m2m_relation(
        self,
        j: _JoinTable,
        models: dict[TableKey, Model],
        pair_count: Counter[frozenset[TableKey]],
        extra: dict[TableKey, list[RelationField]],
        taken: dict[TableKey, set[str]],
    ) -> Relation:
        a, b = models[j.a].name, models[j.b].name
        ambiguous = pair_count[frozenset((j.a, j.b))] > 1
        if j.a == j.b:
            on_a, on_b = f"{a}_A", f"{a}_B"
        elif ambiguous:
            on_a, on_b = f"{b}_{j.relation}", f"{a}_{j.relation}"
        else:
            on_a, on_b = b, a
        on_a = _unique_name(self.field_name(on_a), taken[j.a])
        on_b = _unique_name(self.field_name(on_b), taken[j.b])
        extra[j.a].append(RelationField(name=on_a, target=b, relation_name=j.relation, list=True))
        extra[j.b].append(RelationField(name=on_b, target=a, relation_name=j.relation, list=True))
        return Relation(
            name=j.relation,
            kind=RelationKind.MANY_TO_MANY,
            referencing=RelationEnd(a, on_a),
            referenced=RelationEnd(b, on_b),
            join_table=j.table.name,
        )

    @staticmethod
    def is_unique(t: DbTable, columns: tuple[str, ...]) -> bool:
        wanted = set(columns)
        if t.primary_key is not None and set(t.primary_key.columns) == wanted:
            return True
        return any(ix.unique and not ix.where and set(ix.column_names) == wanted for ix in t.indexes)


def lift(database: Database, *, prisma_names: bool = False) -> Schema:
    """The model view of a database, like ``prisma db pull`` (see the module docstring)."""
    return _Lifter(database, prisma_names).lift()


def _provider(dialect: str) -> str:
    """The datasource provider of a schema pulled from ``dialect`` (DuckDB's is ``postgresql``)."""
    engine = registry.find(dialect)
    return engine.prisma_provider if engine is not None else dialect
