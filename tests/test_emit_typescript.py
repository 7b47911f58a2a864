"""TypeScript types target: goldens and the shape of rows, enums, DTOs and relation types.

That the DTOs equal the zod schemas' parsed types, and that Drizzle rows fit the row types, is
proven by tsc in ``test_emit_tsc.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.emit_ts_cases import SAMPLE_IDS, SAMPLES, check_golden, load, rel
from workbench.emit import typescript
from workbench.emit.files import header_lines


def sample(name: str) -> Path:
    return SAMPLES[SAMPLE_IDS.index(name)]


@pytest.mark.parametrize("path", SAMPLES, ids=SAMPLE_IDS)
def test_sample_goldens(path: Path, update_golden: bool) -> None:
    files = typescript.generate(load(path), source=rel(path))
    assert files.paths == ("types.ts",)
    assert files["types.ts"].startswith(header_lines(rel(path)))
    check_golden("typescript", SAMPLE_IDS[SAMPLES.index(path)], files, update_golden, skip=frozenset())


def test_blog_types() -> None:
    out = typescript.generate(load(sample("blog")), source="blog.prisma")["types.ts"]
    assert 'export const Role = { USER: "USER", ADMIN: "ADMIN" } as const;' in out
    assert "export type Role = (typeof Role)[keyof typeof Role];" in out
    user = out[out.index("export interface User {") : out.index("export interface CreateUserDTO")]
    assert "  name: string | null;\n" in user and "  createdAt: Date;\n" in user and "  role: Role;\n" in user
    assert "/** Login name; must be unique across the site. */\n  email: string;" in user
    dto = out[out.index("export interface CreateUserDTO") : out.index("export type UpdateUserDTO")]
    assert "  id?: string;\n  email: string;\n  name?: string | null;\n  role?: Role;\n" in dto
    assert "export type UpdateUserDTO = Partial<CreateUserDTO>;" in out
    assert "export type UserWithRelations = User & { posts: Post[]; comments: Comment[] };" in out
    assert (
        "export type CommentWithRelations = Comment & "
        "{ post: Post; author: User | null; parent: Comment | null; replies: Comment[] };"
    ) in out


def test_advanced_types() -> None:
    files = typescript.generate(load(sample("advanced")), source="advanced.prisma")
    out = files["types.ts"]
    assert (
        "export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };" in out
    )
    account = out[out.index("export interface Account {") : out.index("export interface CreateAccountDTO")]
    for line in (
        "creditLimit: string;",
        "flags: string[] | null;",
        "profile: JsonValue | null;",
        "avatar: Uint8Array | null;",
        "state: AccountState;",
    ):
        assert f"  {line}\n" in account
    assert "legacyCode" not in out and "searchVec" not in out and "LegacyExport" not in out
    assert "  id: bigint;\n" in out
    assert "  quietHoursStart: string | null;\n" in out  # @db.Time: Drizzle reads text
    assert "export interface AccountRevenue {" in out and "CreateAccountRevenueDTO" not in out
    assert "export type InvoiceLineWithRelations = InvoiceLine & { invoice: Invoice };" in out
    assert [d.code for d in files.diagnostics] == ["W0801"]
