"""``workbench export --check``: the sync-schema step of CI. Exit 1 listing what drifted (with a diff
excerpt), 0 when in sync, and nothing written either way."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from tests.cli_run import ROOT, workbench

BLOG = ROOT / "sample_schemas" / "blog.prisma"
CLEAN = {"DATABASE_URL": "", "WORKBENCH_SCHEMA": ""}


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_one_target_with_o(tmp_path: Path) -> None:
    shutil.copy(BLOG, tmp_path / "blog.prisma")
    r = workbench("export", "blog.prisma", "--to", "zod", "-o", "out", "--check", cwd=tmp_path)
    assert r.returncode == 1
    assert r.stdout == "out/validation.ts: is missing (the schema generates it)\n"
    assert not (tmp_path / "out").exists()  # nothing written
    assert workbench("export", "blog.prisma", "--to", "zod", "-o", "out", cwd=tmp_path).returncode == 0
    r = workbench("export", "blog.prisma", "--to", "zod", "-o", "out", "--check", cwd=tmp_path)
    assert (r.returncode, r.stdout) == (0, "")
    assert r.stderr.endswith("export --check: 1 file in sync with blog.prisma\n")
    schema = tmp_path / "blog.prisma"
    schema.write_text(schema.read_text().replace("  title ", "  headline "))
    before = _snapshot(tmp_path)
    r = workbench("export", "blog.prisma", "--to", "zod", "-o", "out", "--check", cwd=tmp_path)
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    assert lines[0] == "out/validation.ts: differs from what the schema generates"
    assert lines[1:3] == ["--- out/validation.ts (on disk)", "+++ out/validation.ts (generated)"]
    assert "-  title: z.string()," in lines and "+  headline: z.string()," in lines
    assert "run `workbench export` and commit the result" in r.stderr
    assert _snapshot(tmp_path) == before


def test_configured_targets_and_a_stale_file(tmp_path: Path) -> None:
    (tmp_path / "prisma").mkdir()
    shutil.copy(BLOG, tmp_path / "prisma" / "schema.prisma")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.workbench]\nschema = "prisma/schema.prisma"\n\n[tool.workbench.export]\n'
        'sql = { output = "gen/schema.sql", dialect = "sqlite" }\npydantic = "gen/models"\n'
    )
    assert workbench("export", cwd=tmp_path, env=CLEAN).returncode == 0
    assert (tmp_path / "gen" / "schema.sql").read_text().count('CREATE TABLE "Post"') == 1
    r = workbench("export", "--check", cwd=tmp_path, env=CLEAN)
    assert r.returncode == 0 and r.stdout == "", r.stdout + r.stderr
    # a file an earlier export wrote and the schema no longer produces is stale
    manifest = tmp_path / "gen" / "models" / ".workbench-export.json"
    data = json.loads(manifest.read_text())
    (tmp_path / "gen" / "models" / "old.py").write_text("x = 1\n")
    data["targets"]["pydantic"]["old.py"] = "sha256:" + hashlib.sha256(b"x = 1\n").hexdigest()
    manifest.write_text(json.dumps(data))
    (tmp_path / "gen" / "schema.sql").write_text("-- edited by hand\n")
    r = workbench("export", "--check", cwd=tmp_path, env=CLEAN)
    assert r.returncode == 1
    assert "gen/schema.sql: differs from what the schema generates" in r.stdout
    assert "-- edited by hand" in r.stdout
    assert "gen/models/old.py: is stale (the schema no longer generates it; export would remove it)" in r.stdout
    assert (tmp_path / "gen" / "models" / "old.py").exists()


def test_usage_errors(tmp_path: Path) -> None:
    shutil.copy(BLOG, tmp_path / "blog.prisma")
    r = workbench("export", "blog.prisma", "--to", "zod", "--check", cwd=tmp_path, env=CLEAN)
    assert r.returncode == 2 and "--check compares with files on disk: give -o" in r.stderr
    (tmp_path / "workbench.toml").write_text('[export]\ndrizle = "src"\n')
    r = workbench("export", "blog.prisma", "--check", cwd=tmp_path, env=CLEAN)
    assert r.returncode == 1
    assert r.stderr.startswith('error: workbench.toml:2:1: unknown export target "drizle"; choose one of sql, drizzle')
