"""Column-wise value generators: by type, then made realistic by the column's name.

Each generator takes a seeded numpy ``Generator`` and a row count and returns an Arrow array;
no per-row Python. ``counters`` (unique row numbers) is given when the column must be unique:
string generators then put a ``-<counter>`` suffix where it reads naturally (inside an email's
local part, at the end of a slug) while respecting ``VARCHAR(n)``.

Timestamps come from a fixed window (2020-01-01 .. 2025-01-01), never from "now", so runs are
reproducible. Columns named like ``updatedAt``/``publishedAt``/``dueAt`` are generated after the
table's anchor column (``createdAt``/``openedAt``/``startsAt``...), so ``createdAt <= updatedAt``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from workbench.seeding import words as W
from workbench.seeding.arrowutil import (
    BASE36,
    CROCKFORD,
    NANOID,
    decimal_array,
    from_char_matrix,
    int_strings,
    join,
    pick,
    random_chars,
    rng_for,
    truncate,
    uuid_strings,
)
from workbench.seeding.plan import ColumnPlan

EPOCH_US = 1_577_836_800_000_000  # 2020-01-01T00:00:00Z in microseconds
WINDOW_US = 5 * 365 * 86_400_000_000
DAY_US = 86_400_000_000

ANCHORS = ("created", "opened", "starts", "started", "placed", "loaned", "invited", "issued", "registered", "valid")
AFTER = (
    "updated", "ended", "ends", "due", "returned", "published", "edited", "joined", "lastused", "lastlogin",
    "expires", "revoked", "deleted", "paid", "shipped", "delivered", "closed", "renews", "modified",
)  # fmt: skip
PERSON_TABLES = ("user", "customer", "member", "author", "contact", "person", "people", "employee", "account")


def norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


@cache
def _vocab(name: str) -> pa.Array:
    return pa.array(list(getattr(W, name)), pa.string())


@cache
def _lower_vocab(name: str) -> pa.Array:
    return pa.array([w.lower() for w in getattr(W, name)], pa.string())


@cache
def _sentences() -> pa.Array:
    """A pool of 2048 texts of 1-3 sentences, built once with a fixed seed."""
    rng = rng_for("workbench-seed-text-pool")
    vocab = W.WORDS
    lengths = rng.integers(5, 14, (2048, 3)).tolist()
    counts = rng.integers(1, 4, 2048).tolist()
    picks = rng.integers(0, len(vocab), (2048, 3, 13)).tolist()
    out = []
    for i in range(2048):
        sentences = [
            " ".join(vocab[j] for j in picks[i][k][: lengths[i][k]]).capitalize() + "." for k in range(counts[i])
        ]
        out.append(" ".join(sentences))
    return pa.array(out, pa.string())


@cache
def _titles() -> pa.Array:
    rng = rng_for("workbench-seed-title-pool")
    vocab = W.WORDS
    lengths = rng.integers(2, 6, 4096).tolist()
    picks = rng.integers(0, len(vocab), (4096, 5)).tolist()
    out = []
    for n, row in zip(lengths, picks, strict=True):
        ws = [vocab[j] for j in row[:n]]
        out.append(" ".join(w.capitalize() if i == 0 or len(w) > 3 else w for i, w in enumerate(ws)))
    return pa.array(out, pa.string())


@cache
def _slugs() -> pa.Array:
    rng = rng_for("workbench-seed-slug-pool")
    vocab = W.WORDS
    picks = rng.integers(0, len(vocab), (4096, 3)).tolist()
    return pa.array(["-".join(vocab[j] for j in row) for row in picks], pa.string())


def _suffix(counters: np.ndarray | None, short: bool = False) -> pa.Array | None:
    if counters is None:
        return None
    from workbench.seeding.arrowutil import base36_strings

    return base36_strings(counters) if short else int_strings(counters)


def unique_text(base: pa.Array, counters: np.ndarray | None, length: int | None, sep: str = "-") -> pa.Array:
    """``base`` made unique by a ``<sep><counter>`` suffix, cut so the whole fits ``length``."""
    if counters is None:
        return truncate(base, length)
    if len(counters) == 0:
        return base
    digits = len(str(int(counters.max())))
    short = length is not None and length - len(sep) - digits < 4
    suffix = _suffix(counters, short)
    width = len(np.base_repr(int(counters.max()), 36)) if short else digits
    if length is not None and length - len(sep) - width < 1:
        return suffix
    stop = None if length is None else length - len(sep) - width
    head = base if stop is None else pc.utf8_slice_codeunits(base, 0, stop)
    return join(head, sep, suffix)


# -- strings ---------------------------------------------------------------------------------------
def text_role(col: str, table: str) -> str:
    n, t = norm(col), norm(table)
    if "email" in n:
        return "email"
    if n in ("firstname", "givenname", "forename"):
        return "first_name"
    if n in ("lastname", "surname", "familyname"):
        return "last_name"
    if n in ("name", "fullname", "displayname", "authorname", "contactname"):
        return "person" if any(p in t for p in PERSON_TABLES) else "label"
    if n in ("handle", "username", "login", "nickname"):
        return "handle"
    if n.endswith("url") or n in ("website", "homepage", "link", "avatar"):
        return "url"
    if "slug" in n:
        return "slug"
    if n in ("label", "tag", "keyword"):
        return "label"
    if n in ("title", "topic", "subject", "headline", "caption") or n.endswith("title"):
        return "title"
    if n in ("body", "content", "description", "bio", "text", "notes", "note", "message", "summary", "comment"):
        return "text"
    if n.endswith("description") or n.endswith("body") or n.endswith("content"):
        return "text"
    if "phone" in n or n in ("mobile", "tel"):
        return "phone"
    if n in ("country", "countrycode", "countryiso", "nationality"):
        return "country"
    if n == "currency" or n.endswith("currency"):
        return "currency"
    if n in ("city", "town", "location"):
        return "city"
    if n in ("postalcode", "zip", "zipcode", "postcode"):
        return "postal"
    if n in ("line1", "street", "address", "addressline1", "street1"):
        return "street"
    if n in ("line2", "addressline2", "street2"):
        return "line2"
    if n == "ip" or n.endswith("ip") or n.endswith("ipaddress"):
        return "ip"
    if n in ("hashedkey", "hash", "passwordhash", "token", "secret", "checksum") or n.endswith("hash"):
        return "hex"
    if n in ("sku", "number", "code", "barcode", "cardno", "isbn", "prefix") or n.endswith("ref"):
        return "code"
    if n == "action":
        return "action"
    if n.endswith("type") or n.endswith("kind"):
        return "entity"
    if n.endswith("id"):
        return "ident"
    return "words"


Person = tuple[np.ndarray, np.ndarray]  # first-name and last-name indices shared by a row's columns


def person_indices(rng: np.random.Generator, n: int) -> Person:
    return rng.integers(0, len(W.FIRST_NAMES), n), rng.integers(0, len(W.LAST_NAMES), n)


def _names(person: Person | None, rng: np.random.Generator, n: int, lower: bool = False) -> tuple[pa.Array, pa.Array]:
    fi, li = person if person is not None else person_indices(rng, n)
    first = _lower_vocab("FIRST_NAMES") if lower else _vocab("FIRST_NAMES")
    last = _lower_vocab("LAST_NAMES") if lower else _vocab("LAST_NAMES")
    return first.take(pa.array(fi)), last.take(pa.array(li))


def gen_text(
    col: ColumnPlan,
    table: str,
    n: int,
    rng: np.random.Generator,
    counters: np.ndarray | None,
    person: Person | None = None,
) -> pa.Array:
    """A text-like column (TEXT, VARCHAR(n), CHAR(n), citext, xml, inet) of n rows.

    ``person``: name indices shared by the row's name and email columns, so that
    ``Ada Lovelace`` gets ``ada.lovelace7@example.com``.
    """
    role = text_role(col.name, table)
    length = col.length
    if col.base == "bpchar":
        return _fixed_chars(col, role, n, rng, counters)
    if col.base == "inet" or role == "ip":
        parts = [int_strings(rng.integers(lo, 255, n)) for lo in (10, 0, 0, 1)]
        return join(parts[0], ".", parts[1], ".", parts[2], ".", parts[3])
    if col.base == "xml":
        return join("<note>", pick(rng, _vocab("WORDS"), n), "</note>")
    if role == "email":
        first, last = _names(person, rng, n, lower=True)
        local = join(first, ".", last)
        domain = join("@", pick(rng, _vocab("DOMAINS"), n))
        if length is not None and length < 24:  # too short for names: a counter at a short domain
            local, domain = pa.array(["u"] * n, pa.string()), pa.array(["@x.io"] * n, pa.string())
        room = None if length is None else max(1, length - 12)  # the longest domain is 11 characters
        if counters is not None:
            digits = len(str(int(counters.max()))) if len(counters) else 1
            room = None if room is None else max(1, room - digits)
            return join(truncate(local, room), int_strings(counters), domain)
        return join(truncate(local, room), domain)
    if role == "first_name":
        base = _names(person, rng, n)[0]
    elif role == "last_name":
        base = _names(person, rng, n)[1]
    elif role == "person":
        first, last = _names(person, rng, n)
        base = join(first, " ", last)
    elif role == "handle":
        base = join(_names(person, rng, n, lower=True)[0], "_", pick(rng, _vocab("WORDS"), n))
        return unique_text(base, counters, length, "")
    elif role == "url":
        base = join("https://", pick(rng, _vocab("WORDS"), n), ".example/", pick(rng, _vocab("WORDS"), n))
        return unique_text(base, counters, length, "-")
    elif role == "slug":
        base = _slugs().take(pa.array(rng.integers(0, 4096, n)))
    elif role in ("title", "text"):
        pool = _titles() if role == "title" else _sentences()
        idx = pa.array(rng.integers(0, len(pool), n))
        if counters is None:  # dictionary-encoded: no copy of the text, and DuckDB ingests it faster
            return pa.DictionaryArray.from_arrays(idx, truncate(pool, length))
        base = pool.take(idx)
    elif role == "label":
        base = _label(table, n, rng)
    elif role == "phone":
        base = join(
            "+", int_strings(rng.integers(1, 99, n)), " ", int_strings(rng.integers(100_000_000, 999_999_999, n))
        )
    elif role == "country":
        base = pick(rng, _vocab("COUNTRIES"), n)
    elif role == "currency":
        base = pick(rng, _vocab("CURRENCIES"), n)
    elif role == "city":
        base = pick(rng, _vocab("CITIES"), n)
    elif role == "postal":
        base = int_strings(rng.integers(10000, 99999, n))
    elif role == "street":
        base = join(
            int_strings(rng.integers(1, 300, n)), " ", _cap_words(rng, n), " ", pick(rng, _vocab("STREET_KINDS"), n)
        )
    elif role == "line2":
        base = join("Apt ", int_strings(rng.integers(1, 99, n)))
    elif role == "hex":
        base = from_char_matrix(
            random_chars(rng, n, min(64, length or 64), np.frombuffer(b"0123456789abcdef", np.uint8))
        )
    elif role == "code":
        width = min(10, length or 10)
        prefix = norm(col.name)[:3].upper()
        chars = from_char_matrix(
            random_chars(rng, n, width, np.frombuffer(b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789", np.uint8))
        )
        base = join(prefix, "-", chars)
    elif role == "action":
        base = pick(rng, _vocab("ACTIONS"), n)
    elif role == "entity":
        base = pick(rng, _vocab("ENTITIES"), n)
    elif role == "ident" and col.client_id is None:
        base = from_char_matrix(random_chars(rng, n, 12, BASE36))
    else:
        base = join(pick(rng, _vocab("WORDS"), n), " ", pick(rng, _vocab("WORDS"), n))
    return unique_text(base, counters, length)


def _cap_words(rng: np.random.Generator, n: int) -> pa.Array:
    return pc.utf8_capitalize(pick(rng, _vocab("WORDS"), n))


def _label(table: str, n: int, rng: np.random.Generator) -> pa.Array:
    t = norm(table)
    if "product" in t or "variant" in t or "item" in t:
        return join(_cap_words(rng, n), " ", pick(rng, _vocab("NOUNS"), n))
    if "org" in t or "company" in t or "team" in t or "tenant" in t:
        return join(pick(rng, _vocab("LAST_NAMES"), n), " ", pick(rng, _vocab("NOUNS"), n))
    return _cap_words(rng, n)


def _fixed_chars(col: ColumnPlan, role: str, n: int, rng: np.random.Generator, counters: np.ndarray | None) -> pa.Array:
    """CHAR(n): always exactly n characters (PostgreSQL pads shorter values; DuckDB would not)."""
    length = col.length or 1
    if counters is not None:
        digits = from_char_matrix(_base36_fixed(counters, length))
        return digits
    if role == "country" and length == 2:
        return pick(rng, _vocab("COUNTRY_CODES"), n)
    if role == "currency" and length == 3:
        return pick(rng, _vocab("CURRENCIES"), n)
    return from_char_matrix(random_chars(rng, n, length, np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", np.uint8)))


def _base36_fixed(values: np.ndarray, width: int) -> np.ndarray:
    v = np.asarray(values, dtype=np.int64).copy()
    out = np.empty((len(v), width), dtype=np.uint8)
    for i in range(width - 1, -1, -1):
        out[:, i] = BASE36[v % 36]
        v //= 36
    return out


def client_ids(kind: str, n: int, rng: np.random.Generator) -> pa.Array:
    """Ids Prisma's client would make: uuid(), cuid(), nanoid(), ulid() (same shapes, seeded)."""
    if kind == "cuid":
        return join("c", from_char_matrix(random_chars(rng, n, 24, BASE36)))
    if kind == "nanoid":
        return from_char_matrix(random_chars(rng, n, 21, NANOID))
    if kind == "ulid":
        head = random_chars(rng, n, 26, CROCKFORD)
        head[:, 0] = CROCKFORD[rng.integers(0, 8, n)]
        return from_char_matrix(head)
    return uuid_strings(rng, n)


# -- numbers -----------------------------------------------------------------------------------------
_INT_MAX = {"int2": 32767, "int4": 2**31 - 1, "int8": 2**63 - 1}


def gen_int(col: ColumnPlan, n: int, rng: np.random.Generator) -> np.ndarray:
    name = norm(col.name)
    hi = _INT_MAX.get(col.base, 2**31 - 1)
    if "count" in name or name in ("views", "likes", "score", "points"):
        v = np.floor(rng.pareto(1.2, n) * 20)
    elif "quantity" in name or name in ("qty", "amount"):
        v = 1 + rng.geometric(0.5, n) - 1
    elif name == "stock" or name.endswith("stock") or "inventory" in name:
        v = rng.integers(0, 500, n)
    elif name == "age":
        v = rng.integers(18, 90, n)
    elif name in ("born", "year", "birthyear") or name.endswith("year") or name.endswith("in"):
        v = rng.integers(1850, 2025, n)
    elif "days" in name:
        v = rng.integers(0, 31, n)
    elif "limit" in name or "seats" in name:
        v = rng.integers(1, 500, n)
    elif "price" in name or "cents" in name or "cost" in name:
        v = np.round(rng.lognormal(7.5, 1.0, n))
    else:
        v = rng.integers(0, 1000, n)
    return np.minimum(v, hi).astype(np.int64)


def gen_float(col: ColumnPlan, n: int, rng: np.random.Generator) -> np.ndarray:
    name = norm(col.name)
    if "score" in name or "rating" in name or "ratio" in name or "rate" in name or "probability" in name:
        v = rng.random(n)
    elif "weight" in name:
        v = rng.lognormal(1.0, 0.8, n)
    elif name in ("lat", "latitude"):
        v = rng.uniform(-80, 80, n)
    elif name in ("lng", "lon", "longitude"):
        v = rng.uniform(-180, 180, n)
    else:
        v = rng.lognormal(3.0, 1.0, n)
    v = np.round(v, 4)
    return v.astype(np.float32) if col.base == "float4" else v


def decimal_type(col: ColumnPlan) -> tuple[int, int]:
    """The Arrow decimal type used for a DECIMAL(p,s) column (at most 38 digits, 10 decimals)."""
    p, s = col.precision or 65, col.scale or 0
    s = min(s, 10)
    p = min(p, 38)
    return p, s


def gen_decimal(col: ColumnPlan, n: int, rng: np.random.Generator) -> pa.Array:
    name = norm(col.name)
    p, s = decimal_type(col)
    if "rate" in name or "tax" in name or "ratio" in name or "discount" in name:
        v = rng.uniform(0, 0.25, n)
    elif "quantity" in name:
        v = rng.integers(1, 10, n).astype(np.float64)
    elif "weight" in name:
        v = rng.lognormal(0.5, 0.9, n)
    elif "limit" in name:
        v = rng.lognormal(7.5, 0.8, n)
    else:  # money: price, amount, total, subtotal, cost...
        v = rng.lognormal(3.4, 0.9, n)
    used_scale = min(s, 4)
    unscaled = np.round(v * 10**used_scale).astype(np.int64) * 10 ** (s - used_scale)
    limit = 10 ** min(p, 18) - 1
    unscaled = np.minimum(unscaled, limit)
    if "cost" in name and "shipping" in name:
        unscaled = np.where(rng.random(n) < 0.3, 0, unscaled)
    return decimal_array(unscaled, p, s)


_BOOL_P = {"published": 0.7, "active": 0.9, "enabled": 0.85, "isdefault": 0.2, "blocked": 0.05, "istest": 0.05}
_BOOL_P |= {"deleted": 0.05, "archived": 0.1, "verified": 0.8, "paid": 0.6, "loanable": 0.95}


def gen_bool(col: ColumnPlan, n: int, rng: np.random.Generator) -> pa.Array:
    p = _BOOL_P.get(norm(col.name), 0.5)
    return pa.array(rng.random(n) < p)


def gen_enum(col: ColumnPlan, n: int, rng: np.random.Generator) -> pa.Array:
    """Enum labels, skewed towards the first value (USER over ADMIN, PENDING over REFUNDED)."""
    k = len(col.enum_values)
    weights = 1.0 / np.arange(1, k + 1)
    idx = rng.choice(k, n, p=weights / weights.sum())
    return pa.array(list(col.enum_values), pa.string()).take(pa.array(idx))


# -- time ----------------------------------------------------------------------------------------------
def time_role(name: str) -> str:
    n = norm(name)
    if n.startswith(AFTER) or n.startswith("last"):
        return "after"
    if n.startswith(ANCHORS):
        return "anchor"
    if "birth" in n or n in ("born", "dob"):
        return "birth"
    return "plain"


def anchor_rank(name: str) -> int:
    """Generation order of a table's columns: ``createdAt`` (the row's first moment) first, then
    the other anchors (``startsAt``, ``openedAt``: after it), then everything else (``updatedAt``,
    ``endsAt``: after the latest anchor). So a table with ``startsAt`` before ``createdAt`` in its
    column list still gets ``createdAt <= updatedAt`` and ``startsAt <= endsAt``."""
    if time_role(name) != "anchor":
        return 2
    return 0 if norm(name).startswith("created") else 1


def gen_micros(col: ColumnPlan, n: int, rng: np.random.Generator, anchor: np.ndarray | None) -> np.ndarray:
    """Microseconds since the Unix epoch (before rounding to the column's precision). ``anchor``:
    the row's latest anchor time so far; "after" columns and later anchors follow it."""
    role = time_role(col.name)
    if role in ("after", "anchor") and anchor is not None:
        return anchor + (rng.exponential(30.0, n) * DAY_US).astype(np.int64)
    if role == "birth":
        return -631_152_000_000_000 + rng.integers(0, 56 * 365 * DAY_US, n)
    return EPOCH_US + rng.integers(0, WINDOW_US, n)


def timestamp_array(col: ColumnPlan, micros: np.ndarray) -> pa.Array:
    if col.base == "date":
        return pa.array(np.floor_divide(micros, DAY_US).astype(np.int32), pa.date32())
    if col.base in ("time", "timetz"):  # a time of day (timetz: at UTC)
        return pa.array((micros % DAY_US) // 1_000_000 * 1_000_000, pa.time64("us"))
    prec = min(col.precision if col.precision is not None else 6, 6)
    step = 10 ** (6 - prec)
    micros = np.floor_divide(micros, step) * step
    tz = "UTC" if col.base == "timestamptz" else None
    micros = np.ascontiguousarray(micros, dtype=np.int64)
    return pa.Array.from_buffers(pa.timestamp("us", tz=tz), len(micros), [None, pa.py_buffer(micros)])


# -- structured ----------------------------------------------------------------------------------------
def gen_json(col: ColumnPlan, n: int, rng: np.random.Generator) -> pa.Array:
    a = pick(rng, _vocab("WORDS"), n)
    b = int_strings(rng.integers(0, 1000, n))
    c = pc.if_else(pa.array(rng.random(n) < 0.5), "true", "false")
    return join('{"key": "', a, '", "count": ', b, ', "enabled": ', c, "}")


def gen_bytes(n: int, rng: np.random.Generator) -> pa.Array:
    lengths = rng.integers(8, 33, n)
    offsets = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(lengths, out=offsets[1:])
    data = rng.integers(0, 256, int(offsets[-1]), dtype=np.uint8)
    return pa.BinaryArray.from_buffers(pa.binary(), n, [None, pa.py_buffer(offsets), pa.py_buffer(data)])


def gen_array(col: ColumnPlan, table: str, n: int, rng: np.random.Generator) -> pa.Array:
    """A list column: 0-3 elements per row."""
    lengths = rng.integers(0, 4, n)
    offsets = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(lengths, out=offsets[1:])
    total = int(offsets[-1])
    values = generate_scalar(element_of(col), table, total, rng, None, None)
    return pa.ListArray.from_arrays(pa.array(offsets), values)


def element_of(col: ColumnPlan) -> ColumnPlan:
    """The plan of one element of a list column (same type, enum labels and lengths; not null)."""
    return replace(col, sql_type=col.sql_type.removesuffix("[]"), nullable=False, array=False)


def gen_bits(col: ColumnPlan, n: int, rng: np.random.Generator, counters: np.ndarray | None) -> pa.Array:
    """BIT(n) / VARBIT(n) values as text of 0s and 1s: BIT(n) has exactly n bits, VARBIT(n) 1..n
    (at most 64 random ones; a longer BIT(n) is padded with zeros); a unique column counts in binary."""
    width = col.length if col.length is not None else 16
    if counters is not None:
        shifts = np.arange(min(width, 63) - 1, -1, -1, dtype=np.int64)
        bits = ((np.asarray(counters, dtype=np.int64)[:, None] >> shifts) & 1).astype(np.uint8) + ord("0")
        head = from_char_matrix(bits)
        return join(head, "0" * (width - 63)) if col.base == "bit" and width > 63 else head
    shown = min(width, 64)
    chars = random_chars(rng, n, shown, np.frombuffer(b"01", np.uint8))
    if col.base == "bit":
        head = from_char_matrix(chars)
        return join(head, "0" * (width - shown)) if width > shown else head
    lengths = rng.integers(1, shown + 1, n).astype(np.int32)
    keep = np.arange(shown)[None, :] < lengths[:, None]
    offsets = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(lengths, out=offsets[1:])
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(np.ascontiguousarray(chars[keep])))


def generate_scalar(
    col: ColumnPlan,
    table: str,
    n: int,
    rng: np.random.Generator,
    counters: np.ndarray | None,
    anchor: np.ndarray | None,
    person: Person | None = None,
) -> pa.Array:
    """Values of one column (no NULLs; the caller applies the null ratio)."""
    base = col.base
    if col.client_id is not None and base in ("text", "varchar", "uuid", "citext"):
        return client_ids(col.client_id, n, rng)
    if base == "uuid":
        return uuid_strings(rng, n)
    if base in ("text", "varchar", "bpchar", "citext", "inet", "xml", "unknown"):
        return gen_text(col, table, n, rng, counters, person)
    if base in ("int2", "int4", "int8"):
        if counters is not None:
            return pa.array(counters.astype(np.int64), _INT_ARROW[base])
        return pa.array(gen_int(col, n, rng), _INT_ARROW[base])
    if base in ("float4", "float8"):
        return pa.array(gen_float(col, n, rng))
    if base in ("numeric", "money"):
        if counters is not None:
            p, s = decimal_type(col)
            return decimal_array(counters.astype(np.int64) * 10**s, p, s)
        return gen_decimal(col, n, rng)
    if base in ("bit", "varbit"):
        return gen_bits(col, n, rng, counters)
    if base == "bool":
        return gen_bool(col, n, rng)
    if base == "enum":
        return gen_enum(col, n, rng)
    if base in ("timestamp", "timestamptz", "date", "time", "timetz"):
        if counters is not None:
            step = DAY_US if base == "date" else 1_000_000
            return timestamp_array(col, EPOCH_US + counters.astype(np.int64) * step)
        return timestamp_array(col, gen_micros(col, n, rng, anchor))
    if base in ("json", "jsonb"):
        return gen_json(col, n, rng)
    if base == "bytea":
        return gen_bytes(n, rng)
    return gen_text(col, table, n, rng, counters)


_INT_ARROW = {"int2": pa.int16(), "int4": pa.int32(), "int8": pa.int64()}


def arrow_type(col: ColumnPlan) -> pa.DataType:
    """The Arrow type a column's values are generated in."""
    t = _scalar_arrow_type(col)
    return pa.list_(t) if col.array else t


def _scalar_arrow_type(col: ColumnPlan) -> pa.DataType:
    base = col.base
    if base in _INT_ARROW:
        return _INT_ARROW[base]
    if base == "float4":
        return pa.float32()
    if base == "float8":
        return pa.float64()
    if base in ("numeric", "money"):
        return pa.decimal128(*decimal_type(col))
    if base == "bool":
        return pa.bool_()
    if base == "date":
        return pa.date32()
    if base in ("time", "timetz"):
        return pa.time64("us")
    if base == "timestamp":
        return pa.timestamp("us")
    if base == "timestamptz":
        return pa.timestamp("us", tz="UTC")
    if base == "bytea":
        return pa.binary()
    return pa.string()
