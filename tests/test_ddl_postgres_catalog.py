"""The proof: our PostgreSQL DDL and Prisma Migrate's create the same catalog.

For every sample schema: load -> lower("postgres") -> to_ddl, apply it to one fresh database
and Prisma's own DDL (golden, from the Prisma 7.10 oracle) to another, dump both catalogs and
compare. Our DDL text is golden-tested too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ddl_samples import feature_schemas, load, prisma_postgres_ddl, samples
from tests.pgcatalog import diff, dump
from workbench.dialects import lower
from workbench.emit.sql import to_ddl

SAMPLES = samples() + feature_schemas()


def apply(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        con.execute(sql)  # type: ignore[arg-type]  # a whole script: simple query protocol


def our_ddl(path: Path) -> str:
    database, diagnostics = lower(load(path), "postgres")
    assert not [d for d in diagnostics if d.is_error]
    return to_ddl(database)


def test_samples_found() -> None:
    assert len(SAMPLES) >= 9
    for name, path in SAMPLES:
        assert prisma_postgres_ddl(name, path).exists(), f"no Prisma DDL golden for {name}"


@pytest.mark.parametrize(("name", "path"), SAMPLES, ids=[n for n, _ in SAMPLES])
def test_same_catalog_as_prisma(name: str, path: Path, pg_url: str, pg_url2: str) -> None:
    ours = our_ddl(path)
    prisma = prisma_postgres_ddl(name, path).read_text(encoding="utf-8")
    apply(pg_url, ours)
    apply(pg_url2, prisma)
    expected, actual = dump(pg_url2), dump(pg_url)
    assert expected["tables"], "Prisma's DDL created no tables?"
    assert actual == expected, "catalogs differ (- Prisma, + ours):\n" + diff(expected, actual, ("prisma", "ours"))


@pytest.mark.parametrize(("name", "path"), SAMPLES, ids=[n for n, _ in SAMPLES])
def test_ddl_text_matches_prisma(name: str, path: Path) -> None:
    """Beyond the catalog: the script reads like Prisma's, line for line (Prisma's DDL is our golden)."""
    prisma = prisma_postgres_ddl(name, path).read_text(encoding="utf-8")
    ours = our_ddl(path)
    assert ours == prisma


def test_pgcatalog_sees_differences(pg_url: str, pg_url2: str) -> None:
    """The comparison is not vacuous: a different default, index order or FK action shows up."""
    base = 'CREATE TABLE "t" ("id" INTEGER NOT NULL, "v" TEXT DEFAULT \'a\', CONSTRAINT "t_pkey" PRIMARY KEY ("id"));'
    apply(pg_url, base + 'CREATE INDEX "t_v_idx" ON "t"("v" DESC);')
    apply(pg_url2, base.replace("'a'", "'b'") + 'CREATE INDEX "t_v_idx" ON "t"("v");')
    text = diff(dump(pg_url), dump(pg_url2))
    assert "'a'::text" in text and "'b'::text" in text and "DESC" in text
