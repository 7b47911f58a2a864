"""The migration pairs of ``tests/data/migrations`` (``NN_name/old.prisma``, ``new.prisma``, the
expected SQL; ``SOURCES.md`` says where each comes from), listed once for every test that walks them."""

from __future__ import annotations

from pathlib import Path

PAIRS_DIR = Path(__file__).resolve().parent / "data" / "migrations"
PAIRS = sorted(p.name for p in PAIRS_DIR.iterdir() if p.is_dir())
SQLITE_PAIRS = [p for p in PAIRS if (PAIRS_DIR / p / "expected.sqlite.sql").exists()]  # a SQLite provider exists
RENAME_PAIRS = [p for p in PAIRS if (PAIRS_DIR / p / "renames.txt").exists()]  # pairs that accept renames
