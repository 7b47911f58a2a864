"""What the TypeScript targets (zod, types, REST, GraphQL, tRPC) share: escaping, docs, field roles.

Every target must agree on three questions, so they are answered once here:

* **Which models and fields exist in client code.** Like Prisma Client: ``@@ignore`` models and
  ``@ignore`` fields are left out silently (the table/column still exists; Drizzle's schema keeps
  it), ``Unsupported("...")`` fields are left out with a warning (:data:`W_UNSUPPORTED`), and a
  model whose left-out field is required without a default cannot be created (:data:`W_NO_CREATE`).
* **What a create input must contain** (:func:`create_optional`): a field is optional on create
  when it is optional in Prisma, has any default (database or client side), is ``@updatedAt``, or
  is a scalar list (lists are nullable columns in Prisma's DDL). Relation scalars (foreign keys)
  are ordinary fields; relation object fields never appear in inputs.
* **How rows are keyed** (:func:`row_key`): the primary key, else the first unique criterion whose
  fields are all present; get/update/delete take it (a key object when it has several fields).

Untrusted text (names, ``///`` docs, default strings) only reaches generated code through
:func:`ts_string` and :func:`jsdoc`.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from workbench.diagnostics import Diagnostic, warning
from workbench.diagnostics.catalog.emit_ts import W_NO_CREATE, W_NO_KEY, W_UNSUPPORTED
from workbench.emit import fields
from workbench.emit.files import GeneratedFiles
from workbench.ir.schema import Model, RelationField, ScalarField, Schema

# --- caches: one export run asks the same questions many times ----------------------------------
# REST and tRPC include the Drizzle, zod and types files, and every target asks each model for its
# client fields and key. The IR is immutable, so answers are cached by *identity*: the cache keeps
# the object it was asked about, and a hit requires that very object (`is`), so a recycled id()
# can never return another schema's answer. Equality would be wrong here: IR equality ignores
# `origin` spans, and the diagnostics of an equal schema loaded from another file point elsewhere.

T = TypeVar("T")
R = TypeVar("R")


def per_object(size: int) -> Callable[[Callable[[T], R]], Callable[[T], R]]:
    """Memoise a one-argument function of an IR node by the node's identity, keeping at most
    ``size`` nodes alive (small for whole schemas, larger for models)."""

    def decorate(fn: Callable[[T], R]) -> Callable[[T], R]:
        cache: dict[int, tuple[T, R]] = {}

        @functools.wraps(fn)
        def cached(node: T) -> R:
            hit = cache.get(id(node))
            if hit is not None and hit[0] is node:
                return hit[1]
            result = fn(node)
            if len(cache) >= size:
                cache.clear()
            cache[id(node)] = (node, result)
            return result

        return cached

    return decorate


def per_schema(generate: Callable[..., GeneratedFiles]) -> Callable[..., GeneratedFiles]:
    """Memoise a target's ``generate(schema, *, source)`` by schema identity and ``source`` (the last
    few results; :class:`GeneratedFiles` is immutable, so callers may share one)."""
    cache: dict[tuple[int, str], tuple[Schema, GeneratedFiles]] = {}

    @functools.wraps(generate)
    def cached(schema: Schema, *, source: str = "schema.prisma") -> GeneratedFiles:
        key = (id(schema), source)
        hit = cache.get(key)
        if hit is not None and hit[0] is schema:
            return hit[1]
        result = generate(schema, source=source)
        if len(cache) >= 8:
            cache.clear()
        cache[key] = (schema, result)
        return result

    return cached


# What json.dumps(ensure_ascii=False) escapes (quotes, backslashes, control characters), plus the
# two line separators JavaScript strings may not hold: text without any is quoted as it is.
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\\u2028\u2029]')


def ts_string(text: str) -> str:
    """A double-quoted TypeScript string literal for any text (quotes, backslashes, newlines, U+2028)."""
    if _NEEDS_ESCAPE.search(text) is None:  # names and most docs: nothing to escape, no JSON encoder call
        return f'"{text}"'
    return json.dumps(text, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def jsdoc(doc: str | None, indent: str = "") -> str:
    """A ``/** ... */`` block (with trailing newline) or ``""``; ``*/`` inside the text is defused."""
    if not doc:
        return ""
    lines = [line.rstrip().replace("*/", "*\\/") for line in doc.splitlines()]
    if len(lines) == 1:
        return f"{indent}/** {lines[0]} */\n"
    body = "".join(f"{indent} *{' ' + line if line else ''}\n" for line in lines)
    return f"{indent}/**\n{body}{indent} */\n"


_IDENT = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")


@functools.lru_cache(maxsize=8192)  # the same field names again and again, in every target
def prop(name: str) -> str:
    """An object key / property name: bare when it is an identifier, quoted otherwise."""
    return name if _IDENT.fullmatch(name) else ts_string(name)


def article(noun: str) -> str:
    """``a User`` / ``an Account`` (for generated doc comments)."""
    return f"{'an' if noun[:1].lower() in 'aeio' else 'a'} {noun}"


def plural(word: str) -> str:
    """English plural for query/class names (``user`` -> ``users``, ``category`` -> ``categories``)."""
    lower = word.lower()
    if re.search(r"[^aeiou]y$", lower):
        return word[:-1] + "ies"
    if re.search(r"(s|x|z|ch|sh)$", lower):
        return word + "es"
    return word + "s"


# --- which models and fields exist in client code ------------------------------------------------


client_models = per_object(size=8)(fields.client_models)
scalar_fields = per_object(size=4096)(fields.client_scalars)
is_client_field = fields.is_client_field
can_create = per_object(size=4096)(fields.can_create)
_relations: dict[tuple[int, int], tuple[Model, Schema, tuple[RelationField, ...]]] = {}


def relation_fields(model: Model, schema: Schema) -> tuple[RelationField, ...]:
    """:func:`workbench.emit.fields.client_relations`, remembered per (model, schema) identity pair
    (whether a relation is visible depends on its target model in that schema)."""
    hit = _relations.get((id(model), id(schema)))
    if hit is not None and hit[0] is model and hit[1] is schema:
        return hit[2]
    found = fields.client_relations(model, schema)
    if len(_relations) >= 4096:
        _relations.clear()
    _relations[(id(model), id(schema))] = (model, schema, found)
    return found


create_optional = fields.create_optional


@dataclass(frozen=True, slots=True)
class RowKey:
    """How one row is addressed: the fields of the primary key or of a unique criterion."""

    fields: tuple[ScalarField, ...]
    primary: bool

    @property
    def single(self) -> ScalarField | None:
        return self.fields[0] if len(self.fields) == 1 else None


@per_object(size=4096)
def row_key(model: Model) -> RowKey | None:
    visible = {f.name: f for f in scalar_fields(model)}

    def usable(names: Iterable[str]) -> tuple[ScalarField, ...] | None:
        found = [visible.get(n) for n in names]
        fs = tuple(f for f in found if f is not None and not f.optional)
        if not fs or len(fs) != len(found):
            return None
        return fs

    if model.primary_key is not None:
        fs = usable(model.primary_key.field_names)
        if fs:
            return RowKey(fs, True)
    for index in model.indexes:
        if index.unique:
            fs = usable(index.field_names)
            if fs:
                return RowKey(fs, False)
    return None


# --- diagnostics shared by the TypeScript targets ------------------------------------------------


def model_diagnostics(schema: Schema, *, need_key: bool = False) -> list[Diagnostic]:
    """Warnings for what TypeScript code leaves out; worded alike in every target so merged
    results (REST = schema + zod + types + API) show each only once. A new list on every call."""
    return list((_model_diagnostics_key if need_key else _model_diagnostics)(schema))


@per_object(size=8)
def _model_diagnostics(schema: Schema) -> tuple[Diagnostic, ...]:
    return _collect_model_diagnostics(schema, need_key=False)


@per_object(size=8)
def _model_diagnostics_key(schema: Schema) -> tuple[Diagnostic, ...]:
    return _collect_model_diagnostics(schema, need_key=True)


def _collect_model_diagnostics(schema: Schema, *, need_key: bool) -> tuple[Diagnostic, ...]:
    out: list[Diagnostic] = []
    for model, f in fields.left_out(schema):
        if f is not None:
            out.append(
                warning(
                    W_UNSUPPORTED,
                    f"`{model.name}.{f.name}` has type {f.type_name}, which generated code cannot "
                    "represent; it is left out of types, validation and APIs (like Prisma Client)",
                    f.origin,
                    help="read or write it with raw SQL, or map it to a supported type",
                )
            )
        else:
            out.append(
                warning(
                    W_NO_CREATE,
                    f"model `{model.name}` has a required field without default that generated code leaves out; "
                    "no row can be created through generated code (no create operation in REST/tRPC)",
                    model.origin,
                    help="give the field a default or make it optional",
                )
            )
    if need_key:
        for model in client_models(schema):
            if row_key(model) is None:
                out.append(
                    warning(
                        W_NO_KEY,
                        f"`{model.name}` has no primary key or unique criterion on required fields; "
                        "only list operations are generated for it",
                        model.origin,
                    )
                )
    return tuple(out)


# --- `///` docs and `@zod.` annotations ----------------------------------------------------------

ANNOTATION_PREFIX = fields.ANNOTATION_PREFIX
split_doc = fields.split_doc


# --- the Drizzle database type per provider (REST classes, tRPC context) --------------------------


@dataclass(frozen=True, slots=True)
class DbFlavor:
    """Which drizzle-orm core the schema uses, and how to type a database handle for it."""

    name: str  # "pg" | "sqlite" | "mysql"
    import_line: str
    db_type: str

    @property
    def returning(self) -> bool:
        """INSERT/UPDATE ... RETURNING (Postgres, SQLite); MySQL re-reads the row instead."""
        return self.name != "mysql"


FLAVORS = {
    "pg": DbFlavor(
        "pg",
        'import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";',
        "PgDatabase<PgQueryResultHKT>",
    ),
    "sqlite": DbFlavor(
        "sqlite",
        'import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";',
        'BaseSQLiteDatabase<"sync" | "async", unknown>',
    ),
    "mysql": DbFlavor(
        "mysql",
        'import type { MySqlDatabase, MySqlQueryResultHKT, PreparedQueryHKTBase } from "drizzle-orm/mysql-core";',
        "MySqlDatabase<MySqlQueryResultHKT, PreparedQueryHKTBase>",
    ),
}


def db_flavor(schema: Schema) -> DbFlavor:
    """Same choice as the Drizzle emitter: SQLite and MySQL by provider, pg-core otherwise."""
    provider = schema.provider or ""
    if provider == "sqlite":
        return FLAVORS["sqlite"]
    if provider == "mysql":
        return FLAVORS["mysql"]
    return FLAVORS["pg"]


def mysql_insert(key: RowKey | None, insert: str, values: str, key_type: str) -> tuple[str, str] | None:
    """MySQL has no RETURNING: (statement, key expression) to re-read an inserted row, or None.

    When the create input must contain every key field, the key comes from the input; otherwise
    (autoincrement / client-generated primary key) from Drizzle's ``$returningId()``, which needs
    the key column declared with ``.primaryKey()``. ``insert`` is ``db.insert(table).values(...)``.
    """
    if key is None:
        return None
    if not any(create_optional(f) for f in key.fields):
        if key.single is not None:
            return f"await {insert};", f"{values}.{key.single.name}"
        return f"await {insert};", "{ " + ", ".join(f"{f.name}: {values}.{f.name}" for f in key.fields) + " }"
    if not key.primary:
        return None
    stmt = f"const [inserted] = (await {insert}.$returningId()) as {key_type}[];"
    return stmt, (f"inserted.{key.single.name}" if key.single is not None else "inserted")
