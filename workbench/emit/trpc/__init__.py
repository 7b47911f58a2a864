"""tRPC v11 routers on Drizzle + zod; see :mod:`.emitter`.

``trpc/init.ts`` is the user's file (procedure builders, ``Context``): write the result with
``files.write(out, keep_existing=USER_EDITABLE)`` so an existing one is never overwritten. The
result also holds ``schema.ts``, ``validation.ts`` and ``types.ts`` so the folder type-checks alone.
"""

from __future__ import annotations

from workbench.diagnostics import sort_key, warning
from workbench.diagnostics.catalog.emit_ts import W_TRPC_NAME
from workbench.emit.files import GeneratedFile, GeneratedFiles, header_lines
from workbench.emit.rest import base_files, sorted_diagnostics, view_notes
from workbench.emit.rest.emitter import api_models
from workbench.emit.trpc.emitter import app_router, init_file, key_var, router_file, router_key, router_var
from workbench.emit.tscommon import db_flavor, model_diagnostics
from workbench.emit.tsnames import camel, file_stem
from workbench.ir.schema import Schema

INIT = "trpc/init.ts"
USER_EDITABLE: frozenset[str] = frozenset({INIT})


def generate(schema: Schema, *, source: str) -> GeneratedFiles:
    header = header_lines(source)
    flavor = db_flavor(schema)
    files = [
        GeneratedFile(INIT, init_file(flavor, header)),
        GeneratedFile("trpc/router.ts", app_router(schema, header)),
    ]
    for m in api_models(schema):
        files.append(GeneratedFile(f"trpc/routers/{file_stem(m.name)}.ts", router_file(m, flavor, header)))
    diagnostics = model_diagnostics(schema, need_key=True) + view_notes(schema, "router")
    diagnostics += [
        warning(
            W_TRPC_NAME,
            f"`{camel(m.name)}` is reserved by tRPC; the router of `{m.name}` is `{router_key(m.name)}` in appRouter",
            m.origin,
        )
        for m in api_models(schema)
        if camel(m.name) != router_key(m.name)
    ]
    own = GeneratedFiles("trpc", tuple(files), tuple(sorted(set(diagnostics), key=sort_key)))
    return sorted_diagnostics(base_files(schema, source).merged(own, target="trpc"))


__all__ = ["INIT", "USER_EDITABLE", "generate", "key_var", "router_key", "router_var"]
