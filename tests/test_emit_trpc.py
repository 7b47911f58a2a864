"""tRPC target: goldens, the procedures per model, and the user-editable ``trpc/init.ts``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.emit_ts_cases import SAMPLE_IDS, SAMPLES, check_golden, load, rel, text_schema
from workbench.emit import trpc
from workbench.emit.files import header_lines


def sample(name: str) -> Path:
    return SAMPLES[SAMPLE_IDS.index(name)]


@pytest.mark.parametrize("path", SAMPLES, ids=SAMPLE_IDS)
def test_sample_goldens(path: Path, update_golden: bool) -> None:
    files = trpc.generate(load(path), source=rel(path))
    assert {"schema.ts", "validation.ts", "types.ts", "trpc/init.ts", "trpc/router.ts"} <= set(files.paths)
    assert all(f.content.startswith(header_lines(rel(path))) for f in files)
    check_golden("trpc", SAMPLE_IDS[SAMPLES.index(path)], files, update_golden)


def test_blog_routers() -> None:
    files = trpc.generate(load(sample("blog")), source="blog.prisma")
    init = files["trpc/init.ts"]
    for name in ("export const router", "export const publicProcedure", "export const protectedProcedure"):
        assert name in init
    assert "export interface Context {\n  db: PgDatabase<PgQueryResultHKT>;" in init
    user = files["trpc/routers/user.ts"]
    assert "const userKey = z.object({ id: z.uuid() });" in user
    assert "export const userRouter = router({" in user
    assert "  list: publicProcedure\n" in user
    assert "  byId: publicProcedure.input(userKey)" in user
    assert "  create: protectedProcedure.input(createUserSchema).mutation(" in user
    assert (
        "  update: protectedProcedure\n    .input(userKey.extend({ data: updateUserSchema }))\n    .mutation(" in user
    )
    assert "  delete: protectedProcedure.input(userKey).mutation(" in user
    assert "ctx.db.insert(user).values(input).returning()" in user
    app = files["trpc/router.ts"]
    assert "  user: userRouter,\n" in app and "export type AppRouter = typeof appRouter;" in app


def test_composite_key_router() -> None:
    files = trpc.generate(load(sample("saas")), source="saas.prisma")
    membership = files["trpc/routers/membership.ts"]
    assert "const membershipKey = z.object({ organizationId: z.string(), userId: z.string() });" in membership
    assert "and(eq(membership.organizationId, input.organizationId), eq(membership.userId, input.userId))" in membership


def test_init_is_user_editable(tmp_path: Path) -> None:
    assert frozenset({"trpc/init.ts"}) == trpc.USER_EDITABLE
    files = trpc.generate(load(sample("blog")), source="blog.prisma")
    files.write(tmp_path, keep_existing=trpc.USER_EDITABLE)
    init = tmp_path / "trpc" / "init.ts"
    assert init.read_text() == files["trpc/init.ts"]
    init.write_text("// my auth\n")
    (tmp_path / "trpc" / "router.ts").write_text("stale")
    written = files.write(tmp_path, keep_existing=trpc.USER_EDITABLE)
    assert init.read_text() == "// my auth\n"  # kept
    assert (tmp_path / "trpc" / "router.ts").read_text() == files["trpc/router.ts"]  # regenerated
    assert init not in written


def test_reserved_router_key_and_uncreatable_model() -> None:
    files = trpc.generate(
        text_schema(
            """
            datasource db {
              provider = "postgresql"
            }
            model Call {
              id     Int                      @id
              vector Unsupported("tsvector")
            }
            """
        ),
        source="t.prisma",
    )
    assert "  callModel: callRouter,\n" in files["trpc/router.ts"]  # tRPC rejects `call` at runtime
    found = {(d.code, d.span.line) for d in files.diagnostics if d.code.startswith("W08")}
    # the required Unsupported column: left out, and the create input can never make a valid row
    assert found == {("W0807", 5), ("W0801", 7), ("W0802", 5)}
