"""``rank_within``: the one numpy routine behind per-parent ordinals (``seeding/generate.py``) and
per-group ranks of shared keys (``seeding/shared.py``), which each carried a copy before."""

from __future__ import annotations

import numpy as np

from workbench.seeding.arrowutil import rank_within


def test_rank_within_counts_each_group_in_row_order() -> None:
    assert rank_within(np.array([7, 3, 7, 7, 3, 0])).tolist() == [0, 0, 1, 2, 1, 0]
    assert rank_within(np.array([], dtype=np.int64)).tolist() == []
    assert rank_within(np.array([5, 5, 5])).dtype == np.int64
