"""The project configuration ([tool.workbench]): found walking up, located errors, precedence, secrets.

Every CLI case runs the real command in a temporary project (tests/cli_run.py); the environment
variables the resolution reads are set or cleared explicitly, so the machine's own
``DATABASE_URL`` cannot change a result.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import duckdb
import pytest

import workbench as wb
from tests.cli_run import ROOT, workbench
from workbench.diagnostics import UserError
from workbench.project import find, key_positions, resolve_database, resolve_migrations, resolve_schema

BLOG = ROOT / "sample_schemas" / "blog.prisma"  # its datasource: url = env("DATABASE_URL")
CLEAN = {"DATABASE_URL": "", "WORKBENCH_SCHEMA": "", "WORKBENCH_MIGRATIONS": "", "APP_DB": ""}


def _project(tmp_path: Path, table: str, *, pyproject: bool = True) -> Path:
    (tmp_path / "prisma").mkdir()
    shutil.copy(BLOG, tmp_path / "prisma" / "schema.prisma")
    if pyproject:
        (tmp_path / "pyproject.toml").write_text(f'[project]\nname = "app"\n\n[tool.workbench]\n{table}')
    else:
        (tmp_path / "workbench.toml").write_text(table)
    return tmp_path


def test_found_walking_up_from_a_subfolder(tmp_path: Path) -> None:
    root = _project(tmp_path, 'schema = "prisma/schema.prisma"\n')
    sub = root / "src" / "deep"
    sub.mkdir(parents=True)
    r = workbench("check", cwd=sub, env=CLEAN)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("../../prisma/schema.prisma (postgresql): 5 models")


def test_a_pyproject_without_the_table_is_passed_over(tmp_path: Path) -> None:
    root = _project(tmp_path, 'schema = "prisma/schema.prisma"\n', pyproject=False)
    (root / "src").mkdir()
    (root / "src" / "pyproject.toml").write_text("[tool.ruff]\nline-length = 100\n")
    assert find(root / "src").path == root / "workbench.toml"


def test_workbench_toml_has_the_keys_at_top_level(tmp_path: Path) -> None:
    root = _project(tmp_path, 'schema = "prisma/schema.prisma"\nmigrations = "db/migrations"\n', pyproject=False)
    config = find(root)
    assert config.schema is not None and Path(config.schema).resolve() == root / "prisma" / "schema.prisma"
    assert resolve_migrations(None, config, {}).source.endswith("workbench.toml:2:1")


def test_unknown_key_is_located_with_a_suggestion(tmp_path: Path) -> None:
    root = _project(tmp_path, '# settings\nschem = "prisma/schema.prisma"\n')
    r = workbench("check", cwd=root, env=CLEAN)
    assert r.returncode == 1
    assert r.stderr == ('error: pyproject.toml:6:1: unknown key "schem" in [tool.workbench] (did you mean "schema"?)\n')


def test_lint_settings_are_read_and_their_mistakes_located(tmp_path: Path) -> None:
    root = _project(tmp_path, '[tool.workbench.lint]\nselect = ["WB405"]\n')
    r = workbench("lint", "--json", cwd=root, env=CLEAN)
    codes = {f["code"] for f in json.loads(r.stdout)["findings"]}
    assert codes == {"WB405"}, r.stdout  # the blog has findings of other rules, left out by select
    (root / "pyproject.toml").write_text('[tool.workbench.lint]\nselect = ["WB405"]\n  ignor = ["WB1"]\n')
    r = workbench("lint", cwd=root, env=CLEAN)
    assert r.returncode == 2
    assert 'pyproject.toml:3:3: unknown key "ignor" in [tool.workbench.lint] (did you mean "ignore"?)' in r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("schema = 3\n", "pyproject.toml:5:1: schema must be a non-empty string, not 3"),
        ('database = "postgresql://app:hunter2@db/app"\n', "pyproject.toml:5:1: database holds a password"),
        ('database = "env(DATABASE_URL"\n', "pyproject.toml:5:1: database = 'env(DATABASE_URL'"),
        ("export = { drizle = 1 }\n", "pyproject.toml:5:12: export.drizle must be a path"),
        ("schema = \n", "pyproject.toml:5:10: invalid TOML"),
    ],
)
def test_invalid_values_are_located(tmp_path: Path, text: str, says: str) -> None:
    root = _project(tmp_path, text)
    r = workbench("check", cwd=root, env=CLEAN)
    assert r.returncode == 1 and r.stderr.count("\n") == 1, r.stderr
    assert r.stderr.startswith(f"error: {says}"), r.stderr
    assert "hunter2" not in r.stderr


def test_precedence_flag_environment_file_default(tmp_path: Path) -> None:
    root = _project(tmp_path, 'schema = "prisma/schema.prisma"\nmigrations = "db/migrations"\n')
    config = find(root)
    env = {"WORKBENCH_SCHEMA": "other.prisma", "WORKBENCH_MIGRATIONS": "env/migrations"}
    assert resolve_schema("given.prisma", config, env).value == "given.prisma"  # type: ignore[union-attr]
    assert resolve_schema(None, config, env).value == "other.prisma"  # type: ignore[union-attr]
    from_file = resolve_schema(None, config, {})
    assert from_file is not None and from_file.source.endswith("pyproject.toml:5:1")
    assert resolve_migrations("--dir-value", config, env).value == "--dir-value"
    assert resolve_migrations(None, config, env).value == "env/migrations"
    assert Path(resolve_migrations(None, config, {}).value).resolve() == root / "db" / "migrations"


def test_database_precedence_and_the_datasource_fallback(tmp_path: Path) -> None:
    root = _project(tmp_path, 'database = "env(APP_DB)"\n')
    config = find(root)

    def datasource() -> tuple[str, str, Path]:
        return 'env("DATABASE_URL")', "prisma/schema.prisma:10:3", root / "prisma"

    env = {"DATABASE_URL": "sqlite:///from-env.db", "APP_DB": "sqlite:///from-file.db"}
    assert resolve_database("sqlite:///flag.db", config, datasource, env).value == "sqlite:///flag.db"  # type: ignore[union-attr]
    assert resolve_database(None, config, datasource, env).value == "sqlite:///from-env.db"  # type: ignore[union-attr]
    got = resolve_database(None, config, datasource, {"APP_DB": "sqlite:///from-file.db"})
    assert got is not None and got.value == "sqlite:///from-file.db" and got.source.endswith("pyproject.toml:5:1")
    with pytest.raises(UserError, match=r"pyproject.toml:5:1: the database is env\(APP_DB\), but APP_DB is not set"):
        resolve_database(None, config, datasource, {})
    no_file = find(root / "prisma")  # the same project: walking up finds it
    assert no_file.path == root / "pyproject.toml"
    (root / "pyproject.toml").write_text("[tool.workbench]\n")
    config = find(root)
    got = resolve_database(None, config, datasource, {"DATABASE_URL": "sqlite:///ds.db"})
    assert got is not None and got.source == "$DATABASE_URL"
    with pytest.raises(UserError, match=r'prisma/schema.prisma:10:3: the database is env\("DATABASE_URL"\)'):
        resolve_database(None, config, datasource, {})


def test_cli_honours_the_datasource_url_when_db_is_omitted(tmp_path: Path) -> None:
    root = _project(tmp_path, 'schema = "prisma/schema.prisma"\n')
    r = workbench("migrate", "status", cwd=root, env=CLEAN)
    assert r.returncode == 1
    assert r.stderr == (
        'error: prisma/schema.prisma:10:3: the database is env("DATABASE_URL"), but DATABASE_URL is not set; '
        "set it (export DATABASE_URL=postgresql://...) or give --db URL\n"
    )
    (root / "prisma" / "migrations").mkdir()
    schema = root / "prisma" / "schema.prisma"  # a datasource that reads its own variable: only it names the db
    schema.write_text(schema.read_text().replace('env("DATABASE_URL")', 'env("APP_DB")'))
    db = root / "app.db"
    sqlite3.connect(db).execute("CREATE TABLE t (x INTEGER)").connection.close()
    r = workbench("migrate", "status", "--no-drift", cwd=root, env={**CLEAN, "APP_DB": f"sqlite:///{db}"})
    assert r.returncode == 0, r.stderr  # an empty folder and no history table: up to date
    assert r.stdout.startswith(f"sqlite:///{db}: 0 applied"), r.stdout


def test_no_password_in_output_whatever_the_source(tmp_path: Path) -> None:
    root = _project(tmp_path, 'database = "env(APP_DB)"\n')
    (root / "prisma" / "migrations").mkdir()
    url = "postgresql://app:s3cr%21t-pw@127.0.0.1:1/app?connect_timeout=2"
    for env in ({"APP_DB": url}, {"DATABASE_URL": url}):
        r = workbench("migrate", "status", cwd=root, env={**CLEAN, **env}, timeout=60)
        assert r.returncode == 1, r.stderr
        assert "s3cr" not in r.stdout + r.stderr and "****" in r.stderr, r.stderr
        assert "Traceback" not in r.stderr
    settings = repr(wb.config(root))
    assert "env(APP_DB)" in settings and "s3cr" not in settings


def test_wb_config_reports_where_each_setting_came_from(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in CLEAN:
        monkeypatch.delenv(name, raising=False)
    root = _project(
        tmp_path,
        'schema = "prisma/schema.prisma"\ndatabase = "env(APP_DB)"\n\n[tool.workbench.export]\ndrizzle = "src/db"\n',
    )
    monkeypatch.chdir(root)
    s = wb.config()
    assert s.path == root / "pyproject.toml"
    assert s.schema is not None and (s.schema.value, s.schema.source) == ("prisma/schema.prisma", "pyproject.toml:5:1")
    assert s.database is not None and s.database.reference == "env(APP_DB)"
    assert [(e.target, e.output) for e in s.exports] == [("drizzle", "src/db")]
    monkeypatch.setenv("APP_DB", "sqlite:///x.db")
    assert s.database_url() == "sqlite:///x.db"  # read when asked, not when the settings were made
    assert repr(s).splitlines()[0] == "config file     pyproject.toml"


def test_key_positions_cover_headers_dotted_and_inline_keys() -> None:
    text = (
        '[tool.workbench]\n"schema" = "a"\nexport.sql = "x"\nlint = { ignore = ["WB1"] }\n[tool.workbench.export.zod]\n'
    )
    pos = key_positions(text)
    assert pos[("tool", "workbench", "schema")] == (2, 1)
    assert pos[("tool", "workbench", "export", "sql")] == (3, 1)
    assert pos[("tool", "workbench", "lint", "ignore")] == (4, 10)
    assert pos[("tool", "workbench", "export", "zod")] == (5, 1)


def test_no_config_means_defaults(tmp_path: Path) -> None:
    config = find(tmp_path)
    assert config.path is None or not str(config.path).startswith(str(tmp_path))
    if config.path is None:
        assert resolve_schema(None, config, {}) is None
        assert os.path.basename(resolve_migrations(None, config, {}).value) == "migrations"


def test_seed_and_pull_use_the_project_database(tmp_path: Path) -> None:
    root = _project(tmp_path, 'schema = "prisma/schema.prisma"\ndatabase = "env(APP_DB)"\n')
    db = root / "app.duckdb"
    env = {**CLEAN, "APP_DB": f"duckdb:///{db}"}
    r = workbench("seed", "--rows", "3", "--apply", cwd=root, env=env)
    assert r.returncode == 0, r.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute('SELECT count(*) FROM "User"').fetchone() == (3,)
    r = workbench("pull", cwd=root, env=env)
    assert r.returncode == 0, r.stderr
    assert "model User {" in r.stdout
    # without `database =` in the file, seed keeps its in-memory default (DATABASE_URL is not read)
    (root / "pyproject.toml").write_text('[tool.workbench]\nschema = "prisma/schema.prisma"\n')
    r = workbench("seed", "--rows", "2", cwd=root, env={**CLEAN, "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/x"})
    assert r.returncode == 0, r.stderr


def test_config_command_shows_each_source_and_no_url(tmp_path: Path) -> None:
    root = _project(tmp_path, 'schema = "prisma/schema.prisma"\ndatabase = "env(APP_DB)"\n')
    r = workbench("config", cwd=root, env={**CLEAN, "APP_DB": "postgresql://app:hunter2@db/app"})
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [
        "config file  pyproject.toml",
        "schema       prisma/schema.prisma  pyproject.toml:5:1",
        "database     env(APP_DB)           pyproject.toml:6:1",
        "migrations   migrations            default",
    ]
    r = workbench("config", "--json", cwd=root, env=CLEAN)
    assert json.loads(r.stdout)[2] == {"setting": "database", "value": "env(APP_DB)", "source": "pyproject.toml:6:1"}
