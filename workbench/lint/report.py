"""``LintReport``: the findings of one lint run, displayable, serialisable, and fixable.

Findings are sorted by file, line, column and code, so reports and golden files are stable.
"""

from __future__ import annotations

import html
import json
from bisect import bisect_right, insort
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from workbench.diagnostics import Diagnostic, Severity, SourceFile
from workbench.diagnostics.diagnostic import _SURROGATE, MAX_EXCERPT, _excerpt, _printable
from workbench.diagnostics.results import HasDiagnostics
from workbench.display import Cell, Html, RichDisplay, Row, html_table, palette
from workbench.lint.findings import Applicability, Edit, Finding
from workbench.lint.registry import BY_CODE

_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
HIGHLIGHT_LABELS = {Severity.ERROR: "lint errors", Severity.WARNING: "lint warnings", Severity.INFO: "lint hints"}


@dataclass(frozen=True)
class LintReport(RichDisplay, HasDiagnostics[Finding]):
    findings: tuple[Finding, ...]
    dialect: str
    sources: Mapping[str, SourceFile] = field(default_factory=dict, compare=False)
    config_path: str | None = field(default=None, compare=False)

    # --- queries ---------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.findings)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def _graded(self) -> tuple[Finding, ...]:
        return self.findings  # ok / errors / warnings (HasDiagnostics) over the findings

    @property
    def clean(self) -> bool:
        return not self.findings

    def codes(self) -> list[str]:
        return [f.code for f in self.findings]

    def by_code(self, code: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.code == code)

    def diagnostics(self) -> tuple[Diagnostic, ...]:
        return tuple(f.diagnostic for f in self.findings)

    # --- outputs ---------------------------------------------------------------------------------
    def highlight(self) -> dict[str, list[str]]:
        """``{"lint errors": [...], "lint warnings": [...]}`` for ``s.erd(highlight=...)``.

        Items are ``Model`` or ``Model.field`` (scalar fields only: relation fields are not
        columns). ``lint hints`` is added only when there are info findings.
        """
        groups: dict[str, list[str]] = {HIGHLIGHT_LABELS[Severity.ERROR]: [], HIGHLIGHT_LABELS[Severity.WARNING]: []}
        seen: set[str] = set()
        for f in sorted(self.findings, key=lambda f: _ORDER[f.severity]):
            target = f.target
            if target is None or target in seen:
                continue
            seen.add(target)
            groups.setdefault(HIGHLIGHT_LABELS[f.severity], []).append(target)
        return groups

    def fixable(self) -> dict[Applicability, int]:
        """How many findings carry a fix of each applicability."""
        counts = dict.fromkeys(Applicability, 0)
        for f in self.findings:
            fix = f.fix
            if fix is not None:
                counts[fix.applicability] += 1
        return counts

    def _severities(self) -> dict[Severity, int]:
        """How many findings of each severity, in one pass."""
        counts = dict.fromkeys(Severity, 0)
        for f in self.findings:
            counts[f.diagnostic.severity] += 1
        return counts

    def to_json(self) -> dict[str, Any]:
        return {
            "dialect": self.dialect,
            "config": self.config_path,
            "summary": {s.value: n for s, n in self._severities().items()},
            "fixable": {a.value: n for a, n in self.fixable().items()},
            "findings": [f.to_json() for f in self.findings],
        }

    def summary(self) -> str:
        n = self._severities()
        return f"{n[Severity.ERROR]} errors, {n[Severity.WARNING]} warnings, {n[Severity.INFO]} hints"

    def fix_summary(self, unsafe: bool = False) -> str:
        """``3 fixable with --fix, 2 more with --fix --unsafe-fixes`` ("" when nothing is fixable)."""
        n = self.fixable()
        safe, risky = n[Applicability.SAFE], n[Applicability.UNSAFE]
        if unsafe:
            return f"{safe + risky} fixable with --fix --unsafe-fixes" if safe + risky else ""
        parts = [f"{safe} fixable with --fix"] if safe else []
        if risky:
            parts.append(f"{risky} {'more ' if safe else 'fixable '}with --fix --unsafe-fixes")
        return ", ".join(parts)

    def text(self, *, unsafe: bool = False) -> str:
        """The findings like a compiler's, each fix with its applicability, then the summary."""
        if not self.findings:
            return "lint: no findings"
        body = self.rendered()
        fixes = self.fix_summary(unsafe)
        return f"{body}\n\nlint: {self.summary()}" + (f"; {fixes}" if fixes else "")

    def rendered(self) -> str:
        """Every finding like a compiler's (source line, underline, help), each fix with a note
        saying whether ``--fix`` applies it."""
        return render_findings(self.findings, self.sources)

    def __repr__(self) -> str:
        return self.text()

    def _text(self) -> str:
        return self.text()

    def _html(self) -> str:
        head = f"<div><b>lint ({html.escape(self.dialect)}): {html.escape(self.summary())}</b></div>"
        if not self.findings:
            return head
        rows: list[Row | list[str]] = []
        groups: dict[tuple[int, str], list[Finding]] = {}
        for f in self.findings:
            groups.setdefault((_ORDER[f.severity], f.code), []).append(f)
        for (_, code), items in sorted(groups.items()):
            rule = BY_CODE.get(code)
            sev = items[0].severity
            title = f"{code} {rule.name}" if rule else code
            rationale = html.escape(rule.rationale) if rule else ""
            group = Html(
                f'<span style="color:{palette.text_colour(sev.value)};font-weight:bold">{sev.value}</span> '
                f"<b>{html.escape(title)}</b> ({len(items)}) <i>{rationale}</i>"
            )
            rows.append(Row([Cell(group, ' colspan="4" style="text-align:left;background:#f4f4f4"')]))
            for f in items:
                loc = html.escape(f.diagnostic.location)
                line = html.escape(self._line_title(f))
                where = Html(f'<code title="{line}">{loc}</code>')
                rows.append(
                    [where, f.message, Html(f"<code>{html.escape(f.diagnostic.help or '')}</code>"), _fix_cell(f)]
                )
        left = ' style="text-align:left"'
        return head + html_table(
            ("where", "finding", "help", "fix"), rows, header_attrs=(left, left, left), cell_attrs=(left,) * 4
        )

    def _line_title(self, f: Finding) -> str:
        """The finding's source line for a tooltip, at most MAX_EXCERPT characters of it."""
        span = f.diagnostic.span
        src = self.sources.get(span.file) if span else None
        if span is None or src is None:
            return ""
        start, end = src.line_bounds(span.line)
        cut = end - start > MAX_EXCERPT
        return src.text[start : min(end, start + MAX_EXCERPT)].strip() + ("..." if cut else "")

    # --- fixes -----------------------------------------------------------------------------------
    def fixable_findings(self, codes: Iterable[str] | None = None, *, unsafe: bool = False) -> list[Finding]:
        """The findings whose fix ``--fix`` (``unsafe``: ``--fix --unsafe-fixes``) would apply."""
        wanted = set(codes) if codes is not None else None
        return [f for f in self.findings if f.fix and f.fix.applies(unsafe) and (wanted is None or f.code in wanted)]

    def fixed_sources(
        self, codes: Iterable[str] | None = None, *, format: bool = False, unsafe: bool = False
    ) -> dict[str, str]:
        """Every source file's text with the safe fixes applied (only files that change).

        ``unsafe=True`` applies the unsafe fixes too (renames, type and nullability changes...:
        see :mod:`workbench.lint`); display-only fixes are never applied. ``format=True`` runs the
        result through the Prisma formatter (column alignment), the way a designer would after
        pasting the fix lines by hand. :func:`workbench.lint.fixer.fix_sources` does the same in
        rounds, re-checks that the result loads, and lists what it applied.
        """
        chosen = self.fixable_findings(codes, unsafe=unsafe)
        out: dict[str, str] = {}
        for path, src in sorted(self.sources.items()):
            new = apply_fixes(src.text, chosen, file=path)
            if new != src.text:
                out[path] = new
        if format and out:
            from workbench.loaders.prisma.format import format_prisma_files

            every = {p: out.get(p, s.text) for p, s in self.sources.items()}
            formatted = format_prisma_files(every)
            out = {p: formatted[p].text if formatted[p].ok else out[p] for p in out}
        return out


def select_fixes(findings: Sequence[Finding]) -> tuple[list[Finding], list[Edit]]:
    """The findings whose fixes can be applied together, across all files, and their edits.

    A fix is taken whole or not at all: when one of its edits overlaps an edit already taken (two
    fixes rewriting the same line), the later fix is skipped; lint again and fix again to pick it
    up. The very same edit proposed by two findings is applied once. Display-only fixes are never
    taken: they are suggestions for a person, not for a tool.
    """
    chosen: list[Finding] = []
    taken: list[Edit] = []
    seen: set[Edit] = set()
    by_file: dict[str, list[tuple[int, int]]] = {}  # taken (start, end) per file, sorted
    for f in findings:
        if f.fix is None or not f.fix.edits or f.fix.applicability is Applicability.DISPLAY_ONLY:
            continue
        edits = [e for e in f.fix.edits if e not in seen]
        if any(_clashes(e, by_file.get(e.file, [])) for e in edits):
            continue
        chosen.append(f)
        for e in edits:
            seen.add(e)
            taken.append(e)
            insort(by_file.setdefault(e.file, []), (e.start, e.end))
    return chosen, taken


def _clashes(e: Edit, taken: list[tuple[int, int]]) -> bool:
    """Does ``e`` overlap one of the ``taken`` ranges of its file (sorted, pairwise compatible)?

    Compatible ranges sorted by start have non-decreasing ends, so only the ranges just before the
    insertion point can reach ``e``: a bisection and a short walk back, not a scan (a fix run on a
    5,000-model schema takes tens of thousands of edits).
    """
    j = bisect_right(taken, (e.end, e.end))
    while j > 0:
        j -= 1
        start, end = taken[j]
        if end < e.start:
            return False
        if _overlaps(e, Edit(e.file, start, end, "")):
            return True
    return False


def select_edits(findings: Sequence[Finding]) -> list[Edit]:
    """The edits of every fix that can be applied together (see :func:`select_fixes`)."""
    return select_fixes(findings)[1]


def apply_fixes(source_text: str, findings: Sequence[Finding], *, file: str | None = None) -> str:
    """Apply the findings' fixes to one file's text (see :func:`select_edits`).

    ``file`` picks the edits of one file of a multi-file schema (default: the file of the first
    edit, which is right for single-file schemas).
    """
    taken = select_edits(findings)
    if not taken:
        return source_text
    target = file if file is not None else taken[0].file
    return apply_edits(source_text, [e for e in taken if e.file == target])


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Apply compatible edits (see :func:`select_fixes`) of one file to its text, in one pass."""
    if not edits:
        return text
    parts: list[str] = []
    pos = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        parts += [text[pos : e.start], e.replacement]
        pos = max(pos, e.end)
    parts.append(text[pos:])
    return "".join(parts)


def _overlaps(a: Edit, b: Edit) -> bool:
    if a.start == a.end and b.start == b.end:
        return False  # two insertions at one point both apply
    if a.start == a.end:
        return b.start < a.start < b.end
    if b.start == b.end:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end


_HOW = {
    Applicability.SAFE: "",
    Applicability.UNSAFE: " (--unsafe-fixes)",
    Applicability.DISPLAY_ONLY: " (not applied automatically)",
}
# "  = note: unsafe fix (--unsafe-fixes): " and the like: the start of each fix's note line
_NOTE_HEAD = {a: f"  = note: {a.label}{how}: " for a, how in _HOW.items()}


def _with_fix_note(f: Finding) -> Diagnostic:
    """The finding's diagnostic with a note naming its fix and whether ``--fix`` applies it."""
    if f.fix is None:
        return f.diagnostic
    note = f"{f.fix.applicability.label}{_HOW[f.fix.applicability]}: {f.fix.description}"
    d = f.diagnostic
    return Diagnostic(d.code, d.severity, d.message, d.span, d.help, (*d.notes, note))


def render_findings(findings: Sequence[Finding], sources: Mapping[str, SourceFile]) -> str:
    """``render_text`` of the findings with their fix notes (:func:`_with_fix_note`), the same
    text character for character, made in one pass with one join.

    A lint report is tens of thousands of findings on a big schema: building a second diagnostic
    per finding for its note, then rendering it line by line, was a third of lint's own time. The
    source line needs no rewriting in a file without tabs and lone surrogates (nearly all files),
    which is decided once per file, and a short line is shown whole (``_excerpt`` only cuts lines
    over ``MAX_EXCERPT``); tests compare the result with ``render_text``.
    """
    blocks: list[str] = []
    add = blocks.append
    plain: dict[str, bool] = {}  # file -> its lines print as they are
    for f in findings:
        d = f.diagnostic
        span = d.span
        if span is None:
            block = f"<schema>: {_SEVERITY[d.severity]}[{d.code}]: {d.message}"
        else:
            line = span.line
            block = f"{span.file}:{line}:{span.col}: {_SEVERITY[d.severity]}[{d.code}]: {d.message}"
            src = sources.get(span.file)
            if src is not None:
                as_is = plain.get(span.file)
                if as_is is None:
                    as_is = plain[span.file] = "\t" not in src.text and _SURROGATE.search(src.text) is None
                first, end = src.line_bounds(line)
                if as_is and end - first <= MAX_EXCERPT:  # _excerpt's first case, inlined
                    col = span.col
                    width = max(1, span.end_col - col) if span.end_line == line else max(1, end - first - col + 1)
                    num = str(line)
                    pad = " " * len(num)
                    block = f"{block}\n{pad} |\n{num} | {src.text[first:end]}\n{pad} | {' ' * (col - 1)}{'^' * width}"
                else:
                    for number, text, start, width in _excerpt(d, src):
                        num = str(number)
                        pad = " " * len(num)
                        shown = text if as_is else _printable(text.expandtabs(1))
                        block = f"{block}\n{pad} |\n{num} | {shown}\n{pad} | {' ' * (start - 1)}{'^' * width}"
        for note in d.notes:
            block = f"{block}\n  = note: {note}"
        fix = f.fix
        if fix is not None:
            block = f"{block}\n{_NOTE_HEAD[fix.applicability]}{fix.description}"
        if d.help:
            block = f"{block}\n  = help: {d.help}"
        add(block)
    return "\n".join(blocks)


_SEVERITY = {s: s.value for s in Severity}  # an enum's .value is a property: slow per finding


def _fix_cell(f: Finding) -> Html:
    if f.fix is None:
        return Html("")
    color = {Applicability.SAFE: palette.OK, Applicability.UNSAFE: palette.TEXT["warning"]}.get(
        f.fix.applicability, palette.MUTED
    )
    return Html(
        f'<span style="color:{color}" title="{html.escape(f.fix.description)}">'
        f"{html.escape(f.fix.applicability.label)}</span>"
    )


def dump_json(report: LintReport) -> str:
    return json.dumps(report.to_json(), indent=2, sort_keys=False)


def sort_findings(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """By file, line, column, code and message: ``(sort_key(diagnostic), message)`` flattened into
    one tuple, which orders alike and is cheaper to build."""
    return tuple(sorted(findings, key=_order))


def _order(f: Finding) -> tuple[str, int, int, str, str]:
    d = f.diagnostic
    s = d.span
    if s is None:
        return ("", 0, 0, d.code, d.message)
    return (s.file, s.line, s.col, d.code, d.message)
