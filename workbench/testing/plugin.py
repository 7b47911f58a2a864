"""The pytest plugin: a throwaway database per test, built from your schema or migrations folder.

Registered for pytest as ``workbench.testing.plugin`` (the ``pytest11`` entry point, so it loads by
itself once workbench is installed; ``-p workbench.testing.plugin`` loads it explicitly, and
``-p no:workbench.testing.plugin`` turns it off). Configure it in ``pyproject.toml``::

    [tool.pytest.ini_options]
    workbench_schema = "prisma/schema.prisma"   # or workbench_migrations = "prisma/migrations"
    workbench_db = "duckdb"                      # or postgres (server: workbench_pg_url / $WORKBENCH_PG_URL)
    workbench_seed = "42"                        # seed every test database (omit: empty tables)
    workbench_rows = "10"                        # rows per table when seeded

the same on the command line (``--workbench-schema``, ``--workbench-db``...), or per test with
``@pytest.mark.workbench(schema=..., migrations=..., seed=42, rows=..., db="postgres")``.

Fixtures (all named ``wb_*``, so they sit beside a project's own): ``wb_db`` (a ``Database`` for the
test, see :mod:`workbench.testing.databases` for how it is isolated), ``wb_db_url`` (its URL, for
the code under test), ``wb_schema`` (the loaded schema), ``wb_engine`` (``duckdb``/``postgres``:
``@pytest.mark.parametrize("wb_engine", ["duckdb", "postgres"])`` runs a test on both),
``wb_new_db`` (a factory of empty databases), ``wb_empty_db`` and ``wb_pg_url`` (the server).

Nothing starts until a test asks for a database, so the plugin costs nothing in a suite that does
not use it. A failing test that used ``wb_db`` gets a "workbench" section in its report: the
engine, the recipe and how to build the same database in a notebook.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import pytest

from workbench.testing.settings import Settings, SettingsError, from_config, shown, with_marker

if TYPE_CHECKING:
    from workbench.api.database import Database
    from workbench.api.schema import LoadedSchema
    from workbench.testing.databases import Templates

OPTIONS = (
    ("schema", "a Prisma schema (file or folder) to build each test database from"),
    ("migrations", "a migrations folder (Prisma Migrate's layout) to build each test database with"),
    ("db", "the engine of the test databases: duckdb (default) or postgres"),
    ("pg_url", "the PostgreSQL server for db=postgres (default $WORKBENCH_PG_URL, else a throwaway server)"),
    ("seed", "seed each test database with this seed (default: not seeded)"),
    ("rows", "rows per table when seeding (default 10)"),
)
_SETTINGS = pytest.StashKey[Settings]()
_TEMPLATES = pytest.StashKey["Templates"]()
_USED = pytest.StashKey[tuple[Settings, str]]()  # on a test that used wb_db: its recipe and masked URL
_URL = pytest.StashKey[str]()  # the real URL of that database, for wb_db_url


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("workbench", "workbench test databases")
    for name, text in OPTIONS:
        group.addoption(f"--workbench-{name.replace('_', '-')}", dest=f"workbench_{name}", default=None, help=text)
        parser.addini(f"workbench_{name}", text, default="")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "workbench(schema=None, migrations=None, seed=None, rows=10, db='duckdb'): "
        "how this test's workbench database is built (overrides the workbench_* ini options)",
    )
    try:
        settings = from_config(
            config.getoption, config.getini, config.rootpath, config.invocation_params.dir, os.environ
        )
    except SettingsError as exc:
        raise pytest.UsageError(str(exc)) from None
    config.stash[_SETTINGS] = settings


def pytest_report_header(config: pytest.Config) -> str | None:
    settings = config.stash.get(_SETTINGS, None)
    if settings is None or (settings.schema is None and settings.migrations is None):
        return None
    return f"workbench: {settings.describe()}"


def pytest_unconfigure(config: pytest.Config) -> None:
    templates = config.stash.get(_TEMPLATES, None)
    if templates is not None:
        left = templates.close()
        if left:
            import warnings

            warnings.warn(f"workbench: could not drop template database(s) {', '.join(left)}", stacklevel=1)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    report: pytest.TestReport = yield  # type: ignore[assignment]
    used = item.stash.get(_USED, None)
    if used is not None and report.failed:
        settings, where = used
        report.sections.append(("workbench", _reproduce(settings, where)))
    return report  # type: ignore[return-value]


def _reproduce(settings: Settings, where: str) -> str:
    lines = [f"database: {where} (removed after the test)", f"built from: {settings.describe()}"]
    lines.append("the same database in a notebook:")
    body = []
    if settings.migrations is not None:
        body.append(f"db.migrate({shown(settings.migrations)!r})")
        source = f"wb.load({shown(settings.migrations)!r}, dialect={settings.engine!r})"
    else:
        body += [f"s = wb.load({shown(settings.schema)!r})", "db.apply(s)"]
        source = "s"
    if settings.seed is not None:
        body.append(f"wb.seed({source}, db, rows={settings.rows!r}, seed={settings.seed})")
    lines.append("    import workbench as wb")
    if settings.engine == "duckdb":
        lines += ["    db = wb.connect()", *(f"    {b}" for b in body)]
    else:
        lines += ["    with wb.scratch_database(wb.postgres_url()) as db:", *(f"        {b}" for b in body)]
    return "\n".join(lines)


def _fail(exc: BaseException) -> NoReturn:
    __tracebackhide__ = True
    pytest.fail(str(exc), pytrace=False)


# --- fixtures --------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def wb_pg_url(pytestconfig: pytest.Config) -> str:
    """The PostgreSQL server: ``--workbench-pg-url``, ``workbench_pg_url``, ``$WORKBENCH_PG_URL``, or a
    throwaway server started for the session (``wb.postgres_url()``). Fails, never skips, without one."""
    url = pytestconfig.stash[_SETTINGS].pg_url
    if url:
        return url
    from workbench.db.pgserver import PostgresUnavailable, postgres_url

    try:
        return postgres_url()
    except PostgresUnavailable as exc:
        pytest.fail(f"workbench: {exc}", pytrace=False)


@pytest.fixture
def wb_engine(request: pytest.FixtureRequest) -> str:
    """``duckdb`` or ``postgres``: the marker's ``db=``, else the configured one. Parametrize it to
    run a test on both engines: ``@pytest.mark.parametrize("wb_engine", ["duckdb", "postgres"])``."""
    return _settings(request, None).engine


def _settings(request: pytest.FixtureRequest, engine: str | None) -> Settings:
    from dataclasses import replace

    settings = request.config.stash[_SETTINGS]
    kwargs: dict[str, Any] = {}
    for mark in reversed(list(request.node.iter_markers("workbench"))):  # module, class, then the test's own
        if mark.args:
            _fail(SettingsError("@pytest.mark.workbench takes keyword arguments only, e.g. seed=42"))
        kwargs.update(mark.kwargs)
    try:
        settings = with_marker(settings, kwargs, request.config.rootpath)
    except SettingsError as exc:
        _fail(exc)
    return replace(settings, engine=engine) if engine is not None else settings


def _server(request: pytest.FixtureRequest, engine: str) -> str | None:
    return request.getfixturevalue("wb_pg_url") if engine == "postgres" else None


@pytest.fixture
def wb_schema(request: pytest.FixtureRequest, wb_engine: str) -> LoadedSchema:
    """The configured schema, loaded (a migrations folder is read as SQL); fails with its diagnostics."""
    from workbench.diagnostics import UserError
    from workbench.testing.databases import load_schema

    settings = _settings(request, wb_engine)
    try:
        schema = load_schema(settings)
    except UserError as exc:
        _fail(exc)
    if schema is None:
        _fail(SettingsError(_NO_SCHEMA))
    return schema


_NO_SCHEMA = (
    "workbench: no schema to build the test database from: set workbench_schema (or workbench_migrations) in "
    "[tool.pytest.ini_options], pass --workbench-schema, or mark the test @pytest.mark.workbench(schema=...); "
    "for an empty database use the wb_empty_db fixture"
)


@pytest.fixture(scope="session")
def _wb_templates(pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory) -> Templates:
    from workbench.testing.databases import Templates

    templates = Templates(lambda: tmp_path_factory.mktemp("workbench"))
    pytestconfig.stash[_TEMPLATES] = templates  # dropped in pytest_unconfigure, after every fixture
    return templates


@pytest.fixture
def wb_db(request: pytest.FixtureRequest, wb_engine: str, tmp_path: Path) -> Iterator[Database]:
    """A database of its own for this test: the schema applied (or the migrations run) and, when
    configured, seeded; a clone of a per-session template, removed after the test (see
    :mod:`workbench.testing.databases`). Commit freely: nothing outlives the test."""
    from workbench.diagnostics import UserError
    from workbench.testing.databases import clone

    settings = _settings(request, wb_engine)
    schema = request.getfixturevalue("wb_schema")
    server = _server(request, wb_engine)
    templates: Templates = request.getfixturevalue("_wb_templates")
    try:
        template = templates.get(settings, schema, server)
    except UserError as exc:
        _fail(exc)
    with clone(template, tmp_path) as (db, url):
        request.node.stash[_USED] = (settings, db.url)
        request.node.stash[_URL] = url
        yield db


@pytest.fixture
def wb_db_url(request: pytest.FixtureRequest, wb_db: Database) -> str:
    """The URL (or DuckDB file path) of ``wb_db``'s database, for the code under test to connect to."""
    url: str = request.node.stash[_URL]
    return url


@pytest.fixture
def wb_new_db(request: pytest.FixtureRequest, wb_engine: str) -> Iterator[Callable[[], Database]]:
    """``wb_new_db()`` opens one more new, empty database on the test's engine (DuckDB in memory or a
    database on the server); all are closed and dropped after the test."""
    from workbench.testing.databases import empty

    server = _server(request, wb_engine)
    with contextlib.ExitStack() as stack:
        yield lambda: stack.enter_context(empty(wb_engine, server))


@pytest.fixture
def wb_empty_db(wb_new_db: Callable[[], Database]) -> Database:
    """A new, empty database on the test's engine (for migration tests that run the folder themselves)."""
    return wb_new_db()
