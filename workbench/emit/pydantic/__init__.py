"""pydantic v2 models (``schemas.py``) and the in-process validator; see :mod:`.emitter`, :mod:`.runtime`.

``generate(schema, source=...)`` writes the module; ``validator(schema, "User", "read"|"create"|"update")``
builds the same model in memory (``pydantic.create_model``) without writing files.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.diagnostics import sort_key
from workbench.emit.files import GeneratedFile, GeneratedFiles, header_lines
from workbench.emit.pydantic.emitter import render
from workbench.emit.pydantic.typemap import Kind
from workbench.ir.schema import Schema

if TYPE_CHECKING:
    from pydantic import BaseModel

FILE = "schemas.py"


def generate(schema: Schema, *, source: str) -> GeneratedFiles:
    text, diagnostics = render(schema, header_lines(source, "#"))
    unique = tuple(sorted(set(diagnostics), key=sort_key))
    return GeneratedFiles("pydantic", (GeneratedFile(FILE, text),), unique)


def validator(schema: Schema, model: str, kind: Kind = "read") -> type[BaseModel]:
    """The pydantic model for ``model`` rows (``read``) or inputs (``create``/``update``), in memory.

    Same fields, types, defaults and descriptions as the generated ``schemas.py``. Raises
    ``UserError`` for an unknown model (with a suggestion). pydantic is imported on first use.
    """
    from workbench.emit.pydantic.runtime import validator as build

    return build(schema, model, kind)


__all__ = ["FILE", "generate", "validator"]
