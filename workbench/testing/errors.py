"""``CheckFailed``: what the helpers raise, an ``AssertionError`` so pytest reports it as a failed test."""

from __future__ import annotations


class CheckFailed(AssertionError):
    """A check of the data or the migrations did not hold; the message names tables, columns and rows.

    The helpers set ``__tracebackhide__``, so pytest's report stops at the line of the test that
    called them; the plugin adds the database the test ran on (see :mod:`workbench.testing.plugin`).
    """


CheckFailed.__module__ = "workbench.testing"  # where users import it from, and what reports print


def fail(headline: str, details: list[str], limit: int = 20) -> CheckFailed:
    """The error to raise: a headline and one indented line per problem (at most ``limit``)."""
    shown = details[:limit]
    more = [f"  ... and {len(details) - limit} more"] if len(details) > limit else []
    return CheckFailed("\n".join([headline, *(f"  {d}" for d in shown), *more]))
