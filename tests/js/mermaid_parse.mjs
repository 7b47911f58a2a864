// Parse Mermaid files with Mermaid's own parser (mermaid.parse, headless in Node) and print one
// JSON result per file: [{"file", "ok", "diagramType", "error", "entities", "relationships"}].
// For an erDiagram, "entities" is what Mermaid would draw: [{"id", "alias", "attributes":
// [{"type", "name", "comment", "keys"}]}] and "relationships" [{"a", "b", "role"}], with entity
// codes (#quot;, #92;) decoded to the characters Mermaid shows.
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

// Mermaid swaps entity codes for placeholders before parsing and back after rendering.
const NAMED = { quot: '"', amp: "&", lt: "<", gt: ">", nbsp: "\u00a0" };
const decode = (text) =>
  text == null
    ? text
    : String(text)
        .replace(/\uFB02\u00B0\u00B0(\d+)\u00B6\u00DF/g, (_, n) => String.fromCodePoint(Number(n)))
        .replace(/\uFB02\u00B0(\w+)\u00B6\u00DF/g, (m, name) => NAMED[name] ?? `&${name};`);

async function erContent(text) {
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  const found = diagram.db.getEntities();
  const entries = found instanceof Map ? [...found.entries()] : Object.entries(found);
  const entities = entries.map(([id, e]) => ({
    id,
    alias: decode(e.alias),
    attributes: (e.attributes ?? []).map((a) => ({
      type: decode(a.type),
      name: decode(a.name),
      comment: decode(a.comment),
      keys: a.keys ?? [],
    })),
  }));
  const relationships = diagram.db.getRelationships().map((r) => ({ a: r.entityA, b: r.entityB, role: decode(r.roleA) }));
  return { entities, relationships };
}

const results = [];
for (const file of files) {
  const text = readFileSync(file, "utf8");
  try {
    const parsed = await mermaid.parse(text);
    const extra = parsed.diagramType === "er" ? await erContent(text) : {};
    results.push({ file, ok: true, diagramType: parsed.diagramType, error: null, ...extra });
  } catch (err) {
    results.push({ file, ok: false, diagramType: null, error: String(err && err.message ? err.message : err) });
  }
}
process.stdout.write(JSON.stringify(results, null, 2) + "\n");
// exitCode, not process.exit(): exit() can cut off a large stdout write to a pipe.
process.exitCode = results.every((r) => r.ok) ? 0 : 1;
