"""Type-map tables: a column's SQL type -> the Drizzle column builder that creates exactly that type.

Postgres and SQLite start from the *lowered* column type (``workbench.dialects.lower``: Prisma's
own DDL spelling of the field's logical or ``@db.*`` native type, e.g. ``VARCHAR(200)``,
``TIMESTAMP(3)``, ``DECIMAL(65,30)``), so the Drizzle schema creates the very type Prisma Migrate
creates; the proof is a catalog comparison on a real database (tests/test_emit_drizzle.py).
MySQL has no lowering yet: its spelling comes from :data:`MYSQL_LOGICAL` / :data:`MYSQL_NATIVE`
(Prisma's MySQL connector defaults).

Where Drizzle has no builder for a type (``bytea``, ``xml``, ``money``, SQLite's ``BOOLEAN`` /
``DATETIME`` declared types...), a ``customType`` whose ``dataType()`` returns the SQL spelling
is declared once per file (:class:`CustomType`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from workbench.emit.tscommon import ts_string as ts_string  # re-exported: the Drizzle modules import it here
from workbench.emit.tsnames import RESERVED, camel
from workbench.ir.schema import NativeType, ScalarType


@dataclass(frozen=True, slots=True)
class CustomType:
    """A ``customType<...>({ dataType() { return sql; } ... })`` declaration."""

    sql: str
    data: str  # TS type of the value in the application
    body: str = ""  # extra members (toDriver / fromDriver), already formatted, or ""

    def var(self, taken: frozenset[str]) -> str:
        name = camel(re.sub(r"[^A-Za-z0-9]+", " ", self.sql).strip() or "custom")
        if name[:1].isdigit():
            name = "t" + name
        return name + "Type" if name in taken or name in RESERVED else name

    def declaration(self, var: str) -> str:
        extra = f"\n  {self.body}" if self.body else ""
        return (
            f"const {var} = customType<{{ {self.data} }}>({{\n"
            f"  dataType() {{\n    return {ts_string(self.sql)};\n  }},{extra}\n}});\n"
        )


@dataclass(frozen=True, slots=True)
class Builder:
    """How to write one column's type: ``fn(name, options)``; ``custom`` when ``fn`` is a customType."""

    fn: str
    options: str | None = None  # TS object literal text, e.g. '{ length: 200 }'
    custom: CustomType | None = None
    literal_ok: bool = True  # may a literal default be written as a TS value (else sql`...`)
    is_date: bool = False  # application value is a JS Date (for @updatedAt's $onUpdate)
    suffix: str = ""  # appended to the call, e.g. '.$type<Uint8Array>()'

    def call(self, column: str, fn: str | None = None) -> str:
        opts = f", {self.options}" if self.options else ""
        return f"{fn or self.fn}({ts_string(column)}{opts}){self.suffix}"


_SPELLING = re.compile(r"^(?P<base>[A-Za-z][A-Za-z ]*?)\s*(?:\((?P<args>[^)]*)\))?$")


def split_type(sql: str) -> tuple[str, tuple[str, ...], bool]:
    """``VARCHAR(20)[]`` -> (``VARCHAR``, (``20``,), True)."""
    is_list = sql.endswith("[]")
    core = sql[:-2] if is_list else sql
    m = _SPELLING.match(core.strip())
    if not m:
        return core, (), is_list
    args = tuple(a.strip() for a in (m.group("args") or "").split(",") if a.strip())
    return m.group("base").upper(), args, is_list


def _opts(**items: object) -> str | None:
    parts = [f"{k}: {v}" for k, v in items.items() if v is not None]
    return "{ " + ", ".join(parts) + " }" if parts else None


def _int(args: tuple[str, ...], i: int) -> str | None:
    return args[i] if len(args) > i and args[i].isdigit() else None


# --- PostgreSQL (drizzle-orm/pg-core) ---------------------------------------------------------

# Binary columns are typed Uint8Array (what zod validates and types.ts declares; a Node Buffer,
# which drivers return, is one), so REST/tRPC insert validated values without a cast.
PG_BYTEA = CustomType("bytea", "data: Uint8Array")


def _pg_custom(sql: str, data: str = "data: string") -> Builder:
    return Builder("customType", custom=CustomType(sql, data), literal_ok=False)


def pg_builder(base: str, args: tuple[str, ...], autoincrement: bool) -> Builder | None:
    """The pg-core builder for a lowered Postgres type (upper-case base, its arguments)."""
    if autoincrement:
        serial = {"INTEGER": Builder("serial"), "SMALLINT": Builder("smallserial")}
        serial["BIGINT"] = Builder("bigserial", '{ mode: "bigint" }')
        return serial.get(base)
    p = _int(args, 0)
    if base in ("TIMESTAMP", "TIMESTAMPTZ"):
        tz = "true" if base == "TIMESTAMPTZ" else None
        return Builder("timestamp", _opts(precision=p, withTimezone=tz, mode='"date"'), literal_ok=False, is_date=True)
    if base in ("TIME", "TIMETZ"):
        return Builder("time", _opts(precision=p, withTimezone="true" if base == "TIMETZ" else None), literal_ok=False)
    if base == "DECIMAL":
        return Builder("numeric", _opts(precision=p, scale=_int(args, 1)), literal_ok=False)
    if base == "VARCHAR":
        return Builder("varchar", _opts(length=p))
    if base == "CHAR":
        return Builder("char", _opts(length=p))
    if base == "BIT" and p:
        return Builder("bit", _opts(dimensions=p), literal_ok=False)
    if base in ("BIT", "VARBIT"):
        # drizzle-kit quotes type names it does not know, except those starting like a native one
        # ("bit..."); "bit varying(5)" therefore reaches Postgres unquoted and intact.
        spelled = ("bit varying" if base == "VARBIT" else "bit") + (f"({p})" if p else "")
        return _pg_custom(spelled)
    simple = PG_SIMPLE.get(base)
    if simple is not None:
        return simple
    return None


PG_SIMPLE: dict[str, Builder] = {
    "TEXT": Builder("text"),
    "BOOLEAN": Builder("boolean"),
    "INTEGER": Builder("integer"),
    "SMALLINT": Builder("smallint"),
    "BIGINT": Builder("bigint", '{ mode: "bigint" }', literal_ok=False),
    "REAL": Builder("real"),
    "DOUBLE PRECISION": Builder("doublePrecision"),
    "UUID": Builder("uuid"),
    "INET": Builder("inet"),
    "DATE": Builder("date", '{ mode: "date" }', literal_ok=False, is_date=True),
    "JSON": Builder("json", literal_ok=False),
    "JSONB": Builder("jsonb", literal_ok=False),
    "BYTEA": Builder("customType", custom=PG_BYTEA, literal_ok=False),
    "XML": _pg_custom("xml"),
    "MONEY": _pg_custom("money"),
    "CITEXT": _pg_custom("citext"),
    "OID": _pg_custom("oid", "data: number"),
}

# Custom type names drizzle-kit passes through unquoted (its list of native Postgres types); any
# other custom type name is double-quoted, which only works for plain lower-case names.
PG_KIT_NATIVE_PREFIXES = (
    "uuid smallint integer bigint boolean text varchar serial bigserial decimal numeric real json jsonb time "
    "timestamp date interval double precision point line geometry halfvec sparsevec vector bit char"
).split()


def pg_custom_name_ok(sql: str) -> bool:
    """Will drizzle-kit write this custom type so that Postgres reads the type as written?"""
    return bool(re.fullmatch(r"[a-z_][a-z0-9_]*", sql)) or any(sql.startswith(p) for p in PG_KIT_NATIVE_PREFIXES)


# --- SQLite (drizzle-orm/sqlite-core) ----------------------------------------------------------
# Prisma declares BOOLEAN / DATETIME / DECIMAL / BIGINT / JSONB columns; Drizzle has builders only
# for integer/text/real/blob/numeric, so these are customTypes with the same declared type (what
# `pragma table_info` shows, and what decides SQLite's type affinity). DATETIME values are written
# as ISO 8601 text, the default `timestampFormat` of Prisma 7's SQLite driver adapters; numbers
# (their `unixepoch-ms` format, or Prisma 6's native driver) are read as well.

SQLITE_BOOLEAN = CustomType(
    "BOOLEAN",
    "data: boolean; driverData: number",
    "toDriver(value) {\n    return value ? 1 : 0;\n  },\n  fromDriver(value) {\n    return Boolean(value);\n  },",
)
SQLITE_DATETIME = CustomType(
    "DATETIME",
    "data: Date; driverData: string | number",
    "toDriver(value) {\n    return value.toISOString();\n  },\n"
    "  fromDriver(value) {\n"
    '    return new Date(typeof value === "number" || value.includes("T") ? value : value.replace(" ", "T") + "Z");\n'
    "  },",
)
SQLITE_BIGINT = CustomType(
    "BIGINT",
    "data: bigint; driverData: number | bigint",
    "toDriver(value) {\n    return value;\n  },\n  fromDriver(value) {\n    return BigInt(value);\n  },",
)
SQLITE_JSONB = CustomType(
    "JSONB",
    "data: unknown; driverData: string",
    "toDriver(value) {\n    return JSON.stringify(value);\n  },\n"
    "  fromDriver(value) {\n    return JSON.parse(value) as unknown;\n  },",
)

SQLITE_SIMPLE: dict[str, Builder] = {
    "TEXT": Builder("text"),
    "INTEGER": Builder("integer"),
    "REAL": Builder("real"),
    "BLOB": Builder("blob", '{ mode: "buffer" }', literal_ok=False, suffix=".$type<Uint8Array>()"),
    "BOOLEAN": Builder("customType", custom=SQLITE_BOOLEAN),
    "DATETIME": Builder("customType", custom=SQLITE_DATETIME, literal_ok=False, is_date=True),
    "DECIMAL": Builder("customType", custom=CustomType("DECIMAL", "data: string"), literal_ok=False),
    "BIGINT": Builder("customType", custom=SQLITE_BIGINT, literal_ok=False),
    "JSONB": Builder("customType", custom=SQLITE_JSONB, literal_ok=False),
}


def sqlite_builder(base: str, args: tuple[str, ...], autoincrement: bool) -> Builder | None:
    return SQLITE_SIMPLE.get(base)


# --- MySQL (drizzle-orm/mysql-core): Prisma's MySQL connector spellings, no lowering yet --------

MYSQL_LOGICAL: dict[ScalarType, str] = {
    ScalarType.STRING: "VARCHAR(191)",
    ScalarType.BOOLEAN: "BOOLEAN",
    ScalarType.INT: "INT",
    ScalarType.BIGINT: "BIGINT",
    ScalarType.FLOAT: "DOUBLE",
    ScalarType.DECIMAL: "DECIMAL(65,30)",
    ScalarType.DATETIME: "DATETIME(3)",
    ScalarType.JSON: "JSON",
    ScalarType.BYTES: "LONGBLOB",
}

MYSQL_NATIVE = {
    "VarChar": "VARCHAR",
    "Char": "CHAR",
    "Text": "TEXT",
    "TinyText": "TINYTEXT",
    "MediumText": "MEDIUMTEXT",
    "LongText": "LONGTEXT",
    "Int": "INT",
    "UnsignedInt": "INT UNSIGNED",
    "SmallInt": "SMALLINT",
    "UnsignedSmallInt": "SMALLINT UNSIGNED",
    "TinyInt": "TINYINT",
    "UnsignedTinyInt": "TINYINT UNSIGNED",
    "MediumInt": "MEDIUMINT",
    "UnsignedMediumInt": "MEDIUMINT UNSIGNED",
    "BigInt": "BIGINT",
    "UnsignedBigInt": "BIGINT UNSIGNED",
    "Decimal": "DECIMAL",
    "Float": "FLOAT",
    "Double": "DOUBLE",
    "Date": "DATE",
    "Time": "TIME",
    "DateTime": "DATETIME",
    "Timestamp": "TIMESTAMP",
    "Year": "YEAR",
    "Json": "JSON",
    "Bit": "BIT",
    "Binary": "BINARY",
    "VarBinary": "VARBINARY",
    "TinyBlob": "TINYBLOB",
    "Blob": "BLOB",
    "MediumBlob": "MEDIUMBLOB",
    "LongBlob": "LONGBLOB",
}


def mysql_spelling(logical: ScalarType, native: NativeType | None) -> str | None:
    if native is None:
        return MYSQL_LOGICAL.get(logical)
    base = MYSQL_NATIVE.get(native.name)
    if base is None:
        return None
    return f"{base}({','.join(native.args)})" if native.args else base


def mysql_builder(base: str, args: tuple[str, ...], autoincrement: bool) -> Builder | None:
    unsigned = "true" if base.endswith(" UNSIGNED") else None
    base = base.removesuffix(" UNSIGNED")
    p = _int(args, 0)
    ints = {"INT": "int", "SMALLINT": "smallint", "TINYINT": "tinyint", "MEDIUMINT": "mediumint"}
    if base in ints:
        return Builder(ints[base], _opts(unsigned=unsigned))
    if base == "BIGINT":
        return Builder("bigint", _opts(mode='"bigint"', unsigned=unsigned), literal_ok=False)
    if base in ("DATETIME", "TIMESTAMP"):
        return Builder(base.lower(), _opts(fsp=p, mode='"date"'), literal_ok=False, is_date=True)
    if base == "TIME":
        return Builder("time", _opts(fsp=p), literal_ok=False)
    if base == "DECIMAL":
        return Builder("decimal", _opts(precision=p, scale=_int(args, 1)), literal_ok=False)
    if base in ("VARCHAR", "CHAR"):
        return Builder(base.lower(), _opts(length=p or ("191" if base == "VARCHAR" else None)))
    if base in ("BINARY", "VARBINARY"):  # drizzle's binary/varbinary builders hold strings; Bytes are binary data
        spelled = f"{base.lower()}({p})" if p else base.lower()
        return Builder("customType", custom=CustomType(spelled, "data: Uint8Array"), literal_ok=False)
    simple = {
        "TEXT": "text",
        "TINYTEXT": "tinytext",
        "MEDIUMTEXT": "mediumtext",
        "LONGTEXT": "longtext",
        "BOOLEAN": "boolean",
        "FLOAT": "float",
        "DOUBLE": "double",
        "JSON": "json",
        "YEAR": "year",
    }
    if base in simple:
        return Builder(simple[base], literal_ok=base in ("TEXT", "TINYTEXT", "MEDIUMTEXT", "LONGTEXT", "BOOLEAN"))
    if base == "DATE":
        return Builder("date", '{ mode: "date" }', literal_ok=False, is_date=True)
    if base in ("TINYBLOB", "BLOB", "MEDIUMBLOB", "LONGBLOB"):
        return Builder("customType", custom=CustomType(base.lower(), "data: Uint8Array"), literal_ok=False)
    if base == "BIT":
        return Builder("customType", custom=CustomType(f"bit({p})" if p else "bit", "data: number"), literal_ok=False)
    return None


BUILDERS = {"pg": pg_builder, "sqlite": sqlite_builder, "mysql": mysql_builder}


@lru_cache(maxsize=4096)
def builder_for(flavor: str, sql: str, autoincrement: bool) -> tuple[Builder | None, bool]:
    """(builder or None, is_list) for a column type; a schema repeats few types, hence the cache."""
    base, args, is_list = split_type(sql)
    return BUILDERS[flavor](base, args, autoincrement and not is_list), is_list
