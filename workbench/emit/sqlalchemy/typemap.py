"""Column types: Prisma's DDL spelling of a column (from the lowered database view) -> SQLAlchemy.

The lowering already decided the exact SQL type Prisma Migrate writes (``VARCHAR(200)``,
``TIMESTAMP(3)``, ``DECIMAL(65,30)``, ``TEXT[]``...). Starting from that spelling instead of the
Prisma field means the models can never disagree with Prisma's DDL: each row of the tables below
turns one spelling into the SQLAlchemy type that renders the same SQL on that dialect, plus the
Python type for ``Mapped[...]``. A type with no SQLAlchemy class (``circle``, ``XML``...) becomes
``_RawType("circle")``, a tiny ``UserDefinedType`` emitted into the module that prints the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbench.emit.pycommon import py_string

# base spelling -> (SQLAlchemy constructor template, Python type); ``{args}`` receives the
# arguments as written, ``{p}`` the first one (precision).
POSTGRES: dict[str, tuple[str, str]] = {
    "TEXT": ("sa.Text()", "str"),
    "VARCHAR": ("sa.String({args})", "str"),
    "CHAR": ("sa.CHAR({args})", "str"),
    "CITEXT": ("pg.CITEXT()", "str"),
    "BIT": ("pg.BIT({args})", "str"),
    "VARBIT": ("pg.BIT({args}, varying=True)", "str"),
    "UUID": ("pg.UUID(as_uuid=True)", "uuid.UUID"),
    "INET": ("_Inet()", "str"),
    "TSVECTOR": ("pg.TSVECTOR()", "Any"),
    "MONEY": ("_Money()", "decimal.Decimal"),
    "OID": ("pg.OID()", "int"),
    "INTEGER": ("sa.Integer()", "int"),
    "SMALLINT": ("sa.SmallInteger()", "int"),
    "BIGINT": ("sa.BigInteger()", "int"),
    "REAL": ("sa.REAL()", "float"),
    "DOUBLE PRECISION": ("sa.Double()", "float"),
    "DECIMAL": ("sa.Numeric({args})", "decimal.Decimal"),
    "BOOLEAN": ("sa.Boolean()", "bool"),
    "DATE": ("sa.Date()", "datetime.date"),
    "TIME": ("pg.TIME(precision={p})", "datetime.time"),
    "TIMETZ": ("pg.TIME(timezone=True, precision={p})", "datetime.time"),
    "TIMESTAMP": ("pg.TIMESTAMP(precision={p})", "datetime.datetime"),
    "TIMESTAMPTZ": ("pg.TIMESTAMP(timezone=True, precision={p})", "datetime.datetime"),
    "JSON": ("pg.JSON()", "Any"),
    "JSONB": ("pg.JSONB()", "Any"),
    "BYTEA": ("sa.LargeBinary()", "bytes"),
}

# Prisma's SQLite connector uses a handful of spellings (its DDL: TEXT, INTEGER, REAL, DECIMAL,
# DATETIME, BOOLEAN, BLOB, JSONB); SQLite's type affinity does the rest.
SQLITE: dict[str, tuple[str, str]] = {
    "TEXT": ("sa.Text()", "str"),
    "INTEGER": ("sa.Integer()", "int"),
    "BIGINT": ("sa.BigInteger()", "int"),
    "REAL": ("sa.REAL()", "float"),
    "DECIMAL": ("sa.DECIMAL()", "decimal.Decimal"),
    "BOOLEAN": ("sa.Boolean()", "bool"),
    "DATETIME": ("sa.DateTime()", "datetime.datetime"),
    "JSONB": ("_Jsonb()", "Any"),  # sa.JSON() would declare JSON; the helper declares JSONB
    "BLOB": ("sa.LargeBinary()", "bytes"),
}

TABLES = {"postgres": POSTGRES, "sqlite": SQLITE}

_SPELLING = re.compile(r"^(?P<base>[A-Za-z][A-Za-z ]*?)\s*(?:\((?P<args>[^()]*)\))?$")


@dataclass(frozen=True, slots=True)
class ColumnType:
    expr: str  # SQLAlchemy type expression
    py: str  # Python type for Mapped[...] (element type for arrays)
    raw: bool = False  # uses the emitted RawType helper
    array: bool = False


def column_type(spelling: str, dialect: str, enum_expr: str | None = None, enum_py: str | None = None) -> ColumnType:
    """The SQLAlchemy type for one DDL spelling; ``enum_expr`` when the column is an enum."""
    array = spelling.endswith("[]")
    base_spelling = spelling[:-2] if array else spelling
    if enum_expr is not None and enum_py is not None:
        inner = ColumnType(enum_expr, enum_py)
    else:
        inner = _scalar(base_spelling, TABLES.get(dialect, POSTGRES))
    if not array:
        return inner
    return ColumnType(f"pg.ARRAY({inner.expr})", inner.py, inner.raw, array=True)


def _scalar(spelling: str, table: dict[str, tuple[str, str]]) -> ColumnType:
    m = _SPELLING.match(spelling.strip())
    if m:
        base = m.group("base").upper()
        args = m.group("args")
        hit = table.get(base)
        if hit is not None:
            template, py = hit
            arg_text = ", ".join(a.strip() for a in args.split(",")) if args else ""
            first = args.split(",")[0].strip() if args else "None"
            return ColumnType(template.format(args=arg_text, p=first), py)
    return ColumnType(f"_RawType({py_string(spelling)})", "Any", raw=True)


__all__ = ["ColumnType", "column_type"]
