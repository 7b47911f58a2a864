"""SQLite introspection through ``sqlite_master`` and pragmas, into the database view.

Pragmas give columns, indexes and foreign keys but not constraint names: those exist only in the
``CREATE TABLE`` text (``CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ...``), which is scanned with
a small tokenizer. A single ``INTEGER PRIMARY KEY`` column is a rowid alias and is read as
``autoincrement`` (with or without the ``AUTOINCREMENT`` keyword: both hand out ids).
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from workbench.diagnostics import Diagnostic, warning
from workbench.diagnostics.catalog import introspect as codes
from workbench.ir.database import (
    Database,
    DbColumn,
    DbForeignKey,
    DbIndex,
    DbIndexColumn,
    DbPrimaryKey,
    DbTable,
    DbView,
)
from workbench.loaders.introspect.normalize import canonical_scalar_default

_TOKEN = re.compile(r"""\s+|--[^\n]*|/\*.*?\*/|"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|'(?:[^']|'')*'|\w+|.""", re.S)


def _tokens(sql: str) -> list[str]:
    return [t for t in _TOKEN.findall(sql) if t.strip() and not t.startswith(("--", "/*"))]


def _ident(token: str) -> str:
    if token[:1] == '"' and token[-1:] == '"':
        return token[1:-1].replace('""', '"')
    if token[:1] in "`[" and len(token) > 1:
        return token[1:-1]
    return token


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def constraint_names(sql: str) -> dict[tuple[str, tuple[str, ...]], str]:
    """Named table constraints of a CREATE TABLE: (kind, columns) -> name; kind is pk/fk/unique/check."""
    toks = _tokens(sql)
    out: dict[tuple[str, tuple[str, ...]], str] = {}
    i = 0
    while i < len(toks):
        if toks[i].upper() == "CONSTRAINT" and i + 2 < len(toks):
            name = _ident(toks[i + 1])
            kind_tok = toks[i + 2].upper()
            j = i + 3
            kind = {"PRIMARY": "pk", "FOREIGN": "fk", "UNIQUE": "unique", "CHECK": "check"}.get(kind_tok)
            if kind in ("pk", "fk"):
                j += 1  # KEY
            cols: list[str] = []
            if kind != "check" and j < len(toks) and toks[j] == "(":
                j += 1
                while j < len(toks) and toks[j] != ")":
                    if toks[j] != ",":
                        cols.append(_ident(toks[j]))
                        while j + 1 < len(toks) and toks[j + 1] not in (",", ")"):
                            j += 1  # COLLATE / ASC / DESC
                    j += 1
            if kind:
                out[(kind, tuple(cols))] = name
            i = j
        i += 1
    return out


def _check_clauses(sql: str) -> list[str]:
    toks = _tokens(sql)
    out = []
    for i, t in enumerate(toks):
        if t.upper() == "CHECK" and i + 1 < len(toks) and toks[i + 1] == "(":
            depth, j = 0, i + 1
            while j < len(toks):
                depth += toks[j] == "("
                depth -= toks[j] == ")"
                if depth == 0:
                    break
                j += 1
            out.append("CHECK " + " ".join(toks[i + 1 : j + 1]))
    return out


def _where_clause(sql: str) -> str | None:
    m = re.search(r"\bWHERE\b(.*)$", sql or "", re.S | re.I)
    return m.group(1).strip().rstrip(";").strip() if m else None


def canonical_type(declared: str) -> str:
    """The declared type as written, spacing normalised (``varchar ( 200 )`` -> ``varchar(200)``).

    SQLite keeps declared types verbatim and lowering writes Prisma's upper-case spellings (or an
    ``Unsupported("...")`` text as given), so the case is kept for the two to compare equal.
    """
    text = re.sub(r"\s+", " ", declared.strip())
    return re.sub(r"\s*\(\s*", "(", re.sub(r"\s*,\s*", ",", re.sub(r"\s*\)", ")", text)))


def introspect_sqlite(conn: sqlite3.Connection) -> tuple[Database, tuple[Diagnostic, ...]]:
    """Read the main schema of an open ``sqlite3.Connection``."""
    diags: list[Diagnostic] = []

    def rows(sql: str, *args: Any) -> list[tuple[Any, ...]]:
        return conn.execute(sql, args).fetchall()

    master = rows("SELECT type, name, tbl_name, sql FROM main.sqlite_master ORDER BY type, name")
    index_sql = {name: sql for typ, name, _, sql in master if typ == "index"}
    tables: list[DbTable] = []
    views: list[DbView] = []
    for typ, name, tbl, sql in master:
        if typ == "view":
            views.append(DbView(name=name))
        elif typ == "trigger":
            diags.append(warning(codes.SQLITE_TRIGGER, f"trigger `{name}` on `{tbl}` is not modelled"))
        elif typ == "table" and not name.startswith("sqlite_"):
            if (sql or "").upper().startswith("CREATE VIRTUAL"):
                diags.append(warning(codes.SQLITE_VIRTUAL_TABLE, f"virtual table `{name}` is not modelled; skipped"))
                continue
            tables.append(_table(rows, name, sql or "", index_sql, diags))
    return Database(dialect="sqlite", tables=tuple(tables), views=tuple(views)), tuple(diags)


def _table(rows: Any, name: str, sql: str, index_sql: dict[str, str], diags: list[Diagnostic]) -> DbTable:
    qn = _q(name)
    info = rows(f"PRAGMA main.table_xinfo({qn})")
    names = constraint_names(sql)
    pk_cols = [r[1] for r in sorted((r for r in info if r[5] > 0), key=lambda r: r[5])]
    rowid_alias = len(pk_cols) == 1 and any(
        r[1] == pk_cols[0] and canonical_type(r[2]).upper() == "INTEGER" for r in info
    )
    cols: list[DbColumn] = []
    for _cid, cname, ctype, notnull, dflt, _pk, hidden in info:
        if hidden in (2, 3):
            diags.append(warning(codes.SQLITE_GENERATED_COLUMN, f"generated column `{name}.{cname}` is not modelled"))
        elif hidden == 1:
            continue
        canon_type = canonical_type(ctype or "")
        auto = rowid_alias and cname == pk_cols[0]
        default = canonical_scalar_default(dflt, canon_type) if dflt is not None and hidden == 0 else None
        nullable = not notnull and not auto
        cols.append(DbColumn(name=cname, type=canon_type, nullable=nullable, default=default, autoincrement=auto))
    pk = DbPrimaryKey(name=names.get(("pk", tuple(pk_cols))), columns=tuple(pk_cols)) if pk_cols else None

    fk_rows = rows(f"PRAGMA main.foreign_key_list({qn})")
    by_id: dict[int, list[tuple[Any, ...]]] = {}
    for r in fk_rows:
        by_id.setdefault(r[0], []).append(r)
    fks: list[DbForeignKey] = []
    for fk_id in sorted(by_id):
        parts = sorted(by_id[fk_id], key=lambda r: r[1])
        columns = tuple(r[3] for r in parts)
        ref_table = parts[0][2]
        ref_cols = tuple(r[4] for r in parts)
        if any(c is None for c in ref_cols):  # REFERENCES t without columns: the target's primary key
            target_pk = [
                r[1] for r in sorted(rows(f"PRAGMA main.table_info({_q(ref_table)})"), key=lambda r: r[5]) if r[5] > 0
            ]
            ref_cols = tuple(target_pk)
        fks.append(
            DbForeignKey(
                name=names.get(("fk", columns)),
                columns=columns,
                ref_table=ref_table,
                ref_columns=ref_cols,
                on_update=parts[0][5].upper(),
                on_delete=parts[0][6].upper(),
            )
        )

    idxs: list[DbIndex] = []
    for _seq, iname, unique, origin, partial in rows(f"PRAGMA main.index_list({qn})"):
        if origin == "pk":
            continue
        xinfo = [r for r in rows(f"PRAGMA main.index_xinfo({_q(iname)})") if r[5]]
        if any(r[1] == -2 for r in xinfo):
            diags.append(
                warning(codes.SQLITE_EXPRESSION_INDEX, f"expression index `{iname}` on `{name}` is not modelled")
            )
            continue
        icols = tuple(DbIndexColumn(r[2], sort="DESC" if r[3] else None) for r in sorted(xinfo, key=lambda r: r[0]))
        if origin == "u":
            iname = names.get(("unique", tuple(c.name for c in icols)), iname)
        where = _where_clause(index_sql.get(iname) or "") if partial else None
        idxs.append(DbIndex(name=iname, columns=icols, unique=bool(unique), where=where))
    for check in _check_clauses(sql):
        diags.append(warning(codes.SQLITE_CHECK_CONSTRAINT, f"check constraint on `{name}` is not modelled: {check}"))
    return DbTable(
        name=name,
        columns=tuple(cols),
        primary_key=pk,
        indexes=tuple(sorted(idxs, key=lambda i: i.name)),
        foreign_keys=tuple(fks),
    )
