"""Key columns of loaded tables, kept in memory so children can reference them (keys only, not rows).

Integers and fixed-width ids (UUID, cuid...) live in growable numpy buffers, so taking parents is
a numpy gather and appending a batch costs only that batch; anything else falls back to Arrow
chunks concatenated on demand. This is what :func:`workbench.seeding.bounds.footprint` estimates.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from workbench.seeding.arrowutil import from_char_matrix, plain
from workbench.seeding.plan import Plan, TableKey
from workbench.seeding.roots import Roots


class _KeyColumn:
    """One stored key column. Integers and fixed-width ids (UUID, cuid...) live in growable numpy
    buffers, so taking parents is a numpy gather and appending a batch costs only that batch;
    anything else falls back to Arrow chunks concatenated on demand."""

    def __init__(self, capacity: int = 1024) -> None:
        self.capacity = max(capacity, 1024)
        self.type: pa.DataType | None = None
        self.buf: np.ndarray | None = None  # int64 (n,) or uint8 (n, width)
        self.len = 0
        self.chunks: list[pa.Array] | None = None
        self._combined: pa.Array | None = None

    def append(self, arr: pa.Array) -> None:
        arr = plain(arr)
        if self.type is None:
            self.type = arr.type
        if self.chunks is None and arr.null_count == 0:
            values = self._as_numpy(arr)
            if values is not None:
                self._grow(values)
                return
        self._to_chunks()
        assert self.chunks is not None
        self.chunks.append(arr)
        self._combined = None

    def _as_numpy(self, arr: pa.Array) -> np.ndarray | None:
        n = len(arr)
        if pa.types.is_integer(arr.type):
            ints: np.ndarray = arr.to_numpy(zero_copy_only=False).astype(np.int64, copy=False)  # pyarrow is untyped
            return ints
        if pa.types.is_string(arr.type) and n:
            lengths = pc.binary_length(arr)
            lo, hi = pc.min_max(lengths).values()
            width = lo.as_py()
            if width != hi.as_py() or (self.buf is not None and self.buf.ndim == 2 and self.buf.shape[1] != width):
                return None
            offsets = np.frombuffer(arr.buffers()[1], dtype=np.int32)[arr.offset : arr.offset + n + 1]
            data = np.frombuffer(arr.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
            return data.reshape(n, width)
        return None

    def _grow(self, values: np.ndarray) -> None:
        n = len(values)
        if self.buf is None:
            self.buf = np.empty((max(n, self.capacity), *values.shape[1:]), dtype=values.dtype)
        elif self.buf.shape[1:] != values.shape[1:] or self.buf.dtype != values.dtype:
            self._to_chunks()
            assert self.chunks is not None
            self.chunks.append(self._from_numpy(values))
            return
        if self.len + n > len(self.buf):
            bigger = np.empty((max(2 * len(self.buf), self.len + n), *self.buf.shape[1:]), dtype=self.buf.dtype)
            bigger[: self.len] = self.buf[: self.len]
            self.buf = bigger
        self.buf[self.len : self.len + n] = values
        self.len += n

    def _from_numpy(self, values: np.ndarray) -> pa.Array:
        if values.ndim == 2:
            return from_char_matrix(values).cast(self.type)
        return pa.array(values, self.type)

    def _to_chunks(self) -> None:
        if self.chunks is None:
            self.chunks = [self._from_numpy(self.buf[: self.len])] if self.buf is not None and self.len else []
            self.buf = None

    def array(self) -> pa.Array:
        if self.chunks is None:
            return self._from_numpy(self.buf[: self.len]) if self.buf is not None else pa.array([], self.type)
        if self._combined is None:
            self._combined = pa.concat_arrays(self.chunks) if self.chunks else pa.array([], self.type)
            self.chunks = [self._combined]
        return self._combined

    def take(self, idx: np.ndarray) -> pa.Array:
        if self.chunks is None and self.buf is not None:
            return self._from_numpy(self.buf[: self.len][idx])
        return self.array().take(pa.array(idx, pa.int64()))


class KeyStore:
    """Key columns of loaded tables, kept so children can reference them (keys only, not rows)."""

    def __init__(self, plan: Plan, assume_planned: bool = False):
        """``assume_planned``: count every table as already holding its planned rows (to predict a
        table's keys before its parents are loaded, see ``TableGenerator.predict_deferred``)."""
        self.needed: dict[TableKey, set[str]] = {}
        for t in plan.tables:
            for fk in t.fks:
                self.needed.setdefault(fk.ref, set()).update(fk.ref_columns)
            if any(fk.deferred for fk in t.fks):
                self.needed.setdefault(t.key, set()).update(t.primary_key or (c.name for c in t.columns))

        for source in set(Roots(plan.tables).implied.values()):  # columns that others copy
            self.needed.setdefault(source[0], set()).add(source[1])
        self.columns: dict[tuple[TableKey, str], _KeyColumn] = {}
        self.planned = {t.key: t.rows for t in plan.tables}
        self.count: dict[TableKey, int] = dict(self.planned) if assume_planned else {}

    def add(self, key: TableKey, batch: pa.Table) -> None:
        self.count[key] = self.count.get(key, 0) + batch.num_rows
        for c in sorted(self.needed.get(key, ())):
            column = self.columns.get((key, c))
            if column is None:
                column = self.columns[(key, c)] = _KeyColumn(self.planned.get(key, 0))
            column.append(batch.column(c).combine_chunks())

    def column(self, key: TableKey, col: str) -> pa.Array:
        """All stored values of a key column as one array."""
        hit = self.columns.get((key, col))
        return hit.array() if hit is not None else pa.array([], pa.null())

    def take(self, key: TableKey, col: str, idx: np.ndarray) -> pa.Array:
        hit = self.columns.get((key, col))
        if hit is None:
            return pa.array([], pa.null()).take(pa.array(idx, pa.int64()))
        return hit.take(np.asarray(idx, dtype=np.int64))
