"""What to do when a test's real component (PostgreSQL, node, pg_dump, dot) is missing.

In CI (``CI`` set) it is a failure: CI installs everything, so a missing tool means a broken
set-up. On a developer machine without the tool the test is skipped, saying why.
"""

from __future__ import annotations

import os

import pytest


def unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)
