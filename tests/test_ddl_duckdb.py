"""DuckDB DDL: every sample lowered to DuckDB applies to a real in-memory DuckDB and creates
exactly the lowered tables, columns, keys and indexes (checked through duckdb_tables(),
duckdb_columns(), duckdb_constraints() and duckdb_indexes())."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tests.ddl_samples import OUR_DDL, feature_schemas, load, samples
from tests.golden import check_golden
from workbench.dialects import lower
from workbench.emit.sql import to_ddl
from workbench.ir import Database

SAMPLES = samples() + feature_schemas()


def check_database(con: duckdb.DuckDBPyConnection, database: Database) -> None:
    enums = {e.name for e in database.enums}
    tables = {(s, t) for s, t in con.execute("SELECT schema_name, table_name FROM duckdb_tables()").fetchall()}
    assert tables == {(t.schema or "main", t.name) for t in database.tables}
    for table in database.tables:
        schema = table.schema or "main"
        cols = con.execute(
            "SELECT column_name, data_type, is_nullable, column_default FROM duckdb_columns() "
            "WHERE schema_name = ? AND table_name = ? ORDER BY column_index",
            [schema, table.name],
        ).fetchall()
        assert [c[0] for c in cols] == [c.name for c in table.columns]
        for (name, data_type, nullable, default), column in zip(cols, table.columns, strict=True):
            assert nullable == column.nullable, name
            base = column.type.removesuffix("[]")
            if base in enums:
                assert data_type.startswith("ENUM("), (name, data_type)
            else:
                assert data_type == column.type, (table.name, name)
            if column.autoincrement:
                assert default is not None and default.startswith("nextval(")
            else:
                assert default == column.default, (table.name, name)
        constraints = con.execute(
            "SELECT constraint_type, constraint_column_names, referenced_table, referenced_column_names "
            "FROM duckdb_constraints() WHERE schema_name = ? AND table_name = ?",
            [schema, table.name],
        ).fetchall()
        pks = [tuple(c[1]) for c in constraints if c[0] == "PRIMARY KEY"]
        assert pks == ([table.primary_key.columns] if table.primary_key else [])
        fks = sorted((tuple(c[1]), c[2], tuple(c[3])) for c in constraints if c[0] == "FOREIGN KEY")
        assert fks == sorted((fk.columns, fk.ref_table, fk.ref_columns) for fk in table.foreign_keys)
        indexes = con.execute(
            "SELECT index_name, is_unique FROM duckdb_indexes() WHERE schema_name = ? AND table_name = ?",
            [schema, table.name],
        ).fetchall()
        assert sorted(indexes) == sorted((i.name, i.unique) for i in table.indexes)


@pytest.mark.parametrize(("name", "path"), SAMPLES, ids=[n for n, _ in SAMPLES])
def test_sample_applies_to_duckdb(name: str, path: Path, update_golden: bool) -> None:
    database, diagnostics = lower(load(path), "duckdb")
    assert not [d for d in diagnostics if d.is_error]
    ddl = to_ddl(database)
    check_golden(OUR_DDL / f"{name}.duckdb.sql", ddl, update_golden)
    con = duckdb.connect()
    con.execute(ddl)
    check_database(con, database)
    con.close()


def test_fk_cycle_is_broken_with_a_warning() -> None:
    from tests.test_lower import pk, sf
    from workbench.ir import Datasource, Model, Relation, RelationEnd, RelationKind, ScalarType, Schema

    a = Model(
        "A", "A", fields=(sf("id", ScalarType.INT), sf("bId", ScalarType.INT, optional=True)), primary_key=pk("id")
    )
    b = Model(
        "B", "B", fields=(sf("id", ScalarType.INT), sf("aId", ScalarType.INT, optional=True)), primary_key=pk("id")
    )
    rels = (
        Relation("AToB", RelationKind.ONE_TO_MANY, RelationEnd("A", None), RelationEnd("B", None), ("bId",), ("id",)),
        Relation("BToA", RelationKind.ONE_TO_MANY, RelationEnd("B", None), RelationEnd("A", None), ("aId",), ("id",)),
    )
    schema = Schema(models=(a, b), relations=rels, datasource=Datasource("db", "postgresql"))
    database, diagnostics = lower(schema, "duckdb")
    assert "W0511" in {d.code for d in diagnostics}
    assert sum(len(t.foreign_keys) for t in database.tables) == 1
    con = duckdb.connect()
    con.execute(to_ddl(database))
    check_database(con, database)


BUILTIN_ENUMS = """\
datasource db {
  provider = "postgresql"
}

enum Type {
  A
  B
}

enum Kind {
  X
  Y
  @@map("text")
}

enum Type_enum {
  P
}

enum Status {
  ON
}

model Item {
  id     Int       @id
  type   Type      @default(B)
  types  Type[]
  kind   Kind?
  other  Type_enum
  status Status
}
"""


def test_enum_named_like_a_builtin_type_is_renamed_with_a_located_warning() -> None:
    """Issue #12 item 14: `enum Type` collided with DuckDB's built-in `type` (so did `text`...)."""
    from workbench.loaders.prisma import load_prisma

    result = load_prisma(text=BUILTIN_ENUMS, name="builtin.prisma")
    assert not [d for d in result.diagnostics if d.is_error]
    database, diagnostics = lower(result.schema, "duckdb")
    warned = [d for d in diagnostics if d.code == "W0516"]
    assert [(d.span.line if d.span else None) for d in warned] == [5, 10]
    assert '"Type" is a built-in DuckDB type name' in warned[0].message and '"Type_enum2"' in warned[0].message
    assert warned[0].help and "@@map" in warned[0].help
    assert {e.name for e in database.enums} == {"Type_enum2", "text_enum", "Type_enum", "Status"}
    con = duckdb.connect()
    con.execute(to_ddl(database))
    check_database(con, database)
    con.execute("INSERT INTO \"Item\" (id, types, kind, other, status) VALUES (1, ['A', 'B'], 'X', 'P', 'ON')")
    assert con.execute('SELECT type, types, kind FROM "Item"').fetchall() == [("B", ["A", "B"], "X")]
    # Postgres has no such built-ins: the names stay as written there.
    pg, pg_diagnostics = lower(result.schema, "postgres")
    assert {e.name for e in pg.enums} == {"Type", "text", "Type_enum", "Status"}
    assert "W0516" not in {d.code for d in pg_diagnostics}


def test_builtin_type_names_match_the_installed_duckdb() -> None:
    """Every name CREATE TYPE refuses in the installed DuckDB is in BUILTIN_TYPE_NAMES (so an upgrade
    that adds built-in types shows up here) and every listed name is really refused."""
    from workbench.dialects.duckdb import BUILTIN_TYPE_NAMES

    con = duckdb.connect()
    installed = {
        n.lower()
        for (n,) in con.execute(
            "SELECT type_name FROM duckdb_types() WHERE internal AND database_name <> 'system'"
        ).fetchall()
    }
    assert installed <= BUILTIN_TYPE_NAMES
    for name in sorted(BUILTIN_TYPE_NAMES):
        quoted = '"' + name.title() + '"'
        with pytest.raises(duckdb.CatalogException, match="already exists"):
            con.execute(f"CREATE TYPE {quoted} AS ENUM ('a')")
    con.execute("CREATE TYPE \"Json\" AS ENUM ('a')")  # an extension type may be shadowed
