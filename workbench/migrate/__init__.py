"""Migrations: the diff between two schemas as reversible operations, rendered to SQL per dialect.

Modelled on alembic's ``operations/ops.py``: :mod:`.ops` holds one frozen object per change, each
with its ``reverse()``; :mod:`.diff` compares two database views (one dialect) into an ordered
tuple of them; the SQL for each dialect comes from :mod:`.sql`. The runner, history and rehearsal
(#16) will live beside them.
"""
