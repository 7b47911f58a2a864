"""Fast positional constructors for frozen, slotted dataclasses (spans and IR nodes).

Building the IR makes a frozen node and a :class:`~workbench.diagnostics.Span` per field: tens of
thousands on a big schema. A frozen dataclass's ``__init__`` stores each field through
``object.__setattr__`` (a global lookup, a method lookup and a call per field), which is most of the
cost of building the IR. :func:`frozen_builder` makes a function that fills an instance of a
private *twin* class instead: same slots in the same order, but an ordinary ``__setattr__``, so
each store is one specialised bytecode; then it gives the object its real class
(``__class__`` assignment, allowed between classes of identical layout). The result is an
ordinary instance of the dataclass, indistinguishable from one built by its ``__init__``: equal,
same hash, same repr, pickled and copied the same way; ``dataclasses.replace`` works on it as on
any other.

Only for flat dataclasses (``frozen=True, slots=True``, no base class, no ``__post_init__``): the
builder takes every field, positionally, in declaration order, and runs no checks of its own.
"""

from __future__ import annotations

import dataclasses
import keyword
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def frozen_builder(cls: type[T]) -> Callable[..., T]:
    """A function ``(field1, field2, ...) -> cls`` taking every field positionally, in order."""
    if not dataclasses.is_dataclass(cls) or cls.__bases__ != (object,):
        raise TypeError(f"{cls.__name__}: not a flat dataclass")
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen or "__slots__" not in cls.__dict__ or hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__}: frozen_builder needs frozen=True, slots=True and no __post_init__")
    names = tuple(f.name for f in dataclasses.fields(cls))
    if tuple(cls.__dict__["__slots__"]) != names or any(keyword.iskeyword(n) or not n.isidentifier() for n in names):
        raise TypeError(f"{cls.__name__}: slots do not match the fields")
    twin = type(f"_{cls.__name__}Builder", (), {"__slots__": names, "__module__": cls.__module__})
    args = ", ".join(names)
    stores = "".join(f"    o.{n} = {n}\n" for n in names)
    source = f"def build({args}):\n    o = _twin()\n{stores}    o.__class__ = _cls\n    return o\n"
    namespace: dict[str, Any] = {"_twin": twin, "_cls": cls}
    exec(source, namespace)  # as dataclasses itself builds __init__
    build: Callable[..., T] = namespace["build"]
    build.__qualname__ = build.__name__ = f"new_{cls.__name__}"
    build.__module__ = cls.__module__
    build.__doc__ = f"A {cls.__name__} from all its fields, positionally (see workbench.diagnostics.frozen)."
    return build
