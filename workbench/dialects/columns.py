"""Column types for scalar fields: native type first, then the logical type, per dialect."""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from workbench.diagnostics.catalog import dialects as codes
from workbench.ir.schema import Enum, ScalarField, ScalarType


@dataclass(frozen=True, slots=True)
class ColumnType:
    element: str  # DDL spelling without the list suffix (enum: its database name)
    is_enum: bool = False
    problems: tuple[tuple[str, str], ...] = ()  # (code, message)

    def sql(self, as_list: bool) -> str:
        return f"{self.element}[]" if as_list else self.element


def column_type(field: ScalarField, enum: Enum | None, rules: ModuleType) -> ColumnType:
    dialect = rules.DIALECT
    problems: list[tuple[str, str]] = []
    if field.type is ScalarType.ENUM:
        if not dialect.supports_enums:
            return ColumnType(rules.ENUM_TYPE)
        return ColumnType(enum.db_name if enum else (field.enum or "TEXT"), is_enum=enum is not None)
    if field.type is ScalarType.UNSUPPORTED:
        raw = field.unsupported or "TEXT"
        if dialect.name == "duckdb":
            problems.append(
                (codes.UNSUPPORTED_TYPE, f'Unsupported("{raw}") has no DuckDB equivalent; stored as VARCHAR')
            )
            return ColumnType("VARCHAR", problems=tuple(problems))
        return ColumnType(raw)
    logical = rules.TYPES.logical[field.type]
    native = field.native_type
    if native is None:
        return ColumnType(logical)
    spelled = rules.TYPES.native_spelling(native)
    if spelled is None:
        problems.append(
            (codes.UNSUPPORTED_NATIVE_TYPE, f"@db.{native} has no {dialect.name} equivalent; using {logical}")
        )
        return ColumnType(logical, problems=tuple(problems))
    sql, lost = spelled
    if dialect.name == "duckdb" and native.name == "Decimal":
        sql, lost = _duckdb_decimal(native.args, rules)
    if lost:
        problems.append((codes.UNSUPPORTED_NATIVE_TYPE, f"@db.{native}: {lost}"))
    return ColumnType(sql, problems=tuple(problems))


def _duckdb_decimal(args: tuple[str, ...], rules: ModuleType) -> tuple[str, str | None]:
    if not args:
        return rules.DEFAULT_DECIMAL, f"arbitrary-precision DECIMAL is not available; using {rules.DEFAULT_DECIMAL}"
    try:
        precision = int(args[0])
        scale = int(args[1]) if len(args) > 1 else 0
    except ValueError:
        return rules.DEFAULT_DECIMAL, f"unreadable precision; using {rules.DEFAULT_DECIMAL}"
    limit = rules.MAX_DECIMAL_PRECISION
    if precision <= limit:
        return f"DECIMAL({precision},{scale})", None
    new_scale = min(scale, limit)
    return f"DECIMAL({limit},{new_scale})", f"DuckDB allows at most {limit} digits; using DECIMAL({limit},{new_scale})"
