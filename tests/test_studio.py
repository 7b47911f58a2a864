"""The studio driven in-process like a user: edit the text, click buttons, read the tabs."""

from __future__ import annotations

import html
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import workbench as wb
from workbench.notebook import studio_core as core
from workbench.notebook.studio import Studio, studio

BLOG = Path(__file__).resolve().parent.parent / "sample_schemas" / "blog.prisma"
TYPO = ("  title       String\n", "  title       Strin\n")
NEW_FIELD = ("  viewCount   Int", "  subtitle    String?\n  viewCount   Int")


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    target = tmp_path / "blog.prisma"
    shutil.copy(BLOG, target)
    return target


@pytest.fixture
def st(blog: Path) -> Studio:
    return studio(blog, debounce=0)


def test_opens_with_every_tab_filled(st: Studio) -> None:
    assert "5 models" in st.status.value and "0 errors" in st.status.value
    assert "<svg" in st.diagram.value and "Post" in st.diagram.value
    assert 'CREATE TABLE "Post"' in html.unescape(st.code.value)
    assert st.diagnostic_list.options == ()
    assert [t for t in (st.tabs.get_title(i) for i in range(7))] == [
        "Diagram",
        "Diagnostics",
        "Lint",
        "Code",
        "Data",
        "Changes",
        "Explorer",
    ]
    assert "No changes since the studio opened" in st.changes.value
    assert st.fix_buttons, "the blog schema has fixable lint findings"
    assert st.focus.options[0] == ("(all)", "") and ("Post", "Post") in st.focus.options


def test_edit_updates_diagram_and_code(st: Studio) -> None:
    assert "subtitle" not in st.code.value and "subtitle" not in st.diagram.value
    st.set_source(st.source.replace(*NEW_FIELD))
    assert "subtitle" in st.diagram.value
    assert "add column Post.subtitle" in html.unescape(st.changes.value)  # the Changes tab follows the text
    assert '"subtitle" TEXT' in html.unescape(st.code.value)
    st.target.value = "drizzle"
    assert "schema.ts" in st.code.value and "subtitle" in st.code.value
    st.target.value = "sql:sqlite"
    assert "schema.sqlite.sql" in st.code.value and "subtitle" in st.code.value


def test_invalid_edit_keeps_last_good_view_and_recovers(st: Studio) -> None:
    good_diagram, good_code = st.diagram.value, st.code.value
    original = st.source
    st.set_source(original.replace(*TYPO))
    assert "1 error" in st.status.value and "last valid" in st.status.value
    assert st.code.value == good_code
    assert "<svg" in st.diagram.value and st.diagram.value != good_diagram  # Post highlighted as broken
    assert st.snapshot.highlight.get("errors") == ["Post"]
    (label, index), *_ = st.diagnostic_list.options
    assert label.startswith("35:15 error E0201") and index == 0
    assert "35 |   title       Strin" in st.diagnostic_detail.value
    assert "fix the errors first" in st.lint_box.children[0].value
    st.set_source(original)
    assert "0 errors" in st.status.value and st.diagnostic_list.options == ()
    assert st.diagram.value == good_diagram and st.code.value == good_code


def test_invalid_from_the_start_shows_errors_only(tmp_path: Path) -> None:
    broken = tmp_path / "broken.prisma"
    broken.write_text(BLOG.read_text().replace(*TYPO))
    st = studio(broken, debounce=0)
    assert "No valid version" in st.diagram.value and "No valid version" in st.code.value
    assert len(st.diagnostic_list.options) == 1
    st.set_source(BLOG.read_text())
    assert "<svg" in st.diagram.value and "CREATE TABLE" in st.code.value


def test_apply_fix_button_changes_the_editor(st: Studio) -> None:
    finding, button = st.fix_buttons[0]
    before, count = st.editor.value, len(st.fix_buttons)
    button.click()
    assert st.editor.value != before and st.source == st.editor.value
    assert len(st.fix_buttons) < count
    assert finding.code in st.message.value
    assert finding.code not in [f.code for f, _ in st.fix_buttons if f.message == finding.message]


def test_fix_buttons_say_when_a_fix_is_unsafe(st: Studio) -> None:
    """Issue 12 item 20: the blog's fixes all change the database or the client (a reserved table
    name mapped, audit columns added, Int keys made UUID), and the buttons say so."""
    labels = {(f.code, b.description, b.button_style) for f, b in st.fix_buttons}
    assert labels == {
        ("WB405", "apply unsafe fix", "warning"),
        ("WB201", "apply unsafe fix", "warning"),
        ("WB102", "apply unsafe fix", "warning"),
    }
    assert all(b.tooltip.startswith("unsafe fix (changes the database or the client API): ") for _, b in st.fix_buttons)
    st.set_source(st.source.replace("  updatedAt DateTime  @updatedAt\n", "  updatedAt DateTime\n", 1))
    safe = [(f.code, b) for f, b in st.fix_buttons if b.description == "apply fix"]
    assert [(code, b.button_style, b.tooltip) for code, b in safe] == [("WB202", "", "safe fix: add @updatedAt")]


def test_save_writes_file_with_backup(st: Studio, blog: Path) -> None:
    original = blog.read_text()
    assert st.save() is None  # unchanged: nothing written, no backup
    assert not (blog.parent / "blog.prisma.bak").exists()
    st.set_source(original.replace(*NEW_FIELD))
    st.save_button.click()
    assert blog.read_text() == st.editor.value and "subtitle" in blog.read_text()
    assert (blog.parent / "blog.prisma.bak").read_text() == original
    assert "blog.prisma.bak" in st.message.value
    assert wb.load(blog).ok


def test_export_writes_generated_files(st: Studio, tmp_path: Path) -> None:
    st.target.value = "trpc"
    st.export_folder.value = str(tmp_path / "out")
    st.export_button.click()
    written = sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*") if p.is_file())
    expected = wb.load(text=BLOG.read_text(), name=st.name).export("trpc")
    assert written == sorted(expected.paths) and "trpc/router.ts" in written
    assert (tmp_path / "out" / "schema.ts").read_text() == expected["schema.ts"]
    assert "exported" in st.message.value


def test_data_tab_builds_seeds_and_profiles(st: Studio) -> None:
    import workbench.seeding  # noqa: F401  (as after any earlier seeding in the same kernel)

    st.rows.value = 20
    st.build_button.click()
    assert "Seeded" in st.data_out.value or "rows" in st.data_out.value
    assert st.db.sql('SELECT count(*) FROM "Post"').rows == ((20,),)
    st.query.value = 'SELECT count(*) AS n FROM "Post" WHERE published'
    st.run_button.click()
    assert "<table>" in st.data_out.value and "Post" in st.data_out.value
    st.query.value = "SELECT * FROM nope"
    st.run_button.click()
    assert "CatalogException" in st.data_out.value


def test_diagram_controls(st: Studio) -> None:
    assert ">Post<" in st.diagram.value and "_PostToTag" not in st.diagram.value
    st.view.value = "database"  # join tables appear as tables
    assert "_PostToTag" in st.diagram.value
    st.view.value = "model"
    st.focus.value = "Tag"
    st.depth.value = 0
    assert ">Tag<" in st.diagram.value and ">Post<" not in st.diagram.value
    st.depth.value = 1
    assert ">Post<" in st.diagram.value and ">Comment<" not in st.diagram.value


def test_debounced_edit_applies_after_pause(blog: Path) -> None:
    st = studio(blog, debounce=0.05)
    st.editor.value = st.source.replace(*NEW_FIELD)
    assert "subtitle" not in st.code.value  # not yet: the pause has not passed
    deadline = time.monotonic() + 10
    while "subtitle" not in st.code.value and time.monotonic() < deadline:
        time.sleep(0.02)
    assert "subtitle" in st.code.value


def test_static_bundle_without_front_end(st: Studio) -> None:
    st.set_source(st.source.replace(*TYPO))
    bundle = st._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/plain"].startswith("Studio: ") and "error[E0201]" in bundle["text/plain"]
    assert "<svg" in bundle["text/html"] and "E0201" in bundle["text/html"]


def test_studio_on_loaded_schema_has_no_file_to_save(tmp_path: Path) -> None:
    st = studio(wb.load(text=BLOG.read_text(), name="inline.prisma"), debounce=0)
    assert st.save_button.disabled and st.save() is None and "nothing to save" in st.message.value
    assert "<svg" in st.diagram.value


def test_explorer_search_and_details(st: Studio) -> None:
    ex = st.explorer
    ex.search.value = "cat"
    assert ex.tables.options == ("Category",)
    assert "wb-explorer-columns" in ex.details.value and "<svg" in ex.diagram.value
    ex.select("Post")
    assert "authorId" in ex.details.value and "-&gt; User" in ex.details.value
    assert "wb-explorer-indexes" in ex.details.value


def test_core_block_at() -> None:
    text = BLOG.read_text()
    line = text[: text.index("model Post")].count("\n") + 3
    assert core.block_at(text, line) == "Post"
    assert core.block_at(text, 1) is None


def test_library_import_does_not_load_ipywidgets() -> None:
    code = (
        f"import sys, workbench as wb; s = wb.load({str(BLOG)!r}); s.to_sql('postgres'); s.erd().svg(); "
        "import workbench.notebook.studio_core; assert 'ipywidgets' not in sys.modules, 'imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_explorer_on_its_own() -> None:
    from workbench.notebook.explorer import explorer

    ex = explorer(BLOG)
    assert ex.tables.options == ("User", "Post", "Category", "Tag", "Comment")
    bundle = ex._repr_mimebundle_()
    assert bundle["text/plain"] == "Explorer: 5 tables, showing User" and "email" in bundle["text/html"]
