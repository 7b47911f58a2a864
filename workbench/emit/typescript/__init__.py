"""TypeScript types (``types.ts``): rows, enums, DTOs, relation-including types; see :mod:`.emitter`."""

from __future__ import annotations

from workbench.diagnostics import sort_key
from workbench.emit.files import GeneratedFile, GeneratedFiles, header_lines
from workbench.emit.tscommon import model_diagnostics, per_schema
from workbench.emit.typescript.emitter import dto_name, render, with_relations_name
from workbench.ir.schema import Schema

FILE = "types.ts"


@per_schema  # REST and tRPC include it: computed once per schema and source
def generate(schema: Schema, *, source: str) -> GeneratedFiles:
    text = render(schema, header_lines(source))
    diagnostics = tuple(sorted(set(model_diagnostics(schema)), key=sort_key))
    return GeneratedFiles("typescript", (GeneratedFile(FILE, text),), diagnostics)


__all__ = ["FILE", "dto_name", "generate", "with_relations_name"]
