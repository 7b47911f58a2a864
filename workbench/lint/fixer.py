"""``lint --fix`` as a pure function: fix in rounds, in memory, re-check, then (maybe) write.

Fixes are applied to the schema's text in memory, in rounds (two fixes rewriting the same line
land in consecutive rounds), and after every round the result is loaded again: a round whose
result would not load is withheld, with the loader's errors, so ``--fix`` can never leave a schema
that fails to load. Nothing touches the disk until :func:`write_fixed` gets the final texts; it
writes every changed file or none (a file changed on disk meanwhile is refused, a failed write is
rolled back), keeping each file's line endings and byte-order mark.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.diagnostics import Diagnostic, SourceFile, UserError
from workbench.ir import Schema
from workbench.lint.config import LintConfig
from workbench.lint.findings import Finding
from workbench.lint.report import LintReport, apply_edits, select_fixes
from workbench.lint.textdiff import unified_diff

MAX_ROUNDS = 5


class FixWriteError(UserError):
    """The fixed schema could not be written (nothing was changed on disk)."""


@dataclass(frozen=True)
class FixOutcome:
    """What a fix run did: the texts before and after, the fixes applied, what remains."""

    original: dict[str, str]  # path -> text as loaded
    fixed: dict[str, str]  # path -> new text, only files that change
    applied: tuple[Finding, ...]  # in order; locations refer to the text of the round that applied them
    report: LintReport  # lint of the result: what remains
    withheld: tuple[Finding, ...] = ()  # fixes of a round whose result would not load
    errors: tuple[Diagnostic, ...] = ()  # ... and why
    error_sources: Mapping[str, SourceFile] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.fixed)

    def diff(self) -> str:
        """A unified diff of every file the fixes change (``--diff``), files in path order."""
        parts: list[str] = []
        for path in sorted(self.fixed):
            before, after = self.original[path].splitlines(keepends=True), self.fixed[path].splitlines(keepends=True)
            parts.extend(unified_diff(before, after, path, path))
        return "".join(p if p.endswith("\n") else p + "\n\\ No newline at end of file\n" for p in parts)


def fix_sources(
    schema: Schema,
    sources: Mapping[str, SourceFile],
    *,
    dialect: str | None = None,
    config: LintConfig | None = None,
    unsafe: bool = False,
    rounds: int = MAX_ROUNDS,
) -> FixOutcome:
    """Apply the fixes ``--fix`` would apply (``unsafe``: also the unsafe ones), in rounds.

    ``schema``/``sources`` are a successful Prisma load. Returns the final texts without writing
    anything. Every round's result is loaded again; when it has errors, the round is bisected to
    find the fixes that break it, which are withheld (reported, never applied) while the others go
    ahead: the result always loads.
    """
    from workbench.lint import lint

    original = {p: s.text for p, s in sources.items()}
    texts = dict(original)
    applied: list[Finding] = []
    withheld: list[Finding] = []
    errors: tuple[Diagnostic, ...] = ()
    error_sources: Mapping[str, SourceFile] = {}
    refused: set[tuple[object, ...]] = set()
    report = lint(schema, dialect=dialect, config=config, sources=sources)
    for _ in range(rounds):
        candidates = [f for f in report.fixable_findings(unsafe=unsafe) if _key(f) not in refused]
        chosen, _ = select_fixes(candidates)
        if not chosen:
            break
        trial = _Trial(texts)
        good, bad = trial.largest_loadable(chosen)
        refused.update(_key(f) for f in bad)
        withheld += bad
        if trial.errors and not errors:
            errors, error_sources = trial.errors, trial.error_sources
        if trial.best is None:
            break
        texts, loaded = trial.best
        applied += good
        report = lint(loaded.schema, dialect=dialect, config=config, sources=loaded.sources)
    fixed = {p: t for p, t in texts.items() if t != original[p]}
    return FixOutcome(original, fixed, tuple(applied), report, tuple(withheld), errors, dict(error_sources))


def _key(f: Finding) -> tuple[object, ...]:
    """A finding's identity across rounds (offsets move when earlier fixes land)."""
    return (f.code, f.model, f.field, f.message, f.fix.description if f.fix else None)


class _Trial:
    """One round: apply a set of compatible fixes to ``texts``, format, load; bisect on failure."""

    def __init__(self, texts: dict[str, str]) -> None:
        self.texts = texts
        self.best: tuple[dict[str, str], Any] | None = None  # texts and load of the largest good set
        self.errors: tuple[Diagnostic, ...] = ()
        self.error_sources: Mapping[str, SourceFile] = {}

    def largest_loadable(self, chosen: list[Finding]) -> tuple[list[Finding], list[Finding]]:
        """(applied, withheld): all of ``chosen`` when the result loads, else bisect for the fixes
        that break it (a few extra loads per bad fix, none when all is well)."""
        order = {id(f): i for i, f in enumerate(chosen)}
        good: list[Finding] = []
        bad: list[Finding] = []
        pending = [chosen]
        while pending:
            group = pending.pop()
            trial = sorted(good + group, key=lambda f: order[id(f)])
            texts, loaded = self.apply(trial)
            if loaded is None:
                continue  # the group changes nothing: nothing to apply, nothing to withhold
            if loaded.ok:
                good, self.best = trial, (texts, loaded)
            elif len(group) == 1:
                bad += group
                if not self.errors:
                    self.errors, self.error_sources = loaded.errors, loaded.sources
            else:
                mid = len(group) // 2
                pending += [group[mid:], group[:mid]]  # the first half is tried first
        return good, sorted(bad, key=lambda f: order[id(f)])

    def apply(self, fixes: list[Finding]) -> tuple[dict[str, str], Any]:
        """The texts with ``fixes`` applied and formatted, and their load (None: nothing changed)."""
        from workbench.loaders.prisma import load_prisma
        from workbench.loaders.prisma.format import format_prisma_files

        _, edits = select_fixes(fixes)
        files = {e.file for e in edits if e.file in self.texts}
        changed = {p: apply_edits(self.texts[p], [e for e in edits if e.file == p]) for p in files}
        changed = {p: t for p, t in changed.items() if t != self.texts[p]}
        if not changed:
            return self.texts, None
        formatted = format_prisma_files({**self.texts, **changed})
        texts = {**self.texts, **{p: formatted[p].text if formatted[p].ok else t for p, t in changed.items()}}
        return texts, load_prisma(files=texts)


def write_fixed(outcome: FixOutcome) -> list[str]:
    """Write every changed file, or none: returns the paths written.

    Each file is checked first: if its text on disk is no longer what was linted (an editor saved
    meanwhile), nothing is written. Files are replaced atomically one by one; if one write fails,
    the files already replaced get their old bytes back and the error is raised.
    """
    from workbench.fsio import write_atomic

    plan: list[tuple[str, bytes, bytes]] = []  # path, old bytes, new bytes
    for path, text in sorted(outcome.fixed.items()):
        try:
            old = Path(path).read_bytes()
        except OSError as exc:
            raise FixWriteError(f"lint --fix: cannot read {path}: {exc.strerror or exc}; nothing written") from exc
        if _as_loaded(old) != outcome.original[path]:
            raise FixWriteError(f"lint --fix: {path} changed on disk while it was being linted; nothing written")
        plan.append((path, old, _as_stored(text, old)))
    done: list[tuple[str, bytes]] = []
    try:
        for path, old, new in plan:
            write_atomic(path, new)
            done.append((path, old))
    except OSError as exc:
        for path, old in reversed(done):
            write_atomic(path, old)
        raise FixWriteError(
            f"lint --fix: cannot write {exc.filename or path}: {exc.strerror or exc}; nothing written"
        ) from exc
    return [path for path, _ in done]


def _as_loaded(raw: bytes) -> str:
    """The text the loader sees for these bytes (as they are: line endings and a BOM kept)."""
    return raw.decode("utf-8", errors="replace")


def _as_stored(text: str, old: bytes) -> bytes:
    """``text`` in the file's own conventions: CRLF line endings and a BOM are kept."""
    if b"\r\n" in old:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    return b"\xef\xbb\xbf" + data if old.startswith(b"\xef\xbb\xbf") else data
