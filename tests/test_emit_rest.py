"""REST target: goldens of the API classes, the files they need, keys, providers, diagnostics.

Type-correctness against the real drizzle-orm / zod packages is proven by ``test_emit_tsc.py``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from tests.emit_ts_cases import SAMPLE_IDS, SAMPLES, check_golden, load, rel, text_schema
from workbench.emit import rest
from workbench.emit.files import header_lines


def sample(name: str) -> Path:
    return SAMPLES[SAMPLE_IDS.index(name)]


def variant(name: str, provider: str) -> str:
    """A sample rewritten for another provider (no native types, no scalar lists)."""
    text = sample(name).read_text()
    text = re.sub(r'provider\s*=\s*"postgresql"', f'provider = "{provider}"', text)
    text = re.sub(r"@db\.\w+(\([^)]*\))?", "", text)
    return re.sub(r"^\s*\w+\s+(String|Int|Boolean|DateTime|Float|Decimal|BigInt)\[\].*$", "", text, flags=re.M)


@pytest.mark.parametrize("path", SAMPLES, ids=SAMPLE_IDS)
def test_sample_goldens(path: Path, update_golden: bool) -> None:
    files = rest.generate(load(path), source=rel(path))
    assert {"schema.ts", "validation.ts", "types.ts", "api/index.ts", "api/errors.ts"} <= set(files.paths)
    assert all(f.content.startswith(header_lines(rel(path))) for f in files)
    check_golden("rest", SAMPLE_IDS[SAMPLES.index(path)], files, update_golden)


def test_blog_api_shape() -> None:
    files = rest.generate(load(sample("blog")), source="blog.prisma")
    api = files["api/user.api.ts"]
    assert 'import { user } from "../schema";' in api
    assert 'import { createUserSchema, updateUserSchema } from "../validation";' in api
    assert "export class UsersApi {\n  constructor(private readonly db: PgDatabase<PgQueryResultHKT>) {}" in api
    assert (
        "  async create(data: CreateUserDTO): Promise<User> {\n    const values = createUserSchema.parse(data);\n"
        in api
    )
    assert "await this.db.insert(user).values(values).returning();" in api
    assert '  async get(id: User["id"]): Promise<User | null> {' in api
    assert "where(eq(user.id, id))" in api
    assert (
        "  async list({ limit = 100, offset = 0 }: { limit?: number; offset?: number } = {}): Promise<User[]> {" in api
    )
    assert '  async update(id: User["id"], data: UpdateUserDTO): Promise<User> {' in api
    assert '  async delete(id: User["id"]): Promise<void> {' in api
    assert "    categories: new CategoriesApi(db),\n" in files["api/index.ts"]
    assert files.target == "rest" and not files.diagnostics


def test_composite_keys_casts_and_views() -> None:
    files = rest.generate(load(sample("advanced")), source="advanced.prisma")
    line = files["api/invoice-line.api.ts"]
    assert 'export type InvoiceLineKey = Pick<InvoiceLine, "invoiceId" | "position">;' in line
    assert "  async get(key: InvoiceLineKey): Promise<InvoiceLine | null> {" in line
    assert "and(eq(invoiceLine.invoiceId, key.invoiceId), eq(invoiceLine.position, key.position))" in line
    assert ".orderBy(asc(invoiceLine.invoiceId), asc(invoiceLine.position))" in line
    account = files["api/account.api.ts"]
    # Bytes: the Drizzle column is a Uint8Array like the zod value, so no cast
    assert "await this.db.insert(account).values(values).returning();" in account
    assert "$inferInsert" not in account and "avatar: z.custom<Uint8Array>" in files["validation.ts"]
    assert "return row as Account;" in account  # Json: unknown in Drizzle
    assert not any("account-revenue" in p for p in files.paths)  # views have no Drizzle table
    codes = {(d.code, d.span.line if d.span else 0) for d in files.diagnostics}
    assert ("I0806", 190) in codes and ("W0801", 56) in codes
    assert list(files.diagnostics) == sorted(
        files.diagnostics, key=lambda d: (d.span.file, d.span.line, d.span.col, d.code)
    )


def test_sqlite_and_mysql_flavors() -> None:
    sqlite = rest.generate(text_schema(variant("blog", "sqlite")), source="blog.prisma")
    assert 'private readonly db: BaseSQLiteDatabase<"sync" | "async", unknown>' in sqlite["api/user.api.ts"]
    mysql = rest.generate(text_schema(variant("blog", "mysql")), source="blog.prisma")
    api = mysql["api/category.api.ts"]
    assert "MySqlDatabase<MySqlQueryResultHKT, PreparedQueryHKTBase>" in api
    assert '(await this.db.insert(category).values(values).$returningId()) as Pick<Category, "id">[];' in api
    assert "returning()" not in api
    assert "const row = await this.get(values.id ?? id);" in api  # re-read after update (key may change)


def test_model_without_key_gets_create_and_list_only() -> None:
    """Prisma rejects such a model, but an IR from elsewhere (introspection) may have one."""
    schema = text_schema(
        """
        datasource db {
          provider = "postgresql"
        }
        model Row {
          key  String @unique
          data String
        }
        """
    )
    keyless = replace(schema, models=(replace(schema.models[0], indexes=()),))
    files = rest.generate(keyless, source="t.prisma")
    api = files["api/row.api.ts"]
    assert "import { row as rowTable }" in api  # `row` is a local name in the methods
    assert "async create(" in api and "async list(" in api and "async get(" not in api and "async update(" not in api
    assert [d.code for d in files.diagnostics if d.code.startswith("W08")] == ["W0804"]


@pytest.mark.parametrize("target", ["zod", "typescript", "graphql", "rest", "trpc"])
def test_every_target_is_deterministic(target: str) -> None:
    """Two independent loads of the same schema give byte-identical files and diagnostics."""
    import importlib

    gen = importlib.import_module(f"workbench.emit.{target}")
    path = sample("advanced")
    a = gen.generate(load(path), source="s.prisma")
    b = gen.generate(text_schema(path.read_text(), name=rel(path)), source="s.prisma")
    assert [(f.path, f.content) for f in a] == [(f.path, f.content) for f in b]
    assert a.diagnostics == b.diagnostics and a.diagnostics


def test_shared_files_are_generated_once_per_schema_object() -> None:
    """REST and tRPC include schema.ts, validation.ts and types.ts: one export run computes each
    once (cached by schema identity), and an equal schema from another file is not served the
    first one's result (IR equality ignores origins, so its diagnostics would point elsewhere)."""
    from workbench.emit import drizzle, trpc, typescript, zod

    path = sample("advanced")
    schema = load(path)
    first = {gen.__name__: gen.generate(schema, source="a.prisma") for gen in (drizzle, zod, typescript)}
    rest_files, trpc_files = rest.generate(schema, source="a.prisma"), trpc.generate(schema, source="a.prisma")
    for gen in (drizzle, zod, typescript):
        assert gen.generate(schema, source="a.prisma") is first[gen.__name__]
    for files in (rest_files, trpc_files):
        assert files["validation.ts"] is first["workbench.emit.zod"]["validation.ts"]
        assert files["types.ts"] is first["workbench.emit.typescript"]["types.ts"]
    assert zod.generate(schema, source="b.prisma")["validation.ts"].startswith(
        "// Generated by workbench from b.prisma"
    )
    twin = text_schema(path.read_text(), name="elsewhere.prisma")
    assert twin == schema
    again = zod.generate(twin, source="a.prisma")
    assert again is not first["workbench.emit.zod"]
    assert {d.span.file for d in again.diagnostics if d.span} == {"elsewhere.prisma"}
