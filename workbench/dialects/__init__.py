"""SQL dialects: capabilities, type maps, Prisma's naming rules, and lowering Schema -> Database.

``lower(schema, dialect)`` is the entry point; ``dialect`` is "postgres", "duckdb" or "sqlite".
"""

from workbench.dialects.base import DIALECTS, Dialect, get_dialect, quote_literal
from workbench.dialects.lower import lower

__all__ = ["DIALECTS", "Dialect", "get_dialect", "lower", "quote_literal"]
