"""Source files and spans.

Every diagnostic points at a span of a source file. Offsets are character offsets into the
file's text (Python ``str`` indices); line and column are 1-based and computed once through a
line index, so locating a span is a binary search rather than a scan.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from workbench.diagnostics.frozen import frozen_builder

_NEWLINE = re.compile("\n")


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` of one file, with its 1-based position."""

    file: str
    start: int
    end: int
    line: int
    col: int
    end_line: int
    end_col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "col": self.col,
            "end_line": self.end_line,
            "end_col": self.end_col,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Span:  # JSON values: a foreign dict raises TypeError here
        return cls(**data)


# a Span from all its fields, positionally: the spans of every field when the IR is built
new_span: Callable[[str, int, int, int, int, int, int], Span] = frozen_builder(Span)


@dataclass(frozen=True, slots=True)
class SourceFile:
    """The text of one schema file, with a line index for offset -> line/col lookups."""

    path: str
    text: str
    _line_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        starts = [0]
        starts += [m.end() for m in _NEWLINE.finditer(self.text)]  # C loop: a quarter faster than str.find
        object.__setattr__(self, "_line_starts", tuple(starts))

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def span(self, start: int, end: int | None = None) -> Span:
        """The span ``[start, end)``; its line and column are :meth:`position`'s, inlined because
        building the IR asks for one per model and enum (thousands on big schemas)."""
        end = start if end is None else end
        starts, size = self._line_starts, len(self.text)
        a = 0 if start < 0 else size if start > size else start
        line = bisect_right(starts, a)
        b = 0 if end < 0 else size if end > size else end
        end_line = line if b == a else bisect_right(starts, b, line - 1 if b > a else 0)
        return new_span(self.path, start, end, line, a - starts[line - 1] + 1, end_line, b - starts[end_line - 1] + 1)

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its newline."""
        start, end = self.line_bounds(line)
        return self.text[start:end]

    def line_bounds(self, line: int) -> tuple[int, int]:
        """``(start, end)`` offsets of a 1-based line's text (no newline, no trailing ``\r``), so a
        caller can take a piece of a very long line without copying all of it; ``(0, 0)`` when
        there is no such line."""
        if line < 1 or line > len(self._line_starts):
            return 0, 0
        start = self._line_starts[line - 1]
        end = self._line_starts[line] - 1 if line < len(self._line_starts) else len(self.text)
        while end > start and self.text[end - 1] == "\r":
            end -= 1
        return start, end

    @property
    def line_count(self) -> int:
        return len(self._line_starts)
