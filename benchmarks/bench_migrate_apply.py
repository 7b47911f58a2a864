#!/usr/bin/env python3
"""Time whole-process `workbench migrate apply` / `migrate status` against Prisma's own runner.

usage: python benchmarks/bench_migrate_apply.py [--migrations 50] [--reps 3] [--pg-url URL]
                                                [--prisma-runner FILE] [--oracle DIR]
                                                [--keep DIR] [--strict] [--json PATH]

It writes a migrations folder in Prisma's layout with ``--migrations`` migrations of a growing
schema (step 1: an enum and a model; then, in turn: a new model related to the previous one, two new
columns, a new column with an index, a new enum value). Each ``migration.sql`` is what Prisma
Migrate writes between two steps (the oracle's ``ddl.sh NEW --from=OLD``, Prisma 7's schema engine)
or, without the oracle, our ``workbench migrate diff OLD NEW``. Then, on fresh empty PostgreSQL
databases (one per side and repetition, created and dropped here, on ``--pg-url``,
``$WORKBENCH_PG_URL``, ``$WORKBENCH_TEST_PG_URL``, else a throwaway server from
``workbench.db.pgserver`` stopped at the end), alternating which side goes first on every
repetition, after one untimed warm-up round:

  apply   ours:   ``python -m workbench migrate apply --db URL --dir DIR``
          prisma: ``node migrate.mjs apply DIR --url URL`` (``prisma migrate deploy``: prisma 7.10.1's
                  schema engine, Wasm, through ``@prisma/adapter-pg``; tools/prisma_migrate_oracle/,
                  installed outside the repository: ``$PRISMA_MIGRATE`` or /work/oracle16/migrate.mjs)
  status  the same two with ``status`` on the database each side just migrated (up to date: exit 0),
          and ours with ``status --no-drift`` (Prisma's status does no drift check: like for like)

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
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))
from _common import (  # noqa: E402
    BenchResult,
    Samples,
    Target,
    checkout_env,
    default_oracle,
    fmt_s,
    fresh_database,
    load_average,
    our_cli,
    pg_server,
    pg_url_from_env,
    run_timed,
    temp_dir,
    write_result,
)

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


def write_folder(folder: Path, n: int, oracle: Path, ours: list[str], env: dict[str, str]) -> str:
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
            code = subprocess.run(
                argv, stdout=out, stderr=err, cwd=ddl.parent if use_oracle else ROOT, env=env
            ).returncode
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


# ---------------------------------------------------------------- timing


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--migrations", type=int, default=50, help="migrations in the folder (default 50)")
    ap.add_argument("--reps", type=int, default=3, help="timed repetitions (default 3)")
    ap.add_argument("--pg-url", help="PostgreSQL server URL (default $WORKBENCH_PG_URL, else a throwaway server)")
    ap.add_argument("--prisma-runner", type=Path, default=DEFAULT_RUNNER, help="migrate.mjs (%(default)s)")
    ap.add_argument("--oracle", type=Path, default=default_oracle(), help="the Prisma oracle folder (ddl.sh)")
    ap.add_argument("--keep", type=Path, help="write the folder here and keep it")
    ap.add_argument("--strict", action="store_true", help="exit 1 when ours > prisma")
    ap.add_argument("--json", type=Path, help="write the result (_common.BenchResult) here, for run_all.py")
    args = ap.parse_args(argv)

    work = args.keep or temp_dir("migrate-apply")
    work.mkdir(parents=True, exist_ok=True)
    env = checkout_env(work / "pycache")
    ours_cmd = our_cli()
    folder = work / "migrations"
    if folder.exists():
        shutil.rmtree(folder)
        shutil.rmtree(work / "steps", ignore_errors=True)
    node = shutil.which("node")
    runner_ok = args.prisma_runner.exists() and node is not None
    why = "" if runner_ok else f"no Prisma runner at {args.prisma_runner} (or no node); pass --prisma-runner FILE"
    whos = ("ours", "prisma") if runner_ok else ("ours",)
    keys = [(v, w) for v in VERBS for w in whos if not (v == "status --no-drift" and w == "prisma")]
    samples = {k: Samples() for k in keys}

    def argv_for(verb: str, who: str, url: str) -> list[str]:
        if who == "ours":
            return [*ours_cmd, "migrate", *verb.split(), "--db", url, "--dir", str(folder)]
        return [node or "node", str(args.prisma_runner), verb, str(folder), "--url", url]

    load_before = load_average()
    server_note = ""
    try:
        writer = write_folder(folder, args.migrations, args.oracle, ours_cmd, env)
        with pg_server(args.pg_url) as server:
            if server is None:
                print("error: no PostgreSQL server: give --pg-url URL or install the server binaries", file=sys.stderr)
                return 1
            existing = args.pg_url or pg_url_from_env()
            server_note = "the server of --pg-url / $WORKBENCH_PG_URL" if existing else "a throwaway server"
            for rep in range(args.reps + 1):  # round 0: untimed warm-up (bytecode, page cache, Wasm compile)
                order = list(whos) if rep % 2 == 0 else list(reversed(whos))
                with fresh_database(server, "bench_apply") as url_ours, fresh_database(server, "bench_apply") as url_p:
                    urls = {"ours": url_ours, "prisma": url_p}
                    for verb in VERBS:
                        for who in order:
                            side = samples.get((verb, who))
                            if side is not None and not side.error:
                                r = run_timed(argv_for(verb, who, urls[who]), env=env, cwd=ROOT)
                                side.add(r, rep, timed=rep > 0)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    load_after = load_average()

    print(f"migrate apply/status, {args.migrations} migrations written by {writer}; {args.reps} rounds")
    print(f"  load average before {load_before:.2f}")
    med = {k: v.median for k, v in samples.items()}
    rows: list[list[str]] = []
    targets: list[Target] = []
    for verb in VERBS:
        a = med.get((verb, "ours"))
        b = med.get(("status" if verb.startswith("status") else verb, "prisma"))
        ratio = a / b if a is not None and b is not None else None
        p_key = ("status" if verb.startswith("status") else verb, "prisma")
        rows.append([
            f"`{verb}`", fmt_s(a), f"{samples[(verb, 'ours')].peak_mb:.0f}",
            fmt_s(b) if verb != "status --no-drift" else f"({fmt_s(b)})",
            f"{samples[p_key].peak_mb:.0f}" if p_key in samples and b is not None else "n/a", fmt_s(ratio, 2),
        ])  # fmt: skip
        for who in ("ours", "prisma"):
            if (verb, who) in samples and samples[(verb, who)].error:
                print(f"  {verb} {who}: failed: {samples[(verb, who)].error}")
        print(f"  {verb:<18} ours {fmt_s(a)} s, prisma {fmt_s(b)} s, ours / prisma {fmt_s(ratio, 2)}")
        what = f"{args.migrations} migrations: ours `migrate {verb}` / Prisma's `{verb.split()[0]}`, whole process"
        targets.append(Target(what, ratio, 1.0, "<="))
        print(f"    target <= 1.00: {'met' if targets[-1].met else 'MISSED'}")
    print(f"  load average after {load_after:.2f}")
    if args.keep:
        print(f"  folder kept in {folder}")
    notes = [
        f"The folder: {args.migrations} migrations of a growing schema (a model, two columns, a column with its "
        f"index, an enum value, in turn), each script written by {writer}.",
        f"Medians of {args.reps} rounds on fresh empty databases (two per round, created and dropped here), "
        "alternating which side goes first, after one untimed warm-up round; whole processes (spawn to reap); "
        "ours runs this checkout with compiled bytecode.",
        "`status`: ours also replays the folder and introspects the database for drift, Prisma's compares the "
        "folder with the history table only; `status --no-drift` is the like-for-like comparison.",
        "ours: `python -m workbench migrate apply|status --db URL --dir DIR`; prisma: `node migrate.mjs "
        "apply|status DIR --url URL` (`prisma migrate deploy` / `status` through `@prisma/adapter-pg`).",
        *([f"prisma skipped: {why}"] if why else []),
        *(f"{v} {w} failed: {x.error}" for (v, w), x in samples.items() if x.error),
        *([f"PostgreSQL: {server_note}"] if server_note else []),
    ]
    result = BenchResult(
        name="migrate_apply",
        title="`workbench migrate apply` / `status` against Prisma's own runner",
        anchor="Prisma 7.10.1's schema engine (Wasm) via `@prisma/adapter-pg`: `prisma migrate deploy` / "
        "`prisma migrate status` (`tools/prisma_migrate_oracle/migrate.mjs`)"
        + (f" (not run here: {why})" if why else ""),
        command=f"python benchmarks/bench_migrate_apply.py --migrations {args.migrations} --reps {args.reps}",
        columns=["command", "ours s", "ours peak MB", "prisma s", "prisma peak MB", "ours / prisma"],
        rows=rows,
        targets=targets,
        notes=notes,
        load_before=load_before,
        load_after=load_after,
    )
    write_result(result, args.json)
    if any(x.error for x in samples.values()):
        return 1
    return 1 if args.strict and any(not t.met for t in targets) else 0


if __name__ == "__main__":
    sys.exit(main())
