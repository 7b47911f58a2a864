"""Lowering on hand-built IR: Prisma's names, types, defaults, join tables, per-dialect gaps."""

from __future__ import annotations

import pytest

from workbench.diagnostics import Severity
from workbench.dialects import lower, naming
from workbench.ir import (
    Datasource,
    Default,
    DefaultKind,
    Enum,
    EnumValue,
    Index,
    IndexField,
    IndexKind,
    Model,
    NativeType,
    PrimaryKey,
    ReferentialAction,
    Relation,
    RelationEnd,
    RelationField,
    RelationKind,
    ScalarField,
    ScalarType,
    Schema,
)


def sf(name: str, type_: ScalarType = ScalarType.STRING, **kw) -> ScalarField:
    return ScalarField(name=name, db_name=kw.pop("db_name", name), type=type_, **kw)


def pk(*names: str, **kw) -> PrimaryKey:
    return PrimaryKey(fields=tuple(IndexField(n) for n in names), **kw)


ROLE = Enum("Role", "Role", (EnumValue("USER", "USER"), EnumValue("ADMIN", "admin'x")))


def blog(provider: str = "postgresql") -> Schema:
    user = Model(
        "User",
        "User",
        fields=(
            sf("id", ScalarType.INT, default=Default(DefaultKind.AUTOINCREMENT)),
            sf("email"),
            sf("role", ScalarType.ENUM, enum="Role", default=Default(DefaultKind.ENUM, "ADMIN")),
            sf("tags", list=True, default=Default(DefaultKind.LITERAL, ("a", "b'c"))),
            sf("createdAt", ScalarType.DATETIME, default=Default(DefaultKind.NOW)),
            RelationField("posts", "Post", "PostToUser", list=True),
        ),
        primary_key=pk("id", field_level=True),
        indexes=(Index(IndexKind.UNIQUE, (IndexField("email"),), field_level=True),),
    )
    post = Model(
        "Post",
        "posts",
        fields=(
            sf("id", default=Default(DefaultKind.UUID, args=("4",))),
            sf("title", native_type=NativeType("VarChar", ("200",))),
            sf("authorId", ScalarType.INT, optional=True, db_name="author_id"),
            RelationField(
                "author",
                "User",
                "PostToUser",
                optional=True,
                fields=("authorId",),
                references=("id",),
                on_delete=ReferentialAction.SET_NULL,
            ),
            RelationField("categories", "Category", "CategoryToPost", list=True),
            sf("price", ScalarType.DECIMAL, default=Default(DefaultKind.LITERAL, "1000.50")),
            sf("data", ScalarType.JSON, default=Default(DefaultKind.LITERAL, '{"a": 1}')),
        ),
        primary_key=pk("id", field_level=True),
        indexes=(
            Index(IndexKind.UNIQUE, (IndexField("title"), IndexField("authorId"))),
            Index(IndexKind.INDEX, (IndexField("title", sort="Desc"),), type="Hash", db_name="title_hash"),
        ),
    )
    category = Model(
        "Category",
        "Category",
        fields=(
            sf("id", ScalarType.INT, default=Default(DefaultKind.AUTOINCREMENT)),
            RelationField("posts", "Post", "CategoryToPost", list=True),
        ),
        primary_key=pk("id", field_level=True),
    )
    relations = (
        Relation(
            "PostToUser",
            RelationKind.ONE_TO_MANY,
            RelationEnd("Post", "author"),
            RelationEnd("User", "posts"),
            fields=("authorId",),
            references=("id",),
            on_delete=ReferentialAction.SET_NULL,
            on_update=ReferentialAction.CASCADE,
        ),
        Relation(
            "CategoryToPost",
            RelationKind.MANY_TO_MANY,
            RelationEnd("Post", "categories"),
            RelationEnd("Category", "posts"),
            join_table="_CategoryToPost",
        ),
    )
    return Schema(
        models=(user, post, category), enums=(ROLE,), relations=relations, datasource=Datasource("db", provider)
    )


def test_postgres_names_types_defaults() -> None:
    db, diags = lower(blog(), "postgres")
    assert diags == ()
    user = db.table("User")
    assert user is not None and user.primary_key is not None
    assert user.primary_key.name == "User_pkey"
    id_col = user.column("id")
    assert id_col is not None and id_col.type == "INTEGER" and id_col.autoincrement and id_col.default is None
    assert user.column("role").default == "'admin''x'"  # the enum value's database name, escaped
    assert user.column("tags").type == "TEXT[]" and user.column("tags").nullable
    assert user.column("tags").default == "ARRAY['a', 'b''c']::TEXT[]"
    assert user.column("createdAt").default == "CURRENT_TIMESTAMP"
    assert [i.name for i in user.indexes] == ["User_email_key"]
    posts = db.table("posts")
    assert posts.column("id").default is None  # uuid() is client-side
    assert posts.column("title").type == "VARCHAR(200)"
    assert posts.column("price").default == "1000.50"
    assert posts.column("data").default == "'{\"a\": 1}'"
    # @@index before @@unique, like Prisma
    assert [(i.name, i.unique, i.method) for i in posts.indexes] == [
        ("title_hash", False, "HASH"),
        ("posts_title_author_id_key", True, None),
    ]
    (fk,) = posts.foreign_keys
    assert (fk.name, fk.columns, fk.ref_table, fk.on_delete, fk.on_update) == (
        "posts_author_id_fkey",
        ("author_id",),
        "User",
        "SET NULL",
        "CASCADE",
    )
    join = db.table("_CategoryToPost")
    assert [(c.name, c.type) for c in join.columns] == [("A", "INTEGER"), ("B", "TEXT")]
    assert join.primary_key.name == "_CategoryToPost_AB_pkey"
    assert [i.name for i in join.indexes] == ["_CategoryToPost_B_index"]
    assert [(f.name, f.ref_table, f.on_delete) for f in join.foreign_keys] == [
        ("_CategoryToPost_A_fkey", "Category", "CASCADE"),
        ("_CategoryToPost_B_fkey", "posts", "CASCADE"),
    ]
    assert [t.name for t in db.tables] == ["User", "posts", "Category", "_CategoryToPost"]
    assert db.enums[0].values == ("USER", "admin'x")


def test_sqlite_gaps_are_warnings() -> None:
    db, diags = lower(blog(), "sqlite")
    assert not any(d.is_error for d in diags)
    codes = sorted({d.code for d in diags})
    assert codes == ["W0501", "W0505", "W0506", "W0507"]  # hash index, VarChar, list, list default
    user = db.table("User")
    assert user.primary_key.name is None
    assert user.column("role").type == "TEXT"
    assert user.column("tags").type == "TEXT" and user.column("tags").default is None
    join = db.table("_CategoryToPost")
    assert join.primary_key is None
    assert [(i.name, i.unique) for i in join.indexes] == [
        ("_CategoryToPost_AB_unique", True),
        ("_CategoryToPost_B_index", False),
    ]
    assert db.enums == ()


def test_duckdb_gaps_are_warnings() -> None:
    db, diags = lower(blog(), "duckdb")
    by_code = {d.code: d for d in diags}
    assert set(by_code) == {"W0501", "W0502", "W0504", "W0505", "I0514"}
    assert by_code["I0514"].severity is Severity.INFO
    posts = db.table("posts")
    assert posts.column("title").type == "VARCHAR"
    assert posts.column("price").type == "DECIMAL(38,10)"
    assert all(fk.on_delete == fk.on_update == "NO ACTION" for t in db.tables for fk in t.foreign_keys)
    assert db.table("User").column("tags").default == "list_value('a', 'b''c')"


def test_unknown_dialect_is_an_error() -> None:
    db, diags = lower(blog(), "oracle")
    assert db.tables == () and diags[0].is_error and diags[0].code == "E0500"


def test_foreign_dbgenerated_is_not_carried_over() -> None:
    m = Model(
        "T",
        "T",
        fields=(
            sf("id", default=Default(DefaultKind.DBGENERATED, "gen_random_uuid()"), native_type=NativeType("Uuid")),
        ),
        primary_key=pk("id"),
    )
    schema = Schema(models=(m,), datasource=Datasource("db", "postgresql"))
    pg, pg_diags = lower(schema, "postgres")
    assert pg.tables[0].columns[0].default == "gen_random_uuid()" and pg_diags == ()
    lite, lite_diags = lower(schema, "sqlite")
    assert lite.tables[0].columns[0].default is None
    assert [d.code for d in lite_diags] == ["W0505", "W0507"]


@pytest.mark.parametrize(
    ("func", "args", "expected"),
    [
        (naming.primary_key_name, ("A" * 70,), "A" * 58 + "_pkey"),
        (naming.unique_index_name, ("T", ["c" * 70]), "T_" + "c" * 57 + "_key"),
        (naming.index_name, ("Üñíçødé", ["ä" * 34]), "Üñíçødé_" + "ä" * 22 + "_idx"),
        (naming.foreign_key_name, ("T", ["a", "b"]), "T_a_b_fkey"),
    ],
)
def test_prisma_name_truncation(func, args, expected) -> None:  # type: ignore[no-untyped-def]
    assert func(*args, 63) == expected
    assert len(expected.encode()) <= 63


def test_long_join_table_names() -> None:
    name = naming.join_table_name("_NotificationDeliveryPreferenceToNotificationTopicSubscription", 63)
    assert (
        naming.join_table_key_name(name, "_AB_pkey", 63)
        == "_NotificationDeliveryPreferenceToNotificationTopicSubsc_AB_pkey"
    )
    assert (
        naming.join_table_key_name(name, "_B_index", 63)
        == "_NotificationDeliveryPreferenceToNotificationTopicSubsc_B_index"
    )
    assert naming.join_table_fk_name(name, "A", 63) == "_NotificationDeliveryPreferenceToNotificationTopicSubscr_A_fkey"
