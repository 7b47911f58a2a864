#!/usr/bin/env bash
# Record Prisma's formatter output for tests/test_format.py (the tests never run node).
#
#   PRISMA_ORACLE=/path/to/prisma-oracle bash tests/golden/format/regenerate.sh
#
# * tests/data/format/*.prisma (messy inputs) -> tests/golden/format/<same name>, the output of
#   format.mjs byte for byte (CRLF inputs stay CRLF where Prisma keeps them: inside verbatim lines);
# * tests/data/format/multifile/ (one multi-file schema, relations across files)
#   -> tests/golden/format/multifile/<same relative paths>;
#   and twice.json: whether Prisma's output is stable under a second `prisma format` (it is not on
#   a few odd inputs, e.g. two block comments on one line) and the sha256 of that second pass;
# * every sample schema (sample_schemas/**/*.prisma) and every writer golden
#   (tests/golden/prisma_writer/*.prisma) -> oracle.json: sha256 of the input and of Prisma's output,
#   so the test can check our formatter against Prisma without copying those files again.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
ORACLE="${PRISMA_ORACLE:-$ROOT/../shared/prisma-oracle}"
ORACLE="$(cd "$ORACLE" && pwd)"

python3 - "$ROOT" "$ORACLE" <<'PY'
import hashlib, json, pathlib, shutil, subprocess, sys, tempfile

root, oracle = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
data, golden = root / "tests/data/format", root / "tests/golden/format"


def fmt(path: pathlib.Path) -> bytes:
    r = subprocess.run(["node", str(oracle / "format.mjs"), str(path)], capture_output=True, check=True)
    return r.stdout


sha = lambda b: hashlib.sha256(b).hexdigest()
twice = {}
for f in sorted(data.glob("*.prisma")):
    once = fmt(f)
    (golden / f.name).write_bytes(once)
    again = fmt(golden / f.name)
    # prisma format is not idempotent on a few odd inputs (see twice.json): record its second pass
    twice[f.name] = {"idempotent": again == once, "twice_sha256": sha(again)}
    print("golden", f.name, "" if again == once else "(not idempotent in Prisma)")
(golden / "twice.json").write_text(json.dumps(twice, indent=2, sort_keys=True) + "\n")

# A folder: format.mjs --write on a copy gives each file's output without the "// ==>" headers.
shutil.rmtree(golden / "multifile", ignore_errors=True)
with tempfile.TemporaryDirectory() as tmp:
    copy = pathlib.Path(tmp) / "multifile"
    shutil.copytree(data / "multifile", copy)
    subprocess.run(["node", str(oracle / "format.mjs"), str(copy), "--write"], check=True)
    shutil.copytree(copy, golden / "multifile")
print("golden multifile/")

record = {}
inputs = sorted((root / "sample_schemas").rglob("*.prisma")) + sorted((root / "tests/golden/prisma_writer").glob("*.prisma"))
for f in inputs:
    rel = f.relative_to(root).as_posix()
    out = fmt(f)
    record[rel] = {"input_sha256": sha(f.read_bytes()), "output_sha256": sha(out), "unchanged": out == f.read_bytes()}
    print("oracle", rel, "unchanged" if record[rel]["unchanged"] else "CHANGED")
(golden / "oracle.json").write_text(json.dumps(record, indent=2, sort_keys=True) + "\n")
PY
