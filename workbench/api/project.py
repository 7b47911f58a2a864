"""The project's settings with the one piece only a loaded schema knows: its datasource ``url``.

:mod:`workbench.project` finds and checks the configuration file; when neither ``--db``,
``$DATABASE_URL`` nor the file names a database, the schema's own ``datasource { url =
env("DATABASE_URL") }`` does, as Prisma reads it. Reading that needs the Prisma loader, which
sits above ``project``, so the facade and the CLI get it from here.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from workbench.project import DatasourceURL, Settings, settings, shown


def datasource_url(schema: str) -> DatasourceURL | None:
    """The datasource ``url`` of the Prisma schema at ``schema`` as written, where it is written
    (``prisma/schema.prisma:3:9``) and the folder its relative paths start from; None when the
    schema has no datasource url, or is not a Prisma schema."""
    from workbench.api.loading import load

    if not Path(schema).exists() or Path(schema).suffix.lower() == ".sql":
        return None
    loaded = load(schema)
    ds = loaded.schema.datasource
    if ds is None or not ds.url:
        return None
    span = ds.origin
    if span is None:
        return ds.url, f"{schema} (datasource)", Path(schema)
    line, col = span.line, span.col
    source = loaded.sources.get(span.file)
    if source is not None:  # point at `url = ...` itself, not the block's first line
        m = re.compile(r"\burl\s*=").search(source.text, span.start, span.end)
        if m:
            line, col = source.position(m.start())
    return ds.url, f"{shown(Path(span.file))}:{line}:{col}", Path(span.file).parent


def project_settings(start: str | os.PathLike[str] | None = None) -> Settings:
    """Every setting of the project in ``start`` (default: the current folder), as ``wb.config()``."""
    return settings(start, datasource_url)
