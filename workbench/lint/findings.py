"""The plain data of lint: rules, findings and machine-applicable fixes.

A finding is a :class:`~workbench.diagnostics.Diagnostic` (so it renders like every other
located message) plus where it sits in the model view (for diagram highlights) and, where the
change can be written down mechanically, a :class:`Fix` made of text edits on the source files.
Every fix says how far it can be trusted (:class:`Applicability`, as in ruff): ``workbench lint
--fix`` applies only safe fixes unless asked for ``--unsafe-fixes``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from workbench.diagnostics import Diagnostic, Severity


class Applicability(StrEnum):
    """How far a fix can be applied without asking (the policy is in :mod:`workbench.lint`)."""

    SAFE = "safe"  # no data loss, no breaking change for clients: applied by --fix
    UNSAFE = "unsafe"  # changes the database or the client API: only with --unsafe-fixes
    DISPLAY_ONLY = "display-only"  # shown as a suggestion, never applied by a tool

    @property
    def label(self) -> str:
        """How the fix is named in reports: ``safe fix``, ``unsafe fix``, ``suggested fix``."""
        return "suggested fix" if self is Applicability.DISPLAY_ONLY else f"{self.value} fix"


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` of ``file`` with ``replacement`` (an insertion when start == end)."""

    file: str
    start: int
    end: int
    replacement: str

    def to_json(self) -> dict[str, object]:
        return {"file": self.file, "start": self.start, "end": self.end, "replacement": self.replacement}


@dataclass(frozen=True, slots=True)
class Fix:
    """One logical change (possibly several edits, e.g. a PK type and the FKs pointing at it)."""

    description: str
    edits: tuple[Edit, ...]
    # unclassified fixes are never applied by default; LintContext.report sets the rule's own
    applicability: Applicability = Applicability.UNSAFE

    def applies(self, unsafe: bool = False) -> bool:
        """Would ``--fix`` (``unsafe=False``) or ``--fix --unsafe-fixes`` apply this fix?"""
        if self.applicability is Applicability.SAFE:
            return True
        return unsafe and self.applicability is Applicability.UNSAFE

    def to_json(self) -> dict[str, object]:
        return {
            "description": self.description,
            "applicability": self.applicability.value,
            "edits": [e.to_json() for e in self.edits],
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """A lint diagnostic with its rule name, its place in the model view and an optional fix."""

    diagnostic: Diagnostic
    rule: str  # kebab-case rule name
    model: str | None = None
    field: str | None = None
    fix: Fix | None = None

    @property
    def code(self) -> str:
        return self.diagnostic.code

    @property
    def severity(self) -> Severity:
        return self.diagnostic.severity

    @property
    def message(self) -> str:
        return self.diagnostic.message

    @property
    def line(self) -> int | None:
        return self.diagnostic.span.line if self.diagnostic.span else None

    @property
    def target(self) -> str | None:
        """``Model`` or ``Model.field``: the name the ER diagram's ``highlight`` accepts."""
        if self.model is None:
            return None
        return f"{self.model}.{self.field}" if self.field else self.model

    def to_json(self) -> dict[str, object]:
        data = self.diagnostic.to_json()
        data.update(rule=self.rule, model=self.model, field=self.field, fix=self.fix.to_json() if self.fix else None)
        return data
