"""Shared cases for the TypeScript-family emitter tests (zod, types, REST, GraphQL, tRPC).

Every sample schema is generated with the path it was loaded from as ``source`` (that path is
in each file's header). Goldens live under ``tests/golden/<target>/<sample>/<file>``; REST and
tRPC goldens hold only their own files (``schema.ts``, ``validation.ts`` and ``types.ts`` have
goldens of their own targets).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from tests.roundtrip_util import sample_id, sample_paths
from workbench.emit.files import GeneratedFiles
from workbench.ir.schema import Schema
from workbench.loaders.prisma import load_prisma

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
SAMPLES = sample_paths()
SAMPLE_IDS = [sample_id(p) for p in SAMPLES]
BASE_FILES = frozenset({"schema.ts", "validation.ts", "types.ts"})


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@cache
def load(path: Path) -> Schema:
    result = load_prisma(rel(path))
    assert not [d for d in result.diagnostics if d.is_error], result.diagnostics
    return result.schema


def text_schema(text: str, name: str = "test.prisma") -> Schema:
    result = load_prisma(text=text, name=name)
    errors = [d.headline() for d in result.diagnostics if d.is_error]
    assert not errors, errors
    return result.schema


def check_golden(target: str, sample: str, files: GeneratedFiles, update: bool, *, skip=BASE_FILES) -> None:
    folder = GOLDEN / target / sample
    own = {f.path: f.content for f in files if f.path not in skip}
    if update:
        for old in folder.rglob("*") if folder.exists() else ():
            if old.is_file() and old.relative_to(folder).as_posix() not in own:
                old.unlink()
        for path, content in own.items():
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_text(content, encoding="utf-8")
    assert folder.exists(), f"missing goldens {folder}; run pytest --update-golden"
    stored = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert stored == set(own), f"{target}/{sample}: files differ from the goldens (pytest --update-golden)"
    for path, content in own.items():
        assert content == (folder / path).read_text(encoding="utf-8"), (
            f"{target}/{sample}/{path} differs from its golden"
        )
