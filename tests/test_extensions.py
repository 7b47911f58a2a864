"""PostgreSQL extensions (``extensions = [...]``, the ``postgresqlExtensions`` preview feature).

Prisma Migrate creates each declared extension before the tables, so a ``citext`` column has its
type on a fresh database. The expected statements below are what Prisma 7.10.1's DDL generator
printed for the same datasource lines (``ddl.sh`` of the Prisma oracle); the feature schema
``tests/data/ddl/extensions.prisma`` is compared with Prisma's whole script and applied to a real
server by the DDL tests, and the validator's errors are in ``tests/data/invalid/datasource_extensions_*``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import workbench as wb
from workbench.api.schema import LoadedSchema
from workbench.ir import Extension
from workbench.loaders.sql import load_sql

SCHEMA = """\
generator client {{
  provider        = "prisma-client-js"
  previewFeatures = ["postgresqlExtensions"]
}}

datasource db {{
  provider   = "postgresql"
  extensions = {extensions}
}}

model User {{
  id    Int    @id @default(autoincrement())
  email String @unique @db.Citext
}}
"""


def _load(extensions: str) -> LoadedSchema:
    s = wb.load(text=SCHEMA.format(extensions=extensions))
    assert s.ok, s.report()
    return s


@pytest.mark.parametrize(
    ("extensions", "statements"),
    [
        ("[citext]", ['CREATE EXTENSION IF NOT EXISTS "citext";']),
        ("citext", ['CREATE EXTENSION IF NOT EXISTS "citext";']),  # one extension without the brackets
        (
            "[citext, pg_trgm, vector]",
            [
                'CREATE EXTENSION IF NOT EXISTS "citext";',
                'CREATE EXTENSION IF NOT EXISTS "pg_trgm";',
                'CREATE EXTENSION IF NOT EXISTS "vector";',
            ],
        ),
        (
            "[citext, pg_trgm, citext]",
            ['CREATE EXTENSION IF NOT EXISTS "citext";', 'CREATE EXTENSION IF NOT EXISTS "pg_trgm";'],
        ),
        ('[pgcrypto(schema: "extensions")]', ['CREATE EXTENSION IF NOT EXISTS "pgcrypto" WITH SCHEMA "extensions";']),
        (
            '[uuid_ossp(map: "uuid-ossp", schema: "public")]',
            ['CREATE EXTENSION IF NOT EXISTS "uuid-ossp" WITH SCHEMA "public";'],
        ),
        ('[postgis(version: "3.3.2")]', ['CREATE EXTENSION IF NOT EXISTS "postgis" WITH VERSION "3.3.2";']),
        (
            '[citext(map: "citext", schema: "public", version: "1.6")]',
            ['CREATE EXTENSION IF NOT EXISTS "citext" WITH SCHEMA "public" VERSION "1.6";'],
        ),
    ],
)
def test_the_ddl_creates_the_extensions_as_prisma_migrate_does(extensions: str, statements: list[str]) -> None:
    sql = str(_load(extensions).to_sql())
    got = [line for line in sql.splitlines() if line.startswith("CREATE EXTENSION")]
    assert got == statements
    assert sql.index("-- CreateSchema") < sql.index("-- CreateExtension") < sql.index("-- CreateTable")


def test_the_ir_keeps_each_extension_as_written() -> None:
    s = _load('[citext, uuid_ossp(map: "uuid-ossp", schema: "public", version: "1.1")]')
    assert s.schema.datasource is not None
    assert s.schema.datasource.extensions == (
        Extension("citext"),
        Extension("uuid_ossp", db_name="uuid-ossp", schema="public", version="1.1"),
    )


def test_the_prisma_writer_writes_them_back() -> None:
    s = _load('[citext, uuid_ossp(map: "uuid-ossp", schema: "public")]')
    text = s.to_prisma()
    assert 'extensions = [citext, uuid_ossp(map: "uuid-ossp", schema: "public")]' in text
    again = wb.load(text=text)
    assert again.ok and again.schema.datasource == s.schema.datasource


def test_other_dialects_create_no_extension() -> None:
    s = _load("[citext, pg_trgm]")
    for dialect in ("duckdb", "sqlite"):
        assert s.to_database(dialect).extensions == ()
        assert "EXTENSION" not in str(s.to_sql(dialect))


def test_the_sql_loader_reads_what_the_ddl_creates() -> None:
    s = _load('[citext, uuid_ossp(map: "uuid-ossp", schema: "public"), postgis(version: "3.3.2")]')
    back = load_sql(text=str(s.to_sql()), dialect="postgres")
    assert not back.diagnostics
    assert back.database.extensions == s.to_database().extensions


def test_the_sql_loader_follows_drops_and_reports_what_it_cannot_read() -> None:
    folded = load_sql(text="create extension PG_TRGM cascade;", dialect="postgres")
    assert [x.name for x in folded.database.extensions] == ["pg_trgm"] and not folded.diagnostics
    dropped = load_sql(
        text="CREATE EXTENSION \"citext\";\ncreate extension postgis version '3.3.2';\n"
        'DROP EXTENSION IF EXISTS citext, "postgis" CASCADE;',
        dialect="postgres",
    )
    assert dropped.database.extensions == () and not dropped.diagnostics
    odd = load_sql(text="CREATE EXTENSION hstore FROM unpackaged;", dialect="postgres")
    assert odd.database.extensions == ()
    assert [d.code for d in odd.diagnostics] == ["W1001"]


def test_seeding_a_fresh_postgres_database_creates_the_extension(pg_url: str, tmp_path: Path) -> None:
    """The failure that started this: `workbench seed --apply` on a citext schema stopped at
    'type "citext" does not exist', because the DDL did not create the extension."""
    import psycopg

    from workbench.cli.main import main

    schema = tmp_path / "schema.prisma"
    schema.write_text(SCHEMA.format(extensions="[citext]"), encoding="utf-8")
    assert main(["seed", str(schema), "--db", pg_url, "--apply", "--rows", "5"]) == 0
    with psycopg.connect(pg_url, connect_timeout=10) as con:
        assert con.execute('SELECT count(*) FROM "User"').fetchone() == (5,)
        assert con.execute("SELECT 1 FROM pg_extension WHERE extname = 'citext'").fetchone() == (1,)
