"""What the lowering steps (:mod:`.ordering`, :mod:`.relations`, :mod:`.truncation`) see of a lowering run.

The run itself (:class:`workbench.dialects.lower.Lowering`) calls those steps, so the steps cannot
import it back without a circle: they are typed against this protocol instead, the way the Prisma
loader's steps share :mod:`workbench.loaders.prisma.context`.
"""

from __future__ import annotations

from typing import Protocol

from workbench.diagnostics import Span
from workbench.dialects.base import Dialect
from workbench.ir.schema import Model, Schema


class LoweringContext(Protocol):
    """The state of one lowering run that its steps read and add to."""

    schema: Schema
    dialect: Dialect
    limit: int  # the dialect's identifier limit (bytes)
    # Prisma source of each created name, keyed (kind, schema or "", table, name).
    origins: dict[tuple[str, ...], Span | None]

    def warn(self, code: str, message: str, span: Span | None, help: str | None = None) -> None:
        """Add a warning (an info when ``code`` starts with ``I``) located at ``span``."""

    def column_name(self, model: Model, field_name: str) -> str | None:
        """The database name of ``model.field_name``, None when there is no such scalar field."""
