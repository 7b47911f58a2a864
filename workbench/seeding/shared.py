"""Foreign keys that share a column: multi-tenant keys (stack-auth's ``TeamMember``).

``TeamMember(tenancyId, projectUserId, teamId)`` references ``ProjectUser(tenancyId, projectUserId)``
and ``Team(tenancyId, teamId)``: ``tenancyId`` is in both keys, so a row needs a user and a team
*of the same tenancy*. That is possible only when both parents' ``tenancyId`` come from the same
place (both reference ``Tenancy.id``: :func:`value_root`); generated keys of unrelated tables never
coincide, and the plan clamps such a table to 0 rows (:mod:`workbench.seeding.bounds`).

When the roots agree the keys of one group (foreign keys linked by shared columns) are drawn
whole-table by :func:`draw_linked`:

* the first key (the widest) picks parents as usual, but only among parent rows whose shared
  values have a match in every other key's parent (a user of a tenancy that has a team);
* each next key picks, among its parent rows that hold the values fixed so far, either a random
  one or, when a unique key of the table spans its new columns, consecutive ones from a random
  start within each group of the other columns of that key (distinct teams per user);
* rows that find no match or would repeat a unique key are dropped (NULL in a nullable key).

The group replaces the keys' usual choices (:class:`workbench.seeding.generate.TableGenerator`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from workbench.seeding import fks as F
from workbench.seeding.arrowutil import rank_within
from workbench.seeding.keystore import KeyStore
from workbench.seeding.plan import FkPlan, TablePlan
from workbench.seeding.roots import Roots, linkable


def shared_roots(t: TablePlan, roots: Roots, fks: list[FkPlan], col: str) -> set[object]:
    """The roots of ``col``'s values through each of ``fks`` (one root: the keys can agree)."""
    return {roots.root(fk.ref, fk.ref_columns[fk.columns.index(col)]) for fk in fks if col in fk.columns}


def linked_groups(t: TablePlan, roots: Roots) -> list[list[FkPlan]]:
    """Groups of two or more foreign keys joined by shared columns whose values share a root."""
    fks = [fk for fk in t.fks if linkable(fk)]
    parent = list(range(len(fks)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, a in enumerate(fks):
        for j in range(i):
            b = fks[j]
            common = set(a.columns) & set(b.columns)
            if common and all(len(shared_roots(t, roots, [a, b], c)) == 1 for c in common):
                parent[find(i)] = find(j)
    groups: dict[int, list[FkPlan]] = {}
    for i, fk in enumerate(fks):
        groups.setdefault(find(i), []).append(fk)
    return [g for g in groups.values() if len(g) > 1]


@dataclass
class Linked:
    """Per row: the parent index and NULL mask of each key of the group, and rows that survive."""

    fk: dict[str, np.ndarray] = field(default_factory=dict)
    nulls: dict[str, np.ndarray] = field(default_factory=dict)
    null_columns: dict[str, np.ndarray] = field(default_factory=dict)  # other columns NULL here (a key holds)
    keep: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))


def _row_ids(table: pa.Table) -> np.ndarray:
    """A number per row, equal for equal rows (NULL counts as one more value of its column)."""
    ids = np.zeros(table.num_rows, dtype=np.int64)
    for column in table.columns:
        encoded = column.combine_chunks().dictionary_encode()
        codes = encoded.indices.fill_null(len(encoded.dictionary)).to_numpy(zero_copy_only=False).astype(np.int64)
        ids = np.unique(ids * (len(encoded.dictionary) + 2) + codes, return_inverse=True)[1].astype(np.int64)
    return ids.reshape(-1)


def _joint_ids(left: pa.Table, right: pa.Table) -> tuple[np.ndarray, np.ndarray]:
    """Row numbers equal for equal rows across two tables of the same columns."""
    right = pa.table([right.column(i).cast(left.schema.field(i).type) for i in range(right.num_columns)], left.schema)
    ids = _row_ids(pa.concat_tables([left, right]))
    return ids[: left.num_rows], ids[left.num_rows :]


def _parent_table(store: KeyStore, fk: FkPlan, cols: list[str]) -> pa.Table:
    return pa.table({c: store.column(fk.ref, fk.ref_columns[fk.columns.index(c)]) for c in cols})


def _first(t: TablePlan, group: list[FkPlan], store: KeyStore) -> tuple[FkPlan, np.ndarray]:
    """The widest key of the group, and its parent rows whose shared values every other key can match."""
    first = min(group, key=lambda fk: (-len(fk.columns), t.fks.index(fk)))
    n_parent = store.count.get(first.ref, 0)
    eligible = np.ones(n_parent, dtype=bool)
    for other in group:
        common = [c for c in first.columns if c in other.columns and other is not first]
        if not common or other.nullable:
            continue
        mine, theirs = _joint_ids(_parent_table(store, first, common), _parent_table(store, other, common))
        eligible &= np.isin(mine, theirs)
    return first, np.flatnonzero(eligible).astype(np.int64)


def _context(t: TablePlan, new: set[str], known: set[str]) -> list[str] | None:
    """The other columns of the smallest unique key that spans ``new`` once they are known."""
    keys = [u for u in t.uniques if u and new <= set(u) and set(u) <= known | new]
    if not keys:
        return None
    return [c for c in min(keys, key=len) if c not in new]


def draw_linked(
    t: TablePlan,
    group: list[FkPlan],
    rows: int,
    store: KeyStore,
    rng_for: Callable[..., np.random.Generator],
    fanout: Callable[[FkPlan], float | None],
) -> Linked:
    """Parent indices for ``rows`` rows so that the keys of ``group`` agree on their shared columns."""
    out = Linked(keep=np.ones(rows, dtype=bool))
    first, eligible = _first(t, group, store)
    rng = rng_for(first.name, "linked")
    if len(eligible) == 0:
        out.keep[:] = False
        idx = np.zeros(rows, dtype=np.int64)
    elif first.unique:  # 1:1: each parent at most once
        idx = np.zeros(rows, dtype=np.int64)
        chosen = eligible[rng.permutation(len(eligible))[:rows]]
        idx[: len(chosen)] = chosen
        out.keep[len(chosen) :] = False
    else:
        idx = eligible[F.sample_parents(rng, len(eligible), rows, fanout(first), salt=len(eligible))]
    out.fk[first.name] = idx
    values: dict[str, pa.Array] = {
        c: store.take(first.ref, r, idx) for c, r in zip(first.columns, first.ref_columns, strict=True)
    }
    pending = [fk for fk in group if fk is not first]
    while pending:
        fk = max(pending, key=lambda f: (len(set(f.columns) & set(values)), len(f.columns), -t.fks.index(f)))
        pending.remove(fk)
        common = [c for c in fk.columns if c in values]
        new = {c for c in fk.columns if c not in values}
        parent_ids, child_ids = _joint_ids(_parent_table(store, fk, common), pa.table({c: values[c] for c in common}))
        size = int(max(parent_ids.max(initial=-1), child_ids.max(initial=-1))) + 1
        order = np.argsort(parent_ids, kind="stable")
        counts = np.bincount(parent_ids, minlength=size)
        starts = np.r_[0, np.cumsum(counts)[:-1]].astype(np.int64)
        have = counts[child_ids]
        r = rng_for(fk.name, "linked")
        context = _context(t, new, set(values)) if new else None
        if context is not None:  # distinct choices within each group of the key's other columns
            ctx = _row_ids(pa.table({c: values[c] for c in context})) if context else np.zeros(rows, np.int64)
            rank = rank_within(ctx)
            offset = r.integers(0, 2**62, int(ctx.max(initial=-1)) + 1)
            ok = rank < have
            choose = (offset[ctx] + rank) % np.maximum(have, 1)
        else:
            ok = have > 0
            choose = np.floor(r.random(rows) * have).astype(np.int64)
        pick = order[np.minimum(starts[child_ids] + choose, max(len(order) - 1, 0))] if len(order) else choose
        out.fk[fk.name] = pick.astype(np.int64)
        if any(t.column(c).nullable for c in new):
            out.nulls[fk.name] = ~ok
        else:
            out.keep &= ok
        for c, ref in zip(fk.columns, fk.ref_columns, strict=True):
            if c in new:
                taken = store.take(fk.ref, ref, pick)
                values[c] = pc.if_else(pa.array(ok), taken, pa.nulls(rows, taken.type)) if (~ok).any() else taken
    _drop_repeats(t, values, out)
    return out


def _drop_repeats(t: TablePlan, values: dict[str, pa.Array], out: Linked) -> None:
    """Rows repeating a unique key on the group's columns (left when a choice was random): dropped,
    or when the key's other columns are nullable (stack-auth's ``@@unique([tenancyId, projectUserId,
    isSelected])``), NULL there so the key holds (a column another key makes unique: nothing to do)."""
    from workbench.seeding.unique import strategies

    s = strategies(t)
    made = s.seq | s.suffix | s.random | set(s.ordinal)
    keep = out.keep
    for key in t.uniques:
        part = [c for c in key if c in values]
        rest = [c for c in key if c not in values]
        if not key or not part or set(rest) & made:
            continue
        table = pa.table({c: values[c] for c in part})
        ids = _row_ids(table)
        has_null = np.zeros(len(keep), dtype=bool)
        for column in table.columns:
            has_null |= column.is_null().to_numpy(zero_copy_only=False)
        rows = np.flatnonzero(keep & ~has_null)  # NULLs never collide in a unique index
        _, first = np.unique(ids[rows], return_index=True)  # in row order: the first row of a tuple stays
        repeat = np.ones(len(rows), dtype=bool)
        repeat[first] = False
        nullable = [c for c in rest if t.column(c).nullable]
        if rest and nullable:
            mask = out.null_columns.setdefault(nullable[0], np.zeros(len(keep), dtype=bool))
            mask[rows[repeat]] = True
        else:
            keep[rows[repeat]] = False
