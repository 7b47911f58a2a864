"""How each unique key (primary key or unique index) of a table is kept unique.

One cheap guarantee per key, chosen in this order:

* a column already unique through another key (a sequence, a random id, a suffixed string);
* ``seq``: integer / date / decimal columns get ``offset + row number`` (ids, numbers);
* ``random``: UUID-like ids are 122 random bits (collision-free in practice, and deterministic);
* ``suffix``: a text column gets a ``-<row number>`` suffix (inside an email's local part). The
  counter is unique per row, and digits after the last separator cannot be produced by another
  row's base text, so the values are unique also case-insensitively (the counter has no letters
  unless the column is too short, where a lower-case base-36 counter is used);
* ``perm``: a unique foreign key (1:1) takes parents from a permutation, each at most once;
* ``pair``: two foreign keys forming the key (join tables, follows) are sampled as distinct pairs;
* ``ordinal``: an integer column beside foreign keys (``(invoiceId, position)``) numbers the rows
  within each parent: 1, 2, 3...
* ``domain``: a key made only of Boolean / enum columns (``flag Boolean @unique``,
  ``@@unique([kind, level])``) gets distinct combinations of their values, so it holds at most
  the product of their sizes (the row count is clamped to that before generating);
* ``domain_fk``: one foreign key plus Boolean / enum columns (``@@unique([userId, provider])``)
  is sampled as distinct (parent, combination) pairs, at most parents x combinations rows.

Every key made of foreign keys and Boolean / enum columns (pairs, ``domain_fk``, three or more
foreign keys, a foreign key only partly inside the key: amplication's
``@@unique([permissionId, fieldPermanentId])`` beside ``field(fieldPermanentId, entityVersionId)``)
is also listed in ``tuples``, in key order: :mod:`workbench.seeding.tuples` draws them whole-table,
and a key sharing a part with an earlier one (papermark's ``@@unique([conversationId, viewerId])``
and ``@@unique([conversationId, userId])``) numbers its other parts within each group of the
shared ones, so both hold.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.seeding.plan import FkPlan, TablePlan, pair_key

TEXT = {"text", "varchar", "bpchar", "citext"}
NUMERIC_SEQ = {"int2", "int4", "int8", "numeric", "money", "date", "timestamp", "timestamptz", "bit", "varbit"}


@dataclass(frozen=True, slots=True)
class KeyTuple:
    """A unique key kept unique as distinct tuples of its parts: foreign keys (each counted by its
    columns inside the key) and Boolean / enum columns."""

    key: tuple[str, ...]
    fks: tuple[FkPlan, ...]
    domain: tuple[str, ...] = ()


@dataclass
class Strategies:
    seq: set[str] = field(default_factory=set)
    suffix: set[str] = field(default_factory=set)
    random: set[str] = field(default_factory=set)
    ordinal: dict[str, FkPlan] = field(default_factory=dict)
    perm: set[str] = field(default_factory=set)  # fk names
    pairs: list[tuple[FkPlan, FkPlan]] = field(default_factory=list)
    domain: list[tuple[str, ...]] = field(default_factory=list)  # Boolean / enum columns of one key
    domain_fk: list[tuple[FkPlan, tuple[str, ...]]] = field(default_factory=list)
    unsupported: list[tuple[str, ...]] = field(default_factory=list)
    tuples: list[KeyTuple] = field(default_factory=list)  # FK / enum keys, drawn whole-table in this order

    def unique_columns(self) -> set[str]:
        return self.seq | self.suffix | self.random | set(self.ordinal) | self.domain_columns()

    def domain_columns(self) -> set[str]:
        """Columns whose values come from a domain combination (never NULL, never random)."""
        return {c for cols in self.domain for c in cols} | {c for _, cols in self.domain_fk for c in cols}


def domain_size(t: TablePlan, columns: tuple[str, ...]) -> int:
    """Distinct value combinations of Boolean / enum columns (the product of their sizes)."""
    size = 1
    for c in columns:
        size *= t.column(c).domain or 0
    return size


def _is_random(t: TablePlan, col: str) -> bool:
    c = t.column(col)
    return c.base == "uuid" or (c.client_id is not None and c.base in TEXT)


def key_tuple(t: TablePlan, key: tuple[str, ...]) -> KeyTuple | None:
    """The key as foreign-key and Boolean/enum parts, when those cover it (no self reference, no
    cycle-closing key, no column in two of its foreign keys)."""
    fks = tuple(fk for fk in t.fks if set(fk.columns) & set(key))
    if not fks or any(fk.self_ref or fk.deferred for fk in fks):
        return None
    in_fks = [c for fk in fks for c in fk.columns if c in key]
    if len(in_fks) != len(set(in_fks)):
        return None
    rest = tuple(c for c in key if c not in in_fks)
    if any(t.column(c).domain is None for c in rest):
        return None
    return KeyTuple(key, fks, rest)


def strategies(t: TablePlan) -> Strategies:
    s = Strategies()
    s.tuples = _tuples(t)
    fk_cols = {c for fk in t.fks for c in fk.columns}
    for key in t.uniques:
        if not key or any(set(other) < set(key) for other in t.uniques if other):
            continue  # holds already: a smaller key inside it is unique (@unique a beside @@unique([b, a]))
        done = s.seq | s.suffix | s.random | {c for cols in s.domain for c in cols}
        if any(c in done and c not in fk_cols for c in key):
            continue
        free = [c for c in key if c not in fk_cols]
        if len(key) == 1 and key[0] in fk_cols:
            fk = t.fk_of(key[0])
            if fk is not None and fk.columns == key:
                s.perm.add(fk.name)
                continue
        if any(_is_random(t, c) for c in free):
            # an id with its own default (``teamId @default(uuid())``) first: the other uuid may copy
            # another table's key (``tenancyId``, see :class:`workbench.seeding.shared.Roots`)
            randoms = sorted((c for c in free if _is_random(t, c)), key=lambda c: t.column(c).client_id is None)
            s.random.add(randoms[0])
            continue
        text = [c for c in free if t.column(c).base in TEXT]
        if text:
            s.suffix.add(text[0])
            continue
        pair = pair_key(t, key)
        if pair is not None:
            if pair not in s.pairs:
                s.pairs.append(pair)
            continue
        seq = [c for c in free if t.column(c).base in NUMERIC_SEQ]
        if seq:
            # number within a parent that every row has (a required key beats a nullable or self one)
            groups = [fk for fk in t.fks if set(fk.columns) <= set(key) and not fk.deferred]
            group = min(groups, key=lambda fk: (fk.nullable, fk.self_ref), default=None)
            if group is not None and t.column(seq[0]).base in ("int2", "int4", "int8"):
                s.ordinal[seq[0]] = group
            else:
                s.seq.add(seq[0])
            continue
        fks = [fk for fk in t.fks if set(fk.columns) <= set(key) and not fk.deferred and not fk.self_ref]
        if len(fks) >= 2:
            s.pairs.append((fks[0], fks[1]))
            continue
        if len(fks) == 1 and fks[0].columns == key:
            s.perm.add(fks[0].name)
            continue
        if free and all(t.column(c).domain is not None for c in free):
            covered = {c for fk in fks for c in fk.columns}
            if not fks and not set(key) & fk_cols:
                s.domain.append(tuple(free))
                continue
            if len(fks) == 1 and covered | set(free) == set(key) and not fks[0].self_ref:
                s.domain_fk.append((fks[0], tuple(free)))
                continue
        if any(kt.key == key for kt in s.tuples):
            continue
        if free:
            s.suffix.add(free[0]) if t.column(free[0]).base not in ("enum", "bool") else s.unsupported.append(key)
        else:
            s.unsupported.append(key)
    for fk in t.fks:  # a foreign key marked unique by the plan (see plan._one_parent_each)
        if fk.unique and fk.nullable and not fk.deferred and not fk.self_ref:
            s.perm.add(fk.name)
    return s


def _tuples(t: TablePlan) -> list[KeyTuple]:
    """The table's keys that only foreign keys and Boolean/enum columns keep unique (those with
    a column of their own that is made unique, a sequence or a suffixed text, are not listed)."""
    out: list[KeyTuple] = []
    fk_cols = {c for fk in t.fks for c in fk.columns}
    for key in t.uniques:
        if not key or any(set(other) < set(key) for other in t.uniques if other):
            continue
        if any(fk.columns == key for fk in t.fks):
            continue  # a 1:1 key: a permutation of the parents (``perm``)
        own = [c for c in key if c not in fk_cols]
        if any(_is_random(t, c) or t.column(c).base in TEXT or t.column(c).base in NUMERIC_SEQ for c in own):
            continue
        kt = key_tuple(t, key)
        if kt is not None and kt not in out:
            out.append(kt)
    return out
