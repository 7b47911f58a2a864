"""Database URLs: which engine a URL or bare file path means, and where the database is.

The one URL parser of the package (``connect``, ``introspect``, ``pull``, ``seed``, ``profile``).
URLs follow SQLAlchemy's convention (``postgresql://...``, ``postgresql+psycopg://...``,
``duckdb:///path.duckdb``, ``duckdb://``, ``sqlite:///path.db``, ``sqlite:///:memory:``); a
bare path is accepted when its suffix names an engine (``blog.duckdb``, ``app.db``,
``app.sqlite``). ``None`` is an in-memory DuckDB (the embedded default). Which scheme and which
suffix mean which engine is declared by the engines themselves (:mod:`workbench.dialects.registry`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote

from workbench.db.secrets import redact_url
from workbench.dialects import registry
from workbench.dialects.registry import UnknownEngineError

DEFAULT_ENGINE = "duckdb"  # what ``connect()`` without a URL opens, in memory


class TargetError(UnknownEngineError):
    """The target is neither a supported URL nor an open connection (the message masks any password)."""


@dataclass(frozen=True, slots=True)
class DbTarget:
    dialect: str  # an engine name of the registry
    url: str
    path: str | None = None  # file path for file engines (None = in memory, or a server)


def as_url(target: str) -> str:
    """A bare database file path as a URL (``blog.duckdb`` -> ``duckdb:///blog.duckdb``, ``x.db`` ->
    ``sqlite:///x.db``, absolute paths too); anything else unchanged."""
    if "://" in target:
        return target
    engine = registry.from_path(target)
    if engine is None or not engine.url_schemes:
        return target
    return f"{engine.url_schemes[0]}:///{quote(target)}"


def engine_of(target: Any) -> str:
    """The name of the engine a URL, a bare file path or an open driver connection is for.

    Raises :class:`TargetError` for anything else.

    Only engines workbench can open count: a ``mysql://`` URL is refused like an unknown scheme.
    The error shows the URL with its password masked: a ``mysql://`` URL holds a password as
    much as a ``postgresql://`` one does.
    """
    if not isinstance(target, str):
        try:
            return registry.from_connection(target).name
        except UnknownEngineError:
            raise TargetError(f"not a URL or a database connection: {type(target).__name__}") from None
    url = as_url(target)
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    openable = [registry.ENGINES[n] for n in registry.names(connects=True)]
    if not re.fullmatch(r"[a-z][a-z0-9+.\-]*", scheme):
        suffixes = [s for d in openable for s in d.file_suffixes]
        raise TargetError(
            f"not a database URL: {_shown(url)}; use {_either(d.url_example for d in openable)} "
            f"(a bare path must end in {_either(suffixes)})"
        )
    try:
        engine = registry.from_url(url)
    except UnknownEngineError:
        engine = None
    if engine is None or not engine.connects:
        raise TargetError(
            f"unsupported database URL scheme `{scheme}://` in {_shown(url)}: "
            f"use {_either(d.url_schemes[0] + (':///' if d.file_suffixes else '://') for d in openable)}"
        )
    return engine.name


def _either(items: Iterable[str]) -> str:
    """``a, b or c``."""
    words = list(items)
    return ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else "".join(words)


def _shown(target: str) -> str:
    """``target`` quoted for an error, password masked (also in ``user:password@host`` without a scheme)."""
    return repr(redact_url(target))


def path_of(url: str, scheme: str | None = None) -> str:
    """The file path of a ``duckdb:``/``sqlite:`` URL, SQLAlchemy's convention.

    ``sqlite:///rel.db`` -> ``rel.db`` (relative), ``sqlite:////abs/x.db`` -> ``/abs/x.db``,
    ``duckdb://``, ``duckdb:///:memory:`` -> ``:memory:``. A query string is ignored. ``scheme``
    is accepted for the former signature; the URL's own scheme is what is skipped.
    """
    rest = url.split(":", 1)[1].split("?", 1)[0]
    if rest.startswith("//"):
        rest = rest[2:]
        rest = rest[1:] if rest.startswith("/") else rest  # the host part is empty
    path = unquote(rest)
    return ":memory:" if path in ("", ":memory:") else path


def parse_url(url: str | None) -> DbTarget:
    """Engine, URL and file path of a ``connect`` target; :class:`TargetError` for anything else."""
    if url is None or url == ":memory:":
        return DbTarget(DEFAULT_ENGINE, f"{DEFAULT_ENGINE}:///:memory:")
    url = as_url(url)
    engine = registry.get(engine_of(url))
    if not engine.file_suffixes:  # a server: the URL is all the driver needs
        return DbTarget(engine.name, url)
    path = path_of(url)
    return DbTarget(engine.name, url, None if path == ":memory:" else path)


# The former name of :func:`engine_of` (it accepts URLs only; a connection is ``registry.from_connection``).
dialect_of = engine_of

__all__ = ["DbTarget", "TargetError", "as_url", "dialect_of", "engine_of", "parse_url", "path_of"]
