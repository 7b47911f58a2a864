"""Diagnostics: how every user mistake is reported.

Loaders, emitters, linters and differs return results *and* diagnostics instead of raising, so a
notebook cell or a CLI run can show every problem at once, each located like a compiler error::

    schema.prisma:12:5: error[E0201]: type `Usr` is not defined
       |
    12 |   author Usr @relation(fields: [authorId], references: [id])
       |          ^^^
       = help: did you mean `User`?
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from workbench.diagnostics.source import SourceFile, Span
from workbench.display import palette


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding: a stable code, a severity, a message, where, and how to fix it if known."""

    code: str
    severity: Severity
    message: str
    span: Span | None = None
    help: str | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def location(self) -> str:
        return str(self.span) if self.span else "<schema>"

    def headline(self) -> str:
        return f"{self.location}: {self.severity.value}[{self.code}]: {self.message}"

    def to_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "span": self.span.to_json() if self.span else None,
            "help": self.help,
            "notes": list(self.notes),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Diagnostic:
        span, help, notes = data.get("span"), data.get("help"), data.get("notes")
        return cls(
            code=str(data["code"]),
            severity=Severity(str(data["severity"])),
            message=str(data["message"]),
            span=Span.from_json(span) if isinstance(span, dict) else None,
            help=help if isinstance(help, str) else None,
            notes=tuple(str(n) for n in notes) if isinstance(notes, list | tuple) else (),
        )


def error(code: str, message: str, span: Span | None = None, help: str | None = None) -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, message, span, help)


def warning(code: str, message: str, span: Span | None = None, help: str | None = None) -> Diagnostic:
    return Diagnostic(code, Severity.WARNING, message, span, help)


def sort_key(d: Diagnostic) -> tuple[str, int, int, str]:
    if d.span is None:
        return ("", 0, 0, d.code)
    return (d.span.file, d.span.line, d.span.col, d.code)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)


# Source lines longer than this are shown as a window around the span, cut with "..." (as rustc
# does). Each diagnostic used to repeat its whole line: 8,000 diagnostics on one 200 KB line (a
# one-line SQL dump) made gigabytes of text. Shorter lines are shown whole, exactly as before.
MAX_EXCERPT = 240
_CONTEXT = 80  # characters kept before the span when a long line is cut
_CUT = "..."


def _excerpt(d: Diagnostic, source: SourceFile | None) -> list[tuple[int, str, int, int]]:
    """(line number, shown text, underline start col, underline width) for the span's first line.

    Only the shown part of the line is copied: the cost per diagnostic does not grow with the line.
    """
    if d.span is None or source is None:
        return []
    start, end = source.line_bounds(d.span.line)
    length = end - start
    col = d.span.col
    width = max(1, d.span.end_col - col) if d.span.end_line == d.span.line else max(1, length - col + 1)
    if length <= MAX_EXCERPT:
        return [(d.span.line, source.text[start:end], col, width)]
    left = max(0, min(col - 1 - _CONTEXT, length - MAX_EXCERPT))
    right = min(length, left + MAX_EXCERPT)
    head = _CUT if left > 0 else ""
    shown = head + source.text[start + left : start + right] + (_CUT if right < length else "")
    width = max(1, min(width, right - (col - 1)))
    return [(d.span.line, shown, col - left + len(head), width)]


def render_text(diagnostics: Sequence[Diagnostic], sources: Mapping[str, SourceFile] | None = None) -> str:
    """Render diagnostics like a compiler: headline, the source line, an underline, help."""
    sources = sources or {}
    blocks: list[str] = []
    for d in diagnostics:
        lines = [d.headline()]
        excerpt = _excerpt(d, sources.get(d.span.file) if d.span else None)
        if excerpt:
            gutter = max(len(str(n)) for n, *_ in excerpt)
            pad = " " * gutter
            lines.append(f"{pad} |")
            for number, text, start, width in excerpt:
                shown = _printable(text.expandtabs(1))
                lines.append(f"{number:>{gutter}} | {shown}")
                lines.append(f"{pad} | {' ' * (start - 1)}{'^' * width}")
        for note in d.notes:
            lines.append(f"  = note: {note}")
        if d.help:
            lines.append(f"  = help: {d.help}")
        blocks.append("\n".join(lines))
    return "\n".join(blocks)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _printable(text: str) -> str:
    """A source line as it can be printed: a lone surrogate (possible in a Python string handed to
    the loader, never in a UTF-8 file) shows as U+FFFD, one character for one, so columns hold."""
    return _SURROGATE.sub("\ufffd", text)


def render_html(diagnostics: Sequence[Diagnostic], sources: Mapping[str, SourceFile] | None = None) -> str:
    """The same report as HTML for notebooks (self-contained inline styles, no scripts)."""
    sources = sources or {}
    items: list[str] = []
    for d in diagnostics:
        color = palette.text_colour(d.severity.value)
        head = (
            f'<div><span style="color:{color};font-weight:bold">{d.severity.value}[{html.escape(d.code)}]</span> '
            f"<code>{html.escape(d.location)}</code>: {html.escape(d.message)}</div>"
        )
        body = ""
        excerpt = _excerpt(d, sources.get(d.span.file) if d.span else None)
        if excerpt:
            rows = []
            for number, text, start, width in excerpt:
                shown = _printable(text.expandtabs(1))
                rows.append(f"{number} | {html.escape(shown)}")
                rows.append(" " * len(str(number)) + " | " + " " * (start - 1) + "^" * width)
            joined = "\n".join(rows)
            body = f'<pre style="margin:2px 0 2px 1em">{joined}</pre>'
        extra = "".join(f"<div style='margin-left:1em'>note: {html.escape(n)}</div>" for n in d.notes)
        if d.help:
            extra += f"<div style='margin-left:1em'>help: {html.escape(d.help)}</div>"
        items.append(f'<li style="list-style:none;margin-bottom:6px">{head}{body}{extra}</li>')
    return f'<ul style="padding-left:0;font-family:monospace">{"".join(items)}</ul>'
