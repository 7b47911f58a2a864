"""DBML (dbdiagram.io) for an :class:`ErdContent`; parsed by the real ``@dbml/core`` in the tests.

DBML is a schema language, so the export always carries every column of the tables the
diagram selected (the column mode only thins the drawings) and the enums those columns use.
Mapping:

* tables -> ``Table "schema"."name"``; highlighted tables get ``headercolor``; a Prisma ``view``
  becomes a table with ``Note: 'view'`` (DBML has no views);
* columns -> ``pk`` / ``unique`` / ``not null``; defaults (when asked for) as backtick
  expressions, which DBML accepts for any text; native types and highlights as column notes;
* composite primary keys and indexes (when asked for) -> the ``indexes`` block; an index method
  DBML cannot name (GIN, BRIN...) goes into the index note;
* relations -> ``Ref``: ``>`` many-to-one, ``-`` one-to-one, ``<>`` a collapsed many-to-many
  (between the two primary keys), with ``delete:``/``update:`` actions;
* clusters -> ``TableGroup``.
"""

from __future__ import annotations

import re

from workbench.render.content import ErdColumn, ErdContent, ErdTable
from workbench.render.themes import get_theme

_SIMPLE_TYPE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\(\s*\d+(\s*,\s*\d+)*\s*\))?(\[\])?$")
_DBML_INDEX_TYPES = {"btree", "hash"}
_ACTIONS = {
    "cascade": "cascade",
    "restrict": "restrict",
    "noaction": "no action",
    "no action": "no action",
    "setnull": "set null",
    "set null": "set null",
    "setdefault": "set default",
    "set default": "set default",
}


def _escape(text: str, quote: str) -> str:
    """The inside of a DBML string: backslash escapes for the quote, backslashes and control
    characters (a raw newline ends a DBML string: "Invalid newline encountered")."""
    out = []
    for ch in text:
        if ch in (quote, "\\"):
            out.append("\\" + ch)
        elif ch in _CONTROL_ESCAPES:
            out.append(_CONTROL_ESCAPES[ch])
        elif ord(ch) < 32 or ord(ch) == 127:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


_CONTROL_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _q(name: str) -> str:
    return '"' + _escape(name, '"') + '"'


def _s(text: str) -> str:
    return "'" + _escape(text, "'") + "'"


def _type(text: str) -> str:
    return text if _SIMPLE_TYPE.match(text) else _q(text)


def table_ref(t: ErdTable) -> str:
    if t.schema and t.id.startswith(t.schema + "."):
        return f"{_q(t.schema)}.{_q(t.id[len(t.schema) + 1 :])}"
    if t.schema:
        return f"{_q(t.schema)}.{_q(t.id)}"
    return _q(t.id)


def _column(c: ErdColumn, composite_pk: bool, groups: tuple[str, ...]) -> str:
    settings = []
    if c.pk and not composite_pk:
        settings.append("pk")
    if c.unique:
        settings.append("unique")
    if not c.nullable and not (c.pk and not composite_pk):
        settings.append("not null")
    if c.default in ("autoincrement", "autoincrement()"):
        settings.append("increment")
    elif c.default is not None:
        settings.append("default: `" + c.default.replace("`", "'") + "`")
    notes = [n for n in (c.detail, "ignored by the Prisma client" if c.ignored else None) if n]
    if c.highlight is not None and c.highlight < len(groups):
        notes.append(groups[c.highlight])
    if notes:
        settings.append(f"note: {_s('; '.join(notes))}")
    tail = f" [{', '.join(settings)}]" if settings else ""
    return f"  {_q(c.name)} {_type(c.type)}{tail}"


def _action(value: str | None) -> str | None:
    if value is None:
        return None
    return _ACTIONS.get(value.lower()) or _ACTIONS.get(value.lower().replace(" ", ""))


def to_dbml(content: ErdContent, *, theme: str = "light") -> str:
    th = get_theme(theme)
    out: list[str] = []
    used = {c.enum for t in content.tables for c in t.columns if c.enum}
    for e in content.enums:
        if e.id not in used:
            continue
        name = f"{_q(e.schema)}.{_q(e.name)}" if e.schema else _q(e.name)
        out.append(f"Enum {name} {{")
        out.extend(f"  {_q(v)}" for v in e.values)
        out.append("}")
        out.append("")
    tables = {t.id: t for t in content.tables}
    for t in content.tables:
        settings = []
        if t.highlight is not None:
            settings.append(f"headercolor: {th.group(content.highlight_groups, t.highlight)[1]}")
        head = f"Table {table_ref(t)}" + (f" [{', '.join(settings)}]" if settings else "") + " {"
        out.append(head)
        pk_cols = [c.name for c in t.columns if c.pk]
        composite = len(pk_cols) > 1
        out.extend(_column(c, composite, content.highlight_groups) for c in t.columns)
        index_lines = []
        if composite:
            index_lines.append(f"    ({', '.join(_q(c) for c in pk_cols)}) [pk]")
        for ix in t.indexes:
            cols = ", ".join(_q(c.removesuffix(" desc")) for c in ix.columns)
            opts = []
            if ix.unique:
                opts.append("unique")
            if ix.name:
                opts.append(f"name: {_s(ix.name)}")
            if ix.method and ix.method.lower() in _DBML_INDEX_TYPES:
                opts.append(f"type: {ix.method.lower()}")
            elif ix.method:
                opts.append(f"note: {_s(ix.method)}")
            index_lines.append(f"    ({cols})" + (f" [{', '.join(opts)}]" if opts else ""))
        if index_lines:
            out.append("")
            out.append("  indexes {")
            out.extend(index_lines)
            out.append("  }")
        notes = [n for n in ("view" if t.kind == "view" else None, t.subtitle) if n]
        if notes:
            out.append("")
            out.append(f"  Note: {_s('; '.join(notes))}")
        out.append("}")
        out.append("")
    names: set[str] = set()
    for edge in content.edges:
        src, dst = tables[edge.source], tables[edge.target]
        if edge.kind == "m:n":
            scols = tuple(c.name for c in src.columns if c.pk)[:1]
            dcols = tuple(c.name for c in dst.columns if c.pk)[:1]
            op = "<>"
        else:
            scols, dcols = edge.source_columns, edge.target_columns
            op = "-" if edge.kind == "1:1" else ">"
        if edge.kind == "m:n" and src.id == dst.id:  # DBML rejects a ref whose two endpoints are the same
            what = _escape(edge.name or edge.id, "")  # no newline may end the comment early
            out.append(f"// {what}: many-to-many of {table_ref(src)} with itself (not expressible as a DBML Ref)")
            continue
        if not scols or not dcols or len(scols) != len(dcols):
            out.append(f"// {_escape(edge.name or edge.id, '')}: no key columns to reference")
            continue
        name = edge.name or edge.id
        base, n = name, 2
        while name in names:
            name, n = f"{base}_{n}", n + 1
        names.add(name)
        actions = [
            f"{k}: {v}"
            for k, v in (("delete", _action(edge.on_delete)), ("update", _action(edge.on_update)))
            if v is not None
        ]
        tail = f" [{', '.join(actions)}]" if actions else ""
        out.append(f"Ref {_q(name)}: {_endpoint(src, scols)} {op} {_endpoint(dst, dcols)}{tail}")
    if content.clusters:
        out.append("")
    for label, ids in content.clusters:
        members = [tables[i] for i in ids if i in tables]
        if not members:
            continue
        out.append(f"TableGroup {_q(label)} {{")
        out.extend(f"  {table_ref(t)}" for t in members)
        out.append("}")
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


def _endpoint(t: ErdTable, cols: tuple[str, ...]) -> str:
    if len(cols) == 1:
        return f"{table_ref(t)}.{_q(cols[0])}"
    return f"{table_ref(t)}.({', '.join(_q(c) for c in cols)})"
