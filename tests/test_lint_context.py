"""The lookups lint builds once per schema (``LintContext``): they must say exactly what a scan of
``schema.relations`` / every model's relation fields says, in the same order, so findings stay
identical while the rules become linear (issue 12, item 21)."""

from __future__ import annotations

from pathlib import Path

import pytest

import workbench as wb
from workbench.ir import RelationKind, Schema
from workbench.lint import LintConfig, lint
from workbench.lint.context import LintContext

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = [
    *sorted((ROOT / "sample_schemas").glob("*.prisma")),
    ROOT / "sample_schemas" / "multifile",
    *sorted((ROOT / "tests" / "data" / "lint").glob("*/bad.prisma")),
]

# self relations, a composite foreign key, an implicit m:n, two relations between one pair of
# models, and a model with no relation at all
TANGLED = """datasource db {
  provider = "postgresql"
}

model Employee {
  id        Int        @id @default(autoincrement())
  managerId Int?
  manager   Employee?  @relation("Reports", fields: [managerId], references: [id])
  reports   Employee[] @relation("Reports")
  teams     Team[]
  written   Doc[]      @relation("author")
  reviewed  Doc[]      @relation("reviewer")
}

model Team {
  id      Int        @id
  members Employee[]
  slots   Slot[]
}

model Doc {
  id         Int      @id
  authorId   Int
  reviewerId Int
  author     Employee @relation("author", fields: [authorId], references: [id])
  reviewer   Employee @relation("reviewer", fields: [reviewerId], references: [id])
}

model Slot {
  teamId Int
  day    Int
  team   Team  @relation(fields: [teamId], references: [id])
  uses   Use[]

  @@id([teamId, day])
}

model Use {
  id     Int  @id
  teamId Int
  day    Int
  slot   Slot @relation(fields: [teamId, day], references: [teamId, day])
}

model Lonely {
  id Int @id
}
"""


def _loaded(path: Path | None):  # type: ignore[no-untyped-def]
    s = wb.load(path) if path is not None else wb.load(text=TANGLED, name="tangled.prisma")
    assert s.ok, [d.headline() for d in s.errors]
    return s


def _scan(schema: Schema):  # type: ignore[no-untyped-def]
    """The lookups the slow way: one scan of the whole schema per model."""
    outgoing, incoming, pointing = {}, {}, {}
    for m in schema.models:
        outgoing[m.name] = tuple(
            r
            for r in schema.relations
            if r.kind is not RelationKind.MANY_TO_MANY and r.referencing.model == m.name and r.fields
        )
        incoming[m.name] = tuple(r for r in schema.relations if r.referenced.model == m.name and r.fields)
        pointing[m.name] = tuple(r for other in schema.models for r in other.relation_fields if r.target == m.name)
    return outgoing, incoming, pointing


@pytest.mark.parametrize("path", [*SCHEMAS, None], ids=lambda p: p.parent.name + "/" + p.name if p else "tangled")
def test_lookups_equal_a_full_scan(path: Path | None) -> None:
    s = _loaded(path)
    ctx = LintContext(s.schema, "postgres", LintConfig(), s.sources)
    outgoing, incoming, pointing = _scan(s.schema)
    for m in s.schema.models:
        assert ctx.foreign_keys_of(m.name) == outgoing[m.name], m.name
        assert ctx.references_to(m.name) == incoming[m.name], m.name
        assert ctx.relation_fields_to(m.name) == pointing[m.name], m.name


def test_tangled_schema_lookups_are_not_trivial() -> None:
    """The hand-made schema really exercises self, composite, m:n and parallel relations."""
    s = _loaded(None)
    ctx = LintContext(s.schema, "postgres", LintConfig(), s.sources)
    assert [r.fields for r in ctx.foreign_keys_of("Use")] == [("teamId", "day")]
    assert [r.referencing.model for r in ctx.references_to("Employee")] == ["Employee", "Doc", "Doc"]
    assert ctx.foreign_keys_of("Team") == () and ctx.references_to("Lonely") == ()
    pointing = sorted(f.name for f in ctx.relation_fields_to("Employee"))
    assert pointing == ["author", "manager", "members", "reports", "reviewer"]
    report = lint(s.schema, sources=s.sources, config=LintConfig(select=("WB301", "WB104")))
    assert sorted((f.code, f.target) for f in report) == [
        ("WB301", "Doc.authorId"),
        ("WB301", "Doc.reviewerId"),
        ("WB301", "Employee.managerId"),
        ("WB301", "Use"),
    ]


def test_model_block_skips_braces_in_strings_and_comments() -> None:
    text = (
        'datasource db {\n  provider = "postgresql"\n}\n\n'
        "model Note {\n"
        "  id    String @id @default(uuid())\n"
        '  body  String @default("} not the end // either")\n'
        "  // a comment with } in it\n"
        '  tag   String @default("\\"}")\n'
        "}\n"
    )
    s = wb.load(text=text, name="note.prisma")
    assert s.ok, [d.headline() for d in s.errors]
    ctx = LintContext(s.schema, "postgres", LintConfig(), s.sources)
    model = s.schema.model("Note")
    assert model is not None
    block = ctx._block(model)
    assert block is not None
    _, _, close = block
    assert close == text.rindex("}")
    fixed = lint(s.schema, sources=s.sources, config=LintConfig(select=("WB201",))).fixed_sources(unsafe=True)
    assert 'tag   String @default("\\"}")\n  createdAt DateTime @default(now())' in fixed["note.prisma"]
