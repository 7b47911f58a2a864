#!/usr/bin/env python3
"""Time whole-process `workbench migrate apply` / `migrate status` against Prisma's own runner.

usage: python benchmarks/bench_migrate_apply.py [--migrations 50] [--reps 5] [--pg-url URL]
                                                [--prisma-runner FILE] [--oracle DIR]
                                                [--workbench CMD] [--keep DIR] [--strict]

It writes a migrations folder in Prisma's layout with ``--migrations`` migrations of a growing
schema (step 1: an enum and a model; then, in turn: a new model related to the previous one, two new
columns, a new column with an index, a new enum value). Each ``migration.sql`` is what Prisma
Migrate writes between two steps (the oracle's ``ddl.sh NEW --from=OLD``, Prisma 7's schema engine)
or, without the oracle, our ``workbench migrate diff OLD NEW``. Then, on fresh empty PostgreSQL
databases (one per side and repetition, created and dropped here), alternating which side goes
first on every repetition, after one untimed warm-up round:

  apply   ours:   ``python -m workbench migrate apply --db URL --dir DIR``
          prisma: ``node migrate.mjs apply DIR --url URL`` (``prisma migrate deploy``: prisma 7.10.1's
                  schema engine, Wasm, through ``@prisma/adapter-pg``; tools/prisma_migrate_oracle/)
  status  the same two with ``status`` on the database each side just migrated (up to date: exit 0)

Whole-process wall time (spawn to reap: interpreter or Node start-up, imports, Wasm loading,
connecting, the work), peak RSS from ``os.wait4``. Our children run this checkout's code
(``PYTHONPATH``) with compiled bytecode (``PYTHONDONTWRITEBYTECODE`` removed, ``PYTHONPYCACHEPREFIX``
a fresh folder the warm-up fills). Prints medians, the ratios ours / prisma and the machine's load
average before and after: quote it with the figures (the machine is shared; run it idle).

Target: ours <= prisma for both commands; ``--strict`` exits 1 when missed or a side fails.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_check import DEFAULT_ORACLE, Side, fmt, run_child

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from workbench.migrate.folder import lock_text  # noqa: E402

VERBS = ("apply", "status", "status --no-drift")  # the last: ours only, against Prisma's status
DEFAULT_RUNNER = Path(os.environ.get("PRISMA_MIGRATE", "/work/oracle16/migrate.mjs"))
FIRST = datetime(2026, 1, 5, 9, 30, 0)  # fixed timestamps: one day apart, deterministic


# ---------------------------------------------------------------- the growing schema


@dataclass
class Model:
    fields: list[str]
    attributes: list[str] = field(default_factory=list)


@dataclass
class Schema:
    """The schema after some steps: the enum's values and the models."""

    values: list[str] = field(default_factory=lambda: ["V0"])
    models: dict[str, Model] = field(default_factory=dict)

    def text(self) -> str:
        out = ['datasource db {\n  provider = "postgresql"\n}\n', "enum Status {"]
        out += [f"  {v}" for v in self.values] + ["}\n"]
        for name, m in self.models.items():
            body = [f"  {line}" for line in m.fields] + ([""] if m.attributes else [])
            out += [f"model {name} {{", *body, *(f"  {a}" for a in m.attributes), "}\n"]
        return "\n".join(out)


def grow(schema: Schema, k: int) -> str:
    """Change ``schema`` for step ``k`` (1-based); the migration's name."""
    if not schema.models:
        schema.models["M0"] = Model(
            ["id Int @id @default(autoincrement())", "name String", "status Status @default(V0)"]
        )
        return "init"
    last = list(schema.models)[-1]
    kind = k % 4
    if kind == 0:  # a model related to the previous one
        name = f"M{k}"
        schema.models[name] = Model(
            [
                "id Int @id @default(autoincrement())",
                "name String",
                "createdAt DateTime @default(now())",
                "parentId Int?",
                f"parent {last}? @relation(fields: [parentId], references: [id])",
            ],
            ["@@index([parentId])"],
        )
        schema.models[last].fields.append(f"children{k} {name}[]")
        return f"add_{name.lower()}"
    if kind == 1:  # two columns
        schema.models[last].fields += [f"rank{k} Int @default(0)", f"note{k} String?"]
        return f"columns_{k}"
    if kind == 2:  # a column and its index
        schema.models[last].fields.append(f"code{k} String?")
        schema.models[last].attributes.append(f"@@index([code{k}])")
        return f"index_{k}"
    schema.values.append(f"V{k}")  # an enum value
    return f"status_v{k}"


def write_folder(folder: Path, n: int, oracle: Path, ours: list[str]) -> str:
    """The ``n``-migration folder (Prisma's layout); which differ wrote the scripts."""
    steps = folder.parent / "steps"
    steps.mkdir(parents=True, exist_ok=True)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "migration_lock.toml").write_text(lock_text("postgresql"), encoding="utf-8")
    ddl = oracle / "ddl.sh"
    use_oracle = ddl.exists() and shutil.which("bash") is not None and shutil.which("node") is not None
    schema = Schema()
    previous: Path | None = None
    empty = steps / "000_empty.sql"  # our differ's "from nothing": an empty DDL file
    empty.write_text("", encoding="utf-8")
    for k in range(1, n + 1):
        name = grow(schema, k)
        step = steps / f"{k:03d}_{name}.prisma"
        step.write_text(schema.text(), encoding="utf-8")
        if use_oracle:
            argv = ["bash", str(ddl), str(step)] + ([f"--from={previous}"] if previous else [])
            ok: tuple[int, ...] = (0,)
        else:
            argv = [*ours, "migrate", "diff", str(previous or empty), str(step)]
            ok = (0, 2)
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:  # files: Node writes pipes async
            code = subprocess.run(argv, stdout=out, stderr=err, cwd=ddl.parent if use_oracle else None).returncode
            out.seek(0)
            err.seek(0)
            script, error = out.read().decode(), err.read().decode()
        if code not in ok:
            raise SystemExit(f"error: could not write migration {k} with {argv[:3]}: {error.strip()[-300:]}")
        target = folder / f"{(FIRST + timedelta(days=k)).strftime('%Y%m%d%H%M%S')}_{name}"
        target.mkdir()
        (target / "migration.sql").write_text(script, encoding="utf-8")
        previous = step
    return "Prisma's schema engine (ddl.sh)" if use_oracle else "workbench migrate diff"


# ---------------------------------------------------------------- databases


@contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    import psycopg

    name = f"bench_apply_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url, autocommit=True, connect_timeout=10) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server_url.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(server_url, autocommit=True, connect_timeout=10) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def default_pg_url() -> str | None:
    url = os.environ.get("WORKBENCH_TEST_PG_URL")
    if url:
        return url
    path = Path("/tmp/pg.url")
    return path.read_text().strip() if path.exists() else None


# ---------------------------------------------------------------- timing


def load_text() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--migrations", type=int, default=50, help="migrations in the folder (default 50)")
    ap.add_argument("--reps", type=int, default=5, help="timed repetitions (default 5)")
    ap.add_argument("--pg-url", help="PostgreSQL server URL (default $WORKBENCH_TEST_PG_URL, else /tmp/pg.url)")
    ap.add_argument("--prisma-runner", type=Path, default=DEFAULT_RUNNER, help="migrate.mjs (%(default)s)")
    ap.add_argument("--oracle", type=Path, default=DEFAULT_ORACLE, help="the Prisma oracle folder (ddl.sh)")
    ap.add_argument("--workbench", help="our command (default: this Python -m workbench, this checkout)")
    ap.add_argument("--keep", type=Path, help="write the folder here and keep it")
    ap.add_argument("--strict", action="store_true", help="exit 1 when ours > prisma or a side fails")
    args = ap.parse_args(argv)
    server = args.pg_url or default_pg_url()
    if not server:
        print("error: no PostgreSQL server: give --pg-url URL", file=sys.stderr)
        return 1

    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-apply-"))
    pycache = work / "pycache"
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(pycache)
    os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])
    ours_cmd = shlex.split(args.workbench) if args.workbench else [sys.executable, "-m", "workbench"]
    folder = work / "migrations"
    if folder.exists():
        shutil.rmtree(folder)
        shutil.rmtree(work / "steps", ignore_errors=True)
    writer = write_folder(folder, args.migrations, args.oracle, ours_cmd)

    node = shutil.which("node")
    runner_ok = args.prisma_runner.exists() and node is not None
    why = "" if runner_ok else f"no Prisma runner at {args.prisma_runner} (or no node); pass --prisma-runner FILE"
    sides = {
        (verb, who): Side(f"{verb} {who}", [] if who == "ours" or runner_ok else None, "" if who == "ours" else why)
        for verb in VERBS
        for who in ("ours", "prisma")
        if not (verb == "status --no-drift" and who == "prisma")
    }

    def argv_for(verb: str, who: str, url: str) -> list[str]:
        if who == "ours":
            return [*ours_cmd, "migrate", *verb.split(), "--db", url, "--dir", str(folder)]
        return [node or "node", str(args.prisma_runner), verb, str(folder), "--url", url]

    before = load_text()
    for rep in range(args.reps + 1):  # round 0: untimed warm-up (bytecode, page cache, Wasm compile)
        order = ["ours", "prisma"] if rep % 2 == 0 else ["prisma", "ours"]
        with fresh_database(server) as url_ours, fresh_database(server) as url_prisma:
            urls = {"ours": url_ours, "prisma": url_prisma}
            for verb in VERBS:
                for who in order:
                    side = sides.get((verb, who))
                    if side is None:
                        continue
                    if side.argv is None or side.error:
                        continue
                    r = run_child(argv_for(verb, who, urls[who]))
                    if r.exit_code != 0:
                        lines = (r.stderr.strip() or r.stdout.strip() or "(no output)").splitlines()
                        side.error = f"exit {r.exit_code} on round {rep}: {lines[-1][:200]}"
                    elif rep > 0:
                        side.times.append(r.seconds)
                        side.rss_mb.append(r.rss_mb)
    after = load_text()

    print(f"migrate apply/status, {args.migrations} migrations written by {writer}; {args.reps} rounds")
    print(f"  before: {before}")
    failed = False
    for verb in VERBS:
        for who in ("ours", "prisma"):
            s = sides.get((verb, who))  # type: ignore[assignment]
            if s is None:
                continue
            status = s.reason or s.error or f"median {fmt(s.median(), '.3f')} s, peak {fmt(s.peak_mb(), '.0f')} MB"
            failed = failed or bool(s.error)
            print(f"  {s.name:<24} {status}")
        # Prisma's `migrate status` compares the folder with the history table only; ours also
        # replays the folder and introspects the database for drift: `--no-drift` is like for like.
        a, b = (
            sides[(verb, "ours")].median(),
            sides[("status" if verb.startswith("status") else verb, "prisma")].median(),
        )
        if a is None or b is None:
            print(f"  {verb}: ours / prisma n/a")
            failed = True
        else:
            ratio = a / b
            failed = failed or ratio > 1
            print(f"  {verb}: ours / prisma {ratio:.2f} (target <= 1.00) {'met' if ratio <= 1 else 'MISSED'}")
    print(f"  after:  {after}")
    if args.keep:
        print(f"  folder kept in {folder}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if args.strict and failed else 0


if __name__ == "__main__":
    sys.exit(main())
