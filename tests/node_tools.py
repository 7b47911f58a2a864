"""Run the real npm tools (tsc, drizzle-kit) on generated code, from the repo's node_modules.

Generated files are written to a temp dir whose ``node_modules`` is a symlink to the repo's, so
imports such as ``drizzle-orm/pg-core`` resolve exactly as in a user's project. In CI (``CI`` set)
a missing ``node`` or missing packages fail the calling test; on a developer machine without them
it is skipped with the reason.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.needs import unavailable

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"

# Strict settings a careful TypeScript project would use; generated code must pass them all.
TSCONFIG = {
    "compilerOptions": {
        "target": "ES2022",
        "module": "ESNext",
        "moduleResolution": "Bundler",
        "strict": True,
        "noEmit": True,
        "skipLibCheck": True,
        "noUnusedLocals": True,
        "noImplicitReturns": True,
        "noFallthroughCasesInSwitch": True,
        "esModuleInterop": True,
        "types": ["node"],
    },
    "include": ["**/*.ts"],
}


def require_npm(*packages: str) -> str:
    """Path of ``node``; fails (CI) or skips (dev machine) when node or a package is missing."""
    exe = shutil.which("node")
    if exe is None:
        unavailable("node is not installed (apt-get install nodejs npm)")
    for pkg in packages:
        if not (NODE_MODULES / pkg / "package.json").exists():
            unavailable(f"npm package {pkg} is missing: run `make setup` (npm ci)")
    return str(exe)


def bin_path(name: str) -> Path:
    return NODE_MODULES / ".bin" / name


@contextmanager
def project(files: Iterable[tuple[str, str]], tsconfig: dict | None = None) -> Iterator[Path]:
    """A throwaway TypeScript project holding ``files`` (relative path, text) and a tsconfig."""
    with tempfile.TemporaryDirectory(prefix="wb-ts-") as tmp:
        root = Path(tmp)
        (root / "node_modules").symlink_to(NODE_MODULES, target_is_directory=True)
        (root / "package.json").write_text('{"type": "module", "private": true}\n')
        (root / "tsconfig.json").write_text(json.dumps(tsconfig or TSCONFIG, indent=2))
        for rel, text in files:
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        yield root


def tsc(root: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """``tsc --noEmit -p root``; the result's stdout holds the compiler's errors, if any."""
    require_npm("typescript")
    return subprocess.run(
        [str(bin_path("tsc")), "--noEmit", "-p", str(root)], cwd=root, capture_output=True, text=True, timeout=timeout
    )


def drizzle_kit_generate(root: Path, schema: str, dialect: str, timeout: float = 300) -> str:
    """SQL that ``drizzle-kit generate`` writes for ``schema`` (a path relative to ``root``)."""
    require_npm("drizzle-kit", "drizzle-orm")
    out = root / "drizzle-out"
    proc = subprocess.run(
        [str(bin_path("drizzle-kit")), "generate", "--dialect", dialect, "--schema", schema, "--out", str(out)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "NO_COLOR": "1"},
    )
    if proc.returncode != 0:
        raise AssertionError(f"drizzle-kit generate failed:\n{proc.stdout}\n{proc.stderr}")
    sql_files = sorted(out.glob("*.sql"))
    if not sql_files:
        raise AssertionError(f"drizzle-kit wrote no SQL:\n{proc.stdout}\n{proc.stderr}")
    return "\n".join(f.read_text(encoding="utf-8") for f in sql_files).replace("--> statement-breakpoint", "")
