"""GraphQL target: goldens, and the SDL built by graphql-core's ``build_schema`` (its real consumer)
with the expected types, fields, arguments and nullability."""

from __future__ import annotations

from pathlib import Path

import graphql  # graphql-core, a test dependency: missing it must fail, not skip
import pytest

from tests.emit_ts_cases import SAMPLE_IDS, SAMPLES, check_golden, load, rel, text_schema
from workbench.emit import graphql as gql_target
from workbench.emit.files import header_lines


def sample(name: str) -> Path:
    return SAMPLES[SAMPLE_IDS.index(name)]


def build(path: Path):  # -> graphql.GraphQLSchema
    files = gql_target.generate(load(path), source=rel(path))
    schema = graphql.build_schema(files["schema.graphql"])
    assert not graphql.validate_schema(schema)
    return schema, files


def type_str(t) -> str:
    return str(t)


@pytest.mark.parametrize("path", SAMPLES, ids=SAMPLE_IDS)
def test_sample_goldens_build(path: Path, update_golden: bool) -> None:
    schema, files = build(path)
    assert files["schema.graphql"].startswith(header_lines(rel(path), "#"))
    assert schema.query_type is not None and schema.mutation_type is not None
    check_golden("graphql", SAMPLE_IDS[SAMPLES.index(path)], files, update_golden, skip=frozenset())


def test_blog_sdl() -> None:
    schema, _ = build(sample("blog"))
    user = schema.get_type("User")
    fields = {n: type_str(f.type) for n, f in user.fields.items()}
    assert fields == {
        "id": "ID!",
        "email": "String!",
        "name": "String",
        "role": "Role!",
        "posts": "[Post!]!",
        "comments": "[Comment!]!",
        "createdAt": "DateTime!",
        "updatedAt": "DateTime!",
    }
    assert user.fields["email"].description == "Login name; must be unique across the site."
    assert user.description == "A registered author or reader."
    post = schema.get_type("Post")
    assert type_str(post.fields["author"].type) == "User!"  # relation fields both ways
    assert type_str(schema.get_type("Comment").fields["parent"].type) == "Comment"
    assert [v for v in schema.get_type("Role").values] == ["USER", "ADMIN"]
    assert isinstance(schema.get_type("DateTime"), graphql.GraphQLScalarType)
    assert schema.get_type("Json") is None  # only the scalars the schema uses
    create = schema.get_type("CreateUserInput").fields
    assert {n: type_str(f.type) for n, f in create.items()} == {
        "id": "ID",
        "email": "String!",
        "name": "String",
        "role": "Role",
        "createdAt": "DateTime",
        "updatedAt": "DateTime",
    }
    assert all(
        not isinstance(f.type, graphql.GraphQLNonNull) for f in schema.get_type("UpdatePostInput").fields.values()
    )
    assert "authorId" in schema.get_type("CreatePostInput").fields
    q = schema.query_type.fields
    assert type_str(q["user"].type) == "User" and {a: type_str(t.type) for a, t in q["user"].args.items()} == {
        "id": "ID!"
    }
    assert type_str(q["users"].type) == "[User!]!" and set(q["users"].args) == {"limit", "offset"}
    assert type_str(q["categories"].type) == "[Category!]!"
    m = schema.mutation_type.fields
    assert type_str(m["createUser"].args["data"].type) == "CreateUserInput!"
    assert {a: type_str(t.type) for a, t in m["updateUser"].args.items()} == {"id": "ID!", "data": "UpdateUserInput!"}
    assert type_str(m["deleteUser"].type) == "User"


def test_advanced_sdl() -> None:
    schema, files = build(sample("advanced"))
    for name in ("BigInt", "Bytes", "DateTime", "Decimal", "Json"):
        assert isinstance(schema.get_type(name), graphql.GraphQLScalarType), name
    account = schema.get_type("Account").fields
    assert type_str(account["creditLimit"].type) == "Decimal!"
    assert type_str(account["flags"].type) == "[String!]"
    assert type_str(account["avatar"].type) == "Bytes"
    assert "searchVec" not in account and "legacyCode" not in account
    assert schema.get_type("LegacyExport") is None
    # composite primary key: one argument per field
    q = schema.query_type.fields
    args = {a: type_str(t.type) for a, t in q["invoiceLine"].args.items()}
    assert args == {"invoiceId": "BigInt!", "position": "Int!"}
    assert {a: type_str(t.type) for a, t in q["planPrice"].args.items()} == {
        "planCode": "String!",
        "currency": "Currency!",
        "validFrom": "DateTime!",
    }
    # a view: read-only, queried by its unique field
    assert "accountRevenues" in q and "accountRevenue" in q
    assert "createAccountRevenue" not in schema.mutation_type.fields
    # `Subscription` would become the subscription root type: renamed and reported
    assert schema.subscription_type is None and schema.get_type("SubscriptionModel") is not None
    assert "createSubscriptionModel" in schema.mutation_type.fields
    codes = {(d.code, d.span.line) for d in files.diagnostics}
    assert ("W0805", 106) in codes and ("W0801", 56) in codes


def test_names_graphql_cannot_use() -> None:
    schema = text_schema(
        '''
        datasource db {
          provider = "postgresql"
        }
        enum Flag {
          on
          off
        }
        /// Say "hi" \\ """ here
        model Query {
          id   Int  @id
          flag Flag
        }
        '''
    )
    files = gql_target.generate(schema, source="x.prisma")
    built = graphql.build_schema(files["schema.graphql"])
    assert built.query_type.name == "Query" and "queryModel" in built.query_type.fields
    assert built.get_type("QueryModel").description == 'Say "hi" \\ """ here'
    assert [d.code for d in files.diagnostics] == ["W0805"]
