"""Project configuration: ``[tool.workbench]`` in ``pyproject.toml``, or a ``workbench.toml``.

A team keeps where its schema, database and migrations live in one committed file, the way ruff
and pytest keep theirs, so that ``workbench check``, ``lint``, ``export`` and ``migrate status``
need no arguments in a project, in a terminal and in CI alike::

    [tool.workbench]
    schema = "prisma/schema.prisma"        # a .prisma file or a folder of them
    database = "env(DATABASE_URL)"         # read from the environment when used, never stored
    migrations = "prisma/migrations"

    [tool.workbench.lint]                  # what `workbench lint` enforces (workbench.lint.config)
    ignore = ["WB405"]

    [tool.workbench.export]                # what `workbench export` writes without --to
    drizzle = "src/db"
    sqlalchemy = { output = "app/models", dialect = "sqlite" }

``workbench.toml`` holds the same keys at its top level. The file is found by walking up from the
current folder: in each folder ``workbench.toml`` first, then a ``pyproject.toml`` that has a
``[tool.workbench]`` table (one without it is passed over, as ruff does). Paths in the file are
relative to the file's folder, so the commands work from any subfolder.

Each setting is resolved in one order, the most explicit first: the command-line flag, then the
environment (``WORKBENCH_SCHEMA``, ``DATABASE_URL``, ``WORKBENCH_MIGRATIONS``), then this file,
then (database only) the schema datasource's ``url = env("...")``, then the defaults. A
:class:`Resolved` value says where it came from, so ``wb.config()`` can show why a command used a
database.

A mistake in the file is a :class:`UserError` located at the key (``pyproject.toml:7:1: unknown
key "schem" in [tool.workbench] (did you mean "schema"?)``). ``tomllib`` gives no positions, so a
small scanner of the file's lines finds them (:func:`key_positions`).

This module (the facade's ``wb.config()`` returns its settings) sits beside ``fsio`` at the
bottom of the house (standard library and ``diagnostics`` only): the lint rules (layer 5) read
their table through it, and the facade and the CLI resolve settings with it.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from workbench.diagnostics import UserError

PYPROJECT = "pyproject.toml"
WORKBENCH_TOML = "workbench.toml"
KEYS = ("schema", "database", "migrations", "lint", "export")
ENV_VARS = {"schema": "WORKBENCH_SCHEMA", "database": "DATABASE_URL", "migrations": "WORKBENCH_MIGRATIONS"}
# where Prisma looks for a schema when none is named (a file, then the multi-file folder)
DEFAULT_SCHEMAS = ("prisma/schema.prisma", "prisma/schema", "schema.prisma")
ENV_REF = re.compile(r"""^env\(\s*["']?([A-Za-z_][A-Za-z0-9_]*)["']?\s*\)$""")
DEFAULT = "default"


@dataclass(frozen=True, slots=True)
class Resolved:
    """A setting's value and where it came from: ``--db``, ``$DATABASE_URL``, ``pyproject.toml:3:1``, ``default``."""

    value: str
    source: str


@dataclass(frozen=True, slots=True)
class ExportTarget:
    """One ``[tool.workbench.export]`` entry: a target (``drizzle``, ``sql``...) and where it goes."""

    target: str
    output: str  # relative to the current folder (or absolute)
    dialect: str | None = None
    where: str = ""  # the entry's position in the file, for errors about it


@dataclass(frozen=True)
class ProjectConfig:
    """The project's configuration file, read and checked (no file: every setting is a default).

    ``database`` is kept as written (``env(DATABASE_URL)``): it is read from the environment
    only when a command needs it (:func:`resolve_database`), so a password never sits in this
    object, its repr or an error.
    """

    path: Path | None = None  # absolute
    table: Mapping[str, Any] = field(default_factory=dict)
    positions: Mapping[tuple[str, ...], tuple[int, int]] = field(default_factory=dict, repr=False)
    prefix: tuple[str, ...] = ()  # ("tool", "workbench") in a pyproject.toml

    @property
    def root(self) -> Path:
        """The folder paths in the file are relative to (the current folder when there is no file)."""
        return self.path.parent if self.path is not None else Path.cwd()

    @property
    def display_path(self) -> str:
        return shown(self.path) if self.path is not None else "(no config file)"

    def where(self, *keys: str) -> str:
        """``file:line:col`` of a key (or of the nearest table around it)."""
        if self.path is None:
            return DEFAULT
        full = (*self.prefix, *keys)
        while full:
            if full in self.positions:
                line, col = self.positions[full]
                return f"{self.display_path}:{line}:{col}"
            full = full[:-1]
        return f"{self.display_path}:1:1"

    def error(self, keys: tuple[str, ...], message: str) -> UserError:
        return UserError(f"{self.where(*keys)}: {message}")

    def table_name(self, *keys: str) -> str:
        """How the file names a table: ``[tool.workbench.lint]``, or ``[lint]`` / the top level of workbench.toml."""
        full = (*self.prefix, *keys)
        return f"[{'.'.join(full)}]" if full else f"the top level of {WORKBENCH_TOML}"

    def _path(self, key: str) -> str | None:
        """A path setting of the file, relative to the current folder (None when not set)."""
        value = self.table.get(key)
        return None if value is None else shown(self.root / str(value))

    @property
    def schema(self) -> str | None:
        """The configured schema path, relative to the current folder."""
        return self._path("schema")

    @property
    def migrations(self) -> str | None:
        return self._path("migrations")

    @property
    def database(self) -> str | None:
        """The database reference as written (``env(DATABASE_URL)``, or a URL without a password)."""
        value = self.table.get("database")
        return None if value is None else str(value)

    @property
    def lint(self) -> Mapping[str, Any]:
        value = self.table.get("lint", {})
        return value if isinstance(value, Mapping) else {}

    @property
    def exports(self) -> tuple[ExportTarget, ...]:
        """The ``[tool.workbench.export]`` entries, in the file's order."""
        out = []
        for target, spec in dict(self.table.get("export", {})).items():
            if isinstance(spec, str):
                spec = {"output": spec}
            dialect = spec.get("dialect")
            out.append(
                ExportTarget(
                    target, shown(self.root / str(spec["output"])), None if dialect is None else str(dialect),
                    self.where("export", target),
                )
            )  # fmt: skip
        return tuple(out)

    def export_target(self, target: str) -> ExportTarget | None:
        return next((e for e in self.exports if e.target == target), None)


def shown(path: Path) -> str:
    """``path`` the way a message shows it: relative to the current folder when it lies below it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)
    ups = Path(rel).parts.count("..")
    return rel if ups <= 2 else str(Path(path).resolve())  # `../prisma/x` reads well; `../../../../tmp/x` does not


# --- finding and reading the file ---------------------------------------------------------------


def find(start: str | os.PathLike[str] | None = None) -> ProjectConfig:
    """The project configuration that applies in ``start`` (default: the current folder)."""
    folder = Path(start if start is not None else Path.cwd()).resolve()
    if folder.is_file():
        folder = folder.parent
    for d in (folder, *folder.parents):
        candidate = d / WORKBENCH_TOML
        if candidate.is_file():
            return read(candidate)
        candidate = d / PYPROJECT
        if candidate.is_file():
            config = read(candidate)
            if config.path is not None:
                return config
    return ProjectConfig()


def read(path: str | os.PathLike[str]) -> ProjectConfig:
    """Read and check one file; a ``pyproject.toml`` without ``[tool.workbench]`` gives the empty config."""
    path = Path(path).resolve()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{shown(path)}: cannot read the workbench configuration: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        where = f"{shown(path)}:{m.group(1)}:{m.group(2)}" if m else shown(path)
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise UserError(f"{where}: invalid TOML: {reason}") from None
    prefix: tuple[str, ...] = ()
    if path.name == PYPROJECT:
        prefix = ("tool", "workbench")
        table = data.get("tool", {}).get("workbench")
        if table is None:
            return ProjectConfig()
    else:
        table = data
    config = ProjectConfig(path, table, key_positions(text), prefix)
    if not isinstance(table, Mapping):
        raise config.error((), f"{config.table_name()} must be a table")
    check(config)
    return config


def check(config: ProjectConfig) -> None:
    """Every key known and of the right kind; the lint table is checked by its reader (workbench.lint.config)."""
    table = config.table
    for key in table:
        if key not in KEYS:
            raise config.error((key,), unknown_key(key, KEYS, config.table_name()))
    for key in ("schema", "database", "migrations"):
        value = table.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise config.error((key,), f"{key} must be a non-empty string, not {value!r}")
    database = table.get("database")
    if isinstance(database, str) and not ENV_REF.match(database.strip()):
        if database.strip().startswith("env"):
            raise config.error(("database",), f'database = {database!r}: write env(NAME), e.g. "env(DATABASE_URL)"')
        if _has_password(database):
            raise config.error(
                ("database",),
                "database holds a password, and this file is committed; "
                'write database = "env(DATABASE_URL)" and set DATABASE_URL in the environment',
            )
    if "lint" in table and not isinstance(table["lint"], Mapping):
        raise config.error(("lint",), f"lint must be a table ({config.table_name('lint')})")
    exports = table.get("export", {})
    if not isinstance(exports, Mapping):
        raise config.error(("export",), f"export must be a table ({config.table_name('export')}) of target = folder")
    for target, spec in exports.items():
        _check_export(config, str(target), spec)


def _check_export(config: ProjectConfig, target: str, spec: object) -> None:
    keys = ("export", target)
    if isinstance(spec, str):
        if not spec.strip():
            raise config.error(keys, f"export.{target} must name a folder (or file, for sql)")
        return
    if not isinstance(spec, Mapping):
        raise config.error(keys, f'export.{target} must be a path or {{ output = "...", dialect = "..." }}')
    for key in spec:
        if key not in ("output", "dialect"):
            raise config.error((*keys, key), unknown_key(key, ("output", "dialect"), config.table_name(*keys)))
    if not isinstance(spec.get("output"), str) or not spec["output"].strip():
        raise config.error(keys, f'export.{target} needs output = "FOLDER"')
    if "dialect" in spec and not isinstance(spec["dialect"], str):
        raise config.error((*keys, "dialect"), f"export.{target}.dialect must be a string")


def unknown_key(key: str, known: tuple[str, ...], table: str) -> str:
    near = difflib.get_close_matches(key, known, n=1)
    hint = f' (did you mean "{near[0]}"?)' if near else f" (known keys: {', '.join(known)})"
    return f'unknown key "{key}" in {table}{hint}'


def _has_password(url: str) -> bool:
    if "password=" in url:
        return True
    try:
        return bool(urlsplit(url).password)
    except ValueError:
        return False


def key_positions(text: str) -> dict[tuple[str, ...], tuple[int, int]]:
    """``(table..., key) -> (line, column)`` for every table header and key of a TOML file.

    Tolerant rather than complete (it only places error messages): headers, ``key = value`` lines
    with dotted or quoted keys, and the keys of one-line inline tables.
    """
    positions: dict[tuple[str, ...], tuple[int, int]] = {}
    table: tuple[str, ...] = ()
    in_multiline: str | None = None
    for lineno, line in enumerate(text.splitlines(), 1):
        if in_multiline is not None:
            if in_multiline in line:
                in_multiline = None
            continue
        stripped = line.lstrip()
        col = len(line) - len(stripped) + 1
        if stripped.startswith("["):
            inner = stripped.strip("[").split("]", 1)[0]
            table = _split_key(inner)
            positions.setdefault(table, (lineno, col))
            continue
        m = re.match(
            r"""((?:[A-Za-z0-9_\-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_\-]+|"[^"]*"|'[^']*'))*)\s*=""", stripped
        )
        if not m:
            continue
        keys = (*table, *_split_key(m.group(1)))
        positions.setdefault(keys, (lineno, col))
        rest = stripped[m.end() :].strip()
        for quote in ('"""', "'''"):
            if rest.startswith(quote) and rest.count(quote) == 1:
                in_multiline = quote
        if rest.startswith("{"):
            start = line.index("{")
            for found in re.finditer(r"""([A-Za-z0-9_\-]+|"[^"]*")\s*=""", line[start:]):
                positions.setdefault((*keys, found.group(1).strip('"')), (lineno, start + found.start() + 1))
    return positions


def _split_key(text: str) -> tuple[str, ...]:
    parts = re.findall(r'"([^"]*)"|\'([^\']*)\'|([^.\s]+)', text)
    return tuple(a or b or c for a, b, c in parts)


# --- resolving settings --------------------------------------------------------------------------


def _given_path(
    key: str, flag: str | None, flag_name: str, config: ProjectConfig, env: Mapping[str, str] | None
) -> Resolved | None:
    """A path setting from the flag, the environment or the file (the first that gives it), else None."""
    env = os.environ if env is None else env
    var = ENV_VARS[key]
    if flag:
        return Resolved(flag, flag_name)
    if env.get(var):
        return Resolved(env[var], f"${var}")
    value = config._path(key)
    return Resolved(value, config.where(key)) if value is not None else None


def resolve_schema(flag: str | None, config: ProjectConfig, env: Mapping[str, str] | None = None) -> Resolved | None:
    """The schema a command reads: SCHEMA, ``$WORKBENCH_SCHEMA``, ``schema =``, then Prisma's default places."""
    given = _given_path("schema", flag, "argument", config, env)
    if given is not None:
        return given
    for candidate in DEFAULT_SCHEMAS:
        path = config.root / candidate
        if path.exists():
            return Resolved(shown(path), DEFAULT)
    return None


def resolve_migrations(flag: str | None, config: ProjectConfig, env: Mapping[str, str] | None = None) -> Resolved:
    """The migrations folder: --dir, ``$WORKBENCH_MIGRATIONS``, ``migrations =``, then ``prisma/migrations``
    when it exists (a Prisma project), else ``migrations``."""
    given = _given_path("migrations", flag, "--dir", config, env)
    if given is not None:
        return given
    prisma = config.root / "prisma" / "migrations"
    return Resolved(shown(prisma if prisma.is_dir() else config.root / "migrations"), DEFAULT)


# (url as written, where it was written, the folder a relative sqlite `file:` path is relative to)
DatasourceURL = tuple[str, str, Path]


@dataclass(frozen=True, slots=True)
class DatabaseRef:
    """Which database, as written (``env(DATABASE_URL)``, a URL), and where: not yet read from the environment."""

    reference: str
    source: str  # --db, $DATABASE_URL, pyproject.toml:3:1, prisma/schema.prisma:3:9
    base: Path  # the folder a relative file path is relative to
    prisma: bool = False  # written in a schema datasource (``file:./dev.db`` is SQLite)

    def url(self, env: Mapping[str, str] | None = None) -> str:
        """The URL, read now (``env(NAME)`` from the environment); never keep it longer than the command."""
        return expand(self.reference, self.source, os.environ if env is None else env, self.base, prisma=self.prisma)


def database_reference(
    flag: str | None,
    config: ProjectConfig,
    datasource: Callable[[], DatasourceURL | None] | None = None,
    env: Mapping[str, str] | None = None,
) -> DatabaseRef | None:
    """The database a command opens: --db, ``$DATABASE_URL``, ``database =``, then the schema
    datasource's ``url`` (``datasource`` gives it, called only when it comes to that); None when
    nothing names one."""
    env = os.environ if env is None else env
    if flag:
        return DatabaseRef(flag, "--db", Path.cwd())
    var = ENV_VARS["database"]
    if env.get(var):
        return DatabaseRef(f"env({var})", f"${var}", Path.cwd())
    if config.database is not None:
        return DatabaseRef(config.database, config.where("database"), config.root)
    if datasource is not None:
        found = datasource()
        if found is not None:
            written, where, base = found
            return DatabaseRef(written, where, base, prisma=True)
    return None


def resolve_database(
    flag: str | None,
    config: ProjectConfig,
    datasource: Callable[[], DatasourceURL | None] | None = None,
    env: Mapping[str, str] | None = None,
) -> Resolved | None:
    """:func:`database_reference` read now: the URL and where it came from.

    A reference to an unset variable is an error that names the variable and where the
    reference is written, never a silent fallback to another database.
    """
    ref = database_reference(flag, config, datasource, env)
    return None if ref is None else Resolved(ref.url(env), ref.source)


def expand(reference: str, where: str, env: Mapping[str, str], base: Path, *, prisma: bool = False) -> str:
    """A database reference made a URL: ``env(NAME)`` read from ``env``; Prisma's ``file:./dev.db``
    and a bare file path taken relative to ``base`` (the config file's or the schema's folder)."""
    ref = reference.strip()
    m = ENV_REF.match(ref)
    if m:
        name = m.group(1)
        value = env.get(name, "")
        if not value:
            raise UserError(
                f"{where}: the database is {ref}, but {name} is not set; "
                f"set it (export {name}=postgresql://...) or give --db URL"
            )
        ref = value.strip()
        if not prisma:
            return ref
    if ref.startswith("file:"):  # Prisma's SQLite spelling, relative to the schema file
        return "sqlite:///" + shown(base / ref[len("file:") :].split("?", 1)[0])
    if "://" not in ref and not ref.startswith("/") and ":" not in ref and where != "--db":
        return shown(base / ref)
    return ref


@dataclass(frozen=True)
class Settings:
    """The resolved settings of a project, as ``wb.config()`` returns them.

    The database is held as a reference (``env(DATABASE_URL)`` and where that was decided);
    :meth:`database_url` reads it when asked, so neither this object nor its display ever holds
    or shows a password.
    """

    config: ProjectConfig
    schema: Resolved | None
    database: DatabaseRef | None
    migrations: Resolved
    exports: tuple[ExportTarget, ...] = ()

    @property
    def path(self) -> Path | None:
        """The configuration file read (None: no file, every setting a default)."""
        return self.config.path

    @property
    def lint(self) -> Mapping[str, Any]:
        """The ``lint`` table as written (``workbench.lint.find_config`` turns it into a ``LintConfig``)."""
        return self.config.lint

    def database_url(self) -> str:
        """The database URL, read from the environment now (UserError when nothing names one)."""
        if self.database is None:
            raise UserError(NO_DATABASE)
        return self.database.url()

    def rows(self) -> list[tuple[str, str, str]]:
        """(setting, value, where it came from), as the display shows them."""
        schema, db = self.schema, self.database
        out = [
            ("config file", self.config.display_path, ""),
            ("schema", schema.value, schema.source) if schema else ("schema", "(none found)", ""),
            ("database", db.reference, db.source) if db else ("database", "(none)", ""),
            ("migrations", self.migrations.value, self.migrations.source),
        ]
        out += [
            (f"export {e.target}", e.output + (f" ({e.dialect})" if e.dialect else ""), e.where) for e in self.exports
        ]
        if self.config.lint:
            out.append(
                ("lint", ", ".join(f"{k}={v!r}" for k, v in self.config.lint.items()), self.config.where("lint"))
            )
        return out

    def __repr__(self) -> str:
        rows = self.rows()
        width = max(len(r[0]) for r in rows)
        value_width = max(len(r[1]) for r in rows)
        return "\n".join(f"{k:<{width}}  {v:<{value_width}}  {w}".rstrip() for k, v, w in rows)


NO_DATABASE = (
    'no database: give --db URL, set DATABASE_URL, or write database = "env(DATABASE_URL)" '
    "in [tool.workbench] (pyproject.toml) or workbench.toml"
)


def settings(
    start: str | os.PathLike[str] | None = None,
    datasource: Callable[[str], DatasourceURL | None] | None = None,
    env: Mapping[str, str] | None = None,
) -> Settings:
    """Every setting of the project in ``start`` (default: the current folder), resolved with no flags given."""
    config = find(start)
    schema = resolve_schema(None, config, env)

    def from_schema() -> DatasourceURL | None:
        return datasource(schema.value) if datasource is not None and schema is not None else None

    return Settings(
        config,
        schema,
        database_reference(None, config, from_schema, env),
        resolve_migrations(None, config, env),
        config.exports,
    )
