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

import json
import re

from workbench.render.content import End, ErdColumn, ErdContent
from workbench.render.themes import get_theme

LEFT = {End.EXACTLY_ONE: "||", End.ZERO_OR_ONE: "|o", End.ZERO_OR_MANY: "}o", End.ONE_OR_MANY: "}|"}
RIGHT = {End.EXACTLY_ONE: "||", End.ZERO_OR_ONE: "o|", End.ZERO_OR_MANY: "o{", End.ONE_OR_MANY: "|{"}
_WORD = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
# Words the erDiagram lexer reads as keywords wherever an entity name may stand (case-insensitive);
# an entity called `one`, `end` or `style` must get another id.
_KEYWORDS = frozenset(
    "erdiagram end style class classdef subgraph direction one only many to optionally zero title "
    "acctitle accdescr u pk fk uk".split()
)
# Inside an attribute block PK/FK/UK are the key markers, whatever the column is called.
_KEY_WORDS = frozenset({"pk", "fk", "uk"})
# Characters JavaScript's \s matches at or above U+00C0: whitespace to the lexer, not name characters.
_JS_SPACES = frozenset("\u1680\u2028\u2029\u202f\u205f\u3000\ufeff") | {chr(c) for c in range(0x2000, 0x200B)}


def _name_chars(text: str, extra: str) -> str:
    """``text`` with every character the attribute-name rule of Mermaid's lexer rejects made ``_``:
    it takes ASCII letters, digits, ``_`` and ``extra``, and anything from U+00C0 up."""
    return "".join(
        ch if (ch.isascii() and (ch.isalnum() or ch in extra)) or (ord(ch) >= 0xC0 and ch not in _JS_SPACES) else "_"
        for ch in text
    )


def _word(text: str, fallback: str, prefix: str, strip: bool) -> str:
    """A type or attribute name token: Mermaid's name characters, a letter-like first character,
    and never one of the key markers."""
    cleaned = _name_chars(text, "_-[]().,*")
    cleaned = (cleaned.strip("_") if strip else cleaned) or fallback
    first = cleaned[0]
    if not (first.isascii() and (first.isalpha() or first in "_*")) and ord(first) < 0xC0:
        cleaned = prefix + cleaned
    return cleaned + "_" if cleaned.lower() in _KEY_WORDS else cleaned


def _type(text: str) -> str:
    return _word(text, "unknown", "t_", strip=True)  # DOUBLE PRECISION -> DOUBLE_PRECISION, Int? -> Int


def _attr_name(text: str) -> str:
    return _word(text, "column", "c_", strip=False)


_ENTITY = re.compile(r"#\w+;")  # what Mermaid decodes as an entity code (#quot;, #35;) in any text


def _text(text: str, coded: str) -> str:
    """Text for a quoted Mermaid string. ``"`` would end it: it becomes ``'`` (as before, readable).
    Characters in ``coded``, control characters (newlines) and a ``#`` that starts what Mermaid would
    decode as an entity code are written as entity codes (``#92;``), which Mermaid shows as the character."""
    out = []
    for i, ch in enumerate(text):
        if ch == '"':
            out.append("'")
        elif ch in coded or ord(ch) < 32 or ord(ch) == 127 or (ch == "#" and _ENTITY.match(text, i)):
            out.append(f"#{ord(ch)};")
        else:
            out.append(ch)
    return "".join(out)


def _comment(text: str) -> str:
    return '"' + _text(text, "") + '"'


def _label(text: str) -> str:
    """An entity alias: the ENTITY_NAME string token admits no ``%`` or backslash."""
    return '"' + _text(text, "%\\") + '"'


_PLAIN_TITLE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _.,()/+-]*")


def _title(text: str) -> str:
    """The front-matter title: plain when YAML reads it back as written, else a quoted YAML string."""
    return text if _PLAIN_TITLE.fullmatch(text) and not text.endswith(" ") else json.dumps(text, ensure_ascii=False)


class _Ids:
    """Mermaid entity ids: the name itself when it is a plain word (and no keyword), else a unique
    sanitised word, declared with the real name as its alias."""

    def __init__(self) -> None:
        self.ids: dict[str, str] = {}
        self.used: set[str] = set()

    def __call__(self, name: str, kind: str = "table") -> str:
        key = f"{kind}:{name}"  # a table may be called "enum Role" too
        if key in self.ids:
            return self.ids[key]
        if _WORD.match(name) and name.lower() not in _KEYWORDS:
            base = name
        else:
            base = "e_" + (re.sub(r"[^A-Za-z0-9_]+", "_", name).strip("_") or "x")
        ident, n = base, 2
        while ident in self.used:
            ident, n = f"{base}_{n}", n + 1
        self.ids[key] = ident
        self.used.add(ident)
        return ident

    def declare(self, name: str, kind: str = "table") -> str:
        ident = self(name, kind)
        return ident if ident == name else f"{ident}[{_label(name)}]"


def _column_line(c: ErdColumn, groups: tuple[str, ...]) -> str:
    name = _attr_name(c.name)
    parts = [_type(c.type), name]
    keys = [k for k, on in (("PK", c.pk), ("FK", c.fk), ("UK", c.unique)) if on]
    if keys:
        parts.append(", ".join(keys))
    notes = [
        n for n in (f"name: {c.name}" if name != c.name else None, c.detail, "nullable" if c.nullable else None) if n
    ]
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
        lines += ["---", f"title: {_title(content.title)}", "---"]
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
        lines.append(f"  {ids.declare('enum ' + e.id, 'enum')} {{")
        lines.extend(f"    enum {_attr_name(v)}" + ("" if _attr_name(v) == v else f" {_comment(v)}") for v in e.values)
        lines.append("  }")
    for edge in content.edges:
        line = ".." if edge.kind == "m:n" else "--"
        label = _comment(edge.label or "")
        lines.append(
            f"  {ids(edge.target)} {LEFT[edge.target_end]}{line}{RIGHT[edge.source_end]} {ids(edge.source)} : {label}"
        )
    if content.enums:
        enum_ids = {e.id for e in content.enums}
        for t in content.tables:
            for eid in dict.fromkeys(c.enum for c in t.columns if c.enum in enum_ids):
                lines.append(f'  {ids(t.id)} }}o..|| {ids("enum " + str(eid), "enum")} : "uses"')
    marked: dict[int, list[str]] = {}
    for t in content.tables:
        if t.highlight is not None:
            marked.setdefault(t.highlight, []).append(ids(t.id))
    for n in sorted(marked):
        fill, stroke = th.group(content.highlight_groups, n)
        lines.append(f"  classDef hl{n} fill:{fill},stroke:{stroke},stroke-width:2px")
        lines.append(f"  class {','.join(marked[n])} hl{n}")
    return "\n".join(lines) + "\n"
