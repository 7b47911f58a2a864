"""Generated TypeScript checked by its real consumers: one strict ``tsc`` run over every target's
output for every sample schema (plus SQLite/MySQL variants and an annotated schema), and zod run
for real on compiled ``validation.ts`` code.

Besides "it compiles", the run proves the parts agree: REST/tRPC code inserts zod-parsed values
into the Drizzle tables and returns Drizzle rows as the ``types.ts`` row types, and a ``check.ts``
per sample asserts that each row type / DTO is *the same type* as the zod schema's parsed output.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections import defaultdict

import pytest

from tests.emit_ts_cases import SAMPLE_IDS, SAMPLES, load, rel, text_schema
from tests.node_tools import TSCONFIG, bin_path, project, require_npm, tsc
from tests.test_emit_rest import variant
from tests.test_emit_zod import ANNOTATED
from workbench.emit import rest, trpc, typescript, zod
from workbench.emit.rest.emitter import api_models
from workbench.emit.tscommon import client_models
from workbench.emit.tsnames import type_name, zod_var
from workbench.emit.typescript import dto_name
from workbench.ir.schema import Schema

# Names that clash with generated locals / tRPC reserved words, a model that cannot be created,
# a Decimal + enum composite key.
EDGE = """
datasource db {
  provider = "postgresql"
}

enum Kind {
  A
  B
}

model Call {
  id     Int                     @id
  vector Unsupported("tsvector")
}

model Row {
  data  String
  kind  Kind
  price Decimal
  input Json?
  blob  Bytes?

  @@id([data, kind, price])
}

model Find {
  id   String @id @default(cuid())
  then Int
}
"""

EDGE_FOLDERS = {"edge": "postgresql", "edge-sqlite": "sqlite", "edge-mysql": "mysql"}
VARIANTS = [(p, n) for p in ("sqlite", "mysql") for n in ("blog", "ecommerce", "library", "saas", "social")]


def check_file(schema: Schema) -> str:
    """Type-level proof that types.ts and validation.ts describe the same values."""
    lines = [
        'import type { z } from "zod";',
        'import type * as t from "./types";',
        'import type * as v from "./validation";',
        "",
        "type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;",
        "",
    ]
    creatable = {m.name for m in api_models(schema)}
    for m in client_models(schema):
        name = type_name(m.name)
        lines.append(f"export const row{name}: Same<t.{name}, z.output<typeof v.{zod_var(m.name)}>> = true;")
        if m.name in creatable:
            for kind in ("create", "update"):
                lines.append(
                    f"export const {kind}{name}: Same<t.{dto_name(m.name, kind)}, "
                    f"z.output<typeof v.{zod_var(m.name, kind)}>> = true;"
                )
    return "\n".join(lines) + "\n"


def all_files() -> list[tuple[str, str]]:
    files: list[tuple[str, str]] = []
    for sid, path in zip(SAMPLE_IDS, SAMPLES, strict=True):
        schema = load(path)
        for target, gen in (("zod", zod), ("typescript", typescript), ("rest", rest), ("trpc", trpc)):
            files += [(f"{sid}/{target}/{f.path}", f.content) for f in gen.generate(schema, source=rel(path))]
        files.append((f"{sid}/rest/check.ts", check_file(schema)))
    for provider, name in VARIANTS:
        schema = text_schema(variant(name, provider))
        for target, gen in (("rest", rest), ("trpc", trpc)):
            files += [(f"{provider}-{name}/{target}/{f.path}", f.content) for f in gen.generate(schema, source=name)]
        files.append((f"{provider}-{name}/rest/check.ts", check_file(schema)))
    for folder, provider in EDGE_FOLDERS.items():  # Bytes on every dialect: Uint8Array, no cast
        edge = text_schema(EDGE.replace('"postgresql"', f'"{provider}"'))
        for target, gen in (("rest", rest), ("trpc", trpc)):
            files += [(f"{folder}/{target}/{f.path}", f.content) for f in gen.generate(edge, source="edge.prisma")]
    annotated = text_schema(ANNOTATED)
    files += [(f"annotated/{f.path}", f.content) for f in rest.generate(annotated, source='a */ "b".prisma')]
    files.append(("annotated/check.ts", check_file(annotated)))
    return files


@pytest.fixture(scope="module")
def tsc_errors() -> dict[str, list[str]]:
    """One tsc run over everything; errors grouped by top-level folder."""
    require_npm("typescript", "drizzle-orm", "zod", "@trpc/server")
    files = all_files()
    with project(files) as root:
        proc = tsc(root)
    errors: dict[str, list[str]] = defaultdict(list)
    for line in proc.stdout.splitlines():
        m = re.match(r"([^/(]+)/", line)
        errors[m.group(1) if m else "?"].append(line)
    if proc.returncode != 0 and not errors:
        errors["?"].append(proc.stdout + proc.stderr)
    return errors


@pytest.mark.parametrize("folder", [*SAMPLE_IDS, *(f"{p}-{n}" for p, n in VARIANTS), "annotated", *EDGE_FOLDERS])
def test_tsc_strict_passes(folder: str, tsc_errors: dict[str, list[str]]) -> None:
    assert not tsc_errors.get(folder), "\n".join(tsc_errors[folder][:30])
    assert not tsc_errors.get("?"), tsc_errors["?"]


def test_tsc_catches_a_mismatch() -> None:
    """The check file really checks: a DTO that differs from the zod schema fails to compile."""
    schema = load(SAMPLES[SAMPLE_IDS.index("blog")])
    types = typescript.generate(schema, source="b")["types.ts"].replace(
        "  name?: string | null;\n", "  name?: string;\n", 1
    )
    files = [("types.ts", types), ("validation.ts", zod.generate(schema, source="b")["validation.ts"])]
    with project([*files, ("check.ts", check_file(schema))]) as root:
        proc = tsc(root)
    # lines 8 and 9 of check.ts compare CreateUserDTO / UpdateUserDTO with the zod schemas
    assert proc.returncode != 0 and "check.ts(8," in proc.stdout and "check.ts(9," in proc.stdout, proc.stdout


RUNTIME = r"""
import * as v from "./validation.js";

const out = {};
const ok = (schema, value) => schema.safeParse(value).success;
const uuid = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";
const row = { id: uuid, email: "a@b.co", name: null, role: "ADMIN", createdAt: new Date(), updatedAt: new Date() };
out.goodRow = ok(v.userSchema, row);
out.badUuid = ok(v.userSchema, { ...row, id: "not-a-uuid" });
out.badRole = ok(v.userSchema, { ...row, role: "ROOT" });
out.missingName = ok(v.userSchema, { ...row, name: undefined });
out.createMinimal = v.createUserSchema.parse({ email: "x@y.z" });
out.createNullName = ok(v.createUserSchema, { email: "x@y.z", name: null });
out.createNoEmail = ok(v.createUserSchema, { name: "n" });
const iso = v.createUserSchema.parse({ email: "x@y.z", createdAt: "2024-01-02T03:04:05Z" });
out.createIsoDate = iso.createdAt instanceof Date;
out.createBadDate = ok(v.createUserSchema, { email: "x@y.z", createdAt: "yesterday" });
out.updateEmpty = ok(v.updateUserSchema, {});
out.stripsUnknown = v.createUserSchema.parse({ email: "x@y.z", isAdmin: true });
out.description = v.userSchema.shape.email.description;
const m = { id: 1, email: "m@x.io", handle: "abc", age: 5, score: 1, visits: 0, tags: null, note: "n" };
out.annGood = ok(v.memberSchema, m);
out.annBadEmail = ok(v.memberSchema, { ...m, email: "nope" });
out.annBadHandle = ok(v.memberSchema, { ...m, handle: "ab" });
out.annBadAge = ok(v.memberSchema, { ...m, age: -1 });
out.annTagTooLong = ok(v.memberSchema, { ...m, tags: ["123456"] });
out.annMessage = v.memberSchema.safeParse({ ...m, email: "nope" }).error?.issues[0]?.message;
out.decimalGood = ok(v.decimalInputSchema, 12.5) && ok(v.decimalSchema, "-0.19");
out.decimalBad = ok(v.decimalSchema, "1,5");
out.decimalFromNumber = v.decimalInputSchema.parse(0.1);
out.bigintFromString = typeof v.createAuditSchema.parse({ id: "9007199254740993" }).id;
out.bigintValue = String(v.createAuditSchema.parse({ id: "9007199254740993" }).id);
out.bytes = ok(v.auditSchema, { id: 1n, blob: new Uint8Array([1]), data: { a: [1, "x", null] }, amount: null });
out.bytesBad = ok(v.auditSchema, { id: 1n, blob: "AQ==", data: null });
out.jsonBad = ok(v.auditSchema, { id: 1n, blob: new Uint8Array([1]), data: { f: () => 1 } });
console.log(JSON.stringify(out));
"""

RUNTIME_SCHEMA = (
    (SAMPLES[SAMPLE_IDS.index("blog")].read_text().split("/// Who may")[0])
    + """
enum Role {
  USER
  ADMIN
}

model User {
  id        String   @id @default(uuid())
  /// Login name.
  email     String   @unique
  name      String?
  role      Role     @default(USER)
  createdAt DateTime @default(now())
  updatedAt DateTime @updatedAt
}

model Audit {
  id   BigInt @id
  blob Bytes?
  data Json?
  amount Decimal?
}
"""
    + ANNOTATED.split("/// Members.")[1].split("\n", 1)[1].replace("/// @zod.strict()\n", "")
)


def test_zod_schemas_at_runtime() -> None:
    """Compile validation.ts with tsc and validate good and bad values with the real zod."""
    node = require_npm("typescript", "zod")
    text = zod.generate(text_schema(RUNTIME_SCHEMA), source="runtime.prisma")["validation.ts"]
    config = {**TSCONFIG, "compilerOptions": {**TSCONFIG["compilerOptions"], "noEmit": False, "outDir": "out"}}
    with project([("validation.ts", text)], tsconfig=config) as root:
        proc = subprocess.run([str(bin_path("tsc")), "-p", str(root)], cwd=root, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout
        (root / "out" / "run.mjs").write_text(RUNTIME)
        run = subprocess.run([node, "out/run.mjs"], cwd=root, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    r = json.loads(run.stdout)
    assert r["goodRow"] is True
    assert (r["badUuid"], r["badRole"], r["missingName"]) == (False, False, False)
    assert r["createMinimal"] == {"email": "x@y.z"}
    assert (r["createNullName"], r["createNoEmail"]) == (True, False)
    assert (r["createIsoDate"], r["createBadDate"], r["updateEmpty"]) == (True, False, True)
    assert r["stripsUnknown"] == {"email": "x@y.z"}
    assert r["description"] == "Login name."
    assert r["annGood"] is True
    assert (r["annBadEmail"], r["annBadHandle"], r["annBadAge"], r["annTagTooLong"]) == (False, False, False, False)
    assert r["annMessage"] == "not an e-mail address"
    assert (r["decimalGood"], r["decimalBad"], r["decimalFromNumber"]) == (True, False, "0.1")
    assert (r["bigintFromString"], r["bigintValue"]) == ("bigint", "9007199254740993")
    assert (r["bytes"], r["bytesBad"], r["jsonBad"]) == (True, False, False)
