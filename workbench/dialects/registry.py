"""The engine registry: every database engine workbench knows, by name, alias, URL or driver connection.

Each engine declares its facts once, in its own module (:mod:`workbench.dialects.postgres`,
``duckdb``, ``sqlite``, ``mysql``: a :class:`~workbench.dialects.base.Dialect` named ``DIALECT``);
this module lists the modules, one line each, as sqlglot's dialects register themselves. Code
that needs an engine fact asks here (``get("pg").default_schema``) instead of keeping its own
``{"postgres": ..., "duckdb": ...}`` table, so adding an engine is one module plus one line
below. See the "Engines" section of docs/architecture.md.

Detection is pure (no driver is imported): a URL by its scheme, a connection by the module of
its class. Opening a URL is :mod:`workbench.db.opening`'s job.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from workbench.diagnostics import UserError
from workbench.dialects import duckdb, mysql, postgres, sqlite
from workbench.dialects.base import Dialect

# One line per engine, in the order help texts and errors list them.
_MODULES: dict[str, ModuleType] = {
    m.DIALECT.name: m
    for m in (
        postgres,
        duckdb,
        sqlite,
        mysql,
    )
}
ENGINES: dict[str, Dialect] = {name: m.DIALECT for name, m in _MODULES.items()}

_ALIASES: dict[str, str] = {alias: d.name for d in ENGINES.values() for alias in (d.name, *d.aliases)}


class UnknownEngineError(UserError):
    """A name, URL or connection that names no engine workbench knows (the message lists the known ones)."""


def names(
    *, lowers: bool | None = None, connects: bool | None = None, reads_sql: bool | None = None
) -> tuple[str, ...]:
    """The engines' names in registry order, optionally only those with (or without) a capability.

    ``names(lowers=True)`` are the DDL targets (postgres, duckdb, sqlite); ``names(reads_sql=True)``
    the dialects ``load_sql`` reads; ``names(connects=True)`` the engines ``connect`` opens.
    """
    wanted = {"lowers": lowers, "connects": connects, "reads_sql": reads_sql}
    return tuple(
        d.name
        for d in ENGINES.values()
        if all(want is None or getattr(d, flag) is want for flag, want in wanted.items())
    )


def find(name_or_alias: str) -> Dialect | None:
    """The engine called ``name_or_alias`` (any case), or None."""
    canonical = _ALIASES.get(name_or_alias.lower()) if isinstance(name_or_alias, str) else None
    return ENGINES.get(canonical) if canonical else None


def get(name_or_alias: str) -> Dialect:
    """The engine called ``name_or_alias``; :class:`UnknownEngineError` listing the known names otherwise."""
    found = find(name_or_alias)
    if found is None:
        raise UnknownEngineError(f"unknown database engine {name_or_alias!r}: use one of {', '.join(names())}")
    return found


def module(name_or_alias: str) -> ModuleType:
    """The engine's own module (its lowering rules: ``TYPES``, ``DIALECT`` and helpers)."""
    return _MODULES[get(name_or_alias).name]


def resolve_name(alias: str) -> str:
    """The canonical name for an engine name or alias: ``postgresql``/``pg`` -> ``postgres``."""
    return get(alias).name


def for_provider(provider: str | None, default: str = "postgres") -> Dialect:
    """The DDL target (an engine that lowers) a Prisma datasource ``provider`` means by default.

    ``postgresql``/``cockroachdb`` -> postgres, ``sqlite`` -> sqlite, an engine's own name -> it;
    anything else (``mysql``, ``sqlserver``, none) -> ``default``.
    """
    for d in ENGINES.values():
        if d.lowers and provider is not None and (provider in d.prisma_providers or provider == d.name):
            return d
    return ENGINES[default]


def default_schema(name: str | None, fallback: str | None = "public") -> str | None:
    """The engine's default schema (``public``, ``main``); ``fallback`` for an unknown or missing name."""
    found = find(name) if name else None
    return found.default_schema if found is not None else fallback


def scheme_of(url: str) -> str:
    """The scheme of ``url`` lower-cased, without a ``+driver`` suffix; '' when it has none."""
    return url.split("://", 1)[0].lower().split("+", 1)[0] if "://" in url else ""


def from_url(url: str) -> Dialect:
    """The engine a URL's scheme names (``postgresql+psycopg://`` too); :class:`UnknownEngineError` otherwise.

    The message names the scheme only, never the URL (it may hold a password); the caller that
    has the URL adds it masked (:func:`workbench.db.urls.engine_of`).
    """
    scheme = scheme_of(url)
    for d in ENGINES.values():
        if scheme and scheme in d.url_schemes:
            return d
    known = ", ".join(f"{s}://" for d in ENGINES.values() for s in d.url_schemes[:1])
    raise UnknownEngineError(f"unsupported database URL scheme `{scheme}://` (known: {known})")


def from_path(path: str) -> Dialect | None:
    """The engine a bare database file path means by its suffix (``blog.duckdb``, ``app.db``), or None."""
    low = path.lower()
    for d in ENGINES.values():
        if d.file_suffixes and low.endswith(d.file_suffixes):
            return d
    return None


def from_file_header(head: bytes) -> Dialect | None:
    """The engine whose database files start like ``head`` (the first 16 bytes of a file), or None."""
    for d in ENGINES.values():
        if d.file_magic is not None:
            offset, magic = d.file_magic
            if head[offset : offset + len(magic)] == magic:
                return d
    return None


def from_connection(raw: Any) -> Dialect:
    """The engine of an open driver connection (psycopg, duckdb, sqlite3), by the module of its class.

    The class's bases count too, so a subclass of ``sqlite3.Connection`` is SQLite.
    """
    modules = {(cls.__module__ or "").split(".", 1)[0] for cls in type(raw).__mro__}
    for d in ENGINES.values():
        if modules.intersection(d.driver_modules):
            return d
    drivers = ", ".join(m for d in ENGINES.values() for m in d.driver_modules if not m.startswith("_"))
    raise UnknownEngineError(f"not a database connection ({drivers}): {type(raw).__name__}")


# Kept for callers of the former ``workbench.dialects.base.get_dialect``.
get_dialect = find

__all__ = [
    "ENGINES",
    "UnknownEngineError",
    "default_schema",
    "find",
    "for_provider",
    "from_connection",
    "from_file_header",
    "from_path",
    "from_url",
    "get",
    "get_dialect",
    "module",
    "names",
    "resolve_name",
]
