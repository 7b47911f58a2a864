"""``%load_ext workbench`` in a real IPython shell: ``%%prisma``, ``%sql`` / ``%%sql`` on DuckDB and PostgreSQL.

The shell is IPython's own ``InteractiveShell`` (what a kernel runs cells with): each test runs
cells with ``run_cell`` and reads what a user would see, the cell's result and the printed output.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest
from IPython.core.interactiveshell import InteractiveShell

from workbench.notebook import magics

BLOG = """%%prisma blog
datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

model User {
  id    Int    @id
  email String @unique
  posts Post[]
}

model Post {
  id       Int    @id
  title    String
  author   User   @relation(fields: [authorId], references: [id])
  authorId Int
}
"""

ROWS = """%%sql
-- two users, three posts
INSERT INTO "User" VALUES (1, 'ada@example.com'), (2, 'bob@example.com');
INSERT INTO "Post" VALUES (1, 'Notes', 1), (2, '100% sure', 1), (3, 'Hello', 2);
SELECT u.email, count(*) AS posts  -- the result of the last statement
FROM "User" u JOIN "Post" p ON p."authorId" = u.id
GROUP BY u.email ORDER BY u.email
"""


@pytest.fixture
def shell() -> Iterator[InteractiveShell]:
    ip = InteractiveShell.instance()
    ip.run_cell("%load_ext workbench")
    magics._current.clear()  # each test starts without a current connection
    try:
        yield ip
    finally:
        ip.run_cell("%unload_ext workbench")
        for name in ("blog", "db", "result", "who", "table", "bad"):
            ip.user_ns.pop(name, None)


def run(ip: InteractiveShell, cell: str) -> Any:
    result = ip.run_cell(cell)
    assert result.success, result.error_before_exec or result.error_in_exec
    return result.result


def fails(ip: InteractiveShell, cell: str, capsys: pytest.CaptureFixture[str]) -> str:
    """Run a cell that must fail; returns what the user saw (one line, no traceback)."""
    capsys.readouterr()
    result = ip.run_cell(cell)
    assert not result.success
    shown = capsys.readouterr()
    text = (shown.out + shown.err).strip()
    assert "Traceback" not in text and "File " not in text
    assert len(text.splitlines()) == 1, text
    assert text.startswith("error: ")
    return text


def test_prisma_cell_loads_the_schema_binds_it_and_shows_its_diagram(shell: InteractiveShell) -> None:
    loaded = run(shell, BLOG)
    assert shell.user_ns["blog"] is loaded
    assert loaded.ok and [m.name for m in loaded.models] == ["User", "Post"]
    bundle = loaded._repr_mimebundle_()
    assert bundle["text/plain"].startswith("blog.prisma (postgresql): 2 models")
    assert "ER diagram of blog.prisma" in bundle["text/plain"]
    assert "<svg" in bundle["text/html"] and "<?xml" not in bundle["text/html"]
    assert "CREATE TABLE" in str(loaded.to_sql("postgres"))


def test_prisma_cell_without_diagram(shell: InteractiveShell) -> None:
    loaded = run(shell, BLOG.replace("%%prisma blog", "%%prisma --no-diagram"))
    assert "blog" not in shell.user_ns
    bundle = loaded._repr_mimebundle_()
    assert "ER diagram" not in bundle["text/plain"] and "<svg" not in bundle["text/html"]


def test_broken_schema_shows_located_diagnostics_at_the_cells_lines(shell: InteractiveShell) -> None:
    cell = "%%prisma bad\nmodel User {\n  id    Int @id\n  posts Pst[]\n}\n"
    loaded = run(shell, cell)  # the cell succeeds: a broken schema displays, as wb.load does
    assert not loaded.ok and shell.user_ns["bad"] is loaded
    text = loaded._repr_mimebundle_()["text/plain"]
    assert "bad.prisma:4:9: error[E0201]" in text  # line 4 of the cell: `  posts Pst[]`, column of Pst
    assert "ER diagram" not in text
    assert "Traceback" not in text


def test_prisma_options_are_checked(shell: InteractiveShell, capsys: pytest.CaptureFixture[str]) -> None:
    assert "give a Python variable name" in fails(shell, "%%prisma 1blog\nmodel A {\n  id Int @id\n}", capsys)
    assert "unrecognized arguments: --nope" in fails(shell, "%%prisma --nope\nmodel A {\n  id Int @id\n}", capsys)


def test_sql_on_the_last_connected_database(shell: InteractiveShell) -> None:
    run(shell, BLOG)
    run(shell, "import workbench as wb\ndb = wb.connect()\ndb.apply(blog)")
    frame = run(shell, ROWS)
    assert isinstance(frame, pd.DataFrame)
    assert frame.to_dict("records") == [
        {"email": "ada@example.com", "posts": 2},
        {"email": "bob@example.com", "posts": 1},
    ]
    # the line magic, on the same (current) connection
    assert run(shell, '%sql SELECT count(*) AS n FROM "Post"').to_dict("records") == [{"n": 3}]


def test_default_connection_is_in_memory_duckdb(shell: InteractiveShell, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(shell, "%sql SELECT 1 + 1 AS two").to_dict("records") == [{"two": 2}]
    capsys.readouterr()
    run(shell, "%sql")
    assert capsys.readouterr().out.strip() == "current connection: duckdb:///:memory:"


def test_parameters_and_templates(shell: InteractiveShell) -> None:
    run(shell, BLOG)
    run(shell, "import workbench as wb\ndb = wb.connect()\ndb.apply(blog)")
    run(shell, ROWS)
    run(shell, 'who = "bob@example.com\'; DROP TABLE x; --"\ntable = \'"Post"\'')
    # :who is a bound value (quoted by the driver), {{table}} is text
    assert run(shell, "%sql SELECT count(*) AS n FROM {{table}} WHERE title = :who").to_dict("records") == [{"n": 0}]
    run(shell, "who = 'bob@example.com'")
    frame = run(shell, "%%sql\nSELECT id FROM \"User\" WHERE email = :who AND ':who' <> 'x' -- :who in a comment")
    assert frame.to_dict("records") == [{"id": 2}]
    assert run(shell, "%sql SELECT {{ 20 + 22 }} AS answer, '1::int' AS cast_text").to_dict("records") == [
        {"answer": 42, "cast_text": "1::int"}
    ]


def test_saving_the_result(shell: InteractiveShell) -> None:
    assert run(shell, "%sql result << SELECT 7 AS n") is None
    assert shell.user_ns["result"].to_dict("records") == [{"n": 7}]
    assert run(shell, "%%sql result <<\nSELECT 8 AS n;\nSELECT 9 AS n") is None
    assert shell.user_ns["result"].to_dict("records") == [{"n": 9}]


def test_switching_connections(shell: InteractiveShell, tmp_path: Any) -> None:
    path = tmp_path / "switch.duckdb"
    run(shell, f"%sql duckdb:///{path}")
    run(shell, "%sql CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2)")
    assert run(shell, "%sql SELECT sum(x) AS s FROM t").to_dict("records") == [{"s": 3}]
    # --connection runs there and makes it current
    frame = run(shell, "%sql --connection duckdb:// SELECT count(*) AS n FROM information_schema.tables")
    assert frame.to_dict("records") == [{"n": 0}]
    assert "t" not in set(run(shell, "%sql SHOW TABLES").get("name", []))


def test_database_errors_are_one_line(shell: InteractiveShell, capsys: pytest.CaptureFixture[str]) -> None:
    text = fails(shell, "%%sql\nSELECT 1;\nSELECT * FROM missing_table", capsys)
    assert text.startswith("error: statement 2 of 2 failed on duckdb")
    assert "missing_table" in text
    assert "only comments" in fails(shell, "%%sql\n-- nothing here\n", capsys)
    assert "NameError" in fails(shell, "%sql SELECT {{ not_defined }}", capsys)


def test_postgres(shell: InteractiveShell, pg_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    # the test server trusts local users, so a password in the URL is accepted and must never be shown
    url = pg_url.replace("://", "://postgres:hunter2@", 1) if "@" not in pg_url else pg_url
    run(shell, BLOG)
    run(shell, f"%sql {url}")
    run(shell, "import workbench as wb\nfrom workbench.notebook.magics import current\ncurrent().apply(blog)")
    frame = run(shell, ROWS)
    assert frame.to_dict("records") == [
        {"email": "ada@example.com", "posts": 2},
        {"email": "bob@example.com", "posts": 1},
    ]
    run(shell, "who = 'ada@example.com'")
    # a literal % beside a bound parameter: psycopg reads every % of such a query, so it is escaped
    query = 'SELECT title FROM "Post" WHERE "authorId" = (SELECT id FROM "User" WHERE email = :who)'
    frame = run(shell, f"%sql {query} AND title NOT LIKE '%xyz%' ORDER BY id")
    assert frame["title"].tolist() == ["Notes", "100% sure"]
    text = fails(shell, '%sql SELECT nope FROM "User"', capsys)
    assert text.startswith("error: the query failed on postgres (")
    assert 'column "nope" does not exist' in text
    assert "hunter2" not in text
    # a server that cannot be reached: one line, password masked
    text = fails(shell, "%sql postgresql://me:s3cret@127.0.0.1:1/db?connect_timeout=2", capsys)
    assert "s3cret" not in text and "****" in text


def test_wb_connect_becomes_current(shell: InteractiveShell, pg_url: str) -> None:
    run(shell, f"import workbench as wb\ndb = wb.connect({pg_url!r})")
    assert run(shell, "%sql SELECT current_database() AS name")["name"][0] == pg_url.rsplit("/", 1)[1]
    run(shell, "db2 = wb.connect()\ndb2.sql('CREATE TABLE mine (x INTEGER)')")
    assert run(shell, "%sql SELECT count(*) AS n FROM mine")["n"][0] == 0
    # a database the session let go of is not kept alive: the magic opens a fresh in-memory DuckDB
    run(shell, "del db2\nimport gc\ngc.collect()")
    assert run(shell, "%sql SELECT count(*) AS n FROM information_schema.tables")["n"][0] == 0
