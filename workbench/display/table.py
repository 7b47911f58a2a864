"""``html_table``: the one HTML table builder, escaping every cell exactly once.

Cells are plain text and are escaped here; a cell that is already markup (a ``<code>`` span, a
bar chart ``<div>``) is wrapped in :class:`Html` so it goes in as is. Attribute text (``attrs``,
``header_attrs``, ``cell_attrs``) is raw markup written by the caller, never user data: it lets
each display keep its exact output (notebook outputs are compared character for character).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


class Html(str):
    """A string that is already HTML: :func:`html_table` inserts it without escaping."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Cell:
    """A cell with its own attributes (``' colspan="4"'``), replacing its column's ``cell_attrs``."""

    content: str
    attrs: str = ""


@dataclass(frozen=True, slots=True)
class Row:
    """A row with attributes on its ``<tr>`` (``' style="background:#fde0dc"'``)."""

    cells: Sequence[str | Cell]
    attrs: str = ""


def escape(text: str) -> str:
    """``text`` escaped for HTML, unless it is :class:`Html` already."""
    return text if isinstance(text, Html) else html.escape(text)


def _attr(attrs: Sequence[str], i: int) -> str:
    return attrs[i] if i < len(attrs) else ""


def _row(row: Row | Sequence[str | Cell], cell_attrs: Sequence[str]) -> str:
    cells, tr = (row.cells, row.attrs) if isinstance(row, Row) else (row, "")
    out = []
    for i, c in enumerate(cells):
        if isinstance(c, Cell):
            out.append(f"<td{c.attrs}>{escape(c.content)}</td>")
        else:
            out.append(f"<td{_attr(cell_attrs, i)}>{escape(c)}</td>")
    return f"<tr{tr}>{''.join(out)}</tr>"


def html_table(
    header: Sequence[str] | None,
    rows: Iterable[Row | Sequence[str | Cell]],
    *,
    caption: str | None = None,
    classes: Sequence[str] = (),
    attrs: str = "",
    header_attrs: Sequence[str] = (),
    cell_attrs: Sequence[str] = (),
    sections: bool = False,
    empty: str | None = None,
) -> str:
    """A ``<table>``: an optional header row, then one ``<tr>`` per row.

    ``header_attrs`` / ``cell_attrs`` are raw attribute text per column (``' style="text-align:right"'``);
    ``classes`` become the table's ``class``; ``attrs`` is more raw attribute text for ``<table>``;
    ``sections=True`` wraps the header in ``<thead>`` and the rows in ``<tbody>``.

    ``empty``: what to show instead when there are no rows (why the table is empty, as plain
    text): a header over nothing tells the reader nothing, and the reason is what they need.
    """
    rows = list(rows)
    if not rows and empty is not None:
        return f'<p class="wb-empty"><i>{escape(empty)}</i></p>'
    cls = f' class="{html.escape(" ".join(classes))}"' if classes else ""
    parts = [f"<table{cls}{attrs}>"]
    if caption is not None:
        parts.append(f"<caption>{escape(caption)}</caption>")
    if header is not None:
        head = "<tr>" + "".join(f"<th{_attr(header_attrs, i)}>{escape(h)}</th>" for i, h in enumerate(header)) + "</tr>"
        parts.append(f"<thead>{head}</thead>" if sections else head)
    body = "".join(_row(r, cell_attrs) for r in rows)
    parts.append(f"<tbody>{body}</tbody>" if sections else body)
    parts.append("</table>")
    return "".join(parts)
