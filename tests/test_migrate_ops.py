"""Migration operations: every one reverses to itself twice over, and says what it does in one line."""

from __future__ import annotations

import pytest

from workbench.ir.database import DbColumn, DbEnum, DbForeignKey, DbIndex, DbIndexColumn, DbPrimaryKey, DbTable, DbView
from workbench.migrate import ops as o

USER = DbTable(
    "User",
    (DbColumn("id", "INTEGER", autoincrement=True), DbColumn("email", "TEXT")),
    primary_key=DbPrimaryKey("User_pkey", ("id",)),
    indexes=(DbIndex("User_email_key", (DbIndexColumn("email"),), unique=True),),
)
FK = DbForeignKey("Post_authorId_fkey", ("authorId",), "User", ("id",), on_delete="CASCADE")
ROLE = DbEnum("Role", ("USER", "ADMIN"))
EVERY_OP: list[o.Op] = [
    o.CreateSchema("audit"),
    o.DropSchema("audit"),
    o.CreateEnum(ROLE),
    o.DropEnum(ROLE),
    o.AlterEnum(ROLE, DbEnum("Role", ("USER", "EDITOR", "OWNER")), (("ADMIN", "OWNER"),)),
    o.CreateTable(USER),
    o.DropTable(USER),
    o.RenameTable((None, "User"), ("auth", "Member")),
    o.AddColumn((None, "User"), DbColumn("name", "TEXT", nullable=True)),
    o.DropColumn((None, "User"), DbColumn("name", "TEXT", nullable=True)),
    o.RenameColumn((None, "User"), "name", "fullName"),
    o.AlterColumn((None, "User"), DbColumn("age", "INTEGER", nullable=True), DbColumn("age", "BIGINT", default="0")),
    o.AddPrimaryKey((None, "User"), DbPrimaryKey("User_pkey", ("id",))),
    o.DropPrimaryKey((None, "User"), DbPrimaryKey(None, ("id",))),
    o.CreateIndex((None, "User"), USER.indexes[0]),
    o.DropIndex((None, "User"), USER.indexes[0]),
    o.RenameIndex((None, "User"), "a_idx", "b_idx"),
    o.RenameConstraint((None, "User"), "User_pkey", "Member_pkey"),
    o.AddForeignKey((None, "Post"), FK),
    o.DropForeignKey((None, "Post"), FK),
    o.CreateView(DbView("active", definition="SELECT 1")),
    o.DropView(DbView("active")),
]


@pytest.mark.parametrize("op", EVERY_OP, ids=lambda op: op.kind)
def test_reverse_twice_is_the_same_operation(op: o.Op) -> None:
    back = op.reverse()
    assert back != op and back.reverse() == op
    assert op.summary() and "\n" not in op.summary()


def test_every_operation_class_has_a_case() -> None:
    classes = {c for c in vars(o).values() if isinstance(c, type) and issubclass(c, o.Op) and c is not o.Op}
    assert classes == {type(op) for op in EVERY_OP}


def test_tables_hold_no_foreign_keys_those_are_operations_of_their_own() -> None:
    with_fk = DbTable("Post", (DbColumn("authorId", "INTEGER"),), foreign_keys=(FK,))
    assert o.CreateTable(with_fk).new.foreign_keys == () and o.DropTable(with_fk).old.foreign_keys == ()


def test_summaries_and_what_loses_data() -> None:
    alter = o.AlterEnum(ROLE, DbEnum("Role", ("USER", "EDITOR", "OWNER")), (("ADMIN", "OWNER"),))
    assert alter.added == ("EDITOR",) and alter.removed == () and not alter.loses_data
    assert alter.summary() == "alter enum Role: add EDITOR; rename ADMIN to OWNER"
    assert o.AlterEnum(ROLE, DbEnum("Role", ("USER",))).loses_data
    assert (
        o.DropColumn((None, "User"), DbColumn("x", "TEXT")).loses_data
        and not o.AddColumn((None, "U"), DbColumn("x", "T")).loses_data
    )
    assert (
        o.AddForeignKey((None, "Post"), FK).summary()
        == "add foreign key Post_authorId_fkey Post (authorId) -> User (id)"
    )
    assert o.RenameTable((None, "User"), ("auth", "Member")).summary() == "rename table User to auth.Member"
    steps = (o.CreateEnum(ROLE), o.AddColumn((None, "User"), DbColumn("role", "Role")))
    assert o.reverse_all(steps) == (o.DropColumn((None, "User"), DbColumn("role", "Role")), o.DropEnum(ROLE))
