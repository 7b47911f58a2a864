"""Column types as written in DDL -> the database view's canonical spelling, per dialect.

The database view spells a type the way lowering writes it (:mod:`workbench.ir.database`):
Prisma's DDL spelling on PostgreSQL (``INTEGER``, ``DOUBLE PRECISION``, ``TIMESTAMP(3)``,
``DECIMAL(65,30)``, ``BYTEA``), DuckDB's catalog spelling on DuckDB (``VARCHAR``, ``DOUBLE``,
``TIMESTAMP WITH TIME ZONE``, lengths dropped) and the declared text on SQLite (SQLite keeps it
verbatim; spacing normalised by the SQLite introspector's ``canonical_type``). sqlglot already
unifies the aliases (``int4``, ``character varying``, ``float8``...) into one ``DataType`` kind,
so these are tables from that kind to the spelling; anything else keeps its written name, like
an introspected ``Unsupported`` type. ``SERIAL``-style types come back as their integer type plus
the autoincrement flag.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# sqlglot DataType kind name -> spelling. "*" keeps the written arguments: NAME(a,b).
_POSTGRES = {
    "INT": "INTEGER",
    "SMALLINT": "SMALLINT",
    "BIGINT": "BIGINT",
    "TEXT": "TEXT",
    "VARCHAR": "VARCHAR*",
    "CHAR": "CHAR*",
    "BOOLEAN": "BOOLEAN",
    "DOUBLE": "DOUBLE PRECISION",
    "FLOAT": "REAL",
    "DECIMAL": "DECIMAL*",
    "MONEY": "MONEY",
    "TIMESTAMP": "TIMESTAMP*",
    "TIMESTAMPNTZ": "TIMESTAMP*",
    "TIMESTAMPTZ": "TIMESTAMPTZ*",
    "DATE": "DATE",
    "TIME": "TIME*",
    "TIMETZ": "TIMETZ*",
    "JSON": "JSON",
    "JSONB": "JSONB",
    "VARBINARY": "BYTEA",
    "UUID": "UUID",
    "INET": "INET",
    "XML": "XML",
    "BIT": "BIT*",
    "INTERVAL": "interval",  # an Unsupported type: spelled as the catalog prints it
}
_DUCKDB = {
    "INT": "INTEGER",
    "SMALLINT": "SMALLINT",
    "BIGINT": "BIGINT",
    "TINYINT": "TINYINT",
    "INT128": "HUGEINT",
    "UBIGINT": "UBIGINT",
    "UINT": "UINTEGER",
    "USMALLINT": "USMALLINT",
    "UTINYINT": "UTINYINT",
    "UINT128": "UHUGEINT",
    "TEXT": "VARCHAR",
    "VARCHAR": "VARCHAR",
    "CHAR": "VARCHAR",
    "NCHAR": "VARCHAR",
    "NVARCHAR": "VARCHAR",
    "BOOLEAN": "BOOLEAN",
    "DOUBLE": "DOUBLE",
    "FLOAT": "FLOAT",
    "DECIMAL": "DECIMAL*",
    "TIMESTAMP": "TIMESTAMP",
    "TIMESTAMPNTZ": "TIMESTAMP",
    "DATETIME": "TIMESTAMP",
    "TIMESTAMPTZ": "TIMESTAMP WITH TIME ZONE",
    "DATE": "DATE",
    "TIME": "TIME",
    "TIMETZ": "TIME WITH TIME ZONE",
    "JSON": "JSON",
    "VARBINARY": "BLOB",
    "BLOB": "BLOB",
    "UUID": "UUID",
    "INTERVAL": "INTERVAL",
    "BIT": "BIT",
}
# MySQL has no lowering yet: Prisma Migrate's MySQL spellings (INTEGER, VARCHAR(191), DATETIME(3)...).
_MYSQL = {
    "INT": "INTEGER",
    "TINYINT": "TINYINT*",
    "SMALLINT": "SMALLINT",
    "MEDIUMINT": "MEDIUMINT",
    "BIGINT": "BIGINT",
    "UINT": "INTEGER UNSIGNED",
    "UBIGINT": "BIGINT UNSIGNED",
    "TEXT": "TEXT",
    "TINYTEXT": "TINYTEXT",
    "MEDIUMTEXT": "MEDIUMTEXT",
    "LONGTEXT": "LONGTEXT",
    "VARCHAR": "VARCHAR*",
    "CHAR": "CHAR*",
    "BOOLEAN": "BOOLEAN",
    "DOUBLE": "DOUBLE",
    "FLOAT": "FLOAT",
    "DECIMAL": "DECIMAL*",
    "DATETIME": "DATETIME*",
    "TIMESTAMP": "TIMESTAMP*",
    "DATE": "DATE",
    "TIME": "TIME*",
    "YEAR": "YEAR",
    "JSON": "JSON",
    "BLOB": "BLOB",
    "TINYBLOB": "TINYBLOB",
    "MEDIUMBLOB": "MEDIUMBLOB",
    "LONGBLOB": "LONGBLOB",
    "VARBINARY": "VARBINARY*",
    "BINARY": "BINARY*",
    "BIT": "BIT*",
}
TABLES = {"postgres": _POSTGRES, "duckdb": _DUCKDB, "mysql": _MYSQL}
SERIALS = {"SERIAL": "INT", "BIGSERIAL": "BIGINT", "SMALLSERIAL": "SMALLINT"}


@dataclass(frozen=True, slots=True)
class ColumnType:
    sql: str  # canonical spelling ("Role" for an enum, "TEXT[]" for a list)
    serial: bool = False  # SERIAL/BIGSERIAL/SMALLSERIAL: an autoincrementing integer
    user_type: tuple[str | None, str] | None = None  # (schema, name) of a named type (enum?) it refers to
    enum_values: tuple[str, ...] | None = None  # MySQL inline ENUM('a', 'b')


_QUOTED_TYPE = re.compile(r'^"((?:[^"]|"")+)"$')


def _args(dt: Any) -> list[str]:
    return [p.sql().strip() for p in dt.expressions]


def _user_type(dt: Any) -> tuple[str | None, str]:
    """(schema, name) of a USERDEFINED type: ``"billing"."Currency"`` -> (billing, Currency)."""
    from sqlglot import exp

    kind = dt.args.get("kind")
    if isinstance(kind, exp.Dot):
        return _name(kind.this), _name(kind.expression)
    if isinstance(kind, exp.Expression):
        return None, _name(kind)
    # some dialects (DuckDB) keep the name as text: "billing"."Currency" or billing.Currency
    parts = re.findall(r'"((?:[^"]|"")*)"|([^."]+)', str(kind))
    names = [q.replace('""', '"') if q else p for q, p in parts]
    return (names[-2] if len(names) > 1 else None), names[-1] if names else str(kind)


def _postgres_builtin(dt: Any, dialect: str, schema: str | None, name: str, args: list[str]) -> str | None:
    """The catalog's spelling of a PostgreSQL type sqlglot does not know (``citext``) written unquoted,
    else None: the server folds the unquoted name to lower case, so ``citext`` and ``CITEXT`` are
    one type and introspection spells it ``CITEXT``."""
    from sqlglot import exp

    kind = dt.args.get("kind")
    if dialect != "postgres" or schema is not None or args or not isinstance(kind, exp.Identifier) or kind.quoted:
        return None
    from workbench.loaders.introspect.postgres import canonical_type

    spelled = canonical_type(name.lower())
    return spelled if spelled != name.lower() else None


def _name(node: Any) -> str:
    from sqlglot import exp

    if isinstance(node, exp.Identifier):
        return str(node.this)
    if isinstance(node, exp.Expression):
        return node.name or node.sql()
    return str(node)


def column_type(dt: Any, dialect: str, declared: str) -> ColumnType:
    """Canonical type of a sqlglot ``DataType``; ``declared`` is the type's source text (SQLite uses it)."""
    from sqlglot import exp

    if dialect == "sqlite":
        from workbench.loaders.introspect.sqlite import canonical_type

        return ColumnType(canonical_type(declared))
    kind = dt.this.name if isinstance(dt.this, exp.DataType.Type) else str(dt.this)
    quoted = _QUOTED_TYPE.match(declared.strip()) if dialect == "postgres" and kind != "ARRAY" else None
    if quoted is not None and quoted.group(1) != quoted.group(1).lower():
        # sqlglot reads "Interval" as INTERVAL; quoted, it is a user type (an enum), not the builtin
        name = quoted.group(1).replace('""', '"')
        return ColumnType(name, user_type=(None, name))
    if kind == "ARRAY" and dt.expressions:
        inner_declared = re.sub(r"(\s*\[\s*\d*\s*\]|\s+ARRAY)$", "", declared.strip(), flags=re.I)
        inner = column_type(dt.expressions[0], dialect, inner_declared)
        return ColumnType(inner.sql + "[]", user_type=inner.user_type)
    if kind in SERIALS:
        return ColumnType(_POSTGRES[SERIALS[kind]] if dialect != "duckdb" else _DUCKDB[SERIALS[kind]], serial=True)
    if kind == "USERDEFINED":
        schema, name = _user_type(dt)
        args = _args(dt)
        builtin = _postgres_builtin(dt, dialect, schema, name, args)
        if builtin is not None:
            return ColumnType(builtin)
        return ColumnType(f"{name}({','.join(args)})" if args else name, user_type=(schema, name))
    if kind == "ENUM" and dialect == "mysql":
        values = tuple(str(e.this) for e in dt.expressions)
        return ColumnType("ENUM", enum_values=values)
    spelled = TABLES[dialect].get(kind)
    if spelled is None:  # a type we have no spelling for: kept as written, like an Unsupported type
        from workbench.loaders.introspect.sqlite import canonical_type

        return ColumnType(canonical_type(declared) if declared.strip() else dt.sql(dialect).replace(", ", ","))
    if spelled.endswith("*"):
        args = _args(dt)
        spelled = spelled[:-1]
        return ColumnType(f"{spelled}({','.join(args)})" if args else spelled)
    return ColumnType(spelled)


__all__ = ["ColumnType", "column_type"]
