"""Graphviz DOT text for an :class:`ErdContent`.

Tables are HTML-like labels (one row per column: key markers, name, type, native type or
default), relations are edges with crow's-foot ends (``teetee`` exactly one, ``teeodot`` zero or
one, ``crowodot`` zero or many, ``crowtee`` one or many; the first shape of a name sits at the
table). Edges run from the referenced table to the referencing one, so with ``rankdir=LR``
parents sit left of their children and a tree of foreign keys reads left to right.

In left-right layouts each column row has a port on its left and right cell and edges leave a
parent's key on the east side and enter the child's foreign key on the west side, which keeps
lines from crossing the tables. Every node and edge carries a stable ``id`` (``table-<id>``,
``enum-<id>``, ``edge-<id>``) that graphviz copies into the SVG, so tests and scripts can find
them. The text is deterministic: no timestamps, no counters that depend on anything but the
content's order.
"""

from __future__ import annotations

import html
import re

from workbench.render.content import End, ErdColumn, ErdContent, ErdEdge, ErdEnum, ErdTable
from workbench.render.themes import Theme, get_theme

FONT = "Helvetica"
ARROWS = {
    End.EXACTLY_ONE: "teetee",
    End.ZERO_OR_ONE: "teeodot",
    End.ZERO_OR_MANY: "crowodot",
    End.ONE_OR_MANY: "crowtee",
}
_SAFE_PORT = re.compile(r"^[A-Za-z0-9_]+$")


# Characters XML 1.0 does not allow: graphviz parses HTML labels with expat and copies ids into
# the SVG, so one of them (a name like @map("a\u0001b")) would break the DOT or the SVG.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def visible(text: str) -> str:
    """``text`` with the characters XML cannot carry shown as escapes (``\\x01``)."""
    return _NOT_XML.sub(
        lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}", text
    )


def quote(text: str) -> str:
    """A DOT double-quoted ID."""
    return '"' + visible(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


_WHITESPACE_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def shown(text: str) -> str:
    """How a name reads in a table: graphviz drops newlines and tabs inside HTML labels, so they
    are shown as ``\\n``/``\\t`` like the characters XML cannot carry (:func:`visible`)."""
    return "".join(_WHITESPACE_ESCAPES.get(ch, ch) for ch in visible(text))


def esc(text: str) -> str:
    """Text inside an HTML-like label. Besides ``& < > " '``, ``]`` is written ``&#93;``: dot 2.43
    rejects a label text that is just ``]`` or ``]]`` (an ``@map("]")`` broke every diagram)."""
    return html.escape(shown(text), quote=True).replace("]", "&#93;")


def port(column: ErdColumn, index: int, side: str) -> str:
    base = column.name if _SAFE_PORT.match(column.name) else f"c{index}"
    return f"{base}_{side}"


def to_dot(content: ErdContent, *, direction: str = "LR", theme: str | Theme = "light", legend: bool = False) -> str:
    th = theme if isinstance(theme, Theme) else get_theme(theme)
    lr = direction == "LR"
    out = [
        "digraph erd {",
        f"  graph [rankdir={direction}, bgcolor={quote(th.background)}, fontname={quote(FONT)}, fontsize=12,"
        f" fontcolor={quote(th.text)}, nodesep=0.35, ranksep={'0.9' if lr else '0.6'}, pad=0.25,"
        " outputorder=edgesfirst, newrank=true];",
        f"  node [shape=plain, fontname={quote(FONT)}, fontsize=10, fontcolor={quote(th.text)}];",
        f"  edge [fontname={quote(FONT)}, fontsize=9, fontcolor={quote(th.muted)}, color={quote(th.edge)},"
        " dir=both, arrowsize=0.9, penwidth=1.1];",
    ]
    if content.title:
        out.append(f"  label={quote(content.title)}; labelloc=t; labeljust=l;")
    # Node lines by DOT node name: a table is its id, an enum ``enum:<id>`` (a table and an enum may
    # share an id, e.g. a table "end" and an enum "end"; neither may replace the other).
    enum_nodes = _enum_node_names(content)
    nodes: dict[str, str] = {}
    members: dict[str, list[str]] = {}  # content id -> node names (a table and an enum may share one)
    for t in content.tables:
        nodes[t.id] = f"  {quote(t.id)} [id={quote('table-' + t.id)}, label=<{_table_label(t, content, th, lr)}>];"
        members.setdefault(t.id, []).append(t.id)
    for e in content.enums:
        name = enum_nodes[e.id]
        nodes[name] = f"  {quote(name)} [id={quote('enum-' + e.id)}, label=<{_enum_label(e, th)}>];"
        members.setdefault(e.id, []).append(name)
    placed: set[str] = set()
    for n, (label, ids) in enumerate(content.clusters):
        out.append(f"  subgraph {quote(f'cluster_{n}')} {{")
        out.append(
            f"    label={quote(label)}; style=filled; fillcolor={quote(th.cluster_fill)};"
            f" color={quote(th.cluster_border)}; fontcolor={quote(th.muted)}; fontsize=11; labeljust=l;"
        )
        for i in ids:
            for name in members.get(i, ()):
                if name not in placed:
                    out.append("  " + nodes[name])
                    placed.add(name)
        out.append("  }")
    out.extend(line for name, line in nodes.items() if name not in placed)
    tables = {t.id: t for t in content.tables}
    for edge in content.edges:
        out.append(_edge(edge, tables, th, lr))
    if content.enums:
        enum_ids = {e.id for e in content.enums}
        for t in content.tables:
            for eid in dict.fromkeys(c.enum for c in t.columns if c.enum in enum_ids):
                out.append(
                    f"  {quote(t.id)} -> {quote(enum_nodes[str(eid)])} [id={quote(f'enum-edge-{t.id}-{eid}')},"
                    " style=dashed, dir=forward, arrowhead=empty, arrowsize=0.6];"
                )
    if legend:
        out.append(f"  {quote('[legend]')} [id={quote('legend')}, label=<{_legend_label(content, th)}>];")
    out.append("}")
    return "\n".join(out) + "\n"


def _enum_node_names(content: ErdContent) -> dict[str, str]:
    """enum id -> DOT node name ``enum:<id>``, another ``enum:`` in front while a table has that name."""
    tables = {t.id for t in content.tables}
    out = {}
    for e in content.enums:
        name = "enum:" + e.id
        while name in tables:
            name = "enum:" + name
        out[e.id] = name
    return out


def font(text: str, color: str, size: int | None = None) -> str:
    """``<FONT>`` around already-escaped text; nothing for empty text (dot 2.43 rejects an empty FONT)."""
    if not text:
        return ""
    pt = f' POINT-SIZE="{size}"' if size else ""
    return f'<FONT{pt} COLOR="{color}">{text}</FONT>'


def _keys(c: ErdColumn) -> str:
    return " ".join(k for k, on in (("PK", c.pk), ("FK", c.fk), ("UK", c.unique)) if on)


def _table_label(t: ErdTable, content: ErdContent, th: Theme, lr: bool) -> str:
    extras = [_extra(c) for c in t.columns]
    ncols = 4 if any(extras) else 3
    border, width = th.border, 1
    header_fill = {"view": th.view_header, "join": th.join_header}.get(t.kind, th.header)
    if t.highlight is not None:
        header_fill, border = th.group(content.highlight_groups, t.highlight)
        width = 2
    style = ' STYLE="dashed"' if t.ignored else ""
    title = f"<B>{esc(t.name)}</B>"
    sub = [s for s in (t.subtitle, "view" if t.kind == "view" else None, "ignored" if t.ignored else None) if s]
    if sub:
        title += f'<BR/><FONT POINT-SIZE="8" COLOR="{th.muted}">{esc(" · ".join(sub))}</FONT>'
    rows = [
        f'<TABLE BORDER="{width}" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3" COLOR="{border}"'
        f' BGCOLOR="{th.body}"{style}>',
        f'<TR><TD COLSPAN="{ncols}" BGCOLOR="{header_fill}" CELLPADDING="5">'
        f'<FONT COLOR="{th.header_text}">{title}</FONT></TD></TR>',
    ]
    for i, c in enumerate(t.columns):
        bg = f' BGCOLOR="{th.group(content.highlight_groups, c.highlight)[0]}"' if c.highlight is not None else ""
        colour = th.muted if c.ignored else th.text
        name = f"<I>{esc(c.name)}</I>" if c.ignored else esc(c.name)
        if c.pk:
            name = f"<B>{name}</B>"
        left = f' PORT="{port(c, i, "l")}"'
        right = f' PORT="{port(c, i, "r")}"'
        cells = [
            f'<TD ALIGN="LEFT"{left}{bg}>{font(_keys(c), th.key, 8)}</TD>',
            f'<TD ALIGN="LEFT"{bg}><FONT COLOR="{colour}">{name}</FONT></TD>',
        ]
        typ = esc(c.type + ("?" if c.nullable else ""))
        if ncols == 4:
            cells.append(f'<TD ALIGN="LEFT"{bg}><FONT COLOR="{th.muted}">{typ}</FONT></TD>')
            cells.append(f'<TD ALIGN="LEFT"{right}{bg}>{font(esc(extras[i]), th.muted, 8)}</TD>')
        else:
            cells.append(f'<TD ALIGN="LEFT"{right}{bg}><FONT COLOR="{th.muted}">{typ}</FONT></TD>')
        rows.append("<TR>" + "".join(cells) + "</TR>")
    if t.hidden_columns and t.columns:
        more = f"… {t.hidden_columns} more column{'s' if t.hidden_columns != 1 else ''}"
        rows.append(
            f'<TR><TD COLSPAN="{ncols}" ALIGN="LEFT"><FONT POINT-SIZE="8" COLOR="{th.muted}">{more}</FONT></TD></TR>'
        )
    if t.indexes:
        rows.append("<HR/>")
        for ix in t.indexes:
            rows.append(
                f'<TR><TD COLSPAN="{ncols}" ALIGN="LEFT"><FONT POINT-SIZE="8" COLOR="{th.muted}">'
                f"{esc(ix.describe())}</FONT></TD></TR>"
            )
    rows.append("</TABLE>")
    return "".join(rows)


MAX_EXTRA = 48  # long dbgenerated() expressions would make a table as wide as the expression


def _extra(c: ErdColumn) -> str:
    parts = [p for p in (c.detail, f"= {c.default}" if c.default is not None else None) if p]
    text = " ".join(parts)
    return text if len(text) <= MAX_EXTRA else text[: MAX_EXTRA - 1] + "…"


def _enum_label(e: ErdEnum, th: Theme) -> str:
    rows = [
        f'<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3" COLOR="{th.border}" BGCOLOR="{th.body}">',
        f'<TR><TD BGCOLOR="{th.enum_header}" CELLPADDING="5"><FONT COLOR="{th.header_text}">'
        f'<FONT POINT-SIZE="8">enum</FONT> <B>{esc(e.name)}</B></FONT></TD></TR>',
    ]
    rows.extend(f'<TR><TD ALIGN="LEFT">{esc(v)}</TD></TR>' for v in e.values)
    rows.append("</TABLE>")
    return "".join(rows)


def _legend_label(content: ErdContent, th: Theme) -> str:
    rows = [
        f'<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3" COLOR="{th.border}" BGCOLOR="{th.body}">',
        f'<TR><TD COLSPAN="2" BGCOLOR="{th.join_header}"><B>Legend</B></TD></TR>',
    ]
    for n, label in enumerate(content.highlight_groups):
        fill, stroke = th.group(content.highlight_groups, n)
        rows.append(
            f'<TR><TD BGCOLOR="{fill}" WIDTH="18"><FONT COLOR="{stroke}">■</FONT></TD>'
            f'<TD ALIGN="LEFT">{esc(label)}</TD></TR>'
        )
    for key, text in (("PK FK UK", "primary key, foreign key, unique"), ("?", "nullable")):
        rows.append(
            f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="8" COLOR="{th.key}">{esc(key)}</FONT></TD>'
            f'<TD ALIGN="LEFT"><FONT COLOR="{th.muted}">{esc(text)}</FONT></TD></TR>'
        )
    rows.append("</TABLE>")
    return "".join(rows)


def _column_port(t: ErdTable | None, names: tuple[str, ...], side: str) -> str | None:
    if t is None or not names:
        return None
    for i, c in enumerate(t.columns):
        if c.name == names[0]:
            return port(c, i, side)
    return None


def _edge(e: ErdEdge, tables: dict[str, ErdTable], th: Theme, lr: bool) -> str:
    parent, child = tables.get(e.target), tables.get(e.source)
    tail, head = quote(e.target), quote(e.source)
    if lr:
        p = _column_port(parent, e.target_columns, "r")
        c = _column_port(child, e.source_columns, "l")
        if p:
            tail += f":{quote(p)}:e"
        if c:
            head += f":{quote(c)}:w"
    attrs = [
        f"id={quote('edge-' + e.id)}",
        f"arrowtail={ARROWS[e.target_end]}",
        f"arrowhead={ARROWS[e.source_end]}",
    ]
    if e.label:
        attrs.append(f"label={quote(e.label)}")
    if e.kind == "m:n":
        attrs.append("style=dashed")
    return f"  {tail} -> {head} [{', '.join(attrs)}];"
