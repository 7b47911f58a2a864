"""The differ: which operations two schemas give, in which order, with which renames and spans.

These tests stop at the operations (the SQL of each engine is tested against real databases in
``test_migrate_sql_*``): they pin what Prisma Migrate's differ would decide, and where ours goes
further (renames the user accepts keep their data).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import workbench as wb
from workbench.diagnostics import UserError
from workbench.migrate import ops as o
from workbench.migrate.diff import Renames, diff_databases, rename_candidates

DS = 'datasource db {\n  provider = "postgresql"\n}\n'
OLD = (
    DS
    + """
model User {
  id    Int     @id @default(autoincrement())
  email String  @unique
  name  String?
  posts Post[]
}

model Post {
  id       Int    @id @default(autoincrement())
  title    String
  author   User   @relation(fields: [authorId], references: [id])
  authorId Int

  @@index([authorId])
}
"""
)


def kinds(ops: tuple[o.Op, ...]) -> list[str]:
    return [op.summary() for op in ops]


def db(text: str, dialect: str = "postgres") -> wb.Database | object:
    return wb.load(text=text).to_database(dialect)


def test_no_change_gives_no_operation_even_when_the_text_moves() -> None:
    reordered = OLD.replace("  email String  @unique\n  name  String?\n", "  name  String?\n  email String  @unique\n")
    assert reordered != OLD
    d = wb.diff(wb.load(text=OLD), wb.load(text=reordered))
    assert d.empty and d.ops == () and d.headline() == "No changes (postgres)"


def test_a_renamed_field_with_the_same_database_name_is_no_change() -> None:
    mapped = OLD.replace("  name  String?\n", '  fullName String? @map("name")\n')
    assert wb.diff(wb.load(text=OLD), wb.load(text=mapped)).empty


def test_add_table_column_enum_and_foreign_key_in_dependency_order() -> None:
    tag = "model Tag {\n  id     Int  @id\n  post   Post @relation(fields: [postId], references: [id])\n"
    tag += "  postId Int\n}\n"
    new = OLD.replace("  name  String?\n", "  name  String?\n  role  Role    @default(USER)\n")
    new += "\nenum Role {\n  USER\n  ADMIN\n}\n\n" + tag
    new = new.replace("  authorId Int\n\n  @@index", "  authorId Int\n  tags     Tag[]\n\n  @@index")
    ops = wb.diff(wb.load(text=OLD), wb.load(text=new)).ops
    summaries = kinds(ops)
    assert summaries == [
        "create enum Role (USER, ADMIN)",
        "add column User.role Role NOT NULL DEFAULT 'USER'",
        "create table Tag (2 columns)",
        "add foreign key Tag_postId_fkey Tag (postId) -> Post (id)",
    ]


def test_a_rename_is_a_drop_and_an_add_until_the_user_accepts_it() -> None:
    new = OLD.replace("  title    String\n", "  headline String\n")
    d = wb.diff(wb.load(text=OLD), wb.load(text=new))
    assert kinds(d.ops) == ["drop column Post.title", "add column Post.headline TEXT NOT NULL"]
    assert [c.spec() for c in d.candidates] == ["Post.title=Post.headline"]
    assert "NOT NULL" in d.candidates[0].evidence and d.loses_data
    kept = wb.diff(wb.load(text=OLD), wb.load(text=new), renames={"Post.title": "Post.headline"})
    assert kinds(kept.ops) == ["rename column Post.title to headline"] and not kept.loses_data
    assert kept.candidates == ()
    assert kinds(wb.diff(wb.load(text=OLD), wb.load(text=new), renames="auto").ops) == kinds(kept.ops)
    assert kinds(wb.diff(wb.load(text=OLD), wb.load(text=new), renames=["Post.title=Post.headline"]).ops) == kinds(
        kept.ops
    )


def test_renamed_table_keeps_its_indexes_and_keys_under_the_new_names() -> None:
    new = OLD.replace("model Post {", "model Article {").replace("posts Post[]", "posts Article[]")
    d = wb.diff(wb.load(text=OLD), wb.load(text=new), renames={"Post": "Article"})
    assert kinds(d.ops) == [
        "rename table Post to Article",
        "rename constraint Post_authorId_fkey on Article to Article_authorId_fkey",
        "rename constraint Post_pkey on Article to Article_pkey",
        "rename index Post_authorId_idx on Article to Article_authorId_idx",
    ]
    plain = wb.diff(wb.load(text=OLD), wb.load(text=new))
    assert kinds(plain.ops)[0] == "drop foreign key Post_authorId_fkey on Post"
    assert {"create table Article (3 columns)", "drop table Post"} <= set(kinds(plain.ops))
    assert [c.spec() for c in plain.candidates] == ["Post=Article"]


def test_type_change_drags_the_foreign_keys_that_tie_the_column() -> None:
    new = OLD.replace(
        "  id    Int     @id @default(autoincrement())\n  email",
        "  id    BigInt  @id @default(autoincrement())\n  email",
    )
    new = new.replace("  authorId Int\n", "  authorId BigInt\n")
    summaries = kinds(wb.diff(wb.load(text=OLD), wb.load(text=new)).ops)
    assert summaries[0] == "drop foreign key Post_authorId_fkey on Post"
    assert "alter column User.id: type INTEGER -> BIGINT" in summaries[1:-1]
    assert "alter column Post.authorId: type INTEGER -> BIGINT" in summaries[1:-1]
    assert summaries[-1] == "add foreign key Post_authorId_fkey Post (authorId) -> User (id)"


def test_index_changes_enum_changes_and_on_delete() -> None:
    new = OLD.replace("  @@index([authorId])\n", '  @@index([authorId], map: "post_author")\n  @@index([title])\n')
    new = new.replace("references: [id])", "references: [id], onDelete: Cascade)")
    summaries = kinds(wb.diff(wb.load(text=OLD), wb.load(text=new)).ops)
    assert summaries == [
        "drop foreign key Post_authorId_fkey on Post",
        "create index Post_title_idx on Post (title)",
        "rename index Post_authorId_idx on Post to post_author",
        "add foreign key Post_authorId_fkey Post (authorId) -> User (id)",
    ]
    a = DS + "enum Role {\n  USER\n  ADMIN\n}\nmodel U {\n  id Int @id\n  r Role\n}\n"
    b = a.replace("  USER\n  ADMIN\n", "  USER\n  EDITOR\n")
    (alter,) = wb.diff(wb.load(text=a), wb.load(text=b)).ops
    assert isinstance(alter, o.AlterEnum) and alter.added == ("EDITOR",) and alter.removed == ("ADMIN",)


def test_down_is_the_reverse_and_twice_reversed_is_up() -> None:
    new = OLD.replace("  name  String?\n", "") + "\nmodel Tag {\n  id Int @id\n}\n"
    d = wb.diff(wb.load(text=OLD), wb.load(text=new))
    assert d.reverse().reverse().ops == d.ops
    # the same changes as diffing the other way round (the order may differ: both are valid)
    assert sorted(kinds(diff_databases(d.new, d.old))) == sorted(kinds(d.reverse().ops))


def test_spans_point_at_the_new_line_or_the_old_one_for_a_drop() -> None:
    new = OLD.replace("  name  String?\n", "  nick  String?\n")
    d = wb.diff(wb.load(text=OLD, name="old.prisma"), wb.load(text=new, name="new.prisma"))
    dropped, added = d.ops
    assert str(dropped.span).startswith("old.prisma:") and str(added.span).startswith("new.prisma:")
    assert str(added.span) == "new.prisma:8:3"  # the `nick` line


def test_bad_renames_are_one_clear_error() -> None:
    with pytest.raises(UserError, match="no model or table `Nope`"):
        wb.diff(wb.load(text=OLD), wb.load(text=OLD), renames={"Nope.a": "Nope.b"})
    with pytest.raises(UserError, match="write it as OLD=NEW"):
        wb.diff(wb.load(text=OLD), wb.load(text=OLD), renames=["Post.title"])


def test_candidates_on_database_views_and_renames_by_database_name() -> None:
    a = wb.load(text=OLD).to_database("sqlite")
    b = wb.load(text=OLD.replace("  title    String\n", "  heading  String\n")).to_database("sqlite")
    (cand,) = rename_candidates(a, b)
    ops = diff_databases(a, b, Renames(columns={((None, "Post"), "title"): "heading"}))
    assert cand.spec() == "Post.title=Post.heading" and kinds(ops) == ["rename column Post.title to heading"]
    with pytest.raises(ValueError, match="cannot diff"):
        diff_databases(a, wb.load(text=OLD).to_database("postgres"))


def test_cli_exit_codes_follow_prisma_migrate_diff(tmp_path: Path) -> None:
    old = tmp_path / "old.prisma"
    old.write_text(OLD)
    cli = [sys.executable, "-m", "workbench", "migrate", "diff"]
    same = subprocess.run([*cli, str(old), str(old)], capture_output=True, text=True)
    assert same.returncode == 0 and same.stdout == "" and "No changes (postgres)" in same.stderr
    missing = subprocess.run([*cli, str(old), str(tmp_path / "nope.prisma")], capture_output=True, text=True)
    assert missing.returncode == 1 and "Traceback" not in missing.stderr


def test_the_diagram_marks_added_altered_and_renamed_in_their_own_colours() -> None:
    new = OLD.replace("  name  String?\n", "  nick  String?\n  age   Int?\n").replace(
        "  title    String\n", "  title    String @db.VarChar(200)\n"
    )
    d = wb.diff(wb.load(text=OLD), wb.load(text=new), renames={"User.name": "User.nick"})
    assert d.changes() == {"added": ["User.age"], "altered": ["Post.title"], "renamed": ["User.nick"]}
    svg = d.erd()._repr_mimebundle_()["image/svg+xml"]
    assert all(label in svg for label in ("added", "altered", "renamed"))
    frame = d.to_frame()
    assert list(frame.columns) == ["table", "operation", "summary", "source"] and len(frame) == len(d.ops)
    with pytest.raises(UserError, match="no schema to draw"):
        d.reverse().erd()


SAMPLES = Path(__file__).resolve().parents[1] / "sample_schemas"


@pytest.mark.parametrize("dialect", ["postgres", "duckdb", "sqlite"])
def test_a_database_built_from_a_schema_has_no_changes_against_it(dialect: str, pg_url: str, tmp_path: Path) -> None:
    """Introspected side against the Prisma side: the catalogs' re-spellings (a dbgenerated default
    read back with casts, a default operator class left out, DuckDB's unnamed keys, a Prisma view
    Migrate does not create) are no change, on every sample."""
    for sample in sorted([*SAMPLES.glob("*.prisma"), SAMPLES / "multifile"]):
        s = wb.load(sample)
        if dialect == "postgres":
            import psycopg

            with psycopg.connect(pg_url, autocommit=True) as admin:
                admin.execute("DROP SCHEMA IF EXISTS billing CASCADE")
                admin.execute("DROP SCHEMA public CASCADE")
                admin.execute("CREATE SCHEMA public")
            url = pg_url
        else:
            url = f"{dialect}:///{tmp_path / (sample.stem + '.' + dialect)}"
        db = wb.connect(url)
        db.apply(s)
        db.close()
        d = wb.diff(url, s, dialect=dialect)
        assert d.empty, f"{sample.name} on {dialect}: {d._text()}"


def test_a_side_that_is_no_file_never_echoes_a_password(tmp_path: Path) -> None:
    """`user:pw@host/db` with the scheme forgotten is no file: the error masks the password."""
    old = tmp_path / "old.prisma"
    old.write_text(OLD)
    cli = [sys.executable, "-m", "workbench", "migrate", "diff", "bob:s3cret@db.example/app", str(old)]
    r = subprocess.run(cli, capture_output=True, text=True)
    assert r.returncode == 1 and "s3cret" not in r.stderr + r.stdout and "bob:****@db.example/app" in r.stderr
    with pytest.raises(UserError) as caught:
        wb.diff("bob:s3cret@db.example/app", old)
    assert "s3cret" not in str(caught.value)
