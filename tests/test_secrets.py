"""A password in a database URL is never shown: not by a CLI command, a display, a generated file or an error.

Everything runs against the real PostgreSQL with a URL carrying a canary password (trust auth
accepts any password, so it connects). The canary holds percent escapes, so its decoded form is
checked too (both contain ``CANARY``). Where a URL is shown, it is shown masked (``****``).
"""

from __future__ import annotations

import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

import workbench as wb
from tests.cli_run import workbench
from workbench.db.secrets import password_of, redact_url, scrub
from workbench.diagnostics import UserError
from workbench.emit.registry import TARGETS

ROOT = Path(__file__).resolve().parent.parent
BLOG = ROOT / "sample_schemas" / "blog.prisma"
PASSWORD = "CANARY-s3cr%40t%2Fx%25y"  # decodes to CANARY-s3cr@t/x%y
assert unquote(PASSWORD).startswith("CANARY")


def secret_free(text: str) -> bool:
    return "CANARY" not in text and unquote(PASSWORD) not in text


def with_password(url: str, password: str = PASSWORD, scheme: str = "postgresql") -> str:
    parts = urlsplit(url)
    netloc = f"{parts.username or 'postgres'}:{password}@{parts.hostname}:{parts.port}"
    return parts._replace(scheme=scheme, netloc=netloc).geturl()


def masked(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.username or 'postgres'}:****@{parts.hostname}:{parts.port}{parts.path}"


def displays(obj: Any) -> str:
    """Everything a notebook or a terminal can show of ``obj``: repr, str and every mimebundle entry."""
    shown = [repr(obj), str(obj)]
    if hasattr(obj, "_repr_mimebundle_"):
        bundle = obj._repr_mimebundle_()
        shown += [v if isinstance(v, str) else repr(v) for v in bundle.values()]
    if hasattr(obj, "_repr_html_"):
        shown.append(str(obj._repr_html_()))
    return "\n".join(shown)


def run(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return workbench(*args, cwd=cwd, env=env, timeout=120)


def output(r: subprocess.CompletedProcess[str]) -> str:
    return r.stdout + r.stderr


@pytest.fixture
def blog_db(pg_url: str) -> Iterator[str]:
    """A database holding the blog schema (enums, relations, indexes), as a URL with the canary."""
    with wb.connect(pg_url) as db:
        db.apply(wb.load(BLOG))
    yield with_password(pg_url)


# --- the helpers -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://u:CANARY@h:5432/db", "postgresql://u:****@h:5432/db"),
        ("postgresql+psycopg://u:CANARY%40x@h/db?sslmode=require", "postgresql+psycopg://u:****@h/db?sslmode=require"),
        ("postgresql://u:CANARY/with?odd#chars@h/db", "postgresql://u:****@h/db"),  # not percent-encoded
        ("postgresql://u:CANARY@pa@h/db", "postgresql://u:****@h/db"),
        ("postgresql://h/db?user=u&password=CANARY", "postgresql://h/db?user=u&password=****"),
        ("host=h user=u password=CANARY dbname=db", "host=h user=u password=**** dbname=db"),
        ("mysql://root:CANARY@h/db", "mysql://root:****@h/db"),
        ("postgresql://u@h:5432/db?opt=a@b", "postgresql://u@h:5432/db?opt=a@b"),  # no password: unchanged
        ("postgresql://h:5432/db", "postgresql://h:5432/db"),
    ],
)
def test_redact_url(url: str, shown: str) -> None:
    assert redact_url(url) == shown
    assert secret_free(redact_url(url))
    assert secret_free(scrub(f"could not connect with {url} (password {unquote(password_of(url) or '')})", url))


# --- the library: connections, introspected schemas, everything built from them ---------------
def test_connection_repr_and_url_are_masked(blog_db: str) -> None:
    with wb.connect(blog_db) as db:
        assert db.url == f"postgresql://{masked(blog_db)}"
        assert secret_free(displays(db)) and masked(blog_db) in repr(db)
        assert db.sql("SELECT 1 AS one").rows == ((1,),)  # the real password still reached the driver
    with wb.connect(with_password(blog_db, scheme="postgresql+psycopg")) as db:  # SQLAlchemy's spelling
        assert db.url == f"postgresql+psycopg://{masked(blog_db)}" and secret_free(displays(db))
        assert db.sql("SELECT 1 AS one").rows == ((1,),)


@pytest.mark.parametrize("how", ["url", "psycopg-url", "connection"])
def test_introspected_schema_and_everything_made_from_it(blog_db: str, how: str) -> None:
    if how == "connection":
        db = wb.connect(blog_db)
        s = wb.introspect(db)
    else:
        db = None
        s = wb.introspect(blog_db if how == "url" else with_password(blog_db, scheme="postgresql+psycopg"))
    try:
        assert s.ok, s.report()
        assert masked(blog_db) in s.origin and masked(blog_db) in s.headline()
        shown = [displays(s), s.headline(), s.origin, s.report(), s.to_prisma(), s.to_json()]
        shown += [displays(s.to_sql(d)) for d in ("postgres", "duckdb", "sqlite")]
        shown.append(displays(s.lint()))
        shown.append(displays(wb.studio(s)))
        erd = s.erd()
        shown += [displays(erd), erd.mermaid(), erd.dbml(), erd.to_bytes("dot").decode()]
        for target in TARGETS:
            files = s.export(target)
            shown.append(displays(files))
            for name, text in ((f.path, f.content) for f in files):
                shown.append(text)
                if "Generated by workbench" in text:
                    assert masked(blog_db) in text, (target, name)  # the header names the database, masked
        assert any(masked(blog_db) in text for text in shown)
        for text in shown:
            assert secret_free(text), text[:2000]
    finally:
        if db is not None:
            db.close()


def test_reports_of_a_canary_connection(blog_db: str, pg_url2: str) -> None:
    blog = wb.load(BLOG)
    with wb.connect(with_password(pg_url2)) as other:
        other.apply(blog)
    shown = [displays(wb.seed(blog, with_password(pg_url2), rows=3))]  # a URL as the target
    with wb.connect(blog_db) as db:
        shown.append(displays(db))
        report = wb.seed(blog, db, rows=20)
        assert report.ok, repr(report)
        shown.append(displays(report))
        shown.append(displays(report.timings))
        db.sql("ANALYZE")
        p = db.profile('SELECT count(*) FROM "Post" WHERE published', runs=2, warmup=1)
        shown += [displays(p), repr(p.to_dict())]
        shown.append(displays(db.advise('SELECT * FROM "Post" WHERE "authorId" = %s', ("x",), runs=2)))
        shown.append(displays(db.workload(install=True)))
        with db.watch(threshold_ms=0) as log:
            db.sql('SELECT count(*) FROM "User"')
        shown.append(displays(log))
        shown.append(displays(db.cache_hit_ratio()))
        shown.append(displays(db.index_report(blog)))
        shown.append(displays(db.sql('SELECT email FROM "User" ORDER BY email LIMIT 3')))
        shown.append(displays(db.sweep('SELECT count(*) FROM "Post"', blog, scales=(10, 20), runs=1)))
    for text in shown:
        assert secret_free(text), text[:2000]


# --- errors ------------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def bad_urls(good: str) -> dict[str, str]:
    parts = urlsplit(good)
    return {
        "refused port": good.replace(f":{parts.port}/", f":{_free_port()}/"),
        "missing database": good.replace(parts.path, "/wb_secrets_missing"),
        "unknown role": good.replace(f"//{parts.username}:", "//wb_secrets_nobody:"),
        "bad % escape": good.replace(PASSWORD, "CANARY-100%-sure"),
        "bad % escape, psycopg": good.replace(PASSWORD, "CANARY-%zz").replace("postgresql://", "postgresql+psycopg://"),
        "psycopg scheme, missing database": good.replace("postgresql://", "postgresql+psycopg://").replace(
            parts.path, "/wb_secrets_missing"
        ),
        "unsupported scheme": good.replace("postgresql://", "mysql://"),
        "not a URL": good.split("://", 1)[1],
        "bad port": good.replace(f":{parts.port}/", ":port/"),
        "bad option": good + "?sslmode=bogus",
        "unknown host": good.replace(f"@{parts.hostname}:", "@no-such-host.invalid:"),
    }


def test_every_connection_error_is_masked(blog_db: str) -> None:
    for what, url in bad_urls(blog_db).items():
        for attempt in (wb.connect, wb.introspect, lambda u: wb.seed(wb.load(BLOG), u, rows=1)):
            with pytest.raises(UserError) as info:
                attempt(url)
            message = str(info.value)
            assert secret_free(message), (what, message)
            assert "\n" not in message, (what, message)
            if what not in ("not a URL",):
                assert "****" in message, (what, message)


def test_apply_and_query_errors_are_masked(blog_db: str) -> None:
    with wb.connect(blog_db) as db:
        with pytest.raises(UserError) as info:
            db.apply(f"CREATE TABLE ok (id INTEGER);\nCOMMENT ON TABLE \"{unquote(PASSWORD)}\" IS 'x'")
        assert secret_free(str(info.value))
        with pytest.raises(Exception) as raised:
            db.profile("SELECT * FROM no_such_table", runs=1, warmup=0)
        assert secret_free(str(raised.value))


# --- the command line --------------------------------------------------------------------------
def test_cli_pull_and_every_command_on_the_pulled_schema(blog_db: str, tmp_path: Path) -> None:
    r = run("pull", blog_db)
    assert r.returncode == 0, r.stderr
    assert "model Post" in r.stdout and secret_free(output(r))
    pulled = tmp_path / "pulled.prisma"
    r = run("pull", with_password(blog_db, scheme="postgresql+psycopg"), "-o", str(pulled))
    assert r.returncode == 0, r.stderr
    results = [r, run("check", str(pulled)), run("check", str(pulled), "--json"), run("format", str(pulled))]
    results += [run("lint", str(pulled)), run("lint", str(pulled), "--format", "json")]
    for fmt in ("svg", "dot", "mermaid", "dbml"):
        results.append(run("diagram", str(pulled), "--format", fmt))
    for target in ("sql", *TARGETS):
        results.append(run("export", str(pulled), "--to", target))
        if target != "sql":
            results.append(run("export", str(pulled), "--to", target, "-o", str(tmp_path / target)))
    for result in results:
        assert secret_free(output(result)), (result.args, output(result)[:2000])
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert secret_free(path.read_text(errors="replace")), path


def test_cli_on_a_schema_whose_datasource_reads_the_url_from_the_environment(blog_db: str, tmp_path: Path) -> None:
    schema = tmp_path / "env.prisma"
    text = BLOG.read_text()
    text = text.replace('provider = "postgresql"', 'provider = "postgresql"\n  url      = env("DATABASE_URL")', 1)
    schema.write_text(text)
    env = {"DATABASE_URL": blog_db}
    commands = [["check", str(schema)], ["format", str(schema)], ["lint", str(schema)], ["diagram", str(schema)]]
    commands += [["export", str(schema), "--to", t] for t in ("sql", *TARGETS)]
    for argv in commands:
        r = run(*argv, env=env)
        assert r.returncode in (0, 1) and "Traceback" not in r.stderr, (argv, r.stderr)
        assert secret_free(output(r)), argv


def test_cli_seed_and_profile_with_a_canary_url(blog_db: str, pg_url2: str) -> None:
    fresh = with_password(pg_url2)
    r = run("seed", str(BLOG), "--db", fresh, "--rows", "10", "--apply", "--timings")
    assert r.returncode == 0, r.stderr
    assert secret_free(output(r))
    for query in ('SELECT count(*) FROM "Post"', "SELECT * FROM no_such_table"):
        for extra in ([], ["--json"]):
            r = run("profile", "--db", blog_db, "--query", query, "--runs", "1", "--warmup", "0", *extra)
            assert "Traceback" not in r.stderr and secret_free(output(r)), output(r)


def test_cli_connection_errors_are_masked(blog_db: str) -> None:
    for what, url in bad_urls(blog_db).items():
        for argv in (
            ["pull", url],
            ["profile", "--db", url, "--query", "select 1"],
            ["seed", str(BLOG), "--db", url, "--rows", "1"],
        ):
            r = run(*argv)
            assert r.returncode == 1, (what, argv, output(r))
            assert secret_free(output(r)), (what, output(r))
            lines = r.stderr.strip().splitlines()
            assert len(lines) == 1 and lines[0].startswith("error: "), (what, r.stderr)
