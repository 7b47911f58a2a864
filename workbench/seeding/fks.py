"""Foreign-key assignment: which parent row each child row points at.

Children pick parent *row indices*; the key values are then taken from the parent's stored key
columns. Fan-out is ``uniform`` or Zipf-skewed (``zipf``, exponent 1.1 by default: a few parents
own most children, which is what makes query plans interesting). Zipf ranks are sampled with the
continuous inverse CDF (O(1) memory, no table of N weights) and mapped to parents through an
affine permutation ``(a * rank + b) mod N``, so the popular parents are scattered over the table
rather than being its first rows.

* a unique foreign key (1:1) walks a random permutation of the parents: each parent at most once;
* two foreign keys forming a unique key (m:n join tables, ``Follow``) are sampled as distinct
  pairs (codes ``a * nb + b`` deduplicated, self pairs excluded for self relations);
* a self reference points only at rows loaded by an earlier INSERT (DuckDB checks foreign keys
  per statement), see :func:`segments`.
"""

from __future__ import annotations

import math

import numpy as np

ZIPF_S = 1.1
SKEWED_ROUNDS = 32  # rounds of skewed sampling for distinct pairs before the rest is drawn uniformly


def fanout_exponent(mode: str | float) -> float | None:
    """None for uniform, the Zipf exponent otherwise."""
    if isinstance(mode, (int, float)) and not isinstance(mode, bool):
        return float(mode)
    if mode == "uniform":
        return None
    if mode == "zipf":
        return ZIPF_S
    raise ValueError(f"fanout must be 'uniform', 'zipf' or a Zipf exponent, not {mode!r}")


def _affine(n: int, salt: int) -> tuple[int, int]:
    if n <= 1:
        return 1, 0
    a = (salt * 2654435761 + 40503) % n or 1
    while math.gcd(a, n) != 1:
        a = a + 1 if a + 1 < n else 1
    return a, (salt * 97 + 13) % n


def zipf_ranks(rng: np.random.Generator, n_parent: int, size: int, s: float) -> np.ndarray:
    """Ranks 0..n_parent-1 with P(rank k) roughly proportional to 1/(k+1)^s."""
    u = rng.random(size)
    m = n_parent + 1.0
    if abs(s - 1.0) < 1e-9:
        k = np.power(m, u)
    else:
        e = 1.0 - s
        k = np.power(1.0 + u * (m**e - 1.0), 1.0 / e)
    return np.clip(np.floor(k).astype(np.int64) - 1, 0, n_parent - 1)


def sample_parents(rng: np.random.Generator, n_parent: int, size: int, s: float | None, salt: int) -> np.ndarray:
    """Parent row indices for ``size`` children."""
    if n_parent <= 0:
        raise ValueError("no parent rows to reference")
    if s is None:
        return rng.integers(0, n_parent, size)
    ranks = zipf_ranks(rng, n_parent, size, s)
    a, b = _affine(n_parent, salt)
    return (ranks * a + b) % n_parent


def distinct_pairs(
    rng: np.random.Generator,
    na: int,
    nb: int,
    size: int,
    s: float | None,
    same_table: bool,
    exclude: set[tuple[int, int]] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """``size`` distinct (a, b) index pairs; no a == b when both sides are the same table."""
    capacity = na * nb - (min(na, nb) if same_table else 0) - len(exclude or ())
    size = min(size, max(capacity, 0))
    if size == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    excluded = np.array(sorted(a * nb + b for a, b in (exclude or ())), dtype=np.int64)
    if size > capacity // 2:  # dense: choose from all codes
        codes = rng.permutation(na * nb).astype(np.int64)
        codes = _drop(codes, same_table, nb, excluded)[:size]
        return codes // nb, codes % nb
    chosen = np.empty(0, np.int64)
    salt = 1
    while len(chosen) < size:
        want = int((size - len(chosen)) * 1.3) + 16
        # a steep Zipf keeps drawing the same few pairs: after a few rounds, finish uniformly
        skew = s if salt <= SKEWED_ROUNDS else None
        a = sample_parents(rng, na, want, skew, salt)
        b = sample_parents(rng, nb, want, skew, salt + 7)
        merged = np.sort(np.concatenate([chosen, _drop(a * nb + b, same_table, nb, excluded)]))
        chosen = merged[np.r_[True, merged[1:] != merged[:-1]]] if len(merged) else merged
        salt += 1
    rng.shuffle(chosen)  # sorted codes would put the pairs of the first parents first
    chosen = chosen[:size]
    return chosen // nb, chosen % nb


def _drop(codes: np.ndarray, same_table: bool, nb: int, excluded: np.ndarray) -> np.ndarray:
    if same_table:
        codes = codes[codes // nb != codes % nb]
    if len(excluded):
        codes = codes[~np.isin(codes, excluded)]
    return codes


def unique_parents(rng: np.random.Generator, n_parent: int, size: int, used: set[int] | None = None) -> np.ndarray:
    """``size`` distinct parent indices (a permutation), skipping parents already ``used``."""
    perm = rng.permutation(n_parent)
    if used:
        perm = perm[~np.isin(perm, np.fromiter(used, dtype=np.int64))]
    return perm[:size]


def segments(n: int, self_ref: bool, batch: int) -> list[tuple[int, int]]:
    """Row ranges loaded by one INSERT each. With a self reference the first ranges double in size
    (64, 128, 256...) so that early rows have earlier rows to point at."""
    out: list[tuple[int, int]] = []
    start = 0
    size = 64 if self_ref else batch
    while start < n:
        end = min(n, start + size)
        out.append((start, end))
        start = end
        size = min(batch, size * 2) if self_ref else batch
    return out
