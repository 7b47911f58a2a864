"""Type-map tables: Prisma's logical types and ``@db.*`` native types -> a dialect's DDL spelling.

Each dialect module declares a :class:`TypeMap` (plain tables, no if-chains); lowering looks up
a field's native type first, then its logical type.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from workbench.ir.schema import NativeType, ScalarType


@dataclass(frozen=True, slots=True)
class NativeRule:
    """How one Prisma native type is spelled. ``args``: keep ``(a,b)`` arguments, drop them, or
    replace them with a fixed spelling. ``lost``: what the dialect cannot keep (-> a warning)."""

    sql: str
    keep_args: bool = True
    lost: str | None = None
    lost_with_args: str | None = None  # warning only when arguments were given (e.g. a length)


@dataclass(frozen=True, slots=True)
class TypeMap:
    logical: Mapping[ScalarType, str]
    native: Mapping[str, NativeRule] = field(default_factory=dict)
    arg_separator: str = ","  # Prisma writes DECIMAL(10,2) without a space

    def native_spelling(self, native: NativeType) -> tuple[str, str | None] | None:
        """(DDL spelling, what is lost or None), or None when the dialect has no such type."""
        rule = self.native.get(native.name)
        if rule is None:
            return None
        lost = rule.lost
        if native.args and rule.lost_with_args and lost is None:
            lost = rule.lost_with_args
        if native.args and rule.keep_args:
            return f"{rule.sql}({self.arg_separator.join(a.strip() for a in native.args)})", lost
        return rule.sql, lost


# Prisma's operator class names (``ops: JsonbPathOps``) -> PostgreSQL's.
POSTGRES_OPCLASSES: dict[str, str] = {
    "InetOps": "inet_ops",
    "JsonbOps": "jsonb_ops",
    "JsonbPathOps": "jsonb_path_ops",
    "ArrayOps": "array_ops",
    "TextOps": "text_ops",
    "BitMinMaxOps": "bit_minmax_ops",
    "VarBitMinMaxOps": "varbit_minmax_ops",
    "BpcharBloomOps": "bpchar_bloom_ops",
    "BpcharMinMaxOps": "bpchar_minmax_ops",
    "ByteaBloomOps": "bytea_bloom_ops",
    "ByteaMinMaxOps": "bytea_minmax_ops",
    "DateBloomOps": "date_bloom_ops",
    "DateMinMaxOps": "date_minmax_ops",
    "DateMinMaxMultiOps": "date_minmax_multi_ops",
    "Float4BloomOps": "float4_bloom_ops",
    "Float4MinMaxOps": "float4_minmax_ops",
    "Float4MinMaxMultiOps": "float4_minmax_multi_ops",
    "Float8BloomOps": "float8_bloom_ops",
    "Float8MinMaxOps": "float8_minmax_ops",
    "Float8MinMaxMultiOps": "float8_minmax_multi_ops",
    "InetInclusionOps": "inet_inclusion_ops",
    "InetBloomOps": "inet_bloom_ops",
    "InetMinMaxOps": "inet_minmax_ops",
    "InetMinMaxMultiOps": "inet_minmax_multi_ops",
    "Int2BloomOps": "int2_bloom_ops",
    "Int2MinMaxOps": "int2_minmax_ops",
    "Int2MinMaxMultiOps": "int2_minmax_multi_ops",
    "Int4BloomOps": "int4_bloom_ops",
    "Int4MinMaxOps": "int4_minmax_ops",
    "Int4MinMaxMultiOps": "int4_minmax_multi_ops",
    "Int8BloomOps": "int8_bloom_ops",
    "Int8MinMaxOps": "int8_minmax_ops",
    "Int8MinMaxMultiOps": "int8_minmax_multi_ops",
    "NumericBloomOps": "numeric_bloom_ops",
    "NumericMinMaxOps": "numeric_minmax_ops",
    "NumericMinMaxMultiOps": "numeric_minmax_multi_ops",
    "OidBloomOps": "oid_bloom_ops",
    "OidMinMaxOps": "oid_minmax_ops",
    "OidMinMaxMultiOps": "oid_minmax_multi_ops",
    "TextBloomOps": "text_bloom_ops",
    "TextMinMaxOps": "text_minmax_ops",
    "TimestampBloomOps": "timestamp_bloom_ops",
    "TimestampMinMaxOps": "timestamp_minmax_ops",
    "TimestampMinMaxMultiOps": "timestamp_minmax_multi_ops",
    "TimestampTzBloomOps": "timestamptz_bloom_ops",
    "TimestampTzMinMaxOps": "timestamptz_minmax_ops",
    "TimestampTzMinMaxMultiOps": "timestamptz_minmax_multi_ops",
    "TimeBloomOps": "time_bloom_ops",
    "TimeMinMaxOps": "time_minmax_ops",
    "TimeMinMaxMultiOps": "time_minmax_multi_ops",
    "TimeTzBloomOps": "timetz_bloom_ops",
    "TimeTzMinMaxOps": "timetz_minmax_ops",
    "TimeTzMinMaxMultiOps": "timetz_minmax_multi_ops",
    "UuidBloomOps": "uuid_bloom_ops",
    "UuidMinMaxOps": "uuid_minmax_ops",
    "UuidMinMaxMultiOps": "uuid_minmax_multi_ops",
}


def opclass_sql(ops: str) -> str:
    """``JsonbPathOps`` -> ``jsonb_path_ops``; ``raw("text_pattern_ops")`` -> ``text_pattern_ops``."""
    text = ops.strip()
    if text.startswith("raw(") and text.endswith(")"):
        inner = text[4:-1].strip()
        if len(inner) >= 2 and inner[0] == inner[-1] == '"':
            inner = inner[1:-1]
        return inner
    return POSTGRES_OPCLASSES.get(text, text)
