// Parse DBML files with the real @dbml/core parser and print one JSON result per file.
//
//   node tests/js/dbml_parse.mjs FILE...   -> [{"file", "ok", "tables", "refs", "enums", "groups", "errors"}]
//
// Exit code 0 when every file parses, 1 otherwise (the JSON is printed either way), 2 on usage
// errors. Used by tests/test_erd_js.py; run from anywhere (imports resolve from the repo root).
import { readFileSync } from "node:fs";
import { Parser } from "@dbml/core";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node tests/js/dbml_parse.mjs FILE...");
  process.exit(2);
}

const results = files.map((file) => {
  const text = readFileSync(file, "utf8");
  try {
    const db = Parser.parse(text, "dbmlv2");
    const tables = [];
    const refs = [];
    const enums = [];
    const groups = [];
    for (const schema of db.schemas) {
      const prefix = schema.name === "public" ? "" : `${schema.name}.`;
      for (const t of schema.tables) tables.push({ name: prefix + t.name, columns: t.fields.map((f) => f.name) });
      for (const r of schema.refs) {
        refs.push({
          name: r.name,
          endpoints: r.endpoints.map((e) => ({
            table: (e.schemaName && e.schemaName !== "public" ? `${e.schemaName}.` : "") + e.tableName,
            columns: e.fieldNames,
            relation: e.relation,
          })),
        });
      }
      for (const e of schema.enums) enums.push({ name: prefix + e.name, values: e.values.map((v) => v.name) });
      for (const g of schema.tableGroups) groups.push({ name: g.name, tables: g.tables.map((t) => t.name) });
    }
    return { file, ok: true, tables, refs, enums, groups, errors: [] };
  } catch (err) {
    const diags = err && err.diags ? err.diags : [err];
    const errors = diags.map((d) => ({
      message: String(d && d.message ? d.message : d),
      line: d && d.location && d.location.start ? d.location.start.line : null,
      column: d && d.location && d.location.start ? d.location.start.column : null,
    }));
    return { file, ok: false, errors };
  }
});
process.stdout.write(JSON.stringify(results, null, 2) + "\n");
// exitCode, not process.exit(): exit() can cut off a large stdout write to a pipe.
process.exitCode = results.every((r) => r.ok) ? 0 : 1;
