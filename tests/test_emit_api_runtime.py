"""The generated REST classes and tRPC routers, run for real against PostgreSQL.

Prisma's own DDL for a sample (the golden from the Prisma oracle) creates the database; the REST
and tRPC output for the same sample is compiled with tsc and driven from Node. Node has no
Postgres driver in this repo's packages, so the Drizzle database is ``drizzle-orm/pg-proxy``,
whose callback posts each statement to a small HTTP bridge in this test that runs it on the real
server through libpq (``exec_params``, text results) and returns the rows the way node-postgres
would (booleans and 32-bit numbers parsed, JSON parsed, everything else as Postgres prints it).
No part of the SQL path is simulated: the statements Drizzle builds run on PostgreSQL.
"""

from __future__ import annotations

import json
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.emit_ts_cases import GOLDEN, SAMPLE_IDS, SAMPLES, load, rel
from tests.node_tools import TSCONFIG, bin_path, project, require_npm
from workbench.emit import rest, trpc

BOOL, INTS, FLOATS, JSONS = 16, {20: False, 21: True, 23: True, 26: True}, {700, 701}, {114, 3802}


def _value(raw: bytes | None, oid: int) -> object:
    if raw is None:
        return None
    text = raw.decode()
    if oid == BOOL:
        return text == "t"
    if INTS.get(oid):  # int8 stays a string, like node-postgres
        return int(text)
    if oid in FLOATS:
        return float(text)
    if oid in JSONS:
        return json.loads(text)
    return text


def _param(value: object) -> bytes | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return b"t" if value else b"f"
    if isinstance(value, dict | list):
        return json.dumps(value).encode()
    return str(value).encode()


@contextmanager
def sql_bridge(url: str) -> Iterator[str]:
    """An HTTP endpoint running pg-proxy requests ``{sql, params, method}`` on the database."""
    import psycopg

    con = psycopg.connect(url, autocommit=True)
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            with lock:
                res = con.pgconn.exec_params(body["sql"].encode(), [_param(p) for p in body["params"]])
            status = res.status
            if status not in (1, 2):  # COMMAND_OK, TUPLES_OK
                payload, code = (res.error_message or b"error").decode(), 500
            else:
                oids = [res.ftype(i) for i in range(res.nfields)]
                rows = [[_value(res.get_value(r, c), oids[c]) for c in range(res.nfields)] for r in range(res.ntuples)]
                payload, code = json.dumps({"rows": rows}), 200
            data = payload.encode()
            self.send_response(code)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        con.close()


SCRIPT = r"""
const assert = require("node:assert/strict");
const { drizzle } = require("drizzle-orm/pg-proxy");
const { createApi, NotFoundError } = require("./out/rest/api/index.js");
const { appRouter } = require("./out/trpc/trpc/router.js");

const db = drizzle(async (sql, params, method) => {
  // bigints travel as strings, as node-postgres sends them
  const body = JSON.stringify({ sql, params, method }, (_, v) => (typeof v === "bigint" ? v.toString() : v));
  const res = await fetch(process.env.BRIDGE, { method: "POST", body });
  if (!res.ok) throw new Error(await res.text());
  return res.json();
});

async function main() {
  const api = createApi(db);
  // REST: create with generated id, defaults and @updatedAt filled in
  const ann = await api.users.create({ email: "ann@example.com", name: "Ann" });
  assert.match(ann.id, /^[0-9a-f-]{36}$/);
  assert.equal(ann.role, "USER");
  assert.ok(ann.createdAt instanceof Date && ann.updatedAt instanceof Date);
  assert.equal(ann.name, "Ann");
  // zod validation rejects bad input before any SQL runs
  await assert.rejects(api.users.create({ email: "x@y.z", role: "ROOT" }), (e) => e.name === "ZodError");
  const publishedAt = "2024-05-01T10:00:00Z";
  const post = await api.posts.create({ title: "Hello", slug: "hello", authorId: ann.id, publishedAt });
  assert.equal(post.published, false);
  assert.equal(post.viewCount, 0);
  assert.equal(post.publishedAt.toISOString(), "2024-05-01T10:00:00.000Z");
  assert.deepEqual(await api.users.get(ann.id), ann);
  assert.equal(await api.users.get("00000000-0000-4000-8000-000000000000"), null);
  const bob = await api.users.create({ email: "bob@example.com" });
  const page = await api.users.list({ limit: 1, offset: 0 });
  assert.equal(page.length, 1);
  assert.deepEqual((await api.users.list()).map((u) => u.id), [ann.id, bob.id].sort());
  const updated = await api.users.update(bob.id, { name: "Bob", role: "ADMIN" });
  assert.equal(updated.name, "Bob");
  assert.equal(updated.role, "ADMIN");
  assert.ok(updated.updatedAt >= bob.updatedAt);
  assert.deepEqual(await api.users.update(bob.id, {}), updated);
  await assert.rejects(api.users.update("00000000-0000-4000-8000-000000000000", { name: "x" }), NotFoundError);
  const cat = await api.categories.create({ name: "News" });
  assert.equal(typeof cat.id, "number");
  await api.posts.delete(post.id);
  assert.equal(await api.posts.get(post.id), null);

  // tRPC: the same through procedures; mutations need a user in the context
  const anonymous = appRouter.createCaller({ db, user: null });
  await assert.rejects(anonymous.user.create({ email: "c@example.com" }), (e) => e.code === "UNAUTHORIZED");
  const caller = appRouter.createCaller({ db, user: { id: ann.id } });
  const carl = await caller.user.create({ email: "carl@example.com" });
  assert.equal((await caller.user.byId({ id: carl.id })).email, "carl@example.com");
  await assert.rejects(caller.user.byId({ id: "00000000-0000-4000-8000-000000000000" }), (e) => e.code === "NOT_FOUND");
  await assert.rejects(caller.user.byId({ id: "not-a-uuid" }), (e) => e.code === "BAD_REQUEST");
  const renamed = await caller.user.update({ id: carl.id, data: { name: "Carl" } });
  assert.equal(renamed.name, "Carl");
  assert.equal((await caller.user.list()).length, 3);
  assert.equal((await caller.user.list({ limit: 2, offset: 2 })).length, 1);
  await caller.user.delete({ id: carl.id });
  assert.equal((await caller.user.list()).length, 2);
  console.log("ok");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
"""


SAAS_SCRIPT = r"""
const assert = require("node:assert/strict");
const { drizzle } = require("drizzle-orm/pg-proxy");
const { createApi } = require("./out/rest/api/index.js");
const { appRouter } = require("./out/trpc/trpc/router.js");

const db = drizzle(async (sql, params, method) => {
  // bigints travel as strings, as node-postgres sends them
  const body = JSON.stringify({ sql, params, method }, (_, v) => (typeof v === "bigint" ? v.toString() : v));
  const res = await fetch(process.env.BRIDGE, { method: "POST", body });
  if (!res.ok) throw new Error(await res.text());
  return res.json();
});

async function main() {
  const api = createApi(db);
  const org = await api.organizations.create({ slug: "acme", name: "Acme" });
  assert.equal(org.plan, "FREE");
  assert.ok(org.id.length >= 20);  // cuid2 from $defaultFn
  const user = await api.users.create({ email: "u@acme.io" });
  // composite primary key: a key object
  const m = await api.memberships.create({ organizationId: org.id, userId: user.id, role: "OWNER" });
  assert.equal(m.role, "OWNER");
  const key = { organizationId: org.id, userId: user.id };
  assert.deepEqual(await api.memberships.get(key), m);
  assert.equal((await api.memberships.update(key, { role: "ADMIN" })).role, "ADMIN");
  // Json with a database default, and a Json value round trip
  const p = await api.projects.create({ organizationId: org.id, slug: "web", name: "Web" });
  assert.deepEqual(p.settings, {});
  const p2 = await api.projects.update(p.id, { settings: { theme: "dark", flags: [1, true, null] } });
  assert.deepEqual(p2.settings, { theme: "dark", flags: [1, true, null] });
  // BigInt autoincrement id (as bigint), from a JSON-friendly string key in tRPC
  const caller = appRouter.createCaller({ db, user: { id: user.id } });
  const log = await caller.auditLog.create({ organizationId: org.id, action: "login", metadata: { ip: "::1" } });
  assert.equal(typeof log.id, "bigint");
  const again = await caller.auditLog.byId({ id: String(log.id) });
  assert.equal(again.action, "login");
  // scalar list
  const scopes = ["read", "write"];
  const k = await api.apiKeys.create({ organizationId: org.id, name: "ci", prefix: "sk_", hashedKey: "h", scopes });
  assert.deepEqual(k.scopes, ["read", "write"]);
  await api.memberships.delete(key);
  assert.equal(await api.memberships.get(key), null);
  console.log("ok");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
"""


def build(sample: str) -> Iterator[Path]:
    """A sample's REST and tRPC output compiled to CommonJS (extensionless imports resolve)."""
    require_npm("typescript", "drizzle-orm", "zod", "@trpc/server")
    path = SAMPLES[SAMPLE_IDS.index(sample)]
    schema = load(path)
    files = [(f"rest/{f.path}", f.content) for f in rest.generate(schema, source=rel(path))]
    files += [(f"trpc/{f.path}", f.content) for f in trpc.generate(schema, source=rel(path))]
    options = {**TSCONFIG["compilerOptions"], "module": "NodeNext", "moduleResolution": "NodeNext", "noEmit": False}
    with project(files, tsconfig={**TSCONFIG, "compilerOptions": {**options, "outDir": "out"}}) as root:
        (root / "package.json").write_text('{"type": "commonjs", "private": true}\n')
        proc = subprocess.run([str(bin_path("tsc")), "-p", str(root)], cwd=root, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        yield root


def run_script(pg_url: str, sample: str, script: str) -> None:
    """Create the database with Prisma's DDL, then run ``script`` against the compiled output."""
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute((GOLDEN / "prisma_ddl" / f"{sample}.postgres.sql").read_text())
    node = require_npm("drizzle-orm")
    for root in build(sample):
        (root / "run.cjs").write_text(script)
        with sql_bridge(pg_url) as bridge:
            run = subprocess.run(
                [node, "run.cjs"], cwd=root, capture_output=True, text=True, timeout=120, env={"BRIDGE": bridge}
            )
        assert run.returncode == 0, run.stdout + run.stderr
        assert run.stdout.strip() == "ok"


def test_blog_rest_and_trpc_on_postgres(pg_url: str) -> None:
    import psycopg

    run_script(pg_url, "blog", SCRIPT)
    with psycopg.connect(pg_url) as con:
        users = con.execute('SELECT email, name, role::text FROM "User" ORDER BY email').fetchall()
    assert users == [("ann@example.com", "Ann", "USER"), ("bob@example.com", "Bob", "ADMIN")]


def test_saas_keys_json_bigint_lists_on_postgres(pg_url: str) -> None:
    run_script(pg_url, "saas", SAAS_SCRIPT)
