"""tRPC v11 routers: ``trpc/init.ts`` (user-editable), ``trpc/routers/<model>.ts``, ``trpc/router.ts``.

Per model a router with zod-validated procedures on Drizzle (``ctx.db``)::

    export const userRouter = router({
      list:   publicProcedure.input({ limit, offset })      -> rows ordered by key
      byId:   publicProcedure.input(userKey)                -> the row, or NOT_FOUND
      create: protectedProcedure.input(createUserSchema)    -> the inserted row
      update: protectedProcedure.input(userKey + { data: updateUserSchema }) -> the row, or NOT_FOUND
      delete: protectedProcedure.input(userKey)             -> nothing
    });

``trpc/router.ts`` merges them into ``appRouter`` (``export type AppRouter``). The procedure
builders and the ``Context`` (a Drizzle database and the signed-in user) live in
``trpc/init.ts``, the one file meant to be edited: write results with
``files.write(out, keep_existing=USER_EDITABLE)`` so a later export keeps the user's version.
"""

from __future__ import annotations

from workbench.emit.rest.emitter import api_models
from workbench.emit.tscommon import DbFlavor, RowKey, can_create, mysql_insert, row_key, ts_string
from workbench.emit.tsnames import camel, file_stem, safe, table_var, type_name, zod_var
from workbench.emit.zod.typemap import DECIMAL_INPUT, base_schema, enum_schema_var
from workbench.ir.schema import Model, ScalarType, Schema

LOCALS = frozenset(
    {
        "z",
        "and",
        "asc",
        "eq",
        "ctx",
        "input",
        "row",
        "rows",
        "inserted",
        "TRPCError",
        "router",
        "publicProcedure",
        "protectedProcedure",
        "Context",
        "find",
    }
)
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


def router_var(model: str) -> str:
    """``userRouter`` for model ``User``."""
    return safe(camel(model) + "Router", "_")


TRPC_RESERVED = frozenset({"then", "call", "apply"})  # tRPC refuses these as router keys at runtime


def router_key(model: str) -> str:
    """The model's key in ``appRouter`` (``trpc.user.list``); tRPC's reserved words get a suffix."""
    key = camel(model)
    return key + "Model" if key in TRPC_RESERVED else key


def key_var(model: str) -> str:
    return safe(camel(model) + "Key", "_")


def init_file(flavor: DbFlavor, header: str) -> str:
    return (
        header
        + "//\n"
        + "// Exception: this file is yours. `workbench export --to trpc` writes it only when it does not\n"
        + "// exist yet (USER_EDITABLE), so put authentication and the database handle here.\n"
        + '\nimport { initTRPC, TRPCError } from "@trpc/server";\n'
        + flavor.import_line
        + "\n\n"
        + "/** What every procedure receives: the Drizzle database and the signed-in user, if any. */\n"
        + "export interface Context {\n"
        + f"  db: {flavor.db_type};\n"
        + "  user?: { id: string } | null;\n"
        + "}\n\n"
        + "// Dates and bigints need a transformer over the wire: `.create({ transformer: superjson })`.\n"
        + "const t = initTRPC.context<Context>().create();\n\n"
        + "export const router = t.router;\n"
        + "export const publicProcedure = t.procedure;\n\n"
        + "/** For mutations: requires `ctx.user` (replace the check with your own authorisation). */\n"
        + "export const protectedProcedure = t.procedure.use(({ ctx, next }) => {\n"
        + "  if (!ctx.user) {\n"
        + '    throw new TRPCError({ code: "UNAUTHORIZED" });\n'
        + "  }\n"
        + "  return next({ ctx: { ...ctx, user: ctx.user } });\n"
        + "});\n"
    )


class _Router:
    def __init__(self, model: Model, flavor: DbFlavor) -> None:
        self.model, self.flavor = model, flavor
        table = table_var(model.name)
        self.table = table if table not in LOCALS else f"{table}Table"
        self.table_import = table if self.table == table else f"{table} as {self.table}"
        self.key: RowKey | None = row_key(model)
        self.orm: set[str] = set()
        self.validation: set[str] = set()
        self.name = type_name(model.name)

    def where(self, source: str) -> str:
        assert self.key is not None
        self.orm.add("eq")
        conds = [f"eq({self.table}.{f.name}, {source}.{f.name})" for f in self.key.fields]
        if len(conds) == 1:
            return conds[0]
        self.orm.add("and")
        return f"and({', '.join(conds)})"

    def key_schema(self) -> str:
        assert self.key is not None
        parts = []
        for f in self.key.fields:
            expr, _ = base_schema(f, input=True)
            if f.type is ScalarType.ENUM:
                self.validation.add(enum_schema_var(f.enum or ""))
            if f.type is ScalarType.DECIMAL:
                self.validation.add(DECIMAL_INPUT)
            parts.append(f"{f.name}: {expr}")
        return "z.object({ " + ", ".join(parts) + " })"

    def render(self, header: str) -> str:
        m, t, name = self.model, self.table, self.name
        create_s, update_s = zod_var(m.name, "create"), zod_var(m.name, "update")
        procs: list[str] = []
        pre: list[str] = []
        order = ""
        if self.key:
            self.orm.add("asc")
            order = ".orderBy(" + ", ".join(f"asc({t}.{f.name})" for f in self.key.fields) + ")"
        procs.append(
            f"  /** One page of {name} rows{', ordered by key' if self.key else ''}. */\n"
            "  list: publicProcedure\n"
            f"    .input(z.object({{ limit: z.int().min(1).max({MAX_LIMIT}).default({DEFAULT_LIMIT}), "
            f"offset: z.int().min(0).default(0) }}).default({{ limit: {DEFAULT_LIMIT}, offset: 0 }}))\n"
            f"    .query(({{ ctx, input }}) =>\n"
            f"      ctx.db.select().from({t}){order}.limit(input.limit).offset(input.offset),\n"
            "    ),\n"
        )
        kv = key_var(m.name)
        not_found = f'new TRPCError({{ code: "NOT_FOUND", message: {ts_string(name + " not found")} }})'
        if self.key:
            self.validation.add(update_s)
            pre.append(f"/** The fields that identify one {name}. */\nconst {kv} = {self.key_schema()};\n\n")
            pre.append(
                f'async function find(db: Context["db"], key: z.infer<typeof {kv}>) {{\n'
                f"  const [row] = await db.select().from({t}).where({self.where('key')}).limit(1);\n"
                f"  if (!row) throw {not_found};\n"
                "  return row;\n"
                "}\n\n"
            )
            procs.append(
                f"  /** The {name} with this key; NOT_FOUND when there is none. */\n"
                f"  byId: publicProcedure.input({kv}).query(({{ ctx, input }}) => find(ctx.db, input)),\n"
            )
        # create
        if self.flavor.returning:
            create_body = f"    const [row] = await ctx.db.insert({t}).values(input).returning();\n    return row;\n"
        else:
            insert = f"ctx.db.insert({t}).values(input)"
            mysql = mysql_insert(self.key, insert, "input", f"z.infer<typeof {kv}>")
            if mysql is None:
                create_body = f"    await {insert};\n"
            else:
                single = self.key.single if self.key else None
                found = f"{{ {single.name}: {mysql[1]} }}" if single is not None else mysql[1]
                create_body = f"    {mysql[0]}\n    return find(ctx.db, {found});\n"
        if can_create(m):
            self.validation.add(create_s)
            procs.append(
                f"  /** Insert a {name} validated by `{create_s}`. */\n"
                f"  create: protectedProcedure.input({create_s}).mutation(async ({{ ctx, input }}) => {{\n"
                f"{create_body}  }}),\n"
            )
        if self.key:
            names = {f.name for f in self.key.fields}
            data = "data" if "data" not in names else "changes"
            where = self.where("input")
            if self.flavor.returning:
                upd = (
                    f"    const [row] = await ctx.db.update({t}).set(input.{data})"
                    f".where({where}).returning();\n"
                    f"    if (!row) throw {not_found};\n"
                    "    return row;\n"
                )
            else:
                new_key = ", ".join(f"{f.name}: input.{data}.{f.name} ?? input.{f.name}" for f in self.key.fields)
                upd = (
                    f"    await ctx.db.update({t}).set(input.{data}).where({where});\n"
                    f"    return find(ctx.db, {{ {new_key} }});\n"
                )
            procs.append(
                f"  /** Apply `{update_s}`-validated changes; NOT_FOUND when there is no such {name}. */\n"
                f"  update: protectedProcedure\n"
                f"    .input({kv}.extend({{ {data}: {update_s} }}))\n"
                "    .mutation(async ({ ctx, input }) => {\n"
                f"      if (Object.keys(input.{data}).length === 0) return find(ctx.db, input);\n"
                + "".join("  " + line for line in upd.splitlines(keepends=True))
                + "    }),\n"
            )
            procs.append(
                f"  /** Delete the {name} with this key (nothing happens when there is none). */\n"
                f"  delete: protectedProcedure.input({kv}).mutation(async ({{ ctx, input }}) => {{\n"
                f"    await ctx.db.delete({t}).where({where});\n"
                "  }),\n"
            )
        imports = []
        if self.key:
            imports.append('import { TRPCError } from "@trpc/server";\n')
        if self.orm:
            imports.append(f'import {{ {", ".join(sorted(self.orm))} }} from "drizzle-orm";\n')
        imports.append('import { z } from "zod";\n')
        imports.append(f'import {{ {self.table_import} }} from "../../schema";\n')
        if self.validation:
            imports.append(f'import {{ {", ".join(sorted(self.validation))} }} from "../../validation";\n')
        init = ["protectedProcedure", "publicProcedure", "router"]
        imports.append(f'import {{ {"type Context, " if self.key else ""}{", ".join(init)} }} from "../init";\n')
        return (
            header
            + "\n"
            + "".join(imports)
            + "\n"
            + "".join(pre)
            + f"/** Procedures for {name} rows. */\n"
            + f"export const {router_var(m.name)} = router({{\n"
            + "".join(procs)
            + "});\n"
        )


def router_file(model: Model, flavor: DbFlavor, header: str) -> str:
    return _Router(model, flavor).render(header)


def app_router(schema: Schema, header: str) -> str:
    models = api_models(schema)
    lines = [header, "\n", 'import { router } from "./init";\n']
    for m in models:
        lines.append(f'import {{ {router_var(m.name)} }} from "./routers/{file_stem(m.name)}";\n')
    lines.append("\n/** Every model's procedures: `trpc.user.list.query()`, `trpc.user.create.mutate({...})`. */\n")
    lines.append("export const appRouter = router({\n")
    for m in models:
        lines.append(f"  {router_key(m.name)}: {router_var(m.name)},\n")
    lines.append("});\n\nexport type AppRouter = typeof appRouter;\n")
    return "".join(lines)
