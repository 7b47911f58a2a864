"""SQL dialects: capabilities, type maps, Prisma's naming rules, and lowering Schema -> Database.

``lower(schema, dialect)`` is the entry point; ``dialect`` is an engine of :mod:`workbench.dialects.registry`
that lowers (see ``names(lowers=True)``).
"""

from workbench.dialects.base import Dialect, quote_literal
from workbench.dialects.lower import lower
from workbench.dialects.registry import ENGINES, get_dialect, names

# The engines lowering writes DDL for (the former ``base.DIALECTS``).
DIALECTS: dict[str, Dialect] = {name: ENGINES[name] for name in names(lowers=True)}

__all__ = ["DIALECTS", "ENGINES", "Dialect", "get_dialect", "lower", "names", "quote_literal"]
