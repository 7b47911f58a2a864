"""``format_prisma``: format Prisma schema text exactly as ``prisma format`` (Prisma 7.10) does.

Two steps, as in Prisma:

1. *Missing relation bits* (:mod:`.format_relations`): when the schema resolves, missing
   back-relation fields (``posts Post[]``), forward fields, ``@relation(fields, references)``
   and foreign-key scalar fields are inserted into the source text, like Prisma's "magic
   reformatting". Skipped when the schema has errors that stop Prisma's parser database.
2. *Layout*: the text is parsed with Prisma's own grammar (:mod:`.format_syntax`, comments and
   unparsable lines kept) and re-printed (:func:`layout`). The rules, checked against the oracle:

   * blocks: ``keyword Name {`` (anything after ``{`` on that line is dropped, comments included),
     contents indented by two spaces, ``}``; exactly one blank line between top-level items that
     were separated by line breaks, none at the start, none before the end of the file, which
     always ends with one newline;
   * block contents are tables (:mod:`.format_layout`): fields ``name type attributes``, enum
     values ``name attributes`` (several value attributes are glued without a space, as Prisma
     does), config ``key = value``; a blank line (one, however many were written) starts a new
     table, blank lines at the start/end of a block or before a block attribute disappear;
   * field attributes are sorted ``@id @unique @default @updatedAt @index @fulltext @map
     @relation @ignore`` then the rest (``@db.*``, unknown) in written order; block attributes
     go after the fields, behind one blank line, sorted the same way (``@@id @@unique @@index
     @@fulltext @@map @@ignore`` then ``@@schema`` and the rest); a comment block directly above a
     block attribute moves with it;
   * expressions are re-printed: ``(a, b)``, ``[a, b]``, ``name: value``, ``{ key: value }``,
     trailing commas dropped, strings and numbers verbatim; legacy ``name: Type``, ``Type!`` and
     ``[Type]`` become ``name Type``, ``Type``, ``Type[]``;
   * ``//`` and ``///`` comments keep their text (trailing blanks too) with the indentation
     normalised; trailing comments follow the row after one space, unaligned; ``/* */`` comments
     are rewritten as ``/**`` / `` * line`` / `` */``;
   * lines Prisma's grammar cannot parse are copied verbatim, the ``\r`` of a CRLF ending
     included (inside a block: re-indented); every other line ends with LF.

Syntax errors do not stop formatting (Prisma does not refuse either: lines it cannot parse are
copied verbatim); they are reported as the loader's located diagnostics next to the text.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from workbench.diagnostics import Diagnostic, error, sort_key
from workbench.diagnostics.catalog import prisma as codes
from workbench.diagnostics.results import HasDiagnostics
from workbench.loaders.source_files import SourceError, check_text, decode_source, read_source
from workbench.prisma.format_layout import Table
from workbench.prisma.format_syntax import (
    Attr,
    Block,
    BlockAttr,
    Comments,
    Empty,
    EnumValue,
    Field,
    Item,
    KeyValue,
    Raw,
    TopItem,
    parse_for_format,
    render_comment,
)

# Prisma's attribute order (get_sort_index_of_attribute); anything else keeps its place after these.
_ORDER = {
    name: i
    for i, name in enumerate(("id", "unique", "default", "updatedAt", "index", "fulltext", "map", "relation", "ignore"))
}
_LAST = len(_ORDER)
INDENT = "  "


@dataclass(frozen=True, slots=True)
class FormatResult(HasDiagnostics[Diagnostic]):
    """The formatted text, the loader's diagnostics for the input, and whether the text changed.

    ``ok``: no error in the input (a formatted file with errors is as broken as its input).
    """

    text: str
    diagnostics: tuple[Diagnostic, ...]
    changed: bool


def _sort_key(path: str) -> int:
    return _ORDER.get(path, _LAST)


_CELLS: dict[tuple[Attr, ...], str] = {}  # a field's attributes -> their cell (runs repeat a lot)


def _attribute_cell(attributes: tuple[Attr, ...]) -> str:
    """A field's attributes in Prisma's order, as one cell."""
    if not attributes:
        return ""
    cell = _CELLS.get(attributes)
    if cell is None:
        cell = " ".join("@" + a.text for a in sorted(attributes, key=lambda a: _sort_key(a.path)))
        if len(_CELLS) > 100_000:
            _CELLS.clear()
        _CELLS[attributes] = cell
    return cell


def _comment_rows(table: Table, comments: Comments) -> None:
    for c in comments.comments:
        for line in render_comment(c):
            table.row(None, line)


def _block_contents(items: tuple[Item, ...], out: list[str]) -> None:
    table = Table()
    attributes: list[tuple[Comments | None, BlockAttr]] = []
    pending: Comments | None = None
    n = len(items)
    i = 0
    while i < n and isinstance(items[i], Empty):  # leading empty lines
        i += 1
    while True:
        ate = False
        if i < n and isinstance(items[i], Empty):
            ate = True
            i += 1
        if ate:
            nxt = items[i] if i < n else None
            if nxt is not None and not isinstance(nxt, BlockAttr | Comments):
                table.render(out, INDENT)
                table.row()
        if i >= n:
            break
        cur = items[i]
        i += 1
        if isinstance(cur, Comments):
            if i < n and isinstance(items[i], BlockAttr):
                pending = cur
            else:
                if ate:
                    table.render(out, INDENT)
                    table.row()
                _comment_rows(table, cur)
        elif isinstance(cur, Field):
            table.row([cur.name, cur.type or "", _attribute_cell(cur.attributes)], cur.trailing or "")
        elif isinstance(cur, KeyValue):
            table.row([cur.name, "= " + cur.value] if cur.value is not None else [cur.name], cur.trailing or "")
        elif isinstance(cur, EnumValue):
            # Prisma writes each enum value attribute into the same cell, without a separator.
            table.row([cur.name, "".join("@" + a.text for a in cur.attributes)], cur.trailing or "")
        elif isinstance(cur, BlockAttr):
            attributes.append((pending, cur))
            pending = None
        elif isinstance(cur, Raw):
            table.interleave(cur.text[:-1] if cur.text.endswith("\n") else cur.text)
    table.render(out, INDENT)
    if attributes:
        table.row()
    attributes.sort(key=lambda ca: _sort_key(ca[1].attr.path))
    for comments, attr in attributes:
        if comments is not None:
            _comment_rows(table, comments)
        table.row(["@@" + attr.attr.text], attr.trailing or "")
    table.render(out, INDENT)


def _block(block: Block, out: list[str]) -> None:
    out.append(f"{block.keyword} {block.name} {{")
    _block_contents(block.items, out)
    out.append("}")


def layout(items: list[TopItem]) -> str:
    """Re-print parsed top-level items (step 2 of formatting)."""
    chunks: list[str] = []  # pieces of the output stream
    lines: list[str] = []
    n = len(items)
    i = 0
    if n and isinstance(items[0], Empty):
        i = 1
    while i < n:
        cur = items[i]
        i += 1
        if isinstance(cur, Block):
            lines.clear()
            _block(cur, lines)
            chunks.append("\n".join(lines) + "\n")
        elif isinstance(cur, Comments):
            chunks.append("".join(line + "\n" for c in cur.comments for line in render_comment(c)))
        elif isinstance(cur, Raw):
            chunks.append(cur.text)
        elif i < n:  # Empty, not the last item: one newline
            chunks.append("\n")
    text = "".join(chunks)
    return text if text.endswith("\n") else text + "\n"


def reformat_text(text: str) -> str:
    """Layout only (no missing relation bits): Prisma's ``schema_ast::reformat``."""
    return layout(parse_for_format(text))


def format_prisma(text: str, *, name: str = "schema.prisma") -> FormatResult:
    """Format one schema file's text like ``prisma format``. Never raises on bad input."""
    return format_prisma_files({name: text})[name]


def format_prisma_files(files: dict[str, str], *, background: bool = False) -> dict[str, FormatResult]:
    """Format a multi-file schema (relations may cross files); keys are the paths of ``files``.

    Each file is parsed once with Prisma's grammar; the relation step reads that parse to see
    whether anything is missing (the common case: nothing, so no other view of the schema is
    built) and only then runs in full, re-parsing just the files it changed. The loader runs once,
    for the diagnostics and the relation step's gate.

    ``background``: compute the loader's diagnostics in a forked child process while this one
    parses and lays out the text (:class:`_Forked`; the CLI asks for it, a library caller need
    not: a process with threads, or a small schema, computes them here anyway). The diagnostics
    are the same either way: the child runs the same function on the same texts.

    Lone surrogates (possible in a Python string, never in a UTF-8 file) are an error and are
    formatted as U+FFFD, so the result can always be printed; the error keeps it from being written.
    """
    from workbench.loaders.prisma.format_relations import add_missing_bits, loader_diagnostics, relations_complete

    # Formatting allocates many small objects and no cycles (nor does the loader, which turns the
    # collector off itself): collections would only rescan them.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        clean: dict[str, str] = {}
        problems: list[Diagnostic] = []
        for path, original in files.items():
            clean[path], bad = check_text(path, original, codes.INVALID_TEXT_ENCODING)
            problems.extend(bad)
        forked = _Forked.start(lambda: loader_diagnostics(clean)) if background and _worth_forking(clean) else None
        try:
            parsed = {path: parse_for_format(text) for path, text in clean.items()}
            if relations_complete(list(parsed.values())):
                diagnostics = None  # the common case: lay out while the child computes them
            else:
                diagnostics = forked.result() if forked is not None else loader_diagnostics(clean)
                enriched, diagnostics = add_missing_bits(clean, diagnostics)
                for path, text in enriched.items():
                    if text != clean[path]:
                        parsed[path] = parse_for_format(text)
            texts = {path: layout(parsed[path]) for path in files}
            if diagnostics is None:
                diagnostics = forked.result() if forked is not None else loader_diagnostics(clean)
        finally:
            if forked is not None:
                forked.close()
        diagnostics = tuple(sorted((*problems, *diagnostics), key=sort_key)) if problems else diagnostics
        results: dict[str, FormatResult] = {}
        for path, original in files.items():
            out = texts[path]
            own = tuple(d for d in diagnostics if d.span is None or d.span.file == path)
            results[path] = FormatResult(out, own, out != original)
        return results
    finally:
        if gc_was_enabled:
            gc.enable()


# Below this many characters the loader takes a few milliseconds: not worth a process.
FORK_THRESHOLD = 100_000


def _worth_forking(files: dict[str, str]) -> bool:
    """Fork only a big schema, where fork is available, in a process with no other thread (a
    child of a threaded process may inherit a lock another thread held: the studio, a kernel)."""
    return hasattr(os, "fork") and threading.active_count() == 1 and sum(map(len, files.values())) >= FORK_THRESHOLD


_T = TypeVar("_T")


class _Forked(Generic[_T]):
    """A function's result computed in a forked child process, read back through a pipe (pickled).

    ``prisma format``'s two halves are independent: the layout reads only the text, and the
    loader's diagnostics (the larger half on a big schema) only matter once the output is
    printed. On a machine with a free core the child computes them meanwhile. Whatever goes wrong
    in the child (an exception, a signal, an unreadable answer) is not trusted: the parent then
    calls the function itself, so the result is exactly what calling it here gives.
    """

    __slots__ = ("_fd", "_pid", "_work")

    def __init__(self, work: Callable[[], _T], pid: int, fd: int) -> None:
        self._work = work
        self._pid: int | None = pid
        self._fd: int | None = fd

    @classmethod
    def start(cls, work: Callable[[], _T]) -> _Forked[_T] | None:
        """Fork a child that runs ``work``; None when the fork itself fails."""
        try:
            read_fd, write_fd = os.pipe()
        except OSError:
            return None
        for stream in (sys.stdout, sys.stderr):  # nothing buffered may be written twice
            with contextlib.suppress(OSError, ValueError, AttributeError):
                stream.flush()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_fd)
            os.close(write_fd)
            return None
        if pid == 0:  # the child: compute, write, and leave without running the parent's exit code
            status = 1
            try:
                os.close(read_fd)
                data = memoryview(pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL))
                while data:
                    data = data[os.write(write_fd, data) :]
                status = 0
            except BaseException:  # anything: the parent computes it again
                pass
            finally:
                os._exit(status)
        os.close(write_fd)
        return cls(work, pid, read_fd)

    def result(self) -> _T:
        """The child's result (waiting for it), or the function's result computed here."""
        chunks: list[bytes] = []
        fd, pid = self._fd, self._pid
        if fd is not None and pid is not None:
            try:
                while chunk := os.read(fd, 1 << 20):
                    chunks.append(chunk)
            except OSError:
                chunks = []
            status = self._reap(kill=False)
            if status == 0 and chunks:
                try:  # our own child's bytes
                    got: _T = pickle.loads(b"".join(chunks))
                except Exception:  # a garbled answer: compute it here
                    pass
                else:
                    return got
        return self._work()

    def close(self) -> None:
        """Stop and reap the child if its result was never read (the parent failed meanwhile)."""
        self._reap(kill=True)

    def _reap(self, *, kill: bool) -> int | None:
        fd, pid = self._fd, self._pid
        self._fd = self._pid = None
        if fd is not None:
            os.close(fd)
        if pid is None:
            return None
        if kill:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        try:
            _, status = os.waitpid(pid, 0)
        except ChildProcessError:
            return None
        return status


def schema_files(source: str | os.PathLike[str]) -> list[str]:
    """The ``.prisma`` files of a file or folder path, as ``format_path`` and the loader see them
    (a folder: every ``*.prisma`` below it, sorted; paths keep the caller's spelling)."""
    p = Path(source)
    if not p.is_dir():
        return [os.fspath(source)]
    base = os.fspath(source)
    return [os.path.join(base, os.path.relpath(f, p)) for f in sorted(p.rglob("*.prisma")) if not f.is_dir()]


def format_path(source: str | os.PathLike[str], *, background: bool = False) -> dict[str, FormatResult]:
    """Format a schema file or a folder of ``.prisma`` files (one schema) read from disk.

    Files are read as bytes and decoded as UTF-8 without newline translation, so CRLF files and a
    byte-order mark reach the formatter exactly as ``prisma format`` sees them. A file that cannot
    be read (not a regular file: ``E0506``; not UTF-8: ``E0508`` at the bad byte) gets a result with
    an empty text and ``changed`` false, so nothing is printed or written for it; the other files of
    the folder are then left as they are (formatting them without it would add relation fields that
    the unreadable file may already hold). Writing is the caller's job
    (``workbench.fsio.write_atomic`` for each result whose ``changed`` is true).
    """
    texts: dict[str, str] = {}
    unreadable: dict[str, FormatResult] = {}
    paths = schema_files(source)
    if not paths:
        return {
            os.fspath(source): FormatResult(
                "", (error(codes.UNREADABLE_SOURCE, f"No .prisma files found in folder `{source}`."),), False
            )
        }
    for path in paths:
        try:
            data = read_source(path)  # regular files only: a FIFO would block forever
        except SourceError as exc:
            unreadable[path] = FormatResult("", (error(codes.UNREADABLE_SOURCE, str(exc)),), False)
            continue
        decoded, bad_bytes = decode_source(path, data, codes.INVALID_TEXT_ENCODING, keep_bom=True)
        if bad_bytes:  # never format (and so never print or write) text whose bytes were replaced
            unreadable[path] = FormatResult("", tuple(bad_bytes), False)
        else:
            texts[path] = decoded.text
    if unreadable:  # one schema: without every file, relation fields would be "completed" wrongly
        return {p: unreadable[p] if p in unreadable else FormatResult(texts[p], (), False) for p in paths}
    return format_prisma_files(texts, background=background)
