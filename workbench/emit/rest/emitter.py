"""``api/<model>.api.ts``: a typed data-access class per model, in the design document's shape.

::

    export class UsersApi {
      constructor(private readonly db: PgDatabase<PgQueryResultHKT>) {}
      async create(data: CreateUserDTO): Promise<User>        // createUserSchema.parse, insert ... returning
      async get(id: User["id"]): Promise<User | null>
      async list({ limit, offset } = {}): Promise<User[]>     // ordered by the key, so pages are stable
      async update(id: User["id"], data: UpdateUserDTO): Promise<User>   // NotFoundError when missing
      async delete(id: User["id"]): Promise<void>
    }

Built on the Drizzle tables of ``schema.ts`` (names from :mod:`workbench.emit.tsnames`), the zod
schemas of ``validation.ts`` and the types of ``types.ts``. A composite key (or a unique criterion
when there is no primary key) is passed as a key object (``{ organizationId, userId }``); a model
without any key gets create and list only. MySQL has no ``RETURNING``: the row is re-read by key.

One place needs a type assertion, checked by TypeScript for overlap: rows of models with ``Json``
fields (Drizzle types json columns as ``unknown``, ``types.ts`` as ``JsonValue``). ``Bytes`` need
none: the Drizzle schema types binary columns as ``Uint8Array``, like zod and ``types.ts``.
"""

from __future__ import annotations

from workbench.emit.tscommon import (
    DbFlavor,
    RowKey,
    can_create,
    client_models,
    mysql_insert,
    plural,
    row_key,
    scalar_fields,
    ts_string,
)
from workbench.emit.tsnames import camel, file_stem, table_var, type_name, zod_var
from workbench.emit.typescript.emitter import dto_name
from workbench.ir.schema import Model, ScalarType, Schema

DEFAULT_LIMIT = 100
LOCALS = frozenset(
    {"values", "row", "rows", "data", "id", "key", "limit", "offset", "NotFoundError", "and", "asc", "eq"}
)


def api_class(model: str) -> str:
    """``UsersApi`` for model ``User``."""
    return plural(model[:1].upper() + model[1:]) + "Api"


def api_models(schema: Schema) -> tuple[Model, ...]:
    """Models with a Drizzle table (views have none; ``@@ignore`` models are not client models)."""
    return tuple(m for m in client_models(schema) if not m.is_view)


class KeyCode:
    """TypeScript snippets for addressing one row by its key."""

    def __init__(self, model: Model, key: RowKey, table: str) -> None:
        self.key, self.table = key, table
        name = type_name(model.name)
        single = key.single
        if single is not None:
            self.param = f"id: {name}[{ts_string(single.name)}]"
            self.arg = "id"
            self.where = f"eq({table}.{single.name}, id)"
            self.after_update = f"values.{single.name} ?? id"
        else:
            self.param = "key: " + self.type_name(model)
            self.arg = "key"
            conds = ", ".join(f"eq({table}.{f.name}, key.{f.name})" for f in key.fields)
            self.where = f"and({conds})"
            self.after_update = (
                "{ " + ", ".join(f"{f.name}: values.{f.name} ?? key.{f.name}" for f in key.fields) + " }"
            )

    @staticmethod
    def type_name(model: Model) -> str:
        return f"{type_name(model.name)}Key"

    def declaration(self, model: Model) -> str:
        if self.key.single is not None:
            return ""
        names = " | ".join(ts_string(f.name) for f in self.key.fields)
        name = type_name(model.name)
        doc = f"/** The fields that identify one {name}. */\n"
        return f"{doc}export type {self.type_name(model)} = Pick<{name}, {names}>;\n\n"

    @property
    def order(self) -> str:
        return ", ".join(f"asc({self.table}.{f.name})" for f in self.key.fields)


def render_model(model: Model, flavor: DbFlavor, header: str) -> str:
    name = type_name(model.name)
    table = table_var(model.name)
    table_ref = table if table not in LOCALS else f"{table}Table"
    table_import = table if table_ref == table else f"{table} as {table_ref}"
    key = row_key(model)
    kc = KeyCode(model, key, table_ref) if key else None
    fields = scalar_fields(model)
    cast_rows = any(f.type is ScalarType.JSON for f in fields)
    create_dto, update_dto = dto_name(model.name, "create"), dto_name(model.name, "update")
    row_t = f" as {name}" if cast_rows else ""
    rows_t = f" as {name}[]" if cast_rows else ""
    ins = "values"

    orm = {"eq"} if kc else set()
    if kc and kc.key.single is None:
        orm.add("and")
    if kc:
        orm.add("asc")
    methods: list[str] = []
    # create
    if flavor.returning:
        body = (
            f"    const [row] = await this.db.insert({table_ref}).values({ins}).returning();\n    return row{row_t};\n"
        )
    else:
        key_type = f"Pick<{name}, {' | '.join(ts_string(f.name) for f in kc.key.fields)}>" if kc else ""
        mysql = mysql_insert(key, f"this.db.insert({table_ref}).values({ins})", "values", key_type)
        if mysql is None:
            body = f"    await this.db.insert({table_ref}).values({ins});\n"
        else:
            body = (
                f"    {mysql[0]}\n"
                f"    const row = await this.get({mysql[1]});\n"
                f"    if (!row) throw new NotFoundError({ts_string(name)}, {mysql[1]});\n"
                "    return row;\n"
            )
    returns = f"Promise<{name}>" if "return row" in body else "Promise<void>"
    creatable = can_create(model)
    if creatable:
        methods.append(
            f"  /** Validate `data` with `{zod_var(model.name, 'create')}` and insert it. */\n"
            f"  async create(data: {create_dto}): {returns} {{\n"
            f"    const values = {zod_var(model.name, 'create')}.parse(data);\n{body}  }}\n"
        )
    if kc:
        methods.append(
            f"  /** The {name} with this key, or null. */\n"
            f"  async get({kc.param}): Promise<{name} | null> {{\n"
            f"    const [row] = await this.db.select().from({table_ref}).where({kc.where}).limit(1);\n"
            f"    return {f'(row ?? null) as {name} | null' if cast_rows else 'row ?? null'};\n"
            "  }\n"
        )
    order = f".orderBy({kc.order})" if kc else ""
    methods.append(
        f"  /** One page of {name} rows{', ordered by key' if kc else ''}. */\n"
        f"  async list({{ limit = {DEFAULT_LIMIT}, offset = 0 }}: {{ limit?: number; offset?: number }} = {{}}): "
        f"Promise<{name}[]> {{\n"
        f"    const rows = await this.db.select().from({table_ref}){order}.limit(limit).offset(offset);\n"
        f"    return rows{rows_t};\n"
        "  }\n"
    )
    if kc:
        if flavor.returning:
            upd = (
                f"    const [row] = await this.db.update({table_ref}).set({ins}).where({kc.where}).returning();\n"
                f"    if (!row) throw new NotFoundError({ts_string(name)}, {kc.arg});\n"
                f"    return row{row_t};\n"
            )
        else:
            upd = (
                f"    await this.db.update({table_ref}).set({ins}).where({kc.where});\n"
                f"    const row = await this.get({kc.after_update});\n"
                f"    if (!row) throw new NotFoundError({ts_string(name)}, {kc.arg});\n"
                "    return row;\n"
            )
        methods.append(
            f"  /** Validate `data` with `{zod_var(model.name, 'update')}` and apply it; NotFoundError if missing. */\n"
            f"  async update({kc.param}, data: {update_dto}): Promise<{name}> {{\n"
            f"    const values = {zod_var(model.name, 'update')}.parse(data);\n"
            "    if (Object.keys(values).length === 0) {\n"
            f"      const row = await this.get({kc.arg});\n"
            f"      if (!row) throw new NotFoundError({ts_string(name)}, {kc.arg});\n"
            "      return row;\n"
            "    }\n"
            f"{upd}  }}\n"
        )
        methods.append(
            f"  /** Delete the {name} with this key (nothing happens when there is none). */\n"
            f"  async delete({kc.param}): Promise<void> {{\n"
            f"    await this.db.delete({table_ref}).where({kc.where});\n"
            "  }\n"
        )
    imports = []
    if orm:
        imports.append(f'import {{ {", ".join(sorted(orm))} }} from "drizzle-orm";\n')
    imports.append(flavor.import_line + "\n")
    imports.append(f'import {{ {table_import} }} from "../schema";\n')
    types = sorted({name} | ({create_dto} if creatable else set()) | ({update_dto} if kc else set()))
    imports.append(f'import type {{ {", ".join(types)} }} from "../types";\n')
    zods = ([zod_var(model.name, "create")] if creatable else []) + ([zod_var(model.name, "update")] if kc else [])
    if zods:
        imports.append(f'import {{ {", ".join(zods)} }} from "../validation";\n')
    if kc:
        imports.append('import { NotFoundError } from "./errors";\n')
    doc = (
        f"/** Data access for {name} rows: input validated with zod, queries through Drizzle. */\n"
        f"export class {api_class(model.name)} {{\n"
        f"  constructor(private readonly db: {flavor.db_type}) {{}}\n\n"
    )
    return (
        header
        + "\n"
        + "".join(imports)
        + "\n"
        + (kc.declaration(model) if kc else "")
        + doc
        + "\n".join(methods)
        + "}\n"
    )


ERRORS = """
/** Thrown by update() when no row has the given key. */
export class NotFoundError extends Error {
  constructor(
    readonly model: string,
    readonly key: unknown,
  ) {
    super(`${model} not found: ${formatKey(key)}`);
    this.name = "NotFoundError";
  }
}

function formatKey(key: unknown): string {
  if (typeof key === "object" && key !== null) {
    return Object.entries(key)
      .map(([name, value]) => `${name}=${String(value)}`)
      .join(", ");
  }
  return String(key);
}
"""


def render_index(models: tuple[Model, ...], flavor: DbFlavor, header: str) -> str:
    classes = [api_class(m.name) for m in models]
    lines = [header, "\n", flavor.import_line, "\n"]
    for m, cls in zip(models, classes, strict=True):
        lines.append(f'import {{ {cls} }} from "./{file_stem(m.name)}.api";\n')
    lines.append('\nexport { NotFoundError } from "./errors";\n')
    if classes:
        lines.append(f"export {{ {', '.join(classes)} }};\n")
    lines.append(
        "\n/** Every model's API on one database handle: `const api = createApi(db); await api.users.list()`. */\n"
    )
    lines.append(f"export function createApi(db: {flavor.db_type}) {{\n  return {{\n")
    for m, cls in zip(models, classes, strict=True):
        lines.append(f"    {plural(camel(m.name))}: new {cls}(db),\n")
    lines.append("  };\n}\n")
    return "".join(lines)
