"""The fast constructors that build the IR (``workbench.diagnostics.frozen``) and the loader's
per-line attribute cache.

What must hold: a node made by a builder is an ordinary instance of its dataclass, in every way a
caller can tell (type, equality, hash, repr, frozenness, pickle, copy, ``dataclasses.replace``,
serde); each builder in the loader takes exactly its class's fields, in order, with the field's
type (so a field added to the IR cannot shift the arguments silently); the IR built from every
schema of the repository equals the one the dataclasses' own constructors give; and the cached
attributes of a field line are the ones a fresh interpretation sets.
"""

from __future__ import annotations

import copy
import dataclasses
import pickle
import typing
from pathlib import Path
from typing import Any

import pytest

from workbench.diagnostics import Span
from workbench.diagnostics import source as source_module
from workbench.diagnostics.frozen import frozen_builder
from workbench.diagnostics.source import SourceFile
from workbench.ir import Default, DefaultKind, NativeType, ScalarField, ScalarType, Schema, serde
from workbench.ir import schema as ir_schema
from workbench.loaders.prisma import fields as field_attrs
from workbench.loaders.prisma import lower as lower_module
from workbench.loaders.prisma.context import Context, FieldInfo, ModelInfo, RelationArgs
from workbench.loaders.prisma.loader import load_prisma_pending
from workbench.prisma.parser import parse_schema

ROOT = Path(__file__).resolve().parent.parent


def _field(origin: Span | None) -> tuple[Any, ...]:
    return (
        "price",
        "price_cents",
        ScalarType.DECIMAL,
        True,
        False,
        None,
        NativeType("Decimal", ("10", "2")),
        None,
        Default(DefaultKind.LITERAL, 0),
        False,
        False,
        "/// the price",
        origin,
    )


def test_a_built_node_is_an_ordinary_instance() -> None:
    span = frozen_builder(Span)("a.prisma", 10, 20, 2, 3, 2, 13)
    assert type(span) is Span and span == Span("a.prisma", 10, 20, 2, 3, 2, 13)
    built = frozen_builder(ScalarField)(*_field(span))
    made = ScalarField(*_field(Span("a.prisma", 10, 20, 2, 3, 2, 13)))
    assert type(built) is ScalarField
    assert built == made and hash(built) == hash(made) and repr(built) == repr(made)
    assert built.origin == made.origin and repr(built.origin) == repr(made.origin)
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.name = "other"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del built.name  # type: ignore[misc]
    for copied in (pickle.loads(pickle.dumps(built)), copy.copy(built), copy.deepcopy(built)):
        assert type(copied) is ScalarField and copied == made and repr(copied) == repr(made)
    replaced = dataclasses.replace(built, name="cost")
    assert type(replaced) is ScalarField and replaced == dataclasses.replace(made, name="cost")
    schema = Schema(models=(ir_schema.Model("Item", "item", (built,)),))
    back = serde.from_json(serde.to_json(schema))
    assert back == schema and repr(back) == repr(schema)


def test_a_builder_differs_from_its_class_only_where_it_should() -> None:
    built = frozen_builder(Span)("a.prisma", 1, 2, 1, 2, 1, 3)
    assert built != frozen_builder(Span)("a.prisma", 1, 2, 1, 2, 1, 4)
    assert type(built).__mro__ == Span.__mro__  # nothing of the twin class it was filled in is left
    assert Span.__subclasses__() == []  # the twin is not a subclass: isinstance checks are unaffected


@pytest.mark.parametrize(
    "cls",
    [
        SourceFile,  # has a field that is not in __init__ (and __post_init__)
        FieldInfo,  # not frozen
        type("Plain", (), {}),  # not a dataclass
    ],
)
def test_builders_refuse_what_they_cannot_build_faithfully(cls: type) -> None:
    with pytest.raises(TypeError):
        frozen_builder(cls)


BUILDER_MODULES = (source_module, lower_module)  # where the builders are declared


def _builders() -> list[tuple[Any, str, type]]:
    """(declaring module, name, class) of every ``new_*`` builder, each once (lower imports
    ``new_span`` from the source module, which declares it)."""
    out: list[tuple[Any, str, type]] = []
    seen: set[int] = set()
    for module in BUILDER_MODULES:
        hints = typing.get_type_hints(module)
        for name, value in vars(module).items():
            if not name.startswith("new_") or not callable(value) or id(value) in seen:
                continue
            seen.add(id(value))
            cls = next(c for c in (*vars(ir_schema).values(), Span) if getattr(c, "__name__", "") == value.__name__[4:])
            assert name in hints, f"{name} has no declared signature in {module.__name__}"
            out.append((module, name, cls))
    return out


def test_every_builder_is_declared_with_its_class_fields_in_order() -> None:
    builders = _builders()
    assert {cls.__name__ for _, _, cls in builders} >= {"Span", "ScalarField", "RelationField", "Model", "Relation"}
    for module, name, cls in builders:
        declared = typing.get_args(typing.get_type_hints(module)[name])
        params, result = declared[0], declared[1]
        assert result is cls, name
        fields = typing.get_type_hints(cls)
        assert params == [fields[f.name] for f in dataclasses.fields(cls)], name


SCHEMAS = sorted(
    p
    for p in [*ROOT.glob("tests/data/**/*.prisma"), *ROOT.glob("sample_schemas/**/*.prisma")]
    if p.is_file() and p.stat().st_size < 400_000
)


def _rebuilt(node: Any) -> Any:
    """The same IR made again by the dataclasses' own constructors (the reference)."""
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        return type(node)(**{f.name: _rebuilt(getattr(node, f.name)) for f in dataclasses.fields(node)})
    if isinstance(node, tuple):
        return tuple(_rebuilt(x) for x in node)
    return node


def test_the_ir_of_every_schema_is_the_one_the_constructors_give() -> None:
    assert len(SCHEMAS) > 100
    for path in SCHEMAS:
        schema = load_prisma_pending(path).schema()
        reference = _rebuilt(schema)
        assert schema == reference and repr(schema) == repr(reference), path
        assert hash(schema) == hash(reference), path


def _comparable(value: object) -> object:
    """RelationArgs compares by identity (a work record): compare what it holds."""
    if isinstance(value, RelationArgs):
        return tuple(getattr(value, n) for n in RelationArgs.__slots__)
    return value


def test_the_cached_attributes_are_the_ones_a_fresh_interpretation_sets() -> None:
    text = """
datasource db {
  provider = "postgresql"
}

model A {
  id    Int     @id @default(autoincrement())
  name  String  @unique @map("full_name") @db.VarChar(20)
  at    DateTime @updatedAt
  b     B?      @relation(fields: [bId], references: [id], onDelete: Cascade, map: "fk")
  bId   Int?    @ignore
}

model B {
  id    Int     @id @default(autoincrement())
  name  String  @unique @map("full_name") @db.VarChar(20)
  at    DateTime @updatedAt
  as    A[]
}
"""
    blocks = parse_schema(text, "s.prisma").blocks
    interpreted: dict[str, tuple[object, ...]] = {}
    for cached in (False, True):
        ctx = Context({"s.prisma": SourceFile("s.prisma", text)})
        ctx.datasource_name = "db"
        for b in blocks:
            if b.keyword != "model":
                continue
            m = ModelInfo(b, b.name, b.name, False)
            for decl in b.fields:
                f = FieldInfo(decl, m, decl.line.name, db_name=decl.line.name)
                type_name = decl.line.type.name
                if type_name in ("A", "B"):
                    f.kind, f.target = "relation", type_name
                else:
                    f.kind, f.scalar = "scalar", ScalarType(type_name)
                if cached:
                    field_attrs.field_attributes(ctx, f)  # B's lines are A's: read from the cache
                else:
                    field_attrs._field_attributes(ctx, f)
                values = tuple(_comparable(getattr(f, n)) for n in field_attrs.CACHED)
                key = f"{b.name}.{f.name}"
                if cached:
                    assert tuple(_comparable(v) for v in field_attrs.read_cached(f)) == values
                    assert values == interpreted[key], key
                else:
                    interpreted[key] = values
        assert not ctx.diagnostics
        if cached:
            assert len(ctx.field_cache) == 5  # one entry per distinct line
    assert interpreted["A.name"][0] == "full_name" and "fk" in interpreted["A.b"][7]
    # what the cache keeps is every attribute of the record but those set before (the declaration,
    # its resolved type) and after (relations.py: the relation's name and opposite field)
    before, after = {"decl", "model", "name", "kind", "scalar", "target"}, {"relation_name", "opposite"}
    assert set(field_attrs.CACHED) == set(FieldInfo.__slots__) - before - after


def test_the_accessors_refuse_unknown_attributes() -> None:
    with pytest.raises(ValueError):
        field_attrs._accessors(("db_name", "no_such_attribute"))
