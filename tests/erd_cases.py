"""Shared cases for the ER-diagram tests: which diagrams of which sample schemas are checked.

Every sample is drawn in two variants, the model view and the database view, both with enums,
indexes and defaults turned on so the goldens cover every kind of content; a few extra variants of
``blog`` cover the options for big schemas (focus, column modes, highlight, themes, direction,
user clusters, join tables).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests import golden
from tests.roundtrip_util import sample_id, sample_paths
from workbench.loaders.prisma import load_prisma
from workbench.render import Erd, erd

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden" / "erd"
SAMPLES = sample_paths()
SAMPLE_IDS = [sample_id(p) for p in SAMPLES]

VARIANTS: dict[str, dict[str, Any]] = {
    "model": {"view": "model", "enums": True, "indexes": True, "defaults": True},
    "database": {"view": "database", "enums": True, "indexes": True, "defaults": True},
}

BLOG_VARIANTS: dict[str, dict[str, Any]] = {
    "focus_keys_dark": {"focus": "Comment", "depth": 1, "columns": "keys", "theme": "dark"},
    "highlight_tb": {"highlight": {"hot": ["Post", "Comment.body"], "lint": ["User.email"]}, "direction": "TB"},
    "groups_no_columns": {"columns": "none", "cluster": {"people": ["User"], "content": ["Post", "Comment"]}},
    "join_tables": {"join_tables": True, "title": "Blog with join tables"},
}


def sample(name: str) -> Path:
    return next(p for p in SAMPLES if sample_id(p) == name)


def diagram(path: Path, **options: Any) -> Erd:
    result = load_prisma(path)
    assert not [d for d in result.diagnostics if d.is_error], result.diagnostics
    return erd(result.schema, origin=sample_id(path), **options)


def check_golden(name: str, text: str, update: bool) -> None:
    golden.check_golden(GOLDEN / name, text, update)
