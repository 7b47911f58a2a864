"""Issue #12 item 18: names no diagram text may break on, checked by the real consumers.

A schema whose table, column, enum, index and relation names hold every character that means
something to DOT, Mermaid or DBML (``] [ | { } < > " \\``, quotes, ``#name;`` entity look-alikes,
``%``, newlines, control characters, non-ASCII letters and emoji, keywords such as ``end``/``one``/``pk``)
is drawn in both views with every option on. Graphviz's ``dot`` must render it (and each name must
be in the SVG as written), Mermaid's parser must accept it (and show each name as written: as the
entity alias, the attribute or its ``name:`` comment) and ``@dbml/core`` must parse it back to the
same table, column and enum names.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.erd_cases import ROOT
from tests.needs import unavailable
from workbench.loaders.prisma import load_prisma
from workbench.render import Erd, erd, renderer
from workbench.render.graphviz_run import render

HOSTILE = r"""
datasource db {
  provider = "postgresql"
}

enum Role {
  A @map("]")
  B @map("[x|y]")
  C @map("<b>&\"\\ #quot; %")
  D @map("pk")

  @@map("enum]name")
}

enum end {
  one
}

model User {
  id    Int    @id @map("]")
  name  String @map("a|b{c}<d>\"e\\f")
  role  Role   @default(A)
  uni   String @map("ünï ✓ 😀 #35;")
  nl    String @default("line1\nline2]") @map("new\nline\ttab\u0001ctl")
  pk    Int    @map("PK")
  kind  end    @default(one)
  posts Post[] @relation("rel]|<name> \"q\" %")
  friends  User[] @relation("self\nTable evil {\n  id int\n}")
  friendOf User[] @relation("self\nTable evil {\n  id int\n}")

  @@map("user]table[x]")
}

model Post {
  id       Int    @id @map("[")
  authorId Int    @map("}{")
  author   User   @relation("rel]|<name> \"q\" %", fields: [authorId], references: [id])

  @@index([authorId], map: "idx]|{x}")
  @@map("post\"tbl\\%")
}

model one {
  id  Int  @id @map("]]")
  end Int  @map("uk")

  @@map("end")
}
"""

OPTIONS = {"enums": True, "indexes": True, "defaults": True, "legend": True, "title": 't]i|t<le>: "x" #quot;'}


def diagrams() -> dict[str, Erd]:
    result = load_prisma("hostile.prisma", text=HOSTILE, name="hostile.prisma")
    assert not [d for d in result.diagnostics if d.is_error], [d.headline() for d in result.diagnostics]
    out = {}
    for view in ("model", "database"):
        out[view] = erd(result.schema, view=view, highlight={"h]ot|#quot;": ["User"]}, **OPTIONS)  # type: ignore[arg-type]
    out["clustered"] = erd(result.schema, view="database", cluster={"g]r{o}up|": ["User", "Post"]})
    return out


def names(d: Erd) -> tuple[set[str], set[str]]:
    """(table names, column names) a faithful diagram of ``d`` must show."""
    tables = {t.name for t in d.content.tables}
    columns = {c.name for t in d.content.tables for c in t.columns}
    return tables, columns


@pytest.fixture(scope="module")
def node() -> str:
    exe = shutil.which("node")
    if exe is None:
        unavailable("node is not installed (apt-get install nodejs npm)")
    for pkg in ("@dbml/core", "mermaid"):
        if not (ROOT / "node_modules" / pkg / "package.json").exists():
            unavailable(f"npm package {pkg} is missing: run `make setup` (npm ci)")
    return str(exe)


def parse(node: str, script: str, files: list[Path]) -> list[dict]:  # type: ignore[type-arg]
    proc = subprocess.run(
        [node, str(ROOT / "tests" / "js" / script), *map(str, files)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)  # type: ignore[no-any-return]


def shown(text: str) -> str:
    r"""How a table should show a name: as written, but newlines and tabs (which graphviz drops from
    HTML labels) and characters XML cannot carry as escapes (``\n``, ``\t``, ``\x01``)."""
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    return "".join(named.get(ch, f"\\x{ord(ch):02x}" if ord(ch) < 32 else ch) for ch in text)


def test_dot_renders_hostile_names() -> None:
    if renderer() is None:
        unavailable("no graphviz renderer on this machine (apt-get install graphviz; make setup does)")
    for view, d in diagrams().items():
        svg = render(d.source, "svg").decode("utf-8")
        root = ET.fromstring(svg)  # well-formed XML, control characters included
        texts = ("".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))
        text = "\n".join(texts).replace("\xa0", " ")  # graphviz writes a run of spaces as " \xa0"
        tables, columns = names(d)
        for name in tables | columns:
            assert shown(name) in text, (view, name)


def test_mermaid_parses_hostile_names(node: str, tmp_path: Path) -> None:
    ds = diagrams()
    files = []
    for view, d in ds.items():
        files.append(tmp_path / f"{view}.mmd")
        files[-1].write_text(d.mermaid(), encoding="utf-8")
    results = parse(node, "mermaid_parse.mjs", files)
    assert all(r["ok"] for r in results), [r["error"] for r in results if not r["ok"]]
    for (view, d), r in zip(ds.items(), results, strict=True):
        drawn_tables = {e["alias"] or e["id"] for e in r["entities"]}
        tables, _ = names(d)
        assert tables <= {a.replace("'", '"') for a in drawn_tables} | drawn_tables, (view, tables - drawn_tables)
        for t in d.content.tables:
            entity = next(
                e for e in r["entities"] if (e["alias"] or e["id"]).replace("'", '"') == t.name.replace("'", '"')
            )
            for c, a in zip(t.columns, entity["attributes"], strict=True):
                comment = (a["comment"] or "").replace("'", '"')
                assert a["name"] == c.name or f"name: {c.name}".replace("'", '"') in comment, (view, c.name, a)
        assert len(r["relationships"]) >= len(d.content.edges), view


def test_dbml_parses_hostile_names(node: str, tmp_path: Path) -> None:
    ds = diagrams()
    files = []
    for view, d in ds.items():
        files.append(tmp_path / f"{view}.dbml")
        files[-1].write_text(d.dbml(), encoding="utf-8")
    results = parse(node, "dbml_parse.mjs", files)
    assert all(r["ok"] for r in results), [r["errors"] for r in results if not r["ok"]]
    for (view, d), r in zip(ds.items(), results, strict=True):
        parsed = {t["name"]: t["columns"] for t in r["tables"]}
        expected = {t.id: [c.name for c in t.columns] for t in d.content.tables}
        assert parsed == expected, view
        enums = {e["name"]: e["values"] for e in r["enums"]}
        assert enums == {e.name: list(e.values) for e in d.content.enums}, view
        self_m2n = sum(e.kind == "m:n" and e.source == e.target for e in d.content.edges)  # no DBML Ref
        assert len(r["refs"]) == len(d.content.edges) - self_m2n, view
