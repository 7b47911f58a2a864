"""Reading schema sources without surprises: regular files only, and text that is really UTF-8.

Both loaders and the formatter read user-named paths, and files found inside user-named folders.
Two things must never happen there: hanging forever on a FIFO named ``schema.prisma`` (``open``
blocks until a writer appears; a character device may never end), and a traceback or silent
damage on bytes that are not UTF-8. Prisma reads such bytes as U+FFFD and ``prisma format
--write`` writes the replacement characters back, destroying the original bytes; we report a
located error instead, so nothing is written and the user learns where the bad byte is.

Text handed over as a Python string (``text=``, a notebook editor) can hold lone UTF-16
surrogates, which no UTF-8 file can: they are reported the same way and replaced by U+FFFD in
the text that is parsed, so no later stage (rendering, printing, writing) fails on them.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

from workbench.diagnostics import Diagnostic, SourceFile, error

Source = str | os.PathLike[str]

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_BOM = "\ufeff"


class SourceError(Exception):
    """A source path that cannot be read; the message names the path and says why."""


def _kind(mode: int) -> str | None:
    """What a non-regular file is, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((what for test, what in _KINDS if test(mode)), "not a regular file")


def is_regular_file(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is (a symlink to) a regular file; never blocks, never raises."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def read_source(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a regular file. Anything else (a FIFO, socket, device, folder) is refused
    before it is opened; the file is opened non-blocking and checked again, so a path swapped for
    a FIFO in between cannot block either."""
    name = os.fspath(path)
    try:
        kind = _kind(os.stat(name).st_mode)
        if kind is not None:
            raise SourceError(f"Cannot read `{name}`: it is {kind}, not a regular file.")
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except SourceError:
        raise
    except (OSError, ValueError) as exc:
        raise SourceError(f"Cannot read `{name}`: {exc.strerror if isinstance(exc, OSError) else exc}.") from None
    try:
        kind = _kind(os.fstat(fd).st_mode)
        if kind is not None:
            raise SourceError(f"Cannot read `{name}`: it is {kind}, not a regular file.")
        chunks: list[bytes] = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise SourceError(f"Cannot read `{name}`: {exc.strerror}.") from None
    finally:
        os.close(fd)


def files_below(folder: Path, pattern: str) -> list[Path]:
    """The files of ``folder`` matching ``pattern`` at any depth, sorted by their path below it.

    Sorting by path parts applies Prisma Migrate's ``migrations/<timestamp>_<name>/migration.sql``
    in history order, and makes a multi-file Prisma schema load the same on every machine.
    """
    return sorted((p for p in folder.rglob(pattern) if not p.is_dir()), key=lambda p: p.relative_to(folder).parts)


def _is_dir(p: Path) -> bool:
    """``is_dir`` that says no for a path the system cannot even look up (a name too long, a
    NUL byte): ``read_source`` then reports it as a located error instead of an OSError."""
    try:
        return p.is_dir()
    except (OSError, ValueError):
        return False


def read_sources(
    source: Source | list[Source] | tuple[Source, ...],
    pattern: str,
    *,
    read_code: str,
    decode_code: str,
    keep_bom: bool = False,
    skip: Callable[[Path], bool] | None = None,
) -> tuple[list[SourceFile], list[Diagnostic]]:
    """The source files a loader was given: files as named, folders expanded to their ``pattern``
    files (``files_below``, less those ``skip`` says no to), each read with ``read_source`` and
    decoded with ``decode_source``.

    Never raises: an unreadable path or an empty folder is a ``read_code`` error, bytes that are
    not UTF-8 a ``decode_code`` error, and loading goes on with the files that could be read. The
    paths keep the spelling the caller used (a folder's files are joined onto it as given), so
    diagnostics name files the way the user typed them.
    """
    paths: list[str] = []
    problems: list[Diagnostic] = []
    for item in list(source) if isinstance(source, list | tuple) else [source]:
        p = Path(item)
        if _is_dir(p):
            found = [f for f in files_below(p, pattern) if skip is None or not skip(f)]
            if not found:
                problems.append(error(read_code, f"No {pattern.lstrip('*')} files found in folder `{item}`."))
            base = os.fspath(item)
            paths.extend(os.path.join(base, os.path.relpath(f, p)) for f in found)
        else:
            paths.append(os.fspath(item))
    files: list[SourceFile] = []
    for path in paths:
        try:
            data = read_source(path)  # regular files only: a FIFO would block forever
        except SourceError as exc:
            problems.append(error(read_code, str(exc)))
            continue
        source_file, bad_bytes = decode_source(path, data, decode_code, keep_bom=keep_bom)
        files.append(source_file)
        problems.extend(bad_bytes)
    return files, problems


def decode_source(path: str, data: bytes, code: str, *, keep_bom: bool = False) -> tuple[SourceFile, list[Diagnostic]]:
    """UTF-8 text of a file (a byte-order mark dropped unless ``keep_bom``), with a located error
    at the first byte that is not UTF-8. The text is then decoded with U+FFFD replacements, so the
    rest of the file can still be parsed and the error shown with its line."""
    try:
        text = data.decode("utf-8")
        problems: list[Diagnostic] = []
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8", errors="replace")
        at = len(data[: exc.start].decode("utf-8"))
        bad = data[exc.start]
        source = SourceFile(path, text[1:] if text.startswith(_BOM) and not keep_bom else text)
        if text.startswith(_BOM) and not keep_bom:
            at -= 1
        problems = [
            error(
                code,
                f"`{path}` is not valid UTF-8: byte 0x{bad:02X} cannot be decoded.",
                source.span(at, at + 1),
                help="save the file as UTF-8 (Prisma would read the byte as U+FFFD, the replacement "
                "character, and `prisma format --write` would write that back)",
            )
        ]
        return source, problems
    if text.startswith(_BOM) and not keep_bom:
        text = text[1:]
    return SourceFile(path, text), problems


def check_text(path: str, text: str, code: str) -> tuple[str, list[Diagnostic]]:
    """``text`` with lone surrogates replaced by U+FFFD (same length: offsets unchanged), and a
    located error for each line holding one."""
    if _SURROGATE.search(text) is None:
        return text, []
    clean = _SURROGATE.sub("\ufffd", text)
    source = SourceFile(path, clean)
    problems: list[Diagnostic] = []
    last_line = -1
    for m in _SURROGATE.finditer(text):
        span = source.span(m.start(), m.end())
        if span.line == last_line:
            continue
        last_line = span.line
        problems.append(
            error(
                code,
                f"The text holds a lone UTF-16 surrogate (U+{ord(m.group()):04X}), which is not a character and "
                "cannot be saved as UTF-8.",
                span,
                help="remove it, or write the character it belongs to (a surrogate pair is one character)",
            )
        )
    return clean, problems
