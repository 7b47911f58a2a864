"""Atomic file writes: a failed or interrupted write never leaves a truncated file behind.

Every file the package writes (DDL, generated code, diagrams, pulled schemas) goes through
:func:`write_atomic`: a temp file in the same folder, then ``os.replace``. Imports only the
standard library, so any layer may use it. A set of files that must change together (a code
export) goes through :mod:`workbench.fileset`, which builds on the same primitives.

Two kinds of target are not plain files and must not be replaced by one: a symlink (replacing it
would cut the user's link, so the file it points to is replaced instead) and a device or FIFO
(``-o /dev/stdout``: there is nothing to keep atomic, and replacing ``/dev/stdout`` as root would
put a regular file where the device was), which is written straight through.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


def write_atomic(target: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write ``data`` (text as UTF-8 with ``\\n`` newlines, or bytes) to ``target`` atomically.

    Raises ``IsADirectoryError`` when ``target`` is a folder, and the ``OSError`` of the failing
    step (permission denied, no space, read-only file system) with nothing changed on disk.
    """
    path = Path(target)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        mode = path.stat().st_mode  # follows links: /dev/stdout -> /proc/self/fd/1 -> a pipe
    except FileNotFoundError:
        mode = None
    except NotADirectoryError as exc:  # a parent is a file: say so now, not after mkdir fails
        raise NotADirectoryError(exc.errno, "a parent of the output path is a file", str(path)) from None
    if mode is not None and stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", str(path))
    if mode is not None and (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)):
        with open(path, "wb") as stream:
            stream.write(payload)
        return path
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    import tempfile  # here, not at the top: most commands that import this module never write a file

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())  # the data is on disk before the name points at it (power loss)
        os.chmod(tmp, _file_mode(mode))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def fsync_dir(folder: str | os.PathLike[str]) -> None:
    """Make renames in ``folder`` durable (best effort: not every platform can open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def os_reason(exc: OSError) -> str:
    """What went wrong, in plain words (``permission denied``), for one-line errors."""
    return _REASONS.get(exc.errno or -1) or (exc.strerror or str(exc)).lower()


_REASONS = {
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.EISDIR: "is a folder, not a file",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.ENOENT: "no such file or folder",
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
    errno.ENAMETOOLONG: "file name too long",
    errno.ELOOP: "too many levels of symbolic links",
    errno.EEXIST: "already exists",
}


def _file_mode(existing: int | None) -> int:
    """The replaced file's permissions, else an ordinary file's (mkstemp creates 0600)."""
    if existing is not None:
        return stat.S_IMODE(existing)
    return 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
