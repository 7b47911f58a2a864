"""The proof for the Drizzle export: real tsc, real drizzle-kit, real databases.

For every sample schema (and the DDL feature schemas) on PostgreSQL: generate ``schema.ts``,
type-check it with ``tsc --strict`` (once for all outputs), run ``drizzle-kit generate`` on it,
apply that SQL to a fresh PostgreSQL database and Prisma's own DDL (golden) to another, and
require identical catalogs, names included. Two more schemas (EXTRA: SET DEFAULT, partial
indexes, float defaults, self 1:1; NAMES: model names that collide with Drizzle's helpers) are
checked the same way against Prisma DDL committed under tests/golden/drizzle/prisma/. The same
for the SQLite variants against SQLite (``sqlite_master`` + ``pragma`` table/index/foreign-key
lists). MySQL output is type-checked and accepted by ``drizzle-kit generate --dialect mysql``.
Every ``relations()`` entry is normalised by drizzle-orm itself at run time (tsx).
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.ddl_samples import (
    PRISMA_DDL,
    ROOT,
    feature_schemas,
    load,
    prisma_postgres_ddl,
    samples,
    sqlite_samples,
)
from tests.golden import check_golden
from tests.node_tools import drizzle_kit_generate, project, require_npm, tsc
from tests.pgcatalog import diff, dump
from workbench.diagnostics import Severity
from workbench.emit.drizzle import generate
from workbench.emit.files import GeneratedFiles

GOLDEN = ROOT / "tests" / "golden" / "drizzle"
PG_CASES = samples() + feature_schemas()
SQLITE_CASES = sqlite_samples()
MYSQL_BLOG = (ROOT / "sample_schemas" / "blog.prisma").read_text(encoding="utf-8")


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def export(path: Path) -> GeneratedFiles:
    result = generate(load(path), source=_rel(path))
    assert result.paths == ("schema.ts",)
    return result


# Schemas beyond the samples; Prisma's DDL for each (Prisma 7.10.1 oracle, ddl.sh) is committed as
# tests/golden/drizzle/prisma/<name>.postgres.sql.
EXTRA = """// Features the sample schemas do not cover, for the Drizzle export proof.
generator client {
  provider        = "prisma-client-js"
  previewFeatures = ["partialIndexes"]
}

datasource db {
  provider = "postgresql"
}

model Person {
  id          String   @id @default(uuid(7)) @db.Uuid
  nickname    String?  @default("anon")
  score       Float    @default(2.5)
  ratio       Float    @default(-0.125) @db.Real
  big         BigInt   @default(42)
  shape       Unsupported("CIRCLE")?
  bestFriend Person? @relation("Best", fields: [bestFriendId], references: [id], onDelete: SetDefault, onUpdate: Restrict)
  bestFriendId String? @unique @default("00000000-0000-0000-0000-000000000000") @db.Uuid
  bestFriendOf Person? @relation("Best")
  active      Boolean  @default(true)
  deletedAt   DateTime?

  @@index([nickname], where: raw("\\"deletedAt\\" IS NULL"), map: "person_live_nick_idx")
  @@unique([nickname, score], where: { active: true })
}
"""  # noqa: E501


NAMES = """// Model names that collide with Drizzle's builders and helpers once camel-cased.
datasource db {
  provider = "postgresql"
}

model Text {
  id     String  @id @default(nanoid())
  body   Bytes?
  shape  Unsupported("circle")?
  when   Date?   @relation(fields: [whenId], references: [id])
  whenId Int?
  one    One[]
}

model Date {
  id    Int    @id @default(autoincrement())
  texts Text[]
  t     T[]
}

model T {
  id       Int    @id
  parent   T?     @relation("Tree", fields: [parentId], references: [id])
  parentId Int?
  kids     T[]    @relation("Tree")
  dates    Date[]

  @@index([parentId])
}

model One {
  id     Int    @id
  text   Text   @relation(fields: [textId], references: [id])
  textId String
  many   Int    @default(0)
}

model Bytea {
  id Int @id
}

model Circle {
  id Int @id
}
"""

# Foreign keys to unique keys that are not the primary key (issue #12 item 15: 6 of 26 real-world
# schemas): drizzle-kit adds foreign keys before indexes, so these keys must exist at CREATE TABLE.
FK_UNIQUE = """// Foreign keys that reference @unique / @@unique keys instead of the primary key.
datasource db {
  provider = "postgresql"
}

model Account {
  id       Int       @id @default(autoincrement())
  email    String    @unique
  tenant   String
  handle   String
  slug     String    @unique(map: "account_slug_uq")
  manager  Account?  @relation("Manager", fields: [managerEmail], references: [email])
  managerEmail String?
  reports  Account[] @relation("Manager")
  sessions Session[]
  members  Member[]
  pages    Page[]

  @@unique([tenant, handle])
  @@index([tenant])
}

model Session {
  id    String  @id
  email String
  owner Account @relation(fields: [email], references: [email], onDelete: Cascade)
}

model Member {
  id     Int     @id
  tenant String
  handle String
  who    Account @relation(fields: [handle, tenant], references: [handle, tenant])

  @@unique([tenant, id])
}

model Page {
  id   Int     @id
  slug String?
  by   Account? @relation(fields: [slug], references: [slug], onDelete: SetNull)
}
"""
EXTRA_CASES = {"extra": EXTRA, "names": NAMES, "fkunique": FK_UNIQUE}


def extra_export(name: str) -> GeneratedFiles:
    from workbench.loaders.prisma import load_prisma

    loaded = load_prisma(f"{name}.prisma", text=EXTRA_CASES[name], name=f"{name}.prisma")
    assert not [d for d in loaded.diagnostics if d.is_error], [d.headline() for d in loaded.diagnostics]
    return generate(loaded.schema, source=f"{name}.prisma")


def mysql_export() -> GeneratedFiles:
    from workbench.loaders.prisma import load_prisma

    text = MYSQL_BLOG.replace('provider = "postgresql"', 'provider = "mysql"').replace(
        'url      = env("DATABASE_URL")', ""
    )
    loaded = load_prisma("blog.mysql.prisma", text=text, name="blog.mysql.prisma")
    assert not [d for d in loaded.diagnostics if d.is_error]
    return generate(loaded.schema, source="blog.mysql.prisma")


@pytest.fixture(scope="session")
def outputs() -> dict[str, GeneratedFiles]:
    """Every schema.ts of this module, keyed ``pg/<name>``, ``sqlite/<name>``, ``mysql/blog``."""
    found = {f"pg/{name}": export(path) for name, path in PG_CASES}
    found.update({f"sqlite/{name}": export(path) for name, path in SQLITE_CASES})
    found["mysql/blog"] = mysql_export()
    found.update({f"pg/{name}": extra_export(name) for name in EXTRA_CASES})
    return found


@pytest.fixture(scope="session")
def tsc_result(outputs: dict[str, GeneratedFiles]) -> subprocess.CompletedProcess[str]:
    """One strict tsc run over all outputs together (tsc start-up dominates a single file)."""
    require_npm("typescript", "drizzle-orm", "@types/node", "@paralleldrive/cuid2", "nanoid", "ulid")
    files = [(f"{key}/schema.ts", g["schema.ts"]) for key, g in outputs.items()]
    with project(files) as root:
        return tsc(root)


# --- golden files and text properties ---------------------------------------------------------------


@pytest.mark.parametrize(("name", "path"), PG_CASES, ids=[n for n, _ in PG_CASES])
def test_golden_postgres(name: str, path: Path, outputs: dict[str, GeneratedFiles], update_golden: bool) -> None:
    check_golden(GOLDEN / f"{name}.schema.ts", outputs[f"pg/{name}"]["schema.ts"], update_golden)


@pytest.mark.parametrize(("name", "path"), SQLITE_CASES, ids=[n for n, _ in SQLITE_CASES])
def test_golden_sqlite(name: str, path: Path, outputs: dict[str, GeneratedFiles], update_golden: bool) -> None:
    check_golden(GOLDEN / f"{name}.sqlite.schema.ts", outputs[f"sqlite/{name}"]["schema.ts"], update_golden)


def test_golden_mysql(outputs: dict[str, GeneratedFiles], update_golden: bool) -> None:
    check_golden(GOLDEN / "blog.mysql.schema.ts", outputs["mysql/blog"]["schema.ts"], update_golden)


def test_header_and_determinism(outputs: dict[str, GeneratedFiles]) -> None:
    for key, g in outputs.items():
        assert g["schema.ts"].startswith("// Generated by workbench from "), key
    name, path = PG_CASES[0]
    assert export(path)["schema.ts"] == outputs[f"pg/{name}"]["schema.ts"]


def test_names_shared_with_other_targets(outputs: dict[str, GeneratedFiles]) -> None:
    from workbench.emit.tsnames import enum_var, join_table_var, relations_var, table_var

    text = outputs["pg/blog"]["schema.ts"]
    for export_name in (
        table_var("User"),
        table_var("Post"),
        join_table_var("_CategoryToPost"),
        enum_var("Role"),
        relations_var("Post"),
    ):
        assert f"export const {export_name} = " in text, export_name


def test_client_defaults_and_updated_at(outputs: dict[str, GeneratedFiles]) -> None:
    text = outputs["pg/types"]["schema.ts"]
    assert ".$defaultFn(() => crypto.randomUUID())" in text
    assert ".$defaultFn(() => createId())" in text and 'from "@paralleldrive/cuid2"' in text
    assert ".$defaultFn(() => nanoid(8))" in text and ".$defaultFn(() => ulid())" in text
    assert ".$onUpdate(() => new Date())" in text
    blog = outputs["pg/blog"]["schema.ts"]
    assert "nanoid" not in blog and "ulid" not in blog and "cuid2" not in blog  # only what is used


def test_untrusted_text_is_escaped() -> None:
    from workbench.loaders.prisma import load_prisma

    text = (
        'datasource db {\n  provider = "postgresql"\n}\n'
        "/// evil */ doc ${x} `tick`\n"
        'model M {\n  id Int @id\n  s String @default("a`b${c}\\\\d\\"e")\n'
        "  d String @default(dbgenerated(\"'`x`' || '${y}'\"))\n}\n"
    )
    loaded = load_prisma("evil.prisma", text=text)
    assert not [d for d in loaded.diagnostics if d.is_error]
    out = generate(loaded.schema, source="evil.prisma")["schema.ts"]
    assert "/** evil *\\/ doc ${x} `tick` */" in out
    assert '.default("a`b${c}\\\\d\\"e")' in out
    assert "sql`'\\`x\\`' || '\\${y}'`" in out


def test_views_and_unsupported_are_reported(outputs: dict[str, GeneratedFiles]) -> None:
    diags = outputs["pg/advanced"].diagnostics
    views = [d for d in diags if d.code == "I0705"]
    assert len(views) == 1 and views[0].severity is Severity.INFO and views[0].span is not None
    assert "AccountRevenue" in views[0].message
    assert "account_revenue" not in re.sub(r"^//.*$", "", outputs["pg/advanced"]["schema.ts"], flags=re.M)


@pytest.mark.parametrize(
    ("provider", "module", "code"),
    [
        ("postgresql", "drizzle-orm/pg-core", None),
        ("cockroachdb", "drizzle-orm/pg-core", "I0709"),
        ("sqlite", "drizzle-orm/sqlite-core", None),
        ("mysql", "drizzle-orm/mysql-core", None),
        ("sqlserver", "drizzle-orm/pg-core", "W0701"),
    ],
)
def test_dialect_from_provider(provider: str, module: str, code: str | None) -> None:
    from workbench.loaders.prisma import load_prisma

    text = f'datasource db {{\n  provider = "{provider}"\n}}\nmodel M {{\n  id Int @id\n}}\n'
    loaded = load_prisma("p.prisma", text=text, name="p.prisma")
    out = generate(loaded.schema, source="p.prisma")
    assert f'from "{module}";' in out["schema.ts"]
    found = [d for d in out.diagnostics if d.code.startswith(("W07", "I07"))]
    assert [d.code for d in found] == ([code] if code else [])
    assert all(d.span is not None and d.span.file == "p.prisma" for d in found)


# --- tsc ------------------------------------------------------------------------------------------


def test_tsc_strict_passes(tsc_result: subprocess.CompletedProcess[str]) -> None:
    assert tsc_result.returncode == 0, tsc_result.stdout + tsc_result.stderr


def test_tsc_catches_a_broken_schema() -> None:
    """The type check is not vacuous: a column that does not exist is an error."""
    require_npm("typescript", "drizzle-orm")
    bad = (
        'import { foreignKey, integer, pgTable, text } from "drizzle-orm/pg-core";\n'
        'export const a = pgTable("a", { id: text("id") });\n'
        'export const b = pgTable("b", { x: integer("x") }, (t) => [foreignKey({ columns: [t.x], '
        "foreignColumns: [a.nope] })]);\n"
    )
    with project([("schema.ts", bad)]) as root:
        assert tsc(root).returncode != 0


# --- relations(): Drizzle's own normalisation at run time -------------------------------------------

RUNTIME_CHECK = """
import { createTableRelationsHelpers, extractTablesRelationalConfig, normalizeRelation } from "drizzle-orm";

const keys: string[] = JSON.parse(process.argv[2]);
const out: Record<string, Record<string, string>> = {};
for (const key of keys) {
  const result: Record<string, string> = {};
  try {
    const mod = await import(`./${key}/schema.ts`);
    const { tables, tableNamesMap } = extractTablesRelationalConfig(mod, createTableRelationsHelpers);
    for (const [table, config] of Object.entries(tables)) {
      for (const [name, relation] of Object.entries(config.relations)) {
        const n = normalizeRelation(tables, tableNamesMap, relation);
        result[`${table}.${name}`] =
          (n.fields ?? []).map((c) => c.name).join(",") + "->" + (n.references ?? []).map((c) => c.name).join(",");
      }
    }
  } catch (e) {
    result["error"] = String(e);
  }
  out[key] = result;
}
console.log(JSON.stringify(out));
"""


@pytest.fixture(scope="session")
def runtime_relations(outputs: dict[str, GeneratedFiles]) -> dict[str, dict[str, str]]:
    """Every relation of every output, normalised by drizzle-orm itself (run with tsx, once)."""
    import json

    require_npm("tsx", "drizzle-orm")
    files = [(f"{key}/schema.ts", g["schema.ts"]) for key, g in outputs.items()]
    with project([*files, ("check.ts", RUNTIME_CHECK)]) as root:
        proc = subprocess.run(
            [str(ROOT / "node_modules" / ".bin" / "tsx"), "check.ts", json.dumps(sorted(outputs))],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    result: dict[str, dict[str, str]] = json.loads(proc.stdout)
    return result


def test_relations_resolve_at_run_time(
    runtime_relations: dict[str, dict[str, str]], outputs: dict[str, GeneratedFiles]
) -> None:
    """drizzle-orm pairs every relation (no "multiple relations" error); spot checks on the pairing."""
    errors = {key: r["error"] for key, r in runtime_relations.items() if "error" in r}
    assert not errors, errors
    blog = runtime_relations["pg/blog"]
    assert blog["post.author"] == "authorId->id"
    assert blog["user.posts"] == "id->authorId"  # many: the reverse of post.author
    assert blog["comment.replies"] == "id->parentId"  # self relation through relationName
    assert blog["category.posts"] == "id->A" and blog["categoryToPost.post"] == "B->id"
    social = runtime_relations["pg/social"]
    assert social["user.friendOf"] == "id->A" and social["user.friends"] == "id->B"  # self m:n: A sorts first
    assert social["user.profile"] == "id->userId"  # 1:1 back side, matched by table
    for name, path in PG_CASES:  # every relation field has its entry, plus two per join table
        schema = load(path)
        tables = {m.name for m in schema.tables}
        fields = sum(1 for m in schema.tables for f in m.relation_fields if f.target in tables)
        joins = sum(1 for r in schema.relations if r.join_table)
        left_out = sum(1 for d in outputs[f"pg/{name}"].diagnostics if d.code == "W0708")
        assert len(runtime_relations[f"pg/{name}"]) == fields + 2 * joins - left_out, name


# --- PostgreSQL: same catalog as Prisma's DDL ---------------------------------------------------------


@pytest.fixture
def pg_url2(pg_server_url: str) -> Iterator[str]:
    import psycopg

    name = f"t2_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server_url, autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = pg_server_url.rpartition("/")
    yield f"{base}/{name}"
    with psycopg.connect(pg_server_url, autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def apply_pg(url: str, script: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        con.execute(script.encode())  # a whole script: simple query protocol


def kit_sql(schema_ts: str, dialect: str) -> str:
    with project([("schema.ts", schema_ts)]) as root:
        return drizzle_kit_generate(root, "schema.ts", dialect)


@pytest.mark.parametrize(("name", "path"), PG_CASES, ids=[n for n, _ in PG_CASES])
def test_postgres_catalog_matches_prisma(
    name: str, path: Path, outputs: dict[str, GeneratedFiles], pg_url: str, pg_url2: str
) -> None:
    ours = kit_sql(outputs[f"pg/{name}"]["schema.ts"], "postgresql")
    apply_pg(pg_url, "\n".join(announced_extensions(outputs[f"pg/{name}"])) + "\n" + ours)
    apply_pg(pg_url2, prisma_postgres_ddl(name, path).read_text(encoding="utf-8"))
    expected, actual = dump(pg_url2), dump(pg_url)
    assert expected["tables"]
    assert actual == expected, "catalogs differ (- Prisma, + drizzle-kit):\n" + diff(
        expected, actual, ("prisma", "drizzle")
    )


def announced_extensions(generated: GeneratedFiles) -> list[str]:
    """The ``CREATE EXTENSION`` statements the emitter told the user to run first (I0713): drizzle-kit
    creates no extension, so the custom migration a user writes for them is run here, and nothing else."""
    return [
        m.group(1)
        for d in generated.diagnostics
        if d.code == "I0713" and d.help and (m := re.search(r"`(CREATE EXTENSION [^`]+)`", d.help))
    ]


def without_referenced_unique_constraints(actual: dict[str, Any], generated: GeneratedFiles) -> dict[str, Any]:
    """``actual`` less the UNIQUE constraints the emitter announced (I0711): drizzle-kit adds foreign keys
    before indexes, so a unique key a foreign key references is a constraint there, where Prisma has a
    bare unique index of the same name. The index itself (name, columns, method) stays in the dump and
    is compared; exactly the announced constraints may be dropped, nothing else."""
    import copy

    announced = {
        m.group(1) for d in generated.diagnostics if (m := re.search(r'UNIQUE constraint "([^"]+)"', d.message))
    }
    found: set[str] = set()
    out = copy.deepcopy(actual)
    for table in out["tables"].values():
        for name in [n for n, c in table["constraints"].items() if c["type"] == "u" and n in announced]:
            assert table["indexes"][name]["unique"], name
            del table["constraints"][name]
            found.add(name)
    assert found == announced
    return out


@pytest.mark.parametrize("name", sorted(EXTRA_CASES))
def test_postgres_extra_cases_match_prisma(
    name: str, outputs: dict[str, GeneratedFiles], pg_url: str, pg_url2: str
) -> None:
    apply_pg(pg_url, kit_sql(outputs[f"pg/{name}"]["schema.ts"], "postgresql"))
    apply_pg(pg_url2, (GOLDEN / "prisma" / f"{name}.postgres.sql").read_text(encoding="utf-8"))
    expected, actual = dump(pg_url2), without_referenced_unique_constraints(dump(pg_url), outputs[f"pg/{name}"])
    assert expected["tables"]
    assert actual == expected, diff(expected, actual, ("prisma", "drizzle"))


def test_foreign_keys_to_unique_keys(outputs: dict[str, GeneratedFiles], pg_url: str) -> None:
    """Issue #12 item 15: the referenced @unique / @@unique keys are UNIQUE constraints (created with the
    table, before drizzle-kit's foreign keys), with Prisma's names; other unique keys stay unique indexes.
    The SQL applies (test_postgres_extra_cases_match_prisma compares the catalog) and the keys work."""
    import psycopg

    generated = outputs["pg/fkunique"]
    text = generated["schema.ts"]
    for name in ("Account_email_key", "account_slug_uq", "Account_tenant_handle_key"):
        assert f'unique("{name}").on(' in text, name
    assert 'uniqueIndex("Member_tenant_id_key")' in text  # referenced by nothing: Prisma's index
    infos = sorted((d.code, d.span.line if d.span else 0) for d in generated.diagnostics if d.code.startswith("I07"))
    assert infos == [("I0711", 8), ("I0711", 11), ("I0711", 19)]
    apply_pg(pg_url, kit_sql(text, "postgresql"))
    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute(
            """INSERT INTO "Account" (email, tenant, handle, slug) VALUES ('a@x', 't', 'h', 's');
               INSERT INTO "Session" (id, email) VALUES ('s1', 'a@x');
               INSERT INTO "Member" (id, tenant, handle) VALUES (1, 't', 'h');
               INSERT INTO "Page" (id, slug) VALUES (1, 's');"""
        )
        with pytest.raises(psycopg.errors.ForeignKeyViolation):
            con.execute("""INSERT INTO "Session" (id, email) VALUES ('s2', 'nobody@x')""")
        con.execute("""DELETE FROM "Page" WHERE id = 1""")
        con.execute("""DELETE FROM "Member" WHERE id = 1""")
        con.execute("""DELETE FROM "Account" WHERE email = 'a@x'""")  # cascades to Session
        assert con.execute('SELECT count(*) FROM "Session"').fetchone() == (0,)


def test_foreign_key_to_a_sorted_unique_key_warns(pg_url: str) -> None:
    """A referenced unique key with a sort order cannot be a constraint with that order: W0712 says so,
    and drizzle-kit's SQL still applies (the foreign key needs the key more than the order)."""
    from workbench.loaders.prisma import load_prisma

    text = FK_UNIQUE.replace("@@unique([tenant, handle])", "@@unique([tenant, handle(sort: Desc)])")
    loaded = load_prisma("sorted.prisma", text=text, name="sorted.prisma")
    assert not [d for d in loaded.diagnostics if d.is_error], [d.headline() for d in loaded.diagnostics]
    generated = generate(loaded.schema, source="sorted.prisma")
    warned = [d for d in generated.diagnostics if d.code == "W0712"]
    assert len(warned) == 1 and "sort order" in warned[0].message and warned[0].span is not None
    assert warned[0].span.line == 19
    apply_pg(pg_url, kit_sql(generated["schema.ts"], "postgresql"))


def test_foreign_key_to_unique_key_on_mysql_and_sqlite() -> None:
    """The other dialects need no change (a guard, not a repro): drizzle-kit's MySQL SQL writes every
    unique index inside CREATE TABLE, before the foreign keys; SQLite checks foreign keys only when rows
    change, so Prisma's unique index is kept and the key works."""
    from workbench.loaders.prisma import load_prisma

    for provider in ("mysql", "sqlite"):
        text = FK_UNIQUE.replace('provider = "postgresql"', f'provider = "{provider}"')
        loaded = load_prisma(f"fk.{provider}.prisma", text=text, name=f"fk.{provider}.prisma")
        assert not [d for d in loaded.diagnostics if d.is_error], [d.headline() for d in loaded.diagnostics]
        schema_ts = generate(loaded.schema, source="fk.prisma")["schema.ts"]
        sql = kit_sql(schema_ts, provider)
        assert 'unique("' not in schema_ts
        if provider == "mysql":
            create = sql[sql.index("CREATE TABLE `Account`") :]
            create = create[: create.index(");")]
            assert "CONSTRAINT `Account_email_key` UNIQUE(`email`)" in create
            assert sql.index("CONSTRAINT `Account_email_key`") < sql.index("FOREIGN KEY")
            continue
        con = sqlite3.connect(":memory:")
        try:
            con.executescript(sql)
            con.execute("PRAGMA foreign_keys = ON")
            con.execute("""INSERT INTO "Account" (email, tenant, handle, slug) VALUES ('a@x', 't', 'h', 's')""")
            con.execute("""INSERT INTO "Session" (id, email) VALUES ('s1', 'a@x')""")
            with pytest.raises(sqlite3.IntegrityError):
                con.execute("""INSERT INTO "Session" (id, email) VALUES ('s2', 'nobody@x')""")
        finally:
            con.close()


def test_extra_features(outputs: dict[str, GeneratedFiles]) -> None:
    """SET DEFAULT / RESTRICT actions, partial indexes, float and literal defaults, an upper-case
    Unsupported type, a self 1:1 (its catalog: test_postgres_extra_cases_match_prisma)."""
    generated = outputs["pg/extra"]
    text = generated["schema.ts"]
    assert '.onDelete("set default").onUpdate("restrict")' in text
    assert ".where(sql`" in text and ".default(2.5)" in text and ".default(-0.125)" in text
    codes = sorted(d.code for d in generated.diagnostics)
    assert codes == ["I0704", "W0708"], codes  # uuid(7) as v4; the self 1:1 back side
    back = next(d for d in generated.diagnostics if d.code == "W0708")
    assert back.span is not None and "bestFriendOf" in back.message


@pytest.mark.parametrize("name", sorted(EXTRA_CASES))
def test_golden_extra(name: str, outputs: dict[str, GeneratedFiles], update_golden: bool) -> None:
    check_golden(GOLDEN / f"{name}.schema.ts", outputs[f"pg/{name}"]["schema.ts"], update_golden)


def test_names_never_shadow_imports(outputs: dict[str, GeneratedFiles]) -> None:
    """Models named Text/Date/T/One/Bytea/Circle keep their tsnames exports; helpers get `$` aliases."""
    text = outputs["pg/names"]["schema.ts"]
    for export_name in ("text", "date", "t", "one", "bytea", "circle", "dateToT"):
        assert f"export const {export_name} = " in text, export_name
    assert "text as $text" in text and "($t): PgTableExtraConfigValue[]" in text
    assert "one: $one" in text and "nanoid as $nanoid" not in text  # `nanoid` is not a model here


def test_mysql_drizzle_kit_accepts_it(outputs: dict[str, GeneratedFiles]) -> None:
    sql = kit_sql(outputs["mysql/blog"]["schema.ts"], "mysql")
    for name in ("User_email_key", "Post_authorId_fkey", "_CategoryToPost_B_index", "Post_published_publishedAt_idx"):
        assert f"`{name}`" in sql, name
    assert "AUTO_INCREMENT" in sql and "CURRENT_TIMESTAMP(3)" in sql
    # join table columns have the referenced keys' MySQL types (TEXT cannot be a MySQL key column)
    assert "`A` int NOT NULL,\n\t`B` varchar(191) NOT NULL," in sql
    assert sql.count("CREATE TABLE") == sql.count("PRIMARY KEY(") == 7


MYSQL_RETURNING_ID = """
import { is } from "drizzle-orm";
import { getTableConfig, MySqlTable } from "drizzle-orm/mysql-core";
import { drizzle } from "drizzle-orm/mysql-proxy";
import * as schema from "./schema.ts";

// What mysql2 answers to an INSERT (a ResultSetHeader); $returningId() turns it into key objects.
const db = drizzle(async () => ({ rows: [{ insertId: 41, affectedRows: 1 }] }));
const primary: Record<string, string[]> = {};
for (const [name, value] of Object.entries(schema)) {
  if (is(value, MySqlTable)) {
    primary[name] = getTableConfig(value).columns.filter((c) => c.primary).map((c) => c.name);
  }
}
const category = await db.insert(schema.category).values({ name: "News" }).$returningId();
const user = await db.insert(schema.user).values({ email: "a@b.co", updatedAt: new Date() }).$returningId();
console.log(JSON.stringify({ primary, category, user }));
"""


def test_mysql_returning_id_gets_generated_keys(outputs: dict[str, GeneratedFiles]) -> None:
    """REST/tRPC create on MySQL re-reads the row by the key from ``$returningId()``, which only
    returns columns declared with a column-level ``.primaryKey()`` (an autoincrement id from the
    insert result, a ``$defaultFn`` id from the generated values)."""
    import json

    require_npm("tsx", "drizzle-orm")
    files = [("schema.ts", outputs["mysql/blog"]["schema.ts"]), ("check.ts", MYSQL_RETURNING_ID)]
    with project(files) as root:
        proc = subprocess.run(
            [str(ROOT / "node_modules" / ".bin" / "tsx"), "check.ts"], cwd=root, capture_output=True, text=True
        )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    result = json.loads(proc.stdout)
    assert result["primary"]["user"] == ["id"] and result["primary"]["category"] == ["id"]
    assert result["primary"]["categoryToPost"] == []  # composite: primaryKey({ columns }) on the table
    assert result["category"] == [{"id": 41}]
    assert len(result["user"]) == 1 and re.fullmatch(r"[0-9a-f-]{36}", result["user"][0]["id"])


# --- SQLite ---------------------------------------------------------------------------------------


def sqlite_catalog(script: str) -> dict[str, Any]:
    con = sqlite3.connect(":memory:")
    try:
        con.executescript(script)
        master = sorted(
            tuple(r)
            for r in con.execute("SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_sequence'")
        )
        tables: dict[str, Any] = {}
        for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").fetchall():
            q = name.replace('"', '""')
            cols = [
                (cid, col, typ.upper(), notnull, dflt, pk)
                for cid, col, typ, notnull, dflt, pk in con.execute(f'PRAGMA table_info("{q}")')
            ]
            indexes = {}
            for _, iname, unique, origin, partial in con.execute(f'PRAGMA index_list("{q}")'):
                iq = iname.replace('"', '""')
                info = [tuple(r) for r in con.execute(f'PRAGMA index_info("{iq}")')]
                xinfo = [tuple(r) for r in con.execute(f'PRAGMA index_xinfo("{iq}")')]
                indexes[iname] = {"unique": unique, "origin": origin, "partial": partial, "info": info, "xinfo": xinfo}
            fks = sorted(
                (table, src, dst, on_update, on_delete, match)
                for _, _, table, src, dst, on_update, on_delete, match in con.execute(f'PRAGMA foreign_key_list("{q}")')
            )
            tables[name] = {"columns": cols, "indexes": indexes, "foreign_keys": fks}
        return {"master": master, "tables": tables}
    finally:
        con.close()


@pytest.mark.parametrize(("name", "path"), SQLITE_CASES, ids=[n for n, _ in SQLITE_CASES])
def test_sqlite_catalog_matches_prisma(name: str, path: Path, outputs: dict[str, GeneratedFiles]) -> None:
    ours = kit_sql(outputs[f"sqlite/{name}"]["schema.ts"], "sqlite")
    prisma = (PRISMA_DDL / f"{name}.sqlite.sql").read_text(encoding="utf-8")
    expected, actual = sqlite_catalog(prisma), sqlite_catalog(ours)
    assert expected["tables"]
    assert actual == expected


SQLITE_BIGINT_ID = """
import { drizzle } from "drizzle-orm/sqlite-proxy";
import { auditLog } from "./schema.ts";

const db = drizzle(async () => ({ rows: [] }));  // only builds statements (toSQL), runs none
const row = (action: string) => ({ organizationId: "org", action });
const statements = [db.insert(auditLog).values(row("one")).toSQL()];
await Promise.resolve();
statements.push(db.insert(auditLog).values(row("two")).toSQL());
await Promise.resolve();
statements.push(db.insert(auditLog).values([row("three"), row("four")]).toSQL());
console.log(JSON.stringify(statements));
"""


def test_sqlite_bigint_autoincrement_on_prismas_table(outputs: dict[str, GeneratedFiles]) -> None:
    """``BigInt @id @default(autoincrement())``: Prisma's SQLite table has ``BIGINT NOT NULL PRIMARY KEY``
    (no rowid alias, so SQLite generates nothing; prisma/prisma#20449). The INSERTs Drizzle builds
    from our schema, run on that very table, still number rows 1, 2, 3, 4 (one and several per statement)."""
    import json

    require_npm("tsx", "drizzle-orm")
    generated = outputs["sqlite/saas"]
    assert [d.code for d in generated.diagnostics if d.code == "I0710"] == ["I0710"]
    files = [("schema.ts", generated["schema.ts"]), ("check.ts", SQLITE_BIGINT_ID)]
    with project(files) as root:
        proc = subprocess.run(
            [str(ROOT / "node_modules" / ".bin" / "tsx"), "check.ts"], cwd=root, capture_output=True, text=True
        )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    con = sqlite3.connect(":memory:")
    try:
        con.executescript((PRISMA_DDL / "saas.sqlite.sql").read_text(encoding="utf-8"))
        for statement in json.loads(proc.stdout):
            con.execute(statement["sql"], statement["params"])
        rows = con.execute('SELECT id, action FROM "AuditLog" ORDER BY id').fetchall()
    finally:
        con.close()
    assert rows == [(1, "one"), (2, "two"), (3, "three"), (4, "four")]


def test_sqlite_catalog_sees_differences() -> None:
    a = sqlite_catalog('CREATE TABLE "t" ("id" INTEGER NOT NULL PRIMARY KEY, "v" BOOLEAN DEFAULT false);')
    b = sqlite_catalog('CREATE TABLE "t" ("id" INTEGER NOT NULL PRIMARY KEY, "v" integer DEFAULT false);')
    assert a != b
