"""SQLAlchemy 2.0 typed declarative models (``models.py``) for every model; see :mod:`.emitter`.

``generate(schema, source=...)`` returns the file; ``Base.metadata.create_all(engine)`` of the
generated module builds the same catalog as Prisma Migrate's DDL (names included).
``models(schema)`` is the same module imported in memory (for notebooks), without writing files.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Literal

from workbench.diagnostics import sort_key
from workbench.emit.files import GeneratedFile, GeneratedFiles, header_lines
from workbench.emit.sqlalchemy.emitter import render
from workbench.ir.schema import Schema

FILE = "models.py"

Dialect = Literal["postgres", "sqlite"]


def generate(schema: Schema, *, source: str, dialect: Dialect | None = None) -> GeneratedFiles:
    """``models.py`` for the datasource's database (``sqlite`` -> SQLite, else PostgreSQL).

    ``dialect`` overrides it, e.g. SQLite models of a PostgreSQL schema for a local SQLite copy
    (what SQLite cannot express is reported, as in ``lower(schema, "sqlite")``).
    """
    text, diagnostics = render(schema, header_lines(source, "#"), dialect)
    unique = tuple(sorted(set(diagnostics), key=sort_key))
    return GeneratedFiles("sqlalchemy", (GeneratedFile(FILE, text),), unique)


_counter = [0]


def models(schema: Schema, *, dialect: Dialect | None = None, source: str = "schema") -> ModuleType:
    """The generated module, executed in memory: ``m.Base``, ``m.User``... ready for a Session.

    Each call gives a fresh module (its own ``Base.metadata`` and mapper registry), registered in
    ``sys.modules`` under a unique name because SQLAlchemy resolves annotations through it.
    """
    text = generate(schema, source=source, dialect=dialect)[FILE]
    _counter[0] += 1
    name = f"workbench_models_{_counter[0]}"
    module = ModuleType(name)
    module.__file__ = f"<workbench models of {source}>"
    sys.modules[name] = module
    exec(compile(text, module.__file__, "exec"), module.__dict__)
    return module


__all__ = ["FILE", "generate", "models"]
