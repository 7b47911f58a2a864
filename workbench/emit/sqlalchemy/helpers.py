"""Source text of the small helpers a generated ``models.py`` may need, emitted only when used.

Prisma generates ``uuid()``, ``cuid()``, ``nanoid()`` and ``ulid()`` ids in the client, so the
SQL has no default for them; the SQLAlchemy models must produce them in Python too. Rather than
make every generated module depend on three id packages, the generators are written out here in
pure Python (stdlib ``secrets``/``hashlib``/``time``), producing ids of the same shape and
alphabet as Prisma's: uuid v4/v7 (RFC 9562), cuid v1 (``c`` + 24 base36 chars) and cuid2
(24 chars, a letter first), nanoid (21 chars of ``A-Za-z0-9_-`` or the requested length), ulid
(26 chars of Crockford base32, time-ordered). They are defaults, not validators, so "same shape"
is what matters; uniqueness comes from 72+ random bits each.

Each entry: (helper name, imports it needs, source text). Names start with ``_`` so they never
clash with model classes.
"""

from __future__ import annotations

HELPERS: dict[str, tuple[tuple[str, ...], str]] = {
    "_uuid4": (
        ("uuid",),
        """def _uuid4() -> str:
    return str(uuid.uuid4())
""",
    ),
    "_uuid7": (
        ("secrets", "time", "uuid"),
        '''def _uuid7() -> str:
    """RFC 9562 version 7: 48-bit Unix milliseconds, then random bits."""
    value = (time.time_ns() // 1_000_000) << 80 | secrets.randbits(80)
    value = value & ~(0xF << 76) | 0x7 << 76  # version 7
    value = value & ~(0x3 << 62) | 0x2 << 62  # RFC 4122 variant
    return str(uuid.UUID(int=value))
''',
    ),
    "_base36": (
        (),
        """def _base36(number: int, width: int) -> str:
    digits = ""
    while number:
        number, rest = divmod(number, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[rest] + digits
    return digits.rjust(width, "0")[-width:]
""",
    ),
    "_cuid": (
        ("os", "platform", "secrets", "time"),
        '''_cuid_counter = [secrets.randbelow(36**4)]


def _cuid() -> str:
    """cuid v1: "c", timestamp, counter, host fingerprint and random blocks in base36 (25 chars)."""
    _cuid_counter[0] = (_cuid_counter[0] + 1) % 36**4
    fingerprint = _base36(os.getpid(), 2) + _base36(sum(platform.node().encode()) + 36, 2)
    return (
        "c"
        + _base36(time.time_ns() // 1_000_000, 8)
        + _base36(_cuid_counter[0], 4)
        + fingerprint
        + _base36(secrets.randbits(42), 8)
    )
''',
    ),
    "_cuid2": (
        ("hashlib", "secrets", "time"),
        '''def _cuid2(length: int = 24) -> str:
    """cuid2: a random letter, then base36 of a SHA3 hash of time, entropy and a counter."""
    _cuid_counter[0] = (_cuid_counter[0] + 1) % 36**4
    seed = f"{time.time_ns()}{secrets.token_hex(16)}{_cuid_counter[0]}".encode()
    digest = int.from_bytes(hashlib.sha3_512(seed).digest(), "big")
    return secrets.choice("abcdefghijklmnopqrstuvwxyz") + _base36(digest, length - 1)
''',
    ),
    "_nanoid": (
        ("secrets",),
        """def _nanoid(size: int = 21) -> str:
    alphabet = "useandom-26T198340PX75pxJACKVERYMINDBUSHWOLF_GQZbfghjklqvwyzrict"
    return "".join(alphabet[secrets.randbelow(64)] for _ in range(size))
""",
    ),
    "_ulid": (
        ("secrets", "time"),
        '''def _ulid() -> str:
    """ULID: 48-bit milliseconds + 80 random bits in Crockford base32 (26 chars)."""
    value = (time.time_ns() // 1_000_000) << 80 | secrets.randbits(80)
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    return "".join(alphabet[(value >> shift) & 31] for shift in range(125, -1, -5))
''',
    ),
    "_utcnow": (
        ("datetime",),
        '''def _utcnow() -> datetime.datetime:
    """Prisma writes @updatedAt in UTC; TIMESTAMP columns hold it without a time zone."""
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
''',
    ),
    "_utcnow_tz": (
        ("datetime",),
        """def _utcnow_tz() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)
""",
    ),
    "_RawType": (
        (),
        '''class _RawType(sa.types.UserDefinedType[Any]):
    """A column type SQLAlchemy has no class for, rendered exactly as Prisma's DDL writes it."""

    cache_ok = True

    def __init__(self, spec: str) -> None:
        self.spec = spec

    def get_col_spec(self, **kw: Any) -> str:
        return self.spec
''',
    ),
}

HELPERS["_Inet"] = (
    (),
    """class _Inet(sa.types.TypeDecorator[str]):
    \"\"\"INET read back as text, as Prisma Client does (drivers return ipaddress objects).\"\"\"

    impl = pg.INET
    cache_ok = True

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> str | None:
        return None if value is None else str(value)
""",
)
HELPERS["_Money"] = (
    ("decimal",),
    """class _Money(sa.types.TypeDecorator[decimal.Decimal]):
    \"\"\"MONEY read as a Decimal, as Prisma Client does (its text form depends on lc_monetary).\"\"\"

    impl = pg.MONEY
    cache_ok = True

    def column_expression(self, column: Any) -> Any:
        return sa.cast(column, sa.Numeric())
""",
)

HELPERS["_Jsonb"] = (
    (),
    """class _Jsonb(sa.JSON):
    \"\"\"Json on SQLite: SQLAlchemy's JSON, in a column declared ``JSONB`` as Prisma declares it.\"\"\"


@compiles(_Jsonb, "sqlite")
def _jsonb_on_sqlite(type_: _Jsonb, compiler: Any, **kw: Any) -> str:
    return "JSONB"
""",
)

# Helpers other helpers call.
DEPENDS = {"_cuid": ("_base36",), "_cuid2": ("_base36", "_cuid"), "_uuid7": ()}


def needed(names: set[str]) -> list[str]:
    """``names`` plus what they depend on, in the order of :data:`HELPERS` (deterministic)."""
    todo = set(names)
    for name in list(todo):
        todo.update(DEPENDS.get(name, ()))
    return [name for name in HELPERS if name in todo]
