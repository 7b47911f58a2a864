"""``load_prisma``: read the sources, parse, resolve, validate, lower. Never raises on bad input."""

from __future__ import annotations

from _thread import allocate_lock
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from workbench.collector import collector_paused
from workbench.diagnostics import Diagnostic, SourceFile, error, sort_key
from workbench.diagnostics.catalog import prisma as codes
from workbench.diagnostics.results import HasDiagnostics
from workbench.ir import Schema
from workbench.ir.schema import Summary
from workbench.loaders.prisma import db_names, keys, relations, resolve
from workbench.loaders.prisma import fields as field_attrs
from workbench.loaders.prisma.context import Context
from workbench.loaders.prisma.enums import enum_attributes
from workbench.loaders.prisma.extensions import check_preview_feature
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


class PendingPrismaLoad(HasDiagnostics[Diagnostic]):
    """A finished load whose IR is not built yet: diagnostics, sources and the headline's counts
    now, the :class:`~workbench.ir.Schema` on first :meth:`schema` call.

    Building the IR (a frozen node per field, with its span) is a third of a big load, and
    ``workbench check`` never needs it: it prints the diagnostics and a headline. The work records
    of the load are kept until the IR is built, then released; building is pure (it reports
    nothing), so building later gives the same schema as building at once.
    """

    __slots__ = ("_build", "_lock", "_schema", "diagnostics", "sources", "summary")

    def __init__(
        self,
        diagnostics: tuple[Diagnostic, ...],
        sources: dict[str, SourceFile],
        summary: Summary,
        build: Callable[[], Schema],
    ) -> None:
        self.diagnostics = diagnostics
        self.sources = sources
        self.summary = summary
        self._build: Callable[[], Schema] | None = build
        self._schema: Schema | None = None
        self._lock = allocate_lock()  # the studio loads on a timer thread; build once

    def __repr__(self) -> str:
        return f"<PendingPrismaLoad {self.summary} built={self._schema is not None}>"

    @property
    def built(self) -> bool:
        return self._schema is not None

    def schema(self) -> Schema:
        """The IR, built on the first call (then the same object on every call)."""
        if self._schema is None:
            with self._lock:
                if self._schema is None:
                    build = self._build
                    assert build is not None
                    with collector_paused():
                        self._schema = build()
                    self._build = None  # the work records go with it
        return self._schema

    def result(self) -> PrismaLoadResult:
        return PrismaLoadResult(self.schema(), self.diagnostics, self.sources)


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
    return load_prisma_pending(source, text=text, name=name, files=files).result()


def load_prisma_pending(
    source: Source | list[Source] | tuple[Source, ...] | None = None,
    *,
    text: str | None = None,
    name: str = "schema.prisma",
    files: Mapping[str, str] | None = None,
) -> PendingPrismaLoad:
    """:func:`load_prisma` up to the IR: every diagnostic, the sources and the headline's counts;
    ``.build()`` gives the IR when it is needed (``wb.load`` builds it on first use)."""
    with collector_paused():
        if files is not None:
            return _load([], None, name, [SourceFile(p, t) for p, t in files.items()])
        return _load(source, text, name)


def _load(
    source: Source | list[Source] | tuple[Source, ...] | None,
    text: str | None,
    name: str,
    given: list[SourceFile] | None = None,
) -> PendingPrismaLoad:
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
    check_preview_feature(ctx)  # the datasource's extensions need the generators' preview features
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
    diagnostics = tuple(sorted(ctx.diagnostics, key=sort_key))
    lowered = [m for m in ctx.model_order if ctx.models.get(m.name) is m]  # as lower() keeps them
    views = sum(1 for m in lowered if m.is_view)
    summary = Summary(
        datasource.provider if datasource is not None else None,
        len(lowered) - views,
        views,
        len(ctx.enums),
        len(pairs),  # relations.build makes one relation per pair
    )

    def build() -> Schema:
        schema = lower(ctx, datasource, generators, relations.build(ctx, pairs))
        ctx.release()  # no cycles left for the collector: the records go as soon as this returns
        return schema

    return PendingPrismaLoad(diagnostics, sources, summary, build)
