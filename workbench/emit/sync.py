"""Is the generated code on disk what the schema generates now? The sync-schema check of CI.

A team commits its generated code (Drizzle tables, pydantic models) beside the schema. When
someone edits the schema and forgets ``workbench export``, the two drift apart and nothing fails
until run time. ``workbench export --check`` compares instead of writing: each file the export
would write against the file on disk, and the files an earlier export wrote (its
``.workbench-export.json``) that the schema no longer produces. It reads only.

What counts as "in sync" is exactly what :meth:`GeneratedFiles.write` would leave: a user-editable
file (written only when missing) that exists is the user's and is not compared, and a stale file
edited by hand is one a new export would keep (so it is reported, but as kept, not as a difference).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from workbench.emit import manifest

DIFF_LINES = 20  # a unified diff excerpt per file: enough to see what drifted, short enough for a CI log


@dataclass(frozen=True, slots=True)
class Difference:
    """One file that is not what the export would write."""

    path: Path  # on disk
    status: str  # "differs", "missing", "stale" (an earlier export wrote it; the schema no longer does)
    diff: tuple[str, ...] = ()  # unified diff lines (on disk -> generated), cut at DIFF_LINES
    more: int = 0  # diff lines left out

    def text(self) -> str:
        what = {
            "differs": "differs from what the schema generates",
            "missing": "is missing (the schema generates it)",
            "stale": "is stale (the schema no longer generates it; export would remove it)",
        }[self.status]
        lines = [f"{self.path}: {what}", *self.diff]
        if self.more:
            lines.append(f"... ({self.more} more diff lines)")
        return "\n".join(lines)


def compare_folder(
    root: Path, target: str, files: Mapping[str, str], user_editable: frozenset[str] = frozenset()
) -> tuple[Difference, ...]:
    """How the folder ``root`` differs from ``target``'s ``files`` (relative path -> text)."""
    out: list[Difference] = []
    for rel, content in sorted(files.items()):
        path = root / rel
        if rel in user_editable and path.exists():
            continue
        out.extend(_compare_file(path, content))
    targets = manifest.read(root).get("targets", {})
    others = {p for t, entries in targets.items() if t != target for p in entries}
    for rel, written in sorted(targets.get(target, {}).items()):
        if rel in files or rel in others:
            continue
        path = root / rel
        try:
            current = manifest.digest(path.read_bytes()) if path.is_file() else None
        except OSError:
            current = None
        if current is not None and current == written:  # an edited stale file would be kept: not drift
            out.append(Difference(path, "stale"))
    return tuple(out)


def compare_file(path: Path, content: str) -> tuple[Difference, ...]:
    """How one output file (``--to sql -o FILE``) differs from ``content``."""
    return tuple(_compare_file(path, content))


def _compare_file(path: Path, content: str) -> list[Difference]:
    try:
        current = path.read_bytes().decode("utf-8", errors="replace")
    except FileNotFoundError:
        return [Difference(path, "missing")]
    except IsADirectoryError:
        return [Difference(path, "differs", (f"{path} is a folder",))]
    if current == content:
        return []
    lines = list(
        difflib.unified_diff(
            current.splitlines(), content.splitlines(), f"{path} (on disk)", f"{path} (generated)", lineterm=""
        )
    )
    return [Difference(path, "differs", tuple(lines[:DIFF_LINES]), max(0, len(lines) - DIFF_LINES))]
