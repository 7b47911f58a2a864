"""Seed every real-world schema of a folder the way a user would, and check what landed.

    .venv/bin/python tools/seed_realworld.py                        # tests/data/seed/realworld, a throwaway server
    .venv/bin/python tools/seed_realworld.py DIR --pg-url postgresql://postgres@127.0.0.1:5432/postgres
    .venv/bin/python tools/seed_realworld.py --rows 100 --engines postgres --only cal

For each schema (a ``.prisma`` file, or a folder of them for a multi-file schema) and each row
count, on PostgreSQL: a fresh database, ``CREATE EXTENSION`` for what the schema asks for
(``extensions = [...]``, ``@db.Citext``, ``gin_trgm_ops``, ``uuid_generate_v4()``...) when the
server has it, then ``workbench seed SCHEMA --db URL --apply --rows N`` run as a real subprocess,
then SQL checks derived from the seeding plan (``tests/seed_checks.py``: NOT NULL, unique tuples,
dangling foreign keys, VARCHAR lengths) and a count of every table (an empty table is fine only
when the plan clamped it and said why). DuckDB (a temp file) and SQLite get the first row count.
It prints one markdown table row per run.

A schema with ``Unsupported("vector(...)")`` (pgvector) or PostGIS columns cannot be created on a
server without those extensions: it is reported as "needs pgvector" and, for the sweep, seeded
again from a copy with those columns removed (:func:`without_unavailable`: the field lines, the
indexes naming them and the extension's entry go; the schema on disk is untouched).

Exit status: 0 when every run is ok, 1 otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# extensions the sweep creates when a schema needs them (and the server has them)
_EXTENSIONS = ("citext", "pg_trgm", "uuid-ossp", "pgcrypto", "btree_gin", "btree_gist", "hstore", "fuzzystrmatch")
# column types that need an extension this kind of server lacks: (pattern on the Unsupported type, what)
_UNAVAILABLE = (("vector", "pgvector"), ("halfvec", "pgvector"), ("geometry", "postgis"), ("geography", "postgis"))
_UNSUPPORTED_FIELD = re.compile(r'^\s*(\w+)\s+Unsupported\(\s*"(\w+)[^"]*"\s*\)\??.*$')


@dataclass
class Run:
    schema: str
    models: int
    tables: int
    engine: str
    rows: int
    written: int = 0
    seconds: float = 0.0
    result: str = "ok"

    @property
    def ok(self) -> bool:
        return self.result == "ok" or self.result.startswith("ok ")


def schemas_in(folder: Path) -> list[Path]:
    """The schemas of a folder: each ``.prisma`` file, and each sub-folder (a multi-file schema)."""
    out = [p for p in sorted(folder.iterdir()) if p.suffix == ".prisma" or (p.is_dir() and any(p.glob("*.prisma")))]
    return out


def schema_text(path: Path) -> str:
    files = [path] if path.is_file() else sorted(path.rglob("*.prisma"))
    return "\n".join(f.read_text(encoding="utf-8", errors="replace") for f in files)


def unavailable_needs(text: str) -> list[str]:
    """What the schema needs that the server lacks (pgvector, postgis), from its Unsupported columns
    and from its datasource's ``extensions`` (the DDL creates each one, as Prisma Migrate does)."""
    needs: list[str] = []
    for line in text.splitlines():
        m = _UNSUPPORTED_FIELD.match(line)
        if m is not None:
            for prefix, what in _UNAVAILABLE:
                if m.group(2).lower().startswith(prefix) and what not in needs:
                    needs.append(what)
        elif line.strip().startswith("extensions"):
            listed = line.partition("=")[2]
            for pattern, what in ((r"\b(pg)?vector\b", "pgvector"), (r"\bpostgis\b", "postgis")):
                if re.search(pattern, listed) and what not in needs:
                    needs.append(what)
    return needs


def _without_extensions(line: str) -> str:
    """``extensions = [...]`` without the entries the server lacks: ``vector``, ``pgvector(map: "vector")``,
    ``postgis`` (an entry is dropped whole, its arguments included)."""
    head, _, rest = line.partition("[")
    body, _, tail = rest.rpartition("]")
    entries, depth, current = [], 0, ""
    for ch in body:
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            entries.append(current)
            current = ""
        else:
            current += ch
    entries.append(current)
    kept = [e.strip() for e in entries if e.strip() and not re.search(r"\b(pg)?vector\b|\bpostgis\b", e)]
    return f"{head}[{', '.join(kept)}]{tail}"


def without_unavailable(text: str) -> str:
    """The schema text without the columns the server cannot create (documented transformation).

    Removed: every field line typed ``Unsupported("vector...")`` / ``halfvec`` / ``geometry`` /
    ``geography``; every ``@@index`` / ``@@unique`` line that names one of those fields; and the
    ``vector`` / ``postgis`` entries of ``extensions = [...]``. Nothing else changes (line numbers
    of the remaining lines do, which is why the sweep says which copy an error comes from)."""
    removed: set[str] = set()
    kept: list[str] = []
    for line in text.splitlines():
        m = _UNSUPPORTED_FIELD.match(line)
        if m is not None and any(m.group(2).lower().startswith(p) for p, _ in _UNAVAILABLE):
            removed.add(m.group(1))
            continue
        kept.append(line)
    out: list[str] = []
    for line in kept:
        stripped = line.strip()
        if stripped.startswith(("@@index", "@@unique")) and any(
            re.search(rf"\b{re.escape(f)}\b", line) for f in removed
        ):
            continue
        if stripped.startswith("extensions"):
            line = _without_extensions(line)
        out.append(line)
    return "\n".join(out) + "\n"


# preview features Prisma 7 knows; Prisma 6 schemas often list ones it removed ("metrics", "fullTextIndex"...)
_PRISMA7_PREVIEW = (
    "fullTextSearchPostgres", "nativeDistinct", "partialIndexes", "postgresqlExtensions", "relationJoins",
    "schemaEngineDriverAdapters", "shardKeys", "strictUndefinedChecks", "typedSql", "views",
)  # fmt: skip


def as_prisma7(text: str) -> str:
    """A Prisma 6 schema made acceptable to Prisma 7 (documented transformation, applied only to a
    schema that does not load as it is): preview features Prisma 7 removed are dropped from
    ``previewFeatures``, and in ``view`` blocks ``@id`` / ``@@id(`` become ``@unique`` /
    ``@@unique(`` (Prisma 7: "Views cannot have primary keys"). Nothing else changes."""

    def features(m: re.Match[str]) -> str:
        names = re.findall(r'"([^"]*)"', m.group(2))
        kept = ", ".join(f'"{n}"' for n in names if n in _PRISMA7_PREVIEW)
        return f"{m.group(1)}[{kept}]"

    text = re.sub(r"(previewFeatures\s*=\s*)\[([^\]]*)\]", features, text)
    out: list[str] = []
    in_view = False
    for line in text.splitlines():
        stripped = line.strip()
        if re.match(r"view\s+\w+\s*\{", stripped):
            in_view = True
        elif in_view and stripped.startswith("}"):
            in_view = False
        elif in_view:
            line = re.sub(r"\s*@id\b(?!\()", "", line) if "@unique" in line else re.sub(r"@id\b(?!\()", "@unique", line)
            line = line.replace("@@id(", "@@unique(")
        out.append(line)
    return "\n".join(out) + "\n"


def generated_columns(loaded: Any) -> list[tuple[str | None, str, str, str, str]]:
    """``dbgenerated()`` defaults that read other columns of their table: (schema, table, column,
    Prisma field, expression). PostgreSQL refuses them as DEFAULT (Prisma's own DDL fails the same
    way); the projects make them ``GENERATED ALWAYS AS (...) STORED`` in a hand-edited migration
    (Linen's ``textsearchable_index_col``, stack-auth's e-mail status columns)."""
    from workbench.ir.schema import DefaultKind

    out: list[tuple[str | None, str, str, str, str]] = []
    for m in loaded.schema.models:
        names = {f.db_name for f in m.scalar_fields}
        for f in m.scalar_fields:
            d = f.default
            if d is None or d.kind is not DefaultKind.DBGENERATED or not isinstance(d.value, str):
                continue
            words = set(re.findall(r'"([^"]+)"', d.value)) | set(re.findall(r"\b([A-Za-z_][A-Za-z0-9_]*)\b", d.value))
            if (words & names) - {f.db_name}:
                out.append((m.schema, m.db_name, f.db_name, f.name, d.value))
    return out


def without_generated_defaults(fields: set[str]) -> Any:
    """A text change dropping ``@default(dbgenerated("..."))`` from the named fields' lines."""

    def change(text: str) -> str:
        out: list[str] = []
        for line in text.splitlines():
            m = re.match(r"\s*(\w+)\s", line)
            if m is not None and m.group(1) in fields and "@default(dbgenerated(" in line:
                start = line.index("@default(dbgenerated(")
                depth, i, quoted = 0, start + len("@default"), False
                while i < len(line):  # the attribute's end: its closing parenthesis, outside strings
                    ch = line[i]
                    if ch == '"' and line[i - 1] != "\\":
                        quoted = not quoted
                    elif not quoted and ch == "(":
                        depth += 1
                    elif not quoted and ch == ")":
                        depth -= 1
                        if depth == 0:
                            break
                    i += 1
                line = line[:start].rstrip() + " " + line[i + 1 :].lstrip()
            out.append(line.rstrip())
        return "\n".join(out) + "\n"

    return change


def create_as_migrated(url: str, path: Path, tmp: Path) -> bool:
    """Build the database the way the project's migrations do when the schema has generated
    columns: the tables from a copy without those defaults, then each column re-created as
    ``GENERATED ALWAYS AS (expr) STORED``. False when the schema has none (``--apply`` does it)."""
    import workbench as wb
    from workbench.dialects import lower

    loaded = wb.load(str(path))
    generated = generated_columns(loaded)
    if not generated:
        return False
    plain = transformed(path, tmp, "without-generated", without_generated_defaults({g[3] for g in generated}))
    database, _ = lower(loaded.schema, "postgres")
    types = {(t.schema, t.name, c.name): c.type for t in database.tables for c in t.columns}
    enums = {e.name for e in database.enums}
    with wb.connect(url) as db:
        db.apply(wb.load(str(plain)))
        for schema, table, column, _field, expr in generated:
            target = f'"{schema}"."{table}"' if schema else f'"{table}"'
            kind = types.get((schema, table, column)) or types[(None, table, column)]
            core = kind.removesuffix("[]")
            if core in enums:  # an enum type keeps its case: quoted, as Prisma's DDL writes it
                kind = f'"{core}"' + kind[len(core) :]
            db.sql(
                f'ALTER TABLE {target} DROP COLUMN "{column}", '
                f'ADD COLUMN "{column}" {kind} GENERATED ALWAYS AS ({expr}) STORED'
            )
    return True


def transformed(path: Path, tmp: Path, suffix: str, change: Any) -> Path:
    """A copy of a schema file or folder with ``change`` applied to every file's text."""
    label = path.stem if path.is_file() else path.name
    copy = tmp / f"{label}__{suffix}"
    if path.is_dir():
        shutil.copytree(path, copy)
        for f in copy.glob("*.prisma"):
            f.write_text(change(f.read_text(encoding="utf-8")), encoding="utf-8")
        return copy
    copy = copy.with_name(copy.name + ".prisma")
    copy.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    return copy


def extensions_needed(text: str) -> list[str]:
    """Extensions the schema's DDL or defaults need, among those the sweep knows how to create."""
    need: list[str] = []
    m = re.search(r"extensions\s*=\s*\[([^\]]*)\]", text)
    listed = m.group(1) if m else ""
    for ext in _EXTENSIONS:
        name = ext.replace("-", "_")
        if re.search(rf"\b{re.escape(name)}\b", listed) or f'"{ext}"' in listed:
            need.append(ext)
    if "@db.Citext" in text and "citext" not in need:
        need.append("citext")
    if re.search(r"gin_trgm_ops|gist_trgm_ops|\btrgm\b", text, re.IGNORECASE) and "pg_trgm" not in need:
        need.append("pg_trgm")
    if "uuid_generate_v" in text and "uuid-ossp" not in need:
        need.append("uuid-ossp")
    if re.search(r"\b(gen_random_bytes|crypt|gen_salt)\(", text) and "pgcrypto" not in need:
        need.append("pgcrypto")
    return need


@contextlib.contextmanager
def fresh_database(server: str, prefix: str, extensions: list[str]) -> Iterator[tuple[str, list[str]]]:
    """A new database on ``server`` with the extensions created (those the server lacks are listed)."""
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True, connect_timeout=10) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    base = server.rpartition("/")[0]
    url = f"{base}/{name}"
    missing: list[str] = []
    try:
        with psycopg.connect(url, autocommit=True, connect_timeout=10) as con:
            for ext in extensions:
                try:
                    con.execute(f'CREATE EXTENSION IF NOT EXISTS "{ext}"')
                except psycopg.Error:
                    missing.append(ext)
        yield url, missing
    finally:
        with psycopg.connect(server, autocommit=True, connect_timeout=10) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_cli(schema: Path, url: str, rows: int, timeout: float, apply: bool = True) -> tuple[int, str, float]:
    """``workbench seed`` as a subprocess: (exit code, the one-line outcome, seconds)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    cmd = [sys.executable, "-m", "workbench", "seed", str(schema), "--db", url, "--rows", str(rows)]
    cmd += ["--apply"] if apply else []
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return 124, f"timed out after {timeout:.0f} s", time.perf_counter() - t0
    seconds = time.perf_counter() - t0
    err = proc.stderr.strip()
    if "Traceback (most recent call last)" in err:
        last = err.splitlines()[-1]
        return proc.returncode or 1, f"TRACEBACK: {last}", seconds
    if proc.returncode != 0:
        lines = [x for x in err.splitlines() if x.strip()]
        first = next((x for x in lines if "error" in x.lower()), lines[0] if lines else f"exit {proc.returncode}")
        more = f" (+{len(lines) - 1} lines)" if len(lines) > 1 else ""
        return proc.returncode, first.strip() + more, seconds
    return 0, "ok", seconds


def verify(url: str, loaded: Any, rows: int) -> tuple[int, str]:
    """(rows in the schema's tables, "ok" or what is wrong) by SQL on the seeded database."""
    import workbench as wb
    from tests.seed_checks import violations
    from workbench.seeding import build_plan
    from workbench.seeding.load import qident, qtable

    plan = build_plan(loaded.schema, rows)
    with wb.connect(url, create=False) as db:
        name = (lambda t: qident(t.name)) if db.dialect == "sqlite" else qtable
        counts = {t.key: db.sql(f"SELECT count(*) FROM {name(t)}").rows[0][0] for t in plan.tables}
        problems = violations(db, plan)
    written = sum(counts.values())
    clamped = {m.message.split(":", 1)[0]: m.message for m in plan.diagnostics if m.code == "I1101"}
    empty = [t for t in plan.tables if counts[t.key] == 0]
    unexplained = [t.name for t in empty if not any(k in (t.name, f"{t.key[0]}.{t.name}") for k in clamped)]
    if problems:
        return written, f"{len(problems)} violations: {problems[0]}"
    if unexplained:
        return written, f"{len(unexplained)} empty tables without a reason: {', '.join(unexplained[:5])}"
    if empty:
        return written, f"ok ({len(empty)} tables clamped to 0: {clamped[next(iter(clamped))]})"
    return written, "ok"


def sweep_one(
    path: Path, label: str, server: str | None, counts: list[int], engines: list[str], timeout: float, tmp: Path
) -> list[Run]:
    import workbench as wb

    loaded = wb.load(str(path))
    models = len(loaded.schema.models)
    if loaded.errors:
        first = str(loaded.errors[0].message).splitlines()[0]
        return [Run(label, models, 0, "load", 0, result=f"load error ({len(loaded.errors)}): {first}")]
    from workbench.seeding import build_plan

    tables = len(build_plan(loaded.schema, 1).tables)
    text = schema_text(path)
    out: list[Run] = []
    for engine in engines:
        for n in counts if engine == "postgres" else counts[:1]:
            run = Run(label, models, tables, engine, n)
            out.append(run)
            try:
                if engine == "postgres":
                    if server is None:
                        run.result = "no PostgreSQL server"
                        continue
                    slug = re.sub(r"[^a-z0-9]+", "_", label.lower())[:30]
                    with fresh_database(server, f"seedrw_{slug}", extensions_needed(text)) as (url, missing):
                        migrated = create_as_migrated(url, path, tmp)  # generated columns, as its migrations
                        code, outcome, run.seconds = run_cli(path, url, n, timeout, apply=not migrated)
                        if code == 0:
                            run.written, outcome = verify(url, loaded, n)
                        elif missing:
                            outcome += f" (extensions not on this server: {', '.join(missing)})"
                        run.result = outcome
                else:
                    target = tmp / f"{uuid.uuid4().hex[:8]}.{'duckdb' if engine == 'duckdb' else 'sqlite'}"
                    url = f"{engine}:///{target}"
                    code, outcome, run.seconds = run_cli(path, url, n, timeout)
                    if code == 0:
                        run.written, outcome = verify(url, loaded, n)
                    run.result = outcome
                    target.unlink(missing_ok=True)
            except Exception as exc:  # the sweep reports, it does not stop
                run.result = f"sweep error: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="seed_realworld", description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("folder", nargs="?", default=str(ROOT / "tests" / "data" / "seed" / "realworld"))
    p.add_argument("--pg-url", default=None, help="a PostgreSQL server's maintenance URL (default: a throwaway one)")
    p.add_argument("--rows", default="100,10000", help="rows per table, comma-separated (default 100,10000)")
    p.add_argument("--engines", default="postgres,duckdb,sqlite", help="comma-separated (DuckDB/SQLite: first count)")
    p.add_argument("--only", default=None, help="only schemas whose name contains this text")
    p.add_argument("--timeout", type=float, default=900.0, help="seconds per seed run")
    ns = p.parse_args(argv)
    counts = [int(x) for x in ns.rows.split(",") if x.strip()]
    engines = [e.strip() for e in ns.engines.split(",") if e.strip()]
    from workbench.db.pgserver import server_url

    schemas = [s for s in schemas_in(Path(ns.folder)) if ns.only is None or ns.only.lower() in s.name.lower()]
    runs: list[Run] = []
    print("| schema | models | tables | engine | rows asked | rows written | seconds | result |")
    print("| --- | ---: | ---: | --- | ---: | ---: | ---: | --- |")
    with server_url(ns.pg_url) as server, tempfile.TemporaryDirectory(prefix="seed-realworld-") as tmpdir:
        tmp = Path(tmpdir)
        for path in schemas:
            label = path.stem if path.is_file() else path.name
            todo = [(path, label)]
            notes: list[str] = []
            import workbench as wb

            errors = wb.load(str(path)).errors
            if errors:
                first = str(errors[0].message).splitlines()[0]
                notes.append(f"does not load as Prisma 7 ({first}): seeded as Prisma 7 would accept it")
                path = transformed(path, tmp, "prisma7", as_prisma7)
            needs = unavailable_needs(schema_text(path))
            if needs:
                notes.append(f"needs {', '.join(needs)}: seeded without those columns")
                path = transformed(path, tmp, f"without-{'-'.join(needs)}", without_unavailable)
            for note in notes:
                runs.append(Run(label, 0, 0, "-", 0, result=note))
                print(_row(runs[-1]), flush=True)
            todo = [(path, label + (" (changed, see above)" if notes else ""))]
            for target, name in todo:
                for run in sweep_one(target, name, server, counts, engines, ns.timeout, tmp):
                    runs.append(run)
                    print(_row(run), flush=True)
    bad = [r for r in runs if not r.ok and r.engine != "-"]
    print(f"\n{len(runs) - len(bad)} of {len(runs)} runs ok")
    return 1 if bad else 0


def _row(r: Run) -> str:
    result = r.result.replace("|", "\\|")
    return (
        f"| {r.schema} | {r.models or ''} | {r.tables or ''} | {r.engine} | {r.rows:,} | {r.written:,} | "
        f"{r.seconds:.1f} | {result} |"
    )


if __name__ == "__main__":
    raise SystemExit(main())
