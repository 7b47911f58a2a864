"""Stable diagnostic codes of the Prisma loader.

A code never changes meaning once released: tests, notebooks and users filter on them. Add new
codes at the end of their range; never renumber. Each code has a kebab-case name for humans.

Ranges: E00xx syntax, E01xx names, E02xx types, E03xx attributes, E04xx relations,
E05xx datasource/generator and sources, E06xx connector capabilities and model rules, W0xxx warnings.
Messages follow Prisma's wording where it is clear, so users can search for them.
"""

from __future__ import annotations

CODES: dict[str, str] = {
    # syntax
    "E0001": "invalid-top-level-line",
    "E0002": "invalid-field-line",
    "E0003": "invalid-field-declaration",
    "E0004": "invalid-enum-line",
    "E0005": "invalid-config-line",
    "E0006": "unclosed-block",
    "E0007": "optional-list",
    "E0008": "trailing-comma",
    "E0009": "legacy-syntax",
    "E0010": "nesting-too-deep",
    "E0011": "invalid-escape",
    # names
    "E0101": "duplicate-top-level-name",
    "E0102": "duplicate-field",
    "E0103": "duplicate-enum-value",
    "E0104": "multiple-datasources",
    "E0105": "duplicate-config-property",
    "E0106": "invalid-name",
    "E0107": "reserved-name",
    "E0108": "duplicate-database-name",
    "E0109": "empty-enum",
    # types
    "E0201": "unknown-type",
    "E0202": "composite-types-unsupported",
    # attributes
    "E0301": "unknown-attribute",
    "E0302": "unknown-argument",
    "E0303": "missing-argument",
    "E0304": "invalid-argument",
    "E0305": "duplicate-attribute",
    "E0306": "invalid-default",
    "E0307": "multiple-ids",
    "E0308": "optional-id",
    "E0309": "invalid-updated-at",
    "E0310": "unknown-field-reference",
    "E0311": "relation-field-in-index",
    "E0312": "duplicate-argument",
    "E0313": "duplicate-constraint-name",
    "E0315": "invalid-attribute-target",
    "E0316": "unknown-default-function",
    # relations
    "E0401": "missing-opposite-relation",
    "E0402": "ambiguous-relation",
    "E0403": "relation-arity-mismatch",
    "E0404": "relation-type-mismatch",
    "E0405": "relation-references-not-unique",
    "E0406": "relation-unknown-field",
    "E0407": "relation-fields-not-scalar",
    "E0408": "relation-fields-placement",
    "E0409": "relation-optionality-mismatch",
    "E0410": "invalid-referential-action",
    "E0411": "many-to-many-without-id",
    "E0412": "many-to-many-on-view",
    # datasource / generator
    "E0501": "missing-provider",
    "E0502": "unknown-provider",
    "E0503": "provider-not-supported",
    "E0504": "invalid-config-value",
    "E0506": "unreadable-source",
    "E0507": "preview-feature-required",
    "E0508": "invalid-text-encoding",
    "E0509": "unknown-preview-feature",
    # connector capabilities and model rules
    "E0601": "native-type-unsupported",
    "E0602": "native-type-arity",
    "E0603": "native-type-scalar-mismatch",
    "E0604": "scalar-list-unsupported",
    "E0605": "fulltext-unsupported",
    "E0606": "no-unique-criteria",
    "E0607": "connector-option-unsupported",
    "E0608": "schema-not-declared",
    "E0610": "autoincrement-unsupported",
    "E0611": "view-primary-key",
    "E0612": "invalid-native-type-prefix",
    "E0613": "constraint-name-too-long",
    # warnings
    "W0001": "unknown-datasource-property",
    "W0002": "set-null-on-required-fields",
    "W0003": "deprecated-preview-feature",
    "W0302": "ignored-index-field-argument",
    "W0901": "empty-relation-attribute-reformatted",
}


def code_name(code: str) -> str:
    return CODES[code]
