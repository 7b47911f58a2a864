"""Foreign keys and implicit many-to-many join tables, the way Prisma Migrate creates them.

Foreign keys come in relation-field order of the referencing model (Prisma ingests a relation
at its foreign-key side); join tables come after all model tables, ordered by (model A,
field A) where model A is the model whose name sorts first (for self relations: the field
whose name sorts first). Join table ``_AToB``: columns ``A``/``B`` typed like the first
primary-key column of each side, ``(A, B)`` unique (primary key ``_AB_pkey``, or unique index
``_AB_unique`` on SQLite), an index ``_B_index``, and two ``ON DELETE CASCADE ON UPDATE
CASCADE`` foreign keys ``_A_fkey``/``_B_fkey``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.diagnostics.catalog import dialects as codes
from workbench.dialects import naming
from workbench.dialects.context import LoweringContext
from workbench.ir.database import DbColumn, DbForeignKey, DbIndex, DbIndexColumn, DbPrimaryKey, DbTable
from workbench.ir.schema import Model, ReferentialAction, Relation, RelationField, RelationKind

if TYPE_CHECKING:
    from workbench.diagnostics import Span

ACTION_SQL = {
    ReferentialAction.CASCADE: "CASCADE",
    ReferentialAction.RESTRICT: "RESTRICT",
    ReferentialAction.NO_ACTION: "NO ACTION",
    ReferentialAction.SET_NULL: "SET NULL",
    ReferentialAction.SET_DEFAULT: "SET DEFAULT",
}


def _uses_foreign_keys(lw: LoweringContext) -> bool:
    ds = lw.schema.datasource
    return not (ds and ds.relation_mode and ds.relation_mode.lower() == "prisma")


def _field_position(model: Model, name: str | None) -> int:
    for i, f in enumerate(model.fields):
        if f.name == name:
            return i
    return len(model.fields)


def _action(
    lw: LoweringContext, action: ReferentialAction, explicit: bool, what: str, label: str, rf: RelationField | None
) -> str:
    sql = ACTION_SQL[action]
    if sql in lw.dialect.fk_actions:
        return "NO ACTION" if lw.dialect.name == "duckdb" else sql  # DuckDB stores no action: canonical form
    span = rf.origin if rf else None
    if explicit:
        lw.warn(
            codes.UNSUPPORTED_REFERENTIAL_ACTION,
            f"{label}: {lw.dialect.name} does not support {what} {sql}; the foreign key is created without it",
            span,
        )
    else:
        lw.warn(
            codes.DEFAULT_REFERENTIAL_ACTION,
            f"{label}: Prisma's default {what} {sql} is not supported by {lw.dialect.name}; left out",
            span,
        )
    return "NO ACTION"


def _same_schema_required(
    lw: LoweringContext, fk: DbForeignKey, schema: str | None, label: str, span: Span | None
) -> bool:
    """DuckDB: "Creating foreign keys across different schemas or catalogs is not supported"."""
    if lw.dialect.name != "duckdb" or fk.ref_schema == schema:
        return True
    lw.warn(
        codes.CROSS_SCHEMA_FOREIGN_KEY,
        f"{label}: DuckDB cannot declare a foreign key to a table in another schema "
        f"(`{fk.ref_schema or lw.dialect.default_schema}`.`{fk.ref_table}`); `{fk.name}` is left out",
        span,
    )
    return False


def foreign_keys(lw: LoweringContext, tables: dict[str, DbTable]) -> dict[str, tuple[DbForeignKey, ...]]:
    """Foreign keys of 1:1 and 1:n relations, keyed by referencing model name, in Prisma's order."""
    if not _uses_foreign_keys(lw):
        return {}
    found: dict[str, list[tuple[int, DbForeignKey]]] = {}
    for rel in lw.schema.relations:
        if rel.kind is RelationKind.MANY_TO_MANY or not rel.fields:
            continue
        model = lw.schema.model(rel.referencing.model)
        target = lw.schema.model(rel.referenced.model)
        if model is None or target is None or model.is_view or target.is_view:
            continue
        rf = model.field(rel.referencing.field) if rel.referencing.field else None
        rf = rf if isinstance(rf, RelationField) else None
        label = f"{model.name}.{rel.referencing.field or rel.name}"
        cols = [lw.column_name(model, f) for f in rel.fields]
        refs = [lw.column_name(target, f) for f in rel.references]
        if None in cols or None in refs or len(cols) != len(refs):
            lw.warn(
                codes.UNRESOLVED_REFERENCE,
                f"{label}: foreign key fields do not resolve; skipped",
                rf.origin if rf else None,
            )
            continue
        fk_cols = tuple(c for c in cols if c is not None)  # all of them: None was refused above
        ref_cols = tuple(c for c in refs if c is not None)
        table = tables[model.name]
        on_delete = rel.on_delete or _default_on_delete(model, rel)
        on_update = rel.on_update or ReferentialAction.CASCADE
        explicit_delete = rf is not None and rf.on_delete is not None
        explicit_update = rf is not None and rf.on_update is not None
        fk = DbForeignKey(
            name=rel.fk_name or naming.foreign_key_name(table.name, fk_cols, lw.limit),
            columns=fk_cols,
            ref_table=target.db_name,
            ref_columns=ref_cols,
            ref_schema=tables[target.name].schema,
            on_delete=_action(lw, on_delete, explicit_delete, "ON DELETE", label, rf),
            on_update=_action(lw, on_update, explicit_update, "ON UPDATE", label, rf),
        )
        if not _same_schema_required(lw, fk, table.schema, label, rf.origin if rf else None):
            continue
        lw.origins[("fk", table.schema or "", table.name, fk.name or "")] = rf.origin if rf else model.origin
        found.setdefault(model.name, []).append((_field_position(model, rel.referencing.field), fk))
    return {name: tuple(fk for _, fk in sorted(items, key=lambda p: p[0])) for name, items in found.items()}


def _default_on_delete(model: Model, rel: Relation) -> ReferentialAction:
    """Prisma: SetNull when any foreign-key field is optional, else Restrict."""
    optional = any((f := model.scalar(name)) is not None and f.optional for name in rel.fields)
    return ReferentialAction.SET_NULL if optional else ReferentialAction.RESTRICT


def _m2m_sides(lw: LoweringContext, rel: Relation) -> tuple[Model, str | None, Model, str | None] | None:
    a_end, b_end = rel.referencing, rel.referenced
    if (b_end.model, b_end.field or "") < (a_end.model, a_end.field or ""):
        a_end, b_end = b_end, a_end
    a, b = lw.schema.model(a_end.model), lw.schema.model(b_end.model)
    if a is None or b is None:
        return None
    return a, a_end.field, b, b_end.field


def join_tables(lw: LoweringContext, tables: dict[str, DbTable]) -> list[DbTable]:
    positions = {m.name: i for i, m in enumerate(lw.schema.models)}
    pending: list[tuple[tuple[int, int], DbTable]] = []
    for rel in lw.schema.relations:
        if rel.kind is not RelationKind.MANY_TO_MANY:
            continue
        sides = _m2m_sides(lw, rel)
        if sides is None:
            continue
        a, a_field, b, _ = sides
        if a.is_view or b.is_view:
            continue
        table = _join_table(lw, rel, a, b, tables)
        if table is not None:
            side = a.field(a_field) if a_field else None
            lw.origins[("table", table.schema or "", table.name)] = side.origin if side else a.origin
            pending.append(((positions[a.name], _field_position(a, a_field)), table))
    return [t for _, t in sorted(pending, key=lambda p: p[0])]


def _pk_column(lw: LoweringContext, model: Model, tables: dict[str, DbTable]) -> DbColumn | None:
    table = tables.get(model.name)
    if table is None or table.primary_key is None or not table.primary_key.columns:
        return None
    return table.column(table.primary_key.columns[0])


def _join_table(lw: LoweringContext, rel: Relation, a: Model, b: Model, tables: dict[str, DbTable]) -> DbTable | None:
    col_a, col_b = _pk_column(lw, a, tables), _pk_column(lw, b, tables)
    if col_a is None or col_b is None:
        lw.warn(codes.UNRESOLVED_REFERENCE, f"m:n relation `{rel.name}`: both models need an @id; skipped", None)
        return None
    name = naming.join_table_name(rel.join_table or f"_{rel.name}", lw.limit)
    limit = lw.limit
    columns = (DbColumn(name="A", type=col_a.type), DbColumn(name="B", type=col_b.type))
    indexes: list[DbIndex] = []
    pk = None
    if lw.dialect.join_table_key == "primary_key":
        pk = DbPrimaryKey(name=naming.join_table_key_name(name, "_AB_pkey", limit), columns=("A", "B"))
    else:
        key = naming.join_table_key_name(name, "_AB_unique", limit)
        indexes.append(DbIndex(name=key, columns=(DbIndexColumn("A"), DbIndexColumn("B")), unique=True))
    indexes.append(DbIndex(name=naming.join_table_key_name(name, "_B_index", limit), columns=(DbIndexColumn("B"),)))
    fks: tuple[DbForeignKey, ...] = ()
    if _uses_foreign_keys(lw):
        action = "CASCADE" if "CASCADE" in lw.dialect.fk_actions else "NO ACTION"
        if action != "CASCADE":
            lw.warn(
                codes.DEFAULT_REFERENTIAL_ACTION,
                f"join table `{name}`: ON DELETE/UPDATE CASCADE is not supported by {lw.dialect.name}; left out",
                None,
            )
        candidates = tuple(
            DbForeignKey(
                name=naming.join_table_fk_name(name, col, limit),
                columns=(col,),
                ref_table=tables[model.name].name,
                ref_columns=(pk_col.name,),
                ref_schema=tables[model.name].schema,
                on_delete=action,
                on_update=action,
            )
            for col, model, pk_col in (("A", a, col_a), ("B", b, col_b))
        )
        schema = tables[a.name].schema
        fks = tuple(fk for fk in candidates if _same_schema_required(lw, fk, schema, f"join table `{name}`", None))
    return DbTable(
        name=name,
        columns=columns,
        schema=tables[a.name].schema,
        primary_key=pk,
        indexes=tuple(indexes),
        foreign_keys=fks,
    )
