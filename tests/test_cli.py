"""The `workbench` command, run as a real subprocess (exit codes, output, atomic writes)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parent.parent
BLOG = ROOT / "sample_schemas" / "blog.prisma"

BROKEN = """datasource db {
  provider = "postgresql"
}

model User {
  id    String @id @default(uuid())
  posts Post[]
}

model Post {
  id       Int    @id @default(autoincrement())
  authorId String
  author   Usr    @relation(fields: [authorId], references: [id])
}
"""


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "workbench", *args], cwd=cwd, capture_output=True, text=True)


def test_check_valid_schema_prints_one_line_summary() -> None:
    r = run("check", str(BLOG))
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("\n") == 1
    assert "0 errors" in r.stdout and "models" in r.stdout


def test_check_broken_schema_prints_located_error_and_exits_1(tmp_path: Path) -> None:
    f = tmp_path / "broken.prisma"
    f.write_text(BROKEN)
    r = run("check", "broken.prisma", cwd=tmp_path)
    assert r.returncode == 1
    assert "broken.prisma:13:" in r.stderr
    assert "Usr" in r.stderr and "User" in r.stderr  # the typo and the suggestion
    assert "Traceback" not in r.stderr


def test_check_json(tmp_path: Path) -> None:
    import json

    f = tmp_path / "broken.prisma"
    f.write_text(BROKEN)
    r = run("check", str(f), "--json")
    data = json.loads(r.stdout)
    assert r.returncode == 1 and data["ok"] is False
    assert any(d["span"]["line"] == 13 for d in data["diagnostics"])


def test_check_missing_file_is_a_clear_error() -> None:
    r = run("check", "no/such/schema.prisma")
    assert r.returncode == 1
    assert "no such file" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("dialect", ["postgres", "duckdb", "sqlite"])
def test_export_sql_to_file(tmp_path: Path, dialect: str) -> None:
    out = tmp_path / "out" / f"blog.{dialect}.sql"
    r = run("export", str(BLOG), "--to", "sql", "--dialect", dialect, "-o", str(out))
    assert r.returncode == 0, r.stderr
    text = out.read_text()
    assert 'CREATE TABLE "User"' in text or 'CREATE TABLE "users"' in text or "CREATE TABLE" in text
    if dialect == "duckdb":
        con = duckdb.connect()
        con.execute(text)
        assert con.execute("select count(*) from duckdb_tables()").fetchone()[0] >= 3


def test_export_of_broken_schema_leaves_existing_output_untouched(tmp_path: Path) -> None:
    (tmp_path / "broken.prisma").write_text(BROKEN)
    out = tmp_path / "schema.sql"
    out.write_text("-- previous version\n")
    r = run("export", "broken.prisma", "--to", "sql", "-o", str(out), cwd=tmp_path)
    assert r.returncode == 1
    assert out.read_text() == "-- previous version\n"
    assert "broken.prisma:13:" in r.stderr


def test_pull_duckdb_file_into_valid_prisma(tmp_path: Path) -> None:
    db = tmp_path / "shop.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE customer (id INTEGER PRIMARY KEY, email VARCHAR NOT NULL UNIQUE)")
    con.execute(
        "CREATE TABLE orders (id INTEGER PRIMARY KEY,"
        " customer_id INTEGER NOT NULL REFERENCES customer(id), total DOUBLE)"
    )
    con.close()
    out = tmp_path / "pulled.prisma"
    r = run("pull", f"duckdb:///{db}", "-o", str(out))
    assert r.returncode == 0, r.stderr
    text = out.read_text()
    assert "model customer" in text and "model orders" in text
    check = run("check", str(out))
    assert check.returncode == 0, check.stderr


def test_check_and_pull_sql_ddl(tmp_path: Path) -> None:
    ddl = ROOT / "tests" / "golden" / "prisma_ddl" / "blog.postgres.sql"
    r = run("check", str(ddl))
    assert r.returncode == 0, r.stderr
    assert "5 models" in r.stdout
    out = tmp_path / "from_sql.prisma"
    r = run("pull", str(ddl), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert "model Post" in out.read_text()
    assert run("check", str(out)).returncode == 0


def test_sql_syntax_error_is_located_and_nothing_written(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sql"
    bad.write_text("CREATE TABLE a (id INTEGER PRIMARY KEY);\nCREATE TABLE b (id INTEGER PRIMARY KEY;\n")
    out = tmp_path / "schema.prisma"
    r = run("pull", str(bad), "--from", "sqlite", "-o", str(out))
    assert r.returncode == 1
    assert "bad.sql:2:" in r.stderr and "Traceback" not in r.stderr
    assert not out.exists()


MESSY = 'datasource db {\nprovider="postgresql"\n}\nmodel A {\nid Int @id\n  name    String @unique  // c\n}\n'
TIDY = 'datasource db {\n  provider = "postgresql"\n}\n\nmodel A {\n  id   Int    @id\n  name String @unique // c\n}\n'


def test_format_check_write_and_stdout(tmp_path: Path) -> None:
    f = tmp_path / "messy.prisma"
    f.write_text(MESSY)
    r = run("format", str(f))
    assert r.returncode == 0 and r.stdout == TIDY  # TIDY is `prisma format`'s output for MESSY
    assert f.read_text() == MESSY  # printing never writes
    r = run("format", str(f), "--check")
    assert r.returncode == 1 and f"would reformat {f}" in r.stdout
    r = run("format", str(f), "--write")
    assert r.returncode == 0 and f.read_text() == TIDY
    assert run("format", str(f), "--check").returncode == 0


def test_format_write_leaves_a_broken_schema_alone(tmp_path: Path) -> None:
    f = tmp_path / "broken.prisma"
    broken = MESSY.replace("id Int @id", "id Int @id\n  x Nope")
    f.write_text(broken)
    r = run("format", str(f), "--write")
    assert r.returncode == 1
    assert "broken.prisma:6:" in r.stderr and "Traceback" not in r.stderr
    assert f.read_text() == broken


def test_seed_command_fills_a_duckdb_file(tmp_path: Path) -> None:
    db = tmp_path / "blog.duckdb"
    r = run("seed", str(BLOG), "--db", f"duckdb:///{db}", "--rows", "50", "--apply")
    assert r.returncode == 0, r.stderr
    assert "User" in r.stdout
    con = duckdb.connect(str(db))
    assert con.execute('SELECT count(*) FROM "Post"').fetchone()[0] == 50
    orphans = con.execute('SELECT count(*) FROM "Post" p LEFT JOIN "User" u ON u.id = p."authorId" WHERE u.id IS NULL')
    assert orphans.fetchone()[0] == 0
    assert run("seed", "--help").returncode == 0


def test_profile_command_prints_plan_and_json(tmp_path: Path) -> None:
    import json

    db = tmp_path / "p.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE t AS SELECT range AS id, range % 7 AS g FROM range(1000)")
    con.close()
    r = run("profile", "--db", f"duckdb:///{db}", "--query", "SELECT g, count(*) FROM t GROUP BY g", "--runs", "2")
    assert r.returncode == 0, r.stderr
    assert "SEQ_SCAN" in r.stdout and "7 rows" in r.stdout
    r = run("profile", "--db", f"duckdb:///{db}", "--query", "SELECT * FROM t WHERE id < 10", "--json", "--runs", "2")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["rows"] == 10
