"""``docs/diagnostics.md``, generated from the catalogue so the reference cannot drift from the code.

The output is deterministic (areas in :class:`Area` order, codes by number) so a test can regenerate
it and compare it with the committed file byte for byte.
"""

from __future__ import annotations

from workbench.diagnostics.catalog import seeding
from workbench.diagnostics.catalog.registry import ENTRIES, Area, Entry, Status

COMMAND = "python -m workbench.diagnostics.catalog --markdown > docs/diagnostics.md"

_INTRO = f"""\
# Diagnostics

<!-- Generated from workbench/diagnostics/catalog/ by `{COMMAND}`. Do not edit by hand. -->

Every problem workbench reports has a stable code, a severity and a located message, printed like a
compiler error (`schema.prisma:12:5: error[E0201]: ...`). A code never changes meaning once
released; a retired code is never given a new one.

- The letter of a code is its severity: `E` error, `W` warning, `I` info. A few codes are reported
  with another severity in one situation (the message says so); the table gives the usual one.
- Introspection's codes (`I1xx` PostgreSQL, `I2xx` DuckDB, `I3xx` SQLite) predate this rule: there
  `I` stands for "introspection" and they are warnings.
- Lint findings (`WBxxx`) are not listed here: their severity is set per project, and each rule
  is documented in `workbench/lint/registry.py` (`workbench lint --select WB3` picks a family).
- The messages below are one-line summaries; `…` stands for a name the real message fills in.
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _row(e: Entry) -> str:
    name = e.name if e.status is Status.ACTIVE else f"{e.name} ({e.status.value})"
    return f"| {e.code} | {e.severity.value} | {name} | {_cell(e.title)} |"


def render_markdown() -> str:
    parts = [_INTRO.rstrip("\n")]
    for area in Area:
        rows = sorted((e for e in ENTRIES.values() if e.area is area), key=lambda e: (e.code[1:], e.code[0]))
        if not rows:
            continue
        parts.append(f"\n## {area.title} (`{area.key}`)\n\n| code | severity | name | message |\n|---|---|---|---|")
        parts.extend(_row(e) for e in rows)
    parts.append("\n## Renumbered codes\n")
    parts.append("Seeding's codes shared the Prisma loader's `06xx` range until #14 (`E0602` and `E0610`-`E0613`")
    parts.append("meant two things); they moved to `11xx`, keeping their last two digits.\n")
    parts.append("| before | now |\n|---|---|")
    parts.extend(f"| {old} | {new} |" for new, old in sorted(seeding.FORMERLY.items(), key=lambda kv: kv[1]))
    return "\n".join(parts) + "\n"
