"""Hand-written seed files (JSON / YAML / CSV per model), validated against the schema.

A file ``users.json`` holds rows of the model ``User`` (file name = model or table name, plural
allowed); a JSON/YAML object ``{"User": [...], "Post": [...]}`` may hold several models. Keys are
field names (``authorId``) or column names (``author_id``). Every row is checked against the
plan's column types: unknown fields, wrong types, NULL in a required column, VARCHAR lengths,
integer ranges, enum values, duplicate unique keys and foreign keys that point at no row of the
parent's seed rows (or of its predictable generated ids). Each problem is a located
``Diagnostic`` (``users.json:4:14``); with any error nothing is written.

Omitted fields are generated; the seeded rows come first in their table and generated rows fill
in around them without colliding on primary or unique keys.
"""

from __future__ import annotations

import base64
import datetime as dt
import difflib
import ipaddress
import json
import os
import uuid
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from workbench.diagnostics import Diagnostic, Severity, SourceFile, Span
from workbench.diagnostics.catalog.seeding import (
    DUPLICATE_KEY,
    FILE_UNREADABLE,
    MISSING_PARENT,
    NOT_AN_ENUM_VALUE,
    NULL_REQUIRED,
    OUT_OF_RANGE,
    UNKNOWN_FIELD,
    UNKNOWN_MODEL,
    WRONG_TYPE,
)
from workbench.seeding.fileparse import Cell, ParseError, Row, parse_csv, parse_json, parse_yaml
from workbench.seeding.generate import FileRows
from workbench.seeding.plan import ColumnPlan, Plan, TableKey, TablePlan
from workbench.seeding.values import arrow_type, decimal_type, element_of

SUFFIXES = {".json": parse_json, ".yaml": parse_yaml, ".yml": parse_yaml, ".csv": parse_csv}
_INT_RANGE = {"int2": 2**15, "int4": 2**31, "int8": 2**63}


class BadValue(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def _files(paths: Any) -> list[Path]:
    items = paths if isinstance(paths, (list, tuple)) else [paths]
    out: list[Path] = []
    for p in items:
        p = Path(os.fspath(p))
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.suffix.lower() in SUFFIXES))
        else:
            out.append(p)
    return out


def _table_for(plan: Plan, name: str) -> TablePlan | None:
    found = plan.find(name)
    if found is None:
        for cut in ("ies", "es", "s"):
            if name.lower().endswith(cut):
                base = name[: -len(cut)] + ("y" if cut == "ies" else "")
                found = plan.find(base)
                if found:
                    break
    return found


def load_seed_files(
    paths: Any, plan: Plan
) -> tuple[dict[TableKey, FileRows], tuple[Diagnostic, ...], dict[str, SourceFile]]:
    """Parse and validate seed files: (rows per table, diagnostics, sources for rendering them)."""
    diags: list[Diagnostic] = []
    sources: dict[str, SourceFile] = {}
    by_table: dict[TableKey, list[tuple[Row, dict[str, Any]]]] = {}
    for path in _files(paths):
        name = str(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            diags.append(Diagnostic(FILE_UNREADABLE, Severity.ERROR, f"cannot read seed file {name}: {exc.strerror}"))
            continue
        text, problem = _decode(name, data)
        if problem is not None:  # located, and left out of `sources`: its bytes are not worth echoing
            diags.append(problem)
            continue
        src = SourceFile(name, text)
        sources[name] = src
        parser = SUFFIXES.get(path.suffix.lower())
        if parser is None:
            diags.append(
                _err(FILE_UNREADABLE, f"unknown seed file type `{path.suffix}` (json, yaml, csv)", src.span(0))
            )
            continue
        try:
            groups = parser(src)
        except ParseError as exc:
            diags.append(_err(FILE_UNREADABLE, f"cannot parse {path.suffix[1:].upper()}: {exc}", src.span(exc.offset)))
            continue
        for model, rows in groups.items():
            table = _table_for(plan, model if model is not None else path.stem)
            if table is None:
                what = f"`{model}`" if model is not None else f"file name `{path.stem}`"
                names = [t.model or t.name for t in plan.tables]
                guess = difflib.get_close_matches(model or path.stem, names, 1)
                diags.append(
                    _err(
                        UNKNOWN_MODEL,
                        f"{what} names no model or table of the schema",
                        src.span(0, min(len(text), 1)) if model is None else rows[0].span if rows else src.span(0),
                        f"did you mean `{guess[0]}`?" if guess else None,
                    )
                )
                continue
            for row in rows:
                values = _validate_row(table, row, diags)
                if values is not None:
                    by_table.setdefault(table.key, []).append((row, values))
    for key, checked in by_table.items():
        _check_unique(plan.table(key), checked, diags)
    for key, checked in by_table.items():
        _check_parents(plan, plan.table(key), checked, by_table, diags)
    result = {key: _file_rows(plan.table(key), checked) for key, checked in by_table.items()}
    diags.sort(key=lambda d: (d.span.file, d.span.line, d.span.col) if d.span else ("", 0, 0))
    return result, tuple(diags), sources


def _decode(name: str, data: bytes) -> tuple[str, Diagnostic | None]:
    """The file's text, or a diagnostic at the first byte that is not UTF-8 (or is a NUL): a
    binary file (an image, a database, a compressed export) given where a seed file belongs."""
    bad: int | None = None
    try:
        text = data.decode("utf-8")
        if "\0" in text:
            bad = data.index(b"\0")
    except UnicodeDecodeError as exc:
        bad = exc.start
    if bad is None:
        return text, None
    before = data[:bad].decode("utf-8", errors="replace")
    span = SourceFile(name, before).span(len(before))
    return "", _err(
        FILE_UNREADABLE,
        f"not a text file (byte 0x{data[bad]:02x} at offset {bad}): seed files are JSON, YAML or CSV in UTF-8",
        span,
    )


def _err(code: str, message: str, span: Span | None, help: str | None = None) -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, message, span, help)


def _validate_row(t: TablePlan, row: Row, diags: list[Diagnostic]) -> dict[str, Any] | None:
    if "\0" in row.cells:
        detail = row.cells["\0"].value
        msg = f"a CSV row of {detail}" if isinstance(detail, str) else "each row must be an object of field: value"
        diags.append(_err(WRONG_TYPE, msg, row.span))
        return None
    by_field = dict(t.fields)
    columns = {c.name for c in t.columns}
    out: dict[str, Any] = {}
    ok = True
    for key, cell in row.cells.items():
        col_name = by_field.get(key, key if key in columns else None)
        if col_name is None:
            candidates = [f for f, _ in t.fields] or sorted(columns)
            guess = difflib.get_close_matches(key, candidates, 1)
            where = f"model `{t.model}`" if t.model else f"table `{t.name}`"
            diags.append(
                _err(
                    UNKNOWN_FIELD,
                    f"{where} has no field `{key}`",
                    cell.key_span,
                    f"did you mean `{guess[0]}`?" if guess else None,
                )
            )
            ok = False
            continue
        col = t.column(col_name)
        try:
            out[col_name] = convert(col, cell)
        except BadValue as exc:
            diags.append(_err(exc.code, f"`{key}`: {exc}", cell.value_span))
            ok = False
    return out if ok else None


def convert(col: ColumnPlan, cell: Cell) -> Any:
    """A seed-file value -> the Python value loaded into the column (raises BadValue)."""
    v = cell.value
    if v is None:
        if not col.nullable:
            raise BadValue(NULL_REQUIRED, f"cannot be null (column `{col.name}` is required)")
        return None
    if col.array:
        if cell.raw_text:
            try:
                v = json.loads(v)
            except ValueError:
                raise BadValue(WRONG_TYPE, 'expected a JSON array such as ["a", "b"]') from None
        if not isinstance(v, list):
            raise BadValue(WRONG_TYPE, f"expected a list, got {_kind(v)}")
        element = element_of(col)
        return [
            convert(element, Cell(x, cell.key_span, cell.value_span, cell.raw_text and isinstance(x, str))) for x in v
        ]
    return _scalar(col, v, cell.raw_text)


def _kind(v: Any) -> str:
    return {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "an object",
    }.get(type(v), type(v).__name__)


def _scalar(col: ColumnPlan, v: Any, text: bool) -> Any:
    base = col.base
    if base in _INT_RANGE:
        if text and isinstance(v, str):
            try:
                v = int(v.strip())
            except ValueError:
                raise BadValue(WRONG_TYPE, f"expected an integer, got {v!r}") from None
        if isinstance(v, bool) or not isinstance(v, int):
            raise BadValue(WRONG_TYPE, f"expected an integer, got {_kind(v)}")
        limit = _INT_RANGE[base]
        if not -limit <= v < limit:
            raise BadValue(OUT_OF_RANGE, f"{v} is out of range for {col.sql_type}")
        return v
    if base in ("float4", "float8"):
        if text and isinstance(v, str):
            try:
                v = float(v)
            except ValueError:
                raise BadValue(WRONG_TYPE, f"expected a number, got {v!r}") from None
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise BadValue(WRONG_TYPE, f"expected a number, got {_kind(v)}")
        return float(v)
    if base in ("numeric", "money"):
        if isinstance(v, bool) or not isinstance(v, (int, float, str)):
            raise BadValue(WRONG_TYPE, f"expected a number, got {_kind(v)}")
        try:
            d = Decimal(str(v).strip())
        except InvalidOperation:
            raise BadValue(WRONG_TYPE, f"expected a decimal number, got {v!r}") from None
        p, s = decimal_type(col)
        d = d.quantize(Decimal(1).scaleb(-s))
        if d.adjusted() + 1 > p - s:
            raise BadValue(OUT_OF_RANGE, f"{v} does not fit {col.sql_type}")
        return d
    if base == "bool":
        if text and isinstance(v, str):
            low = v.strip().lower()
            if low in ("true", "t", "1", "yes"):
                return True
            if low in ("false", "f", "0", "no"):
                return False
        if not isinstance(v, bool):
            raise BadValue(WRONG_TYPE, f"expected true or false, got {_kind(v) if not text else repr(v)}")
        return v
    if base in ("timestamp", "timestamptz", "date", "time", "timetz"):
        return _time(col, v)
    if base in ("json", "jsonb"):
        if text:
            try:
                json.loads(v)
            except ValueError:
                raise BadValue(WRONG_TYPE, "not valid JSON") from None
            return v
        return json.dumps(v, separators=(", ", ": "))
    if not isinstance(v, str):
        raise BadValue(WRONG_TYPE, f"expected a string, got {_kind(v)}")
    if base == "bytea":
        try:
            return base64.b64decode(v, validate=True)
        except ValueError:
            raise BadValue(WRONG_TYPE, "Bytes are written in base64") from None
    if base == "uuid":
        try:
            return str(uuid.UUID(v))
        except ValueError:
            raise BadValue(WRONG_TYPE, f"{v!r} is not a UUID") from None
    if base == "enum":
        if v in col.enum_values:
            return v
        folded = {e.lower(): e for e in col.enum_values}
        if v.lower() in folded:
            return folded[v.lower()]
        raise BadValue(
            NOT_AN_ENUM_VALUE, f"{v!r} is not a value of enum `{col.enum_name}` ({', '.join(col.enum_values)})"
        )
    if base == "inet":
        try:
            ipaddress.ip_interface(v)
        except ValueError:
            raise BadValue(WRONG_TYPE, f"{v!r} is not an IP address") from None
    if base in ("bit", "varbit"):
        if v.strip("01"):
            raise BadValue(WRONG_TYPE, f"{v!r} is not a bit string (write 0s and 1s, such as '1010')")
        if base == "bit" and col.length is not None and len(v) != col.length:
            raise BadValue(OUT_OF_RANGE, f"{len(v)} bits; {col.sql_type} holds exactly {col.length}")
    if col.length is not None and len(v) > col.length:
        raise BadValue(OUT_OF_RANGE, f"{len(v)} characters; {col.sql_type} holds at most {col.length}")
    if base == "bpchar" and col.length is not None:
        return v.ljust(col.length)
    return v


def _time(col: ColumnPlan, v: Any) -> Any:
    if col.base == "timetz":  # stored at UTC, like the generated values
        value = _time(replace(col, base="time"), v)
        if value.tzinfo is not None:
            value = dt.datetime.combine(dt.date(2000, 1, 1), value).astimezone(dt.UTC).time()
        return value
    if col.base == "time":
        if isinstance(v, dt.time):
            return v
    elif isinstance(v, (dt.datetime, dt.date)):  # YAML reads 2024-05-01 as a date
        v = v.isoformat()
    if not isinstance(v, str):
        raise BadValue(WRONG_TYPE, f"expected an ISO date/time string, got {_kind(v)}")
    text: str = v
    try:
        if col.base == "time":
            return dt.time.fromisoformat(text)
        if col.base == "date":
            return dt.date.fromisoformat(text[:10])
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise BadValue(WRONG_TYPE, f"{v!r} is not an ISO 8601 date/time") from None
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC)
        if col.base == "timestamp":
            value = value.replace(tzinfo=None)
    elif col.base == "timestamptz":
        value = value.replace(tzinfo=dt.UTC)
    return value


def _fold(col: ColumnPlan, v: Any) -> Any:
    return v.lower() if isinstance(v, str) and col.base == "citext" else v


def _check_unique(t: TablePlan, rows: list[tuple[Row, dict[str, Any]]], diags: list[Diagnostic]) -> None:
    for key in t.uniques:
        seen: dict[tuple[Any, ...], Row] = {}
        for row, values in rows:
            if not all(c in values and values[c] is not None for c in key):
                continue
            tup = tuple(_fold(t.column(c), values[c]) for c in key)
            if tup in seen:
                first = seen[tup]
                cell = _cell(t, row, key[-1])
                shown, values_ = ", ".join(key), ", ".join(repr(x) for x in tup)
                diags.append(
                    _err(
                        DUPLICATE_KEY,
                        f"duplicate value for unique ({shown}): {values_} is already on line {first.span.line}",
                        cell.value_span if cell else row.span,
                    )
                )
            else:
                seen[tup] = row


def _cell(t: TablePlan, row: Row, column: str) -> Cell | None:
    for f, c in t.fields:
        if c == column and f in row.cells:
            return row.cells[f]
    return row.cells.get(column)


def _check_parents(
    plan: Plan,
    t: TablePlan,
    rows: list[tuple[Row, dict[str, Any]]],
    by_table: dict[TableKey, list[tuple[Row, dict[str, Any]]]],
    diags: list[Diagnostic],
) -> None:
    for fk in t.fks:
        parent = plan.table(fk.ref)
        given = {
            tuple(v.get(c) for c in fk.ref_columns)
            for _, v in by_table.get(fk.ref, [])
            if all(v.get(c) is not None for c in fk.ref_columns)
        }
        seq_range = _generated_ids(parent, by_table.get(fk.ref, []), fk.ref_columns)
        for row, values in rows:
            if not all(values.get(c) is not None for c in fk.columns):
                continue
            tup = tuple(values[c] for c in fk.columns)
            if tup in given:
                continue
            if seq_range is not None and isinstance(tup[0], int) and seq_range[0] < tup[0] <= seq_range[1]:
                continue
            cell = _cell(t, row, fk.columns[0])
            target = f"{parent.model or parent.name}.{', '.join(fk.ref_columns)}"
            shown = ", ".join(repr(x) for x in tup)
            diags.append(
                _err(
                    MISSING_PARENT,
                    f"`{', '.join(fk.columns)}` = {shown} matches no `{target}` in the seed files",
                    cell.value_span if cell else row.span,
                    "seed the parent row too (generated rows have ids you cannot know in advance)"
                    if seq_range is None
                    else f"generated ids are {seq_range[0] + 1}..{seq_range[1]}",
                )
            )


def _generated_ids(
    parent: TablePlan, rows: list[tuple[Row, dict[str, Any]]], cols: tuple[str, ...]
) -> tuple[int, int] | None:
    """(exclusive low, inclusive high) of the integer ids a sequence key will get, if predictable."""
    if len(cols) != 1 or parent.column(cols[0]).base not in _INT_RANGE or parent.fk_of(cols[0]) is not None:
        return None
    if tuple(cols) != parent.primary_key and not parent.column(cols[0]).autoincrement:
        return None
    base = max([v[cols[0]] for _, v in rows if isinstance(v.get(cols[0]), int)] or [0])
    return base, base + parent.rows


def _file_rows(t: TablePlan, rows: list[tuple[Row, dict[str, Any]]]) -> FileRows:
    n = len(rows)
    given: dict[str, tuple[np.ndarray, pa.Array]] = {}
    for col in t.columns:
        mask = np.array([col.name in v for _, v in rows], dtype=bool)
        if not mask.any():
            continue
        values = [v.get(col.name) for _, v in rows]
        given[col.name] = (mask, pa.array(values, arrow_type(col)))
    return FileRows(n, given)
