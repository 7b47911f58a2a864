"""Codes of the TypeScript targets (``W080x``/``I080x``): types, zod, GraphQL, REST, tRPC."""

from __future__ import annotations

from workbench.diagnostics.catalog.registry import Area, Section

_ = Section(Area.EMIT_TS)

W_UNSUPPORTED = _.warning(
    "W0801", "ts-unsupported-field", 'An Unsupported("...") field: left out of TypeScript/GraphQL code.'
)
W_NO_CREATE = _.warning(
    "W0802", "ts-no-create", "A left-out field is required without default: the model cannot be created."
)
W_ANNOTATION = _.warning("W0803", "zod-invalid-annotation", "An invalid `/// @zod.` annotation: skipped.")
W_NO_KEY = _.warning("W0804", "ts-no-key", "No primary key or usable unique criterion: no get/update/delete.")
W_GRAPHQL_NAME = _.warning("W0805", "graphql-invalid-name", "A name GraphQL cannot use: renamed or left out.")
I_NO_TABLE = _.info("I0806", "ts-no-table", "A view has no Drizzle table, so REST/tRPC generate nothing for it.")
W_TRPC_NAME = _.warning(
    "W0807", "trpc-reserved-name", 'A router key tRPC reserves (then/call/apply): suffixed "Model".'
)
