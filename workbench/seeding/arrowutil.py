"""Small Arrow/numpy helpers: building string columns without Python objects, seeded generators.

Strings are built in C++ (``take`` on a word list, ``binary_join_element_wise`` to concatenate)
or from a numpy character matrix turned into an Arrow buffer directly; no per-row Python.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
BASE36 = np.frombuffer(b"0123456789abcdefghijklmnopqrstuvwxyz", dtype=np.uint8)
NANOID = np.frombuffer(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-", dtype=np.uint8)
HEX_PAIRS = np.array([ord(f"{i:02x}"[0]) | (ord(f"{i:02x}"[1]) << 8) for i in range(256)], dtype="<u2")
CROCKFORD = np.frombuffer(b"0123456789ABCDEFGHJKMNPQRSTVWXYZ", dtype=np.uint8)


def rng_for(*parts: object) -> np.random.Generator:
    """A PCG64 generator seeded from the parts' text (stable across runs, machines, Python versions)."""
    digest = hashlib.blake2b("\x1f".join(str(p) for p in parts).encode(), digest_size=16).digest()
    return np.random.Generator(np.random.PCG64(int.from_bytes(digest, "little")))


def rank_within(group: np.ndarray) -> np.ndarray:
    """Each row's 0-based position among the rows of its group, in row order (``[7, 3, 7, 7]`` ->
    ``[0, 0, 1, 2]``): a stable sort and run starts, no per-row Python."""
    order = np.argsort(group, kind="stable")
    sorted_group = group[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_group)) + 1]
    run_start = np.repeat(starts, np.diff(np.r_[starts, len(group)]))
    rank = np.empty(len(group), dtype=np.int64)
    rank[order] = np.arange(len(group)) - run_start
    return rank


def words(values: tuple[str, ...] | list[str]) -> pa.Array:
    return pa.array(list(values), pa.string())


def pick(rng: np.random.Generator, vocab: pa.Array, n: int) -> pa.Array:
    return vocab.take(pa.array(rng.integers(0, len(vocab), n)))


def join(*parts: pa.Array | str) -> pa.Array:
    """Concatenate string arrays / constants element-wise (C++)."""
    return pc.binary_join_element_wise(*parts, "")


def int_strings(values: np.ndarray) -> pa.Array:
    return pc.cast(pa.array(values, pa.int64()), pa.string())


def from_char_matrix(chars: np.ndarray) -> pa.Array:
    """An (n, w) uint8 matrix of ASCII -> a string array of n values of width w."""
    n, w = chars.shape
    offsets = np.arange(n + 1, dtype=np.int32) * w
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(np.ascontiguousarray(chars)))


def random_chars(rng: np.random.Generator, n: int, width: int, alphabet: np.ndarray) -> np.ndarray:
    return alphabet[rng.integers(0, len(alphabet), (n, width))]


def uuid_strings(rng: np.random.Generator, n: int) -> pa.Array:
    """Version-4 UUIDs in canonical text form (lower-case hex with dashes)."""
    raw = np.frombuffer(rng.bytes(16 * n), dtype=np.uint8).reshape(n, 16).copy()
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80
    hexed = HEX_PAIRS[raw].view(np.uint8).reshape(n, 32)
    out = np.empty((n, 36), dtype=np.uint8)
    out[:, [8, 13, 18, 23]] = ord("-")
    out[:, 0:8] = hexed[:, 0:8]
    out[:, 9:13] = hexed[:, 8:12]
    out[:, 14:18] = hexed[:, 12:16]
    out[:, 19:23] = hexed[:, 16:20]
    out[:, 24:36] = hexed[:, 20:32]
    return from_char_matrix(out)


def base36_strings(values: np.ndarray) -> pa.Array:
    """Non-negative integers in base 36 without leading zeros (0 -> "0")."""
    values = np.asarray(values, dtype=np.int64)
    n = len(values)
    if n == 0:
        return pa.array([], pa.string())
    width = max(1, int(np.ceil(np.log(max(int(values.max()), 1) + 1) / np.log(36))) + 1)
    digits = np.empty((n, width), dtype=np.uint8)
    v = values.copy()
    for i in range(width - 1, -1, -1):
        digits[:, i] = BASE36[v % 36]
        v //= 36
    arr = from_char_matrix(digits)
    trimmed = pc.utf8_ltrim(arr, characters="0")
    return pc.if_else(pc.equal(pc.utf8_length(trimmed), 0), "0", trimmed)


def with_nulls(arr: pa.Array, mask: np.ndarray | None) -> pa.Array:
    """Set the rows where ``mask`` is True to NULL."""
    if mask is None or not mask.any():
        return arr
    if pa.types.is_dictionary(arr.type):
        indices = pc.if_else(pa.array(mask), pa.nulls(len(arr), arr.indices.type), arr.indices)
        return pa.DictionaryArray.from_arrays(indices, arr.dictionary)
    return pc.if_else(pa.array(mask), pa.nulls(len(arr), arr.type), arr)


def plain(arr: pa.Array) -> pa.Array:
    """A dictionary-encoded array decoded to its value type (others unchanged)."""
    return arr.cast(arr.type.value_type) if pa.types.is_dictionary(arr.type) else arr


def truncate(arr: pa.Array, length: int | None) -> pa.Array:
    if length is None:
        return arr
    return pc.utf8_slice_codeunits(arr, 0, length)


def decimal_array(unscaled: np.ndarray, precision: int, scale: int) -> pa.Array:
    """A decimal128 array from unscaled int64 values (value = unscaled / 10**scale), built from buffers."""
    n = len(unscaled)
    words_ = np.empty((n, 2), dtype=np.int64)
    words_[:, 0] = unscaled
    words_[:, 1] = np.where(unscaled < 0, -1, 0)
    return pa.Array.from_buffers(pa.decimal128(precision, scale), n, [None, pa.py_buffer(words_)])
