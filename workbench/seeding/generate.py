"""Generating one table's rows, segment by segment, as Arrow tables.

Row ``g`` of a table (0-based; hand-written seed-file rows come first) is the same on every run:
each column of each segment draws from its own generator seeded by (seed, table, column,
segment start), and segments are a fixed function of the row count. Key columns are made unique
as :mod:`workbench.seeding.unique` describes; foreign keys come from :mod:`workbench.seeding.fks`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from workbench.seeding import fks as F
from workbench.seeding.arrowutil import plain, rank_within, rng_for, with_nulls
from workbench.seeding.keystore import KeyStore
from workbench.seeding.plan import ColumnPlan, FkPlan, Plan, TablePlan
from workbench.seeding.tuples import Drawn
from workbench.seeding.unique import TEXT, Strategies, domain_size, strategies
from workbench.seeding.values import anchor_rank, arrow_type, generate_scalar, person_indices, time_role

BATCH = 1 << 19  # rows per INSERT/COPY (fixed: part of what makes runs reproducible)
DOMAIN_LIMIT = 2**62  # combinations of a Boolean/enum key beyond this are never needed (rows are int64)
SELF_REF_NULLS = 0.3


@dataclass
class Options:
    seed: int = 42
    fanout: Callable[[TablePlan, FkPlan], float | None] = lambda t, fk: F.ZIPF_S
    null_ratio: Callable[[TablePlan, str], float] = lambda t, c: 0.1
    batch: int = BATCH


@dataclass
class FileRows:
    """Validated seed-file rows of one table: per column, which rows gave a value and the values."""

    count: int
    given: dict[str, tuple[np.ndarray, pa.Array]] = field(default_factory=dict)  # col -> (mask, values)

    def values(self, col: str) -> pa.Array | None:
        hit = self.given.get(col)
        if hit is None:
            return None
        mask, values = hit
        return values.filter(pa.array(mask))


class TableGenerator:
    def __init__(self, plan: Plan, t: TablePlan, opts: Options, store: KeyStore, files: FileRows | None):
        self.plan, self.t, self.opts, self.store = plan, t, opts, store
        self.files = files or FileRows(0)
        self.f = self.files.count
        self.n = max(0, t.rows - self.files.count)
        self.s: Strategies = strategies(t)
        self.seq_base: dict[str, int] = {}
        for c in self.s.seq | set(self.s.ordinal) | {c.name for c in t.columns if c.autoincrement}:
            given = self.files.values(c)
            self.seq_base[c] = _max_number(given)
        self.ordinal_counts: dict[str, np.ndarray] = {}
        self.perm: dict[str, np.ndarray] = {}
        self.pairs: dict[str, np.ndarray] = {}  # fk name -> parent index per row (keys drawn whole-table)
        self.key_nulls: dict[str, np.ndarray] = {}  # fk name -> NULL per row (rows past a key's combinations)
        self.domain: dict[tuple[str, ...], np.ndarray] = {}  # Boolean/enum key -> combination per row
        self.next_parent: dict[str, int] = {}  # unique self reference -> first row not yet a parent
        from workbench.seeding.roots import Roots

        self.roots = Roots(plan.tables)  # which plain columns copy another table's key (shared keys)
        self.null_columns: dict[str, np.ndarray] = {}  # column -> NULL per row (a unique key over shared keys)
        self._prepare_keys()
        self.predicted: dict[str, tuple[np.ndarray, np.ndarray, dict[str, pa.Array]]] = {}

    def predict_deferred(self, fk: FkPlan, parent: TableGenerator) -> bool:
        """Fill a cycle-closing key at insert time from the parent's *predicted* keys (for engines
        that do not enforce that key and cannot UPDATE it later, i.e. DuckDB). False if the
        parent's key columns cannot be predicted (they depend on other tables)."""
        keys: dict[str, pa.Array] = {}
        for col in fk.ref_columns:
            arr = parent.key_column(col)
            if arr is None:
                return False
            keys[col] = arr
        n_parent = len(next(iter(keys.values())))
        idx, mask = deferred_choice(self.opts, self.t, fk, self.f + self.n, n_parent)
        self.predicted[fk.name] = (idx, mask, keys)
        return True

    def key_column(self, col: str) -> pa.Array | None:
        """All values of a key column computed without loading (None if it depends on other tables)."""
        c = self.t.column(col)
        if self.t.fk_of(col) is not None or c.nullable or (self.t.key, col) in self.roots.implied:
            return None
        if not (col in self.s.seq or col in self.s.random or c.autoincrement):
            return None
        parts = []
        if self.f:
            parts.append(self._key_values(c, 0, self.f, "file"))
        for start, end in F.segments(self.n, any(fk.self_ref for fk in self.t.fks), self.opts.batch):
            parts.append(self._key_values(c, self.f + start, self.f + end, start))
        return pa.concat_arrays([_cast(p, arrow_type(c)) for p in parts]) if parts else pa.array([], arrow_type(c))

    def _key_values(self, c: ColumnPlan, g0: int, g1: int, label: object) -> pa.Array:
        rows = np.arange(g0, g1, dtype=np.int64)
        counters = self._counters(c.name, rows, {})
        arr = generate_scalar(c, self.t.name, g1 - g0, self._rng(c.name, label), counters, None)
        if label == "file" and c.name in self.files.given:
            mask, values = self.files.given[c.name]
            arr = pc.if_else(pa.array(mask[: self.f]), _cast(values, arr.type).slice(0, self.f), arr)
        return arr

    # -- whole-table key structures -------------------------------------------------------------
    def _rng(self, *parts: object) -> np.random.Generator:
        return rng_for(self.opts.seed, self.t.key[0], self.t.key[1], *parts)

    def _prepare_keys(self) -> None:
        total = self.f + self.n
        for fk in self.t.fks:
            if fk.name in self.s.perm and not fk.self_ref and not fk.deferred:
                n_parent = self.store.count.get(fk.ref, 0)
                perm = F.unique_parents(self._rng(fk.name, "perm"), n_parent, n_parent)
                perm = self._drop_given(fk, perm)
                self.perm[fk.name] = perm
        for col, fk in self.s.ordinal.items():
            self.ordinal_counts[col] = np.zeros(max(self.store.count.get(fk.ref, 0), 1), dtype=np.int64)
        for cols in self.s.domain:
            size = min(domain_size(self.t, cols), DOMAIN_LIMIT)
            given = self._given_domain(cols)  # file row -> its combination
            rng = self._rng(*cols, "domain")
            pool = rng.choice(size, min(size, total + len(given)), replace=False).astype(np.int64)
            if given:
                pool = pool[~np.isin(pool, np.array(sorted(set(given.values())), dtype=np.int64))]
            free_file_rows = self.f - len(given)
            self.n = max(0, min(self.n, len(pool) - free_file_rows))
            codes = np.zeros(self.f + self.n, dtype=np.int64)
            open_rows = np.ones(len(codes), dtype=bool)
            for row, code in given.items():
                codes[row] = code
                open_rows[row] = False
            codes[open_rows] = pool[: int(open_rows.sum())]
            self.domain[cols] = codes
        if self.s.tuples:
            self._draw_tuples()
        self._draw_linked()

    def _draw_linked(self) -> None:
        """Foreign keys sharing a column (``TeamMember``'s ``tenancyId``), drawn together so they
        agree on it (:mod:`workbench.seeding.shared`); rows that find no match are dropped."""
        from workbench.seeding.shared import draw_linked, linked_groups

        groups = [g for g in linked_groups(self.t, self.roots) if all(self.store.count.get(fk.ref, 0) for fk in g)]
        names = {fk.name for g in groups for fk in g}
        if not groups or any(fk.name in names for kt in self.s.tuples for fk in kt.fks):
            return  # a key of its own draws these (left as it is)
        total = self.f + self.n
        alone = not self.pairs and not self.domain and not set(self.perm) - names
        rows = 2 * total + 64 if alone else total  # alone: extra rows stand in for dropped ones
        keep = np.ones(rows, dtype=bool)
        chosen: dict[str, np.ndarray] = {}
        nulls: dict[str, np.ndarray] = {}
        null_columns: dict[str, np.ndarray] = {}
        for g in groups:
            drawn = draw_linked(self.t, g, rows, self.store, self._rng, lambda fk: self.opts.fanout(self.t, fk))
            keep &= drawn.keep
            chosen.update(drawn.fk)
            nulls.update(drawn.nulls)
            for col, mask in drawn.null_columns.items():
                null_columns[col] = null_columns.get(col, np.zeros(rows, dtype=bool)) | mask
        for name in names:
            self.perm.pop(name, None)
        keep[: self.f] = True
        keep &= np.cumsum(keep) <= total
        self.n = max(0, min(self.n, int(keep.sum()) - self.f))
        if not alone:  # the other whole-table structures lose the same rows
            k = keep[:total]
            for name, perm in self.perm.items():
                padded = np.zeros(total, dtype=np.int64)
                padded[: min(total, len(perm))] = perm[:total]
                self.pairs[name] = padded
                self.key_nulls[name] = np.arange(total) >= len(perm)
            self.perm = {}
            self.pairs = {name: idx[k] for name, idx in self.pairs.items()}
            self.key_nulls = {name: mask[k] for name, mask in self.key_nulls.items()}
            self.domain = {cols: codes[k] for cols, codes in self.domain.items()}
        self.pairs.update({name: idx[keep] for name, idx in chosen.items()})
        self.key_nulls.update({name: mask[keep] for name, mask in nulls.items()})
        self.null_columns = {col: mask[keep] for col, mask in null_columns.items()}

    def _draw_tuples(self) -> None:
        """The foreign keys and Boolean/enum columns of multi-part unique keys, whole-table
        (:mod:`workbench.seeding.tuples`); generated rows equal to a hand-written row on such a
        key are dropped (a few extra are drawn to make up for them)."""
        from workbench.seeding.tuples import draw

        total = self.f + self.n
        rows = total + self.f * len(self.s.tuples)
        fixed = {}
        for name, perm in self.perm.items():
            padded = np.zeros(rows, dtype=np.int64)
            padded[: min(rows, len(perm))] = perm[:rows]
            fixed[name] = padded
        drawn = draw(self.t, self.s.tuples, rows, self.store, self._rng, lambda fk: self.opts.fanout(self.t, fk), fixed)
        keep = drawn.keep if drawn.keep is not None else np.ones(rows, dtype=bool)
        keep[: self.f] = True
        if self.f:
            keep &= ~self._given_tuple_clash(drawn)
        keep &= np.cumsum(keep) <= total  # the extra rows only stand in for dropped ones
        for cols, codes in self.domain.items():  # keys of Boolean/enum columns alone: padded to the drawn rows
            drawn.domain.setdefault(cols, np.concatenate([codes, np.zeros(max(0, rows - len(codes)), np.int64)]))
        self.n = max(0, min(self.n, int(keep.sum()) - self.f))
        if not keep.all():
            for name, perm in self.perm.items():  # rows move: the permutation becomes a per-row choice
                drawn.fk[name] = fixed[name]
                drawn.nulls[name] = np.arange(rows) >= len(perm)
        self.pairs = {name: idx[keep] for name, idx in drawn.fk.items()}
        self.key_nulls = {name: mask[keep] for name, mask in drawn.nulls.items()}
        self.domain = {cols: codes[keep] for cols, codes in drawn.domain.items()}

    def _given_tuple_clash(self, drawn: Drawn) -> np.ndarray:
        """Generated rows whose key values equal those of a hand-written row (on any drawn key)."""
        rows = len(next(iter(drawn.fk.values()))) if drawn.fk else 0
        clash = np.zeros(rows, dtype=bool)
        for kt in self.s.tuples:
            given = [self.files.values(c) for c in kt.key]
            if any(g is None for g in given):
                continue
            seen = set(zip(*(g.to_pylist() for g in given if g is not None), strict=True))
            columns = []
            for c in kt.key:
                fk = self.t.fk_of(c)
                if fk is not None and fk.name in drawn.fk:
                    ref = fk.ref_columns[fk.columns.index(c)]
                    columns.append(self.store.take(fk.ref, ref, drawn.fk[fk.name]).to_pylist())
                else:
                    codes = drawn.domain.get(kt.domain)
                    columns.append(self._domain_labels(kt.domain, c, codes) if codes is not None else [None] * rows)
            values = list(zip(*columns, strict=True))
            clash[self.f :] |= np.array([v in seen for v in values[self.f :]], dtype=bool)
        return clash

    def _given_domain(self, cols: tuple[str, ...]) -> dict[int, int]:
        """Combination numbers that hand-written rows already hold, by row (generated rows avoid them)."""
        masks = [self.files.given[c][0] for c in cols if c in self.files.given]
        if len(masks) != len(cols) or not self.f:
            return {}
        rows = np.flatnonzero(np.logical_and.reduce(masks)[: self.f])
        out: dict[int, int] = {}
        for r in rows.tolist():
            code = 0
            for c in cols:
                col = self.t.column(c)
                v = self.files.given[c][1][r].as_py()
                code = code * (col.domain or 1) + (int(v) if col.base == "bool" else col.enum_values.index(v))
            out[r] = code
        return out

    def _domain_labels(self, cols: tuple[str, ...], col: str, codes: np.ndarray) -> list[object]:
        """The values of one column of a Boolean/enum group for the given combination numbers."""
        rest = codes.copy()
        for c in reversed(cols):
            size = self.t.column(c).domain or 1
            idx = rest % size
            rest //= size
            if c == col:
                column = self.t.column(c)
                return [bool(i) for i in idx] if column.base == "bool" else [column.enum_values[i] for i in idx]
        raise KeyError(col)

    def _domain_values(self, g0: int, g1: int) -> dict[str, pa.Array]:
        """The Boolean/enum columns of domain keys for rows g0..g1: combination numbers split in
        mixed radix (the last column varies fastest)."""
        out: dict[str, pa.Array] = {}
        for cols, codes in self.domain.items():
            rest = codes[g0:g1].copy()
            for c in reversed(cols):
                col = self.t.column(c)
                size = col.domain or 1
                idx = rest % size
                rest //= size
                if col.base == "bool":
                    out[c] = pa.array(idx == 1)
                else:
                    out[c] = pa.array(list(col.enum_values), pa.string()).take(pa.array(idx))
        return out

    def _drop_given(self, fk: FkPlan, perm: np.ndarray) -> np.ndarray:
        given = self.files.values(fk.columns[0])
        if given is None or len(perm) == 0:
            return perm
        keys = self.store.take(fk.ref, fk.ref_columns[0], perm)
        keep = pc.invert(pc.is_in(keys, value_set=pc.cast(given, keys.type))).to_numpy(zero_copy_only=False)
        kept: np.ndarray = perm[keep]  # `keep` comes from pyarrow (untyped): a bool mask
        return kept

    # -- segments ---------------------------------------------------------------------------------
    def batches(self) -> Iterator[pa.Table]:
        if self.f:
            yield self._segment(0, self.f, "file")
        self_ref = any(fk.self_ref for fk in self.t.fks)
        for start, end in F.segments(self.n, self_ref, self.opts.batch):
            yield self._segment(self.f + start, self.f + end, start)

    def _segment(self, g0: int, g1: int, label: object) -> pa.Table:
        t, n = self.t, g1 - g0
        rows = np.arange(g0, g1, dtype=np.int64)
        out: dict[str, pa.Array] = {}
        parent_idx: dict[str, np.ndarray | None] = {}
        for fk in sorted(t.fks, key=lambda fk: len(fk.columns)):  # a composite key has the last word
            rng = self._rng(fk.name, label)
            idx, mask = self._fk_indices(fk, g0, n, rng)
            if not fk.deferred and not fk.self_ref and self.store.count.get(fk.ref, 0) == 0:
                idx = None  # no parent rows (the table was clamped to none): the key can only be NULL
            parent_idx[fk.name] = idx
            for col, ref_col in zip(fk.columns, fk.ref_columns, strict=True):
                column = t.column(col)
                if idx is None:
                    if fk.nullable or column.nullable:  # a partly nullable key: NULL where it can be
                        out[col] = pa.nulls(n, arrow_type(column))
                    continue
                if fk.deferred:
                    keys = self.predicted[fk.name][2][ref_col]
                    values = keys.take(pa.array(idx)) if len(keys) else pa.nulls(n, keys.type)
                else:
                    values = self.store.take(fk.ref, ref_col, idx)
                if fk.nullable or column.nullable or mask is None or not mask.any():
                    out[col] = with_nulls(values, mask)
                elif col in out:  # a required column this key shares: the other key's value where this is NULL
                    out[col] = pc.if_else(pa.array(mask), _cast(out[col], values.type), values)
                else:
                    out[col] = values
        out.update(self._domain_values(g0, g1))
        for c in t.columns:  # plain columns that copy another table's key (``Team.tenancyId``: a tenancy)
            source = self.roots.implied.get((t.key, c.name))
            if source is not None and c.name not in out and self.store.count.get(source[0], 0):
                rng = self._rng(c.name, label, "copy")
                idx = F.sample_parents(rng, self.store.count[source[0]], n, self.opts.fanout(t, _COPY), salt=n)
                out[c.name] = self.store.take(source[0], source[1], idx)
        ordered = sorted(t.columns, key=lambda c: anchor_rank(c.name))
        anchor: np.ndarray | None = None  # the latest anchor time of each row so far
        person = person_indices(self._rng("person", label), n)
        for c in ordered:
            if c.name in out:
                continue
            rng = self._rng(c.name, label)
            counters = self._counters(c.name, rows, parent_idx)
            if c.array:
                from workbench.seeding.values import gen_array

                arr = gen_array(c, t.name, n, rng)
            elif c.base in ("timestamp", "timestamptz", "date") and counters is None:
                from workbench.seeding.values import gen_micros, timestamp_array

                micros = gen_micros(c, n, rng, anchor)
                if time_role(c.name) == "anchor":  # createdAt first, then startsAt/openedAt after it
                    anchor = micros if anchor is None else np.maximum(anchor, micros)
                arr = timestamp_array(c, micros)
            else:
                arr = generate_scalar(c, t.name, n, rng, counters, anchor, person)
            if counters is not None and c.base in TEXT:
                arr = self._avoid_given(c.name, arr)
            # a column other tables' keys reference is never NULL: a required key copying it could not be
            if c.nullable and counters is None and c.name not in self.store.needed.get(t.key, ()):
                ratio = 1.0 if c.base == "unknown" else self.opts.null_ratio(t, c.name)
                if ratio > 0:
                    arr = with_nulls(arr, self._rng(c.name, label, "nulls").random(n) < ratio)
            if c.name in self.null_columns:
                arr = with_nulls(arr, self.null_columns[c.name][g0:g1])
            out[c.name] = arr
        if label == "file":
            self._overlay(out)
        return pa.table({c.name: _cast(out[c.name], arrow_type(c)) for c in t.columns})

    def _counters(self, col: str, rows: np.ndarray, parent_idx: dict[str, np.ndarray | None]) -> np.ndarray | None:
        if col in self.s.seq or col in self.seq_base:
            if col in self.s.ordinal:
                return self._ordinal(col, rows, parent_idx)
            return self.seq_base.get(col, 0) + rows + 1
        if col in self.s.suffix:
            return rows + 1
        return None

    def _ordinal(self, col: str, rows: np.ndarray, parent_idx: dict[str, np.ndarray | None]) -> np.ndarray:
        """1, 2, 3... within each parent of the group key. Rows whose group key is NULL (a nullable
        self reference in its first segment) get their row number: NULL keeps their tuple unique."""
        fk = self.s.ordinal[col]
        idx = parent_idx.get(fk.name)
        counts = self.ordinal_counts[col]
        if idx is None:
            return self.seq_base.get(col, 0) + rows + 1
        values: np.ndarray = counts[idx] + rank_within(idx) + 1 + self.seq_base.get(col, 0)
        np.add.at(counts, idx, 1)
        return values

    def _fk_indices(
        self, fk: FkPlan, g0: int, n: int, rng: np.random.Generator
    ) -> tuple[np.ndarray | None, np.ndarray | None]:
        t = self.t
        mask: np.ndarray | None
        if fk.deferred:
            if fk.name not in self.predicted:
                return None, None
            p_idx, p_mask, _ = self.predicted[fk.name]
            return p_idx[g0 : g0 + n], p_mask[g0 : g0 + n]
        if fk.name in self.pairs:
            nulls = self.key_nulls.get(fk.name)
            return self.pairs[fk.name][g0 : g0 + n], nulls[g0 : g0 + n] if nulls is not None else None
        if fk.name in self.perm:
            perm = self.perm[fk.name]
            idx = perm[g0 : g0 + n]
            if len(idx) < n:
                if not fk.nullable:
                    raise RuntimeError(f"{t.name}: not enough parents for unique `{fk.name}`")
                full = np.zeros(n, dtype=bool)
                full[len(idx) :] = True
                mask = full
                idx = np.concatenate([idx, np.zeros(n - len(idx), dtype=np.int64)])
            else:
                mask = rng.random(n) < self.opts.null_ratio(t, fk.columns[0]) if fk.nullable else None
            return idx, mask
        if fk.self_ref:
            if g0 == 0:
                if fk.nullable or _partly_nullable(t, fk):
                    return None, None
                return np.arange(n, dtype=np.int64), None
            if fk.unique and fk.nullable:  # each earlier row is a parent at most once, in order; the rest NULL
                start = self.next_parent.get(fk.name, 0)
                stop = min(g0, start + n)
                idx = np.zeros(n, dtype=np.int64)
                idx[: stop - start] = np.arange(start, stop)
                self.next_parent[fk.name] = stop
                mask = np.arange(n) >= stop - start
                return idx, mask | (rng.random(n) < self.opts.null_ratio(t, fk.columns[0]))
            idx = F.sample_parents(rng, g0, n, self.opts.fanout(t, fk), salt=g0)
            ratio = max(self.opts.null_ratio(t, fk.columns[0]), SELF_REF_NULLS)
            return idx, rng.random(n) < ratio if fk.nullable or _partly_nullable(t, fk) else None
        n_parent = self.store.count.get(fk.ref, 0)
        if n_parent == 0:
            if fk.nullable:
                return None, None
            raise RuntimeError(f"{t.name}: `{fk.ref[1]}` has no rows to reference")
        idx = F.sample_parents(rng, n_parent, n, self.opts.fanout(t, fk), salt=len(fk.name) * 31 + n_parent)
        mask = rng.random(n) < self.opts.null_ratio(t, fk.columns[0]) if fk.nullable else None
        return idx, mask

    def _avoid_given(self, col: str, arr: pa.Array) -> pa.Array:
        given = self.files.values(col)
        if given is None or len(given) == 0:
            return arr
        lowered = pc.utf8_lower(given.cast(pa.string()))
        for _ in range(3):
            clash = pc.is_in(pc.utf8_lower(arr), value_set=lowered)
            if not pc.any(clash).as_py():
                break
            arr = pc.if_else(clash, pc.binary_join_element_wise(arr, "x", ""), arr)
        return arr

    def _overlay(self, out: dict[str, pa.Array]) -> None:
        for col, (mask, values) in self.files.given.items():
            if col not in out:
                continue
            target = plain(out[col])
            values = _cast(values, target.type)
            out[col] = pc.if_else(pa.array(mask[: self.f]), values.slice(0, self.f), target)
        # a hand-written createdAt moves the generated updatedAt along (createdAt <= updatedAt)
        anchors = sorted((c.name for c in self.t.columns if time_role(c.name) == "anchor"), key=anchor_rank)
        anchor = anchors[0] if anchors else None
        if anchor is None or anchor not in self.files.given:
            return
        for c in self.t.columns:
            if time_role(c.name) != "after" or c.name in self.files.given or c.base != self.t.column(anchor).base:
                continue
            out[c.name] = pc.if_else(pc.less(out[c.name], out[anchor]), out[anchor], out[c.name])


_COPY = FkPlan("", (), ("", ""), (), False)  # the fan-out of a copied key: as for any reference


def deferred_choice(opts: Options, t: TablePlan, fk: FkPlan, n: int, n_parent: int) -> tuple[np.ndarray, np.ndarray]:
    """Parent indices and NULL mask of a cycle-closing key (the same whether it is filled at insert
    time or by a later UPDATE, so every engine gets the same rows)."""
    rng = rng_for(opts.seed, t.key[0], t.key[1], fk.name, "deferred")
    if n_parent == 0:
        return np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool)
    if fk.unique:
        idx = F.unique_parents(rng, n_parent, min(n, n_parent))
        mask = np.zeros(n, dtype=bool)
        mask[len(idx) :] = True
        idx = np.concatenate([idx, np.zeros(n - len(idx), dtype=np.int64)])
    else:
        idx = F.sample_parents(rng, n_parent, n, opts.fanout(t, fk), salt=n_parent)
        mask = np.zeros(n, dtype=bool)
    mask |= rng.random(n) < opts.null_ratio(t, fk.columns[0])
    return idx, mask


def _partly_nullable(t: TablePlan, fk: FkPlan) -> bool:
    """Some columns of the key are nullable (``(parentId, projectId)``): NULL there unlinks the row."""
    return any(t.column(c).nullable for c in fk.columns)


def _cast(arr: pa.Array | pa.ChunkedArray, typ: pa.DataType) -> pa.Array:
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if arr.type == typ or (pa.types.is_dictionary(arr.type) and arr.type.value_type == typ):
        return arr
    if pa.types.is_null(arr.type):
        return pa.nulls(len(arr), typ)
    return arr.cast(typ)


def _max_number(values: pa.Array | None) -> int:
    if values is None or len(values) == 0:
        return 0
    try:
        if pa.types.is_timestamp(values.type) or pa.types.is_date(values.type) or pa.types.is_decimal(values.type):
            return 0
        m = pc.max(values).as_py()
        return int(m) if m is not None else 0
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, TypeError, ValueError):
        return 0
