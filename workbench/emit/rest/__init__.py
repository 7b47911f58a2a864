"""REST-style API classes (``api/<model>.api.ts``, ``api/index.ts``) on Drizzle + zod; see :mod:`.emitter`.

The result also holds the files the classes import (``schema.ts`` from the Drizzle emitter,
``validation.ts``, ``types.ts``), so an output folder type-checks on its own.
"""

from __future__ import annotations

from workbench.diagnostics import Diagnostic, Severity, sort_key
from workbench.diagnostics.catalog.emit_ts import I_NO_TABLE
from workbench.emit import typescript, zod
from workbench.emit.files import GeneratedFile, GeneratedFiles, header_lines
from workbench.emit.rest.emitter import ERRORS, api_class, api_models, render_index, render_model
from workbench.emit.tscommon import client_models, db_flavor, model_diagnostics
from workbench.emit.tsnames import file_stem
from workbench.ir.schema import Schema


def view_notes(schema: Schema, what: str) -> list[Diagnostic]:
    return [
        Diagnostic(
            I_NO_TABLE,
            Severity.INFO,
            f"view `{m.name}` has no Drizzle table (the Drizzle schema declares no views); no {what} for it",
            m.origin,
        )
        for m in client_models(schema)
        if m.is_view
    ]


def base_files(schema: Schema, source: str) -> GeneratedFiles:
    """``schema.ts`` + ``validation.ts`` + ``types.ts``: what REST and tRPC code imports."""
    from workbench.emit import drizzle

    return (
        drizzle.generate(schema, source=source)
        .merged(zod.generate(schema, source=source))
        .merged(typescript.generate(schema, source=source))
    )


def generate(schema: Schema, *, source: str) -> GeneratedFiles:
    header = header_lines(source)
    flavor = db_flavor(schema)
    models = api_models(schema)
    files = [GeneratedFile(f"api/{file_stem(m.name)}.api.ts", render_model(m, flavor, header)) for m in models]
    files.append(GeneratedFile("api/errors.ts", header + ERRORS))
    files.append(GeneratedFile("api/index.ts", render_index(models, flavor, header)))
    diagnostics = model_diagnostics(schema, need_key=True) + view_notes(schema, "API class")
    own = GeneratedFiles("rest", tuple(files), tuple(sorted(set(diagnostics), key=sort_key)))
    return sorted_diagnostics(base_files(schema, source).merged(own, target="rest"))


def sorted_diagnostics(files: GeneratedFiles) -> GeneratedFiles:
    return GeneratedFiles(files.target, files.files, tuple(sorted(files.diagnostics, key=sort_key)), files.sources)


__all__ = ["api_class", "base_files", "generate", "sorted_diagnostics", "view_notes"]
