#!/usr/bin/env bash
# Record Prisma's verdict on every golden of tests/test_prisma_writer.py (the tests never run node).
#
#   PRISMA_ORACLE=/path/to/prisma-oracle bash tests/golden/prisma_writer/regenerate_oracle.sh
#
# First refresh the goldens themselves with `pytest tests/test_prisma_writer.py --update-golden`.
# For each tests/golden/prisma_writer/*.prisma this runs validate.mjs (--strip-url when the file has
# a datasource `url`, which Prisma 7 rejects) and format.mjs, and writes oracle.json:
#   {"<file>": {"sha256": ..., "valid": bool, "errors": [...], "formatted_identical": bool}}
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
ORACLE="${PRISMA_ORACLE:-$ROOT/../shared/prisma-oracle}"
ORACLE="$(cd "$ORACLE" && pwd)"

python3 - "$HERE" "$ORACLE" <<'PY'
import hashlib, json, pathlib, re, subprocess, sys
here, oracle = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
out = {}
for f in sorted(here.glob("*.prisma")):
    text = f.read_text()
    flags = ["--strip-url"] if re.search(r"^\s*url\s*=", text, re.M) else []
    v = subprocess.run(["node", str(oracle / "validate.mjs"), str(f), "--json", *flags], capture_output=True, text=True)
    verdict = json.loads(v.stdout)
    fmt = subprocess.run(["node", str(oracle / "format.mjs"), str(f)], capture_output=True, text=True, check=True)
    out[f.name] = {
        "sha256": hashlib.sha256(f.read_bytes()).hexdigest(),
        "valid": bool(verdict["valid"]),
        "errors": [e["text"].splitlines()[0] for e in verdict.get("errors", [])],
        "formatted_identical": fmt.stdout == text,
    }
    print(f.name, "valid" if out[f.name]["valid"] else "INVALID", "formatted" if out[f.name]["formatted_identical"] else "FORMAT-DIFFERS")
(here / "oracle.json").write_text(json.dumps(out, indent=2, sort_keys=True) + "\n")
PY
