#!/usr/bin/env node
// Validate many one-file Prisma schemas in one Node process with Prisma 7's own validator, through
// the oracle's helpers (../shared/prisma-oracle/_lib.mjs and the npm packages its setup.sh installs).
// Used by tools/fuzz_prisma_oracle.py: starting Node once per file would dominate the run.
//
// usage: node tools/prisma_validate_batch.mjs ORACLE_DIR LIST_FILE OUT_FILE
//   LIST_FILE: one schema path per line. OUT_FILE: one JSON object per schema, appended as each is
//   done: {"file", "valid", "errors": [{"line", "col", "text"}]}, or {"file", "crash"} when Prisma's
//   Wasm crashes (deep nesting overflows its stack); the process then exits 3, because the Wasm
//   instance cannot be trusted afterwards, and the caller restarts it after that file.
// Output goes to a file, not a pipe: Node may drop pipe output past 64 KiB on exit.
import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [oracle, listFile, outFile] = process.argv.slice(2);
if (!outFile) {
  process.stderr.write('usage: node prisma_validate_batch.mjs ORACLE_DIR LIST_FILE OUT_FILE\n');
  process.exit(2);
}
const lib = await import(pathToFileURL(path.join(path.resolve(oracle), '_lib.mjs')).href);
const w = lib.psl();

for (const file of readFileSync(listFile, 'utf8').split('\n').filter(Boolean)) {
  const text = readFileSync(file, 'utf8');
  const files = [[file, text]];
  let record;
  try {
    let valid = true;
    try {
      w.validate(JSON.stringify({ prismaSchema: files, noColor: true }));
    } catch (e) {
      const parsed = lib.parseWasmError(e);
      if (parsed.error_code === null && !(e && e.message && e.message.startsWith('{'))) throw e;
      valid = false;
    }
    const errors = JSON.parse(w.lint(JSON.stringify(files)))
      .filter((d) => !d.is_warning)
      .map((d) => {
        const at = lib.lineCol(text, d.start);
        return { line: at.line, col: at.col, text: d.text.split('\n')[0].trim() };
      });
    record = { file, valid, errors };
  } catch (e) {
    appendFileSync(outFile, JSON.stringify({ file, crash: String(e && e.message ? e.message : e).split('\n')[0] }) + '\n');
    process.exit(3);
  }
  appendFileSync(outFile, JSON.stringify(record) + '\n');
}
