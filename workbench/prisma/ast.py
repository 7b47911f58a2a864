"""The syntax tree of a Prisma schema file: what was written, with offsets, nothing resolved.

Nodes are NamedTuples rather than frozen dataclasses: they are immutable too, and three times
cheaper to build, which matters when a schema has tens of thousands of fields. ``start``/``end``
are character offsets into the text of the block's file (``Block.file``); the resolver turns them
into :class:`~workbench.diagnostics.Span` only when it reports something, which keeps parsing
cheap. Field lines and their attributes are relative to ``FieldDecl.base`` (see :class:`FieldLine`).
"""

from __future__ import annotations

from typing import NamedTuple, TypeAlias


class StringLit(NamedTuple):
    value: str
    start: int
    end: int


class NumberLit(NamedTuple):
    text: str
    start: int
    end: int

    @property
    def value(self) -> int | float:
        t = self.text
        return float(t) if ("." in t or "e" in t or "E" in t) else int(t)


class Path(NamedTuple):
    """An identifier or dotted path: ``Cascade``, ``true``, ``db.VarChar``, an enum value."""

    name: str
    start: int
    end: int


class ArrayExpr(NamedTuple):
    items: tuple[Expr, ...]
    start: int
    end: int


class FuncCall(NamedTuple):
    name: str
    args: tuple[Argument, ...]
    start: int
    end: int
    name_end: int
    trailing_comma: int | None = None


class ObjectExpr(NamedTuple):
    """``{ key: value, ... }`` (partial index conditions, ``where: { deletedAt: null }``)."""

    entries: tuple[Argument, ...]
    start: int
    end: int


Expr: TypeAlias = StringLit | NumberLit | Path | ArrayExpr | FuncCall | ObjectExpr


def list_items(e: Expr | None) -> tuple[Expr, ...]:
    """The items of a list argument. Prisma accepts a lone value where a list is expected
    (``@@index(title)`` means ``@@index([title])``), so every reader of a field list goes through here."""
    if e is None:
        return ()
    return e.items if isinstance(e, ArrayExpr) else (e,)


class Argument(NamedTuple):
    """``value`` or ``name: value``; ``value`` is None for an empty ``name:`` argument."""

    name: str | None
    value: Expr | None
    start: int
    end: int


class Attribute(NamedTuple):
    """``@name(args)`` on a field/value, ``@@name(args)`` on a block. ``name`` excludes the ``@``.

    ``start`` is an absolute offset; the offsets of everything inside ``args`` (and
    ``trailing_comma``) are relative to ``start``. Identical attribute text is parsed once and
    shared between occurrences (big schemas repeat ``@default(now())`` thousands of times), so
    use :meth:`at` to get absolute offsets of a nested node.
    """

    name: str
    args: tuple[Argument, ...]
    start: int
    length: int
    name_len: int
    block_level: bool
    has_parens: bool = False
    trailing_comma: int | None = None

    @property
    def end(self) -> int:
        return self.start + self.length

    @property
    def name_end(self) -> int:
        return self.start + self.name_len

    def at(self, node: Argument | Expr) -> tuple[int, int]:
        """Absolute (start, end) of a node inside this attribute's arguments."""
        return self.start + node.start, self.start + node.end

    def arg(self, name: str) -> Argument | None:
        for a in self.args:
            if a.name == name:
                return a
        return None

    def positional(self) -> tuple[Argument, ...]:
        return tuple(a for a in self.args if a.name is None)


class FieldType(NamedTuple):
    name: str  # "String", a model/enum name, or "Unsupported"
    start: int
    end: int  # end of the name (modifiers excluded)
    optional: bool = False
    list: bool = False
    unsupported: str | None = None  # Unsupported("...") text
    end_with_modifiers: int = 0


class FieldLine(NamedTuple):
    """One field line, parsed independently of where it sits: offsets relative to the line start.

    Identical lines (``id String @id @default(cuid())``) are parsed once and shared.
    """

    name: str
    name_start: int
    name_end: int
    type: FieldType
    attributes: tuple[Attribute, ...]  # Attribute.start relative to the line start too
    trailing_doc: str | None
    start: int  # first non-blank character
    end: int  # end of the content


class FieldDecl(NamedTuple):
    """A field: a shared :class:`FieldLine` placed at ``base`` (absolute offset of its line)."""

    line: FieldLine
    base: int
    doc: str | None
    line_no: int  # 1-based line number (spans inside one line need no line-index lookup)

    @property
    def name(self) -> str:
        return self.line.name

    @property
    def type(self) -> FieldType:
        return self.line.type

    @property
    def attributes(self) -> tuple[Attribute, ...]:
        return self.line.attributes


class EnumValueDecl(NamedTuple):
    """An enum value; like fields, ``start``/``end`` and attributes are relative to ``base``."""

    name: str
    start: int
    end: int  # end of the name
    attributes: tuple[Attribute, ...]
    doc: str | None
    line_end: int
    base: int
    line_no: int


class Property(NamedTuple):
    """``key = value`` in a datasource or generator block."""

    name: str
    value: Expr | None
    start: int
    end: int
    name_end: int


class Block(NamedTuple):
    """A top-level block. ``keyword`` is model/view/type/enum/datasource/generator."""

    keyword: str
    name: str
    file: str
    start: int  # at the keyword
    end: int  # after the closing brace
    name_start: int
    name_end: int
    doc: str | None = None
    fields: tuple[FieldDecl, ...] = ()  # model, view, type
    values: tuple[EnumValueDecl, ...] = ()  # enum
    properties: tuple[Property, ...] = ()  # datasource, generator
    attributes: tuple[Attribute, ...] = ()  # @@ block attributes (Attribute.start absolute)


class SyntaxIssue(NamedTuple):
    """A parse error, reported by the resolver with the file's line index."""

    code: str
    message: str
    file: str
    start: int
    end: int
    help: str | None = None


class SchemaFile(NamedTuple):
    path: str
    blocks: tuple[Block, ...]
    issues: tuple[SyntaxIssue, ...]
