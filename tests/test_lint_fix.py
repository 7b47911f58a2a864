"""``lint --fix`` is safe by default (issue 12, item 20).

Ruff's model: every fix declares its applicability; ``--fix`` applies the safe ones (no data loss,
no breaking change for clients), ``--unsafe-fixes`` the others, display-only fixes never; every
applied fix is listed; ``--diff`` previews; the result is re-checked before it is written, and
written all or nothing. The classification is tested against what each fix really does to the
database view (PostgreSQL DDL model) and the client view of the schema.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import workbench as wb
from workbench.cli.main import main_lint
from workbench.lint import RULES, Applicability, LintConfig, lint
from workbench.lint.findings import Edit, Finding, Fix
from workbench.lint.fixer import FixWriteError, fix_sources, write_fixed
from workbench.notebook import studio_core

CASES = Path(__file__).resolve().parent / "data" / "lint"
S, U, D = Applicability.SAFE, Applicability.UNSAFE, Applicability.DISPLAY_ONLY

# The decision, rule by rule (see the policy in workbench/lint/__init__.py); None = advice only.
EXPECTED = {
    "WB101": U, "WB102": U, "WB103": U, "WB104": U,
    "WB201": U, "WB202": S, "WB203": S,
    "WB301": S, "WB302": U, "WB303": U, "WB304": None,
    "WB401": U, "WB402": U, "WB403": U, "WB404": U, "WB405": U, "WB406": U,
    "WB501": U, "WB502": U, "WB503": None, "WB504": None,
    "WB601": U, "WB602": U, "WB603": None,
}  # fmt: skip

# The repro: the old `--fix` turned these Int ids (and their foreign keys) into String,
# added @@map to User and Tags, made Post.author required and dropped @@index([authorId]).
REPRO = """datasource db {
  provider = "postgresql"
}

model User {
  id        Int      @id @default(autoincrement())
  email     String   @unique
  posts     Post[]
  createdAt DateTime @default(now())
  updatedAt DateTime
}

model Post {
  id        Int      @id @default(autoincrement())
  title     String
  authorId  Int
  author    User?    @relation(fields: [authorId], references: [id])
  createdAt DateTime
  updatedAt DateTime @updatedAt
  tags      Tags[]

  @@index([authorId])
  @@index([authorId, title])
}

model Tags {
  id        Int      @id @default(autoincrement())
  name      String
  postId    Int
  post      Post     @relation(fields: [postId], references: [id])
  createdAt DateTime @default(now())
  updatedAt DateTime @updatedAt
}
"""


# --- the classification --------------------------------------------------------------------------


def test_every_rule_declares_its_fix() -> None:
    assert {r.code: r.fix for r in RULES} == EXPECTED


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_findings_carry_the_rule_applicability(code: str) -> None:
    s = wb.load(CASES / code / "bad.prisma")
    report = lint(s.schema, sources=s.sources, config=LintConfig(select=(code,)))
    assert list(report)
    assert {f.fix.applicability if f.fix else None for f in report} == {EXPECTED[code]}
    for f in report:
        data = f.to_json()["fix"]
        assert (data["applicability"] if data else None) == (EXPECTED[code].value if EXPECTED[code] else None)


def _contract(s: Any) -> dict[str, Any]:
    """What clients and data depend on: the PostgreSQL tables and the client's models."""
    db = s.to_database("postgres")
    return {
        "columns": {t.name: [(c.name, c.type, c.nullable) for c in t.columns] for t in db.tables},
        "primary keys": {t.name: t.primary_key.columns if t.primary_key else None for t in db.tables},
        "foreign keys": sorted(
            (t.name, fk.columns, fk.ref_table, fk.ref_columns, fk.on_delete, fk.on_update)
            for t in db.tables
            for fk in t.foreign_keys
        ),
        "client": {
            m.name: [
                (f.name, getattr(f, "type_name", None) or getattr(f, "target", None), f.list, f.optional)
                for f in m.fields
            ]
            for m in s.schema.models
        },
    }


def _indexes(s: Any) -> set[tuple[object, ...]]:
    db = s.to_database("postgres")
    return {
        (t.name, tuple(c.name for c in i.columns), i.unique, i.method, i.where) for t in db.tables for i in t.indexes
    }


def _defaults(s: Any) -> dict[tuple[str, str], str | None]:
    return {(t.name, c.name): c.default for t in s.to_database("postgres").tables for c in t.columns}


def _preserves(before: Any, after: Any) -> bool:
    """Nothing lost, nothing renamed or retyped; only indexes and defaults may be added."""
    if _contract(before) != _contract(after) or not _indexes(before) <= _indexes(after):
        return False
    new = _defaults(after)
    return all(d is None or new.get(k) == d for k, d in _defaults(before).items())


def _fixed(code: str) -> tuple[Any, Any]:
    """The rule's bad case before and after all of its fixes (whatever their applicability)."""
    path = CASES / code / "bad.prisma"
    before = wb.load(path)
    outcome = fix_sources(before.schema, before.sources, config=LintConfig(select=(code,)), unsafe=True)
    assert outcome.applied and not outcome.withheld
    after = wb.load(text=outcome.fixed[str(path)], name=str(path))
    assert after.ok
    return before, after


@pytest.mark.parametrize("code", sorted(c for c, a in EXPECTED.items() if a is S))
def test_safe_fixes_lose_nothing_and_break_no_client(code: str) -> None:
    before, after = _fixed(code)
    assert _preserves(before, after)
    assert before.to_prisma() != after.to_prisma()  # and they do change something


@pytest.mark.parametrize("code", sorted(c for c, a in EXPECTED.items() if a is U))
def test_unsafe_fixes_change_the_database_or_the_client(code: str) -> None:
    before, after = _fixed(code)
    assert not _preserves(before, after)


# --- the command line ----------------------------------------------------------------------------


@pytest.fixture
def repro(tmp_path: Path) -> Path:
    path = tmp_path / "schema.prisma"
    path.write_text(REPRO)
    return path


def test_fix_alone_keeps_the_database_and_lists_what_it_did(repro: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main_lint([str(repro), "--fix"]) == 0
    out = capsys.readouterr().out
    text = repro.read_text()
    # none of what the old --fix did
    assert text.count("Int      @id @default(autoincrement())") == 3
    assert "authorId  Int\n" in text and "postId    Int\n" in text
    assert "@@map" not in text
    assert "author    User?" in text
    assert "@@index([authorId])\n" in text
    # the safe fixes, each listed
    assert "updatedAt DateTime @updatedAt\n}" in text  # User.updatedAt
    assert "createdAt DateTime @default(now())\n  updatedAt DateTime @updatedAt\n  tags" in text  # Post.createdAt
    assert "@@index([postId])" in text  # Tags.postId
    fixed = [line for line in out.splitlines() if line.startswith("fixed ")]
    assert fixed == [
        f"fixed {repro}:10:3 WB202 add @updatedAt",
        f"fixed {repro}:18:3 WB203 add @default(now())",
        f"fixed {repro}:30:3 WB301 index the foreign key",
    ]
    summary = out.rstrip().splitlines()[-1]
    assert (
        summary
        == "lint: applied 3 fixes; 0 errors, 6 warnings, 1 hints remain; 7 more fixes available with --unsafe-fixes"
    )
    assert "unsafe fix (--unsafe-fixes): make the relation required" in out  # what remains says how
    assert wb.load(repro).ok


def test_unsafe_fixes_only_when_asked(repro: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main_lint([str(repro), "--fix", "--unsafe-fixes"]) == 0
    out = capsys.readouterr().out
    text = repro.read_text()
    assert "Int      @id" not in text and text.count("String   @id @default(uuid())") == 3
    assert '@@map("app_user")' in text and '@@map("tag")' in text
    assert "author    User     @relation" in text
    assert "@@index([authorId])\n" not in text
    assert len([line for line in out.splitlines() if line.startswith("fixed ")]) == 10
    assert out.rstrip().endswith("lint: applied 10 fixes; no findings remain")


def test_diff_previews_and_writes_nothing(repro: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main_lint([str(repro), "--diff"]) == 1  # there is something to fix
    captured = capsys.readouterr()
    assert repro.read_text() == REPRO
    diff = captured.out
    assert diff.startswith(f"--- {repro}\n+++ {repro}\n@@ ")
    assert "-  updatedAt DateTime\n+  updatedAt DateTime @updatedAt\n" in diff
    assert "+  @@index([postId])\n" in diff
    assert "String" not in "".join(line for line in diff.splitlines() if line.startswith("+"))
    assert captured.err.strip() == "lint: would apply 3 fixes; 7 more fixes available with --unsafe-fixes"
    assert main_lint([str(repro), "--diff", "--unsafe-fixes"]) == 1
    assert "+  id        String   @id @default(uuid())" in capsys.readouterr().out
    assert repro.read_text() == REPRO
    # nothing left to fix: no diff, exit 0 (warnings do not fail)
    assert main_lint([str(repro), "--fix"]) == 0
    capsys.readouterr()
    assert main_lint([str(repro), "--diff"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith("lint: would apply 0 fixes")


def test_json_carries_applicability_and_what_was_applied(repro: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main_lint([str(repro), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["fixable"] == {"safe": 3, "unsafe": 7, "display-only": 0}
    by_code = {f["code"]: f["fix"]["applicability"] for f in data["findings"] if f["fix"]}
    assert by_code["WB202"] == "safe" and by_code["WB102"] == "unsafe" and by_code["WB602"] == "unsafe"
    assert main_lint([str(repro), "--fix", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(a["code"], a["applicability"]) for a in data["applied"]] == [
        ("WB202", "safe"),
        ("WB203", "safe"),
        ("WB301", "safe"),
    ]
    assert data["written"] == [str(repro)] and data["withheld"] == []
    assert data["fixable"]["safe"] == 0 and data["fixable"]["unsafe"] == 7


def test_exit_codes_and_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "broken.prisma"
    bad.write_text("model A {\n  id Int @id\n  b Nope\n}\n")
    assert main_lint([str(bad), "--fix"]) == 1  # does not load: nothing touched
    assert bad.read_text() == "model A {\n  id Int @id\n  b Nope\n}\n"
    assert "error[" in capsys.readouterr().err
    assert main_lint([str(bad), "--diff", "--json"]) == 2
    assert capsys.readouterr().err.strip() == "error: --diff and --json cannot be combined (the diff is text)"
    nokey = tmp_path / "nokey.prisma"
    nokey.write_text('datasource db {\n  provider = "postgresql"\n}\n\nmodel Setting {\n  key String @unique\n}\n')
    assert main_lint([str(nokey), "--fix"]) == 1  # WB101 is an error and its fix is unsafe
    assert main_lint([str(nokey), "--fix", "--unsafe-fixes"]) == 0
    # the real command, as a user runs it
    proc = subprocess.run(
        [sys.executable, "-m", "workbench", "lint", str(nokey), "--diff", "--unsafe-fixes"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0 and proc.stdout == "" and "Traceback" not in proc.stderr


# --- display-only fixes and the re-check ---------------------------------------------------------


def test_a_fix_whose_name_is_taken_is_display_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "schema.prisma"
    text = REPRO.replace("model Tags {", 'model AppUser {\n  id String @id\n\n  @@map("app_user")\n}\n\nmodel Tags {')
    path.write_text(text)
    s = wb.load(path)
    assert s.ok
    report = lint(s.schema, sources=s.sources, config=LintConfig(select=("WB405",)))
    (finding,) = report.by_code("WB405")
    assert finding.fix is not None and finding.fix.applicability is D
    assert "suggested fix (not applied automatically): map the table to a non-reserved name" in report.text()
    assert main_lint([str(path), "--select", "WB405", "--fix", "--unsafe-fixes"]) == 0
    assert path.read_text() == text
    assert "1 suggested fix to apply by hand" in capsys.readouterr().out


def test_key_change_that_cannot_reach_every_foreign_key_is_display_only() -> None:
    text = REPRO.replace("  postId    Int\n", "  postId    Int @db.Integer\n")
    s = wb.load(text=text, name="schema.prisma")
    assert s.ok
    report = lint(s.schema, sources=s.sources, config=LintConfig(select=("WB102",)))
    kinds = {f.model: f.fix.applicability for f in report if f.fix}
    assert kinds == {"User": U, "Post": D, "Tags": U}
    outcome = fix_sources(s.schema, s.sources, config=LintConfig(select=("WB102",)), unsafe=True)
    assert [f.model for f in outcome.applied] == ["User", "Tags"] and not outcome.withheld
    assert wb.load(text=outcome.fixed["schema.prisma"], name="schema.prisma").ok


def _broken_rule(ctx: Any) -> None:
    """A rule with a bug: its "safe" fix writes a field the loader rejects."""
    for m in ctx.schema.models:
        edit = ctx.insert_fields(m, ["oops Nope"])
        fix = Fix("break it", (edit,))
        ctx.report("WB504", f"buggy rule on {m.name}", m.origin, model=m, help="-", fix=fix, applicability=S)


def test_a_fix_that_would_not_load_is_withheld(
    repro: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import workbench.lint.rules as rules

    monkeypatch.setattr(rules, "FAMILY_CHECKS", (*rules.FAMILY_CHECKS, _broken_rule))
    assert main_lint([str(repro), "--fix"]) == 1
    captured = capsys.readouterr()
    text = repro.read_text()
    assert "oops" not in text and wb.load(repro).ok
    assert "@@index([postId])" in text  # the good fixes of the same round still land
    assert captured.err.startswith("error: lint --fix: 3 fixes not applied: the schema would not load (")
    assert "Nope" in captured.err and "Traceback" not in captured.err


def test_bisection_keeps_the_good_fixes() -> None:
    s = wb.load(text=REPRO, name="schema.prisma")
    src = s.sources["schema.prisma"]
    report = lint(s.schema, sources=s.sources, config=LintConfig(select=("WB202", "WB203", "WB301")))
    good = list(report)
    at = src.text.index("model Tags")
    bad = Finding(
        report.findings[0].diagnostic,
        "broken",
        "Tags",
        None,
        Fix("garbage", (Edit("schema.prisma", at, at, "}}}\n"),), S),
    )
    from workbench.lint.fixer import _Trial

    trial = _Trial({"schema.prisma": src.text})
    applied, withheld = trial.largest_loadable([*good[:2], bad, *good[2:]])
    assert applied == good and withheld == [bad]
    assert trial.best is not None and trial.best[1].ok and trial.errors


# --- writing -------------------------------------------------------------------------------------


def test_a_file_changed_meanwhile_is_not_overwritten(repro: Path) -> None:
    s = wb.load(repro)
    outcome = fix_sources(s.schema, s.sources)
    repro.write_text(REPRO + "\n// edited in the editor\n")
    with pytest.raises(FixWriteError, match="changed on disk"):
        write_fixed(outcome)
    assert repro.read_text().endswith("// edited in the editor\n")


def test_line_endings_are_kept(tmp_path: Path) -> None:
    """(A byte-order mark is not kept or dropped here: Prisma rejects line 1 of such a file, so does the loader.)"""
    path = tmp_path / "schema.prisma"
    path.write_bytes(REPRO.replace("\n", "\r\n").encode())
    s = wb.load(path)
    assert s.ok
    write_fixed(fix_sources(s.schema, s.sources))
    raw = path.read_bytes()
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    assert b"updatedAt DateTime @updatedAt\r\n}" in raw


def test_multifile_write_is_all_or_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "schema"
    folder.mkdir()
    head, user, post = (
        REPRO.split("\nmodel ")[0],
        "model " + REPRO.split("\nmodel ")[1],
        "\nmodel ".join(["model " + REPRO.split("\nmodel ")[2], *REPRO.split("\nmodel ")[3:]]),
    )
    (folder / "a.prisma").write_text(head + "\n" + user)
    (folder / "b.prisma").write_text(post)
    before = {p.name: p.read_text() for p in folder.iterdir()}
    s = wb.load(folder)
    assert s.ok
    outcome = fix_sources(s.schema, s.sources)
    assert sorted(Path(p).name for p in outcome.fixed) == ["a.prisma", "b.prisma"]

    import workbench.fsio as fsio

    real, calls = fsio.write_atomic, []

    def failing_second_write(target: Any, data: Any) -> Path:
        calls.append(target)
        if len(calls) == 2:
            raise OSError(28, "No space left on device", str(target))
        return real(target, data)

    monkeypatch.setattr(fsio, "write_atomic", failing_second_write)
    with pytest.raises(FixWriteError, match="No space left on device; nothing written"):
        write_fixed(outcome)
    assert {p.name: p.read_text() for p in folder.iterdir()} == before  # the first file was put back
    monkeypatch.setattr(fsio, "write_atomic", real)
    assert sorted(Path(p).name for p in write_fixed(outcome)) == ["a.prisma", "b.prisma"]
    assert wb.load(folder).ok


# --- displays ------------------------------------------------------------------------------------


def test_notebook_report_and_studio_buttons_show_applicability(repro: Path) -> None:
    s = wb.load(repro)
    report = s.lint()
    page = report._repr_mimebundle_()["text/html"]
    assert "<th>fix</th>" in page
    assert page.count(">safe fix</span>") == 3 and page.count(">unsafe fix</span>") == 7
    assert 'title="index the foreign key"' in page
    text = report.text()
    assert "= note: safe fix: add @updatedAt" in text
    assert text.rstrip().endswith("3 fixable with --fix, 7 more with --fix --unsafe-fixes")
    safe = report.by_code("WB301")[0].fix
    unsafe = report.by_code("WB102")[0].fix
    assert studio_core.fix_button(safe) == ("apply fix", "", "safe fix: index the foreign key")
    desc, style, tip = studio_core.fix_button(unsafe)  # type: ignore[misc]
    assert desc == "apply unsafe fix" and style == "warning" and tip.startswith("unsafe fix (changes the database")
    assert studio_core.fix_button(Fix("x", (), D)) is None


def test_fixed_sources_is_safe_by_default(repro: Path) -> None:
    s = wb.load(repro)
    report = s.lint()
    safe = report.fixed_sources()[str(repro)]
    everything = report.fixed_sources(unsafe=True)[str(repro)]
    assert "@@map" not in safe and "Int      @id" in safe and "@@index([postId])" in safe
    assert '@@map("tag")' in everything and "id String @id @default(uuid())" in everything  # one round, unformatted


# --- --diff on big schemas -----------------------------------------------------------------------


def test_diff_is_difflib_format_and_git_applies_it_on_a_big_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """difflib took minutes on a 5,000-model schema (thousands of equal lines); the anchored diff
    gives difflib's own output on small files and a patch git applies on big ones."""
    import difflib
    import shutil

    from workbench.lint.textdiff import unified_diff

    before = REPRO.splitlines(keepends=True)
    after = REPRO.replace("  updatedAt DateTime\n}", "  updatedAt DateTime @updatedAt\n}").splitlines(keepends=True)
    assert "".join(unified_diff(before, after, "a", "b")) == "".join(difflib.unified_diff(before, after, "a", "b"))
    assert list(unified_diff(before, before, "a", "b")) == []

    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from bench_check import builtin_schema  # the benchmarks' big-schema generator

    path = tmp_path / "schema.prisma"
    path.write_text(builtin_schema(600))
    s = wb.load(path)
    outcome = fix_sources(s.schema, s.sources, unsafe=True)
    fixed = outcome.fixed[str(path)]
    assert len(outcome.applied) > 1500
    old, new = s.sources[str(path)].text.splitlines(keepends=True), fixed.splitlines(keepends=True)
    (tmp_path / "fix.diff").write_text("".join(unified_diff(old, new, "a/schema.prisma", "b/schema.prisma")))
    git = shutil.which("git")
    assert git is not None, "git is needed to check the patch with its real consumer"
    subprocess.run([git, "apply", "fix.diff"], cwd=tmp_path, check=True, timeout=60)
    assert path.read_text() == fixed


# --- WB201: the audit fields a fix adds follow the schema's convention, not the model's --------

# `product` has only one-word fields; the rest of each shop below names the schema's convention.
_PRODUCT = """datasource db {
  provider = "postgresql"
}

model product {
  id    Int    @id @default(autoincrement())
  title String
}
"""

# Notebook 05's shop as SQL DDL converts it: snake_case fields.
SNAKE_SHOP = (
    _PRODUCT
    + """
model customer {
  id         Int        @id @default(autoincrement())
  created_at DateTime   @default(now())
  purchase   purchase[]
}

model purchase {
  id          Int      @id @default(autoincrement())
  customer_id Int
  placed_at   DateTime @default(now())
  customer    customer @relation(fields: [customer_id], references: [id])
}
"""
)

# The same shop after the naming fixes: camelCase fields, @map to the snake_case columns.
MAPPED_SHOP = (
    _PRODUCT
    + """
model customer {
  id        Int        @id @default(autoincrement())
  createdAt DateTime   @default(now()) @map("created_at")
  purchase  purchase[]
}

model purchase {
  id         Int      @id @default(autoincrement())
  customerId Int      @map("customer_id")
  placedAt   DateTime @default(now()) @map("placed_at")
  customer   customer @relation(fields: [customerId], references: [id])
}
"""
)


def _audit_fixed(text: str) -> tuple[str, str]:
    """The WB201-fixed text and the PostgreSQL DDL of what it loads to."""
    s = wb.load(text=text, name="shop.prisma")
    assert s.ok, [d.headline() for d in s.errors]
    fixed = fix_sources(s.schema, s.sources, config=LintConfig(select=("WB201",)), unsafe=True).fixed["shop.prisma"]
    after = wb.load(text=fixed, name="shop.prisma")
    assert after.ok, [d.headline() for d in after.errors]
    return fixed, str(after.to_sql())


def _datetime_lines(text: str) -> list[str]:
    """Every DateTime field line, spaces collapsed (the fix aligns the model's columns)."""
    return [" ".join(line.split()) for line in text.splitlines() if " DateTime " in line]


def _table(ddl: str, name: str) -> str:
    start = ddl.index(f'CREATE TABLE "{name}"')
    return ddl[start : ddl.index(");", start)]


def test_audit_fields_follow_the_schemas_snake_case_even_in_a_one_word_model() -> None:
    fixed, ddl = _audit_fixed(SNAKE_SHOP)
    assert _datetime_lines(fixed) == [
        "created_at DateTime @default(now())",  # product: no multi-word field of its own
        "updated_at DateTime @updatedAt",
        "created_at DateTime @default(now())",  # customer's own
        "updated_at DateTime @updatedAt",
        "placed_at DateTime @default(now())",  # purchase's own
        "created_at DateTime @default(now())",
        "updated_at DateTime @updatedAt",
    ]
    for table in ("customer", "product", "purchase"):
        columns = _table(ddl, table)
        assert '"created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP' in columns, table
        assert '"updated_at" TIMESTAMP(3) NOT NULL' in columns, table
    report = lint(wb.load(text=SNAKE_SHOP, name="shop.prisma").schema, config=LintConfig(select=("WB201",)))
    product = next(f for f in report if f.model == "product")
    assert product.message == "model `product` has no `created_at` and `updated_at`"


def test_audit_fields_are_mapped_when_the_columns_are_snake_case_and_the_fields_camel_case() -> None:
    fixed, ddl = _audit_fixed(MAPPED_SHOP)
    assert _datetime_lines(fixed) == [
        'createdAt DateTime @default(now()) @map("created_at")',  # product
        'updatedAt DateTime @updatedAt @map("updated_at")',
        'createdAt DateTime @default(now()) @map("created_at")',  # customer's own
        'updatedAt DateTime @updatedAt @map("updated_at")',
        'placedAt DateTime @default(now()) @map("placed_at")',
        'createdAt DateTime @default(now()) @map("created_at")',
        'updatedAt DateTime @updatedAt @map("updated_at")',
    ]
    for table in ("customer", "product", "purchase"):
        assert '"updated_at" TIMESTAMP(3) NOT NULL' in _table(ddl, table), table
    assert '"createdAt"' not in ddl and '"updatedAt"' not in ddl


def test_audit_fields_are_camel_case_without_map_in_a_camel_case_schema() -> None:
    camel = re.sub(r' @map\("\w+"\)', "", MAPPED_SHOP)  # Prisma's own style: no @map at all
    fixed, ddl = _audit_fixed(camel)
    assert _datetime_lines(fixed)[:2] == ["createdAt DateTime @default(now())", "updatedAt DateTime @updatedAt"]
    assert "@map" not in fixed and "created_at" not in ddl


def test_schema_convention_counts_only_multi_word_names_and_defaults_to_camel_case() -> None:
    from workbench.lint.conventions import dominant, spelling

    assert [spelling(n) for n in ("id", "title", "created_at", "createdAt", "Foo_Bar", "ID")] == [
        None, None, "snake_case", "camelCase", None, None,
    ]  # fmt: skip
    assert dominant(["id", "sku", "title"], "camelCase") == "camelCase"  # nothing to go by
    assert dominant(["a_b", "cD"], "camelCase") == "camelCase"  # a tie is Prisma's convention
    assert dominant(["id", "a_b", "c_d", "eF"], "camelCase") == "snake_case"
