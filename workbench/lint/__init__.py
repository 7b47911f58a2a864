"""Best-practice lint for schemas, at design time: located findings with ready-to-paste fixes.

``lint(schema, dialect=..., config=..., sources=...)`` runs every enabled rule of
:mod:`workbench.lint.registry` over the model view and returns a :class:`LintReport`. With the
``sources`` of the load, each finding also carries a machine-applicable :class:`Fix` (text edits
on the original files); ``report.fixed_sources()`` / :func:`apply_fixes` apply them, and
:func:`workbench.lint.fixer.fix_sources` is ``workbench lint --fix`` (rounds, re-check, listing).

Which fixes are safe (the policy, after ruff)
---------------------------------------------
Ruff calls a fix safe when it preserves the program's runtime behaviour. For a schema the closest
promise is: **no data loss and no breaking change for clients**. A safe fix keeps every table,
column (name, type, nullability), foreign key (and its actions) and index of the database, and
every model, field, type and optionality of the generated client; it may only *add* what loses
nothing: an index, a column default, Prisma's client-side ``@updatedAt``. ``--fix`` applies these.

Everything else is **unsafe** and needs ``--unsafe-fixes``: a new column (audit fields, a surrogate
key: existing rows have no value, the migration fails or backfills), a changed type or primary
key, a rename (``@@map``/``@map`` renames the table or column; renaming a model or field keeps the
database but breaks every client call site), a nullability change either way, a dropped index, a
changed ``onDelete``. **Display-only** fixes are suggestions a tool never applies: a fix that
would not load as written (a new name another table or column already has; a key type change
whose foreign keys cannot all be rewritten mechanically).

=========================  =========  =======================================================
rule                       fix        why
=========================  =========  =======================================================
WB202 updated-at-not-...   safe       ``@updatedAt`` is client-side: no DDL; writers may still set it
WB203 created-at-no-def.   safe       adds ``DEFAULT CURRENT_TIMESTAMP``; the input becomes optional
WB301 unindexed-fk         safe       adds an index: no data or API change
WB101, WB103, WB104        unsafe     add a key column / change the primary key
WB102 primary-key-type     unsafe     changes the key's type and every foreign key to it
WB201 missing-audit        unsafe     adds NOT NULL columns to tables that may hold rows
WB302 redundant-index      unsafe     drops an index
WB303 nullable-unique      unsafe     makes columns (and relations) required
WB401, WB402               unsafe     renames a model or field: the client API changes
WB403-WB406                unsafe     renames a table or column (``@@map``/``@map``)
WB501, WB502               unsafe     changes a column's type (Float -> Decimal, a length limit)
WB601 long-cascade-chain   unsafe     ``onDelete: Cascade`` -> ``Restrict``: deletes that worked now fail
WB602 optional-relation    unsafe     makes a relation required (or its foreign key optional)
WB304, WB503, WB504, WB603 (none)     advice only
=========================  =========  =======================================================

Each rule declares its fix's applicability in the registry; the finding's JSON carries it
(``fix.applicability``), the text report adds a note, the notebook report a column, the studio an
"apply unsafe fix" button.
"""

from __future__ import annotations

from collections.abc import Mapping

from workbench.collector import collector_paused
from workbench.diagnostics import SourceFile
from workbench.dialects import registry as engines
from workbench.ir import Schema
from workbench.lint.config import LintConfig, find_config
from workbench.lint.context import LintContext
from workbench.lint.findings import Applicability, Edit, Finding, Fix
from workbench.lint.registry import RULES, Rule
from workbench.lint.report import LintReport, apply_fixes, sort_findings

DIALECTS = engines.names(lowers=True)


def default_dialect(schema: Schema) -> str:
    return engines.for_provider(schema.provider).name


def lint(
    schema: Schema,
    *,
    dialect: str | None = None,
    config: LintConfig | None = None,
    sources: Mapping[str, SourceFile] | None = None,
) -> LintReport:
    """Lint a schema. ``dialect`` defaults from the datasource provider (postgres otherwise)."""
    from workbench.diagnostics import UserError
    from workbench.lint.rules import FAMILY_CHECKS

    dialect = dialect or default_dialect(schema)
    if dialect not in DIALECTS:
        raise UserError(f"lint: unknown dialect {dialect!r} (use one of {', '.join(DIALECTS)})")
    config = config or LintConfig()
    # Like the loader: a lint run allocates many small long-lived objects (findings, edits) and no
    # cycles; the cyclic GC rescanning them took a third of the time on a 5,000-model schema, and
    # merely re-enabling it afterwards would have a notebook's next collection walk every finding.
    with collector_paused():
        ctx = LintContext(schema, dialect, config, dict(sources or {}))
        for check in FAMILY_CHECKS:
            check(ctx)
    enabled = {r.code for r in config.enabled()}
    found = ctx.findings
    if len(enabled) < len(RULES):  # --select, --ignore, a rule switched off
        found = [f for f in found if f.diagnostic.code in enabled]
    findings = sort_findings(found)
    return LintReport(findings, dialect, dict(sources or {}), config.path)


__all__ = [
    "RULES",
    "Applicability",
    "Edit",
    "Finding",
    "Fix",
    "LintConfig",
    "LintReport",
    "Rule",
    "apply_fixes",
    "find_config",
    "lint",
]
