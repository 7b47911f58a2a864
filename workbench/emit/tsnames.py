"""Identifiers shared by the TypeScript targets, so files generated separately import each other.

Drizzle's ``schema.ts`` exports one table per model, named :func:`table_var`; the zod file exports
:func:`zod_var` schemas; REST and tRPC import both. Every target computes names here, never on
its own.

Every function is a pure function of short strings and is called for the same few names again and
again (each target, each reference to a model), so each is memoised with a bounded ``lru_cache``.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Words a TypeScript binding cannot be named (strict mode), plus globals we must not shadow.
RESERVED = frozenset(
    """break case catch class const continue debugger default delete do else enum export extends false finally
    for function if import in instanceof new null return super switch this throw true try typeof var void while
    with as implements interface let package private protected public static yield any boolean number string
    symbol type from of await async object unknown never bigint undefined constructor Object Array Date JSON
    Math Number String Boolean Symbol Error Promise Map Set BigInt Buffer crypto sql relations""".split()
)

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z]|[0-9]|\b|_)|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")


@lru_cache(maxsize=8192)
def words(name: str) -> tuple[str, ...]:
    """``BlogPost`` / ``blog_post`` / ``blogPost`` / ``HTTPRequest`` -> lower-case words."""
    return tuple(w.lower() for w in _WORD.findall(name)) or (name.lower(),)


@lru_cache(maxsize=8192)
def camel(name: str) -> str:
    ws = words(name)
    return ws[0] + "".join(w.capitalize() for w in ws[1:])


@lru_cache(maxsize=8192)
def pascal(name: str) -> str:
    return "".join(w.capitalize() for w in words(name))


@lru_cache(maxsize=8192)
def safe(ident: str, suffix: str) -> str:
    """``ident`` unless it is reserved or not a valid identifier; then ``ident + suffix``."""
    if ident in RESERVED or not re.fullmatch(r"[A-Za-z_$][A-Za-z0-9_$]*", ident):
        fixed = re.sub(r"[^A-Za-z0-9_$]", "_", ident)
        if fixed[:1].isdigit():
            fixed = "_" + fixed
        return fixed + suffix
    return ident


@lru_cache(maxsize=8192)
def table_var(model: str) -> str:
    """The Drizzle table export for a model (``BlogPost`` -> ``blogPost``)."""
    return safe(camel(model), "Table")


@lru_cache(maxsize=8192)
def join_table_var(join_table: str) -> str:
    """The Drizzle export for an implicit m:n join table (``_CategoryToPost`` -> ``categoryToPost``)."""
    return safe(camel(join_table.lstrip("_")), "Table")


@lru_cache(maxsize=8192)
def enum_var(enum: str) -> str:
    """The Drizzle ``pgEnum`` export (``Role`` -> ``roleEnum``)."""
    return safe(camel(enum) + "Enum", "_")


@lru_cache(maxsize=8192)
def relations_var(model: str) -> str:
    return safe(camel(model) + "Relations", "_")


@lru_cache(maxsize=8192)
def zod_var(model: str, kind: str = "") -> str:
    """zod schema exports: ``userSchema``, ``createUserSchema``, ``updateUserSchema``."""
    base = model[:1].upper() + model[1:]
    return {"": camel(model) + "Schema", "create": f"create{base}Schema", "update": f"update{base}Schema"}[kind]


@lru_cache(maxsize=8192)
def type_name(model: str) -> str:
    """TypeScript type of a model row: the model name, as Prisma Client names it (``User``).

    DTOs are ``CreateUserDTO`` / ``UpdateUserDTO``."""
    return safe(model[:1].upper() + model[1:], "Model")


@lru_cache(maxsize=8192)
def file_stem(model: str) -> str:
    """Per-model file names (``BlogPost`` -> ``blog-post``)."""
    return "-".join(words(model))
