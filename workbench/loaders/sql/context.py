"""What the statement handlers (:mod:`.alter`, :mod:`.indexes`) see of a load: where a statement is
(:class:`Ctx`), identifier helpers, and the builder's interface (:class:`BuildContext`).

:class:`workbench.loaders.sql.build.Builder` dispatches statements to those handlers, so they
cannot import it back without a circle: they are typed against the protocol here, the way the
Prisma loader's steps share :mod:`workbench.loaders.prisma.context`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from workbench.diagnostics import SourceFile, Span
from workbench.ir.database import DbIndex
from workbench.loaders.sql.state import Key, LoadState, TableState
from workbench.loaders.sql.statements import Statement
from workbench.loaders.sql.tokens import Tokens


@dataclass(slots=True)
class Ctx:
    """Where the current statement is: for locating diagnostics."""

    source: SourceFile
    stmt: Statement
    tokens: Tokens

    def span(self, node: Any = None) -> Span:
        """The span of ``node``'s identifier when sqlglot knows it, else the statement's first line."""
        from sqlglot import exp

        ident = node if isinstance(node, exp.Identifier) else None
        if ident is None and isinstance(node, exp.Expression):
            cand = node.this if isinstance(node.args.get("this"), exp.Identifier) else node.find(exp.Identifier)
            ident = cand if isinstance(cand, exp.Identifier) else None
        if ident is not None and "start" in ident.meta:
            start = self.stmt.start + ident.meta["start"]
            return self.source.span(start, self.stmt.start + ident.meta["end"] + 1)
        first_line = self.stmt.text.split("\n", 1)[0]
        return self.source.span(self.stmt.start, self.stmt.start + len(first_line))


def ident(node: Any) -> str:
    from sqlglot import exp

    if isinstance(node, exp.Identifier):
        return str(node.this)
    if isinstance(node, exp.Column | exp.Table) and isinstance(node.args.get("this"), exp.Identifier):
        return str(node.this.this)
    if isinstance(node, exp.Ordered):
        return ident(node.this)
    return node.name if isinstance(node, exp.Expression) else str(node)


def column_names(nodes: list[Any]) -> tuple[str, ...]:
    return tuple(ident(n) for n in nodes)


class BuildContext(Protocol):
    """The builder of one load, as the statement handlers use it."""

    dialect: str
    state: LoadState

    def warn(self, code: str, message: str, span: Span | None) -> None: ...

    def err(self, code: str, message: str, span: Span | None) -> None: ...

    def key(self, table: Any) -> Key: ...

    def table(self, table_node: Any, ctx: Ctx) -> TableState | None: ...

    def unsupported(self, ctx: Ctx) -> None: ...

    def enum_cast(self, user_type: tuple[str | None, str]) -> str | None: ...

    def add_column(self, table: TableState, cdef: Any, ctx: Ctx) -> None: ...

    def table_constraint(self, table: TableState, element: Any, ctx: Ctx) -> None: ...

    def check_columns(self, table: TableState, cols: tuple[str, ...], span: Span) -> bool: ...

    def add_index(self, table: TableState, index: DbIndex, span: Span) -> None: ...
