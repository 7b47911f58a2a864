"""State of one SQLAlchemy emitter run, shared by :mod:`.emitter` and :mod:`.relations`."""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.diagnostics import Diagnostic
from workbench.dialects import registry
from workbench.emit import pycommon as pc
from workbench.ir.database import Database, DbTable
from workbench.ir.schema import Schema

# Module-level names of the generated file that a model or enum class must not shadow.
MODULE_NAMES = frozenset(
    {"Base", "Mapped", "DeclarativeBase", "mapped_column", "relationship", "sa", "pg", "Any"}
    | {"datetime", "decimal", "enum", "uuid", "os", "platform", "secrets", "time", "hashlib"}
)


@dataclass
class Context:
    schema: Schema
    database: Database
    dialect: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    helpers: set[str] = field(default_factory=set)
    class_names: dict[str, str] = field(default_factory=dict)  # model/enum name -> Python class
    tables: dict[str, DbTable] = field(default_factory=dict)  # model name -> lowered table

    def clip(self, name: str) -> str:
        """PostgreSQL keeps the first 63 bytes of a longer identifier (SQLAlchemy refuses longer ones)."""
        limit = registry.get(self.dialect).truncates_identifiers_at
        if limit is None or len(name.encode("utf-8")) <= limit:
            return name
        return name.encode("utf-8")[:limit].decode("utf-8", errors="ignore")

    def attr(self, model: str, field_name: str) -> str:
        return pc.py_name(field_name, pc.SQLALCHEMY_RESERVED)

    def cls(self, name: str) -> str:
        return self.class_names.get(name, name)


def dialect_for(schema: Schema) -> str:
    return registry.for_provider(schema.provider).name
