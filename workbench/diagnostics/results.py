"""``HasDiagnostics``: ``ok`` / ``errors`` / ``warnings`` of any result that carries diagnostics.

Loading, formatting, linting, planning and seeding all return a result *and* its diagnostics
instead of raising; what "ok" means is the same everywhere (no error; warnings and hints never
fail a result), so it is written once here rather than on each result class.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, Protocol, TypeVar

from workbench.diagnostics.diagnostic import Severity


class Graded(Protocol):
    """Anything with a severity: a :class:`~workbench.diagnostics.Diagnostic`, a lint finding."""

    @property
    def severity(self) -> Severity: ...


D = TypeVar("D", bound=Graded)


class HasDiagnostics(Generic[D]):
    """Mixin for results with a ``diagnostics`` tuple; a result whose findings live elsewhere
    (a lint report's ``findings``) overrides :meth:`_graded`."""

    __slots__ = ()

    def _graded(self) -> Iterable[D]:
        """What ``ok`` / ``errors`` / ``warnings`` look at: the result's ``diagnostics``."""
        found: Iterable[D] = getattr(self, "diagnostics")  # noqa: B009  (declared by the subclass)
        return found

    @property
    def errors(self) -> tuple[D, ...]:
        return tuple(d for d in self._graded() if d.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[D, ...]:
        return tuple(d for d in self._graded() if d.severity is Severity.WARNING)

    @property
    def ok(self) -> bool:
        """No error (warnings and hints do not fail a result)."""
        return not self.errors
