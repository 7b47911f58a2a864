"""What an export folder holds from earlier exports, so a new export can retire files it no longer makes.

``drizzle-kit`` and ``prisma generate`` users expect the output folder to reflect the schema:
drop a model and its router file goes away. But the folder is shared with the user's own files,
so only files an export wrote are candidates. ``.workbench-export.json`` in the output folder
records, per target, each file written and the SHA-256 of what was written:

- a file the previous export of the same target wrote and this one does not is *stale*: it is
  removed when its content is still what we wrote, and kept (with a warning) when someone edited
  it since, so no hand edit is ever lost;
- a file another target still claims (REST and tRPC both write Drizzle's ``schema.ts``) stays;
- files the manifest does not name are the user's and are never touched;
- user-editable files (written only when missing, e.g. ``trpc/init.ts``) are not recorded.

A missing or unreadable manifest means "nothing known": nothing is removed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

MANIFEST = ".workbench-export.json"


@dataclass(frozen=True, slots=True)
class Plan:
    writes: dict[str, bytes]  # relative path -> content, the manifest included
    stale: tuple[str, ...]  # removed: unchanged since an earlier export wrote them
    kept: tuple[str, ...]  # stale but edited by hand, so left in place


def digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def plan(root: Path, target: str, files: Mapping[str, bytes], user_editable: frozenset[str]) -> Plan:
    """What to write and remove in ``root`` for ``target``'s ``files`` (read inside the folder's lock)."""
    manifest = read(root)
    targets: dict[str, dict[str, str]] = manifest.get("targets", {})
    writes = {p: data for p, data in files.items() if not (p in user_editable and (root / p).exists())}
    recorded = {p: digest(data) for p, data in writes.items() if p not in user_editable}
    others = {p for t, entries in targets.items() if t != target for p in entries}
    stale: list[str] = []
    kept: list[str] = []
    for path, was in sorted(targets.get(target, {}).items()):
        if path in files or path in others or path == MANIFEST:
            continue
        current = _digest_of(root / path)
        if current is None:
            continue
        (stale if current == was else kept).append(path)
    targets = {**targets, target: recorded}
    body = {
        "generator": "workbench",
        "version": 1,
        "targets": {t: dict(sorted(e.items())) for t, e in sorted(targets.items())},
    }
    writes[MANIFEST] = (json.dumps(body, indent=2) + "\n").encode("utf-8")
    return Plan(writes, tuple(stale), tuple(kept))


def read(root: Path) -> dict[str, Any]:
    try:
        data = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or not isinstance(data.get("targets"), dict):
        return {}
    targets = {
        t: {p: d for p, d in entries.items() if _inside(p) and isinstance(d, str)}
        for t, entries in data["targets"].items()
        if isinstance(t, str) and isinstance(entries, dict)
    }
    return {**data, "targets": targets}


def _inside(path: object) -> bool:
    """A path the manifest may name: relative and inside the folder (the file is untrusted input)."""
    if not isinstance(path, str) or "\\" in path:
        return False
    p = PurePosixPath(path)
    return bool(p.parts) and not p.is_absolute() and ".." not in p.parts and p.as_posix() == path


def _digest_of(path: Path) -> str | None:
    try:
        return digest(path.read_bytes()) if path.is_file() and not path.is_symlink() else None
    except OSError:
        return None
