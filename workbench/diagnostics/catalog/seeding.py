"""Codes of seeding (``E11xx``/``W11xx``/``I11xx``): the plan and the seed files.

Until #14 these were numbered in ``06xx``, the Prisma loader's range, and four of them collided
with loader codes (``E0602``, ``E0610``-``E0613``). They moved to ``11xx`` keeping their last two
digits, so ``E0612`` (wrong type in a seed file) is now ``E1112``; :data:`FORMERLY` records the map.
"""

from __future__ import annotations

from workbench.diagnostics.catalog.registry import Area, Section

_ = Section(Area.SEEDING)

ROWS_CAPPED = _.info(
    "I1101", "seed-rows-capped", "Fewer rows than asked: the keys cannot hold more (a warning when none are possible)."
)
CYCLE_NOT_BREAKABLE = _.error("E1102", "seed-cycle-not-breakable", "A foreign-key cycle without a nullable key.")
UNGENERATABLE_COLUMN = _.warning("W1103", "seed-ungeneratable-column", "A type we cannot generate: NULL when nullable.")
UNKNOWN_TABLE = _.warning("W1104", "seed-unknown-table", "rows={...} names a model or table the schema does not have.")
ROWS_REFUSED = _.error(
    "E1109", "seed-rows-refused", "--strict: fewer rows possible than asked; the run is refused, nothing written."
)
FILE_UNREADABLE = _.error("E1110", "seed-file-unreadable", "A seed file cannot be read or parsed.")
UNKNOWN_FIELD = _.error("E1111", "seed-unknown-field", "A seed row names a field the model does not have.")
WRONG_TYPE = _.error("E1112", "seed-wrong-type", "A seed value does not have the column's type.")
NULL_REQUIRED = _.error("E1113", "seed-null-required", "A seed value is null in a required column.")
OUT_OF_RANGE = _.error("E1114", "seed-out-of-range", "A seed value is out of the column's range.")
DUPLICATE_KEY = _.error("E1115", "seed-duplicate-key", "A seed value repeats a unique key.")
MISSING_PARENT = _.error("E1116", "seed-missing-parent", "A foreign key in a seed file matches no parent row.")
UNKNOWN_MODEL = _.error("E1117", "seed-unknown-model", "A seed file's name names no model.")
NOT_AN_ENUM_VALUE = _.error("E1118", "seed-not-an-enum-value", "A seed value is not a value of the column's enum.")
REQUIRED_UNSUPPORTED = _.error(
    "E1119", "seed-required-unsupported", "A required Unsupported(...) column without a default: rows cannot be made."
)
GENERATED_COLUMN = _.info("I1120", "seed-generated-column", "A column the database generates: left out of the load.")

# The codes these had before #14, for release notes and for users who filtered on the old ones.
FORMERLY: dict[str, str] = {
    ROWS_CAPPED: "I0601",
    CYCLE_NOT_BREAKABLE: "E0602",
    UNGENERATABLE_COLUMN: "W0603",
    UNKNOWN_TABLE: "W0604",
    ROWS_REFUSED: "E0609",
    FILE_UNREADABLE: "E0610",
    UNKNOWN_FIELD: "E0611",
    WRONG_TYPE: "E0612",
    NULL_REQUIRED: "E0613",
    OUT_OF_RANGE: "E0614",
    DUPLICATE_KEY: "E0615",
    MISSING_PARENT: "E0616",
    UNKNOWN_MODEL: "E0617",
    NOT_AN_ENUM_VALUE: "E0618",
    REQUIRED_UNSUPPORTED: "E0619",
    GENERATED_COLUMN: "I0620",
}
