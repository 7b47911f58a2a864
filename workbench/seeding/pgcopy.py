"""PostgreSQL binary COPY encoding, column-wise with numpy and Arrow (no per-row Python).

Each column becomes an Arrow binary array whose value for a row is that field's wire form (a
big-endian int32 length, or -1 for NULL, followed by the type's binary ``*_recv`` format); the
rows are then the element-wise concatenation of a 2-byte field count and every column, done in
Arrow's C++ kernels. The result is one contiguous buffer per batch, handed to psycopg's
``cursor.copy(...).write``.

NUMERIC is sent in PostgreSQL's base-10000 form with a fixed number of digit groups (leading
zero groups are allowed: ``numeric_recv`` normalises them). MONEY is a 64-bit count of the
currency's smallest unit (``lc_monetary`` decides how many fraction digits: the writer asks the
server). TIMETZ is microseconds plus a zone offset (always UTC here). BIT/VARBIT are a bit count
and the bits packed most significant first. Arrays need their element type's OID, which for
enums, citext and other extension types differs per database: the writer reads it from the
catalog and passes it in.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from workbench.seeding.plan import ColumnPlan, TablePlan

HEADER = b"PGCOPY\n\xff\r\n\x00" + b"\x00\x00\x00\x00" + b"\x00\x00\x00\x00"
TRAILER = b"\xff\xff"
NULL_FIELD = pa.scalar(b"\xff\xff\xff\xff", pa.binary())
PG_EPOCH_US = 946_684_800_000_000
PG_EPOCH_DAYS = 10_957

OIDS = {
    "bool": 16, "bytea": 17, "int8": 20, "int2": 21, "int4": 23, "text": 25, "json": 114, "xml": 142,
    "float4": 700, "float8": 701, "inet": 869, "bpchar": 1042, "varchar": 1043, "date": 1082, "time": 1083,
    "timestamp": 1114, "timestamptz": 1184, "numeric": 1700, "uuid": 2950, "jsonb": 3802,
    "money": 790, "timetz": 1266, "bit": 1560, "varbit": 1562,
}  # fmt: skip


@dataclass(frozen=True)
class ServerTypes:
    """What the binary format needs from the target database: element type OIDs of array columns
    (by column name) and the fraction digits of MONEY."""

    element_oids: dict[str, int] = field(default_factory=dict)
    money_digits: int = 2


def _fixed(matrix: np.ndarray) -> pa.Array:
    """(n, w) uint8 payloads -> binary array of ``length || payload`` fields."""
    n, w = matrix.shape
    full = np.empty((n, w + 4), dtype=np.uint8)
    full[:, :4] = np.frombuffer(np.array([w], dtype=">i4").tobytes(), dtype=np.uint8)
    full[:, 4:] = matrix
    offsets = np.arange(n + 1, dtype=np.int32) * (w + 4)
    return pa.BinaryArray.from_buffers(pa.binary(), n, [None, pa.py_buffer(offsets), pa.py_buffer(full)])


def _varlen(payload: pa.Array) -> pa.Array:
    """Binary/string payloads -> ``length || payload`` fields (nulls become empty here)."""
    payload = payload.cast(pa.binary()) if not pa.types.is_binary(payload.type) else payload
    payload = payload.fill_null(b"")
    lengths = pc.binary_length(payload).to_numpy(zero_copy_only=False).astype(">i4")
    prefix = _raw_fixed(lengths.view(np.uint8).reshape(-1, 4))
    return pc.binary_join_element_wise(prefix, payload, b"")


def _raw_fixed(matrix: np.ndarray) -> pa.Array:
    n, w = matrix.shape
    offsets = np.arange(n + 1, dtype=np.int32) * w
    return pa.BinaryArray.from_buffers(
        pa.binary(), n, [None, pa.py_buffer(offsets), pa.py_buffer(np.ascontiguousarray(matrix))]
    )


def _numbers(arr: pa.Array, dtype: str, fill: object = 0) -> np.ndarray:
    values = arr.fill_null(fill).to_numpy(zero_copy_only=False)
    return np.ascontiguousarray(values.astype(dtype)).view(np.uint8).reshape(len(arr), -1)


def _uuid(arr: pa.Array) -> np.ndarray:
    filled = arr.fill_null("00000000-0000-0000-0000-000000000000").cast(pa.string())
    n = len(filled)
    lengths = pc.utf8_length(filled).to_numpy(zero_copy_only=False)
    if n and not (lengths == 36).all():
        filled = pa.array([s if len(s) == 36 else str(_as_uuid(s)) for s in filled.to_pylist()], pa.string())
    offsets = np.frombuffer(filled.buffers()[1], dtype=np.int32)[filled.offset : filled.offset + n + 1]
    data = np.frombuffer(filled.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]].reshape(n, 36)
    hexchars = np.delete(data, [8, 13, 18, 23], axis=1)
    nib = np.where(
        hexchars >= ord("a"),
        hexchars - ord("a") + 10,
        np.where(hexchars >= ord("A"), hexchars - ord("A") + 10, hexchars - ord("0")),
    )
    return ((nib[:, 0::2] << 4) | nib[:, 1::2]).astype(np.uint8)


def _as_uuid(s: str) -> object:
    import uuid

    return uuid.UUID(s)


def _numeric(arr: pa.Array) -> np.ndarray:
    scale = arr.type.scale
    n = len(arr)
    raw = np.frombuffer(arr.buffers()[1], dtype=np.int64)[2 * arr.offset : 2 * (arr.offset + n)].reshape(n, 2)
    unscaled = raw[:, 0].copy()
    valid = arr.is_valid().to_numpy(zero_copy_only=False)
    unscaled[~valid] = 0
    fg = (scale + 3) // 4
    mag = np.abs(unscaled).astype(object if np.abs(unscaled).max(initial=0) > 10**14 else np.int64)
    mag = mag * 10 ** (4 * fg - scale)
    top = int(mag.max(initial=0))
    k = max(1, (len(str(top)) + 3) // 4, fg + 1)
    digits = np.empty((n, k), dtype=np.int64)
    rest = mag
    for j in range(k - 1, -1, -1):
        digits[:, j] = np.asarray(rest % 10000, dtype=np.int64)
        rest = rest // 10000
    head = np.empty((n, 4), dtype=np.int64)
    head[:, 0] = k
    head[:, 1] = k - fg - 1
    head[:, 2] = np.where(unscaled < 0, 0x4000, 0)
    head[:, 3] = scale
    words = np.concatenate([head, digits], axis=1).astype(">i2")
    return words.view(np.uint8).reshape(n, -1)


def _money(arr: pa.Array, digits: int) -> np.ndarray:
    """Decimal(19, 2) values -> big-endian int64 counts of the smallest currency unit."""
    n = len(arr)
    raw = np.frombuffer(arr.buffers()[1], dtype=np.int64)[2 * arr.offset : 2 * (arr.offset + n)].reshape(n, 2)
    unscaled = raw[:, 0].copy()
    shift = digits - arr.type.scale
    cents = unscaled * 10**shift if shift >= 0 else np.round(unscaled / 10**-shift).astype(np.int64)
    return np.ascontiguousarray(cents.astype(">i8")).view(np.uint8).reshape(n, 8)


def _bits(arr: pa.Array) -> pa.Array:
    """Text of 0s and 1s -> ``bit length || packed bits`` payloads (bit_recv / varbit_recv)."""
    out = []
    for v in arr.to_pylist():
        if v is None:
            out.append(b"")
            continue
        padded = v + "0" * (-len(v) % 8)
        packed = int(padded, 2).to_bytes(len(padded) // 8, "big") if padded else b""
        out.append(len(v).to_bytes(4, "big") + packed)
    return _varlen(pa.array(out, pa.binary()))


def _inet(arr: pa.Array) -> pa.Array:
    import ipaddress

    out = []
    for v in arr.to_pylist():
        if v is None:
            out.append(b"")
            continue
        ip = ipaddress.ip_interface(v)
        fam = 2 if ip.version == 4 else 3
        packed = ip.ip.packed
        out.append(bytes([fam, ip.network.prefixlen, 0, len(packed)]) + packed)
    return _varlen(pa.array(out, pa.binary()))


def encode_field(col: ColumnPlan, arr: pa.Array, element: bool = False, server: ServerTypes | None = None) -> pa.Array:
    """One column's fields (``length || payload`` per row, -1 length for NULL)."""
    server = server or ServerTypes()
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if pa.types.is_dictionary(arr.type):
        arr = arr.cast(arr.type.value_type)
    base = col.base
    n = len(arr)
    if col.array and not element:
        return _array_fields(col, arr, server)
    if base in ("int2", "int4", "int8"):
        fields = _fixed(_numbers(arr, {"int2": ">i2", "int4": ">i4", "int8": ">i8"}[base]))
    elif base == "float4":
        fields = _fixed(_numbers(arr, ">f4"))
    elif base == "float8":
        fields = _fixed(_numbers(arr, ">f8"))
    elif base == "bool":
        fields = _fixed(_numbers(arr, "u1", False))
    elif base == "uuid":
        fields = _fixed(_uuid(arr))
    elif base in ("timestamp", "timestamptz", "time"):
        micros = pc.cast(arr, pa.int64()).fill_null(0).to_numpy(zero_copy_only=False)
        if base != "time":
            micros = micros - PG_EPOCH_US
        fields = _fixed(np.ascontiguousarray(micros.astype(">i8")).view(np.uint8).reshape(n, 8))
    elif base == "timetz":  # microseconds of the day, then the zone's offset west of UTC in seconds (0)
        micros = pc.cast(arr, pa.int64()).fill_null(0).to_numpy(zero_copy_only=False)
        payload = np.zeros((n, 12), dtype=np.uint8)
        payload[:, :8] = np.ascontiguousarray(micros.astype(">i8")).view(np.uint8).reshape(n, 8)
        fields = _fixed(payload)
    elif base == "money":
        fields = _fixed(_money(arr, server.money_digits))
    elif base in ("bit", "varbit"):
        fields = _bits(arr)
    elif base == "date":
        days = pc.cast(arr, pa.int32()).fill_null(0).to_numpy(zero_copy_only=False) - PG_EPOCH_DAYS
        fields = _fixed(np.ascontiguousarray(days.astype(">i4")).view(np.uint8).reshape(n, 4))
    elif base == "numeric":
        fields = _fixed(_numeric(arr))
    elif base == "jsonb":
        fields = _varlen(pc.binary_join_element_wise(pa.scalar(b"\x01"), arr.cast(pa.binary()).fill_null(b""), b""))
    elif base == "inet":
        fields = _inet(arr)
    else:  # text, varchar, bpchar, citext, enum labels, json, xml, bytea: the bytes as they are
        fields = _varlen(arr)
    if arr.null_count:
        fields = pc.if_else(arr.is_null(), NULL_FIELD, fields)
    return fields


def _array_fields(col: ColumnPlan, arr: pa.Array, server: ServerTypes) -> pa.Array:
    """PostgreSQL's binary array format for a list column (one dimension, no NULL elements)."""
    n = len(arr)
    oid = server.element_oids.get(col.name) or OIDS.get(col.base)
    if oid is None:
        raise ValueError(f"no type OID for the elements of {col.sql_type} (column `{col.name}`)")
    lengths = pc.list_value_length(arr).fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
    elements = encode_field(col, arr.flatten(), element=True, server=server)
    offsets = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(lengths, out=offsets[1:])
    joined = pc.binary_join(pa.ListArray.from_arrays(pa.array(offsets), elements), b"")
    head = np.zeros((n, 5), dtype=">i4")
    head[:, 0] = 1
    head[:, 2] = oid
    head[:, 3] = lengths
    head[:, 4] = 1
    full = _raw_fixed(np.ascontiguousarray(head).view(np.uint8).reshape(n, 20))
    empty = pa.scalar(np.array([0, 0, oid], dtype=">i4").tobytes(), pa.binary())
    header = pc.if_else(pa.array(lengths == 0), empty, full)
    fields = _varlen(pc.binary_join_element_wise(header, joined, b""))
    if arr.null_count:
        fields = pc.if_else(arr.is_null(), NULL_FIELD, fields)
    return fields


COPY_CHUNK_ROWS = 1 << 16  # rows encoded at a time: a 512k-row batch of long text never sits in memory 5 times


def encode_binary_copy(t: TablePlan, batch: pa.Table, server: ServerTypes | None = None) -> bytes:
    """The complete ``COPY ... FROM STDIN (FORMAT BINARY)`` stream for one batch."""
    return b"".join(binary_copy_chunks(t, batch, server, max(batch.num_rows, 1)))


def binary_copy_chunks(
    t: TablePlan, batch: pa.Table, server: ServerTypes | None = None, rows: int = COPY_CHUNK_ROWS
) -> Iterator[bytes]:
    """The same stream in pieces of ``rows`` rows (header first, trailer last). Encoding a whole
    batch at once holds the encoded columns, the joined rows and their bytes together, several
    times the batch's size; pieces keep the peak to a few MB per piece."""
    yield HEADER
    for start in range(0, batch.num_rows, rows):
        yield _encode_rows(t, batch.slice(start, rows), server)
    yield TRAILER


def _encode_rows(t: TablePlan, batch: pa.Table, server: ServerTypes | None) -> bytes:
    n = batch.num_rows
    count = pa.scalar(np.array([batch.num_columns], dtype=">i2").tobytes(), pa.binary())
    fields = [encode_field(t.column(name), batch.column(name), server=server) for name in batch.column_names]
    rows = pc.binary_join_element_wise(count, *fields, b"")
    offsets = np.frombuffer(rows.buffers()[1], dtype=np.int32)[rows.offset : rows.offset + n + 1]
    data: bytes = rows.buffers()[2].to_pybytes()
    return data[offsets[0] : offsets[-1]]
