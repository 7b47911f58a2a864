"""Replace a set of files in a folder as a whole: after a crash the folder holds the old set or the new.

A code export is several files that only make sense together (``schema.ts`` and the routers
that import it). Writing them one by one, each atomically, still leaves a mix of old and new
files when the process dies half way. :class:`FolderSwap` does what databases do, with a journal:

1. *plan*: one scan of the output folder decides what moves as a unit. A folder of the set that
   holds nothing but files of the set (or does not exist yet) moves whole, with one rename; a
   folder that also holds someone else's files (the user's notes, a user-editable module, a
   hand-edited stale file) stays, and its generated files move one by one. A file that already
   holds exactly its new content is left alone (not rewritten: editors, ``tsc --watch`` and build
   caches see no change), so its folder stays too. A file where a folder must go (or a folder
   where a file must go) is refused here, before anything is written.
2. *stage*: the whole new set is written under a staging folder next to the output folder,
   ``.<name>.workbench-staging/new/``, on the same file system so renames are atomic. Files are
   created with mode 0666 and the process umask (no chmod, no umask call, no temp-file rename per
   file); one ``syncfs`` puts them on disk (Linux; elsewhere every file is fsynced). The output
   folder is not touched; a crash here is rolled back (the staging folder is removed).
3. *commit*: ``journal.json`` (the units to move in and the files to move out) is written
   atomically. From this point on the change is decided, and a crash is rolled forward.
4. *swap*: a tight loop of renames: each old unit moves aside into ``old/``, each staged unit
   takes its place, each deleted file moves into ``old/``. Every step can be repeated, so
   finishing an interrupted swap is the same loop run again.
5. *done*: a file found in a folder that moved aside whole but that the set does not name (a
   user's file created during the swap) is moved back; then the journal is removed (the end of
   the transaction), then the staging folder.

Whoever next changes the folder (any :class:`FolderSwap` on it, e.g. the next ``workbench
export``) first finishes or undoes what a dead run left, in the folder, in its parent (a dead
export of several targets into the parent) and in the subfolders it is told about (``parts``:
dead single-target exports into them); :func:`recover` does it on request. An exclusive
``flock`` on each of those folders keeps two runs from swapping them at once and tells a dead
run's leftovers from a live run's staging (the kernel drops the lock of a dead process).
Files in the output folder that are not in the set are never touched. That is a choice:
``prisma generate`` empties its output folder before writing (it owns it: by default a folder
under ``node_modules``), while generated code here is usually written into the user's source tree
(``src/db``) next to their own files, so only what the export's manifest names is ever removed
(:mod:`workbench.emit.manifest`), and a folder moves whole only when nothing else is in it.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import stat
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from workbench.diagnostics import UserError
from workbench.fsio import fsync_dir, os_reason, write_atomic

JOURNAL = "journal.json"
INSIDE = ".workbench-staging"  # the staging folder's name when it has to live inside the output folder
# Test hook, e.g. "stage:2" or "swap:2": SIGKILL this process after that many files staged (or
# units swapped), so the crash-safety tests kill a real process at an exact point instead of racing a timer.
KILL_HOOK = "WORKBENCH_TEST_KILL_EXPORT"
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


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
    caller reads inside the block (which files exist, a manifest) is a complete set. ``parts``
    names subfolders that other runs write on their own (``export --to a,b -o DIR`` writes
    ``DIR/a`` and ``DIR/b``, which ``export --to a -o DIR/a`` writes too): they are created if
    missing, locked and repaired as well.
    """

    def __init__(self, root: str | os.PathLike[str], *, parts: Iterable[str] = ()) -> None:
        self.root = Path(os.path.realpath(root))  # a symlinked folder: stage beside the real one
        self.parts = tuple(parts)
        for part in self.parts:
            _check_relative(part)
        self.stage = self.root.parent / f".{self.root.name}.workbench-staging"  # settled on entering
        self.recovered: str | None = None  # "rolled forward" / "rolled back" when a dead run was repaired
        self._locks: list[int] = []
        self._entered = False
        self._created: list[Path] = []  # folders this swap made, removed again when it fails (if still empty)
        self.committed = False

    def __enter__(self) -> FolderSwap:
        if os.path.lexists(self.root) and not self.root.is_dir():
            raise UserError(f"cannot write to {self.root}: it is a file, and the output must be a folder")
        if not self.root.exists():
            _make_folder(self.root)
            self._created.append(self.root)
        self.stage = staging_dir(self.root)
        try:
            self._locks.append(_lock(self.root))
            self._entered = True
            self.recovered = self._repair()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _repair(self) -> str | None:
        """Finish or undo dead runs into the parent (when it has one left), this folder and its parts."""
        parent = self.root.parent
        if parent != self.root:
            outer = staging_dir(parent)
            if os.path.isdir(outer):  # a dead (or live: the lock tells) export into the parent
                self._locks.append(_lock(parent))
                _recover(parent, outer)
        recovered = _recover(self.root, self.stage)
        for part in self.parts:
            folder = self.root / part
            if os.path.lexists(folder) and not folder.is_dir():
                raise UserError(f"cannot write to {folder}: it is a file, and the output must be a folder")
            if not folder.exists():
                _make_folder(folder)
                self._created.append(folder)
            self._locks.append(_lock(folder))
            _recover(folder, staging_dir(folder))
        return recovered

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._unlock()
        if kind is not None or not self.committed:
            for folder in reversed(self._created):
                with contextlib.suppress(OSError):
                    folder.rmdir()  # only when still empty: a failed first export leaves no folder behind

    def _unlock(self) -> None:
        self._entered = False
        while self._locks:
            fd = self._locks.pop()
            if fd >= 0:
                os.close(fd)  # closing the descriptor releases the flock

    def commit(self, writes: Mapping[str, bytes], deletes: Iterable[str] = ()) -> None:
        """Replace ``writes`` (relative POSIX path -> content) and remove ``deletes``, all or nothing."""
        if not self._entered:
            raise RuntimeError("FolderSwap.commit() outside its `with` block")
        deletes = [d for d in deletes if d not in writes]
        for rel in [*writes, *deletes]:
            _check_relative(rel)
        plan = _plan(self.root, writes, deletes)
        if not plan.moves and not plan.asides:
            self.committed = True  # every file is already what it should be: nothing to stage or swap
            return
        kill = os.environ.get(KILL_HOOK) or None
        journal = {"writes": sorted(writes), "deletes": sorted(deletes), "moves": plan.moves, "asides": plan.asides}
        try:
            self.stage.mkdir()
            changed = {rel: data for rel, data in writes.items() if rel not in plan.unchanged}
            _stage(self.stage / "new", changed, plan.modes, kill)
            write_atomic(self.stage / JOURNAL, json.dumps(journal, indent=1) + "\n")
            fsync_dir(self.stage)
        except BaseException:
            shutil.rmtree(self.stage, ignore_errors=True)
            raise
        try:
            _swap(self.root, self.stage, plan.moves, plan.asides, kill)
        except Exception:
            _undo(self.root, self.stage, plan.moves, plan.asides)
            raise
        _finish(self.root, self.stage, journal)
        self.committed = True


def recover(root: str | os.PathLike[str]) -> str | None:
    """Finish or undo an export into ``root`` that a crash interrupted: "rolled forward",
    "rolled back", or None when there was nothing to do."""
    with FolderSwap(root) as swap:
        return swap.recovered


@dataclass(slots=True)
class _Plan:
    moves: list[str] = field(default_factory=list)  # files and whole folders to move in (old ones aside)
    asides: list[str] = field(default_factory=list)  # deleted files not inside a folder that moves whole
    modes: dict[str, int] = field(default_factory=dict)  # a folder that moves whole -> its old permissions
    unchanged: set[str] = field(default_factory=set)  # files already on disk byte for byte: left alone


def _plan(root: Path, writes: Mapping[str, bytes], deletes: list[str]) -> _Plan:
    """What moves as a unit, from one scan of the existing folders the set writes into.

    Raises :class:`UserError` (nothing written yet) when a folder has the name of a file to write,
    or a file (or a link to one) the name of a folder the set needs.
    """
    children: dict[str, set[str]] = {"": set()}  # folder of the set ("" = root) -> its entries in the set
    for rel in writes:
        parent = ""
        for name in rel.split("/")[:-1]:
            folder = f"{parent}/{name}" if parent else name
            children[parent].add(folder)
            if folder not in children:
                children[folder] = set()
            parent = folder
        children[parent].add(rel)
    ours = {*writes, *deletes}
    whole: dict[str, bool] = {}  # an existing folder of the set -> may it move whole?
    modes: dict[str, int] = {}  # an existing folder of the set -> its permissions
    unchanged: set[str] = set()
    base = str(root)

    def first_write(folder: str) -> str:
        return next(w for w in sorted(writes) if w.startswith(folder + "/"))

    def visit(folder: str) -> bool:
        """Scan an existing folder of the set: may it move whole? (checks the names in the way too)"""
        path = f"{base}/{folder}" if folder else base
        linked = bool(folder) and os.path.islink(path)  # the user's link stays; its files move one by one
        entries = list(os.scandir(path))
        ok = not linked
        for e in entries:
            rel = f"{folder}/{e.name}" if folder else e.name
            if rel in children:  # a folder of the set
                if not e.is_dir():
                    raise UserError(f"cannot write {root / first_write(rel)}: {root / rel} is a file, not a folder")
                modes[rel] = stat.S_IMODE(e.stat().st_mode)
                whole[rel] = visit(rel)
                ok = ok and whole[rel]
            elif rel in writes:
                if e.is_dir(follow_symlinks=False):
                    raise UserError(
                        f"cannot write {root / rel}: a folder has that name; move it away or choose another -o"
                    )
                if e.is_file(follow_symlinks=False) and _holds(e.path, writes[rel]):
                    unchanged.add(rel)  # not rewritten: its folder stays, so watchers and mtimes see no change
                    ok = False
            elif rel not in ours or e.is_dir(follow_symlinks=False):
                ok = False  # someone else's: the folder stays, and the set's files move one by one
        return ok

    visit("")
    plan = _Plan(unchanged=unchanged)
    moved: list[str] = []

    def collect(folder: str) -> None:
        for rel in sorted(children[folder]):
            if rel not in children:
                if rel not in unchanged:
                    plan.moves.append(rel)
            elif whole.get(rel, True):  # not scanned: it does not exist yet
                plan.moves.append(rel)
                moved.append(rel + "/")
                plan.modes.update((f, m) for f, m in modes.items() if f == rel or f.startswith(rel + "/"))
            else:
                collect(rel)

    collect("")
    plan.asides = [d for d in deletes if not any(d.startswith(m) for m in moved)]
    return plan


def _holds(path: str, data: bytes) -> bool:
    """Does the file at ``path`` hold exactly ``data``? (a read error counts as no)"""
    try:
        with open(path, "rb") as f:
            return f.read(len(data) + 1) == data
    except OSError:
        return False


# Creating a file takes the folder's lock, so creates in one folder run one at a time, but creates
# in different folders overlap (a REST export's api/ and a tRPC export's routers/, 500 files each,
# stage in about half the time with two threads). Small sets are not worth a thread.
_THREADS = 4
_THREADED_FROM = 64


def _stage(new: Path, writes: Mapping[str, bytes], modes: Mapping[str, int], kill: str | None) -> None:
    """Write every file under ``new``: plain creates (the umask applies), then one flush to disk."""
    base = str(new)
    each = not _can_syncfs()
    by_folder: dict[str, list[tuple[str, bytes]]] = {}
    for rel, data in writes.items():
        path = f"{base}/{rel}"
        by_folder.setdefault(path.rpartition("/")[0], []).append((path, data))
    for folder in by_folder:
        os.makedirs(folder, exist_ok=True)
    groups = list(by_folder.values())
    workers = min(_THREADS, len(groups), os.cpu_count() or 1)
    if kill is not None or workers < 2 or len(writes) < _THREADED_FROM:
        _create([f for group in groups for f in group], each, kill)  # in order: the test hook counts files
    else:
        _create_in_threads(groups, workers, each)
    for rel, mode in modes.items():  # a folder that replaces one keeps the old one's permissions
        folder = f"{base}/{rel}"
        if stat.S_IMODE(os.stat(folder).st_mode) != mode:
            os.chmod(folder, mode)
    if not each:
        _syncfs(base)


def _create(files: Iterable[tuple[str, bytes]], each: bool, kill: str | None = None) -> None:
    for i, (path, data) in enumerate(files):
        fd = os.open(path, _NEW_FILE, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            if each:
                os.fsync(fd)  # the data is on disk before the journal says "move it in" (power loss)
        finally:
            os.close(fd)
        if kill is not None:
            _maybe_die(kill, "stage", i + 1)


def _create_in_threads(groups: list[list[tuple[str, bytes]]], workers: int, each: bool) -> None:
    """:func:`_create` with each folder's files on one of ``workers`` threads (the biggest folders
    spread first); the first error is raised once every thread has stopped."""
    import threading

    shares: list[list[tuple[str, bytes]]] = [[] for _ in range(workers)]
    for group in sorted(groups, key=len, reverse=True):
        min(shares, key=len).extend(group)
    errors: list[BaseException] = []

    def work(files: list[tuple[str, bytes]]) -> None:
        try:
            _create(files, each)
        except BaseException as exc:  # handed to the caller below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(share,), daemon=True) for share in shares[1:]]
    for t in threads:
        t.start()
    work(shares[0])  # this thread takes a share too
    for t in threads:
        t.join()
    if errors:
        raise errors[0]


_SYNCFS: list[object] = []  # the libc function, looked up once (an empty list: not yet)


def _can_syncfs() -> bool:
    """Linux's ``syncfs(2)``: one call flushes the staging folder's file system, instead of an
    fsync per file (a thousand fsyncs take longer than generating the files)."""
    if not _SYNCFS:
        found: object = None
        if sys.platform.startswith("linux"):
            try:
                import ctypes

                found = ctypes.CDLL(None, use_errno=True).syncfs
            except (ImportError, OSError, AttributeError):
                found = None
        _SYNCFS.append(found)
    return _SYNCFS[0] is not None


def _syncfs(folder: str) -> None:
    import ctypes

    fn = _SYNCFS[0]
    fd = os.open(folder, os.O_RDONLY)
    try:
        if fn(fd) != 0:  # type: ignore[operator]
            err = ctypes.get_errno()
            raise OSError(err, os.strerror(err), folder)
    finally:
        os.close(fd)


def _recover(root: Path, stage: Path) -> str | None:
    if not stage.exists():
        return None
    journal_path = stage / JOURNAL
    if journal_path.exists():
        journal = json.loads(journal_path.read_text(encoding="utf-8"))
        moves = list(journal.get("moves", journal["writes"]))  # a journal without moves: every file is a unit
        asides = list(journal.get("asides", journal["deletes"]))
        _swap(root, stage, moves, asides, None)
        _finish(root, stage, journal)
        return "rolled forward"
    shutil.rmtree(stage)  # staged but never committed (or finished but not yet cleaned up)
    return "rolled back"


def _swap(root: Path, stage: Path, moves: list[str], asides: list[str], kill: str | None) -> None:
    """Move every old unit aside and every staged unit in; safe to run again after a crash."""
    new, old, base = f"{stage}/new", f"{stage}/old", str(root)
    made: set[str] = {base, old}
    touched: set[str] = set()

    def parent_of(path: str) -> str:
        folder = path.rpartition("/")[0]
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        return folder

    os.makedirs(old, exist_ok=True)
    done = 0
    for rel in moves:
        staged, target, aside = f"{new}/{rel}", f"{base}/{rel}", f"{old}/{rel}"
        if not os.path.lexists(staged):
            continue  # already swapped in by an earlier (interrupted) run
        touched.add(parent_of(target))
        if os.path.lexists(target) and not os.path.lexists(aside):
            parent_of(aside)
            os.rename(target, aside)
        os.rename(staged, target)
        done += 1
        if kill is not None:
            _maybe_die(kill, "swap", done)
    for rel in asides:
        target, aside = f"{base}/{rel}", f"{old}/{rel}"
        if os.path.lexists(target) and not os.path.lexists(aside):
            touched.add(target.rpartition("/")[0])
            parent_of(aside)
            os.rename(target, aside)
    for folder in sorted(touched):
        fsync_dir(folder)


def _undo(root: Path, stage: Path, moves: list[str], asides: list[str]) -> None:
    """Put the old files back after a swap failed in this process (best effort, then clean up)."""
    new, old, base = f"{stage}/new", f"{stage}/old", str(root)
    with contextlib.suppress(OSError):
        (stage / JOURNAL).unlink()
    moved = set(moves)
    for rel in [*moves, *asides]:
        staged, target, aside = f"{new}/{rel}", f"{base}/{rel}", f"{old}/{rel}"
        with contextlib.suppress(OSError):
            if rel in moved and not os.path.lexists(staged) and os.path.lexists(target):
                os.rename(target, staged)  # the new unit that had been swapped in goes back to staging
            if os.path.lexists(aside):
                os.rename(aside, target)
    shutil.rmtree(stage, ignore_errors=True)


def _finish(root: Path, stage: Path, journal: Mapping[str, list[str]]) -> None:
    """Give back files that are not the set's, then end the transaction and drop the old files."""
    old = stage / "old"
    if old.is_dir():
        known = {*journal["writes"], *journal["deletes"]}
        for folder in journal.get("moves", ()):
            if folder in known or not os.path.isdir(old / folder):
                continue  # a file, or a folder that did not exist before
            _give_back(root, old, folder, known)
    (stage / JOURNAL).unlink()  # the transaction is over; what is left is garbage (old files)
    shutil.rmtree(stage)


def _give_back(root: Path, old: Path, folder: str, known: set[str]) -> None:
    """Move files of ``old/folder`` that the set does not name back to ``root`` (someone created
    them in a folder of the set between the plan's scan and the swap): no user file is ever lost."""
    for dirpath, _dirs, files in os.walk(old / folder):
        rel_dir = os.path.relpath(dirpath, old).replace(os.sep, "/")
        for name in files:
            rel = f"{rel_dir}/{name}"
            if rel in known or os.path.lexists(root / rel):
                continue
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            os.rename(old / rel, root / rel)


def _check_relative(rel: str) -> None:
    """A relative POSIX path inside the folder, spelt one way only (``a/b``, not ``a//b``, ``./a`` or ``a/``)."""
    if rel.startswith("/") or any(p in ("", ".", "..") for p in rel.split("/")):
        raise ValueError(f"path must be relative and inside the folder: {rel!r}")


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True)
    except OSError as exc:
        raise UserError(f"cannot create {folder}: {os_reason(exc)}") from None


def _lock(root: Path) -> int:
    """An exclusive ``flock`` on the folder (released by the kernel if this process dies); -1 where
    there is no flock."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no flock; the journal still protects one writer
        return -1
    fd = os.open(root, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise UserError(f"another workbench process is writing into {root}; wait for it and try again") from None
    return fd


def _maybe_die(hook: str, phase: str, count: int) -> None:
    if hook == f"{phase}:{count}":
        import signal  # only under the crash tests' hook: not imported by every export

        os.kill(os.getpid(), signal.SIGKILL)
