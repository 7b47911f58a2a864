"""Shared cases for the TypeScript-family emitter tests (zod, types, REST, GraphQL, tRPC).

Every sample schema is generated with the path it was loaded from as ``source`` (that path is
in each file's header). Goldens live under ``tests/golden/<target>/<sample>/<file>``; REST and
tRPC goldens hold only their own files (``schema.ts``, ``validation.ts`` and ``types.ts`` have
goldens of their own targets).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from tests import golden
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
    """The target's own files (``skip``: the base files other targets' goldens hold) against
    ``tests/golden/<target>/<sample>/``."""
    own = {f.path: f.content for f in files if f.path not in skip}
    golden.check_golden_tree(GOLDEN / target / sample, own, update)
