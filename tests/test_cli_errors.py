"""Every bad command line is one line on stderr and exit 1 or 2, never a traceback (#12 items 9, 10).

The real CLI runs as a subprocess (``python -m workbench``). The connection failures of item 9
and ``format``'s unreadable inputs are covered by their own tests; here: bare database paths,
``--depth``, ``-o`` into a folder, a file or an unwritable place, empty paths, ``--dialect`` for
targets without dialects, diagram formats from suffixes, and the last-resort guard.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.cli_run import workbench as run
from workbench.render import renderer

ROOT = Path(__file__).resolve().parent.parent
BLOG = str(ROOT / "sample_schemas" / "blog.prisma")
COMMANDS = ("check", "export", "format", "diagram", "lint", "seed", "profile", "pull")


def one_line(r: subprocess.CompletedProcess[str], code: int) -> str:
    """The single stderr line of a failed run (asserting the exit code and that there is no traceback)."""
    assert "Traceback" not in r.stderr, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("error: "), r.stderr
    assert r.returncode == code, (r.returncode, r.stderr)
    return lines[0]


def make_duckdb(path: Path) -> Path:
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE customer (id INTEGER PRIMARY KEY, email VARCHAR NOT NULL UNIQUE)")
    con.close()
    return path


def make_sqlite(path: Path) -> Path:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE customer (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE)")
    con.commit()
    con.close()
    return path


# --- item 9: bare database paths -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "engine"),
    [
        ("blog.duckdb", "duckdb"),
        ("blog.db", "duckdb"),  # .db is used by both engines: the header decides
        ("blog.db", "sqlite"),
        ("shop.sqlite", "sqlite"),
        ("shop.sqlite3", "sqlite"),
        ("data.bin", "sqlite"),  # no telling suffix at all: the header still decides
        ("data.bin", "duckdb"),
    ],
)
def test_pull_reads_a_bare_database_path(tmp_path: Path, name: str, engine: str) -> None:
    (make_duckdb if engine == "duckdb" else make_sqlite)(tmp_path / name)
    r = run("pull", name, cwd=tmp_path)  # relative, exactly as the issue typed it
    assert r.returncode == 0, r.stderr
    assert "model customer {" in r.stdout and "email" in r.stdout
    assert "Traceback" not in r.stderr


def test_schema_commands_read_a_database_file_too(tmp_path: Path) -> None:
    make_duckdb(tmp_path / "shop.duckdb")
    r = run("check", "shop.duckdb", cwd=tmp_path)
    assert r.returncode == 0 and "1 model" in r.stdout, r.stderr
    r = run("diagram", "shop.duckdb", "--format", "mermaid", cwd=tmp_path)
    assert r.returncode == 0 and "customer {" in r.stdout, r.stderr
    r = run("export", "shop.duckdb", "--to", "sql", cwd=tmp_path)
    assert r.returncode == 0 and 'CREATE TABLE "customer"' in r.stdout, r.stderr


def test_missing_or_fake_database_files(tmp_path: Path) -> None:
    line = one_line(run("pull", "nothere.duckdb", cwd=tmp_path), 1)
    assert "nothere.duckdb" in line and "no such" in line
    assert not (tmp_path / "nothere.duckdb").exists()  # reading never creates a database
    (tmp_path / "notes.sqlite").write_text("these are not tables\n")
    line = one_line(run("pull", "notes.sqlite", cwd=tmp_path), 1)
    assert "notes.sqlite" in line and "not a DuckDB or SQLite database" in line
    line = one_line(run("pull", BLOG), 2)
    assert "already a Prisma schema" in line


# --- item 9: --depth, -o of the wrong kind, unwritable -o, empty paths -----------------------------


@pytest.mark.parametrize("depth", ["-5", "-1", "x"])
def test_diagram_depth_must_be_a_count(depth: str) -> None:
    line = one_line(run("diagram", BLOG, "--focus", "User", "--depth", depth, "--format", "dot"), 2)
    assert "--depth" in line and "--help" in line


def test_export_sql_into_an_existing_folder(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine\n")
    line = one_line(run("export", BLOG, "--to", "sql", "-o", str(tmp_path)), 2)
    assert "is a folder" in line and f"{tmp_path / 'schema.sql'}" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"]


def test_export_code_into_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "out.ts"
    target.write_text("mine\n")
    line = one_line(run("export", BLOG, "--to", "drizzle", "-o", str(target)), 2)
    assert "is a file" in line and target.read_text() == "mine\n"


OUTPUTS = {  # command line with {out}: a file or folder to create
    "export sql": ("export", BLOG, "--to", "sql", "-o", "{out}.sql"),
    "export drizzle": ("export", BLOG, "--to", "drizzle", "-o", "{out}"),
    "export trpc": ("export", BLOG, "--to", "trpc", "-o", "{out}"),
    "diagram": ("diagram", BLOG, "-o", "{out}.mmd"),
    "diagram dot": ("diagram", BLOG, "-o", "{out}.dot"),
    "pull": ("pull", str(ROOT / "tests" / "golden" / "prisma_ddl" / "blog.postgres.sql"), "-o", "{out}.prisma"),
}


@pytest.mark.parametrize("command", sorted(OUTPUTS))
@pytest.mark.parametrize("where", ["under a file", "proc"])
def test_unwritable_output_is_one_line(tmp_path: Path, command: str, where: str) -> None:
    """Root can write anywhere chmod allows, so the unwritable places are ones no user can write:
    below a regular file (ENOTDIR) and inside /proc (no new entries there)."""
    if where == "under a file":
        blocker = tmp_path / "a-file"
        blocker.write_text("x")
        out = str(blocker / "sub" / "out")
    else:
        out = f"/proc/workbench-test-{tmp_path.name}/out"
    args = [a.replace("{out}", out) for a in OUTPUTS[command]]
    line = one_line(run(*args), 1)
    assert "cannot" in line and out.rsplit("/", 2)[0] in line
    if where == "under a file":
        assert (tmp_path / "a-file").read_text() == "x"


@pytest.mark.parametrize(
    "args",
    [
        ("check", ""),
        ("export", "", "--to", "sql"),
        ("diagram", ""),
        ("format", ""),
        ("pull", ""),
        ("export", BLOG, "--to", "sql", "-o", ""),
        ("diagram", BLOG, "-o", " "),
    ],
)
def test_empty_paths_are_refused_not_read_as_the_current_folder(args: tuple[str, ...]) -> None:
    line = one_line(run(*args), 2)
    assert "empty path" in line


# --- item 10: --dialect and diagram formats ----------------------------------------------------------


@pytest.mark.parametrize("target", ["drizzle", "zod", "typescript", "trpc", "graphql", "pydantic"])
def test_dialect_is_refused_for_targets_without_dialects(target: str) -> None:
    line = one_line(run("export", BLOG, "--to", target, "--dialect", "sqlite"), 2)
    assert "--to sql" in line and "--to sqlalchemy" in line


def test_dialect_picks_sqlalchemy_flavour(tmp_path: Path) -> None:
    default = run("export", BLOG, "--to", "sqlalchemy")
    sqlite_models = run("export", BLOG, "--to", "sqlalchemy", "--dialect", "sqlite")
    assert default.returncode == 0 and sqlite_models.returncode == 0, sqlite_models.stderr
    assert "postgresql" in default.stdout and "from sqlalchemy.dialects import postgresql" in default.stdout
    assert "from sqlalchemy.dialects import postgresql" not in sqlite_models.stdout
    line = one_line(run("export", BLOG, "--to", "sqlalchemy", "--dialect", "duckdb"), 2)
    assert "postgres or sqlite" in line


def test_diagram_dialect_needs_the_database_view() -> None:
    line = one_line(run("diagram", BLOG, "--dialect", "sqlite", "--format", "dot"), 2)
    assert "--view database" in line
    assert run("diagram", BLOG, "--view", "database", "--dialect", "sqlite", "--format", "dot").returncode == 0


MAGIC = {
    "x.jpg": b"\xff\xd8\xff",
    "x.jpeg": b"\xff\xd8\xff",
    "x.gif": b"GIF8",
    "x.png": b"\x89PNG",
    "x.pdf": b"%PDF",
    "x.svg": b"<?xml",
    "x.webp": b"RIFF",
    "x.dot": b"digraph",
    "x.mmd": b"erDiagram",
    "x.dbml": b"Table",
}


@pytest.mark.parametrize("name", sorted(MAGIC))
def test_diagram_format_follows_the_suffix(tmp_path: Path, name: str) -> None:
    out = tmp_path / name
    r = run("diagram", BLOG, "-o", str(out))
    needs_graphviz = name.split(".")[1] not in ("dot", "mmd", "dbml")
    if needs_graphviz and renderer() is None:
        one_line(r, 1)  # no graphviz: says so, writes nothing
        assert not out.exists()
        return
    assert r.returncode == 0, r.stderr
    assert out.read_bytes().startswith(MAGIC[name])


def test_diagram_format_that_contradicts_the_suffix(tmp_path: Path) -> None:
    out = tmp_path / "x.svg"
    line = one_line(run("diagram", BLOG, "-o", str(out), "--format", "png"), 2)
    assert "x.svg" in line and "png" in line
    assert not out.exists()


def test_diagram_unknown_suffix_lists_the_known_ones(tmp_path: Path) -> None:
    line = one_line(run("diagram", BLOG, "-o", str(tmp_path / "x.bmp")), 2)
    assert ".svg" in line and ".jpg" in line and ".mmd" in line
    assert not (tmp_path / "x.bmp").exists()
    r = run("diagram", BLOG, "-o", str(tmp_path / "x.txt"), "--format", "mermaid")  # explicit: fine
    assert r.returncode == 0 and (tmp_path / "x.txt").read_text().startswith("erDiagram")


def test_dash_means_stdout() -> None:
    r = run("export", BLOG, "--to", "sql", "-o", "-")
    assert r.returncode == 0 and "CREATE TABLE" in r.stdout
    assert not (ROOT / "-").exists()


# --- the guard: no arguments, unknown commands, --help, unexpected exceptions --------------------------


def test_no_arguments_unknown_command_and_option() -> None:
    assert "choose one of check" in one_line(run(), 2)
    assert "did you mean `check`" in one_line(run("chek", BLOG), 2)
    assert "unknown command `nope`" in one_line(run("nope"), 2)
    assert "unknown option `--bogus`" in one_line(run("--bogus"), 2)
    assert "--help" in one_line(run("check", BLOG, "--bogus"), 2)


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_for_every_command(command: str) -> None:
    r = run(*([command] if command else []), "--help")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("usage: workbench") and r.stderr == ""


GUARD = "import sys; from workbench.cli.guard import guarded; sys.exit(guarded('check', sys.argv[1:], {body}))"


def guard(body: str, *argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run(
        [sys.executable, "-c", GUARD.format(body=body), *argv],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


def test_unexpected_exception_is_one_line_naming_it_and_the_command() -> None:
    r = guard("lambda: 1 / 0")
    line = one_line(r, 1)
    assert "ZeroDivisionError" in line and "`workbench check`" in line and "WORKBENCH_DEBUG=1" in line
    r = guard("lambda: 1 / 0", env={"WORKBENCH_DEBUG": "1"})
    assert r.returncode == 1 and "Traceback" in r.stderr and "ZeroDivisionError" in r.stderr


def test_unexpected_exception_never_shows_a_password_from_the_command_line() -> None:
    url = "postgresql://app:Canary-s3cret@db.example:5432/shop"
    r = guard(f"lambda: (_ for _ in ()).throw(RuntimeError('cannot reach {url}'))", "pull", url)
    line = one_line(r, 1)
    assert "Canary-s3cret" not in line and "app:****@db.example" in line


def test_os_errors_become_the_path_and_the_reason(tmp_path: Path) -> None:
    missing = tmp_path / "nope" / "x.prisma"
    line = one_line(guard(f"lambda: open({str(missing)!r})"), 1)
    assert line == f"error: {missing}: no such file or folder"
    line = one_line(guard(f"lambda: open({str(tmp_path)!r}, 'w')"), 1)
    assert line == f"error: {tmp_path}: is a folder, not a file"


@pytest.mark.parametrize(
    ("args", "command"),
    [
        (("seed", BLOG, "--fanout", "bogus"), "seed"),
        (("seed",), "seed"),
        (("profile", "--db", "x.duckdb", "--query", "select 1", "--runs", "x"), "profile"),
        (("profile",), "profile"),
        (("lint", BLOG, "--bogus"), "lint"),
        (("lint",), "lint"),
    ],
)
def test_delegated_commands_share_the_guard(args: tuple[str, ...], command: str) -> None:
    """seed, profile and lint have their own parsers: their usage errors are one line too, exit 2,
    pointing at their own --help."""
    r = run(*args)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.startswith("error: ") and r.stderr.count("\n") == 1, r.stderr
    assert r.stderr.rstrip().endswith(f"(see `workbench {command} --help`)")


def test_a_closed_pipe_is_not_a_traceback() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "workbench", "export", BLOG, "--to", "sql"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before anything is written, like `| head` that already quit
    err = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert "Traceback" not in err and "BrokenPipe" not in err and "Exception ignored" not in err
    assert proc.returncode == 1
