"""Codes of the Prisma schema loader and formatter.

A code never changes meaning once released: tests, notebooks and users filter on them. Add new
codes at the end of their range; never renumber.

Ranges: E00xx syntax, E01xx names, E02xx types, E03xx attributes, E04xx relations,
E05xx datasource/generator and sources, E06xx connector capabilities and model rules, W0xxx warnings
(W09xx: the formatter). Messages follow Prisma's wording where it is clear, so users can search for
them; the titles below are one-line summaries (``…`` stands for a name the message fills in).
"""

from __future__ import annotations

from workbench.diagnostics.catalog.registry import Area, Section, names

_ = Section(Area.PRISMA)

INVALID_TOP_LEVEL_LINE = _.error(
    "E0001", "invalid-top-level-line", "This block is invalid. It does not start with any known Prisma schema keyword."
)
INVALID_FIELD_LINE = _.error("E0002", "invalid-field-line", "This line is not a valid field or attribute definition.")
INVALID_FIELD_DECLARATION = _.error("E0003", "invalid-field-declaration", "This field declaration is invalid.")
INVALID_ENUM_LINE = _.error("E0004", "invalid-enum-line", "This line is not an enum value definition.")
INVALID_CONFIG_LINE = _.error(
    "E0005", "invalid-config-line", "This line is not a valid definition within a datasource or generator."
)
UNCLOSED_BLOCK = _.error("E0006", "unclosed-block", "A block is never closed: a line with `}` is missing.")
OPTIONAL_LIST = _.error("E0007", "optional-list", "Optional lists are not supported. Use either `Type[]` or `Type?`.")
TRAILING_COMMA = _.error(
    "E0008", "trailing-comma", "Trailing commas are not valid in attribute arguments; remove the comma."
)
LEGACY_SYNTAX = _.error(
    "E0009", "legacy-syntax", "Legacy syntax (`[Type]`, `:` or `!` in a field declaration) is not valid any more."
)
NESTING_TOO_DEEP = _.error("E0010", "nesting-too-deep", "This line nests brackets more than … levels deep.")
INVALID_ESCAPE = _.error("E0011", "invalid-escape", "A string literal holds an invalid escape sequence.")
DUPLICATE_TOP_LEVEL_NAME = _.error("E0101", "duplicate-top-level-name", "A top-level name is defined twice.")
DUPLICATE_FIELD = _.error("E0102", "duplicate-field", 'Field "…" is already defined on … "…".')
DUPLICATE_ENUM_VALUE = _.error("E0103", "duplicate-enum-value", 'Value "…" is already defined on enum "…".')
MULTIPLE_DATASOURCES = _.error(
    "E0104",
    "multiple-datasources",
    "You defined more than one datasource. This is not allowed: a schema has one datasource.",
)
DUPLICATE_CONFIG_PROPERTY = _.error("E0105", "duplicate-config-property", 'Key "…" is already defined in … "…".')
INVALID_NAME = _.error("E0106", "invalid-name", "Invalid name: it must start with a letter and contain no dash.")
RESERVED_NAME = _.error("E0107", "reserved-name", "The name is reserved.")
DUPLICATE_DATABASE_NAME = _.error(
    "E0108", "duplicate-database-name", "An enum with the same database name is already defined."
)
EMPTY_ENUM = _.error("E0109", "empty-enum", "An enum must have at least one value.")
UNKNOWN_TYPE = _.error(
    "E0201",
    "unknown-type",
    'Type "…" is neither a built-in type, nor refers to another model, composite type, or enum.',
)
COMPOSITE_TYPES_UNSUPPORTED = _.error(
    "E0202", "composite-types-unsupported", "Composite types are not supported on … (type `…`)."
)
UNKNOWN_ATTRIBUTE = _.error("E0301", "unknown-attribute", "Attribute not known.")
UNKNOWN_ARGUMENT = _.error("E0302", "unknown-argument", "An attribute is given an argument it does not take.")
MISSING_ARGUMENT = _.error("E0303", "missing-argument", "A required attribute argument is missing.")
INVALID_ARGUMENT = _.error("E0304", "invalid-argument", "An attribute argument has an invalid value.")
DUPLICATE_ATTRIBUTE = _.error("E0305", "duplicate-attribute", 'Attribute "@@…" can only be defined once.')
INVALID_DEFAULT = _.error("E0306", "invalid-default", "Invalid @default value.")
MULTIPLE_IDS = _.error(
    "E0307", "multiple-ids", "At most one field must be marked as the id field with the `@id` attribute."
)
OPTIONAL_ID = _.error("E0308", "optional-id", "Fields that are marked as id must be required.")
INVALID_UPDATED_AT = _.error(
    "E0309", "invalid-updated-at", "Fields that are marked with @updatedAt must be of type DateTime."
)
UNKNOWN_FIELD_REFERENCE = _.error("E0310", "unknown-field-reference", "An attribute refers to an unknown field.")
RELATION_FIELD_IN_INDEX = _.error(
    "E0311",
    "relation-field-in-index",
    "An index or key refers to relation fields; it must reference only scalar fields.",
)
DUPLICATE_ARGUMENT = _.error("E0312", "duplicate-argument", "Argument `…` is given more than once.")
DUPLICATE_CONSTRAINT_NAME = _.error(
    "E0313",
    "duplicate-constraint-name",
    "The given custom name `…` has to be unique on the model. Please provide a different name for the `name` argument.",
)
INVALID_ATTRIBUTE_TARGET = _.error(
    "E0315", "invalid-attribute-target", "The attribute is not valid on this kind of field."
)
UNKNOWN_DEFAULT_FUNCTION = _.error(
    "E0316", "unknown-default-function", "Unknown function in @default(): `…` is not known."
)
MISSING_OPPOSITE_RELATION = _.error(
    "E0401", "missing-opposite-relation", "A relation field is missing an opposite relation field on the other model."
)
AMBIGUOUS_RELATION = _.error(
    "E0402", "ambiguous-relation", 'Ambiguous relation: name the relations with @relation("...").'
)
RELATION_ARITY_MISMATCH = _.error(
    "E0403", "relation-arity-mismatch", "You must specify the same number of fields in `fields` and `references`."
)
RELATION_TYPE_MISMATCH = _.error(
    "E0404", "relation-type-mismatch", "The type of a referencing field does not match the referenced field."
)
RELATION_REFERENCES_NOT_UNIQUE = _.error(
    "E0405", "relation-references-not-unique", "The fields referenced by a relation must be unique (an @id or @unique)."
)
RELATION_UNKNOWN_FIELD = _.error(
    "E0406",
    "relation-unknown-field",
    "The argument fields must refer only to existing fields. The following fields do not exist in this model: …",
)
RELATION_FIELDS_NOT_SCALAR = _.error(
    "E0407",
    "relation-fields-not-scalar",
    "The argument fields must refer only to scalar fields. But it is referencing the following relation fields: …",
)
RELATION_FIELDS_PLACEMENT = _.error(
    "E0408",
    "relation-fields-placement",
    "A relation field is missing `fields` or `references`, or places them on the wrong side.",
)
RELATION_OPTIONALITY_MISMATCH = _.error(
    "E0409",
    "relation-optionality-mismatch",
    "A relation field must be optional when one of its scalar fields is optional.",
)
INVALID_REFERENTIAL_ACTION = _.error("E0410", "invalid-referential-action", "Invalid referential action: `…`")
MANY_TO_MANY_WITHOUT_ID = _.error(
    "E0411",
    "many-to-many-without-id",
    "An implicit many-to-many relation references a model without a single-field @id.",
)
MANY_TO_MANY_ON_VIEW = _.error(
    "E0412", "many-to-many-on-view", "Implicit many-to-many relations are not supported for views."
)
MISSING_PROVIDER = _.error("E0501", "missing-provider", 'The datasource "…" has no `provider` property.')
UNKNOWN_PROVIDER = _.error("E0502", "unknown-provider", 'Datasource provider not known: "…".')
PROVIDER_NOT_SUPPORTED = _.error("E0503", "provider-not-supported", 'The provider "…" is not supported by workbench.')
INVALID_CONFIG_VALUE = _.error(
    "E0504", "invalid-config-value", "A datasource or generator property has an invalid value."
)
UNREADABLE_SOURCE = _.error(
    "E0506",
    "unreadable-source",
    "A schema source cannot be read (missing file, folder without .prisma files, no schema given).",
)
PREVIEW_FEATURE_REQUIRED = _.error(
    "E0507",
    "preview-feature-required",
    "The feature needs a preview feature enabled in the generator (partial indexes...).",
)
INVALID_TEXT_ENCODING = _.error("E0508", "invalid-text-encoding", "A schema file is not valid UTF-8 text.")
UNKNOWN_PREVIEW_FEATURE = _.error(
    "E0509", "unknown-preview-feature", 'The preview feature "…" is not known. Expected one of: …'
)
NATIVE_TYPE_UNSUPPORTED = _.error("E0601", "native-type-unsupported", "Native type … is not supported for … connector.")
NATIVE_TYPE_ARITY = _.error("E0602", "native-type-arity", "Native type … takes …, but received ….")
NATIVE_TYPE_SCALAR_MISMATCH = _.error(
    "E0603",
    "native-type-scalar-mismatch",
    "Native type … is not compatible with declared field type …, expected field type ….",
)
SCALAR_LIST_UNSUPPORTED = _.error(
    "E0604", "scalar-list-unsupported", "The current connector does not support lists of primitive types."
)
FULLTEXT_UNSUPPORTED = _.error(
    "E0605", "fulltext-unsupported", "Fulltext indexes are not supported with the current connector."
)
NO_UNIQUE_CRITERIA = _.error(
    "E0606", "no-unique-criteria", "Each model must have at least one unique criteria that has only required fields."
)
CONNECTOR_OPTION_UNSUPPORTED = _.error(
    "E0607",
    "connector-option-unsupported",
    "The connector does not support this option (named primary key, index type, clustering...).",
)
SCHEMA_NOT_DECLARED = _.error(
    "E0608", "schema-not-declared", 'The schema "…" of … is not defined in the datasource `schemas`.'
)
AUTOINCREMENT_UNSUPPORTED = _.error(
    "E0610",
    "autoincrement-unsupported",
    "The `autoincrement()` default is not supported on this connector or field type.",
)
VIEW_PRIMARY_KEY = _.error("E0611", "view-primary-key", "Views cannot have primary keys.")
INVALID_NATIVE_TYPE_PREFIX = _.error(
    "E0612",
    "invalid-native-type-prefix",
    "The prefix … is invalid. It must be equal to the name of the datasource (`…`).",
)
CONSTRAINT_NAME_TOO_LONG = _.error(
    "E0613", "constraint-name-too-long", "A constraint name given in `map` is too long for the provider."
)
UNKNOWN_DATASOURCE_PROPERTY = _.warning("W0001", "unknown-datasource-property", 'Property not known: "…".')
SET_NULL_ON_REQUIRED_FIELDS = _.warning(
    "W0002",
    "set-null-on-required-fields",
    "`onDelete: SetNull` on a relation whose referencing field is required.",
)
DEPRECATED_PREVIEW_FEATURE = _.warning(
    "W0003", "deprecated-preview-feature", "A preview feature is deprecated or renamed."
)
IGNORED_INDEX_FIELD_ARGUMENT = _.warning(
    "W0302", "ignored-index-field-argument", "An index field argument has no effect: Prisma ignores it."
)
EMPTY_RELATION_ATTRIBUTE_REFORMATTED = _.warning(
    "W0901",
    "empty-relation-attribute-reformatted",
    "format: completing a relation field would make its line invalid, exactly as `prisma format` does.",
)

# code -> kebab-case name, for callers that check a code belongs to this area.
CODES: dict[str, str] = names(Area.PRISMA)
