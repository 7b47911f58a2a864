"""ER diagrams: golden DOT, Mermaid and DBML text for every sample schema (both views).

The three texts are deterministic by design (stable order, no ids or timestamps); the goldens
under ``tests/golden/erd/`` are reviewed as diffs and refreshed with ``pytest --update-golden``.
That the texts are *valid* is checked by their real consumers elsewhere: graphviz in
``test_erd_svg.py``, ``@dbml/core`` and Mermaid's parser in ``test_erd_js.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.erd_cases import BLOG_VARIANTS, SAMPLE_IDS, SAMPLES, VARIANTS, check_golden, diagram, sample
from workbench.loaders.prisma import load_prisma
from workbench.render import erd


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("path", SAMPLES, ids=SAMPLE_IDS)
def test_sample_goldens(path: Path, variant: str, update_golden: bool) -> None:
    d = diagram(path, **VARIANTS[variant])
    assert not d.content.problems
    stem = f"{path.stem if path.is_file() else path.name}.{variant}"
    check_golden(f"{stem}.dot", d.source, update_golden)
    check_golden(f"{stem}.mmd", d.mermaid(), update_golden)
    check_golden(f"{stem}.dbml", d.dbml(), update_golden)


@pytest.mark.parametrize("variant", sorted(BLOG_VARIANTS))
def test_blog_option_goldens(variant: str, update_golden: bool) -> None:
    d = diagram(sample("blog"), **BLOG_VARIANTS[variant])
    assert not d.content.problems
    check_golden(f"blog.{variant}.dot", d.source, update_golden)
    check_golden(f"blog.{variant}.mmd", d.mermaid(), update_golden)


@pytest.mark.parametrize("path", SAMPLES, ids=SAMPLE_IDS)
def test_output_is_deterministic_across_loads(path: Path) -> None:
    """Two independent loads give byte-identical texts (no dict-order, id() or time dependence)."""
    a = erd(load_prisma(path).schema, view="database", enums=True)
    b = erd(load_prisma(path).schema, view="database", enums=True)
    assert (a.source, a.mermaid(), a.dbml()) == (b.source, b.mermaid(), b.dbml())
    assert "digraph erd {" in a.source
