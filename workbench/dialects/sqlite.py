"""SQLite: Prisma's SQLite connector spellings (it has no ``@db.*`` native types)."""

from __future__ import annotations

from workbench.dialects.base import SQLITE
from workbench.dialects.typemap import TypeMap
from workbench.ir.schema import ScalarType

DIALECT = SQLITE

TYPES = TypeMap(
    logical={
        ScalarType.STRING: "TEXT",
        ScalarType.BOOLEAN: "BOOLEAN",
        ScalarType.INT: "INTEGER",
        ScalarType.BIGINT: "BIGINT",
        ScalarType.FLOAT: "REAL",
        ScalarType.DECIMAL: "DECIMAL",
        ScalarType.DATETIME: "DATETIME",
        ScalarType.JSON: "JSONB",
        ScalarType.BYTES: "BLOB",
    },
    native={},  # every @db.* type (from a schema written for another provider) is reported and dropped
)

ENUM_TYPE = "TEXT"  # Prisma stores enums as TEXT on SQLite (values not enforced)
LIST_TYPE = "TEXT"  # SQLite has no arrays; we keep the column (JSON text) and warn
