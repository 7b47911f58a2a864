"""The naming convention a schema already follows, so that a fix adding a field spells it alike.

Decided once for the whole schema, never per model: a model whose fields are all one word (``id``,
``sku``, ``title``) says nothing about the convention, and taking its own would give it
``createdAt`` next to tables that get ``created_at``. Two conventions are read, by majority of the
multi-word names (one-word names and names mixing ``_`` with capitals count for neither):

* the field names' (the client API): ``snake_case`` only when most multi-word field names are,
  else ``camelCase``, Prisma's own convention (also when the schema has no multi-word name);
* the column names' (after ``@map``), the same way, defaulting to the field names' convention.

When they differ (the common ``fooBar @map("foo_bar")`` style), a new field gets the field
convention's name and an ``@map`` with the column convention's name.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from workbench.ir import ScalarField, Schema

Convention = Literal["snake_case", "camelCase"]

_SNAKE = re.compile(r"^_*[a-z0-9]+(_[a-z0-9]+)+$")
_CAMEL = re.compile(r"^_*[a-z][a-z0-9]*([A-Z][a-z0-9]*)+$")


def spelling(name: str) -> Convention | None:
    """The convention a multi-word name is spelled in; None for one word or a mixed spelling."""
    if _SNAKE.match(name):
        return "snake_case"
    if _CAMEL.match(name):
        return "camelCase"
    return None


def dominant(names: Iterable[str], default: Convention) -> Convention:
    """The majority convention among ``names``; ``default`` on a tie or when none is multi-word."""
    snake = camel = 0
    for name, n in Counter(names).items():  # names repeat (id, name, createdAt): spell each once
        c = spelling(name)
        if c == "snake_case":
            snake += n
        elif c == "camelCase":
            camel += n
    if snake == camel:
        return default
    return "snake_case" if snake > camel else "camelCase"


def spell(words: tuple[str, ...], convention: Convention) -> str:
    """``("created", "at")`` as ``created_at`` or ``createdAt``."""
    if convention == "snake_case":
        return "_".join(words)
    return words[0] + "".join(w.capitalize() for w in words[1:])


@dataclass(frozen=True)
class FieldNaming:
    """How the schema names its scalar fields and their columns."""

    fields: Convention
    columns: Convention

    def field_line(self, words: tuple[str, ...], rest: str) -> str:
        """A new field's line: its name, ``rest`` (type and attributes), and ``@map`` when needed."""
        name = spell(words, self.fields)
        column = spell(words, self.columns)
        return f"{name} {rest}" + (f' @map("{column}")' if column != name else "")


def field_naming(schema: Schema) -> FieldNaming:
    """The schema-wide convention of field names and column names (see the module docstring)."""
    scalars = [f for m in schema.models if not m.ignored for f in m.fields if isinstance(f, ScalarField)]
    fields = dominant((f.name for f in scalars), "camelCase")
    return FieldNaming(fields, dominant((f.db_name for f in scalars), fields))
