"""Lint configuration: ``[tool.workbench.lint]`` in pyproject.toml or ``workbench-lint.toml``.

Looked up next to the schema: a ``workbench-lint.toml`` beside it wins (its keys at top level, or
under ``[tool.workbench.lint]``); otherwise the nearest ``pyproject.toml`` in the schema's folder
or above that has a ``[tool.workbench.lint]`` table. Example::

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
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.diagnostics import Severity, UserError
from workbench.lint.registry import RULES, Rule, resolve

NAMING = ("snake_case", "camelCase", "PascalCase", "any")
PK_POLICIES = ("uuid", "autoincrement", "cuid")


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
    def from_mapping(cls, data: Mapping[str, object], path: str | None = None) -> LintConfig:
        known = {"select", "ignore", "severity", "naming", "pk_policy", "max_indexes", "max_cascade_depth"}
        unknown = sorted(set(data) - known)
        if unknown:
            raise UserError(f"lint config {path or ''}: unknown key(s) {', '.join(unknown)}")
        sev = data.get("severity", {}) or {}
        if not isinstance(sev, Mapping):
            raise UserError("lint config: severity must be a table of rule = level")
        for level in sev.values():
            if level not in ("error", "warning", "info", "off"):
                raise UserError(f"lint config: severity level must be error|warning|info|off, not {level!r}")
        return cls(
            select=_strings(data.get("select")),
            ignore=_strings(data.get("ignore")),
            severity=tuple((str(k), str(v)) for k, v in sev.items()),
            naming=str(data.get("naming", "snake_case")),
            pk_policy=str(data.get("pk_policy", "uuid")),
            max_indexes=int(data.get("max_indexes", 8)),  # type: ignore[call-overload]  # a TOML value, as given
            max_cascade_depth=int(data.get("max_cascade_depth", 3)),  # type: ignore[call-overload]  # (see above)
            path=path,
        )

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
    for d in (folder, *folder.parents):
        pyproject = d / "pyproject.toml"
        if pyproject.is_file():
            table = _read(pyproject).get("tool", {}).get("workbench", {}).get("lint")
            if table is not None:
                return LintConfig.from_mapping(table, str(pyproject))
    return LintConfig()


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UserError(f"cannot read lint config {path}: {exc}") from exc
