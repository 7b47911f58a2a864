"""Shared state of one load: sources, diagnostics, symbol tables and the per-model work records.

The work records (:class:`ModelInfo`, :class:`FieldInfo`) are mutable on purpose: resolution
fills them step by step (types, attributes, relations), then :mod:`.lower` freezes them into the
IR. They never leave the loader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeAlias

from workbench.diagnostics import Diagnostic, Severity, SourceFile, Span
from workbench.diagnostics.catalog.prisma import CODES
from workbench.ir import Default, Index, NativeType, PrimaryKey, ReferentialAction, ScalarType
from workbench.prisma.ast import Argument, Attribute, Block, Expr, FieldDecl, FieldLine, FuncCall, Property

SCALARS: dict[str, ScalarType] = {t.value: t for t in ScalarType if t not in (ScalarType.ENUM, ScalarType.UNSUPPORTED)}


@dataclass(eq=False, slots=True)
class RelationArgs:
    """What one ``@relation(...)`` says (absent attribute: all None/empty)."""

    attr: Attribute | None = None
    name: str | None = None
    fields: tuple[str, ...] | None = None
    references: tuple[str, ...] | None = None
    on_delete: ReferentialAction | None = None
    on_update: ReferentialAction | None = None
    map: str | None = None


NO_RELATION = RelationArgs()  # shared, never mutated

# What fields.field_attributes keeps per shared FieldLine: the line, the field kind, then the values
# of the FieldInfo attributes named by fields.CACHED, in that order.
FieldCacheEntry: TypeAlias = tuple[FieldLine, str, tuple[object, ...]]


@dataclass(slots=True)
class FieldInfo:
    decl: FieldDecl
    model: ModelInfo
    name: str
    kind: str = "scalar"  # scalar, enum, unsupported, relation, composite, unknown
    scalar: ScalarType | None = None
    target: str | None = None  # model/enum/composite name
    db_name: str = ""
    default: Default | None = None
    native: NativeType | None = None
    updated_at: bool = False
    ignored: bool = False
    is_id: bool = False
    unique: bool = False
    relation: RelationArgs = NO_RELATION  # replaced by a fresh record when @relation is read
    attrs: dict[str, Attribute] = field(default_factory=dict)  # first occurrence of each attribute
    unknown_default: FuncCall | None = None  # the call of @default(unknownFn()), reported in phase 2
    bad_native_prefix: Attribute | None = None  # @dbx.Text when the datasource is `db` (phase 2)
    relation_name: str = ""  # resolved by relations.py
    opposite: FieldInfo | None = None

    @property
    def optional(self) -> bool:
        return self.decl.line.type.optional

    @property
    def list(self) -> bool:
        return self.decl.line.type.list

    @property
    def is_relation(self) -> bool:
        return self.kind == "relation"

    @property
    def base(self) -> int:
        return self.decl.base


@dataclass(slots=True)
class ModelInfo:
    block: Block
    name: str
    db_name: str
    is_view: bool
    fields: list[FieldInfo] = field(default_factory=list)
    by_name: dict[str, FieldInfo] = field(default_factory=dict)
    primary_key: PrimaryKey | None = None
    indexes: list[Index] = field(default_factory=list)
    schema: str | None = None
    ignored: bool = False
    attrs: dict[str, Attribute] = field(default_factory=dict)

    @property
    def file(self) -> str:
        return self.block.file


class Context:
    """Diagnostics sink plus lookups. ``phase`` 2 checks run only when phase 1 found no error."""

    def __init__(self, sources: dict[str, SourceFile]) -> None:
        self.sources = sources
        self.diagnostics: list[Diagnostic] = []
        self.provider: str | None = None
        self.datasource_name: str | None = None
        self.schemas: tuple[str, ...] = ()
        self.preview_features: frozenset[str] = frozenset()
        self.extensions_property: tuple[str, Property] | None = None  # the datasource's, when it has one
        self.relation_mode: str | None = None
        self.models: dict[str, ModelInfo] = {}  # by name: the last definition (Prisma's lookup rule)
        self.model_order: list[ModelInfo] = []  # every model/view, duplicates included
        self.enums: dict[str, Block] = {}  # by name: the last definition (Prisma's lookup rule)
        self.enum_blocks: list[Block] = []  # every enum block, duplicates included
        self.composites: dict[str, Block] = {}
        self.field_cache: dict[int, FieldCacheEntry] = {}  # see fields.field_attributes

    def release(self) -> None:
        """Break the cycles between the work records (a model's fields point back at it, paired
        relation fields at each other) once the IR is built, so reference counting frees them at
        once instead of leaving a load's worth of garbage to the cyclic collector."""
        for m in self.model_order:
            for f in m.fields:
                f.opposite = None
            m.fields = []
            m.by_name = {}
        self.model_order = []
        self.models = {}

    # -- spans and reporting ------------------------------------------------------------------
    def span(self, file: str, start: int, end: int) -> Span | None:
        src = self.sources.get(file)
        return src.span(start, end) if src is not None else None

    @staticmethod
    def line_span(file: str, base: int, line_no: int, start: int, end: int) -> Span:
        """Span of ``[start, end)`` relative to a line starting at ``base`` (no line-index lookup)."""
        return Span(file, base + start, base + end, line_no, start + 1, line_no, end + 1)

    def field_span(self, f: FieldInfo, start: int, end: int) -> Span:
        return Span(
            f.model.block.file,
            f.decl.base + start,
            f.decl.base + end,
            f.decl.line_no,
            start + 1,
            f.decl.line_no,
            end + 1,
        )

    def report(
        self,
        code: str,
        message: str,
        file: str,
        start: int,
        end: int,
        help: str | None = None,
        severity: Severity = Severity.ERROR,
    ) -> None:
        assert code in CODES, code
        self.diagnostics.append(Diagnostic(code, severity, message, self.span(file, start, end), help))

    def warn(self, code: str, message: str, file: str, start: int, end: int, help: str | None = None) -> None:
        self.report(code, message, file, start, end, help, Severity.WARNING)

    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.diagnostics)

    # located helpers for the common nodes
    def at_attr(self, code: str, msg: str, file: str, base: int, attr: Attribute, help: str | None = None) -> None:
        self.report(code, msg, file, base + attr.start, base + attr.end, help)

    def at_attr_name(self, code: str, msg: str, file: str, base: int, attr: Attribute, help: str | None = None) -> None:
        self.report(code, msg, file, base + attr.start, base + attr.name_end, help)

    def at_node(
        self,
        code: str,
        msg: str,
        file: str,
        base: int,
        attr: Attribute,
        node: Argument | Expr,
        help: str | None = None,
    ) -> None:
        s, e = attr.at(node)
        self.report(code, msg, file, base + s, base + e, help)

    def at_field(self, code: str, msg: str, f: FieldInfo, help: str | None = None) -> None:
        line = f.decl.line
        self.report(code, msg, f.model.file, f.base + line.start, f.base + line.end, help)

    def at_field_type(self, code: str, msg: str, f: FieldInfo, help: str | None = None) -> None:
        t = f.decl.line.type
        self.report(code, msg, f.model.file, f.base + t.start, f.base + t.end, help)

    def at_block(self, code: str, msg: str, block: Block, help: str | None = None, whole: bool = False) -> None:
        if whole:
            self.report(code, msg, block.file, block.start, block.end, help)
        else:
            self.report(code, msg, block.file, block.name_start, block.name_end, help)
