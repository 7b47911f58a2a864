"""The plain data of lint: rules, findings and machine-applicable fixes.

A finding is a :class:`~workbench.diagnostics.Diagnostic` (so it renders like every other
located message) plus where it sits in the model view (for diagram highlights) and, where the
change can be written down mechanically, a :class:`Fix` made of text edits on the source files.
Every fix says how far it can be trusted (:class:`Applicability`, as in ruff): ``workbench lint
--fix`` applies only safe fixes unless asked for ``--unsafe-fixes``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import FrozenInstanceError, dataclass
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


class Fix:
    """One logical change (possibly several edits, e.g. a PK type and the FKs pointing at it).

    Behaves as a frozen dataclass of ``(description, edits, applicability)``: equality, hashing,
    ``repr`` and ``to_json`` use all three. The edits can be built on first use
    (:meth:`deferred`): the text report needs only a fix's description and applicability, and
    building the edits of 20,000 fixes that nobody applies was a third of lint's rule time on a
    5,000-model schema. ``--fix``, ``--diff``, ``--json`` and the studio read ``.edits`` and get
    the same edits as if they had been built eagerly (the builder reads the same immutable texts).
    """

    __slots__ = ("_build", "_edits", "applicability", "description")
    __match_args__ = ("description", "edits", "applicability")

    description: str
    # unclassified fixes are never applied by default; LintContext.report sets the rule's own
    applicability: Applicability
    _edits: tuple[Edit, ...] | None
    _build: Callable[[], tuple[Edit, ...]] | None

    def __init__(
        self, description: str, edits: tuple[Edit, ...], applicability: Applicability = Applicability.UNSAFE
    ) -> None:
        _set(self, "description", description)
        _set(self, "_edits", edits)
        _set(self, "applicability", applicability)
        _set(self, "_build", None)

    @classmethod
    def deferred(
        cls,
        description: str,
        build: Callable[[], tuple[Edit, ...]],
        applicability: Applicability = Applicability.UNSAFE,
    ) -> Fix:
        """A fix whose edits ``build()`` makes when ``.edits`` is first read (then kept)."""
        fix = cls.__new__(cls)
        _set(fix, "description", description)
        _set(fix, "_edits", None)
        _set(fix, "applicability", applicability)
        _set(fix, "_build", build)
        return fix

    @property
    def edits(self) -> tuple[Edit, ...]:
        edits = self._edits
        if edits is None:
            build = self._build
            assert build is not None  # one of the two is always set
            edits = build()
            _set(self, "_edits", edits)
            _set(self, "_build", None)  # drop what the builder holds (the lint context)
        return edits

    def with_applicability(self, applicability: Applicability) -> Fix:
        """The same fix with another applicability; still deferred when this one is."""
        if self._edits is None and self._build is not None:
            return Fix.deferred(self.description, self._build, applicability)
        return Fix(self.description, self.edits, applicability)

    def applies(self, unsafe: bool = False) -> bool:
        """Would ``--fix`` (``unsafe=False``) or ``--fix --unsafe-fixes`` apply this fix?"""
        if self.applicability is _SAFE:
            return True
        return unsafe and self.applicability is _UNSAFE

    def to_json(self) -> dict[str, object]:
        return {
            "description": self.description,
            "applicability": self.applicability.value,
            "edits": [e.to_json() for e in self.edits],
        }

    # --- what @dataclass(frozen=True) gave, with ``edits`` read through the property ----------------
    def _key(self) -> tuple[str, tuple[Edit, ...], Applicability]:
        return (self.description, self.edits, self.applicability)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Fix)
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Fix(description={self.description!r}, edits={self.edits!r}, applicability={self.applicability!r})"

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __reduce__(self) -> tuple[type[Fix], tuple[str, tuple[Edit, ...], Applicability]]:
        """Pickled and copied with its edits built (a builder is a closure over the lint context)."""
        return (Fix, self._key())


_set = object.__setattr__
_SAFE, _UNSAFE = Applicability.SAFE, Applicability.UNSAFE


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
