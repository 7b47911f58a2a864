"""Prisma's default constraint and index names, including its truncation of long names.

Prisma derives every name it does not get through ``map:`` from the *database* names of the
table and columns (after ``@map``/``@@map``), following PostgreSQL's own conventions::

    {table}_pkey                      primary key
    {table}_{col1}_{col2}_key         unique index
    {table}_{col1}_{col2}_idx         plain index
    {table}_{col1}_{col2}_fkey        foreign key

When the name would exceed the dialect's identifier limit (63 bytes on PostgreSQL), the part
before the suffix is cut at a UTF-8 character boundary so that the whole name is exactly at
the limit (``...MoreTh_pkey``). The cut happens already when the stem *reaches* ``limit -
len(suffix)``, which is a no-op at exactly that length; we mirror the arithmetic anyway.

Implicit many-to-many join tables use their own, slightly different scheme (checked against
Prisma 7.10's schema engine): the table name is cut to ``limit`` *characters*, the
``_AB_pkey``/``_AB_unique``/``_B_index`` names cut the table name to ``limit - 8`` characters,
and the foreign keys ``_A_fkey``/``_B_fkey`` to ``limit - 7`` bytes.
"""

from __future__ import annotations

from collections.abc import Sequence


def _cut_bytes(text: str, limit: int) -> str:
    """The longest prefix of ``text`` whose UTF-8 encoding fits in ``limit`` bytes."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", errors="ignore")


def _with_suffix(stem: str, suffix: str, limit: int) -> str:
    if len(stem.encode("utf-8")) >= limit - len(suffix):
        stem = _cut_bytes(stem, limit - len(suffix))
    return stem + suffix


def primary_key_name(table: str, limit: int) -> str:
    return _with_suffix(table, "_pkey", limit)


def unique_index_name(table: str, columns: Sequence[str], limit: int) -> str:
    return _with_suffix(f"{table}_{'_'.join(columns)}", "_key", limit)


def index_name(table: str, columns: Sequence[str], limit: int) -> str:
    return _with_suffix(f"{table}_{'_'.join(columns)}", "_idx", limit)


def foreign_key_name(table: str, columns: Sequence[str], limit: int) -> str:
    return _with_suffix(f"{table}_{'_'.join(columns)}", "_fkey", limit)


def join_table_name(name: str, limit: int) -> str:
    """Prisma cuts the implicit m:n table name to ``limit`` characters (not bytes)."""
    return name[:limit]


def join_table_key_name(table: str, suffix: str, limit: int) -> str:
    """``_AB_pkey`` (Postgres) / ``_AB_unique`` (SQLite) / ``_B_index``: table cut to fit in characters."""
    return table[: max(0, limit - len(suffix))] + suffix


def join_table_fk_name(table: str, column: str, limit: int) -> str:
    """``_A_fkey`` / ``_B_fkey``: the table name cut to ``limit - 7`` bytes."""
    return _cut_bytes(table, max(0, limit - 7)) + f"_{column}_fkey"


def m2m_table_name(model_a: str, model_b: str, relation_name: str | None) -> str:
    """Prisma's join table name: ``_<relation name>``, or ``_<A>To<B>`` with A <= B by name."""
    if relation_name:
        return f"_{relation_name}"
    a, b = sorted((model_a, model_b))
    return f"_{a}To{b}"
