"""Focused tests of the Prisma loader: syntax, attributes, defaults, relations, sources, robustness."""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

import pytest

from workbench.diagnostics import render_text
from workbench.diagnostics.catalog.prisma import CODES
from workbench.ir import (
    Default,
    DefaultKind,
    Extension,
    IndexField,
    IndexKind,
    NativeType,
    ReferentialAction,
    RelationField,
    RelationKind,
    ScalarField,
    ScalarType,
)
from workbench.loaders.prisma import load_prisma

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_schemas"
DDL = ROOT / "tests" / "golden" / "prisma_ddl"

PG = 'datasource db {\n  provider = "postgresql"\n}\n'


def load(body: str, header: str = PG):
    return load_prisma(text=header + body)


def ok(body: str, header: str = PG):
    r = load(body, header)
    assert r.ok, render_text(r.diagnostics, r.sources)
    return r.schema


def errors(body: str, header: str = PG) -> list[tuple[int, str]]:
    r = load(body, header)
    return [(d.span.line if d.span else 0, d.code) for d in r.diagnostics if d.is_error]


# -- codes -------------------------------------------------------------------------------------


def test_code_table_is_stable_and_well_formed() -> None:
    assert CODES["E0001"] == "invalid-top-level-line"
    assert CODES["E0101"] == "duplicate-top-level-name"
    assert CODES["E0201"] == "unknown-type"
    for code, name in CODES.items():
        assert re.fullmatch(r"[EW]\d{4}", code), code
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name), name
    assert len(set(CODES.values())) == len(CODES)


# -- sources -----------------------------------------------------------------------------------


def test_text_source_uses_given_name() -> None:
    r = load_prisma(text=PG + "model A {\n  id Int @id\n  x Nope\n}\n", name="mem.prisma")
    assert list(r.sources) == ["mem.prisma"]
    (d,) = r.diagnostics
    assert (d.span.file, d.span.line, d.span.col) == ("mem.prisma", 6, 5)
    assert d.code == "E0201"


def test_folder_loads_every_prisma_file_sorted(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "schema.prisma").write_text(PG)
    (tmp_path / "b" / "post.prisma").write_text(
        "model Post {\n  id Int @id\n  author User @relation(fields: [authorId], references: [id])\n  authorId Int\n}\n"
    )
    (tmp_path / "a.prisma").write_text("model User {\n  id Int @id\n  posts Post[]\n}\n")
    r = load_prisma(tmp_path)
    assert r.ok, render_text(r.diagnostics, r.sources)
    assert [Path(p).name for p in r.sources] == ["a.prisma", "post.prisma", "schema.prisma"]
    assert [m.name for m in r.schema.models] == ["User", "Post"]
    post = r.schema.model("Post")
    assert post is not None and post.origin is not None and post.origin.file.endswith("post.prisma")


def test_list_of_files_and_sample_multifile_folder() -> None:
    folder = SAMPLES / "multifile"
    files = sorted(folder.rglob("*.prisma"))
    by_list = load_prisma(files)
    by_folder = load_prisma(folder)
    assert by_list.ok and by_folder.ok
    assert by_list.schema == by_folder.schema
    assert len(by_folder.schema.models) >= 2


def test_missing_file_is_a_diagnostic_not_an_exception(tmp_path: Path) -> None:
    r = load_prisma(tmp_path / "nope.prisma")
    assert not r.ok and r.diagnostics[0].code == "E0506"


# -- datasource and generators -----------------------------------------------------------------


def test_url_is_accepted_and_kept_as_written() -> None:
    s = ok(
        'model A {\n  id Int @id\n\n  @@schema("auth")\n}\n',
        'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n  directUrl = "postgres://x"\n'
        '  schemas = ["public", "auth"]\n  extensions = [pgcrypto, postgis(version: "3.4")]\n}\n'
        'generator client {\n  provider = "prisma-client"\n  previewFeatures = ["postgresqlExtensions"]\n}\n',
    )
    ds = s.datasource
    assert ds is not None
    assert (ds.provider, ds.url, ds.schemas) == ("postgresql", 'env("DATABASE_URL")', ("public", "auth"))
    assert ds.extensions == (Extension("pgcrypto"), Extension("postgis", version="3.4"))


def test_generators_keep_their_config() -> None:
    s = ok(
        "model A {\n  id Int @id\n}\n",
        PG + 'generator client {\n  provider = "prisma-client"\n  output = "../generated"\n'
        '  previewFeatures = ["views", "relationJoins"]\n  engineType = "library"\n}\n',
    )
    (g,) = s.generators
    assert (g.provider, g.output, g.preview_features) == ("prisma-client", "../generated", ("views", "relationJoins"))
    assert g.config == (("engineType", "library"),)


def test_provider_alias_and_unsupported_and_unknown_providers() -> None:
    s = ok("model A {\n  id Int @id\n}\n", 'datasource db {\n  provider = "postgres"\n}\n')
    assert s.provider == "postgresql"
    r = load("model A {\n  id Int @id\n}\n", 'datasource db {\n  provider = "sqlserver"\n}\n')
    assert [d.code for d in r.errors] == ["E0503"]
    r = load("model A {\n  id Int @id\n}\n", 'datasource db {\n  provider = "postgresq"\n}\n')
    assert [d.code for d in r.errors] == ["E0502"] and r.errors[0].help == "did you mean `postgresql`?"


# -- models, fields, attributes ----------------------------------------------------------------


def test_field_types_modifiers_maps_and_native_types() -> None:
    s = ok(
        'model Thing {\n  id Int @id @map("thing_id")\n  name String? @db.VarChar(200)\n  tags String[]\n'
        '  price Decimal @db.Decimal(10, 2)\n  geo Unsupported("geometry(Point, 4326)")?\n  role Role\n\n'
        '  @@map("things")\n  @@schema("public")\n}\n\nenum Role {\n  A @map("a")\n  B\n\n  @@map("role")\n'
        '  @@schema("public")\n}\n',
        'datasource db {\n  provider = "postgresql"\n  schemas = ["public"]\n}\n',
    )
    t = s.model("Thing")
    assert t is not None and (t.db_name, t.schema) == ("things", "public")
    idf, name, tags, price, geo, role = t.fields
    assert isinstance(idf, ScalarField) and idf.db_name == "thing_id"
    assert isinstance(name, ScalarField) and name.optional and name.native_type == NativeType("VarChar", ("200",))
    assert isinstance(tags, ScalarField) and tags.list and not tags.optional
    assert isinstance(price, ScalarField) and price.native_type == NativeType("Decimal", ("10", "2"))
    assert isinstance(geo, ScalarField) and geo.type is ScalarType.UNSUPPORTED
    assert geo.unsupported == "geometry(Point, 4326)" and geo.optional
    assert isinstance(role, ScalarField) and (role.type, role.enum) == (ScalarType.ENUM, "Role")
    e = s.enum("Role")
    assert e is not None and (e.db_name, e.schema) == ("role", "public")
    assert [(v.name, v.db_name) for v in e.values] == [("A", "a"), ("B", "B")]


def test_keys_and_indexes_are_normalised() -> None:
    s = ok(
        'model A {\n  id Int @id(map: "a_pk")\n  email String @unique\n  x String\n  y Json\n\n'
        '  @@unique([x, email], name: "xe", map: "a_xe")\n'
        '  @@index([x(sort: Desc), email], map: "a_x_idx")\n'
        "  @@index([y(ops: JsonbPathOps)], type: Gin)\n"
        '  @@index([x(ops: raw("text_pattern_ops"))], name: "legacy_name")\n}\n'
    )
    a = s.model("A")
    assert a is not None and a.primary_key is not None
    assert (a.primary_key.field_names, a.primary_key.db_name, a.primary_key.field_level) == (("id",), "a_pk", True)
    uniq = [i for i in a.indexes if i.kind is IndexKind.UNIQUE]
    assert [(i.field_names, i.field_level, i.name, i.db_name) for i in uniq] == [
        (("email",), True, None, None),
        (("x", "email"), False, "xe", "a_xe"),
    ]
    idx = [i for i in a.indexes if i.kind is IndexKind.INDEX]
    assert idx[0].fields == (IndexField("x", sort="Desc"), IndexField("email"))
    assert (idx[1].type, idx[1].fields[0].ops) == ("Gin", "JsonbPathOps")
    assert (idx[2].db_name, idx[2].fields[0].ops) == ("legacy_name", "text_pattern_ops")


def test_bare_field_lists_are_lists() -> None:
    """Issue #12 item 11: `@@index(a)` twice in a model was rejected (E0313, default name `Post_idx`)."""
    s = ok(
        "model Post {\n  id Int @id\n  a String\n  b Int\n  c String\n  d String\n  e Int\n\n"
        '  @@index(a)\n  @@index(b)\n  @@index(c, map: "x")\n  @@unique(d)\n  @@unique(e)\n'
        "  @@index(e(sort: Desc))\n}\n"
        "model Tag {\n  name String\n\n  @@id(name)\n}\n"
    )
    post = s.model("Post")
    assert post is not None
    assert [(i.kind, i.field_names, i.db_name) for i in post.indexes] == [
        (IndexKind.INDEX, ("a",), None),
        (IndexKind.INDEX, ("b",), None),
        (IndexKind.INDEX, ("c",), "x"),
        (IndexKind.INDEX, ("e",), None),
        (IndexKind.UNIQUE, ("d",), None),
        (IndexKind.UNIQUE, ("e",), None),
    ]
    assert post.indexes[3].fields == (IndexField("e", sort="Desc"),)
    tag = s.model("Tag")
    assert tag is not None and tag.primary_key is not None and tag.primary_key.field_names == ("name",)
    # a real clash is still found, with the field in the default name
    clash = "model P {\n  id Int @id\n  a Int\n\n  @@index(a)\n  @@index([a])\n}\n"
    assert errors(clash) == [(8, "E0313"), (9, "E0313")]


def test_compound_id() -> None:
    s = ok('model M {\n  a Int\n  b String\n\n  @@id([a, b], name: "ab", map: "m_pk")\n}\n')
    pk = s.model("M").primary_key  # type: ignore[union-attr]
    assert pk is not None and (pk.field_names, pk.name, pk.db_name, pk.field_level) == (("a", "b"), "ab", "m_pk", False)


@pytest.mark.parametrize(
    ("decl", "expected"),
    [
        ("Int @default(autoincrement())", Default(DefaultKind.AUTOINCREMENT)),
        ("DateTime @default(now())", Default(DefaultKind.NOW)),
        ("String @default(uuid())", Default(DefaultKind.UUID)),
        ("String @default(uuid(7))", Default(DefaultKind.UUID, None, ("7",))),
        ("String @default(cuid(2))", Default(DefaultKind.CUID, None, ("2",))),
        ("String @default(nanoid(8))", Default(DefaultKind.NANOID, None, ("8",))),
        ("String @default(ulid())", Default(DefaultKind.ULID)),
        ('String @default(dbgenerated("gen_random_uuid()"))', Default(DefaultKind.DBGENERATED, "gen_random_uuid()")),
        ("Int @default(dbgenerated())", Default(DefaultKind.DBGENERATED, None)),
        ('String @default("it\'s \\"x\\"")', Default(DefaultKind.LITERAL, 'it\'s "x"')),
        ("Int @default(-3)", Default(DefaultKind.LITERAL, -3)),
        ("Float @default(0.5)", Default(DefaultKind.LITERAL, "0.5")),
        ("Float @default(1.50)", Default(DefaultKind.LITERAL, "1.50")),
        ('Decimal @default("1.50")', Default(DefaultKind.LITERAL, "1.50")),
        ("Decimal @default(1000.50)", Default(DefaultKind.LITERAL, "1000.50")),
        ("BigInt @default(0050)", Default(DefaultKind.LITERAL, 50)),
        ("Boolean @default(false)", Default(DefaultKind.LITERAL, False)),
        ('Json @default("{}")', Default(DefaultKind.LITERAL, "{}")),
        ("Role @default(ADMIN)", Default(DefaultKind.ENUM, "ADMIN")),
        ("Role[] @default([USER, ADMIN])", Default(DefaultKind.ENUM, ("USER", "ADMIN"))),
        ('String[] @default(["a", "b"])', Default(DefaultKind.LITERAL, ("a", "b"))),
        ("Int[] @default([])", Default(DefaultKind.LITERAL, ())),
    ],
)
def test_defaults(decl: str, expected: Default) -> None:
    s = ok(f"model A {{\n  id Int @id\n  x {decl}\n}}\n\nenum Role {{\n  USER\n  ADMIN\n}}\n")
    x = s.model("A").field("x")  # type: ignore[union-attr]
    assert isinstance(x, ScalarField) and x.default == expected
    assert x.default.side == ("client" if expected.kind.value in ("uuid", "cuid", "nanoid", "ulid") else "database")


@pytest.mark.parametrize(
    ("decl", "code"),
    [
        ("String @default(now())", "E0306"),
        ('Int @default("5")', "E0306"),
        ("String @default(autoincrement())", "E0306"),
        ("Int @default(uuid())", "E0306"),
        ("Role @default(NOPE)", "E0306"),
        ("String @default(uuid(5))", "E0306"),
        ("Boolean @default(1)", "E0306"),
        ("Int @updatedAt", "E0309"),
        ("Int? @id", "E0308"),
        ("Int @foo", "E0301"),
        ("Int @default(1) @default(2)", "E0305"),
        ("Int @default(1.5)", "E0306"),
        ('Decimal @default("abc")', "E0306"),
        ("Int @unique(nope: 1)", "E0302"),
        ("Int @map", "E0303"),
    ],
)
def test_invalid_field_attributes(decl: str, code: str) -> None:
    got = errors(f"model A {{\n  k Int @unique\n  x {decl}\n}}\n\nenum Role {{\n  USER\n}}\n")
    assert got and all(line == 6 for line, _ in got) and code in {c for _, c in got}, got


def test_unknown_type_suggests_close_name() -> None:
    r = load("model User {\n  id Int @id\n}\nmodel Post {\n  id Int @id\n  author Usr\n  n Strin\n}\n")
    helps = [(d.code, d.help) for d in r.diagnostics]
    assert helps == [("E0201", "did you mean `User`?"), ("E0201", "did you mean `String`?")]


def test_unknown_argument_lists_valid_names() -> None:
    r = load('model A {\n  id Int @id\n  x Int\n  @@index([x], mapp: "i")\n}\n')
    (d,) = r.diagnostics
    assert d.code == "E0302" and d.help == "did you mean `map`?"
    assert d.span is not None and r.sources["schema.prisma"].text[d.span.start : d.span.end] == 'mapp: "i"'


def test_doc_comments_attach_like_prisma() -> None:
    s = ok(
        "/// dropped (blank line follows)\n\n/// Model doc\n// plain comment does not break it\n/// second line\n"
        "model A {\n  /// dropped too\n\n  /// Field doc\n  id Int @id /// trailing\n  x Int // not a doc\n}\n"
        "/// Enum doc\nenum E {\n  /// Value doc\n  V\n}\n"
    )
    a = s.model("A")
    assert a is not None and a.doc == "Model doc\nsecond line"
    assert a.fields[0].doc == "Field doc\ntrailing"
    assert a.fields[1].doc is None
    e = s.enum("E")
    assert e is not None and e.doc == "Enum doc" and e.values[0].doc == "Value doc"


def test_views_and_ignore() -> None:
    s = ok(
        "model A {\n  id Int @id\n  legacy String @ignore\n}\n\nmodel Old {\n  x Int\n\n  @@ignore\n}\n\n"
        "view V {\n  id Int @unique\n  total Int\n}\n",
        PG + 'generator c {\n  provider = "prisma-client-js"\n  previewFeatures = ["views"]\n}\n',
    )
    assert [m.name for m in s.tables] == ["A", "Old"] and [m.name for m in s.views] == ["V"]
    assert s.model("A").field("legacy").ignored  # type: ignore[union-attr]
    assert s.model("Old").ignored  # type: ignore[union-attr]  (no unique criteria needed when ignored)
    r = load("view V {\n  id Int @unique\n}\n")
    assert [d.code for d in r.errors] == ["E0507"]


def test_sqlite_supports_enums_but_not_lists_or_native_types() -> None:
    sqlite = 'datasource db {\n  provider = "sqlite"\n}\n'
    ok("model A {\n  id Int @id\n  r R\n}\nenum R {\n  X\n}\n", sqlite)
    got = errors("model A {\n  id Int @id\n  t String[]\n  v String @db.Text\n}\n", sqlite)
    assert got == [(6, "E0604"), (7, "E0601")]


def test_mysql_native_types_and_fulltext() -> None:
    mysql = 'datasource db {\n  provider = "mysql"\n}\n'
    s = ok(
        "model A {\n  id Int @id @db.UnsignedInt\n  t String @db.VarChar(191)\n  b String @db.LongText\n\n"
        "  @@fulltext([t, b])\n}\n",
        mysql,
    )
    a = s.model("A")
    assert a is not None and a.fields[0].native_type == NativeType("UnsignedInt")  # type: ignore[union-attr]
    assert [i.kind for i in a.indexes] == [IndexKind.FULLTEXT]
    assert errors("model A {\n  id Int @id\n  t String @db.VarChar\n}\n", mysql) == [(6, "E0602")]
    assert errors("model A {\n  id Int @id\n  t String\n  @@fulltext([t])\n}\n") == [(7, "E0605")]


# -- relations ---------------------------------------------------------------------------------


def _rel(schema, name):  # type: ignore[no-untyped-def]
    (r,) = [r for r in schema.relations if r.name == name]
    return r


def test_blog_relations() -> None:
    s = load_prisma(SAMPLES / "blog.prisma").schema
    post_user = _rel(s, "PostToUser")
    assert post_user.kind is RelationKind.ONE_TO_MANY
    assert (post_user.referencing.model, post_user.referencing.field) == ("Post", "author")
    assert (post_user.referenced.model, post_user.referenced.field) == ("User", "posts")
    assert (post_user.fields, post_user.references) == (("authorId",), ("id",))
    assert post_user.on_delete is ReferentialAction.CASCADE and post_user.on_update is ReferentialAction.CASCADE
    m2n = _rel(s, "CategoryToPost")
    assert m2n.kind is RelationKind.MANY_TO_MANY and m2n.join_table == "_CategoryToPost"
    assert (m2n.referencing.model, m2n.referenced.model) == ("Category", "Post")
    assert _rel(s, "PostToTag").join_table == "_PostToTag"
    replies = _rel(s, "CommentReplies")
    assert replies.is_self and replies.referencing.field == "parent" and replies.referenced.field == "replies"
    assert replies.on_delete is ReferentialAction.SET_NULL  # optional FK, nothing written
    user = s.model("User")
    posts = user.field("posts")  # type: ignore[union-attr]
    assert isinstance(posts, RelationField) and posts.relation_name == "PostToUser" and not posts.holds_foreign_key


def test_relation_kinds_defaults_and_named_relations() -> None:
    s = ok(
        'model User {\n  id Int @id\n  profile Profile?\n  written Post[] @relation("author")\n'
        '  edited Post[] @relation("editor")\n  groups Group[] @relation("members")\n}\n'
        "model Profile {\n  id Int @id\n  userId Int @unique\n"
        "  user User @relation(fields: [userId], references: [id])\n}\n"
        "model Post {\n  id Int @id\n  authorId Int\n"
        '  author User @relation("author", fields: [authorId], references: [id])\n'
        '  editorId Int?\n  editor User? @relation(name: "editor", fields: [editorId], references: [id], '
        'onUpdate: NoAction, map: "post_editor_fk")\n}\n'
        'model Group {\n  id Int @id\n  users User[] @relation("members")\n}\n'
    )
    one = _rel(s, "ProfileToUser")
    assert one.kind is RelationKind.ONE_TO_ONE and one.referencing.model == "Profile"
    assert one.on_delete is ReferentialAction.RESTRICT and one.on_update is ReferentialAction.CASCADE
    author, editor = _rel(s, "author"), _rel(s, "editor")
    assert author.on_delete is ReferentialAction.RESTRICT
    assert editor.on_delete is ReferentialAction.SET_NULL and editor.on_update is ReferentialAction.NO_ACTION
    assert editor.fk_name == "post_editor_fk"
    members = _rel(s, "members")
    assert members.kind is RelationKind.MANY_TO_MANY and members.join_table == "_members"
    assert (members.referencing.model, members.referenced.model) == ("Group", "User")


def test_self_relations() -> None:
    s = ok(
        'model User {\n  id Int @id\n  followers User[] @relation("Follows")\n  following User[] @relation("Follows")\n'
        '  mentorId Int?\n  mentor User? @relation("Mentor", fields: [mentorId], references: [id])\n'
        '  mentees User[] @relation("Mentor")\n}\n'
        "model Node {\n  id Int @id\n  parentId Int?\n  parent Node? @relation(fields: [parentId], references: [id])\n"
        "  children Node[]\n}\n"
    )
    follows = _rel(s, "Follows")
    assert follows.kind is RelationKind.MANY_TO_MANY and follows.join_table == "_Follows" and follows.is_self
    assert _rel(s, "Mentor").kind is RelationKind.ONE_TO_MANY
    tree = _rel(s, "NodeToNode")
    assert (tree.referencing.field, tree.referenced.field) == ("parent", "children")


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("model A {\n  id Int @id\n  b B\n}\nmodel B {\n  id Int @id\n}\n", "E0401"),
        (
            "model A {\n  id Int @id\n  x B @relation(fields: [xId], references: [id])\n  xId Int\n"
            "  y B @relation(fields: [yId], references: [id])\n  yId Int\n}\nmodel B {\n  id Int @id\n  as A[]\n}\n",
            "E0402",
        ),
        (
            "model A {\n  id Int @id\n  bId Int\n  b B @relation(fields: [bId, id], references: [id])\n}\n"
            "model B {\n  id Int @id\n  as A[]\n}\n",
            "E0403",
        ),
        (
            "model A {\n  id Int @id\n  bId String\n  b B @relation(fields: [bId], references: [id])\n}\n"
            "model B {\n  id Int @id\n  as A[]\n}\n",
            "E0404",
        ),
        (
            "model A {\n  id Int @id\n  bId Int\n  b B @relation(fields: [bId], references: [n])\n}\n"
            "model B {\n  id Int @id\n  n Int\n  as A[]\n}\n",
            "E0405",
        ),
        (
            "model A {\n  id Int @id\n  bId Int\n  b B @relation(fields: [bIdd], references: [id])\n}\n"
            "model B {\n  id Int @id\n  as A[]\n}\n",
            "E0406",
        ),
        (
            "model A {\n  id Int @id\n  bId Int\n  b B @relation(fields: [bId], references: [id], onDelete: Boom)\n}\n"
            "model B {\n  id Int @id\n  as A[]\n}\n",
            "E0410",
        ),
    ],
)
def test_relation_errors(body: str, code: str) -> None:
    codes = [c for _, c in errors(body)]
    assert codes == [code]


def test_relations_agree_with_prisma_ddl() -> None:
    """Every foreign key and join table in Prisma's DDL goldens matches our resolved relations."""
    fk_re = re.compile(
        r'ALTER TABLE (?:"(\w+)"\.)?"(\w+)" ADD CONSTRAINT "(\w+)" FOREIGN KEY \(([^)]*)\) REFERENCES '
        r'(?:"(\w+)"\.)?"(\w+)"\(([^)]*)\) ON DELETE ([A-Z ]+) ON UPDATE ([A-Z ]+);'
    )
    sql_action = {a: a.value for a in ReferentialAction}
    spelled = {
        "Cascade": "CASCADE",
        "Restrict": "RESTRICT",
        "NoAction": "NO ACTION",
        "SetNull": "SET NULL",
        "SetDefault": "SET DEFAULT",
    }
    checked = 0
    for ddl in sorted(DDL.glob("*.postgres.sql")):
        name = ddl.name.split(".")[0]
        src = SAMPLES / name if (SAMPLES / name).is_dir() else SAMPLES / f"{name}.prisma"
        s = load_prisma(src).schema
        want = set()
        for m in fk_re.finditer(ddl.read_text()):
            if m.group(2).startswith("_"):
                continue
            cols = tuple(c.strip().strip('"') for c in m.group(4).split(","))
            refs = tuple(c.strip().strip('"') for c in m.group(7).split(","))
            want.add((m.group(2), cols, m.group(6), refs, m.group(8), m.group(9)))
        got = set()
        for r in s.relations:
            if r.kind is RelationKind.MANY_TO_MANY:
                continue
            src_m, dst_m = s.model(r.referencing.model), s.model(r.referenced.model)
            assert src_m is not None and dst_m is not None
            cols = tuple(src_m.scalar(f).db_name for f in r.fields)  # type: ignore[union-attr]
            refs = tuple(dst_m.scalar(f).db_name for f in r.references)  # type: ignore[union-attr]
            got.add(
                (
                    src_m.db_name,
                    cols,
                    dst_m.db_name,
                    refs,
                    spelled[sql_action[r.on_delete]],
                    spelled[sql_action[r.on_update]],
                )
            )
        assert got == want, name
        joins = set(re.findall(r'CREATE TABLE "(_\w+)"', ddl.read_text()))
        assert joins == {r.join_table for r in s.relations if r.kind is RelationKind.MANY_TO_MANY}, name
        checked += len(want)
    assert checked > 10


# -- syntax and robustness ---------------------------------------------------------------------


def test_recovery_reports_independent_errors() -> None:
    got = errors(
        "model A {\n  id Int @id\n  x Int @default(\n  y Int\n}\nmodle B {\n}\nmodel C {\n  id Int @id\n  z Strin\n}\n"
    )
    assert got == [(6, "E0002"), (9, "E0001"), (10, "E0001"), (13, "E0201")]


def test_unclosed_block_is_reported() -> None:
    got = errors("model A {\n  id Int @id\n")
    assert got == [(4, "E0006"), (5, "E0001")]  # Prisma: the block does not exist, each line is invalid


def test_diagnostics_are_sorted_and_located_at_the_most_specific_token() -> None:
    r = load("model A {\n  id Int @id\n  b Int @updatedAt\n  a Nope\n}\n")
    assert [d.span.line for d in r.diagnostics] == sorted(d.span.line for d in r.diagnostics)  # type: ignore[union-attr]
    text = r.sources["schema.prisma"].text
    assert [text[d.span.start : d.span.end] for d in r.diagnostics] == ["@updatedAt", "Nope"]  # type: ignore[union-attr]


def test_never_raises_on_mutated_schemas() -> None:
    """Random deletions/insertions/truncations of real schemas: always a result, never an exception."""
    rng = random.Random(20261130)
    texts = [p.read_text() for p in sorted(SAMPLES.glob("*.prisma"))]
    junk = ['"', "(", ")", "[", "]", "{", "}", "@", "@@", ",", ":", "=", "?", "\n", "//", "///", "x", "1", "-", "."]
    for i in range(400):
        text = rng.choice(texts)
        for _ in range(rng.randint(1, 6)):
            if not text:
                break
            pos = rng.randrange(len(text))
            op = rng.random()
            if op < 0.4:
                text = text[:pos] + text[pos + rng.randint(1, 20) :]
            elif op < 0.8:
                text = text[:pos] + rng.choice(junk) + text[pos:]
            else:
                text = text[:pos]
        r = load_prisma(text=text, name=f"mut{i}.prisma")
        assert all(d.code in CODES for d in r.diagnostics)
        render_text(r.diagnostics, r.sources)


def test_big_schema_loads_fast() -> None:
    parts = [PG]
    n = 1000
    for i in range(n):
        prev = f"  prevId Int?\n  prev M{i - 1}? @relation(fields: [prevId], references: [id])\n" if i else ""
        nxt = f"  nexts M{i + 1}[]\n" if i < n - 1 else ""
        parts.append(
            f"enum S{i} {{\n  A\n  B\n}}\n\nmodel M{i} {{\n  id Int @id @default(autoincrement())\n"
            f"  code String @unique\n  note String?\n  status S{i} @default(A)\n  createdAt DateTime @default(now())\n"
            f'{prev}{nxt}\n  @@index([status, createdAt])\n  @@map("m_{i}")\n}}\n\n'
        )
    text = "".join(parts)
    start = time.perf_counter()
    r = load_prisma(text=text)
    elapsed = time.perf_counter() - start
    assert r.ok and len(r.schema.models) == n and len(r.schema.relations) == n - 1
    assert elapsed < 2.0, f"{n} models took {elapsed:.2f}s"


def test_partial_indexes_preview_feature() -> None:
    header = PG + 'generator c {\n  provider = "prisma-client-js"\n  previewFeatures = ["partialIndexes"]\n}\n'
    s = ok(
        'model A {\n  id Int @id\n  x Int? @map("x_col")\n  s String\n  b Boolean\n\n'
        '  @@index([x], where: { x: { not: null } })\n  @@index([s], map: "i2", where: raw("x_col > 0"))\n'
        '  @@unique([s], where: { b: true, s: { not: "it\'s" } })\n}\n',
        header,
    )
    a = s.model("A")
    assert a is not None
    assert [i.where for i in a.indexes] == ['"x_col" IS NOT NULL', "x_col > 0", "\"b\" = true AND \"s\" != 'it''s'"]
    assert errors('model A {\n  id Int @id\n  x Int\n  @@index([x], where: raw("x > 0"))\n}\n') == [(7, "E0507")]


def test_constraint_names_are_not_checked_without_a_datasource() -> None:
    """Found by tools/fuzz_prisma_oracle.py: with no datasource Prisma has no connector and checks no
    constraint namespace, so two identical `@@index([b])` are accepted; with one they clash."""
    body = "model A {\n  id Int @id\n  b Int\n\n  @@index([b])\n  @@index([b])\n}\n"
    assert load_prisma(text=body).ok
    assert errors(body) == [(8, "E0313"), (9, "E0313")]
