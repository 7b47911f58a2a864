"""Helpers for tests of generated Python modules: write, import, and type-check them."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import uuid
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def import_module(path: Path) -> ModuleType:
    """Import a generated file under a unique module name (so two samples never share a registry)."""
    name = f"wb_generated_{path.stem}_{uuid.uuid4().hex[:8]}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclass/SQLAlchemy annotation resolution looks the module up
    spec.loader.exec_module(module)
    return module


def mypy_strict(paths: list[Path]) -> subprocess.CompletedProcess[str]:
    """``mypy --strict`` over all files in one run (one start-up instead of one per file)."""
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--follow-imports=silent", *map(str, paths)],
        capture_output=True,
        text=True,
        cwd=paths[0].parent if paths else ROOT,
        check=False,
    )


def sqlalchemy_url(pg_url: str) -> str:
    """``postgresql://...`` -> SQLAlchemy's psycopg 3 URL."""
    scheme, _, rest = pg_url.partition("://")
    return f"postgresql+psycopg://{rest}" if scheme in ("postgresql", "postgres") else pg_url


def ruff_problems(paths: list[Path]) -> str:
    """What ``ruff check`` and ``ruff format --check`` (the repo's config) find in ``paths``; "" if clean."""
    config = str(ROOT / "pyproject.toml")
    out = []
    for args in (["check", "--no-cache"], ["format", "--check", "--no-cache"]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *args, "--config", config, *map(str, paths)],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            out.append(result.stdout + result.stderr)
    return "\n".join(out)


def apply_sql(url: str, sql: str) -> None:
    """Run a whole DDL script on PostgreSQL (simple query protocol)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        con.execute(sql)  # type: ignore[arg-type]
