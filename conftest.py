"""Repository-wide pytest hooks.

A ``conftest.py`` applies to the tests below its own folder only: the hook that gives notebooks
(collected by nbval from ``notebooks/``) the session's PostgreSQL server lives here, beside both
folders; in ``tests/conftest.py`` it never ran for a notebook.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.conftest import _SERVER


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    """Start a notebook's kernel with ``WORKBENCH_PG_URL`` when the notebook needs PostgreSQL.

    nbval starts the kernel while setting up the notebook's first cell, from this process's
    environment: the variable is set around that setup only, so other notebooks run as a user's
    ``make lab`` without a server would.
    """
    notebook = getattr(item.parent, "nb", None)
    needs = notebook.metadata.get("workbench", {}).get("needs", []) if notebook is not None else []
    if "postgres" not in needs or os.environ.get("WORKBENCH_PG_URL"):
        yield
        return
    url = _SERVER.get()
    os.environ["WORKBENCH_PG_URL"] = url
    try:
        yield
    finally:
        del os.environ["WORKBENCH_PG_URL"]


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Stop the session's server also when only notebooks ran (then ``tests/conftest.py`` is not loaded)."""
    _SERVER.stop()
