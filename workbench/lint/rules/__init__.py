"""Rule families, one module each; every check is ``check(ctx: LintContext) -> None``."""

from workbench.lint.rules import audit, indexing, keys, naming, relations, types

FAMILY_CHECKS = (keys.check, audit.check, indexing.check, naming.check, types.check, relations.check)

__all__ = ["FAMILY_CHECKS"]
