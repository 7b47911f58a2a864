"""GraphQL SDL (``schema.graphql``) for the models; see :mod:`.emitter`."""

from __future__ import annotations

from workbench.diagnostics import sort_key
from workbench.emit.files import GeneratedFile, GeneratedFiles, header_lines
from workbench.emit.graphql.emitter import render
from workbench.emit.tscommon import model_diagnostics
from workbench.ir.schema import Schema

FILE = "schema.graphql"


def generate(schema: Schema, *, source: str) -> GeneratedFiles:
    text, diagnostics = render(schema, header_lines(source, "#"))
    diagnostics += model_diagnostics(schema, need_key=True)
    return GeneratedFiles("graphql", (GeneratedFile(FILE, text),), tuple(sorted(set(diagnostics), key=sort_key)))


__all__ = ["FILE", "generate"]
