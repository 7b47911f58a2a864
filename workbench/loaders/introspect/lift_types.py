"""Column types and defaults of the database view -> Prisma field types, native types and defaults.

The tables are the inverse of the dialects' type maps (:mod:`workbench.dialects.postgres` etc.):
a column whose type is the default mapping of a Prisma type gets no ``@db.*`` attribute, any other
known type gets the native type that lowers back to it, and an unknown type becomes
``Unsupported("...")`` with its text, so lifting and lowering again gives the same column.
"""

from __future__ import annotations

import re

from workbench.dialects.literals import prisma_number
from workbench.ir.schema import Default, DefaultKind, NativeType, ScalarType
from workbench.loaders.introspect.normalize import (
    is_now,
    is_number,
    split_bracketed,
    split_string_literal,
    split_top_level,
    unquote_literal,
)

S = ScalarType
TypeInfo = tuple[ScalarType, NativeType | None]

# PostgreSQL (Prisma's own mapping): type name without arguments -> (logical type, native type name)
_PG: dict[str, tuple[ScalarType, str | None]] = {
    "TEXT": (S.STRING, None),
    "VARCHAR": (S.STRING, "VarChar"),
    "CHAR": (S.STRING, "Char"),
    "UUID": (S.STRING, "Uuid"),
    "INET": (S.STRING, "Inet"),
    "CITEXT": (S.STRING, "Citext"),
    "XML": (S.STRING, "Xml"),
    "BIT": (S.STRING, "Bit"),
    "VARBIT": (S.STRING, "VarBit"),
    "BOOLEAN": (S.BOOLEAN, None),
    "INTEGER": (S.INT, None),
    "SMALLINT": (S.INT, "SmallInt"),
    "OID": (S.INT, "Oid"),
    "BIGINT": (S.BIGINT, None),
    "DOUBLE PRECISION": (S.FLOAT, None),
    "REAL": (S.FLOAT, "Real"),
    "DECIMAL": (S.DECIMAL, "Decimal"),
    "MONEY": (S.DECIMAL, "Money"),
    "TIMESTAMP": (S.DATETIME, "Timestamp"),
    "TIMESTAMPTZ": (S.DATETIME, "Timestamptz"),
    "DATE": (S.DATETIME, "Date"),
    "TIME": (S.DATETIME, "Time"),
    "TIMETZ": (S.DATETIME, "Timetz"),
    "JSONB": (S.JSON, None),
    "JSON": (S.JSON, "Json"),
    "BYTEA": (S.BYTES, None),
}
_PG_DEFAULT_ARGS = {"DECIMAL": "65,30", "TIMESTAMP": "3"}  # DECIMAL(65,30) and TIMESTAMP(3) need no @db

# DuckDB, written as provider "postgresql": the inverse of workbench.dialects.duckdb.TYPES.
_DUCKDB: dict[str, tuple[ScalarType, str | None]] = {
    "VARCHAR": (S.STRING, None),
    "UUID": (S.STRING, "Uuid"),
    "BIT": (S.STRING, "Bit"),
    "BOOLEAN": (S.BOOLEAN, None),
    "INTEGER": (S.INT, None),
    "SMALLINT": (S.INT, "SmallInt"),
    "UINTEGER": (S.INT, "Oid"),
    "BIGINT": (S.BIGINT, None),
    "DOUBLE": (S.FLOAT, None),
    "FLOAT": (S.FLOAT, "Real"),
    "DECIMAL": (S.DECIMAL, "Decimal"),
    "TIMESTAMP": (S.DATETIME, None),
    "TIMESTAMP WITH TIME ZONE": (S.DATETIME, "Timestamptz"),
    "DATE": (S.DATETIME, "Date"),
    "TIME": (S.DATETIME, "Time"),
    "TIME WITH TIME ZONE": (S.DATETIME, "Timetz"),
    "JSON": (S.JSON, None),
    "BLOB": (S.BYTES, None),
}
_DUCKDB_DEFAULT_ARGS = {"DECIMAL": "38,10"}

# MySQL (Prisma's own mapping; read from SQL DDL, there is no live MySQL introspection yet).
_MYSQL: dict[str, tuple[ScalarType, str | None]] = {
    "VARCHAR": (S.STRING, "VarChar"),
    "CHAR": (S.STRING, "Char"),
    "TEXT": (S.STRING, "Text"),
    "TINYTEXT": (S.STRING, "TinyText"),
    "MEDIUMTEXT": (S.STRING, "MediumText"),
    "LONGTEXT": (S.STRING, "LongText"),
    "BOOLEAN": (S.BOOLEAN, None),
    "TINYINT": (S.INT, "TinyInt"),
    "SMALLINT": (S.INT, "SmallInt"),
    "MEDIUMINT": (S.INT, "MediumInt"),
    "INTEGER": (S.INT, None),
    "INT": (S.INT, None),
    "YEAR": (S.INT, "Year"),
    "BIGINT": (S.BIGINT, None),
    "DOUBLE": (S.FLOAT, None),
    "FLOAT": (S.FLOAT, "Float"),
    "DECIMAL": (S.DECIMAL, "Decimal"),
    "DATETIME": (S.DATETIME, "DateTime"),
    "TIMESTAMP": (S.DATETIME, "Timestamp"),
    "DATE": (S.DATETIME, "Date"),
    "TIME": (S.DATETIME, "Time"),
    "JSON": (S.JSON, None),
    "LONGBLOB": (S.BYTES, None),
    "BLOB": (S.BYTES, "Blob"),
    "TINYBLOB": (S.BYTES, "TinyBlob"),
    "MEDIUMBLOB": (S.BYTES, "MediumBlob"),
    "BINARY": (S.BYTES, "Binary"),
    "VARBINARY": (S.BYTES, "VarBinary"),
}
# VARCHAR(191), DECIMAL(65,30) and DATETIME(3) are Prisma's defaults; TINYINT(1) is how MySQL
# spells a Boolean.
_MYSQL_DEFAULT_ARGS = {"VARCHAR": "191", "DECIMAL": "65,30", "DATETIME": "3"}

# SQLite: Prisma's spellings first, then SQLite type affinity for anything else (like db pull).
_SQLITE: dict[str, ScalarType] = {
    "TEXT": S.STRING,
    "INTEGER": S.INT,
    "BIGINT": S.BIGINT,
    "REAL": S.FLOAT,
    "DECIMAL": S.DECIMAL,
    "BOOLEAN": S.BOOLEAN,
    "DATETIME": S.DATETIME,
    "BLOB": S.BYTES,
    "JSONB": S.JSON,
    "JSON": S.JSON,
}
_TYPE_WITH_ARGS = re.compile(r"^([A-Z][A-Z ]*?)(?:\((.*)\))?$")


def field_type(dialect: str, column_type: str, enums: set[str]) -> tuple[TypeInfo | None, str | None, str | None, bool]:
    """(logical type + native type, enum name, unsupported text, is list) for a column type."""
    is_list = column_type.endswith("[]")
    base = column_type[:-2] if is_list else column_type
    if base in enums:
        return (S.ENUM, None), base, None, is_list
    info = _sqlite_type(base) if dialect == "sqlite" else _mapped(dialect, base)
    if info is None:
        return (S.UNSUPPORTED, None), None, base, is_list
    return info, None, None, is_list


_TABLES = {
    "duckdb": (_DUCKDB, _DUCKDB_DEFAULT_ARGS),
    "mysql": (_MYSQL, _MYSQL_DEFAULT_ARGS),
}


def _mapped(dialect: str, base: str) -> TypeInfo | None:
    if dialect == "mysql" and base.replace(" ", "") == "TINYINT(1)":
        return S.BOOLEAN, None
    table, default_args = _TABLES.get(dialect, (_PG, _PG_DEFAULT_ARGS))
    m = _TYPE_WITH_ARGS.match(base)
    if not m:
        return None
    name, args = m.group(1), m.group(2)
    entry = table.get(name)
    if entry is None:
        return None
    logical, native = entry
    if args is not None and args.replace(" ", "") == default_args.get(name):
        return logical, None
    if native is None:
        return (logical, None) if args is None else None
    return logical, NativeType(native, tuple(a.strip() for a in args.split(",")) if args else ())


def _sqlite_type(base: str) -> TypeInfo:
    head = base.split("(")[0].strip().upper()
    if head in _SQLITE:
        return _SQLITE[head], None
    # SQLite's affinity rules (section 3.1 of the datatype docs), refined like Prisma's describer
    if "INT" in head:
        return (S.BIGINT if "BIG" in head else S.INT), None
    if any(k in head for k in ("CHAR", "CLOB", "TEXT")):
        return S.STRING, None
    if "BLOB" in head or not head:
        return S.BYTES, None
    if any(k in head for k in ("REAL", "FLOA", "DOUB")):
        return S.FLOAT, None
    if any(k in head for k in ("DATE", "TIME")):
        return S.DATETIME, None
    if "BOOL" in head:
        return S.BOOLEAN, None
    return S.DECIMAL, None


def lift_default(
    text: str | None, autoincrement: bool, logical: ScalarType, enum_values: dict[str, str] | None, is_list: bool
) -> Default | None:
    """A canonical column default -> a Prisma default. ``enum_values``: db value -> Prisma value name."""
    if autoincrement:
        return Default(DefaultKind.AUTOINCREMENT)
    if text is None:
        return None
    if is_list:
        parts = split_bracketed(text, "ARRAY[") or split_bracketed(text, "list_value(")
        if parts is not None and (parts[1].startswith("::") or text.startswith("list_value(")):
            items = [_scalar_value(p, logical, enum_values) for p in split_top_level(parts[0])]
            if all(i is not None for i in items):
                kinds = {i.kind for i in items if i is not None}
                if kinds <= {DefaultKind.LITERAL} or kinds <= {DefaultKind.ENUM}:
                    kind = DefaultKind.ENUM if kinds == {DefaultKind.ENUM} else DefaultKind.LITERAL
                    return Default(kind, tuple(i.value for i in items if i is not None))  # type: ignore[misc]  # scalar defaults: values are never tuples
        return Default(DefaultKind.DBGENERATED, text)
    if logical is ScalarType.DATETIME and is_now(text):
        return Default(DefaultKind.NOW)
    value = _scalar_value(text, logical, enum_values)
    return value if value is not None else Default(DefaultKind.DBGENERATED, text)


def _scalar_value(text: str, logical: ScalarType, enum_values: dict[str, str] | None) -> Default | None:
    lit = split_string_literal(text)
    if lit is not None and lit[1] == "":
        value = unquote_literal(text)
        if logical is ScalarType.ENUM:
            name = (enum_values or {}).get(value)
            return Default(DefaultKind.ENUM, name) if name is not None else None
        if logical in (ScalarType.STRING, ScalarType.JSON, ScalarType.DATETIME):
            return Default(DefaultKind.LITERAL, value)
        if logical in (ScalarType.INT, ScalarType.BIGINT, ScalarType.FLOAT, ScalarType.DECIMAL):
            return _number(value, logical)
        return None
    if is_number(text) and logical in (ScalarType.INT, ScalarType.BIGINT, ScalarType.FLOAT, ScalarType.DECIMAL):
        return _number(text, logical)
    if text in ("true", "false") and logical is ScalarType.BOOLEAN:
        return Default(DefaultKind.LITERAL, text == "true")
    return None


def _number(text: str, logical: ScalarType) -> Default | None:
    if not is_number(text):
        return None
    if logical in (ScalarType.INT, ScalarType.BIGINT):
        try:
            return Default(DefaultKind.LITERAL, int(text))
        except ValueError:
            return None
    number = prisma_number(text)
    return Default(DefaultKind.LITERAL, number) if number is not None else None
