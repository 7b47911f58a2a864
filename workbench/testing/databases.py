"""Throwaway databases for tests: built once per session into a template, cloned for each test.

Why clones and not a transaction rolled back after each test: the code under test may commit
(most application code does), open its own connections from the URL, or run migrations, and the
migration runner refuses to run inside a caller's open transaction (each migration commits its
own). A clone is a real database that nothing else sees, and dropping it leaves nothing behind.
It is also fast: the schema is applied, the migrations run and the seed written once per recipe
(:class:`~workbench.testing.settings.Settings`) per session; a test only copies the result.

- PostgreSQL: the template is a database ``wb_tpl_<random>`` on the server; each test gets
  ``CREATE DATABASE wb_test_<random> TEMPLATE wb_tpl_...`` (a file-level copy, milliseconds for a
  test-sized database) and ``DROP DATABASE ... WITH (FORCE)`` after it; the templates are dropped
  when the session ends. Needs the CREATEDB privilege.
- DuckDB: the template is a database file in the session's temp folder; each test gets a copy in
  its own ``tmp_path`` (so ``wb_db_url`` can be handed to the code under test, which an in-memory
  database could not be).
"""

from __future__ import annotations

import contextlib
import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from workbench.testing.settings import Settings

if TYPE_CHECKING:
    from workbench.api.database import Database
    from workbench.api.schema import LoadedSchema

PREFIX = "wb_"  # every database this module creates on a server starts with it (wb_tpl_, wb_test_)


def database_url(server_url: str, name: str) -> str:
    """``server_url`` with its database replaced by ``name`` (user, password, host and options kept)."""
    parts = urlsplit(server_url)
    if not parts.scheme.startswith("postgres"):
        raise ValueError("the PostgreSQL server must be given as a URL: postgresql://user@host:port/db")
    return urlunsplit(parts._replace(path=f"/{name}"))


def _admin(server_url: str, statement: str) -> None:
    from workbench.db.opening import open_postgres

    with open_postgres(server_url, autocommit=True) as con:
        con.execute(statement)


def create_database(server_url: str, kind: str, template: str | None = None) -> str:
    """Create ``wb_<kind>_<random>`` on the server (a copy of ``template`` when given); its name."""
    name = f"{PREFIX}{kind}_{uuid.uuid4().hex[:12]}"
    _admin(server_url, f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return name


def drop_database(server_url: str, name: str) -> None:
    _admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def load_schema(settings: Settings) -> LoadedSchema | None:
    """The recipe's schema: the schema file, else the migrations folder read as SQL; None without either.

    Raises :class:`~workbench.diagnostics.LoadError` with every located diagnostic when it is broken.
    """
    from workbench.api.loading import load

    if settings.schema is not None:
        return load(settings.schema, strict=True)
    if settings.migrations is not None:
        return load(settings.migrations, dialect=settings.engine, strict=True)
    return None


def build(db: Database, settings: Settings, schema: LoadedSchema | None) -> None:
    """Fill an empty database with the recipe: run the migrations (or apply the schema), then seed."""
    from workbench.api.seeding import seed

    if settings.migrations is not None:
        db.migrate(settings.migrations)
    elif schema is not None:
        db.apply(schema)
    if settings.seed is not None and schema is not None:
        seed(schema, db, settings.rows, seed=settings.seed)


@dataclass
class Template:
    engine: str
    name: str  # the template database (PostgreSQL) or file (DuckDB)
    server_url: str | None


class Templates:
    """The session's templates, one per recipe, built on first use and removed by :meth:`close`."""

    def __init__(self, folder: Callable[[], Path]):
        self._folder = folder  # the session's temp folder, made when the first DuckDB template is
        self._built: dict[str, Template] = {}

    def get(self, settings: Settings, schema: LoadedSchema | None, server_url: str | None) -> Template:
        key = settings.fingerprint() + (server_url or "")
        if key not in self._built:
            self._built[key] = self._build(settings, schema, server_url)
        return self._built[key]

    def _build(self, settings: Settings, schema: LoadedSchema | None, server_url: str | None) -> Template:
        from workbench.api.database import Database

        if settings.engine == "duckdb":
            path = self._folder() / f"template_{len(self._built)}.duckdb"
            with Database.open(str(path)) as db:
                build(db, settings, schema)
            return Template("duckdb", str(path), None)
        assert server_url is not None
        name = create_database(server_url, "tpl")
        try:
            with Database.open(database_url(server_url, name)) as db:
                build(db, settings, schema)
        except BaseException:
            drop_database(server_url, name)
            raise
        return Template("postgres", name, server_url)

    def close(self) -> list[str]:
        """Drop every template database; the names of those that could not be dropped."""
        left = []
        for t in self._built.values():
            if t.server_url is not None:
                try:
                    drop_database(t.server_url, t.name)
                except Exception:
                    left.append(t.name)
        self._built.clear()
        return left


@contextlib.contextmanager
def clone(template: Template, tmp_path: Path) -> Iterator[tuple[Database, str]]:
    """A copy of ``template`` for one test: the open database and its URL; removed afterwards."""
    from workbench.api.database import Database

    if template.server_url is None:
        path = tmp_path / "wb_test.duckdb"
        shutil.copyfile(template.name, path)
        with Database.open(str(path)) as db:
            yield db, str(path)
        return
    name = create_database(template.server_url, "test", template=template.name)
    try:
        url = database_url(template.server_url, name)
        with Database.open(url) as db:
            yield db, url
    finally:
        drop_database(template.server_url, name)


@contextlib.contextmanager
def empty(engine: str, server_url: str | None) -> Iterator[Database]:
    """A new, empty database: DuckDB in memory, or a ``wb_test_`` database on the server, dropped after."""
    from workbench.api.database import Database

    if engine == "duckdb":
        with Database.open(None) as db:
            yield db
        return
    assert server_url is not None
    name = create_database(server_url, "test")
    try:
        with Database.open(database_url(server_url, name)) as db:
            yield db
    finally:
        drop_database(server_url, name)
