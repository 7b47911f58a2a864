"""Mermaid ``erDiagram`` text for an :class:`ErdContent` (JupyterLab 4.1+ and GitHub render it).

The subset we write, checked by Mermaid's own parser in the tests (``tests/js/mermaid_parse.mjs``)::

    erDiagram
      direction LR
      Post {
        String id PK
        String authorId FK "@db.Uuid"
      }
      billing_invoices["billing.invoices"] { ... }     entity id + label when the name is not a word
      User ||--o{ Post : ""                             crow's-foot ends, "" when the relation is unnamed
      Category }o..o{ Post : ""                         a collapsed m:n (dotted)
      classDef hl0 fill:#ffe08a,stroke:#bf8700
      class User hl0

Mermaid has no clusters, no indexes and no column colours: clusters are left out, highlighted
columns say so in their comment, highlighted tables get a ``classDef``. Types are reduced to
Mermaid's attribute-type characters (``DOUBLE PRECISION`` -> ``DOUBLE_PRECISION``).
"""

from __future__ import annotations

import re

from workbench.render.content import End, ErdColumn, ErdContent
from workbench.render.themes import get_theme

LEFT = {End.EXACTLY_ONE: "||", End.ZERO_OR_ONE: "|o", End.ZERO_OR_MANY: "}o", End.ONE_OR_MANY: "}|"}
RIGHT = {End.EXACTLY_ONE: "||", End.ZERO_OR_ONE: "o|", End.ZERO_OR_MANY: "o{", End.ONE_OR_MANY: "|{"}
_WORD = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_TYPE_BAD = re.compile(r"[^A-Za-z0-9_()\[\],\-]+")
_NAME_BAD = re.compile(r"[^A-Za-z0-9_\-]+")


def _type(text: str) -> str:
    cleaned = _TYPE_BAD.sub("_", text).strip("_") or "unknown"
    return cleaned if cleaned[0].isalpha() or cleaned[0] == "_" else "t_" + cleaned


def _attr_name(text: str) -> str:
    cleaned = _NAME_BAD.sub("_", text) or "column"
    return cleaned if cleaned[0].isalpha() or cleaned[0] == "_" else "c_" + cleaned


def _comment(text: str) -> str:
    return '"' + text.replace('"', "'") + '"'


class _Ids:
    """Mermaid entity ids: the name itself when it is a plain word, else a unique sanitised word."""

    def __init__(self) -> None:
        self.ids: dict[str, str] = {}
        self.used: set[str] = set()

    def __call__(self, name: str) -> str:
        if name in self.ids:
            return self.ids[name]
        base = name if _WORD.match(name) else "e_" + (re.sub(r"[^A-Za-z0-9_]+", "_", name).strip("_") or "x")
        ident, n = base, 2
        while ident in self.used:
            ident, n = f"{base}_{n}", n + 1
        self.ids[name] = ident
        self.used.add(ident)
        return ident

    def declare(self, name: str) -> str:
        ident = self(name)
        return ident if ident == name else f'{ident}["{name.replace(chr(34), chr(39))}"]'


def _column_line(c: ErdColumn, groups: tuple[str, ...]) -> str:
    parts = [_type(c.type), _attr_name(c.name)]
    keys = [k for k, on in (("PK", c.pk), ("FK", c.fk), ("UK", c.unique)) if on]
    if keys:
        parts.append(", ".join(keys))
    notes = [n for n in (c.detail, "nullable" if c.nullable else None) if n]
    if c.default is not None:
        notes.append(f"default {c.default}")
    if c.highlight is not None and c.highlight < len(groups):
        notes.append(groups[c.highlight])
    if notes:
        parts.append(_comment("; ".join(notes)))
    return "    " + " ".join(parts)


def to_mermaid(content: ErdContent, *, direction: str = "LR", theme: str = "light") -> str:
    th = get_theme(theme)
    ids = _Ids()
    lines = []
    if content.title:
        lines += ["---", f"title: {content.title}", "---"]
    lines += ["erDiagram", f"  direction {direction}"]
    for t in content.tables:
        head = ids.declare(t.id)
        if not t.columns:
            lines.append(f"  {head}")
            continue
        lines.append(f"  {head} {{")
        lines.extend(_column_line(c, content.highlight_groups) for c in t.columns)
        lines.append("  }")
    for e in content.enums:
        lines.append(f"  {ids.declare('enum ' + e.id)} {{")
        lines.extend(f"    enum {_attr_name(v)}" for v in e.values)
        lines.append("  }")
    for e in content.edges:
        line = ".." if e.kind == "m:n" else "--"
        label = _comment(e.label or "")
        lines.append(f"  {ids(e.target)} {LEFT[e.target_end]}{line}{RIGHT[e.source_end]} {ids(e.source)} : {label}")
    if content.enums:
        enum_ids = {e.id for e in content.enums}
        for t in content.tables:
            for eid in dict.fromkeys(c.enum for c in t.columns if c.enum in enum_ids):
                lines.append(f'  {ids(t.id)} }}o..|| {ids("enum " + str(eid))} : "uses"')
    marked: dict[int, list[str]] = {}
    for t in content.tables:
        if t.highlight is not None:
            marked.setdefault(t.highlight, []).append(ids(t.id))
    for n in sorted(marked):
        fill, stroke = th.highlight(n)
        lines.append(f"  classDef hl{n} fill:{fill},stroke:{stroke},stroke-width:2px")
        lines.append(f"  class {','.join(marked[n])} hl{n}")
    return "\n".join(lines) + "\n"
