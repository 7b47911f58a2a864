"""Sample schemas and golden-file helpers shared by the DDL tests."""

from __future__ import annotations

from pathlib import Path

from workbench.ir import Schema

ROOT = Path(__file__).resolve().parent.parent
SAMPLES_DIR = ROOT / "sample_schemas"
SQLITE_DIR = ROOT / "tests" / "data" / "sqlite"
PRISMA_DDL = ROOT / "tests" / "golden" / "prisma_ddl"
OUR_DDL = ROOT / "tests" / "golden" / "ddl"
FEATURES_DIR = ROOT / "tests" / "data" / "ddl"  # feature-coverage schemas of the DDL tests
FEATURES_PRISMA_DDL = OUR_DDL / "prisma"


def samples() -> list[tuple[str, Path]]:
    """(name, path): every sample_schemas/*.prisma and every sample folder (multi-file schema)."""
    found = [(p.stem, p) for p in SAMPLES_DIR.glob("*.prisma")]
    found += [(p.name, p) for p in SAMPLES_DIR.iterdir() if p.is_dir() and any(p.rglob("*.prisma"))]
    return sorted(found)


def feature_schemas() -> list[tuple[str, Path]]:
    return sorted((p.stem, p) for p in FEATURES_DIR.glob("*.prisma"))


def prisma_postgres_ddl(name: str, path: Path) -> Path:
    """Prisma's own DDL for a sample (tests/golden/prisma_ddl) or a feature schema (golden/ddl/prisma)."""
    if path.is_relative_to(FEATURES_DIR):
        return FEATURES_PRISMA_DDL / f"{name}.postgres.sql"
    return PRISMA_DDL / f"{name}.postgres.sql"


def sqlite_samples() -> list[tuple[str, Path]]:
    return sorted((p.stem, p) for p in SQLITE_DIR.glob("*.prisma"))


def load(path: Path) -> Schema:
    from workbench.loaders.prisma import load_prisma

    result = load_prisma(str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path))
    errors = [d for d in result.diagnostics if d.is_error]
    assert not errors, "\n".join(d.headline() for d in errors)
    return result.schema
