"""Batches go to the engine in pieces (issue #13: memory bounded by a piece, not by a 512k-row
batch): the pieces make the same COPY stream and the same rows as one piece would."""

from __future__ import annotations

from pathlib import Path

import pytest

import workbench as wb
from tests.seed_checks import content_hash, violations
from workbench.api import seed
from workbench.seeding import build_plan, load_sqlite, pgcopy
from workbench.seeding.generate import Options, TableGenerator
from workbench.seeding.keystore import KeyStore

BLOG = Path(__file__).resolve().parent.parent / "sample_schemas" / "blog.prisma"


def test_binary_copy_in_pieces_is_the_stream_of_one_piece() -> None:
    plan = build_plan(wb.load(BLOG).schema, 1000)
    t = plan.find("User")
    assert t is not None
    [batch] = list(TableGenerator(plan, t, Options(seed=3), KeyStore(plan), None).batches())
    whole = pgcopy.encode_binary_copy(t, batch)
    pieces = list(pgcopy.binary_copy_chunks(t, batch, rows=64))
    assert len(pieces) == 2 + 16  # header, 1000 rows in pieces of 64, trailer
    assert b"".join(pieces) == whole
    assert pieces[0] == pgcopy.HEADER and pieces[-1] == pgcopy.TRAILER


def test_sqlite_inserts_in_pieces_give_the_same_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    s = wb.load(BLOG)
    plan = build_plan(s.schema, 100)
    hashes = []
    for chunk in (7, 1 << 16):
        monkeypatch.setattr(load_sqlite, "CHUNK_ROWS", chunk)
        with wb.connect(f"sqlite:///{tmp_path / f'b{chunk}.db'}", create=True) as db:
            db.apply(s)
            assert seed(s, db, 100, seed=9).ok
            assert violations(db, plan, {t.name: t.rows for t in plan.tables}) == []
            hashes.append(content_hash(db, plan))
    assert hashes[0] == hashes[1]
