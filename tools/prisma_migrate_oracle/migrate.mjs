#!/usr/bin/env node
// Prisma's own migration runner as an oracle: `prisma migrate deploy` / `prisma migrate status`,
// offline, on a real database.
//
// The Prisma 7 CLI runs migrations through the native schema-engine binary, which it cannot
// download here. This drives the Wasm build of the same schema engine (the one bundled in the
// prisma 7.10.1 CLI package, loaded with the glue of @prisma/schema-engine-wasm) through a REAL
// driver adapter (@prisma/adapter-pg + pg for PostgreSQL; @prisma/adapter-better-sqlite3 7.10.0, whose
// better-sqlite3 builds from source offline with the system's node headers, for SQLite), and calls the engine methods the CLI calls:
//   apply  = MigrateDeploy: listMigrationDirectories + applyMigrations
//   status = MigrateStatus: listMigrationDirectories + diagnoseMigrationHistory(optInToShadowDatabase=false)
//   mark-applied NAME / mark-rolled-back NAME = `prisma migrate resolve --applied|--rolled-back NAME`
// The migrations list is built exactly as the CLI builds it (cli.js `Bl`): every sub-directory of
// FOLDER sorted with localeCompare, its migration.sql read as utf-8 (or an error value), the lock
// file `migration_lock.toml` (content or null), an empty shadow-database init script.
//
// usage: node migrate.mjs apply|status|mark-applied NAME|mark-rolled-back NAME FOLDER --url URL [--json] [--verbose]
//   URL: postgresql://USER@HOST:PORT/DB, or file:PATH / sqlite:///PATH for SQLite
// output: apply prints the applied migration names (one a line, or JSON); status prints the
// engine's diagnostic as JSON with --json, else a short text like Prisma's.
// exit: 0 ok (status: up to date), 1 engine/database error (status: not up to date), 2 usage error
//
// Packages: the engine from $PRISMA_ORACLE_HOME (default /tmp/prisma-oracle), the adapter from
// node_modules next to this file.
import { createRequire } from 'node:module';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const ORACLE_HOME = path.resolve(process.env.PRISMA_ORACLE_HOME || '/tmp/prisma-oracle');
const fromHome = createRequire(path.join(ORACLE_HOME, 'package.json'));
const fromHere = createRequire(path.join(here, 'package.json'));

function die(msg, code = 2) {
  process.stderr.write(String(msg).replace(/\n?$/, '\n'));
  process.exit(code);
}
function redact(text, url) {
  let out = String(text);
  try {
    const pw = decodeURIComponent(new URL(url).password);
    if (pw) out = out.split(pw).join('****');
  } catch {}
  return out;
}

// ---- arguments
const argv = process.argv.slice(2);
const flags = { json: false, verbose: false, url: process.env.DATABASE_URL };
const pos = [];
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--json') flags.json = true;
  else if (a === '--verbose') flags.verbose = true;
  else if (a === '--url') flags.url = argv[++i];
  else if (a.startsWith('--url=')) flags.url = a.slice(6);
  else if (a.startsWith('--')) die(`unknown option ${a}`);
  else pos.push(a);
}
const usage = 'usage: node migrate.mjs apply|status|mark-applied NAME|mark-rolled-back NAME FOLDER --url URL [--json] [--verbose]';
const cmd = pos[0];
const needsName = cmd === 'mark-applied' || cmd === 'mark-rolled-back';
if (!['apply', 'status', 'mark-applied', 'mark-rolled-back'].includes(cmd) || pos.length !== (needsName ? 3 : 2)) die(usage);
if (!flags.url) die('give --url URL (or set DATABASE_URL)');
const migrationName = needsName ? pos[1] : null;
const folder = path.resolve(pos[pos.length - 1]);
if (!existsSync(folder)) die(`${folder}: no such folder`);
const log = (...a) => { if (flags.verbose) console.error(...a); };

// ---- the migrations list, as the Prisma CLI builds it (cli.js `Bl`)
async function listMigrations(baseDir, shadowDbInitScript = '') {
  const lockPath = 'migration_lock.toml';
  const content = await readFile(path.join(baseDir, lockPath), { encoding: 'utf-8' }).catch(() => null);
  const dirs = readdirSync(baseDir, { withFileTypes: true }).filter((d) => d.isDirectory());
  const migrationDirectories = [];
  for (const d of dirs) {
    const file = 'migration.sql';
    const value = await readFile(path.join(baseDir, d.name, file), { encoding: 'utf-8' })
      .then((v) => ({ tag: 'ok', value: v }))
      .catch((e) => ({ tag: 'error', value: e.message }));
    migrationDirectories.push({ path: d.name, migrationFile: { path: file, content: value } });
  }
  migrationDirectories.sort((a, b) => a.path.localeCompare(b.path));
  return { baseDir, lockfile: { path: lockPath, content }, migrationDirectories, shadowDbInitScript };
}

// ---- provider from the URL: postgresql://... (adapter-pg) or file:PATH / sqlite:///PATH (adapter-better-sqlite3)
const scheme = flags.url.split(':')[0];
let sqlitePath = null;
if (scheme === 'file') sqlitePath = flags.url.slice('file:'.length);
else if (scheme === 'sqlite') sqlitePath = flags.url.replace(/^sqlite:\/\//, '');
else if (!['postgres', 'postgresql'].includes(scheme)) die(`unsupported URL scheme ${scheme}: give postgresql://..., file:PATH or sqlite:///PATH`);

// ---- the Wasm schema engine (the build the prisma 7.10.1 CLI bundles)
if (!globalThis.PRISMA_WASM_PANIC_REGISTRY) {
  globalThis.PRISMA_WASM_PANIC_REGISTRY = { message: '', set_message(m) { this.message = `RuntimeError: ${m}`; }, get() { return this.message; } };
}
const bg = await import(pathToFileURL(fromHome.resolve('@prisma/schema-engine-wasm/schema_engine_bg')).href);
const wasmPath = path.join(ORACLE_HOME, 'node_modules', 'prisma', 'build', 'schema_engine_bg.wasm');
const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(wasmPath)), { './schema_engine_bg.js': bg });
bg.__wbg_set_wasm(instance.exports);
instance.exports.__wbindgen_start();

// ---- the real driver adapter
const { bindMigrationAwareSqlAdapterFactory } = await import(pathToFileURL(fromHere.resolve('@prisma/driver-adapter-utils')).href);
let adapter;
if (sqlitePath !== null) {
  const { PrismaBetterSqlite3 } = await import(pathToFileURL(fromHere.resolve('@prisma/adapter-better-sqlite3')).href);
  adapter = new PrismaBetterSqlite3({ url: `file:${sqlitePath}`, timeout: 10000 });
} else {
  const { PrismaPg } = await import(pathToFileURL(fromHere.resolve('@prisma/adapter-pg')).href);
  adapter = new PrismaPg({ connectionString: flags.url, connectionTimeoutMillis: 10000 });
}
const factory = bindMigrationAwareSqlAdapterFactory(adapter);

function fail(e) {
  const reg = factory.errorRegistry?.consumeError?.(Number(/id#(\d+)/.exec(e?.message ?? '')?.[1]));
  const inner = reg?.error ? (reg.error.message ?? JSON.stringify(reg.error)) : null;
  const panic = globalThis.PRISMA_WASM_PANIC_REGISTRY?.message;
  let text = e?.message ?? String(e);
  try { const parsed = JSON.parse(text); text = (parsed.error_code ? parsed.error_code + ': ' : '') + (parsed.message ?? text); } catch {}
  process.stderr.write(redact(`error: ${inner || panic || text}`, flags.url) + '\n');
  process.exit(1);
}

const filters = { externalTables: [], externalEnums: [] };
let engine;
try {
  engine = await bg.SchemaEngine.new({ datamodels: undefined }, (m) => log(`[engine] ${m}`), factory);
  const migrationsList = await listMigrations(folder);
  const names = migrationsList.migrationDirectories.map((d) => d.path);
  if (cmd === 'apply') {
    const res = await engine.applyMigrations({ migrationsList, filters });
    if (flags.json) process.stdout.write(JSON.stringify({ found: names, applied: res.appliedMigrationNames }) + '\n');
    else process.stdout.write(res.appliedMigrationNames.map((n) => n + '\n').join('') || 'No pending migrations to apply.\n');
  } else if (cmd === 'status') {
    const res = await engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters });
    const upToDate = !res.history && res.failedMigrationNames.length === 0 && res.editedMigrationNames.length === 0 && res.hasMigrationsTable;
    if (flags.json) process.stdout.write(JSON.stringify({ found: names, ...res }) + '\n');
    else if (upToDate || (names.length === 0 && !res.history)) process.stdout.write('Database schema is up to date!\n');
    else process.stdout.write(JSON.stringify(res, null, 2) + '\n');
    process.exitCode = upToDate || (names.length === 0 && !res.history) ? 0 : 1;
  } else if (cmd === 'mark-applied') {
    await engine.markMigrationApplied({ migrationName, migrationsList });
    process.stdout.write(`Migration ${migrationName} marked as applied.\n`);
  } else {
    await engine.markMigrationRolledBack({ migrationName });
    process.stdout.write(`Migration ${migrationName} marked as rolled back.\n`);
  }
} catch (e) { fail(e); }
// The engine keeps the pool open: end the process like the CLI does.
process.exit(process.exitCode ?? 0);
