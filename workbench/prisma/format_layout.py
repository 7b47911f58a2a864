"""Prisma's table layout: the one implementation of ``prisma format``'s column alignment.

Both the formatter (:mod:`.format`) and the IR writer (:mod:`workbench.emit.prisma.writer`, via
:func:`render_block`) lay out block contents through :class:`Table`, so the two can never disagree
about alignment.

The rules (Prisma's ``TableFormat`` in prisma-engines, confirmed against the 7.10 formatter):

* a block's lines form a table; cells of a column are padded to the widest cell of that column
  plus one space, the last cell of a row is never padded and empty trailing cells are dropped;
* widths are counted in UTF-8 bytes (Prisma measures Rust ``String::len``), which only matters
  for non-ASCII text in a cell that is not the last one (``Unsupported("é")`` types);
* a row's trailing comment (its *suffix*) follows the last cell after one space, unaligned;
* comment lines are rows without cells (just a suffix), verbatim lines are *interleaved*: they
  take part in neither the widths nor the padding;
* a new table starts at a blank line (the blank line itself is an empty row).
"""

from __future__ import annotations

from itertools import zip_longest


def _width(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode("utf-8"))


class Table:
    """Rows of cells plus an unaligned suffix; ``None`` cells mark interleaved verbatim lines."""

    __slots__ = ("rows",)

    def __init__(self) -> None:
        self.rows: list[tuple[list[str] | None, str]] = []

    def row(self, cells: list[str] | None = None, suffix: str = "") -> None:
        self.rows.append((list(cells) if cells else [], suffix))

    def interleave(self, text: str) -> None:
        self.rows.append((None, text))

    def __bool__(self) -> bool:
        return bool(self.rows)

    def render(self, out: list[str], indent: str) -> None:
        """Append the rendered lines (without newlines) to ``out`` and empty the table."""
        rows = self.rows
        table: list[list[str]] = []
        for cells, _ in rows:
            if cells:
                while cells and cells[-1] == "":
                    cells.pop()
                table.append(cells)
        # Column widths; ASCII text (the usual case) is measured in characters, which are bytes.
        plain = "".join("".join(cells) for cells in table).isascii()
        measure = len if plain else _width
        widths = [max(map(measure, column)) for column in zip_longest(*table, fillvalue="")]
        for cells, suffix in rows:
            if cells is None:
                out.append(indent + suffix)
                continue
            if not cells:
                out.append(indent + suffix if suffix else "")
                continue
            last = len(cells) - 1
            if not last:
                line = indent + cells[0]
            elif plain:
                line = (
                    indent + "".join([cell.ljust(widths[i] + 1) for i, cell in enumerate(cells[:last])]) + cells[last]
                )
            else:
                parts = [cell + " " * (widths[i] - _width(cell) + 1) for i, cell in enumerate(cells[:last])]
                line = indent + "".join(parts) + cells[last]
            out.append(f"{line} {suffix}" if suffix else line)
        self.rows = []


def render_block(
    header: str, rows: list[tuple[list[str], list[str]]], attributes: list[str], indent: str = "  "
) -> list[str]:
    """A whole block the way ``prisma format`` prints it (the writer's entry point).

    ``rows`` are (cells, doc comment lines shown above the row); doc lines are rows without cells,
    so they do not change the alignment. Block attributes (already in Prisma's order) follow after
    one blank line, which Prisma writes even when the block has no other rows.
    """
    table = Table()
    for cells, docs in rows:
        for doc in docs:
            table.row(None, doc)
        table.row(cells)
    out = [header]
    table.render(out, indent)
    if attributes:
        table.row()
        for attr in attributes:
            table.row([attr])
        table.render(out, indent)
    out.append("}")
    return out
