"""The SQL DDL loader (``workbench.loaders.sql.load_sql``).

Round trips (the issue's checks): for every sample schema, the DDL we emit (PostgreSQL, DuckDB,
SQLite) and Prisma Migrate's own DDL (golden files) load back into the database view lowering
produced. Hand-written DDL in ``tests/data/sql`` is checked against golden files (diagnostics,
database view, lifted models) and, for the files a real engine accepts, against what that engine's
catalog says after running the same script (``introspect``).
"""

from __future__ import annotations

import pprint
import shutil
import sqlite3
import subprocess
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from tests.ddl_samples import feature_schemas, prisma_postgres_ddl
from tests.golden import check_golden
from tests.needs import unavailable
from tests.roundtrip_util import (
    apply_ddl,
    comparable,
    db_diff,
    postgres_default_opclasses,
    sample_id,
    sample_paths,
)
from workbench.diagnostics import Severity, has_errors, render_text
from workbench.dialects import lower
from workbench.emit.sql import to_ddl
from workbench.ir.database import Database
from workbench.ir.schema import RelationField, Schema
from workbench.loaders.introspect import introspect, lift
from workbench.loaders.prisma import load_prisma
from workbench.loaders.sql import SqlLoadResult, load_sql
from workbench.loaders.sql.statements import split_statements

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "sql"
GOLDEN = ROOT / "tests" / "golden" / "sql_loader"
PRISMA_DDL = ROOT / "tests" / "golden" / "prisma_ddl"
SQLITE_SCHEMAS = ROOT / "tests" / "data" / "sqlite"

SAMPLES = sample_paths()
IDS = [sample_id(p) for p in SAMPLES]
FEATURES = feature_schemas()


def _schema(path: Path) -> Schema:
    result = load_prisma(path)
    assert not has_errors(result.diagnostics), render_text(result.diagnostics, result.sources)
    return result.schema


def _expected(lowered: Database, got: Database) -> Database:
    """What the loaded DDL must equal: the lowered database, minus what DDL cannot carry.

    PostgreSQL/SQLite use the introspection round trip's tolerances (``comparable``). DuckDB's
    tolerance there is that its catalog forgets constraint names; DDL text keeps them, so the
    DuckDB comparison is exact except for the shared rule that views without a definition are
    not in the DDL.
    """
    if lowered.dialect == "duckdb":
        return replace(lowered, views=tuple(v for v in lowered.views if v.definition is not None)).normalized()
    return comparable(lowered, got)


def _check_roundtrip(lowered: Database, ddl: str, name: str) -> SqlLoadResult:
    result = load_sql(text=ddl, dialect=lowered.dialect, name=name)
    assert result.diagnostics == (), render_text(result.diagnostics, result.sources)
    expected = _expected(lowered, result.database)
    assert expected == result.database.normalized(), "\n" + db_diff(expected, result.database)
    return result


# -- round trips -----------------------------------------------------------------------------------
@pytest.mark.parametrize("dialect", ["postgres", "duckdb", "sqlite"])
@pytest.mark.parametrize("path", SAMPLES, ids=IDS)
def test_our_ddl_loads_back(path: Path, dialect: str) -> None:
    """Prisma -> lower -> our DDL -> load_sql gives the lowered database."""
    lowered, _ = lower(_schema(path), dialect)
    _check_roundtrip(lowered, to_ddl(lowered), f"{sample_id(path)}.{dialect}.sql")


@pytest.mark.parametrize("path", SAMPLES, ids=IDS)
def test_prisma_postgres_ddl_loads_to_lowered(path: Path) -> None:
    """Prisma Migrate's own PostgreSQL DDL (golden) -> load_sql gives our lowered database."""
    name = sample_id(path)
    ddl_path = PRISMA_DDL / f"{name}.postgres.sql"
    lowered, _ = lower(_schema(path), "postgres")
    result = _check_roundtrip(lowered, ddl_path.read_text(encoding="utf-8"), str(ddl_path))
    # the model view is db pull's view of the same database
    assert result.schema == lift(lowered)


SQLITE_SAMPLES = sorted(p for p in SQLITE_SCHEMAS.glob("*.prisma") if (PRISMA_DDL / f"{p.stem}.sqlite.sql").exists())


@pytest.mark.parametrize("path", SQLITE_SAMPLES, ids=[p.stem for p in SQLITE_SAMPLES])
def test_prisma_sqlite_ddl_loads_to_lowered(path: Path) -> None:
    lowered, _ = lower(_schema(path), "sqlite")
    ddl_path = PRISMA_DDL / f"{path.stem}.sqlite.sql"
    _check_roundtrip(lowered, ddl_path.read_text(encoding="utf-8"), str(ddl_path))


@pytest.mark.parametrize("dialect", ["postgres", "duckdb", "sqlite"])
@pytest.mark.parametrize(("name", "path"), FEATURES, ids=[n for n, _ in FEATURES])
def test_feature_schemas_load_back(name: str, path: Path, dialect: str) -> None:
    """The DDL tests' feature schemas (all types, defaults, index options, several schemas)."""
    lowered, _ = lower(_schema(path), dialect)
    _check_roundtrip(lowered, to_ddl(lowered), f"{name}.{dialect}.sql")
    if dialect == "postgres" and prisma_postgres_ddl(name, path).exists():
        _check_roundtrip(lowered, prisma_postgres_ddl(name, path).read_text(encoding="utf-8"), f"{name}.prisma.sql")


@pytest.mark.parametrize("path", SAMPLES, ids=IDS)
def test_sql_to_prisma_text_loads(path: Path) -> None:
    """Prisma's DDL -> load_sql -> Prisma text -> load_prisma -> lower gives the loaded database again."""
    from workbench.emit.prisma import write_prisma

    ddl_path = PRISMA_DDL / f"{sample_id(path)}.postgres.sql"
    result = load_sql(ddl_path, dialect="postgres")
    again = load_prisma(text=write_prisma(result.schema))
    assert not has_errors(again.diagnostics), render_text(again.diagnostics, again.sources)
    lowered, _ = lower(again.schema, "postgres")
    expected = comparable(lowered, result.database)
    assert expected == result.database.normalized(), db_diff(expected, result.database)


# -- hand-written DDL: golden files --------------------------------------------------------------
CASES = [
    ("features.postgres.sql", "postgres"),
    ("unsupported.postgres.sql", "postgres"),
    ("syntax_error.postgres.sql", "postgres"),
    ("migrations", "postgres"),
    ("sequences.duckdb.sql", "duckdb"),
    ("redefine.sqlite.sql", "sqlite"),
    ("shop.mysql.sql", "mysql"),
]


def _load_case(name: str, dialect: str) -> SqlLoadResult:
    return load_sql(Path("tests/data/sql") / name, dialect=dialect)


def _report(result: SqlLoadResult) -> str:
    lines = ["# diagnostics", render_text(result.diagnostics, result.sources) or "(none)", "", "# database"]
    lines.append(pprint.pformat(result.database.normalized(), width=110))
    lines += ["", "# models (lifted like prisma db pull)"]
    for m in result.schema.models:
        fields = []
        for f in m.fields:
            if isinstance(f, RelationField):
                fields.append(f"{f.name} -> {f.target}{'[]' if f.list else ''}{'?' if f.optional else ''}")
            else:
                kind = f.enum or f.type.value
                fields.append(f"{f.name}: {kind}{'[]' if f.list else ''}{'?' if f.optional else ''}")
        lines.append(f"{m.name} ({m.db_name}): " + ", ".join(fields))
    for e in result.schema.enums:
        lines.append(f"enum {e.name}: {', '.join(v.name for v in e.values)}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("name", "dialect"), CASES, ids=[n for n, _ in CASES])
def test_golden(name: str, dialect: str, update_golden: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # spans carry the path as given: keep it relative in the golden files
    result = _load_case(name, dialect)
    check_golden(GOLDEN / f"{name.removesuffix('.sql')}.txt", _report(result), update_golden)


# -- hand-written DDL: specific behaviour ----------------------------------------------------------
def test_migrations_folder_applies_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = _load_case("migrations", "postgres")
    assert result.diagnostics == ()
    assert list(result.sources) == [
        "tests/data/sql/migrations/20240101000000_init/migration.sql",
        "tests/data/sql/migrations/20240215093000_add_posts/migration.sql",
    ]
    user = result.database.table("User")
    assert user is not None
    assert [c.name for c in user.columns] == ["id", "email", "name", "role", "createdAt"]
    name = user.column("name")
    assert name is not None and not name.nullable  # ALTER COLUMN ... SET NOT NULL of the second migration
    assert {i.name for i in user.indexes} == {"User_email_key", "User_name_key"}
    post = result.database.table("Post")
    assert post is not None and [f.name for f in post.foreign_keys] == ["Post_authorId_fkey"]
    assert post.foreign_keys[0].on_delete == "CASCADE"


def test_unsupported_statements_are_located_warnings() -> None:
    result = _load_case("unsupported.postgres.sql", "postgres")
    found = {(d.code, d.span.line if d.span else 0) for d in result.diagnostics}
    assert all(d.severity is Severity.WARNING for d in result.diagnostics)
    assert ("W1001", 11) in found  # CREATE VIEW
    assert ("W1001", 13) in found  # CREATE FUNCTION (its $$ body holds a semicolon: still one statement)
    assert ("W1002", 6) in found  # inline CHECK
    assert ("W1002", 8) in found  # table-level CONSTRAINT ... CHECK
    assert ("W1001", 20) in found  # CREATE TRIGGER
    assert ("W1006", 23) in found  # COMMENT ON COLUMN
    assert ("W1003", 25) in found  # expression index
    assert ("W1005", 30) in found  # sequence used by no column
    # ... and what is modelled is there: the table, its identity column, unique email, the comment
    account = result.database.table("account")
    assert account is not None and account.comment == "Customer accounts"
    ident = account.column("id")
    assert ident is not None and ident.autoincrement
    assert [i.name for i in account.indexes] == ["account_email_key"]


def test_syntax_error_mid_file_recovers() -> None:
    result = _load_case("syntax_error.postgres.sql", "postgres")
    errors = [d for d in result.diagnostics if d.is_error]
    assert [(d.code, d.span.line if d.span else 0) for d in errors] == [("E1002", 9), ("E1002", 19)]
    assert "DefaultColumnConstraint" in errors[0].message  # sqlglot's own message
    assert str(errors[0].span).startswith("tests/data/sql/syntax_error.postgres.sql:9:")
    assert result.database.table("Broken") is None
    book = result.database.table("Book")
    assert book is not None and book.foreign_keys[0].ref_table == "Author"
    assert [i.name for i in book.indexes] == ["Book_authorId_idx"]


def test_mysql_ddl() -> None:
    result = _load_case("shop.mysql.sql", "mysql")
    assert result.diagnostics == ()
    customer = result.database.table("customer")
    assert customer is not None
    id_col = customer.column("id")
    assert id_col is not None and id_col.autoincrement and id_col.type == "INTEGER"
    status = customer.column("status")
    assert status is not None and status.type == "customer_status" and status.default == "'active'"
    assert result.database.enums[0].values == ("active", "blocked")
    assert {(i.name, i.unique) for i in customer.indexes} == {
        ("customer_email_key", True),
        ("customer_created_at_idx", False),
    }
    order = result.database.table("order")
    assert order is not None and order.foreign_keys[0].on_update == "CASCADE"
    models = {m.name: m for m in result.schema.models}
    assert {f.name for f in models["order"].relation_fields} == {"customer"}


# -- hand-written DDL agrees with what a real engine makes of it -------------------------------------
def test_duckdb_script_matches_catalog() -> None:
    text = (DATA / "sequences.duckdb.sql").read_text(encoding="utf-8")
    con = duckdb.connect()
    apply_ddl("duckdb", text, con)
    got, _ = introspect(con)
    loaded = load_sql(text=text, dialect="duckdb").database
    expected = comparable(loaded, got)
    assert expected == got.normalized(), db_diff(expected, got)


def test_sqlite_script_matches_catalog() -> None:
    text = (DATA / "redefine.sqlite.sql").read_text(encoding="utf-8")
    con = sqlite3.connect(":memory:")
    apply_ddl("sqlite", text, con)
    got, _ = introspect(con)
    loaded = load_sql(text=text, dialect="sqlite").database
    expected = comparable(loaded, got)
    assert expected == got.normalized(), db_diff(expected, got)


@pytest.mark.parametrize("name", ["features.postgres.sql", "migrations"])
def test_postgres_script_matches_catalog(name: str, pg_url: str) -> None:
    path = DATA / name
    files = sorted(path.rglob("*.sql")) if path.is_dir() else [path]
    for f in files:
        apply_ddl("postgres", f.read_text(encoding="utf-8"), pg_url)
    got, _ = introspect(pg_url)
    loaded = load_sql(path, dialect="postgres").database
    expected = comparable(loaded, got, postgres_default_opclasses(pg_url))
    assert expected == got.normalized(), db_diff(expected, got)


@pytest.mark.parametrize("path", SAMPLES, ids=IDS)
def test_pg_dump_loads_to_catalog(path: Path, pg_url: str) -> None:
    """A real ``pg_dump --schema-only`` (SET lines, sequences, ALTER TABLE ONLY, OWNED BY) loads cleanly."""
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        unavailable("pg_dump is not installed (apt-get install postgresql-client)")
    lowered, _ = lower(_schema(path), "postgres")
    apply_ddl("postgres", to_ddl(lowered), pg_url)
    got, _ = introspect(pg_url)
    run = subprocess.run([pg_dump, "--schema-only", pg_url], capture_output=True, text=True, check=False)
    if run.returncode != 0 and "version mismatch" in run.stderr:
        unavailable(f"pg_dump cannot dump this server: {run.stderr.strip()}")
    assert run.returncode == 0, run.stderr
    result = load_sql(text=run.stdout, dialect="postgres", name="dump.sql")
    assert result.diagnostics == (), render_text(result.diagnostics, result.sources)
    expected = comparable(result.database, got, postgres_default_opclasses(pg_url))
    assert expected == got.normalized(), db_diff(expected, got)


# -- robustness ------------------------------------------------------------------------------------
def test_bad_inputs_never_raise(tmp_path: Path) -> None:
    assert load_sql(tmp_path / "missing.sql", dialect="postgres").errors[0].code == "E1001"
    assert load_sql(tmp_path, dialect="postgres").errors[0].code == "E1001"  # no .sql files
    assert load_sql(text="CREATE TABLE t (a int)", dialect="oracle").errors[0].code == "E1006"
    garbage = load_sql(text="CREATE TABLE 'x (\n);\nSELECT $$", dialect="postgres")
    assert garbage.errors and garbage.database.tables == ()
    dangling = load_sql(text="CREATE TABLE a (id int PRIMARY KEY,\n b_id int REFERENCES b (id));", dialect="postgres")
    assert [(d.code, str(d.span)) for d in dangling.diagnostics] == [("E1004", "schema.sql:2:2")]
    assert dangling.database.tables[0].foreign_keys == ()
    dup = load_sql(text="CREATE TABLE t (a int);\nCREATE TABLE t (b int);", dialect="sqlite")
    assert [(d.code, d.span.line if d.span else 0) for d in dup.diagnostics] == [("E1003", 2)]


def test_splitter_keeps_offsets_and_hidden_semicolons() -> None:
    text = (
        "-- head comment\n"
        "CREATE TABLE a (x text DEFAULT ';');\n"
        "/* block; comment */ CREATE FUNCTION f() AS $body$ SELECT 1; $body$;\n"
        'CREATE TABLE "b;c" (y int)'
    )
    stmts = split_statements(text, "postgres")
    assert [s.text.split()[1] for s in stmts] == ["TABLE", "FUNCTION", "TABLE"]
    assert [text[s.start : s.start + 6] for s in stmts] == ["CREATE"] * 3
    trigger = (
        "CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE a SET x = 1; DELETE FROM a; END;\nCREATE TABLE z (q int);"
    )
    assert len(split_statements(trigger, "sqlite")) == 2
    assert len(split_statements("# c;\nCREATE TABLE `a;` (x int); -- tail;", "mysql")) == 1
    dump = split_statements("\\restrict abc\nSET x = 1;\n\\connect db\nCREATE TABLE t (a int);", "postgres")
    assert [s.text for s in dump] == ["\\restrict abc", "SET x = 1", "\\connect db", "CREATE TABLE t (a int)"]


def test_mysql_types_lift_to_prisma_types() -> None:
    """Prisma's MySQL spellings lift back to plain Prisma types (checked valid by Prisma's validator)."""
    import workbench as wb

    s = wb.load(DATA / "shop.mysql.sql", dialect="mysql")
    assert s.schema.provider == "mysql"
    order = s.schema.model("order")
    customer = s.schema.model("customer")
    assert order is not None and customer is not None
    types = {f.name: (f.type_name, f.native_type) for m in (order, customer) for f in m.scalar_fields}
    assert types["created_at"] == ("DateTime", None)  # DATETIME(3) is Prisma's default
    assert types["paid"] == ("Boolean", None)  # TINYINT(1)
    assert types["email"] == ("String", None)  # VARCHAR(191)
    assert str(types["total"][1]) == "Decimal(10, 2)" and str(types["note"][1]) == "Text"
    assert "Unsupported" not in s.to_prisma()


def test_a_case_default_holding_null_is_read_whole(tmp_path: Path) -> None:
    """Prisma writes a multi-line ``dbgenerated`` CASE default as it is (stack-auth's EmailOutbox);
    its ``NULL`` ended the default, so a folder replayed diffed against its own schema."""
    ddl = tmp_path / "outbox.sql"
    ddl.write_text(
        'CREATE TABLE "EmailOutbox" (\n    "isQueued" BOOLEAN NOT NULL DEFAULT false,\n'
        '    "scheduledAt" TIMESTAMP(3) NOT NULL,\n    "due" TIMESTAMP(3) DEFAULT \nCASE\n'
        '    WHEN "isQueued" THEN NULL::timestamp without time zone\n    ELSE "scheduledAt"\nEND NOT NULL\n);\n'
    )
    table = load_sql(ddl, dialect="postgres").database.table("EmailOutbox")
    assert table is not None
    due = table.column("due")
    assert due is not None and due.default is not None
    assert "ELSE" in due.default and due.default.rstrip().endswith("END")
    assert not due.nullable, "the NOT NULL after END is still read"
