"""``load_prisma``: read the sources, parse, resolve, validate, lower. Never raises on bad input."""

from __future__ import annotations

import gc
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from workbench.diagnostics import Diagnostic, SourceFile, error, sort_key
from workbench.diagnostics.catalog import prisma as codes
from workbench.ir import Schema
from workbench.loaders.prisma import db_names, keys, relations, resolve
from workbench.loaders.prisma import fields as field_attrs
from workbench.loaders.prisma.ast import Block
from workbench.loaders.prisma.context import Context
from workbench.loaders.prisma.enums import enum_attributes
from workbench.loaders.prisma.lower import lower
from workbench.loaders.prisma.parser import parse_schema
from workbench.loaders.prisma.validate import validate
from workbench.loaders.source_files import SourceError, check_text, decode_source, read_source


@dataclass(frozen=True, slots=True)
class PrismaLoadResult:
    schema: Schema
    diagnostics: tuple[Diagnostic, ...]
    sources: dict[str, SourceFile] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.is_error)


Source = str | os.PathLike[str]


def _is_dir(p: Path) -> bool:
    """``is_dir`` that says no for a path the system cannot even look up (a name too long, a
    NUL byte): ``read_source`` then reports it as a located error instead of an OSError."""
    try:
        return p.is_dir()
    except (OSError, ValueError):
        return False


def _read_sources(source: Source | list[Source] | tuple[Source, ...]) -> tuple[list[SourceFile], list[Diagnostic]]:
    paths: list[str] = []
    problems: list[Diagnostic] = []
    items = list(source) if isinstance(source, list | tuple) else [source]
    for item in items:
        p = Path(item)
        if _is_dir(p):
            found = [f for f in sorted(p.rglob("*.prisma")) if not f.is_dir()]
            if not found:
                problems.append(error(codes.UNREADABLE_SOURCE, f"No .prisma files found in folder `{item}`."))
            base = os.fspath(item)
            paths.extend(os.path.join(base, os.path.relpath(f, p)) for f in found)
        else:
            paths.append(os.fspath(item))
    files: list[SourceFile] = []
    for path in paths:
        try:
            data = read_source(path)  # regular files only: a FIFO would block forever
        except SourceError as exc:
            problems.append(error(codes.UNREADABLE_SOURCE, str(exc)))
            continue
        # A byte-order mark is kept: Prisma reads it as text and rejects the first line, and so do we.
        source_file, bad_bytes = decode_source(path, data, codes.INVALID_TEXT_ENCODING, keep_bom=True)
        files.append(source_file)
        problems.extend(bad_bytes)
    return files, problems


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
        files, problems = _read_sources(source)
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
