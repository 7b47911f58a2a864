"""Native types (``@db.X``) per provider, as Prisma's connectors define them.

Each entry: the scalar types the native type may annotate, and its arguments:
``0`` none, ``"1?"`` one optional, ``"1"`` one required, ``"2?"`` two optional (both or none).
SQLite has no native types in Prisma.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.ir import ScalarType as T


@dataclass(frozen=True, slots=True)
class NativeSpec:
    scalars: tuple[T, ...]
    arity: str = "0"  # "0", "1", "1?", "2?"

    @property
    def max_args(self) -> int:
        return int(self.arity[0])

    @property
    def min_args(self) -> int:
        return 0 if self.arity.endswith("?") else int(self.arity[0])


def _s(*scalars: T, arity: str = "0") -> NativeSpec:
    return NativeSpec(scalars, arity)


POSTGRES: dict[str, NativeSpec] = {
    "Text": _s(T.STRING),
    "Char": _s(T.STRING, arity="1?"),
    "VarChar": _s(T.STRING, arity="1?"),
    "Bit": _s(T.STRING, arity="1?"),
    "VarBit": _s(T.STRING, arity="1?"),
    "Uuid": _s(T.STRING),
    "Xml": _s(T.STRING),
    "Inet": _s(T.STRING),
    "Citext": _s(T.STRING),
    "Boolean": _s(T.BOOLEAN),
    "Integer": _s(T.INT),
    "SmallInt": _s(T.INT),
    "Oid": _s(T.INT),
    "BigInt": _s(T.BIGINT),
    "Real": _s(T.FLOAT),
    "DoublePrecision": _s(T.FLOAT),
    "Decimal": _s(T.DECIMAL, arity="2?"),
    "Money": _s(T.DECIMAL),
    "Timestamp": _s(T.DATETIME, arity="1?"),
    "Timestamptz": _s(T.DATETIME, arity="1?"),
    "Date": _s(T.DATETIME),
    "Time": _s(T.DATETIME, arity="1?"),
    "Timetz": _s(T.DATETIME, arity="1?"),
    "Json": _s(T.JSON),
    "JsonB": _s(T.JSON),
    "ByteA": _s(T.BYTES),
}

COCKROACH: dict[str, NativeSpec] = {
    "Bit": _s(T.STRING, arity="1?"),
    "Bool": _s(T.BOOLEAN),
    "Bytes": _s(T.BYTES),
    "Char": _s(T.STRING, arity="1?"),
    "CatalogSingleChar": _s(T.STRING),
    "Date": _s(T.DATETIME),
    "Decimal": _s(T.DECIMAL, arity="2?"),
    "Float4": _s(T.FLOAT),
    "Float8": _s(T.FLOAT),
    "Inet": _s(T.STRING),
    "Int2": _s(T.INT),
    "Int4": _s(T.INT),
    "Int8": _s(T.BIGINT),
    "JsonB": _s(T.JSON),
    "Oid": _s(T.INT),
    "String": _s(T.STRING, arity="1?"),
    "Time": _s(T.DATETIME, arity="1?"),
    "Timestamp": _s(T.DATETIME, arity="1?"),
    "Timestamptz": _s(T.DATETIME, arity="1?"),
    "Timetz": _s(T.DATETIME, arity="1?"),
    "Uuid": _s(T.STRING),
    "VarBit": _s(T.STRING, arity="1?"),
}

MYSQL: dict[str, NativeSpec] = {
    "Int": _s(T.INT),
    "UnsignedInt": _s(T.INT),
    "SmallInt": _s(T.INT),
    "UnsignedSmallInt": _s(T.INT),
    "TinyInt": _s(T.INT, T.BOOLEAN),
    "UnsignedTinyInt": _s(T.INT, T.BOOLEAN),
    "MediumInt": _s(T.INT),
    "UnsignedMediumInt": _s(T.INT),
    "BigInt": _s(T.BIGINT),
    "UnsignedBigInt": _s(T.BIGINT),
    "Decimal": _s(T.DECIMAL, arity="2?"),
    "Float": _s(T.FLOAT),
    "Double": _s(T.FLOAT),
    "Bit": _s(T.BOOLEAN, T.BYTES, arity="1"),
    "Char": _s(T.STRING, arity="1"),
    "VarChar": _s(T.STRING, arity="1"),
    "Binary": _s(T.BYTES, arity="1"),
    "VarBinary": _s(T.BYTES, arity="1"),
    "TinyBlob": _s(T.BYTES),
    "Blob": _s(T.BYTES),
    "MediumBlob": _s(T.BYTES),
    "LongBlob": _s(T.BYTES),
    "TinyText": _s(T.STRING),
    "Text": _s(T.STRING),
    "MediumText": _s(T.STRING),
    "LongText": _s(T.STRING),
    "Date": _s(T.DATETIME),
    "Time": _s(T.DATETIME, arity="1?"),
    "DateTime": _s(T.DATETIME, arity="1?"),
    "Timestamp": _s(T.DATETIME, arity="1?"),
    "Year": _s(T.INT),
    "Json": _s(T.JSON),
}

NATIVE_TYPES: dict[str, dict[str, NativeSpec]] = {
    "postgresql": POSTGRES,
    "cockroachdb": COCKROACH,
    "mysql": MYSQL,
    "sqlite": {},
}


def native_types(provider: str | None) -> dict[str, NativeSpec]:
    return NATIVE_TYPES.get(provider or "", {})
