"""The Drizzle ``schema.ts`` writer: tables, columns, keys, indexes and foreign keys.

Built from two views of the schema at once: the *model* view (field names become the Drizzle
property names, ``///`` docs, client-side defaults, ``@updatedAt``) and the *database* view from
``workbench.dialects.lower`` (Prisma's exact column types, default expressions, constraint and
index names, implicit join tables). Everything Prisma Migrate names is named explicitly here
(``primaryKey({ name })``, ``uniqueIndex("User_email_key")``, ``foreignKey({ name })``), so
``drizzle-kit generate`` creates the same catalog as Prisma's own DDL.

Order: imports, custom types, schemas, enums, tables in model order, join tables, relations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from workbench.diagnostics import Diagnostic, Span
from workbench.diagnostics.catalog import drizzle as codes
from workbench.diagnostics.catalog import severity_of
from workbench.emit.drizzle.typemap import (
    Builder,
    CustomType,
    builder_for,
    mysql_spelling,
    pg_custom_name_ok,
    split_type,
    ts_string,
)
from workbench.emit.drizzle.uniques import backs_foreign_key, referenced_keys, unique_constraint
from workbench.emit.tscommon import jsdoc, prop
from workbench.emit.tsnames import camel, enum_var, join_table_var, relations_var, safe, table_var
from workbench.ir.database import Database, DbColumn, DbForeignKey, DbIndex, DbTable
from workbench.ir.schema import DefaultKind, Model, Relation, RelationKind, ScalarField, ScalarType, Schema


@dataclass(frozen=True, slots=True)
class Flavor:
    """One Drizzle dialect: its module, table function and drizzle-kit name."""

    name: str  # pg, sqlite, mysql
    module: str
    table_fn: str
    extra_type: str
    schema_fn: str | None
    kit_dialect: str


FLAVORS = {
    "pg": Flavor("pg", "drizzle-orm/pg-core", "pgTable", "PgTableExtraConfigValue", "pgSchema", "postgresql"),
    "sqlite": Flavor("sqlite", "drizzle-orm/sqlite-core", "sqliteTable", "SQLiteTableExtraConfigValue", None, "sqlite"),
    "mysql": Flavor(
        "mysql", "drizzle-orm/mysql-core", "mysqlTable", "MySqlTableExtraConfigValue", "mysqlSchema", "mysql"
    ),
}

ACTIONS = {"CASCADE": "cascade", "RESTRICT": "restrict", "NO ACTION": "no action", "SET NULL": "set null"}
ACTIONS["SET DEFAULT"] = "set default"

# Identifiers a custom type constant must not take (builders and helpers we import).
TAKEN = frozenset(
    """text varchar char integer smallint bigint serial smallserial bigserial boolean real doublePrecision numeric
    timestamp time date json jsonb uuid inet bit blob int tinyint mediumint decimal float double datetime binary
    varbinary tinytext mediumtext longtext year customType primaryKey foreignKey index uniqueIndex sql relations
    createId nanoid ulid mysqlEnum unique""".split()
)

CLIENT_FN = {
    DefaultKind.UUID: ("crypto.randomUUID()", None),
    DefaultKind.CUID: ("createId()", ("createId", "@paralleldrive/cuid2")),
    DefaultKind.ULID: ("ulid()", ("ulid", "ulid")),
}


# A number JavaScript prints back digit for digit (no exponent, no trailing zeros, < 2**53).
_JS_SAME_NUMBER = re.compile(r"-?(0|[1-9][0-9]{0,14})(\.[0-9]{0,14}[1-9])?")


AUTOINCREMENT_FN = "autoincrementValue"


def autoincrement_helper(name: str) -> str:
    """The SQLite ``autoincrement()`` stand-in: max + 1 computed inside the INSERT (atomic: SQLite
    runs one writer at a time), plus the row's position when one statement inserts several rows
    (Drizzle calls ``$defaultFn`` for each row while building the statement, synchronously)."""
    return (
        "/** The next value of a column SQLite cannot autoincrement as Prisma creates it (max + 1). */\n"
        f"const {name} = (() => {{\n"
        "  let row = 0;\n"
        "  return (table: string, column: string) => {\n"
        "    if (row++ === 0) queueMicrotask(() => (row = 0));\n"
        "    return sql`(SELECT coalesce(max(${sql.identifier(column)}), 0) + ${row} FROM ${sql.identifier(table)})`;\n"
        "  };\n"
        "})();\n"
    )


def sql_template(text: str) -> str:
    """A ``sql`...``` tagged template holding ``text`` verbatim (backslashes, backticks, ``${`` escaped)."""
    return "sql`" + text.replace("\\", "\\\\").replace("`", "\\`").replace("${", "\\${") + "`"


@dataclass
class Emitter:
    schema: Schema
    database: Database
    flavor: Flavor
    diagnostics: list[Diagnostic] = field(default_factory=list)
    core: set[str] = field(default_factory=set)
    core_types: set[str] = field(default_factory=set)
    orm: set[str] = field(default_factory=set)
    npm: dict[str, str] = field(default_factory=dict)  # imported name -> package
    customs: dict[str, CustomType] = field(default_factory=dict)  # var -> declaration
    schema_vars: dict[str, str] = field(default_factory=dict)  # db schema name -> TS var
    table_vars: dict[tuple[str | None, str], str] = field(default_factory=dict)  # (schema, table) -> var
    column_keys: dict[tuple[str | None, str], dict[str, str]] = field(default_factory=dict)
    fields: dict[tuple[str | None, str], dict[str, ScalarField]] = field(default_factory=dict)  # column -> field
    join_relations: dict[str, Relation] = field(default_factory=dict)  # lowered join table name -> relation
    model_vars: dict[str, str] = field(default_factory=dict)  # model name -> table var
    relation_index: dict[tuple[str, str], Relation] | None = None  # (model, field) -> relation
    exported: set[str] = field(default_factory=set)  # every exported TS name (tables, enums, relations)
    helpers: set[str] = field(default_factory=set)  # local helper functions used (AUTOINCREMENT_FN)
    referenced: dict[tuple[str | None, str], set[frozenset[str]]] = field(default_factory=dict)  # FK targets

    def __post_init__(self) -> None:
        self.referenced = referenced_keys(self.database)

    # -- diagnostics ---------------------------------------------------------------------------------
    def report(self, code: str, message: str, span: Span | None, help: str | None = None) -> None:
        severity = severity_of(code)  # the catalogue's: info for the I codes, warning for the W codes
        self.diagnostics.append(Diagnostic(code, severity, message, span, help))

    # -- names -----------------------------------------------------------------------------------
    def local(self, name: str) -> str:
        """How an imported or local helper is called here: ``$name`` when an export took ``name``
        (a model named ``Text`` exports ``text``); tsnames never produce ``$``, so that is free."""
        return f"${name}" if name in self.exported else name

    def use(self, name: str) -> str:
        """Import ``name`` from the dialect's core module; the identifier to call it by."""
        self.core.add(name)
        return self.local(name)

    @property
    def param(self) -> str:
        """The extra-config callback's parameter (``t``; a table exported as ``t`` is not shadowed)."""
        return self.local("t")

    def custom_var(self, custom: CustomType) -> str:
        taken = TAKEN | self.exported
        base = custom.var(frozenset(taken))
        var, n = base, 2
        while (var in self.customs and self.customs[var] != custom) or var in self.exported:
            var, n = f"{base}{n}", n + 1
        self.customs[var] = custom
        self.use("customType")
        return var

    def schema_var(self, name: str) -> str:
        var = self.schema_vars.get(name)
        if var is None:
            var = safe(camel(name) + "Schema", "_")
            while var in self.exported:
                var += "_"
            self.schema_vars[name] = var
            self.use(self.flavor.schema_fn or "pgSchema")
        return var

    # -- columns ---------------------------------------------------------------------------------
    def builder(self, model: Model, f: ScalarField, col: DbColumn) -> tuple[Builder, bool]:
        """(builder, is_list) for a column; unknown types become a customType with a warning."""
        sql = col.type
        if self.flavor.name == "mysql" and f.type is not ScalarType.UNSUPPORTED:
            sql = mysql_spelling(f.type, f.native_type) or col.type
        found, is_list = builder_for(self.flavor.name, sql, col.autoincrement)
        if self.flavor.name == "mysql":
            is_list = f.list
        if f.type is ScalarType.UNSUPPORTED:
            raw = f.unsupported or col.type
            if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", raw):
                raw = raw.lower()  # what Postgres makes of Prisma's unquoted spelling; drizzle-kit quotes it
            if self.flavor.name == "pg" and not pg_custom_name_ok(raw):
                self.report(
                    codes.CUSTOM_TYPE_NAME,
                    f'{model.name}.{f.name}: drizzle-kit double-quotes the custom type name "{raw}", '
                    "so Postgres may not find it",
                    f.origin,
                    help="write the type in lower case without arguments, or create the column in a custom migration",
                )
            return Builder("customType", custom=CustomType(raw, "data: string"), literal_ok=False), is_list
        if found is None and col.autoincrement:
            found, _ = builder_for(self.flavor.name, sql, False)
        if found is None:
            self.report(
                codes.NO_BUILDER,
                f"{model.name}.{f.name}: Drizzle has no builder for {col.type}; declared as a customType",
                f.origin,
            )
            raw = col.type[:-2] if col.type.endswith("[]") else col.type
            found = Builder("customType", custom=CustomType(raw.lower(), "data: string"), literal_ok=False)
        return found, is_list

    def column(self, model: Model, f: ScalarField, col: DbColumn, table: DbTable) -> str:
        fl = self.flavor.name
        enum = self.schema.enum(f.enum) if f.enum else None
        b, is_list = self.builder(model, f, col) if enum is None else (Builder("enum"), f.list)
        if enum is not None:
            ev = enum_var(enum.name)
            name = ts_string(col.name)
            if fl == "pg":
                expr = f"{ev}({name})"
            elif fl == "sqlite":
                expr = f"{self.use('text')}({name}, {{ enum: {ev}.enumValues }})"
            else:
                expr = f"{self.use('mysqlEnum')}({name}, {ev}.enumValues)"
        elif b.custom is not None:
            expr = b.call(col.name, self.custom_var(b.custom))
        else:
            expr = b.call(col.name, self.use(b.fn))
        if is_list:
            if fl == "pg":
                expr += ".array()"
            elif fl == "mysql":
                expr = f"{self.use('json')}({ts_string(col.name)}).$type<unknown[]>()"
                self.report(codes.MYSQL_LIST, f"{model.name}.{f.name}: MySQL has no lists; a json column", f.origin)
        pk = table.primary_key
        single_pk = pk is not None and pk.columns == (col.name,)
        if fl == "mysql" and col.autoincrement:
            expr += ".autoincrement()"
        if fl == "sqlite" and single_pk:
            expr += ".primaryKey({ autoIncrement: true })" if col.autoincrement else ".primaryKey()"
        elif fl == "mysql" and single_pk:
            # Column-level, not primaryKey({ columns }): `$returningId()` only returns columns whose
            # own `primary` flag is set. MySQL names every primary key PRIMARY, so no name is lost.
            expr += ".primaryKey()"
        if not col.nullable:
            expr += ".notNull()"
        expr += self.default(model, f, col, b, enum is not None, table)
        if f.updated_at and (b.is_date or fl == "mysql"):
            expr += ".$onUpdate(() => new Date())"
        return f"{jsdoc(f.doc, '    ')}    {prop(f.name)}: {expr},\n"

    def default(self, model: Model, f: ScalarField, col: DbColumn, b: Builder, is_enum: bool, table: DbTable) -> str:
        d = f.default
        if d is None:
            return ""
        if d.side == "client":
            return self.client_default(model, f)
        if d.kind is DefaultKind.AUTOINCREMENT and self.flavor.name == "sqlite" and not col.autoincrement:
            return self.sqlite_autoincrement(model, f, col, table)
        if col.default is None:
            return ""
        literal = d.kind in (DefaultKind.LITERAL, DefaultKind.ENUM) and not f.list
        if literal and is_enum and col.default.startswith("'") and col.default.endswith("'"):
            return f".default({ts_string(col.default[1:-1].replace(chr(39) * 2, chr(39)))})"
        if literal and b.literal_ok and not is_enum:
            value = d.value[0] if isinstance(d.value, tuple) and len(d.value) == 1 else d.value
            if isinstance(value, bool) and f.type is ScalarType.BOOLEAN:
                return f".default({'true' if value else 'false'})"
            if isinstance(value, str) and f.type is ScalarType.STRING:
                return f".default({ts_string(value)})"
            if isinstance(value, int) and f.type is ScalarType.INT and abs(value) < 2**31:
                return f".default({value})"
            if f.type is ScalarType.FLOAT and _JS_SAME_NUMBER.fullmatch(col.default):
                return f".default({col.default})"  # drizzle-kit writes String(value): the same digits
        self.orm.add("sql")
        text = col.default
        if self.flavor.name == "mysql" and d.kind is DefaultKind.NOW:
            _, args, _ = split_type(mysql_spelling(f.type, f.native_type) or "")
            text = f"CURRENT_TIMESTAMP({args[0]})" if args else "CURRENT_TIMESTAMP"
        return f".default({sql_template(text)})"

    def sqlite_autoincrement(self, model: Model, f: ScalarField, col: DbColumn, table: DbTable) -> str:
        """``autoincrement()`` on a column Prisma's SQLite DDL cannot autoincrement (a ``BIGINT`` key
        is no rowid alias, prisma/prisma#20449): the value is computed in the INSERT itself, so the
        catalog stays Prisma's and creating a row without the value works."""
        self.report(
            codes.SQLITE_AUTOINCREMENT,
            f"{model.name}.{f.name}: SQLite cannot autoincrement this column as Prisma creates it; "
            "the Drizzle schema inserts max + 1 (values of deleted top rows are reused)",
            f.origin,
            help="use Int for an autoincrementing SQLite key (a rowid alias)",
        )
        self.orm.add("sql")
        self.helpers.add(AUTOINCREMENT_FN)
        return f".$defaultFn(() => {self.local(AUTOINCREMENT_FN)}({ts_string(table.name)}, {ts_string(col.name)}))"

    def client_default(self, model: Model, f: ScalarField) -> str:
        d = f.default
        assert d is not None
        where = f"{model.name}.{f.name}: @default({d.kind.value}({', '.join(d.args)}))"
        if d.kind is DefaultKind.NANOID:
            self.npm["nanoid"] = "nanoid"
            size = d.args[0] if d.args and d.args[0].isdigit() else ""
            return f".$defaultFn(() => {self.local('nanoid')}({size}))"
        call, imp = CLIENT_FN[d.kind]
        if imp:
            self.npm[imp[0]] = imp[1]
            call = self.local(imp[0]) + "()"
        if d.kind is DefaultKind.UUID and d.args and d.args[0] != "4":
            self.report(codes.CLIENT_DEFAULT, f"{where}: generated as a version 4 UUID (crypto.randomUUID)", f.origin)
        if d.kind is DefaultKind.CUID and d.args != ("2",):
            self.report(
                codes.CLIENT_DEFAULT, f"{where}: generated as a cuid2 (@paralleldrive/cuid2), not cuid v1", f.origin
            )
        return f".$defaultFn(() => {call})"

    # -- keys, indexes, foreign keys ----------------------------------------------------------------
    def extras(self, table: DbTable, keys: dict[str, str], model: Model | None = None) -> list[str]:
        fl = self.flavor.name
        out: list[str] = []
        pk = table.primary_key
        if pk is not None and (fl == "pg" or len(pk.columns) > 1):  # single-column: on the column
            cols = ", ".join(f"{self.param}.{keys[c]}" for c in pk.columns)
            name = f"name: {ts_string(pk.name)}, " if pk.name and fl == "pg" else ""
            out.append(f"{self.use('primaryKey')}({{ {name}columns: [{cols}] }})")
        for ix in table.indexes:
            if backs_foreign_key(self, table, ix):
                out.append(unique_constraint(self, table, ix, keys, model))
            else:
                out.append(self.index(ix, keys))
        for fk in table.foreign_keys:
            out.append(self.foreign_key(table, fk, keys))
        return out

    def index(self, ix: DbIndex, keys: dict[str, str]) -> str:
        fn = self.use("uniqueIndex" if ix.unique else "index")
        cols = []
        for c in ix.columns:
            expr = f"{self.param}.{keys[c.name]}"
            if self.flavor.name == "pg":
                if c.sort == "DESC":
                    expr += ".desc().nullsFirst()"  # Postgres's DESC default; drizzle-kit would say NULLS LAST
                if c.ops:
                    expr += f".op({ts_string(c.ops)})"
            elif c.sort == "DESC":
                self.orm.add("sql")
                expr = f"sql`${{{expr}}} desc`"
            cols.append(expr)
        method = (ix.method or "").lower()
        if self.flavor.name == "mysql":
            method = ""
        if not method and any(c.ops for c in ix.columns) and self.flavor.name == "pg":
            method = "btree"
        on = f'.using("{method}", {", ".join(cols)})' if method else f".on({', '.join(cols)})"
        where = ""
        if ix.where:
            self.orm.add("sql")
            where = f".where({sql_template(ix.where)})"
        return f"{fn}({ts_string(ix.name)}){on}{where}"

    def foreign_key(self, table: DbTable, fk: DbForeignKey, keys: dict[str, str]) -> str:
        target = (fk.ref_schema, fk.ref_table)
        if target == (table.schema, table.name):
            prefix, ref_keys = self.param, keys
        else:
            prefix, ref_keys = self.table_vars[target], self.column_keys[target]
        cols = ", ".join(f"{self.param}.{keys[c]}" for c in fk.columns)
        refs = ", ".join(f"{prefix}.{ref_keys[c]}" for c in fk.ref_columns)
        name = f"name: {ts_string(fk.name)}, " if fk.name else ""
        text = f"{self.use('foreignKey')}({{ {name}columns: [{cols}], foreignColumns: [{refs}] }})"
        return text + f'.onDelete("{ACTIONS[fk.on_delete]}").onUpdate("{ACTIONS[fk.on_update]}")'

    # -- tables ----------------------------------------------------------------------------------
    def table(
        self, var: str, table: DbTable, body: list[str], keys: dict[str, str], doc: str | None, model: Model | None
    ) -> str:
        if table.schema and self.flavor.schema_fn:
            fn = f"{self.schema_var(table.schema)}.table"
        else:
            fn = self.use(self.flavor.table_fn)
        extras = self.extras(table, keys, model)
        text = f"{jsdoc(doc)}export const {var} = {fn}(\n  {ts_string(table.name)},\n  {{\n{''.join(body)}  }}"
        if extras:
            self.core_types.add(self.flavor.extra_type)
            items = "".join(f"    {e},\n" for e in extras)
            text += f",\n  ({self.param}): {self.flavor.extra_type}[] => [\n{items}  ]"
        return text + ",\n);\n"

    def model_table(self, model: Model, table: DbTable) -> str:
        keys = self.column_keys[(table.schema, table.name)]
        body = [self.column(model, f, c, table) for f, c in zip(model.scalar_fields, table.columns, strict=True)]
        return self.table(self.table_vars[(table.schema, table.name)], table, body, keys, model.doc, model)

    def join_table(self, table: DbTable) -> str:
        keys = self.column_keys[(table.schema, table.name)]
        body = []
        for col in table.columns:
            sql = self.mysql_ref_type(table, col.name) if self.flavor.name == "mysql" else col.type
            b = builder_for(self.flavor.name, sql, False)[0] or Builder("text")
            if b.custom is not None:
                expr = b.call(col.name, self.custom_var(b.custom))
            else:
                expr = b.call(col.name, self.use(b.fn))
            body.append(f"    {col.name}: {expr}.notNull(),\n")
        rel = self.join_relations.get(table.name)
        doc = f"Implicit many-to-many table of relation `{rel.name}` (Prisma's `_AToB` convention)." if rel else None
        return self.table(self.table_vars[(table.schema, table.name)], table, body, keys, doc, None)

    def mysql_ref_type(self, table: DbTable, column: str) -> str:
        """A join table column's MySQL type: that of the key it references (``A``/``B`` were
        lowered for Postgres, whose spellings MySQL's builders do not know)."""
        for fk in table.foreign_keys:
            if fk.columns == (column,):
                f = self.fields.get((fk.ref_schema, fk.ref_table), {}).get(fk.ref_columns[0])
                if f is not None:
                    return mysql_spelling(f.type, f.native_type) or "TEXT"
        return "TEXT"

    def enums(self) -> str:
        out = []
        # lowering keeps schema order, so position pairs them even when two schemas reuse a name
        db_enums = dict(zip((e.name for e in self.schema.enums), self.database.enums, strict=False))
        for enum in self.schema.enums:
            var = enum_var(enum.name)
            values = ", ".join(ts_string(v.db_name) for v in enum.values)
            doc = jsdoc(enum.doc)
            if self.flavor.name == "pg":
                found = db_enums.get(enum.name)
                schema = found.schema if found else None
                fn = f"{self.schema_var(schema)}.enum" if schema else self.use("pgEnum")
                out.append(f"{doc}export const {var} = {fn}({ts_string(enum.db_name)}, [{values}]);\n")
            else:
                # No enum types here (Prisma stores TEXT / MySQL ENUM columns): the values, shaped like pgEnum's.
                out.append(
                    f"{doc}export const {var} = {{ enumName: {ts_string(enum.db_name)}, "
                    f"enumValues: [{values}] }} as const;\n"
                )
        return "\n".join(out)


def register_tables(em: Emitter, models: list[tuple[Model, DbTable]], joins: list[DbTable]) -> None:
    """Decide every table's TS variable and column keys before any table is written (forward refs)."""
    used: set[str] = set()

    def unique(var: str, span: Span | None, what: str) -> str:
        if var not in used:
            used.add(var)
            return var
        n = 2
        while f"{var}{n}" in used:
            n += 1
        em.report(codes.DUPLICATE_NAME, f"{what}: the name `{var}` is taken; exported as `{var}{n}`", span)
        used.add(f"{var}{n}")
        return f"{var}{n}"

    used.update(enum_var(e.name) for e in em.schema.enums)
    for model, table in models:
        key = (table.schema, table.name)
        em.table_vars[key] = unique(table_var(model.name), model.origin, f"model `{model.name}`")
        em.model_vars[model.name] = em.table_vars[key]
        em.column_keys[key] = {c.name: f.name for f, c in zip(model.scalar_fields, table.columns, strict=True)}
        em.fields[key] = {c.name: f for f, c in zip(model.scalar_fields, table.columns, strict=True)}
    for table in joins:
        key = (table.schema, table.name)
        rel = em.join_relations.get(table.name)
        em.table_vars[key] = unique(
            join_table_var(rel.join_table if rel and rel.join_table else table.name), None, f"join table `{table.name}`"
        )
        em.column_keys[key] = {c.name: c.name for c in table.columns}
    em.exported.update(used)
    em.exported.update(relations_var(m.name) for m, _ in models)
    em.exported.update(relations_var(v) for k, v in em.table_vars.items() if k[1] in em.join_relations)


def m2m_relations(schema: Schema) -> list[Relation]:
    return [r for r in schema.relations if r.kind is RelationKind.MANY_TO_MANY]
