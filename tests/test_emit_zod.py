"""zod target: goldens, the shape of the schemas, `/// @zod.` annotations and untrusted text.

That the output type-checks (and the runtime behaviour of the schemas) is tested with the real
tsc / zod in ``test_emit_tsc.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.emit_ts_cases import SAMPLE_IDS, SAMPLES, check_golden, load, rel, text_schema
from workbench.emit import zod
from workbench.emit.files import header_lines
from workbench.emit.zod.annotations import AnnotationError, parse_annotation

ANNOTATED = """
datasource db {
  provider = "postgresql"
}

/// Members. Annotations on a model are reported, not used:
/// @zod.strict()
model Member {
  id        Int      @id @default(autoincrement())
  /// Where we write to.
  /// @zod.email({ message: "not an e-mail address" })
  email     String   @unique
  /// @zod.min(3).max(20).regex(/^[a-z_]+$/i)
  handle    String
  /// @zod.int().positive()
  age       Int?
  /// @zod.refine((v) => v > 0)
  score     Float
  /// @zod.email()
  visits    Int      @default(0)
  /// @zod.max(5)
  tags      String[]
  /// Says "hi" */ and \\ back; line
  /// two\u2028three
  note      String   @default("a \\"quoted\\" */ default")
}
"""


@pytest.mark.parametrize("path", SAMPLES, ids=SAMPLE_IDS)
def test_sample_goldens(path: Path, update_golden: bool) -> None:
    files = zod.generate(load(path), source=rel(path))
    assert files.paths == ("validation.ts",)
    assert files["validation.ts"].startswith(header_lines(rel(path)))
    check_golden("zod", SAMPLE_IDS[SAMPLES.index(path)], files, update_golden, skip=frozenset())


def test_blog_matches_design_document() -> None:
    out = zod.generate(load(SAMPLES[SAMPLE_IDS.index("blog")]), source="blog.prisma")["validation.ts"]
    assert 'import { z } from "zod";' in out
    assert 'export const Role = { USER: "USER", ADMIN: "ADMIN" } as const;' in out
    assert "export const roleSchema = z.enum(Role);" in out
    user = out[out.index("export const userSchema") : out.index("export const createUserSchema")]
    assert "  id: z.uuid(),\n" in user
    assert "  name: z.string().nullable(),\n" in user  # optional in Prisma = null in a row
    assert "  role: roleSchema,\n" in user
    assert "  createdAt: z.date(),\n" in user
    assert "posts" not in user  # relation objects are not columns
    create = out[out.index("export const createUserSchema") : out.index("export const updateUserSchema")]
    assert "  id: z.uuid().optional(),\n" in create  # generated
    assert '  email: z.string().describe("Login name; must be unique across the site."),\n' in create  # required
    assert "  name: z.string().nullable().optional(),\n" in create  # optional + nullable
    assert "  role: roleSchema.optional(),\n" in create  # defaulted
    assert "  updatedAt: z.coerce.date<Date | string>().optional(),\n" in create  # @updatedAt
    assert "export const updateUserSchema = createUserSchema.partial();" in out
    post = out[out.index("export const createPostSchema") : out.index("export const updatePostSchema")]
    assert "  authorId: z.string(),\n" in post  # relation scalar kept
    assert "author:" not in post


def test_advanced_types_and_views() -> None:
    files = zod.generate(load(SAMPLES[SAMPLE_IDS.index("advanced")]), source="advanced.prisma")
    out = files["validation.ts"]
    # @map'ped enum values: keys are Prisma's names, values what the column stores (what Drizzle reads)
    assert 'export const AccountState = { ACTIVE: "active", SUSPENDED: "suspended", CLOSED: "closed" } as const;' in out
    assert "  id: z.guid(),\n" in out  # @db.Uuid with a database default: any UUID Postgres accepts
    assert "  externalRef: z.string().max(64),\n" in out  # @db.VarChar(64)
    assert "  creditLimit: decimalSchema,\n" in out
    assert "  creditLimit: decimalInputSchema.optional(),\n" in out
    assert "  flags: z.array(z.string()).nullable(),\n" in out  # lists are nullable columns
    assert "  profile: z.json().nullable(),\n" in out
    bytes_schema = 'z.custom<Uint8Array>((value) => value instanceof Uint8Array, "expected binary data (a Uint8Array)")'
    assert f"  avatar: {bytes_schema}.nullable(),\n" in out
    assert "  id: z.bigint(),\n" in out and "z.coerce.bigint<bigint | number | string>().optional()" in out
    assert "  quietHoursStart: z.iso.time().nullable(),\n" in out  # @db.Time reads as text
    assert "  age: z.int().min(-32768).max(32767).nullable(),\n" in out  # @db.SmallInt
    # ignored / Unsupported fields and @@ignore models are not client fields
    assert "legacyCode" not in out and "searchVec" not in out and "legacyExport" not in out
    # a view is read-only: a row schema, no input schemas
    assert "export const accountRevenueSchema" in out and "createAccountRevenueSchema" not in out
    [w] = files.diagnostics
    assert (w.code, w.span.line) == ("W0801", 56)
    assert "searchVec" in w.message


def test_annotations_become_refinements() -> None:
    files = zod.generate(text_schema(ANNOTATED), source="test.prisma")
    out = files["validation.ts"]
    assert '  email: z.string().email({ message: "not an e-mail address" }).describe("Where we write to."),' in out
    assert "  handle: z.string().min(3).max(20).regex(/^[a-z_]+$/i),\n" in out
    assert "  age: z.int32().int().positive().nullable(),\n" in out
    assert "  age: z.int32().int().positive().nullable().optional(),\n" in out  # same refinement on create
    assert "  tags: z.array(z.string().max(5)).nullable(),\n" in out  # inside the array for lists
    assert "  score: z.number(),\n" in out  # not copied: a function argument
    assert "  visits: z.int32(),\n" in out  # not copied: zod numbers have no .email()
    assert "@zod" not in out  # annotation lines are not docs
    by_line = {d.span.line: d for d in files.diagnostics}
    assert set(by_line) == {8, 18, 20}, [d.headline() for d in files.diagnostics]
    assert all(d.span.file == "test.prisma" for d in files.diagnostics)
    assert all(d.code == "W0803" for d in files.diagnostics)
    assert "arguments must be literals" in by_line[18].message
    assert "no `.email()` refinement for a number" in by_line[20].message
    assert "refinements go on fields" in by_line[8].message


@pytest.mark.parametrize(
    ("line", "kind", "expected"),
    [
        ("@zod.email()", "string", ".email()"),
        ('@zod.regex(/a\\/b[/]/gu, "x").trim()', "string", '.regex(/a\\/b[/]/gu, "x").trim()'),
        ("@zod.min(-1.5e3).max(10)", "number", ".min(-1.5e3).max(10)"),
        ("@zod.gte(10n)", "bigint", ".gte(10n)"),
        ('@zod.max(3, { message: "m", path: ["a", 1], abort: true, },)', "string", None),
    ],
)
def test_annotation_parser_accepts_literals(line: str, kind: str, expected: str | None) -> None:
    assert parse_annotation(line, kind) == (expected or line[len("@zod") :])


@pytest.mark.parametrize(
    "line",
    [
        "@zod.email(process.env)",
        "@zod.refine((v) => true)",
        "@zod.max(`${1}`)",
        "@zod.max(1); console.log(1)",
        "@zod.max(1).",
        "@zod.max(1",
        "@zod.constructor()",
        '@zod.min(1)["x"]',
    ],
)
def test_annotation_parser_rejects_code(line: str) -> None:
    with pytest.raises(AnnotationError):
        parse_annotation(line, "string")


def test_untrusted_text_is_escaped() -> None:
    out = zod.generate(text_schema(ANNOTATED), source='evil */ "name".prisma')["validation.ts"]
    # a doc comment cannot close its JSDoc early (U+2028 ends a line in JavaScript), strings stay strings
    assert '  /**\n   * Says "hi" *\\/ and \\ back; line\n   * two\n   * three\n   */\n  note: ' in out
    assert '.describe("Says \\"hi\\" */ and \\\\ back; line\\ntwo\\nthree")' in out
    assert "  note: z.string().optional().describe(" in out
    assert out.startswith('// Generated by workbench from evil */ "name".prisma.')


def test_deterministic() -> None:
    path = SAMPLES[SAMPLE_IDS.index("saas")]
    a = zod.generate(load(path), source="x")
    b = zod.generate(text_schema(path.read_text()), source="x")
    assert a["validation.ts"] == b["validation.ts"]
