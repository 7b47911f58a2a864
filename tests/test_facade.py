"""The notebook facade: wb.load / wb.connect / db.apply / display, on real DuckDB and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

import workbench as wb
from workbench.db.connection import ApplyError

ROOT = Path(__file__).resolve().parent.parent
BLOG = ROOT / "sample_schemas" / "blog.prisma"


def test_load_displays_summary_as_text_and_html() -> None:
    s = wb.load(BLOG)
    assert s.ok, s.report()
    bundle = s._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html"}
    assert "User" in bundle["text/plain"] and "0 errors" in bundle["text/plain"]
    assert "<table>" in bundle["text/html"]


def test_broken_schema_reports_instead_of_raising() -> None:
    s = wb.load(
        text='datasource db {\n  provider = "postgresql"\n}\nmodel A {\n  id Int @id\n  b Bee\n}\n', name="t.prisma"
    )
    assert not s.ok
    assert s.errors[0].span is not None and s.errors[0].span.line == 6
    assert "t.prisma:6:" in repr(s)
    with pytest.raises(wb.LoadError) as info:
        s.to_sql()
    assert "t.prisma:6:" in str(info.value)
    assert info.value._render_traceback_()[0].startswith("LoadError: ")


def test_strict_load_raises_with_all_diagnostics() -> None:
    with pytest.raises(wb.LoadError):
        wb.load(text="model A {\n  id Int @id\n  x Nope\n}\n", strict=True)


def test_build_duckdb_and_query() -> None:
    s = wb.load(BLOG)
    db = wb.connect()
    db.apply(s)
    tables = db.tables()
    assert len(tables) >= len(s.schema.tables)
    user = s.model("User")
    assert user is not None
    r = db.sql(f'SELECT count(*) AS n FROM "{user.db_name}"')
    assert r.columns == ("n",) and r.rows == ((0,),)


def test_failed_apply_leaves_database_unchanged() -> None:
    db = wb.connect()
    db.apply("CREATE TABLE keep (id INTEGER PRIMARY KEY);")
    with pytest.raises(ApplyError) as info:
        db.apply("CREATE TABLE t1 (id INTEGER);\nCREATE TABLE keep (id INTEGER);")
    assert "statement 2 of 2" in str(info.value) and "rolled back" in str(info.value)
    assert db.tables() == ["keep"]


def test_apply_to_postgres_and_sqlite(pg_url: str, tmp_path: Path) -> None:
    s = wb.load(BLOG)
    for url in (pg_url, f"sqlite:///{tmp_path / 'blog.db'}"):
        with wb.connect(url) as db:
            db.apply(s)
            assert len(db.tables()) >= len(s.schema.tables)


def test_failed_apply_on_postgres_rolls_back(pg_url: str) -> None:
    with wb.connect(pg_url) as db:
        with pytest.raises(ApplyError):
            db.apply("CREATE TABLE a (id INTEGER);\nCREATE TABLE a (id INTEGER);")
        assert db.tables() == []


def test_introspect_returns_loaded_schema() -> None:
    db = wb.connect()
    db.apply(wb.load(BLOG))
    pulled = wb.introspect(db.raw)
    assert {m.db_name for m in pulled.schema.models} >= {m.db_name for m in wb.load(BLOG).schema.tables}


def test_load_sql_ddl_gives_the_same_database_as_prisma() -> None:
    ddl = ROOT / "tests" / "golden" / "prisma_ddl" / "blog.postgres.sql"
    from_sql = wb.load(ddl)
    assert from_sql.ok, from_sql.report()
    assert from_sql.database is not None
    assert from_sql.database.normalized() == wb.load(BLOG).to_database("postgres").normalized()
    text = wb.load(text="CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);", dialect="sqlite")
    assert [m.name for m in text.schema.models] == ["t"]


def test_validator_accepts_good_rows_and_explains_bad_ones() -> None:
    import pydantic

    s = wb.load(BLOG)
    User = s.validator("User")
    good = {
        "id": "9b2f1c2e-8a4b-4a8e-9a8f-2f4b1c2e8a4b",
        "email": "ada@example.com",
        "name": None,
        "role": "ADMIN",
        "createdAt": "2024-01-01T00:00:00Z",
        "updatedAt": "2024-01-02T00:00:00Z",
    }
    assert User.model_validate(good).email == "ada@example.com"
    with pytest.raises(pydantic.ValidationError) as info:
        User.model_validate({**good, "email": "not-an-email", "role": "ROOT"})
    text = str(info.value)
    assert "email" in text and "role" in text
    assert s.validator("User", "create").model_validate({"email": "x@example.com"}).email == "x@example.com"
    with pytest.raises(wb.WorkbenchError, match="did you mean"):
        s.validator("Usr")


def test_facade_functions_survive_their_subpackages_being_imported() -> None:
    """``import workbench.seeding`` (or any subpackage) must not rebind ``wb.seed`` & co. to a module."""
    import importlib

    for name in ("seeding", "profile", "lint", "render", "emit", "loaders", "notebook", "db"):
        importlib.import_module(f"workbench.{name}")
    for name in wb.__all__:
        if not name.startswith("_") and name[0].islower():
            assert callable(getattr(wb, name)), f"wb.{name} is not callable"
    report = wb.seed(wb.load(BLOG), rows=5)
    assert report.ok and wb.seed(wb.load(BLOG), rows=5).ok
