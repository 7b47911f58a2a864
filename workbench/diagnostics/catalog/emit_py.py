"""Codes of the Python targets (``W081x``): SQLAlchemy and pydantic."""

from __future__ import annotations

from workbench.diagnostics.catalog.registry import Area, Section

_ = Section(Area.EMIT_PY)

W_UNSUPPORTED = _.warning(
    "W0811", "py-unsupported-field", 'An Unsupported("...") field: typed Any in SQLAlchemy, left out of pydantic.'
)
W_NO_CREATE = _.warning(
    "W0812", "py-no-create", "A left-out field is required without default: the model cannot be created."
)
W_VIEW = _.warning(
    "W0813", "py-view", "A view has no SQLAlchemy table (Migrate creates none) and is read-only in pydantic."
)
W_NO_PRIMARY_KEY = _.warning("W0814", "sqlalchemy-no-primary-key", "SQLAlchemy needs a primary key to map a class.")
W_RENAMED = _.warning("W0815", "py-renamed", "A Python attribute renamed because the name is a keyword or reserved.")
W_PROVIDER = _.warning("W0816", "sqlalchemy-provider", "SQLAlchemy models for a provider other than PostgreSQL/SQLite.")
