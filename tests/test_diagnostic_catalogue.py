"""The diagnostic catalogue stays the one place codes are defined (issue #14, item 3).

The sources are scanned with ``ast``, like ``test_lint_rules.py::test_every_rule_has_a_case``:
a code written as a literal at a call site, a code defined twice, a severity that contradicts the
code's letter, a catalogued code nobody reports, or a stale ``docs/diagnostics.md`` each fail here.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

import pytest

from workbench.diagnostics import Severity
from workbench.diagnostics.catalog import AREA_MODULES, ENTRIES, Area, Status, entry, names, seeding
from workbench.diagnostics.catalog.__main__ import main
from workbench.diagnostics.catalog.markdown import COMMAND, render_markdown
from workbench.diagnostics.catalog.registry import CODE_RE, INTROSPECTION_CODE_RE, define

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "workbench"
CATALOG = PACKAGE / "diagnostics" / "catalog"
CODE_LITERAL = re.compile(r"^[EWI]\d{3,4}$")
_LETTER = {"E": Severity.ERROR, "W": Severity.WARNING, "I": Severity.INFO}


def _sources(*, catalogue: bool) -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if (CATALOG in p.parents) == catalogue)


def _code_literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return [
        (n.lineno, n.value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and CODE_LITERAL.match(n.value)
    ]


def test_every_code_literal_in_workbench_is_catalogued() -> None:
    retired = set(seeding.FORMERLY.values())  # the old numbers, kept as a map for users
    unknown = [
        f"{p.relative_to(ROOT)}:{line}: {code}"
        for p in _sources(catalogue=False) + _sources(catalogue=True)
        for line, code in _code_literals(p)
        if code not in ENTRIES and code not in retired
    ]
    assert unknown == [], "codes used but not defined in workbench/diagnostics/catalog/"


def test_call_sites_name_catalogue_constants_not_literals() -> None:
    literals = [
        f"{p.relative_to(ROOT)}:{line}: {code} (use the constant {entry(code).area.key}.<NAME>)"
        for p in _sources(catalogue=False)
        for line, code in _code_literals(p)
    ]
    assert literals == []


def _defined_codes() -> list[str]:
    """The first argument of every definition call in the catalogue's source."""
    out: list[str] = []
    for path in _sources(catalogue=True):
        for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(n, ast.Call)
                and isinstance(n.func, ast.Attribute)
                and isinstance(n.func.value, ast.Name)
                and n.func.value.id == "_"  # the area's Section
                and n.func.attr in {"error", "warning", "info"}
                and n.args
                and isinstance(n.args[0], ast.Constant)
            ):
                out.append(str(n.args[0].value))
    return out


def test_no_code_is_defined_twice() -> None:
    defined = _defined_codes()
    assert [c for c, k in Counter(defined).items() if k > 1] == []
    assert sorted(defined) == sorted(ENTRIES)  # every entry comes from one visible definition
    first = next(iter(ENTRIES.values()))
    with pytest.raises(ValueError, match="defined twice"):
        define(first.area, first.code, first.severity, "another-name", "a second meaning")
    assert ENTRIES[first.code] == first


def test_severity_agrees_with_the_code_letter() -> None:
    wrong = []
    for e in ENTRIES.values():
        if CODE_RE.match(e.code):
            expected = _LETTER[e.code[0]]
        else:  # I + three digits: introspection's warnings (documented exception)
            assert e.area is Area.INTROSPECT and INTROSPECTION_CODE_RE.match(e.code), e.code
            expected = Severity.WARNING
        if e.severity is not expected:
            wrong.append(f"{e.code} {e.name}: {e.severity.value}, expected {expected.value}")
    assert wrong == []


def _used_constants() -> set[tuple[str, str]]:
    """(area module, constant) pairs named by workbench code outside the catalogue."""
    used: set[tuple[str, str]] = set()
    for path in _sources(catalogue=False):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules: dict[str, str] = {}  # local alias -> area module
        direct: dict[str, tuple[str, str]] = {}  # local name -> (area module, constant)
        for n in ast.walk(tree):
            if isinstance(n, ast.ImportFrom) and n.module == "workbench.diagnostics.catalog":
                modules.update({a.asname or a.name: a.name for a in n.names})
            elif isinstance(n, ast.ImportFrom) and (n.module or "").startswith("workbench.diagnostics.catalog."):
                area = (n.module or "").rsplit(".", 1)[1]
                direct.update({a.asname or a.name: (area, a.name) for a in n.names})
        for n in ast.walk(tree):
            if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id in modules:
                used.add((modules[n.value.id], n.attr))
            elif isinstance(n, ast.Name) and n.id in direct:
                used.add(direct[n.id])
    return used


def test_every_catalogued_code_is_reported_somewhere() -> None:
    used = _used_constants()
    unused = []
    for module in AREA_MODULES:
        area = module.__name__.rsplit(".", 1)[1]
        for name, value in vars(module).items():
            catalogued = name.isupper() and isinstance(value, str) and value in ENTRIES
            if catalogued and ENTRIES[value].status is Status.ACTIVE and (area, name) not in used:
                unused.append(f"{area}.{name} ({value})")
    assert unused == [], "catalogued but never reported: use them or mark them Status.RESERVED/RETIRED"


def test_every_entry_has_a_constant_in_its_area_module() -> None:
    exported = {v for m in AREA_MODULES for k, v in vars(m).items() if k.isupper() and isinstance(v, str)}
    assert set(ENTRIES) <= exported
    for e in ENTRIES.values():
        assert e.title.strip() and "\n" not in e.title, e.code


def test_the_collisions_are_gone() -> None:
    """E0602 and E0610-E0613 meant a Prisma loader error and a seeding error at once."""
    for code in ("E0602", "E0610", "E0611", "E0612", "E0613"):
        assert entry(code).area is Area.PRISMA
    assert names(Area.PRISMA)["E0602"] == "native-type-arity"
    seeding_numbers = {c[1:] for c in names(Area.SEEDING)}
    other_numbers = {c[1:] for c in ENTRIES if ENTRIES[c].area is not Area.SEEDING}
    assert seeding_numbers & other_numbers == set()
    assert seeding.FORMERLY[seeding.CYCLE_NOT_BREAKABLE] == "E0602"
    assert seeding.CYCLE_NOT_BREAKABLE == "E1102"


def test_docs_diagnostics_md_is_generated_from_the_catalogue() -> None:
    committed = (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8")
    assert committed == render_markdown(), f"docs/diagnostics.md is stale: regenerate it with `{COMMAND}`"


def test_docs_list_every_code_once() -> None:
    text = render_markdown()
    for code in ENTRIES:
        assert len(re.findall(rf"^\| {code} \| (error|warning|info) \|", text, re.M)) == 1, code


def test_the_doc_command_needs_a_format(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([])
    assert exc.value.code == 2
    assert "--markdown" in capsys.readouterr().err
    assert main(["--markdown"]) == 0
    assert capsys.readouterr().out == render_markdown()
