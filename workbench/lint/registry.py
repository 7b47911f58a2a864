"""The rule registry: one line per rule (stable code, kebab-case name, default severity, rationale).

Codes are stable forever (``WB1xx`` keys, ``WB2xx`` audit, ``WB3xx`` indexing, ``WB4xx`` naming,
``WB5xx`` types, ``WB6xx`` relations); a retired rule keeps its code unused. The check functions
live in :mod:`workbench.lint.rules`, one module per family, and are looked up by code.

The last column is the applicability of the rule's fix (``S`` safe, ``U`` unsafe, ``None``: the
rule gives written advice only); the policy behind it is in :mod:`workbench.lint`.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.diagnostics import Severity
from workbench.lint.findings import Applicability

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741
S, U = Applicability.SAFE, Applicability.UNSAFE


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: Severity
    rationale: str
    fix: Applicability | None = None  # what the rule's fix is, None when it only gives advice

    @property
    def family(self) -> str:
        return FAMILIES[self.code[:3]]


FAMILIES = {"WB1": "keys", "WB2": "audit", "WB3": "indexing", "WB4": "naming", "WB5": "types", "WB6": "relations"}

# fmt: off
RULES: tuple[Rule, ...] = (
    Rule("WB101", "missing-primary-key", E, "Rows without a primary key cannot be addressed, replicated or diffed reliably.", U),  # noqa: E501
    Rule("WB102", "primary-key-type", W, "One primary-key policy (UUID by default, per the design document) keeps ids opaque and mergeable.", U),  # noqa: E501
    Rule("WB103", "natural-primary-key", W, "Natural keys such as emails or slugs change, and every foreign key pointing at them must change too.", U),  # noqa: E501
    Rule("WB104", "composite-key-referenced", W, "Foreign keys to a composite key repeat every key column in each referencing table.", U),  # noqa: E501
    Rule("WB201", "missing-audit-fields", W, "createdAt/updatedAt are cheap now and impossible to reconstruct later.", U),  # noqa: E501
    Rule("WB202", "updated-at-not-automatic", W, "An updatedAt field that nobody sets is stale; @updatedAt makes Prisma set it on every write.", S),  # noqa: E501
    Rule("WB203", "created-at-no-default", W, "A createdAt without @default(now()) depends on every writer remembering to set it.", S),  # noqa: E501
    Rule("WB301", "unindexed-foreign-key", W, "Joins and ON DELETE checks on an unindexed foreign key scan the whole referencing table.", S),  # noqa: E501
    Rule("WB302", "redundant-index", W, "An index that is a prefix of another index or of the primary key costs writes and buys nothing.", U),  # noqa: E501
    Rule("WB303", "nullable-unique", W, "NULLs are never equal, so a unique key with a nullable column lets duplicate rows through.", U),  # noqa: E501
    Rule("WB304", "too-many-indexes", I, "Every index slows every insert and update of its table.", None),
    Rule("WB401", "model-name-casing", W, "Prisma models are PascalCase; mixed casing makes the generated client inconsistent.", U),  # noqa: E501
    Rule("WB402", "field-name-casing", W, "Prisma fields are camelCase; database spellings belong in @map.", U),
    Rule("WB403", "singular-plural-mix", I, "Table names that mix singular and plural make every query a guess.", U),
    Rule("WB404", "map-name-convention", W, "Database names (@map/@@map) should follow one convention, snake_case by default.", U),  # noqa: E501
    Rule("WB405", "reserved-word", W, "A reserved word as a table or column name must be quoted in every hand-written query.", U),  # noqa: E501
    Rule("WB406", "identifier-too-long", E, "The database silently truncates identifiers over its limit (63 bytes on PostgreSQL).", U),  # noqa: E501
    Rule("WB501", "float-money", W, "Binary floating point cannot represent cents exactly; money needs Decimal.", U),
    Rule("WB502", "unbounded-short-string", I, "A length on short codes documents the format and rejects garbage at the database.", U),  # noqa: E501
    Rule("WB503", "json-instead-of-relation", I, "Ids inside Json have no foreign key, no index and no cascade.", None),
    Rule("WB504", "large-enum", I, "An enum with many values changes often; a lookup table changes without a migration.", None),  # noqa: E501
    Rule("WB601", "long-cascade-chain", W, "A delete that cascades through many tables removes far more than the caller expects.", U),  # noqa: E501
    Rule("WB602", "optional-relation-required-scalar", W, "A required foreign-key column always points somewhere, so the optional relation is a lie.", U),  # noqa: E501
    Rule("WB603", "implicit-many-to-many", I, "Memberships and order lines grow extra columns; an implicit join table cannot hold them.", None),  # noqa: E501
)
# fmt: on

BY_CODE: dict[str, Rule] = {r.code: r for r in RULES}
BY_NAME: dict[str, Rule] = {r.name: r for r in RULES}


def resolve(selector: str) -> tuple[Rule, ...]:
    """Rules matched by a code (``WB301``), a code prefix (``WB3``), a name or a family (``indexing``)."""
    s = selector.strip()
    if s in BY_NAME:
        return (BY_NAME[s],)
    if s in FAMILIES.values():
        return tuple(r for r in RULES if r.family == s)
    up = s.upper()
    return tuple(r for r in RULES if r.code.startswith(up)) if up.startswith("WB") else ()
