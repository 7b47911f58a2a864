// Parse Mermaid files with Mermaid's own parser (mermaid.parse, headless in Node) and print one
// JSON result per file: [{"file", "ok", "diagramType", "error"}].
//
//   node tests/js/mermaid_parse.mjs FILE...
//
// Exit code 0 when every file parses, 1 otherwise, 2 on usage errors. mermaid.parse checks the
// grammar (the jison erDiagram parser) without rendering, so no browser or DOM is needed.
import { readFileSync } from "node:fs";
import mermaid from "mermaid";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node tests/js/mermaid_parse.mjs FILE...");
  process.exit(2);
}

const results = [];
for (const file of files) {
  const text = readFileSync(file, "utf8");
  try {
    const parsed = await mermaid.parse(text);
    results.push({ file, ok: true, diagramType: parsed.diagramType, error: null });
  } catch (err) {
    results.push({ file, ok: false, diagramType: null, error: String(err && err.message ? err.message : err) });
  }
}
process.stdout.write(JSON.stringify(results, null, 2) + "\n");
// exitCode, not process.exit(): exit() can cut off a large stdout write to a pipe.
process.exitCode = results.every((r) => r.ok) ? 0 : 1;
