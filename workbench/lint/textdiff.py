"""Unified diffs of big schema files in about linear time (what ``lint --diff`` prints).

``difflib.unified_diff`` matches every line against every other: on a 5,000-model schema, where
thousands of lines repeat (``id String @id @default(uuid())``), it ran for minutes. Here lines that
occur exactly once in both texts (model headers, mostly) anchor the match, as in patience diff;
``difflib`` only compares the short stretches between two anchors. The output is the ordinary
unified format (3 lines of context), so ``patch`` and ``git apply`` read it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator, Sequence
from difflib import SequenceMatcher

Opcode = tuple[str, int, int, int, int]


def unified_diff(a: Sequence[str], b: Sequence[str], fromfile: str, tofile: str, n: int = 3) -> Iterator[str]:
    """``difflib.unified_diff(a, b, fromfile, tofile, n=n)`` for lines with their newlines."""
    groups = _grouped(_opcodes(a, b), n)
    if not groups:
        return
    yield f"--- {fromfile}\n"
    yield f"+++ {tofile}\n"
    for group in groups:
        first, last = group[0], group[-1]
        yield f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@\n"
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                yield from (" " + line for line in a[i1:i2])
                continue
            yield from ("-" + line for line in a[i1:i2])
            yield from ("+" + line for line in b[j1:j2])


def _anchors(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    """Pairs (i, j) of lines unique in both texts, longest run in the same order in both."""
    ca, cb = Counter(a), Counter(b)
    where_b = {line: j for j, line in enumerate(b) if cb[line] == 1}
    pairs = [(i, where_b[line]) for i, line in enumerate(a) if ca[line] == 1 and line in where_b]
    # longest increasing subsequence of the j's (patience sorting), O(k log k)
    tails: list[int] = []  # smallest j ending a run of each length
    tail_at: list[int] = []  # index into pairs of that run's end
    back: list[int] = []
    for k, (_, j) in enumerate(pairs):
        pos = bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[pos], tail_at[pos] = j, k
        back.append(tail_at[pos - 1] if pos else -1)
    out: list[tuple[int, int]] = []
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        out.append(pairs[k])
        k = back[k]
    return out[::-1]


def _opcodes(a: Sequence[str], b: Sequence[str]) -> list[Opcode]:
    ops: list[Opcode] = []
    i0 = j0 = 0
    for i, j in [*_anchors(a, b), (len(a), len(b))]:
        matcher = SequenceMatcher(None, a[i0:i], b[j0:j], autojunk=False)
        ops += [(t, x1 + i0, x2 + i0, y1 + j0, y2 + j0) for t, x1, x2, y1, y2 in matcher.get_opcodes()]
        if i < len(a):
            ops.append(("equal", i, i + 1, j, j + 1))
        i0, j0 = i + 1, j + 1
    merged: list[Opcode] = []
    for op in ops:
        if merged and op[0] == "equal" == merged[-1][0]:
            merged[-1] = ("equal", merged[-1][1], op[2], merged[-1][3], op[4])
        elif op[1] != op[2] or op[3] != op[4]:
            merged.append(op)
    return merged


def _grouped(ops: list[Opcode], n: int) -> list[list[Opcode]]:
    """Hunks with ``n`` lines of context (``SequenceMatcher.get_grouped_opcodes``' rule)."""
    if not any(op[0] != "equal" for op in ops):
        return []
    ops = list(ops)
    if ops[0][0] == "equal":
        _, i1, i2, j1, j2 = ops[0]
        ops[0] = ("equal", max(i1, i2 - n), i2, max(j1, j2 - n), j2)
    if ops[-1][0] == "equal":
        _, i1, i2, j1, j2 = ops[-1]
        ops[-1] = ("equal", i1, min(i2, i1 + n), j1, min(j2, j1 + n))
    groups: list[list[Opcode]] = []
    group: list[Opcode] = []
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal" and i2 - i1 > 2 * n:
            group.append((tag, i1, min(i2, i1 + n), j1, min(j2, j1 + n)))
            groups.append(group)
            group = []
            i1, j1 = max(i1, i2 - n), max(j1, j2 - n)
        group.append((tag, i1, i2, j1, j2))
    if group and not (len(group) == 1 and group[0][0] == "equal"):
        groups.append(group)
    return groups


def _range(start: int, stop: int) -> str:
    """``difflib``'s unified range: 1-based start, length when it is not 1."""
    length = stop - start
    begin = start + 1
    if length == 1:
        return f"{begin}"
    if not length:
        begin -= 1  # an empty range starts on the line before
    return f"{begin},{length}"
