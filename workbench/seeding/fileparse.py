"""Reading seed files (JSON, YAML, CSV) into rows whose every key and value keeps its position.

Python's ``json`` and ``csv`` modules do not report where a value came from, so JSON and CSV are
read by the small scanners below; YAML positions come from PyYAML's node marks. Each row is a
:class:`Row` (its span, and per field the key's and the value's span) so validation errors point
at ``file:line:col`` of the offending value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workbench.diagnostics import SourceFile, Span


class ParseError(Exception):
    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.offset = offset


@dataclass
class Cell:
    value: Any
    key_span: Span
    value_span: Span
    raw_text: bool = False  # CSV: the value is text still to be converted


@dataclass
class Row:
    span: Span
    cells: dict[str, Cell] = field(default_factory=dict)


@dataclass
class Located:
    """A parsed JSON value with its character range."""

    value: Any
    start: int
    end: int
    items: list[tuple[Located, Located]] | list[Located] | None = None  # object (key, value) pairs / array items


# -- JSON -----------------------------------------------------------------------------------------------
class _Json:
    def __init__(self, text: str):
        self.text = text
        self.i = 0

    def ws(self) -> None:
        t, i = self.text, self.i
        while i < len(t) and t[i] in " \t\r\n":
            i += 1
        self.i = i

    def parse(self) -> Located:
        self.ws()
        v = self.value()
        self.ws()
        if self.i != len(self.text):
            raise ParseError("unexpected text after the JSON value", self.i)
        return v

    def value(self) -> Located:
        self.ws()
        if self.i >= len(self.text):
            raise ParseError("unexpected end of file", self.i)
        c = self.text[self.i]
        start = self.i
        if c == "{":
            return self.obj()
        if c == "[":
            return self.arr()
        if c == '"':
            s = self.string()
            return Located(s, start, self.i)
        for word, val in (("true", True), ("false", False), ("null", None)):
            if self.text.startswith(word, self.i):
                self.i += len(word)
                return Located(val, start, self.i)
        return self.number()

    def number(self) -> Located:
        import re

        m = re.compile(r"-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?").match(self.text, self.i)
        if not m or not m.group(0):
            raise ParseError(f"unexpected character {self.text[self.i]!r}", self.i)
        self.i = m.end()
        s = m.group(0)
        return Located(float(s) if m.group(2) or m.group(3) else int(s), m.start(), m.end())

    def string(self) -> str:
        import json

        t = self.text
        j = self.i + 1
        while j < len(t):
            if t[j] == "\\":
                j += 2
                continue
            if t[j] == '"':
                break
            if t[j] == "\n":
                raise ParseError("unterminated string", self.i)
            j += 1
        else:
            raise ParseError("unterminated string", self.i)
        raw = t[self.i : j + 1]
        self.i = j + 1
        try:
            return str(json.loads(raw))  # a JSON string literal: json gives a str (typed Any)
        except ValueError as exc:
            raise ParseError(f"bad string: {exc}", self.i) from None

    def obj(self) -> Located:
        start = self.i
        self.i += 1
        pairs: list[tuple[Located, Located]] = []
        self.ws()
        if self.text.startswith("}", self.i):
            self.i += 1
            return Located({}, start, self.i, pairs)
        while True:
            self.ws()
            if not self.text.startswith('"', self.i):
                raise ParseError("expected a quoted key", self.i)
            ks = self.i
            key = Located(self.string(), ks, self.i)
            self.ws()
            if not self.text.startswith(":", self.i):
                raise ParseError("expected ':' after the key", self.i)
            self.i += 1
            pairs.append((key, self.value()))
            self.ws()
            if self.text.startswith(",", self.i):
                self.i += 1
                continue
            if self.text.startswith("}", self.i):
                self.i += 1
                return Located({k.value: v.value for k, v in pairs}, start, self.i, pairs)
            raise ParseError("expected ',' or '}'", self.i)

    def arr(self) -> Located:
        start = self.i
        self.i += 1
        items: list[Located] = []
        self.ws()
        if self.text.startswith("]", self.i):
            self.i += 1
            return Located([], start, self.i, items)
        while True:
            items.append(self.value())
            self.ws()
            if self.text.startswith(",", self.i):
                self.i += 1
                continue
            if self.text.startswith("]", self.i):
                self.i += 1
                return Located([x.value for x in items], start, self.i, items)
            raise ParseError("expected ',' or ']'", self.i)


def _json_rows(src: SourceFile, node: Located) -> list[Row]:
    rows = []
    for item in node.items or []:
        assert isinstance(item, Located)
        row = Row(src.span(item.start, item.end))
        if not isinstance(item.value, dict):
            row.cells["\0"] = Cell(item.value, row.span, row.span)  # not an object: reported by the caller
        for k, v in item.items or []:  # type: ignore[misc]  # a dict value: `items` holds (key, value) pairs
            row.cells[k.value] = Cell(v.value, src.span(k.start, k.end), src.span(v.start, v.end))
        rows.append(row)
    return rows


def parse_json(src: SourceFile) -> dict[str | None, list[Row]]:
    """``[rows...]`` (table from the file name, key None) or ``{"Model": [rows...], ...}``."""
    root = _Json(src.text).parse()
    if isinstance(root.value, list):
        return {None: _json_rows(src, root)}
    if isinstance(root.value, dict):
        out: dict[str | None, list[Row]] = {}
        for k, v in root.items or []:  # type: ignore[misc]  # a dict value: `items` holds (key, value) pairs
            if not isinstance(v.value, list):
                raise ParseError(f"`{k.value}` must be a list of rows", v.start)
            out[k.value] = _json_rows(src, v)
        return out
    raise ParseError("a seed file holds a list of rows, or an object mapping model names to lists", root.start)


# -- YAML --------------------------------------------------------------------------------------------------
def parse_yaml(src: SourceFile) -> dict[str | None, list[Row]]:
    import yaml

    loader = yaml.SafeLoader(src.text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ParseError(str(exc.problem or exc), mark.index if mark else 0) from None
    finally:
        loader.dispose()

    def span(node: Any) -> Span:
        return src.span(node.start_mark.index, node.end_mark.index)

    def rows_of(seq: Any) -> list[Row]:
        if not isinstance(seq, yaml.SequenceNode):
            raise ParseError("expected a list of rows", seq.start_mark.index)
        rows = []
        for item in seq.value:
            row = Row(span(item))
            if not isinstance(item, yaml.MappingNode):
                row.cells["\0"] = Cell(None, row.span, row.span)
            else:
                for k, v in item.value:
                    row.cells[str(loader.construct_object(k, deep=True))] = Cell(
                        loader.construct_object(v, deep=True), span(k), span(v)
                    )
            rows.append(row)
        return rows

    if root is None:
        return {None: []}
    if isinstance(root, yaml.MappingNode):
        return {str(loader.construct_object(k, deep=True)): rows_of(v) for k, v in root.value}
    return {None: rows_of(root)}


# -- CSV -----------------------------------------------------------------------------------------------------
def _csv_records(text: str) -> list[list[tuple[str, int, int, bool]]]:
    """Records of (value, start, end, quoted) fields; quoted fields may span lines."""
    records: list[list[tuple[str, int, int, bool]]] = []
    record: list[tuple[str, int, int, bool]] = []
    i, n = 0, len(text)
    while i <= n:
        start = i
        if i < n and text[i] == '"':
            j = i + 1
            buf = []
            while True:
                if j >= n:
                    raise ParseError("unterminated quoted field", start)
                if text[j] == '"':
                    if j + 1 < n and text[j + 1] == '"':
                        buf.append('"')
                        j += 2
                        continue
                    break
                buf.append(text[j])
                j += 1
            record.append(("".join(buf), start, j + 1, True))
            i = j + 1
        else:
            j = i
            while j < n and text[j] not in ",\r\n":
                j += 1
            record.append((text[i:j], start, j, False))
            i = j
        if i < n and text[i] == ",":
            i += 1
            continue
        if i < n and text[i] == "\r":
            i += 1
        if i < n and text[i] == "\n":
            i += 1
        if not (len(record) == 1 and record[0][0] == "" and not record[0][3]):
            records.append(record)
        record = []
        if i >= n:
            break
    return records


def parse_csv(src: SourceFile) -> dict[str | None, list[Row]]:
    """A header line of field names, then one row per line. An empty unquoted field is NULL."""
    records = _csv_records(src.text)
    if not records:
        return {None: []}
    header = records[0]
    rows = []
    for rec in records[1:]:
        row = Row(src.span(rec[0][1], rec[-1][2]))
        if len(rec) != len(header):
            row.cells["\0"] = Cell(f"{len(rec)} fields, the header has {len(header)}", row.span, row.span)
        for (name, hs, he, _), (value, vs, ve, quoted) in zip(header, rec, strict=False):
            cell_value = None if value == "" and not quoted else value
            row.cells[name] = Cell(cell_value, src.span(hs, he), src.span(vs, ve), raw_text=True)
        rows.append(row)
    return {None: rows}
