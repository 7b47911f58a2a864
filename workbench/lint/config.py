"""Lint configuration: ``[tool.workbench.lint]`` in pyproject.toml (``[lint]`` in workbench.toml).

Looked up next to the schema: a ``workbench-lint.toml`` beside it wins (its keys at top level, or
under ``[tool.workbench.lint]``); otherwise the project configuration found from the schema's
folder upward (:mod:`workbench.config`: ``workbench.toml``, or a ``pyproject.toml`` with a
``[tool.workbench]`` table) gives its ``lint`` table. A mistake is an error located at its key
(``pyproject.toml:9:1: unknown key "ignor" in [tool.workbench.lint] (did you mean "ignore"?)``).
Example::

    [tool.workbench.lint]
    select = ["keys", "audit", "WB3"]      # codes, code prefixes, rule names or families
    ignore = ["WB405"]
    severity = { WB304 = "warning", "singular-plural-mix" = "off" }
    naming = "snake_case"                   # convention for @map/@@map names: snake_case | camelCase | PascalCase | any
    pk_policy = "uuid"                      # uuid | autoincrement | cuid
    max_indexes = 8
    max_cascade_depth = 3
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench import project
from workbench.diagnostics import Severity, UserError
from workbench.lint.registry import RULES, Rule, resolve

NAMING = ("snake_case", "camelCase", "PascalCase", "any")
PK_POLICIES = ("uuid", "autoincrement", "cuid")
KEYS = ("select", "ignore", "severity", "naming", "pk_policy", "max_indexes", "max_cascade_depth")


@dataclass(frozen=True, slots=True)
class LintConfig:
    select: tuple[str, ...] = ()  # empty: every rule
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()  # (selector, "error"|"warning"|"info"|"off")
    naming: str = "snake_case"
    pk_policy: str = "uuid"
    max_indexes: int = 8
    max_cascade_depth: int = 3
    path: str | None = field(default=None, compare=False)  # where it was read from

    def __post_init__(self) -> None:
        if self.naming not in NAMING:
            raise UserError(f"lint config: naming must be one of {', '.join(NAMING)}, not {self.naming!r}")
        if self.pk_policy not in PK_POLICIES:
            raise UserError(f"lint config: pk_policy must be one of {', '.join(PK_POLICIES)}, not {self.pk_policy!r}")
        for sel in (*self.select, *self.ignore, *(s for s, _ in self.severity)):
            if not resolve(sel):
                raise UserError(f"lint config: `{sel}` names no rule (use a code like WB301, a prefix, or a rule name)")

    def enabled(self) -> tuple[Rule, ...]:
        chosen = {r.code for s in self.select for r in resolve(s)} if self.select else {r.code for r in RULES}
        chosen -= {r.code for s in self.ignore for r in resolve(s)}
        chosen -= {r.code for r in RULES if self.severity_of(r) is None}
        return tuple(r for r in RULES if r.code in chosen)

    def severity_of(self, rule: Rule) -> Severity | None:
        """The effective severity (None = switched off); later overrides win."""
        sev: Severity | None = rule.severity
        for sel, value in self.severity:
            if rule in resolve(sel):
                sev = None if value == "off" else Severity(value)
        return sev

    @classmethod
    def from_mapping(
        cls,
        data: Mapping[str, object],
        path: str | None = None,
        where: Callable[[str], str] | None = None,
        table: str = "the lint settings",
    ) -> LintConfig:
        """Settings from a TOML table; ``where(key)`` places an error (``pyproject.toml:9:1``)."""

        def at(key: str) -> str:
            return where(key) if where is not None else f"lint config {path}" if path else "lint config"

        for key in data:
            if key not in KEYS:
                raise UserError(f"{at(key)}: {project.unknown_key(key, KEYS, table)}")
        sev = data.get("severity", {}) or {}
        if not isinstance(sev, Mapping):
            raise UserError(f"{at('severity')}: severity must be a table of rule = level")
        for level in sev.values():
            if level not in ("error", "warning", "info", "off"):
                raise UserError(f"{at('severity')}: severity level must be error|warning|info|off, not {level!r}")
        numbers = {}
        for key, default in (("max_indexes", 8), ("max_cascade_depth", 3)):
            value = data.get(key, default)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise UserError(f"{at(key)}: {key} must be a whole number (0 or more), not {value!r}")
            numbers[key] = value
        try:
            return cls(
                select=_strings(data.get("select")),
                ignore=_strings(data.get("ignore")),
                severity=tuple((str(k), str(v)) for k, v in sev.items()),
                naming=str(data.get("naming", "snake_case")),
                pk_policy=str(data.get("pk_policy", "uuid")),
                max_indexes=numbers["max_indexes"],
                max_cascade_depth=numbers["max_cascade_depth"],
                path=path,
            )
        except UserError as exc:
            if where is None:
                raise
            message = str(exc).removeprefix("lint config: ")
            key = next((k for k in KEYS if k in message), "")
            raise UserError(f"{at(key)}: {message}") from None

    def with_selection(self, select: tuple[str, ...] = (), ignore: tuple[str, ...] = ()) -> LintConfig:
        """Command-line --select/--ignore on top of the file's settings."""
        from dataclasses import replace

        return replace(self, select=select or self.select, ignore=(*self.ignore, *ignore))


def _strings(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(v for v in (p.strip() for p in value.split(",")) if v)
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value)
    raise UserError(f"lint config: expected a list of rule selectors, got {value!r}")


def find_config(schema_path: str | os.PathLike[str] | None) -> LintConfig:
    """The configuration that applies to a schema file or folder (defaults when none is found)."""
    if schema_path is None or not Path(schema_path).exists():
        return LintConfig()  # text loads (no file): defaults, not whatever lies in the cwd
    p = Path(schema_path).resolve()
    folder = p if p.is_dir() else p.parent
    beside = folder / "workbench-lint.toml"
    if beside.is_file():
        data = _read(beside)
        table = data.get("tool", {}).get("workbench", {}).get("lint", data) if "tool" in data else data
        return LintConfig.from_mapping(table, str(beside))
    config = project.find(folder)
    if config.path is None or "lint" not in config.table:
        return LintConfig()
    return LintConfig.from_mapping(
        config.lint, str(config.path), lambda key: config.where("lint", key), config.table_name("lint")
    )


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UserError(f"cannot read lint config {path}: {exc}") from exc
