"""Lint configuration, inline suppression, report outputs (JSON, HTML, highlight) and the CLI."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

import workbench as wb
from workbench.cli.main import main_lint
from workbench.diagnostics import Severity, UserError
from workbench.lint import RULES, LintConfig, find_config, lint
from workbench.lint.registry import resolve

FLAWED = """datasource db {
  provider = "postgresql"
}

model Customer {
  id      Int     @id @default(autoincrement())
  email   String  @unique
  balance Float
  orders  Order[]
}

/// lint-ignore: WB201, reserved-word
model Order {
  id         String   @id @default(uuid())
  customer   Customer @relation(fields: [customerId], references: [id])
  customerId Int
}
"""


def _load(text: str = FLAWED):  # type: ignore[no-untyped-def]
    s = wb.load(text=text, name="flawed.prisma")
    assert s.ok
    return s


def test_registry_is_well_formed() -> None:
    codes = [r.code for r in RULES]
    assert codes == sorted(codes) and len(set(codes)) == len(codes)
    for r in RULES:
        assert r.name == r.name.lower() and " " not in r.name and r.rationale.endswith(".")
    assert [r.code for r in resolve("indexing")] == ["WB301", "WB302", "WB303", "WB304"]
    assert [r.code for r in resolve("WB2")] == ["WB201", "WB202", "WB203"]
    assert resolve("float-money")[0].code == "WB501"


def test_findings_suppression_and_locations() -> None:
    s = _load()
    report = lint(s.schema, sources=s.sources)
    got = {(f.line, f.code) for f in report}
    assert (6, "WB102") in got and (8, "WB501") in got and (5, "WB201") in got
    # the doc comment on Order silences WB201 and WB405 there, nothing else
    assert not any(f.model == "Order" and f.code in ("WB201", "WB405") for f in report)
    assert any(f.model == "Order" and f.code == "WB301" for f in report)
    assert report.ok  # only warnings
    assert "lint:" in repr(report)


def test_config_select_ignore_severity() -> None:
    s = _load()
    only = lint(s.schema, config=LintConfig(select=("types",)))
    assert {f.code for f in only} == {"WB501"}
    cfg = LintConfig(ignore=("WB102",), severity=(("WB501", "error"), ("audit", "off")))
    report = lint(s.schema, config=cfg)
    assert "WB102" not in report.codes() and "WB201" not in report.codes()
    assert [f.severity for f in report.by_code("WB501")] == [Severity.ERROR]
    assert not report.ok
    with pytest.raises(UserError):
        LintConfig(select=("WB999",))
    with pytest.raises(UserError):
        LintConfig(pk_policy="serial")


def test_pk_policy_autoincrement() -> None:
    s = _load()
    report = lint(s.schema, config=LintConfig(pk_policy="autoincrement", select=("WB102",)))
    assert [f.model for f in report] == ["Order"]


def test_config_files(tmp_path: Path) -> None:
    schema = tmp_path / "db" / "schema.prisma"
    schema.parent.mkdir()
    schema.write_text(FLAWED)
    assert find_config(schema) == LintConfig()
    (tmp_path / "pyproject.toml").write_text('[tool.workbench.lint]\nignore = ["WB1"]\nnaming = "camelCase"\n')
    cfg = find_config(schema)
    assert cfg.ignore == ("WB1",) and cfg.naming == "camelCase" and cfg.path == str(tmp_path / "pyproject.toml")
    (schema.parent / "workbench-lint.toml").write_text('select = ["WB501"]\nmax_indexes = 3\n')
    cfg = find_config(schema)
    assert cfg.select == ("WB501",) and cfg.max_indexes == 3
    (schema.parent / "workbench-lint.toml").write_text("bogus = 1\n")
    with pytest.raises(UserError):
        find_config(schema)


def test_json_html_and_highlight() -> None:
    s = _load()
    report = lint(s.schema, sources=s.sources)
    data = json.loads(json.dumps(report.to_json()))
    assert data["summary"]["warning"] == len(report.warnings)
    first = data["findings"][0]
    assert {"code", "severity", "message", "span", "help", "rule", "fix"} <= set(first)
    html = report._repr_mimebundle_()["text/html"]
    assert "WB501 float-money" in html and "flawed.prisma:8:3" in html
    hl = report.highlight()
    assert hl["lint errors"] == [] and "Customer.balance" in hl["lint warnings"]
    erd = s.erd(highlight=hl)
    assert erd.content.problems == ()  # every highlighted name is a table or column of the diagram
    assert "lint warnings" in erd.mermaid() or "lint warnings" in str(erd.dot())


def test_fix_all_rounds_reach_clean() -> None:
    s = _load()
    text = FLAWED
    for _ in range(5):
        report = lint(s.schema, sources=s.sources)
        fixed = report.fixed_sources(format=True, unsafe=True)
        if not fixed:
            break
        text = fixed["flawed.prisma"]
        s = _load(text)
    remaining = lint(s.schema, sources=s.sources)
    assert all(f.fix is None for f in remaining), remaining.text()
    assert re.search(r"balance\s+Decimal\s+@db.Decimal\(12, 2\)", text)


def test_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    schema = tmp_path / "schema.prisma"
    schema.write_text(
        'datasource db {\n  provider = "postgresql"\n}\n\nmodel Setting {\n  key   String @unique\n  value String\n}\n'
    )
    assert main_lint([str(schema)]) == 1  # WB101: Customer has no primary key
    out = capsys.readouterr().out
    assert "error[WB101]" in out
    assert main_lint([str(schema), "--ignore", "WB101", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["summary"]["error"] == 0
    before = schema.read_text()
    assert main_lint([str(schema), "--fix"]) == 1  # adding a primary key column is unsafe: not applied
    assert schema.read_text() == before
    assert "2 more fixes available with --unsafe-fixes" in capsys.readouterr().out
    assert main_lint([str(schema), "--fix", "--unsafe-fixes"]) == 0
    assert "@id @default(uuid())" in schema.read_text()
    capsys.readouterr()


def test_cli_fix_multifile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Fixes land in the file of a multi-file schema that holds the model."""
    root = Path(__file__).resolve().parent.parent / "sample_schemas" / "multifile"
    target = tmp_path / "multifile"
    shutil.copytree(root, target)
    before = {p.relative_to(target): p.read_text() for p in target.rglob("*.prisma")}
    assert main_lint([str(target), "--select", "WB201"]) == 0
    assert "WB201" in capsys.readouterr().out
    assert main_lint([str(target), "--select", "WB201", "--fix"]) == 0  # new columns: unsafe
    assert "lint: applied 0 fixes; 0 errors, 1 warnings, 0 hints remain" in capsys.readouterr().out
    assert {p.relative_to(target): p.read_text() for p in target.rglob("*.prisma")} == before
    assert main_lint([str(target), "--select", "WB201", "--fix", "--unsafe-fixes"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"fixed {target}/models/post.prisma:") and "WB201 add audit fields" in out
    assert out.rstrip().endswith("lint: applied 1 fix; no findings remain")
    after = {p.relative_to(target): p.read_text() for p in target.rglob("*.prisma")}
    changed = sorted(str(p) for p in after if after[p] != before[p])
    assert changed == ["models/post.prisma"]
    assert "updatedAt DateTime @updatedAt" in after[Path("models/post.prisma")]
    s = wb.load(target)
    assert s.ok


def test_dialect_reserved_words_and_identifier_limits() -> None:
    text = FLAWED.replace("/// lint-ignore: WB201, reserved-word\n", "")
    s = _load(text)
    pg = {f.target for f in lint(s.schema, config=LintConfig(select=("WB405",)))}
    lite = {f.target for f in lint(s.schema, dialect="sqlite", config=LintConfig(select=("WB405",)))}
    assert pg == {"Order"} and lite == {"Order"}
    long = "x" * 64
    s = _load(text.replace("  balance Float\n", f'  balance Float @map("{long}")\n'))
    assert [f.code for f in lint(s.schema, config=LintConfig(select=("WB406",)))] == ["WB406"]
    assert lint(s.schema, dialect="sqlite", config=LintConfig(select=("WB406",))).codes() == []
    with pytest.raises(UserError):
        lint(s.schema, dialect="mysql")
