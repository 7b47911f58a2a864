"""``workbench.testing`` as a user meets it: pytest run on an example project in a temporary folder.

Each test writes a small project (the blog schema, a migrations folder, test files using the
plugin's fixtures and helpers) and runs pytest on it in a subprocess with ``-p
workbench.testing.plugin``, against DuckDB and against this session's PostgreSQL server (given
with ``--workbench-pg-url``). Tests with "planted" in their id plant a problem and must fail with a
message naming it; everything else must pass; and no database may be left on the server.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import psycopg

import workbench as wb

ROOT = Path(__file__).resolve().parents[1]
BLOG = ROOT / "sample_schemas" / "blog.prisma"
PLUGIN = "workbench.testing.plugin"


def _pytest(
    project: Path, *args: str, plugin: bool = True, extra_path: str | None = None, autoload: bool = False
) -> tuple[int, str]:
    """pytest on ``project`` in a subprocess; the exit code and the output. Other installed plugins
    stay out (``PYTEST_DISABLE_PLUGIN_AUTOLOAD``: nbval and hypothesis cost seconds to start) unless
    ``autoload``, which the entry point's test needs."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WORKBENCH_", "PYTEST_"))}
    if not autoload:
        env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    env["PYTHONPATH"] = os.pathsep.join([p for p in (extra_path, str(ROOT)) if p])
    cmd = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rfE", "-v", *args]
    if plugin:
        cmd[3:3] = ["-p", PLUGIN]
    proc = subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=600)
    return proc.returncode, proc.stdout + proc.stderr


def _outcomes(output: str) -> dict[str, str]:
    return dict(re.findall(r"^(\S+::\S+) (PASSED|FAILED|ERROR|SKIPPED)", output, re.M))


def _leftovers(server: str) -> list[str]:
    with psycopg.connect(server, autocommit=True, connect_timeout=10) as con:
        return [r[0] for r in con.execute("SELECT datname FROM pg_database WHERE datname LIKE 'wb\\_%' ORDER BY 1")]


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


def _ini(**options: str) -> str:
    """A ``pyproject.toml`` with these pytest ini options."""
    return "[tool.pytest.ini_options]\n" + "".join(f'{k} = "{v}"\n' for k, v in options.items())


def _blog_project(root: Path) -> Path:
    project = root / "blog"
    project.mkdir()
    blog = BLOG.read_text(encoding="utf-8")
    (project / "schema.prisma").write_text(blog, encoding="utf-8")
    loose = blog.replace('url      = env("DATABASE_URL")', 'url      = env("DATABASE_URL")\n  relationMode = "prisma"')
    assert loose != blog
    (project / "loose.prisma").write_text(loose, encoding="utf-8")
    _write(
        project,
        {
            "pyproject.toml": _ini(workbench_schema="schema.prisma", workbench_seed="42", workbench_rows="5"),
            "test_data.py": """
                import uuid

                import pytest

                import workbench as wb

                from workbench.testing import (
                    assert_constraints_hold, assert_row_counts, assert_seed_deterministic, row_counts,
                )

                both = pytest.mark.parametrize("wb_engine", ["duckdb", "postgres"])

                @both
                def test_seeded_database(wb_db, wb_schema, wb_engine):
                    assert wb_db.dialect == wb_engine
                    assert_constraints_hold(wb_db, wb_schema)
                    assert_row_counts(wb_db, {"User": 5, "Post": 5, "Comment": 5})

                @both
                def test_commits_stay_in_the_test(wb_db, wb_db_url):
                    wb_db.sql('DELETE FROM "Comment"')
                    with wb.connect(wb_db_url) as app:  # the code under test, on its own connection
                        assert row_counts(app)["Comment"] == 0

                @both
                def test_each_test_gets_a_fresh_copy(wb_db):
                    assert row_counts(wb_db)["Comment"] == 5

                @both
                @pytest.mark.workbench(seed=None)
                def test_marker_turns_the_seed_off(wb_db):
                    assert_row_counts(wb_db, 0)

                @both
                def test_seed_is_deterministic(wb_schema, wb_new_db):
                    assert_seed_deterministic(wb_schema, wb_new_db, seed=7, rows=5)

                @both
                def test_planted_random_seed_script(wb_schema, wb_new_db):
                    def fill(db):
                        db.sql(f"INSERT INTO \\"Tag\\" (\\"label\\") VALUES ('{uuid.uuid4()}')")
                    assert_seed_deterministic(wb_schema, wb_new_db, fill)

                @both
                @pytest.mark.workbench(schema="loose.prisma", seed=None)
                def test_planted_orphan(wb_db, wb_schema):
                    wb_db.sql(
                        'INSERT INTO "Post" ("id", "title", "slug", "authorId", "updatedAt") '
                        "VALUES ('p1', 'Hello', 'hello', 'nobody', CURRENT_TIMESTAMP)"
                    )
                    assert_constraints_hold(wb_db, wb_schema)

                def test_planted_wrong_count(wb_db):
                    assert_row_counts(wb_db, {"User": 6, "Tag": 5})
            """,
        },
    )
    return project


def _run_planted(project: Path, server: str, tests: int) -> str:
    """Run the example; exactly the tests with "planted" in their id fail, the others pass. The output."""
    code, out = _pytest(project, f"--workbench-pg-url={server}")
    outcomes = _outcomes(out)
    assert len(outcomes) == tests, out
    failed = sorted(name for name, result in outcomes.items() if result != "PASSED")
    assert failed == sorted(name for name in outcomes if "planted" in name), out
    assert code == 1
    return out


def test_blog_project_on_duckdb_and_postgres(tmp_path: Path, pg_server_url: str) -> None:
    out = _run_planted(_blog_project(tmp_path), pg_server_url, 15)
    assert "workbench: duckdb, schema schema.prisma, seed 42, 5 rows per table" in out  # the report header

    # the helpers' messages name the table, the column or key, and the rows
    assert "User: 5 row(s), expected 6" in out
    assert "Tag: 5 row(s)" not in out
    assert re.search(
        r"Post\.authorId: 1 value\(s\) match no User\(id\) \(foreign key Post_authorId_fkey\): 'nobody'", out
    )
    assert re.search(
        r"two runs of the same seed wrote different rows:\n.*Tag: 1 and 1 rows; first run has \(id, label\)", out
    )
    # the report stops at the test's line, not inside the helper, and says what the database was
    assert "workbench/testing/seeds.py" not in out
    assert re.search(r"E +workbench\.testing\.CheckFailed: row counts differ:", out)
    section = out.split("test_planted_wrong_count", 2)[-1]
    assert "workbench ---" in section
    assert "built from: duckdb, schema schema.prisma, seed 42, 5 rows per table" in section
    assert "wb.seed(s, db, rows=5, seed=42)" in section
    assert "with wb.scratch_database(wb.postgres_url()) as db:" in out  # the PostgreSQL failures' recipe
    assert _leftovers(pg_server_url) == []


def _migrations_project(root: Path) -> Path:
    project = root / "migrating"
    project.mkdir()
    blog = wb.load(BLOG, strict=True)
    grown_text = BLOG.read_text(encoding="utf-8").replace(
        "  content     String?", "  content     String?\n  summary     String?\n\n  @@index([title])", 1
    )
    (project / "schema.prisma").write_text(grown_text, encoding="utf-8")
    grown = wb.load(project / "schema.prisma", strict=True)
    for folder in ("migrations", "broken", "risky"):
        assert wb.new_migration(blog, project / folder, "init", dialect="postgres").written
    assert wb.new_migration(grown, project / "migrations", "summary", dialect="postgres").written
    assert wb.new_migration(grown, project / "broken", "summary", dialect="postgres").written
    # planted: the down script forgets to drop the new index
    (down,) = (project / "broken").glob("*_summary/down.sql")
    text = down.read_text(encoding="utf-8")
    assert 'DROP INDEX "Post_title_idx";' in text
    down.write_text(text.replace('DROP INDEX "Post_title_idx";', ""), encoding="utf-8")
    # planted: a required column without a default, on a table that has rows
    required = grown_text.replace("summary     String?", "summary     String")
    (project / "required.prisma").write_text(required, encoding="utf-8")
    assert wb.new_migration(
        wb.load(project / "required.prisma"), project / "risky", "required", dialect="postgres"
    ).written
    _write(
        project,
        {
            "pyproject.toml": _ini(workbench_migrations="migrations", workbench_db="postgres", workbench_seed="1"),
            "test_migrations.py": """
                import pytest

                import workbench as wb
                from workbench.testing import (
                    assert_constraints_hold, assert_migrations_match_schema, assert_migrations_round_trip,
                    assert_rehearsal_ok, assert_row_counts,
                )

                def test_built_by_the_migrations(wb_db, wb_schema):
                    assert_row_counts(wb_db, {"_prisma_migrations": 2, "Post": 10})
                    assert_constraints_hold(wb_db, wb_schema)

                # each check on a good input, then on the planted problem (its id says "planted")
                def good_then(planted):
                    return pytest.mark.parametrize("given", ["good", pytest.param(planted, id="planted")])

                @good_then("broken")
                def test_round_trip(wb_empty_db, given):
                    assert_migrations_round_trip(wb_empty_db, "migrations" if given == "good" else given)

                @good_then("required.prisma")
                def test_folder_matches_the_schema(given):
                    assert_migrations_match_schema("migrations", wb.load("schema.prisma" if given == "good" else given))

                @good_then("risky")
                def test_rehearsal(wb_pg_url, given):
                    assert_rehearsal_ok("migrations" if given == "good" else given, rows=20, server=wb_pg_url)
            """,
        },
    )
    return project


def test_migration_helpers(tmp_path: Path, pg_server_url: str) -> None:
    out = _run_planted(_migrations_project(tmp_path), pg_server_url, 7)
    assert re.search(r"_summary: down\.sql does not restore the catalog; still changed:\n.*Post: .*Post_title_idx", out)
    assert "has changes that no migration of migrations makes" in out
    assert re.search(r"Post: .*summary", out)
    assert re.search(
        r"rehearsal: \S+_required rehearsed on postgres with 20 rows per table: line \d+ fails on the data", out
    )
    assert _leftovers(pg_server_url) == []


def test_configuration_mistakes_are_reported_clearly(tmp_path: Path) -> None:
    project = tmp_path / "config"
    _write(
        project,
        {
            "test_config.py": """
                import pytest

                def test_no_schema(wb_db):
                    pass

                @pytest.mark.workbench(sed=1)
                def test_typo(wb_engine):
                    pass

                @pytest.mark.workbench(schema="missing.prisma")
                def test_missing_file(wb_db):
                    pass

                def test_no_database_needed():
                    pass
            """,
            "broken.prisma": "model User {\n  id Int @id\n  posts Post[]\n}\n",
            "test_broken.py": """
                import pytest

                @pytest.mark.workbench(schema="broken.prisma")
                def test_broken_schema(wb_db):
                    pass
            """,
        },
    )
    code, out = _pytest(project)
    assert code == 1
    assert _outcomes(out)["test_config.py::test_no_database_needed"] == "PASSED"
    assert "workbench: no schema to build the test database from: set workbench_schema" in out
    assert "@pytest.mark.workbench: unknown argument sed (it takes schema, migrations, seed, rows, db)" in out
    assert re.search(r"@pytest\.mark\.workbench\(schema=\.\.\.\): \S*missing\.prisma does not exist", out)
    assert re.search(r"broken\.prisma:3:\d+: error", out)  # the schema's own located diagnostic
    assert "Traceback" not in out
    assert "workbench: " not in out.split("\n", 3)[2]  # no header line without a schema configured

    code, out = _pytest(project, "--workbench-db=mysql")
    assert code == 4, out  # a usage error
    assert "--workbench-db: unknown database 'mysql': say duckdb or postgres" in out


def test_entry_point_loads_it_and_p_loads_it_once(tmp_path: Path) -> None:
    """Installed, the ``pytest11`` entry point loads the plugin by itself; ``-p workbench.testing.plugin``
    then finds it registered under that name instead of registering the module twice (which pytest
    refuses: an entry point named ``workbench`` would break every ``-p workbench.testing.plugin``)."""
    entry = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["entry-points"]["pytest11"]
    assert entry == {PLUGIN: PLUGIN}
    site = tmp_path / "site" / "workbench_probe-0.dist-info"
    site.mkdir(parents=True)
    (site / "METADATA").write_text("Metadata-Version: 2.1\nName: workbench-probe\nVersion: 0\n", encoding="utf-8")
    (site / "entry_points.txt").write_text(f"[pytest11]\n{PLUGIN} = {PLUGIN}\n", encoding="utf-8")
    project = tmp_path / "proj"
    _write(project, {"test_a.py": "def test_fixture_is_there(wb_engine):\n    assert wb_engine == 'duckdb'\n"})
    for plugin in (False, True):
        # autoload on, the slow-starting plugins of this venv off (their names are their entry points')
        slow = ("-p", "no:nbval", "-p", "no:hypothesispytest", "-p", "no:faker", "-p", "no:anyio")
        code, out = _pytest(project, *slow, plugin=plugin, extra_path=str(tmp_path / "site"), autoload=True)
        assert code == 0, out
        assert _outcomes(out) == {"test_a.py::test_fixture_is_there": "PASSED"}


def test_it_sits_beside_our_own_fixtures_and_options() -> None:
    """Loaded into this repository's own suite it adds only ``wb_*`` fixtures and ``--workbench-*``
    options: collection and ``--fixtures`` still work, and no fixture of ours is shadowed."""
    code, out = _pytest(ROOT, "--fixtures", "tests/test_layers.py")
    assert code == 0, out
    names = set(re.findall(r"^([a-z_0-9]+)(?: \[session scope\])?(?: --)", out, re.M))
    ours = {n for n in names if n.startswith("wb_")}
    assert ours == {"wb_db", "wb_db_url", "wb_empty_db", "wb_engine", "wb_new_db", "wb_pg_url", "wb_schema"}
    assert {"pg_server_url", "pg_url", "update_golden"} <= names


def test_loading_the_plugin_imports_no_driver() -> None:
    """Installed, the plugin loads into every pytest run of the environment: it must stay cheap."""
    heavy = ("duckdb", "psycopg", "sqlglot", "pyarrow", "pandas")
    probe = f"import sys, workbench.testing.plugin; print(sorted(m for m in {heavy!r} if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", probe],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.stdout.strip() == "[]", out.stderr
