"""Which fields client code sees, and which a create input may leave out: one set of rules for
every target (zod, TypeScript, REST, tRPC, GraphQL, pydantic, SQLAlchemy), so the Python and
TypeScript validation layers accept exactly the same inputs.

Prisma Client leaves out ``@@ignore`` models, ``@ignore`` fields and ``Unsupported`` fields; a
create input may omit optional, defaulted, generated (``@updatedAt``) and list fields. ``///``
doc lines starting with ``@zod.`` are instructions (refinements), not prose.
"""

from __future__ import annotations

from collections.abc import Iterator

from workbench.ir import DefaultKind, Model, RelationField, ScalarField, ScalarType, Schema

ANNOTATION_PREFIX = "@zod."


def client_models(schema: Schema) -> tuple[Model, ...]:
    """Models and views Prisma Client knows (``@@ignore`` models left out), in schema order."""
    return tuple(m for m in schema.models if not m.ignored)


def client_scalars(model: Model) -> tuple[ScalarField, ...]:
    """Scalar and enum fields present in client code (no ``@ignore``, no ``Unsupported``), in order."""
    return tuple(f for f in model.scalar_fields if not f.ignored and f.type is not ScalarType.UNSUPPORTED)


def is_client_field(field: ScalarField | RelationField, schema: Schema) -> bool:
    if field.ignored:
        return False
    if isinstance(field, RelationField):
        target = schema.model(field.target)
        return target is not None and not target.ignored
    return field.type is not ScalarType.UNSUPPORTED


def client_relations(model: Model, schema: Schema) -> tuple[RelationField, ...]:
    """Relation fields present in client code (not ignored, pointing at a model that is not ignored)."""
    return tuple(f for f in model.relation_fields if is_client_field(f, schema))


def create_optional(field: ScalarField) -> bool:
    """May a create input omit this field? (optional, defaulted, generated, @updatedAt, or a list)"""
    return field.optional or field.default is not None or field.updated_at or field.list


def is_generated(field: ScalarField) -> bool:
    """Filled in by the database or the client when left out (autoincrement, uuid(), now()...)."""
    return field.updated_at or (
        field.default is not None and field.default.kind not in (DefaultKind.LITERAL, DefaultKind.ENUM)
    )


def can_create(model: Model) -> bool:
    """False when a left-out (ignored/Unsupported) column is required and has no default."""
    if model.is_view:
        return False
    return not any(
        (f.ignored or f.type is ScalarType.UNSUPPORTED) and not create_optional(f) for f in model.scalar_fields
    )


def left_out(schema: Schema) -> Iterator[tuple[Model, ScalarField | None]]:
    """What client code cannot carry, for each target to report in its own words:
    ``(model, field)`` for an ``Unsupported`` field it leaves out, ``(model, None)`` for a model
    whose create input cannot produce a valid row (see :func:`can_create`)."""
    for model in client_models(schema):
        for f in model.scalar_fields:
            if f.type is ScalarType.UNSUPPORTED and not f.ignored:
                yield model, f
        if not model.is_view and not can_create(model):
            yield model, None


def split_doc(doc: str | None) -> tuple[str | None, tuple[str, ...]]:
    """(the doc text without annotation lines, the ``@zod.`` annotation lines as written)."""
    if not doc:
        return None, ()
    text: list[str] = []
    notes: list[str] = []
    for line in doc.splitlines():
        (notes if line.strip().startswith(ANNOTATION_PREFIX) else text).append(line)
    clean = "\n".join(text).strip("\n")
    return (clean or None), tuple(n.strip() for n in notes)
