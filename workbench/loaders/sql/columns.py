"""Column definitions: type, nullability, DEFAULT, autoincrement, and the inline constraints.

Defaults are taken from the source text (see :mod:`.tokens`) and rewritten by the introspection
normalisers (:mod:`workbench.loaders.introspect.normalize` and the per-dialect
``canonical_default``), so ``'a'::text``, ``now()`` or ``ARRAY['a']::text[]`` become the spellings
lowering writes. Autoincrement is recognised in every dialect's form: ``SERIAL`` types, ``GENERATED
... AS IDENTITY``, ``DEFAULT nextval('seq')`` (PostgreSQL, DuckDB's sequence pattern), MySQL's
``AUTO_INCREMENT``; SQLite's rowid alias is decided per table once the primary key is known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from workbench.ir.database import DbColumn
from workbench.loaders.introspect.normalize import canonical_scalar_default, strip_parens
from workbench.loaders.sql.literals import standard_literals, tight_casts
from workbench.loaders.sql.types import ColumnType, column_type

INT_TYPES = frozenset(
    {"INTEGER", "SMALLINT", "BIGINT", "TINYINT", "MEDIUMINT", "HUGEINT", "UBIGINT", "UINTEGER", "USMALLINT", "UTINYINT"}
)
_NEXTVAL = re.compile(r"^nextval\s*\(\s*'((?:[^']|'')*)'(?:\s*::\s*regclass)?\s*\)$", re.I)
_MYSQL_NOW = re.compile(r"^(current_timestamp|now|localtimestamp)\s*(\(\s*\d*\s*\))?$", re.I)


@dataclass(slots=True)
class InlineConstraint:
    """A constraint written on the column (``PRIMARY KEY``, ``UNIQUE``, ``REFERENCES``)."""

    kind: str  # "pk", "unique", "fk"
    name: str | None
    node: Any


@dataclass(slots=True)
class ColumnResult:
    column: DbColumn
    constraints: list[InlineConstraint] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # clauses not modelled (-> warnings)
    sequence: str | None = None  # the sequence a nextval() default uses
    rowid_candidate: bool = False  # SQLite: INTEGER column, maybe a rowid alias
    user_type: tuple[str | None, str] | None = None
    enum_values: tuple[str, ...] | None = None


def sequence_name(text: str) -> str:
    """``'"billing"."T_id_seq"'`` contents -> ``T_id_seq`` (the unqualified, unquoted name)."""
    last = re.split(r'\.(?=(?:[^"]*"[^"]*")*[^"]*$)', text)[-1].strip()
    return last[1:-1].replace('""', '"') if last.startswith('"') and last.endswith('"') else last


def canonical_default(
    text: str, ctype: str, dialect: str, enum_cast: str | None
) -> tuple[str | None, bool, str | None]:
    """(default in the database view's spelling, autoincrement, sequence used) of a DEFAULT text."""
    t = text.strip()
    bare = strip_parens(t)
    if bare.upper() == "NULL":
        return None, False, None
    m = _NEXTVAL.match(bare)
    if m and ctype in INT_TYPES:
        return None, True, sequence_name(m.group(1).replace("''", "'"))
    if dialect == "duckdb":
        from workbench.loaders.introspect.duckdb import canonical_default as duck

        return duck(t, ctype), False, None
    if dialect == "sqlite":
        return canonical_scalar_default(t, ctype), False, None
    if dialect == "mysql" and _MYSQL_NOW.match(bare):
        return "CURRENT_TIMESTAMP", False, None
    from workbench.loaders.introspect.postgres import canonical_default as pg

    return pg(tight_casts(standard_literals(t)), ctype, enum_cast), False, None


def _is_autoincrement(c: Any) -> bool:
    """MySQL/SQLite AUTO_INCREMENT, or GENERATED ... AS IDENTITY (not a generated expression column)."""
    from sqlglot import exp

    if isinstance(c, exp.AutoIncrementColumnConstraint):
        return True
    return isinstance(c, exp.GeneratedAsIdentityColumnConstraint) and c.args.get("expression") is None


def read_column(cdef: Any, tokens: Any, dialect: str, enum_cast: Any) -> ColumnResult:
    """A sqlglot ``ColumnDef`` -> column + inline constraints. ``enum_cast(user_type)`` quotes an enum type."""
    from sqlglot import exp

    ident = cdef.this
    name = str(ident.this) if isinstance(ident, exp.Identifier) else cdef.name
    start = ident.meta.get("start") if isinstance(ident, exp.Identifier) else None
    declared = tokens.column_type_text(start) if start is not None else ""
    kind = cdef.args.get("kind")
    ctype = (
        column_type(kind, dialect, declared)
        if kind is not None
        else ColumnType(declared if dialect == "sqlite" else "")
    )
    nullable = not ctype.serial  # SERIAL implies NOT NULL
    autoincrement = ctype.serial
    default_text: str | None = None
    out = ColumnResult(DbColumn(name=name, type=ctype.sql), user_type=ctype.user_type, enum_values=ctype.enum_values)
    for cc in cdef.args.get("constraints") or []:
        c = cc.args.get("kind") if isinstance(cc, exp.ColumnConstraint) else cc
        cname = cc.args.get("this") if isinstance(cc, exp.ColumnConstraint) else None
        cname_text = str(cname.this) if isinstance(cname, exp.Identifier) else None
        if isinstance(c, exp.NotNullColumnConstraint):
            nullable = bool(c.args.get("allow_null"))
        elif isinstance(c, exp.DefaultColumnConstraint):
            default_text = tokens.column_default_text(start) if start is not None else None
            if default_text is None:
                default_text = c.this.sql(dialect) if c.this is not None else None
        elif isinstance(c, exp.PrimaryKeyColumnConstraint):
            out.constraints.append(InlineConstraint("pk", cname_text, c))
        elif isinstance(c, exp.UniqueColumnConstraint):
            out.constraints.append(InlineConstraint("unique", cname_text, c))
        elif isinstance(c, exp.Reference):
            out.constraints.append(InlineConstraint("fk", cname_text, c))
        elif _is_autoincrement(c):
            autoincrement = True
        elif isinstance(c, exp.CommentColumnConstraint):
            out.problems.append(f"comment on column `{name}` is not modelled: {c.this.sql(dialect)}")
        else:
            out.problems.append(f"`{cc.sql(dialect)}` on column `{name}` is not modelled")
    default = None
    if default_text is not None:
        base = ctype.sql[:-2] if ctype.sql.endswith("[]") else ctype.sql
        cast = enum_cast(ctype.user_type) if ctype.user_type and base == ctype.user_type[1] else None
        default, auto, seq = canonical_default(default_text, ctype.sql, dialect, cast)
        autoincrement = autoincrement or auto
        out.sequence = seq
    out.rowid_candidate = dialect == "sqlite" and ctype.sql.upper() == "INTEGER"
    out.column = DbColumn(name=name, type=ctype.sql, nullable=nullable, default=default, autoincrement=autoincrement)
    return out


__all__ = ["INT_TYPES", "ColumnResult", "InlineConstraint", "canonical_default", "read_column", "sequence_name"]
