"""``load_prisma``: read the sources, parse, resolve, validate, lower. Never raises on bad input."""

from __future__ import annotations

import gc
from collections.abc import Mapping
from dataclasses import dataclass, field

from workbench.diagnostics import Diagnostic, SourceFile, error, sort_key
from workbench.diagnostics.catalog import prisma as codes
from workbench.diagnostics.results import HasDiagnostics
from workbench.ir import Schema
from workbench.loaders.prisma import db_names, keys, relations, resolve
from workbench.loaders.prisma import fields as field_attrs
from workbench.loaders.prisma.context import Context
from workbench.loaders.prisma.enums import enum_attributes
from workbench.loaders.prisma.lower import lower
from workbench.loaders.prisma.validate import validate
from workbench.loaders.source_files import Source, check_text, read_sources
from workbench.prisma.ast import Block
from workbench.prisma.parser import parse_schema


@dataclass(frozen=True, slots=True)
class PrismaLoadResult(HasDiagnostics[Diagnostic]):
    schema: Schema
    diagnostics: tuple[Diagnostic, ...]
    sources: dict[str, SourceFile] = field(default_factory=dict)


def load_prisma(
    source: Source | list[Source] | tuple[Source, ...] | None = None,
    *,
    text: str | None = None,
    name: str = "schema.prisma",
    files: Mapping[str, str] | None = None,
) -> PrismaLoadResult:
    """Load a Prisma schema (a file, a folder of ``*.prisma`` files, a list of files, or ``text=``;
    ``files={path: text}`` is a multi-file schema held in memory, e.g. ``lint --fix`` re-checking
    its result before writing).

    Returns the schema IR with every diagnostic (sorted by file, line, column). Errors in one block
    do not hide errors in others; connector-level checks run once the schema resolves, as in Prisma.
    """
    # Loading allocates hundreds of thousands of small, long-lived objects and no cycles worth
    # collecting; the cyclic GC would rescan them repeatedly (a third of the time on big schemas).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        if files is not None:
            return _load([], None, name, [SourceFile(p, t) for p, t in files.items()])
        return _load(source, text, name)
    finally:
        if gc_was_enabled:
            gc.enable()


def _load(
    source: Source | list[Source] | tuple[Source, ...] | None,
    text: str | None,
    name: str,
    given: list[SourceFile] | None = None,
) -> PrismaLoadResult:
    if given is not None:
        files, problems = [], []
        for held in given:
            clean, bad = check_text(held.path, held.text, codes.INVALID_TEXT_ENCODING)
            files.append(SourceFile(held.path, clean))
            problems.extend(bad)
    elif text is not None:
        clean, problems = check_text(name, text, codes.INVALID_TEXT_ENCODING)
        files = [SourceFile(name, clean)]
    elif source is None:
        files, problems = [], [error(codes.UNREADABLE_SOURCE, "No schema given: pass a path or text=...")]
    else:
        # A byte-order mark is kept: Prisma reads it as text and rejects the first line, and so do we.
        files, problems = read_sources(
            source,
            "*.prisma",
            read_code=codes.UNREADABLE_SOURCE,
            decode_code=codes.INVALID_TEXT_ENCODING,
            keep_bom=True,
        )
    sources = {f.path: f for f in files}
    ctx = Context(sources)
    ctx.diagnostics.extend(problems)
    blocks: list[Block] = []
    for source_file in files:
        parsed = parse_schema(source_file.text, source_file.path)
        blocks.extend(parsed.blocks)
        for issue in parsed.issues:
            ctx.report(issue.code, issue.message, issue.file, issue.start, issue.end, issue.help)
    datasource = resolve.datasource(ctx, blocks)
    generators = resolve.generators(ctx, blocks)
    kept = resolve.declare(ctx, blocks)
    resolve.build_models(ctx, kept)
    for m in ctx.model_order:
        for f in m.fields:
            field_attrs.field_attributes(ctx, f)
        db_names.mapped_field_clashes(ctx, m)
        keys.block_attributes(ctx, m)
        keys.model_keys(ctx, m)
    for b in ctx.enum_blocks:
        enum_attributes(ctx, b)
    relations.resolve_fields(ctx)
    pairs = relations.pair(ctx)
    if not ctx.has_errors():
        validate(ctx, pairs)
    schema = lower(ctx, datasource, generators, relations.build(ctx, pairs))
    diagnostics = tuple(sorted(ctx.diagnostics, key=sort_key))
    return PrismaLoadResult(schema, diagnostics, sources)
