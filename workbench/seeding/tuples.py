"""Drawing the foreign keys and Boolean/enum columns of unique keys for a whole table at once.

A key listed in :attr:`workbench.seeding.unique.Strategies.tuples` is a tuple of *parts*: each
foreign key counts by the values of its columns inside the key (a whole foreign key: its parent
row; a composite one only partly inside: the distinct values of that part among the parents), and
the key's Boolean/enum columns count together as their combinations. Keys are drawn in order:

* no part drawn yet: distinct tuples (Zipf-skewed per foreign key, like every other reference);
* some parts drawn by an earlier key (``@@unique([conversationId, viewerId])`` then
  ``@@unique([conversationId, userId])``): rows are grouped by those parts, and the other parts
  take consecutive combinations from a random start per group, so tuples differ within each group.
  Rows past the number of combinations get NULL in a nullable part; when no part is nullable they
  are dropped (the table gets fewer rows, as with any key that cannot hold more).

The result is one parent index (or NULL) per row per foreign key and one combination number per
Boolean/enum group, for the segments to read (:class:`workbench.seeding.generate.TableGenerator`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from workbench.seeding import fks as F
from workbench.seeding.keystore import KeyStore
from workbench.seeding.plan import FkPlan, TablePlan
from workbench.seeding.unique import KeyTuple, domain_size

CODE_LIMIT = 2**62  # combinations are numbered in int64; beyond this parts are drawn independently


@dataclass
class Drawn:
    """What the keys fixed, per row of the table (file rows first)."""

    rows: int
    fk: dict[str, np.ndarray] = field(default_factory=dict)  # fk name -> parent row index
    nulls: dict[str, np.ndarray] = field(default_factory=dict)  # fk name -> NULL here (overflow rows)
    domain: dict[tuple[str, ...], np.ndarray] = field(default_factory=dict)  # columns -> combination number
    keep: np.ndarray | None = None  # rows that survive (None: all)


@dataclass
class _Part:
    fk: FkPlan | None
    cols: tuple[str, ...]
    size: int  # distinct values the part can take
    parent: np.ndarray | None = None  # value number -> a parent row holding it (partial foreign keys)
    values: np.ndarray | None = None  # parent row -> its value number (partial foreign keys)

    @property
    def name(self) -> str:
        return self.fk.name if self.fk is not None else "+".join(self.cols)

    @property
    def nullable(self) -> bool:
        return self.fk is not None and self.fk.nullable


def _fk_part(t: TablePlan, kt: KeyTuple, fk: FkPlan, store: KeyStore) -> _Part:
    n_parent = store.count.get(fk.ref, 0)
    inside = tuple(c for c in fk.columns if c in kt.key)
    if len(inside) == len(fk.columns):
        return _Part(fk, inside, n_parent)
    refs = [r for c, r in zip(fk.columns, fk.ref_columns, strict=True) if c in kt.key]
    table = pa.table({r: store.column(fk.ref, r) for r in refs})
    if table.num_rows == 0:
        return _Part(fk, inside, 0)
    _, first, inverse = np.unique(_row_ids(table), return_index=True, return_inverse=True)
    return _Part(fk, inside, len(first), parent=first.astype(np.int64), values=inverse.astype(np.int64))


def _row_ids(table: pa.Table) -> np.ndarray:
    """A number per row, equal for equal rows (the rows' values dictionary-encoded together)."""
    ids = np.zeros(table.num_rows, dtype=np.int64)
    for column in table.columns:
        encoded = column.combine_chunks().dictionary_encode()
        codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
        ids = np.unique(ids * (len(encoded.dictionary) + 1) + codes, return_inverse=True)[1].astype(np.int64)
    return ids


def draw(
    t: TablePlan,
    keys: list[KeyTuple],
    rows: int,
    store: KeyStore,
    rng_for: Callable[..., np.random.Generator],
    fanout: Callable[[FkPlan], float | None],
    fixed: dict[str, np.ndarray],
) -> Drawn:
    """Parent indices and combinations for ``rows`` rows so that every key in ``keys`` holds.
    ``fixed``: foreign keys already chosen per row (1:1 keys: a permutation of the parents)."""
    out = Drawn(rows)
    keep = np.ones(rows, dtype=bool)
    values: dict[str, np.ndarray] = {}  # part name -> value number per row (for grouping)
    for name, idx in fixed.items():
        values[name] = idx
    for kt in keys:
        parts = [_fk_part(t, kt, fk, store) for fk in kt.fks]
        if kt.domain:
            parts.append(_Part(None, kt.domain, domain_size(t, kt.domain)))
        known = [p for p in parts if _known(p, values, out)]
        free = [p for p in parts if p not in known]
        if not free:
            continue
        rng = rng_for(*kt.key, "tuples")
        if any(p.size == 0 for p in free):
            codes, ok = np.zeros((rows, len(free)), dtype=np.int64), np.zeros(rows, dtype=bool)
        elif not known:
            codes, ok = _distinct(rng, free, rows, fanout, t)
        else:
            group = _group_of([_value_of(p, values, out) for p in known])
            codes, ok = _within_groups(rng, free, group)
        if not ok.all():
            nullable = next((p for p in free if p.nullable), None)
            if nullable is not None:
                out.nulls[nullable.name] = out.nulls.get(nullable.name, np.zeros(rows, dtype=bool)) | ~ok
            else:
                keep &= ok
        for j, p in enumerate(free):
            code = codes[:, j]
            if p.fk is None:
                out.domain[p.cols] = code
                values[p.name] = code
            else:
                out.fk[p.fk.name] = p.parent[code] if p.parent is not None else code
                values[p.name] = code
    if not keep.all():
        out.keep = keep
    return out


def _known(p: _Part, values: dict[str, np.ndarray], out: Drawn) -> bool:
    return p.name in values or (p.fk is not None and p.fk.name in out.fk)


def _value_of(p: _Part, values: dict[str, np.ndarray], out: Drawn) -> np.ndarray:
    """The part's value number per row: a parent index, or for a partial foreign key the number
    of the parent's values inside this key (two parents may share them)."""
    if p.fk is not None:
        idx = out.fk.get(p.fk.name, values.get(p.fk.name))
        assert idx is not None
        return p.values[idx] if p.values is not None else idx
    return values[p.name]


def _group_of(columns: list[np.ndarray]) -> np.ndarray:
    if len(columns) == 1:
        return np.unique(columns[0], return_inverse=True)[1].astype(np.int64)
    stacked = np.stack(columns, axis=1)
    return np.unique(stacked, axis=0, return_inverse=True)[1].reshape(-1).astype(np.int64)


def _space(parts: list[_Part]) -> int:
    size = 1
    for p in parts:
        size = min(size * p.size, CODE_LIMIT)
    return size


def _split(code: np.ndarray, parts: list[_Part], rng: np.random.Generator) -> np.ndarray:
    """Combination numbers -> one value per part (mixed radix, the last part fastest). Past
    ``CODE_LIMIT`` the leading parts are drawn at random (the trailing ones keep the tuples apart)."""
    out = np.empty((len(code), len(parts)), dtype=np.int64)
    rest = code.copy()
    room = CODE_LIMIT
    for j in range(len(parts) - 1, -1, -1):
        size = parts[j].size
        if room >= size:
            out[:, j] = rest % size
            rest //= size
            room //= size
        else:
            out[:, j] = rng.integers(0, size, len(code))
    return out


def _distinct(
    rng: np.random.Generator, parts: list[_Part], rows: int, fanout: Callable[[FkPlan], float | None], t: TablePlan
) -> tuple[np.ndarray, np.ndarray]:
    """Distinct tuples for ``rows`` rows (fewer when the parts cannot make that many: ok=False)."""
    ok = np.ones(rows, dtype=bool)
    fk_parts = [p for p in parts if p.fk is not None]
    if len(parts) == 2 and len(fk_parts) >= 1:  # the common case: Zipf-skewed distinct pairs
        a, b = parts
        same = a.fk is not None and b.fk is not None and a.fk.ref == b.fk.ref and a.parent is None and b.parent is None
        fk = a.fk if a.fk is not None else b.fk
        assert fk is not None  # fk_parts holds at least one of the two
        skew = fanout(fk)
        ia, ib = F.distinct_pairs(rng, a.size, b.size, rows, skew, same)
        got = len(ia)
        codes = np.zeros((rows, 2), dtype=np.int64)
        codes[:got, 0], codes[:got, 1] = ia, ib
        ok[got:] = False
        return codes, ok
    space = _space(parts)
    if space < CODE_LIMIT and space <= 2 * rows + 64:  # dense: a random order of every combination
        chosen = rng.permutation(space)[:rows].astype(np.int64)
    else:
        chosen = np.empty(0, dtype=np.int64)
        while len(chosen) < min(rows, space):
            more = rng.integers(0, space, int((rows - len(chosen)) * 1.3) + 16)
            merged = np.concatenate([chosen, more])
            _, first = np.unique(merged, return_index=True)
            chosen = merged[np.sort(first)]
        chosen = chosen[:rows]
    codes = np.zeros((rows, len(parts)), dtype=np.int64)
    codes[: len(chosen)] = _split(chosen, parts, rng)
    ok[len(chosen) :] = False
    return codes, ok


def _within_groups(rng: np.random.Generator, parts: list[_Part], group: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For rows grouped by the parts an earlier key fixed: consecutive combinations of ``parts``
    from a random start per group, so that tuples differ within each group."""
    space = _space(parts)
    n_groups = int(group.max()) + 1 if len(group) else 0
    order = np.argsort(group, kind="stable")
    sorted_group = group[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_group)) + 1] if len(group) else np.zeros(0, dtype=np.int64)
    rank = np.empty(len(group), dtype=np.int64)
    if len(group):
        run_start = np.repeat(starts, np.diff(np.r_[starts, len(group)]))
        rank[order] = np.arange(len(group)) - run_start
    offset = rng.integers(0, space, n_groups)
    code = (offset[group] + rank) % space
    return _split(code, parts, rng), rank < space
