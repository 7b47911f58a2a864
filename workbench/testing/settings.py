"""What a test's database is built from: ini options, the command line and the ``workbench`` marker.

Precedence, most specific first: ``@pytest.mark.workbench(...)`` on the test (or its class/module),
then ``--workbench-*`` on the command line, then ``workbench_*`` in ``[tool.pytest.ini_options]``
(or ``pytest.ini``), then ``$WORKBENCH_PG_URL`` for the server. Paths in the ini file and in the
marker are relative to pytest's rootdir (where the ini file is), paths on the command line to the
directory pytest was started in: each is where a reader of that line would look.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

ENGINES = ("duckdb", "postgres")
MARKER_ARGS = ("schema", "migrations", "seed", "rows", "db")
DEFAULT_ROWS = 10


class SettingsError(Exception):
    """A configuration value that cannot work; the message says where it came from and what to write."""


@dataclass(frozen=True)
class Settings:
    """The recipe of a test database: engine, schema file or migrations folder, and the seed.

    ``seed`` None means not seeded (empty tables); ``rows`` is per table (or ``{"User": 5}``) as
    :func:`workbench.seed` takes it. ``pg_url`` None means ``wb.postgres_url()`` (a throwaway server).
    """

    engine: str = "duckdb"
    schema: Path | None = None
    migrations: Path | None = None
    seed: int | None = None
    rows: int | dict[str, int] = DEFAULT_ROWS
    pg_url: str | None = None

    def describe(self) -> str:
        """One line for the report header and failure sections (paths as given, never a password)."""
        source = (
            f"migrations {shown(self.migrations)}"
            if self.migrations is not None
            else (f"schema {shown(self.schema)}" if self.schema is not None else "no schema")
        )
        seeded = f"seed {self.seed}, {_rows_text(self.rows)}" if self.seed is not None else "not seeded"
        return f"{self.engine}, {source}, {seeded}"

    def fingerprint(self) -> str:
        """A key for the session's template cache: the recipe and the contents of its files."""
        digest = hashlib.sha256(repr((self.engine, self.seed, self.rows, self.pg_url)).encode())
        for path in (self.schema, self.migrations):
            digest.update(b"\0" + str(path).encode())
            if path is not None:
                for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
                    if file.is_file():
                        digest.update(str(file).encode() + b"\0" + file.read_bytes())
        return digest.hexdigest()[:16]


def shown(path: Path | None) -> str:
    """A path as the user wrote it more or less: relative to the working directory when under it."""
    if path is None:
        return "-"
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _rows_text(rows: int | dict[str, int]) -> str:
    if isinstance(rows, int):
        return f"{rows} rows per table"
    return "rows " + ", ".join(f"{k}={v}" for k, v in sorted(rows.items()))


def engine_name(value: str, where: str) -> str:
    name = {"pg": "postgres", "postgresql": "postgres"}.get(value.strip().lower(), value.strip().lower())
    if name not in ENGINES:
        raise SettingsError(f"{where}: unknown database {value!r}: say duckdb or postgres")
    return name


def _path(value: str | os.PathLike[str], base: Path, where: str, *, folder: bool) -> Path:
    path = Path(value)
    path = path if path.is_absolute() else base / path
    if not path.exists():
        raise SettingsError(f"{where}: {path} does not exist")
    if folder and not path.is_dir():
        raise SettingsError(f"{where}: {path} is not a folder (a migrations folder holds <timestamp>_<name>/ folders)")
    return path


def _seed(value: Any, where: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise SettingsError(f"{where}: seed={value!r} is not a number: give an integer such as 42")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise SettingsError(f"{where}: seed={value!r} is not a number: give an integer such as 42") from None


def _rows(value: Any, where: str) -> int | dict[str, int]:
    if isinstance(value, dict):
        if not all(isinstance(k, str) and isinstance(v, int) and v >= 0 for k, v in value.items()):
            raise SettingsError(f"{where}: rows={value!r}: give {{'Model': count}} with counts of 0 or more")
        return dict(value)
    try:
        n = int(value)
    except (TypeError, ValueError):
        n = -1
    if isinstance(value, bool) or n < 0:
        raise SettingsError(f"{where}: rows={value!r} is not a row count: give an integer of 0 or more")
    return n


def from_config(
    get_option: Any, get_ini: Any, rootdir: Path, invocation_dir: Path, environ: Mapping[str, str]
) -> Settings:
    """The session's settings: command line over ini file over environment.

    ``get_option(name)``/``get_ini(name)`` are pytest's ``config.getoption``/``config.getini``.
    """

    def pick(name: str) -> tuple[Any, Path, str]:
        given = get_option(f"workbench_{name}")
        if given not in (None, ""):
            return given, invocation_dir, f"--workbench-{name.replace('_', '-')}"
        return get_ini(f"workbench_{name}"), rootdir, f"workbench_{name} (ini file)"

    settings = Settings()
    value, base, where = pick("db")
    if value:
        settings = replace(settings, engine=engine_name(str(value), where))
    value, base, where = pick("schema")
    if value:
        settings = replace(settings, schema=_path(value, base, where, folder=False))
    value, base, where = pick("migrations")
    if value:
        settings = replace(settings, migrations=_path(value, base, where, folder=True))
    value, base, where = pick("seed")
    settings = replace(settings, seed=_seed(value, where))
    value, base, where = pick("rows")
    if value not in (None, ""):
        settings = replace(settings, rows=_rows(value, where))
    value, base, where = pick("pg_url")
    url = str(value) if value else environ.get("WORKBENCH_PG_URL") or None
    return replace(settings, pg_url=url)


def with_marker(settings: Settings, kwargs: dict[str, Any], rootdir: Path) -> Settings:
    """``settings`` with a ``@pytest.mark.workbench(...)``'s arguments applied (``None`` clears a value)."""
    where = "@pytest.mark.workbench"
    unknown = sorted(set(kwargs) - set(MARKER_ARGS))
    if unknown:
        raise SettingsError(f"{where}: unknown argument {', '.join(unknown)} (it takes {', '.join(MARKER_ARGS)})")
    if "db" in kwargs:
        settings = replace(settings, engine=engine_name(str(kwargs["db"]), where))
    if "schema" in kwargs:
        value = kwargs["schema"]
        settings = replace(
            settings, schema=None if value is None else _path(value, rootdir, f"{where}(schema=...)", folder=False)
        )
    if "migrations" in kwargs:
        value = kwargs["migrations"]
        folder = None if value is None else _path(value, rootdir, f"{where}(migrations=...)", folder=True)
        settings = replace(settings, migrations=folder)
    if "seed" in kwargs:
        settings = replace(settings, seed=_seed(kwargs["seed"], where))
    if "rows" in kwargs:
        settings = replace(settings, rows=_rows(kwargs["rows"], where))
    return settings
