"""``workbench init [DIR]``: a project's configuration and a starter schema, ready for the other commands.

What it writes, each file atomically (:mod:`workbench.fsio`):

- the configuration: a ``[tool.workbench]`` table appended to an existing ``pyproject.toml``
  (nothing else in the file changes), else a ``workbench.toml``. An existing table is refused
  unless ``--force`` (which replaces only the ``[tool.workbench...]`` tables);
- ``prisma/schema.prisma``: a small commented schema that passes ``check``, ``lint`` and
  ``format --check``. An existing schema is never overwritten, whatever the flags;
- with ``--ci``, ``.github/workflows/schema.yml``: the CI pipeline (check, lint, format --check,
  export --check, the migrations folder reaching the schema, the migrations applied to a fresh
  database, then migrate status).

``prisma/migrations/`` is not created: the first ``workbench migrate new`` makes it. The next
commands to run are printed at the end.
"""

from __future__ import annotations

import argparse
import re
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.cli.common import add_command, exit_codes, write_file
from workbench.cli.paths import UsageError, nonempty
from workbench.diagnostics import UserError
from workbench.project import PYPROJECT, WORKBENCH_TOML, shown

if TYPE_CHECKING:
    from workbench.cli.common import Subparsers

PURPOSE = "start a project: [tool.workbench] configuration, a starter schema, a CI workflow"
EPILOG = f"""\
examples:
  workbench init
  workbench init myapp --provider sqlite
  workbench init --ci            # also .github/workflows/schema.yml

The configuration goes into pyproject.toml when the folder has one (appended as a
[tool.workbench] table), else into workbench.toml. An existing schema is never overwritten.

{exit_codes("a file exists (the configuration: use --force), or a file could not be written")}
"""
PROVIDERS = ("postgresql", "sqlite")  # the Prisma providers workbench can build and migrate
SCHEMA = "prisma/schema.prisma"
MIGRATIONS = "prisma/migrations"
WORKFLOW = ".github/workflows/schema.yml"
# the engine each provider's SQL is generated for (`--to sql --dialect`)
SQL_DIALECT = {"postgresql": "postgres", "sqlite": "sqlite"}


def register(sub: Subparsers) -> argparse.ArgumentParser:
    p = add_command(sub, "init", PURPOSE, "Start a project: configuration, a starter schema, a CI workflow.", EPILOG)
    p.add_argument("dir", nargs="?", default=".", type=nonempty, help="the project folder (default: .)")
    p.add_argument(
        "--provider", choices=PROVIDERS, default="postgresql", help="the starter schema's database (default postgresql)"
    )
    p.add_argument("--ci", action="store_true", help=f"also write {WORKFLOW} (the CI pipeline)")
    p.add_argument("--force", action="store_true", help="replace an existing configuration (or workflow)")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    root = Path(args.dir)
    if root.exists() and not root.is_dir():
        raise UsageError(f"{args.dir} is a file; give the project folder")
    provider: str = args.provider
    config_path, config_text = _config(root, provider, args.force)
    schema = root / SCHEMA
    workflow = root / WORKFLOW
    if args.ci and workflow.exists() and not args.force:
        raise UserError(f"{shown(workflow)} exists; nothing was written (use --force to replace it)")
    written: list[str] = []
    write_file(str(config_path), config_text)
    written.append(f"wrote {shown(config_path)} ([tool.workbench])" if config_path.name == PYPROJECT else
                   f"wrote {shown(config_path)}")  # fmt: skip
    if schema.exists():
        written.append(f"kept {shown(schema)} (an existing schema is never overwritten)")
    else:
        write_file(str(schema), starter_schema(provider))
        written.append(f"wrote {shown(schema)} (a starter schema: edit it)")
    if args.ci:
        write_file(str(workflow), workflow_yaml(provider))
        written.append(f"wrote {shown(workflow)} (check, lint, format, export and migrations in CI)")
    print("\n".join(written))
    print(_next_steps(root, provider))
    return 0


def _config(root: Path, provider: str, force: bool) -> tuple[Path, str]:
    """Where the configuration goes and the whole new text of that file."""
    table = config_table(provider)
    pyproject = root / PYPROJECT
    if pyproject.is_file():
        text = pyproject.read_text(encoding="utf-8")
        try:
            has_table = "workbench" in tomllib.loads(text).get("tool", {})
        except tomllib.TOMLDecodeError as exc:
            raise UserError(f"{shown(pyproject)}: not valid TOML ({exc}); nothing was written") from None
        if has_table:
            if not force:
                raise UserError(
                    f"{shown(pyproject)} already has [tool.workbench]; nothing was written (use --force to replace it)"
                )
            text = _without_workbench_tables(text)
            if "workbench" in tomllib.loads(text).get("tool", {}):
                raise UserError(
                    f"{shown(pyproject)}: [tool.workbench] is written in a way init cannot replace "
                    "(dotted keys under [tool]); edit it by hand"
                )
        body = text.rstrip("\n")
        return pyproject, (body + "\n\n" if body else "") + table.replace("[", "[tool.workbench", 1).replace(
            "\n[", "\n[tool.workbench."
        )
    target = root / WORKBENCH_TOML
    if target.exists() and not force:
        raise UserError(f"{shown(target)} exists; nothing was written (use --force to replace it)")
    return target, table.replace("[]\n", "", 1)


def _without_workbench_tables(text: str) -> str:
    """``text`` without its ``[tool.workbench]`` and ``[tool.workbench.*]`` tables (each runs to the next header)."""
    out: list[str] = []
    skipping = False
    for line in text.splitlines(keepends=True):
        header = re.match(r"\s*\[\[?\s*([^\]]+?)\s*\]", line)
        if header:
            name = re.sub(r"\s+", "", header.group(1)).replace('"', "")
            skipping = name == "tool.workbench" or name.startswith("tool.workbench.")
        if not skipping:
            out.append(line)
    return "".join(out)


def config_table(provider: str) -> str:
    """The configuration, as a workbench.toml's text after a ``[]`` placeholder line that a
    pyproject.toml turns into ``[tool.workbench]`` (and ``[export]`` into ``[tool.workbench.export]``)."""
    dialect = SQL_DIALECT[provider]
    return f"""[]
# workbench's project settings: the commands use them when SCHEMA, --db or --dir is omitted.
# Paths are relative to this file. See `workbench init --help`.
schema = "{SCHEMA}"
# read from the environment when a command needs it: the URL (and its password) stays out of git
database = "env(DATABASE_URL)"
migrations = "{MIGRATIONS}"

[lint]
# select = ["keys", "audit"]   # rules, codes (WB301), prefixes (WB3) or families
# ignore = ["WB405"]

[export]
# what `workbench export` writes, and `workbench export --check` compares in CI
sql = {{ output = "generated/schema.sql", dialect = "{dialect}" }}
pydantic = "generated/models"
"""


def starter_schema(provider: str) -> str:
    """A small schema in the house style: one idea per model, comments that say why."""
    uuid = " @db.Uuid" if provider == "postgresql" else ""
    return f"""\
// The project's schema: the source of truth for the database, the generated code and the
// migrations. Edit it, then run `workbench check`, `workbench lint` and `workbench export`.

datasource db {{
  provider = "{provider}"
  url      = env("DATABASE_URL")
}}

/// Someone who signs in. One user writes many notes (one-to-many).
model User {{
  id        String   @id @default(uuid()){uuid}
  /// Unique: the address a user signs in with.
  email     String   @unique
  name      String?
  notes     Note[]
  createdAt DateTime @default(now()) @map("created_at")
  updatedAt DateTime @updatedAt @map("updated_at")

  @@map("users")
}}

/// A short text a user keeps. The "many" side holds the foreign key.
model Note {{
  id        String   @id @default(uuid()){uuid}
  title     String
  body      String?
  author    User     @relation(fields: [authorId], references: [id], onDelete: Cascade)
  authorId  String   @map("author_id"){uuid}
  createdAt DateTime @default(now()) @map("created_at")
  updatedAt DateTime @updatedAt @map("updated_at")

  /// Listing a user's notes filters on the foreign key, which the database does not index by itself.
  @@index([authorId])
  @@map("notes")
}}
"""


SYNC_STEP = "The migrations match the schema (run `workbench migrate new --name NAME` and commit)"


def sync_command() -> str:
    """The design document's sync-schema step: the committed migrations folder, replayed, must reach
    the schema; a schema edited without ``migrate new`` exits 2 with the missing changes listed.
    ``migrate apply`` cannot catch it: it applies the folder as it is and finds nothing wrong."""
    return f"workbench migrate diff {MIGRATIONS} {SCHEMA} --exit-code"


def workflow_yaml(provider: str) -> str:
    """The GitHub Actions workflow: the schema checked, linted, formatted and in sync with the
    generated code and the migrations, on every push and pull request."""
    if provider == "postgresql":
        service = """\
    services:
      postgres:
        image: postgres:16
        env:
          POSTGRES_PASSWORD: postgres
        ports: ["5432:5432"]
        options: >-
          --health-cmd pg_isready --health-interval 5s --health-timeout 5s --health-retries 10
    env:
      # a throwaway database of this job; a real one's URL would come from a secret
      DATABASE_URL: postgresql://postgres:postgres@localhost:5432/postgres
"""
    else:
        service = """\
    env:
      # a throwaway database of this job
      DATABASE_URL: sqlite:///ci.db
"""
    return f"""\
# The schema's CI: written by `workbench init --ci`. Each step fails the job with a located message.
name: schema

on:
  push:
  pull_request:

jobs:
  schema:
    runs-on: ubuntu-latest
{service}    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Install workbench
        run: python -m pip install workbench   # or your project's own install step
      - name: The schema is valid
        run: workbench check
      - name: Best practices
        run: workbench lint
      - name: Formatted like prisma format
        run: workbench format --check
      - name: Generated code is in sync with the schema (run `workbench export` and commit)
        run: workbench export --check
      - name: {SYNC_STEP}
        run: {sync_command()}
      - name: The migrations apply to an empty database
        run: workbench migrate apply
      - name: Nothing pending, failed or drifted
        run: workbench migrate status
"""


def _next_steps(root: Path, provider: str) -> str:
    cd = f"  cd {shown(root)}\n" if shown(root) != "." else ""
    url = "postgresql://me@localhost:5432/app" if provider == "postgresql" else "sqlite:///dev.db"
    return f"""
next:
{cd}  workbench check                      # the schema is valid
  workbench lint                       # best practices
  workbench export                     # generated/schema.sql and generated/models
  workbench migrate new --name init    # the first migration ({MIGRATIONS}/)
  export DATABASE_URL={url}
  workbench migrate apply              # then: workbench migrate status"""
