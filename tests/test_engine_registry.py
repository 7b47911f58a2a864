"""The engine registry: every engine by name and alias, by URL and by live connection; declared once.

Detection runs on real connections (DuckDB in-process, SQLite, the test PostgreSQL server); the
last test walks the library's source with ``ast`` so a new ``{"postgres": ..., "duckdb": ...}``
table outside ``workbench/dialects/`` fails here instead of becoming the sixteenth re-listing.
"""

from __future__ import annotations

import ast
import sqlite3
from pathlib import Path

import duckdb
import psycopg
import pytest

import workbench as wb
from workbench.db.opening import adopt, open_target, open_url
from workbench.db.urls import TargetError, as_url, engine_of, parse_url
from workbench.dialects import registry
from workbench.dialects.registry import UnknownEngineError
from workbench.loaders.introspect import IntrospectionTargetError

ROOT = Path(__file__).resolve().parent.parent
ALIASES = {
    "postgres": ("postgresql", "pg", "PostgreSQL"),
    "duckdb": ("DuckDB",),
    "sqlite": ("sqlite3",),
    "mysql": ("mariadb",),
}


# --- names and aliases -------------------------------------------------------------------------------
def test_every_engine_resolves_by_name_and_aliases() -> None:
    assert registry.names() == ("postgres", "duckdb", "sqlite", "mysql")
    for name, aliases in ALIASES.items():
        engine = registry.get(name)
        assert engine.name == name and registry.ENGINES[name] is engine
        for alias in (name, name.upper(), *aliases):
            assert registry.resolve_name(alias) == name
            assert registry.get(alias) is engine


def test_unknown_engine_names_the_known_ones() -> None:
    with pytest.raises(
        UnknownEngineError, match=r"unknown database engine 'oracle': use one of postgres, duckdb, sqlite, mysql"
    ):
        registry.get("oracle")
    assert registry.find("oracle") is None


def test_capability_filters_and_provider_targets() -> None:
    assert registry.names(lowers=True) == ("postgres", "duckdb", "sqlite")
    assert registry.names(connects=True) == ("postgres", "duckdb", "sqlite")
    assert registry.names(reads_sql=True) == ("postgres", "duckdb", "sqlite", "mysql")
    assert [
        registry.for_provider(p).name for p in ("postgresql", "cockroachdb", "sqlite", "duckdb", "mysql", None)
    ] == [
        "postgres",
        "postgres",
        "sqlite",
        "duckdb",
        "postgres",  # no MySQL DDL: the default target, as before
        "postgres",
    ]


def test_each_engine_declares_what_it_lowers_with() -> None:
    for name in registry.names(lowers=True):
        engine = registry.get(name)
        assert engine.types is not None and engine.default_schema, name
        assert engine.url_schemes and engine.url_example and engine.driver_modules, name
        assert registry.module(name).DIALECT is engine
    assert registry.get("postgres").serial_types["INTEGER"] == "SERIAL"
    assert registry.get("postgres").quote('a"b') == '"a""b"'
    assert registry.get("mysql").quote("a`b") == "`a``b`"


# --- URLs --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("postgresql://u@h/db", "postgres"),
        ("postgres://u@h/db", "postgres"),
        ("postgresql+psycopg://u@h/db", "postgres"),
        ("POSTGRESQL://u@h/db", "postgres"),
        ("duckdb:///x.duckdb", "duckdb"),
        ("duckdb://", "duckdb"),
        ("sqlite:///x.db", "sqlite"),
        ("mysql://u@h/db", "mysql"),
        ("mariadb://u@h/db", "mysql"),
    ],
)
def test_from_url(url: str, name: str) -> None:
    assert registry.from_url(url).name == name


def test_from_url_refuses_an_unknown_scheme_without_showing_the_url() -> None:
    with pytest.raises(UnknownEngineError) as caught:
        registry.from_url("oracle://scott:tiger@h/db")
    assert "`oracle://`" in str(caught.value) and "tiger" not in str(caught.value)


def test_bare_paths_and_what_connect_opens() -> None:
    assert as_url("blog.duckdb") == "duckdb:///blog.duckdb" and as_url("app.sqlite3") == "sqlite:///app.sqlite3"
    assert parse_url(None).dialect == "duckdb" and parse_url("x.db").path == "x.db"
    assert engine_of("postgresql+psycopg://u@h/db") == "postgres"
    with pytest.raises(TargetError, match=r"unsupported database URL scheme `mysql://`.*\*\*\*\*") as caught:
        engine_of("mysql://root:s3cret@h/db")  # known engine, but workbench cannot open it
    assert "s3cret" not in str(caught.value)
    assert issubclass(IntrospectionTargetError, TargetError)  # the introspection name still catches it


# --- live connections -----------------------------------------------------------------------------------
def test_from_connection_on_real_duckdb_and_sqlite(tmp_path: Path) -> None:
    with duckdb.connect() as con:
        assert registry.from_connection(con).name == "duckdb" and adopt(con) == "duckdb"
    con2 = sqlite3.connect(tmp_path / "x.db")
    try:
        assert registry.from_connection(con2).name == "sqlite"
    finally:
        con2.close()

    class Traced(sqlite3.Connection):  # a subclass defined in another module is still SQLite
        pass

    con3 = sqlite3.connect(":memory:", factory=Traced)
    try:
        assert registry.from_connection(con3).name == "sqlite"
    finally:
        con3.close()
    with pytest.raises(UnknownEngineError, match="not a database connection"):
        registry.from_connection(object())


def test_from_file_header_on_real_files(tmp_path: Path) -> None:
    duckdb.connect(str(tmp_path / "a.duckdb")).close()
    lite = sqlite3.connect(tmp_path / "b.db")
    lite.execute("CREATE TABLE t (id INTEGER)")
    lite.close()
    (tmp_path / "c.txt").write_text("hello, world\n")
    heads = {p.name: p.read_bytes()[:16] for p in tmp_path.iterdir()}
    found = {name: getattr(registry.from_file_header(head), "name", None) for name, head in heads.items()}
    assert found == {"a.duckdb": "duckdb", "b.db": "sqlite", "c.txt": None}


def test_from_url_and_from_connection_on_real_postgres(pg_url: str) -> None:
    assert registry.from_url(pg_url).name == "postgres"
    with psycopg.connect(pg_url) as raw:
        assert registry.from_connection(raw).name == "postgres"
    dialect, raw2 = open_url(pg_url)
    try:
        assert dialect == "postgres" and registry.from_connection(raw2).name == "postgres"
    finally:
        raw2.close()
    with wb.connect(pg_url) as db:
        assert db.dialect == "postgres"


def test_open_url_for_files_and_open_target_reads_only(tmp_path: Path) -> None:
    path = tmp_path / "a.duckdb"
    dialect, raw = open_url(f"duckdb:///{path}")
    raw.execute("CREATE TABLE t (id INTEGER)")
    raw.close()
    with open_target(str(path)) as (name, conn):
        assert name == "duckdb"
        with pytest.raises(duckdb.Error, match="read-only"):
            conn.execute("CREATE TABLE u (id INTEGER)")
    dialect, lite = open_url(f"sqlite:///{tmp_path / 'b.db'}")
    try:
        assert dialect == "sqlite" and lite.execute("PRAGMA foreign_keys").fetchone() == (1,)
    finally:
        lite.close()
    with pytest.raises(TargetError, match="cannot introspect a object"), open_target(object()):
        pass


# --- declared once -------------------------------------------------------------------------------
# Files allowed to list several engines in one literal, and why. Everything else asks the registry.
ALLOWED = {
    # The driver side of each engine: dialects/ may not import drivers or db's error handling.
    "workbench/db/opening.py": "one opener per engine that connects",
    # Prisma's datasource providers ("postgresql", "mysql", "sqlite", ...) are the schema language's
    # own vocabulary, not engine names: Prisma validates per provider, whatever engine runs it.
    "workbench/loaders/prisma/native_types.py": "Prisma providers",
    "workbench/loaders/prisma/resolve.py": "Prisma providers",
    "workbench/loaders/prisma/validate.py": "Prisma providers",
    "workbench/lint/rules/types.py": "Prisma providers",
    # Drizzle's and SQLAlchemy's own dialect families ("pg", "sqlite", "mysql" cores; SQLAlchemy's
    # postgresql/sqlite type modules): facts of those libraries, used only by their emitters.
    "workbench/emit/tscommon.py": "Drizzle flavors",
    "workbench/emit/drizzle/__init__.py": "Drizzle flavors",
    "workbench/emit/drizzle/emitter.py": "Drizzle flavors",
    "workbench/emit/drizzle/typemap.py": "Drizzle flavors",
    "workbench/emit/registry.py": "which engines the SQLAlchemy target accepts",
    "workbench/emit/sqlalchemy/__init__.py": "SQLAlchemy emitter's engines",
    "workbench/emit/sqlalchemy/emitter.py": "SQLAlchemy emitter's engines",
    "workbench/emit/sqlalchemy/typemap.py": "SQLAlchemy emitter's type tables",
    # Engine-specific SQL kept inside the feature that speaks it (per-engine statement rules of
    # the profiler's safety check; per-engine type-spelling tables of the SQL and pull readers).
    "workbench/profile/safety_rules.py": "per-engine SQL classification rules",
    "workbench/loaders/sql/types.py": "per-engine DDL type spellings (read side)",
    "workbench/loaders/introspect/lift_types.py": "per-engine type tables of db pull",
    "workbench/profile/maintenance.py": "the engines whose upkeep statements maintain writes",
    # The engines a test database is built on: the in-process default and the real server.
    "workbench/testing/settings.py": "the engines workbench.testing builds databases on",
}


def _engine_lists(tree: ast.AST) -> list[tuple[int, list[str]]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            items = node.elts
        elif isinstance(node, ast.Dict):
            items = [k for k in node.keys if k is not None]
        else:
            continue
        engines = {
            registry.resolve_name(e.value)
            for e in items
            if isinstance(e, ast.Constant) and isinstance(e.value, str) and registry.find(e.value) is not None
        }
        if len(engines) >= 2:
            found.append((getattr(node, "lineno", 0), sorted(engines)))
    return found


def test_no_module_outside_dialects_relists_the_engines() -> None:
    offenders = []
    for path in sorted((ROOT / "workbench").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(("workbench/dialects/", "workbench/cli/")) or rel in ALLOWED:
            continue
        offenders += [f"{rel}:{line}: {names}" for line, names in _engine_lists(ast.parse(path.read_text()))]
    assert offenders == [], "ask workbench.dialects.registry instead of listing engines:\n" + "\n".join(offenders)


def test_the_check_catches_a_relisting() -> None:
    source = (
        'A = ("duckdb", "sqlite3")\nB = {"postgres": 1, "pg": 2}\nC = ("postgres",)\nD = {"postgres": 1, "mysql": 2}\n'
    )
    assert sorted(_engine_lists(ast.parse(source))) == [(1, ["duckdb", "sqlite"]), (4, ["mysql", "postgres"])]
