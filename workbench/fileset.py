"""Replace a set of files in a folder as a whole: after a crash the folder holds the old set or the new.

A code export is several files that only make sense together (``schema.ts`` and the routers
that import it). Writing them one by one, each atomically, still leaves a mix of old and new
files when the process dies half way. :class:`FolderSwap` does what databases do, with a journal:

1. *stage*: every new file is written (and fsynced) under a staging folder next to the output
   folder, ``.<name>.workbench-staging/new/``, on the same file system so renames are atomic.
   The output folder is not touched; a crash here is rolled back (the staging folder is removed).
2. *commit*: ``journal.json`` (the paths to write and to delete) is written atomically. From
   this point on the change is decided, and a crash is rolled forward.
3. *swap*: a tight loop of renames: each old file moves aside into ``old/``, each staged file
   takes its place, each deleted file moves into ``old/``. Every step can be repeated, so
   finishing an interrupted swap is the same loop run again.
4. *done*: the journal is removed (the end of the transaction), then the staging folder.

Whoever next changes the folder (any :class:`FolderSwap` on it, e.g. the next ``workbench
export``) first finishes or undoes what a dead run left; :func:`recover` does it on request. An
exclusive ``flock`` on the output folder keeps two runs from swapping it at once and tells a dead
run's leftovers from a live run's staging (the kernel drops the lock of a dead process).
Files in the output folder that are not in the set are never touched.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath
from types import TracebackType

from workbench.diagnostics import UserError
from workbench.fsio import fsync_dir, os_reason, write_atomic

JOURNAL = "journal.json"
INSIDE = ".workbench-staging"  # the staging folder's name when it has to live inside the output folder
# Test hook, e.g. "stage:2" or "swap:2": SIGKILL this process after that many files of that phase,
# so the crash-safety tests kill a real process at an exact point instead of racing a timer.
KILL_HOOK = "WORKBENCH_TEST_KILL_EXPORT"


def staging_dir(root: Path) -> Path:
    """Where a swap into ``root`` stages its files: a hidden sibling, or inside ``root`` when the
    sibling would be on another file system (``root`` is a mount point, e.g. a container volume)
    or the parent is not writable; renames only stay atomic within one file system."""
    root = Path(os.path.realpath(root))
    sibling = root.parent / f".{root.name}.workbench-staging"
    try:
        other_device = os.stat(root).st_dev != os.stat(root.parent).st_dev
    except OSError:
        return sibling
    if other_device or not os.access(root.parent, os.W_OK):
        return root / INSIDE
    return sibling


class FolderSwap:
    """``with FolderSwap(root) as swap: ...; swap.commit(writes, deletes)``.

    Entering locks the folder and repairs what an interrupted earlier run left, so whatever the
    caller reads inside the block (which files exist, a manifest) is a complete set.
    """

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(os.path.realpath(root))  # a symlinked folder: stage beside the real one
        self.stage = self.root.parent / f".{self.root.name}.workbench-staging"  # settled on entering
        self.recovered: str | None = None  # "rolled forward" / "rolled back" when a dead run was repaired
        self._lock: int | None = None
        self._entered = False
        self._created = False
        self.committed = False

    def __enter__(self) -> FolderSwap:
        if os.path.lexists(self.root) and not self.root.is_dir():
            raise UserError(f"cannot write to {self.root}: it is a file, and the output must be a folder")
        if not self.root.exists():
            _make_folder(self.root)
            self._created = True
        self.stage = staging_dir(self.root)
        self._lock = _lock(self.root)
        self._entered = True
        try:
            self.recovered = _recover(self.root, self.stage)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._unlock()
        if self._created and (kind is not None or not self.committed):
            with contextlib.suppress(OSError):
                self.root.rmdir()  # only when still empty: a failed first export leaves no folder behind

    def _unlock(self) -> None:
        self._entered = False
        if self._lock is not None:
            os.close(self._lock)  # closing the descriptor releases the flock
            self._lock = None

    def commit(self, writes: Mapping[str, bytes], deletes: Iterable[str] = ()) -> None:
        """Replace ``writes`` (relative POSIX path -> content) and remove ``deletes``, all or nothing."""
        if not self._entered:
            raise RuntimeError("FolderSwap.commit() outside its `with` block")
        deletes = [d for d in deletes if d not in writes]
        for rel in [*writes, *deletes]:
            _check_relative(rel)
        _check_targets(self.root, writes)
        try:
            self.stage.mkdir()
            for i, (rel, data) in enumerate(writes.items()):
                _stage_file(self.stage / "new" / rel, data)
                _maybe_die("stage", i + 1)
            journal = {"writes": sorted(writes), "deletes": sorted(deletes)}
            write_atomic(self.stage / JOURNAL, json.dumps(journal, indent=1) + "\n")
            fsync_dir(self.stage)
        except BaseException:
            shutil.rmtree(self.stage, ignore_errors=True)
            raise
        try:
            _swap(self.root, self.stage, journal["writes"], journal["deletes"])
        except Exception:
            _undo(self.root, self.stage, journal["writes"], journal["deletes"])
            raise
        _finish(self.stage)
        self.committed = True


def recover(root: str | os.PathLike[str]) -> str | None:
    """Finish or undo an export into ``root`` that a crash interrupted: "rolled forward",
    "rolled back", or None when there was nothing to do."""
    with FolderSwap(root) as swap:
        return swap.recovered


def _recover(root: Path, stage: Path) -> str | None:
    if not stage.exists():
        return None
    journal_path = stage / JOURNAL
    if journal_path.exists():
        journal = json.loads(journal_path.read_text(encoding="utf-8"))
        _swap(root, stage, list(journal["writes"]), list(journal["deletes"]))
        _finish(stage)
        return "rolled forward"
    shutil.rmtree(stage)  # staged but never committed (or finished but not yet cleaned up)
    return "rolled back"


def _swap(root: Path, stage: Path, writes: list[str], deletes: list[str]) -> None:
    """Move every old file aside and every staged file in; safe to run again after a crash."""
    new, old = stage / "new", stage / "old"
    done = 0
    for rel in writes:
        staged, target, aside = new / rel, root / rel, old / rel
        if not staged.exists():
            continue  # already swapped in by an earlier (interrupted) run
        target.parent.mkdir(parents=True, exist_ok=True)
        if os.path.lexists(target) and not os.path.lexists(aside):
            aside.parent.mkdir(parents=True, exist_ok=True)
            os.rename(target, aside)
        os.rename(staged, target)
        done += 1
        _maybe_die("swap", done)
    for rel in deletes:
        target, aside = root / rel, old / rel
        if os.path.lexists(target) and not os.path.lexists(aside):
            aside.parent.mkdir(parents=True, exist_ok=True)
            os.rename(target, aside)
    fsync_dir(root)


def _undo(root: Path, stage: Path, writes: list[str], deletes: list[str]) -> None:
    """Put the old files back after a swap failed in this process (best effort, then clean up)."""
    new, old = stage / "new", stage / "old"
    with contextlib.suppress(OSError):
        (stage / JOURNAL).unlink()
    written = set(writes)
    for rel in [*writes, *deletes]:
        target, aside = root / rel, old / rel
        with contextlib.suppress(OSError):
            if rel in written and not (new / rel).exists() and os.path.lexists(target):
                os.unlink(target)  # the new file that had been swapped in
            if os.path.lexists(aside):
                os.rename(aside, target)
    shutil.rmtree(stage, ignore_errors=True)


def _finish(stage: Path) -> None:
    (stage / JOURNAL).unlink()  # the transaction is over; what is left is garbage (old files)
    shutil.rmtree(stage)


def _stage_file(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def _check_relative(rel: str) -> None:
    p = PurePosixPath(rel)
    if p.is_absolute() or ".." in p.parts or not p.parts or rel != p.as_posix():
        raise ValueError(f"path must be relative and inside the folder: {rel!r}")


def _check_targets(root: Path, writes: Mapping[str, bytes]) -> None:
    """Refuse before staging what the swap could not do (a folder where a file goes, a file where a folder goes)."""
    for rel in writes:
        target = root / rel
        if target.is_dir() and not target.is_symlink():
            raise UserError(f"cannot write {target}: a folder has that name; move it away or choose another -o")
        for parent in target.parents:
            if parent == root:
                break
            if os.path.lexists(parent) and not parent.is_dir():
                raise UserError(f"cannot write {target}: {parent} is a file, not a folder")


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True)
    except OSError as exc:
        raise UserError(f"cannot create {folder}: {os_reason(exc)}") from None


def _lock(root: Path) -> int | None:
    """An exclusive ``flock`` on the folder (released by the kernel if this process dies)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no flock; the journal still protects one writer
        return None
    fd = os.open(root, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise UserError(f"another workbench process is writing into {root}; wait for it and try again") from None
    return fd


def _maybe_die(phase: str, count: int) -> None:
    hook = os.environ.get(KILL_HOOK)
    if hook and hook == f"{phase}:{count}":
        os.kill(os.getpid(), signal.SIGKILL)
