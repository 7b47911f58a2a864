"""DBML and Mermaid output checked by their real parsers (npm: ``@dbml/core``, ``mermaid``).

``tests/js/dbml_parse.mjs`` and ``tests/js/mermaid_parse.mjs`` parse many files per Node start
(~0.5 s each) and print JSON. The npm packages come from the repo's ``package.json`` /
``package-lock.json`` (``make setup`` runs ``npm ci``). In CI (``CI`` set) a missing ``node`` or
missing packages fail these tests; on a developer machine without them they skip with the reason.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.erd_cases import BLOG_VARIANTS, ROOT, SAMPLE_IDS, SAMPLES, VARIANTS, diagram, sample
from tests.needs import unavailable
from workbench.render import Erd
from workbench.render.content import ErdTable

JS = ROOT / "tests" / "js"


@pytest.fixture(scope="module")
def node() -> str:
    exe = shutil.which("node")
    if exe is None:
        unavailable("node is not installed (apt-get install nodejs npm)")
    for pkg in ("@dbml/core", "mermaid"):
        if not (ROOT / "node_modules" / pkg / "package.json").exists():
            unavailable(f"npm package {pkg} is missing: run `make setup` (npm ci)")
    return str(exe)


def _parse(node: str, script: str, files: list[Path]) -> list[dict]:
    proc = subprocess.run(
        [node, str(JS / script), *map(str, files)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


def _diagrams() -> dict[str, Erd]:
    out = {}
    for path, sid in zip(SAMPLES, SAMPLE_IDS, strict=True):
        for variant, options in VARIANTS.items():
            out[f"{sid}.{variant}"] = diagram(path, **options)
    for variant, options in BLOG_VARIANTS.items():
        out[f"blog.{variant}"] = diagram(sample("blog"), **options)
    return out


def _dbml_name(t: ErdTable) -> str:
    """How dbml_parse.mjs names a table: ``schema.table``, bare in the default ``public`` schema."""
    bare = t.id.removeprefix(f"{t.schema}.") if t.schema else t.id
    return bare if t.schema in (None, "public") else f"{t.schema}.{bare}"


def test_dbml_parsed_by_dbml_core(node: str, tmp_path: Path) -> None:
    diagrams = _diagrams()
    files = []
    for name, d in diagrams.items():
        files.append(tmp_path / f"{name}.dbml")
        files[-1].write_text(d.dbml(), encoding="utf-8")
    results = _parse(node, "dbml_parse.mjs", files)
    bad = {r["file"]: r["errors"] for r in results if not r["ok"]}
    assert not bad, bad
    for (name, d), r in zip(diagrams.items(), results, strict=True):
        parsed_tables = sorted(t["name"] for t in r["tables"])
        assert parsed_tables == sorted(_dbml_name(t) for t in d.content.tables), name
        self_m2n = sum(e.kind == "m:n" and e.source == e.target for e in d.content.edges)
        assert len(r["refs"]) == len(d.content.edges) - self_m2n, name


def test_dbml_columns_and_refs_of_blog(node: str, tmp_path: Path) -> None:
    f = tmp_path / "blog.dbml"
    f.write_text(diagram(sample("blog"), view="database").dbml(), encoding="utf-8")
    (r,) = _parse(node, "dbml_parse.mjs", [f])
    tables = {t["name"]: t["columns"] for t in r["tables"]}
    assert tables["Comment"][:4] == ["id", "body", "postId", "authorId"]
    assert "_CategoryToPost" in tables
    refs = {(e[0]["table"], tuple(e[0]["columns"]), e[1]["table"]) for e in (x["endpoints"] for x in r["refs"])}
    assert ("Comment", ("parentId",), "Comment") in refs  # the self relation


def test_dbml_parser_rejects_broken_text(node: str, tmp_path: Path) -> None:
    """The check has teeth: a broken file is reported with a location."""
    f = tmp_path / "broken.dbml"
    f.write_text('Table "x" {\n  "id" int [pk\n}\n', encoding="utf-8")
    (r,) = _parse(node, "dbml_parse.mjs", [f])
    assert not r["ok"] and r["errors"][0]["line"]


def test_mermaid_parsed_by_mermaid(node: str, tmp_path: Path) -> None:
    files = []
    for name, d in _diagrams().items():
        files.append(tmp_path / f"{name}.mmd")
        files[-1].write_text(d.mermaid(), encoding="utf-8")
    broken = tmp_path / "zz_broken.mmd"
    broken.write_text("erDiagram\n  User ||--o{ : x\n", encoding="utf-8")
    results = _parse(node, "mermaid_parse.mjs", [*files, broken])
    bad = {r["file"]: r["error"] for r in results[:-1] if not r["ok"]}
    assert not bad, bad
    assert all(r["diagramType"] == "er" for r in results[:-1])
    assert not results[-1]["ok"] and "Parse error" in results[-1]["error"]
