"""JSON serialisation of the IR that round-trips exactly (``from_json(to_json(x)) == x``).

Type-directed: the dataclass field annotations drive decoding, so adding a field to the IR needs
no change here. Fields equal to their default are left out to keep the JSON small and diffable;
the ``Field`` union is tagged with ``"$kind": "scalar" | "relation"``. Origins (spans) are kept.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from enum import Enum as PyEnum
from functools import cache
from typing import Any, TypeVar, Union, get_args, get_origin

from workbench.diagnostics.source import Span
from workbench.ir import database, schema

T = TypeVar("T")

_TAGGED: dict[type, str] = {schema.ScalarField: "scalar", schema.RelationField: "relation"}
_BY_TAG = {tag: cls for cls, tag in _TAGGED.items()}


def to_data(obj: Any) -> Any:
    """Plain JSON-able data for an IR node (dataclass, enum, tuple, scalar)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out: dict[str, Any] = {}
        if type(obj) in _TAGGED:
            out["$kind"] = _TAGGED[type(obj)]
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if f.name.startswith("_"):
                continue
            if f.default is not dataclasses.MISSING and value == f.default and type(value) is type(f.default):
                continue
            if f.default_factory is not dataclasses.MISSING and value == f.default_factory():
                continue
            out[f.name] = to_data(value)
        return out
    if isinstance(obj, PyEnum):
        return obj.value
    if isinstance(obj, (tuple, list)):
        return [to_data(v) for v in obj]
    return obj


@cache
def _hints(cls: type) -> dict[str, Any]:
    module = vars(typing.cast(Any, __import__(cls.__module__, fromlist=["_"])))
    return typing.get_type_hints(cls, globalns=module)


def from_data(tp: Any, data: Any) -> Any:
    """Rebuild a value of type ``tp`` from :func:`to_data` output."""
    origin = get_origin(tp)
    if tp is Any:
        return _thaw(data)
    if origin in (Union, types.UnionType):
        args = tuple(a for a in get_args(tp) if a is not type(None))
        if data is None:
            return None
        if isinstance(data, dict) and "$kind" in data and all(a in _TAGGED for a in args):
            return from_data(_BY_TAG[data["$kind"]], data)
        for a in args:
            try:
                return from_data(a, data)
            except (TypeError, ValueError, KeyError):
                continue
        raise ValueError(f"cannot decode {data!r} as {tp}")
    if origin is tuple:
        args = get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_data(args[0], v) for v in data)
        return tuple(from_data(a, v) for a, v in zip(args, data, strict=True))
    if origin is typing.Literal:
        if data not in get_args(tp):
            raise ValueError(f"{data!r} not in {get_args(tp)}")
        return data
    if isinstance(tp, type) and issubclass(tp, PyEnum):
        return tp(data)
    if tp is Span:
        return Span.from_json(data)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        if not isinstance(data, dict):
            raise TypeError(f"expected an object for {tp.__name__}, got {data!r}")
        hints = _hints(tp)
        kwargs = {k: from_data(hints[k], v) for k, v in data.items() if k != "$kind"}
        return tp(**kwargs)
    if tp in (str, int, float, bool):
        if tp is float and isinstance(data, int) and not isinstance(data, bool):
            return float(data)
        if not isinstance(data, tp) or (tp is int and isinstance(data, bool)):
            raise TypeError(f"expected {tp.__name__}, got {data!r}")
        return data
    if tp is type(None):
        if data is not None:
            raise TypeError("expected null")
        return None
    return _thaw(data)


def _thaw(data: Any) -> Any:
    """JSON arrays back to tuples (the IR never holds lists)."""
    if isinstance(data, list):
        return tuple(_thaw(v) for v in data)
    return data


def to_json(obj: schema.Schema | database.Database, indent: int | None = 2) -> str:
    payload = {"format": "workbench-ir", "version": 1, "type": type(obj).__name__, "data": to_data(obj)}
    return json.dumps(payload, indent=indent, sort_keys=False, ensure_ascii=False)


def from_json(text: str) -> schema.Schema | database.Database:
    payload = json.loads(text)
    if payload.get("format") != "workbench-ir":
        raise ValueError("not a workbench IR document (missing format: workbench-ir)")
    cls = {"Schema": schema.Schema, "Database": database.Database}[payload["type"]]
    obj = from_data(cls, payload["data"])
    if not isinstance(obj, schema.Schema | database.Database):  # cannot happen: from_data builds a `cls`
        raise ValueError(f"not a workbench IR document (cannot decode a {payload['type']})")
    return obj
