"""``workbench profile --db URL --query SQL [--runs N] [--warmup N] [--json]``: a thin shell over :func:`profile`."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from workbench.cli.common import add_command, database, exit_codes
from workbench.cli.progress_flag import add_progress_flag

if TYPE_CHECKING:
    from workbench.cli.common import Subparsers

PURPOSE = "time a query and show its plan"
EPILOG = f"""\
Every run is rolled back, so INSERT/UPDATE/DELETE and transactional DDL leave no trace;
what a rollback cannot undo (COMMIT, COPY, VACUUM, ANALYZE, SET, DO/CALL, nextval(),
ATTACH, ...) is refused before anything runs.

examples:
  workbench profile --db app.duckdb --query 'SELECT count(*) FROM "Post"'
  workbench profile --db postgresql://me@localhost/shop --query - --runs 20 --json < q.sql

{exit_codes("the query is refused or fails")}
"""


def register(sub: Subparsers) -> argparse.ArgumentParser:
    p = add_command(sub, "profile", PURPOSE, "Time a query and show its executed plan (DuckDB or PostgreSQL).", EPILOG)
    p.add_argument(
        "--db", help="database URL (duckdb:///file.duckdb or postgresql://...; default: the project's, see init)"
    )
    p.add_argument("--query", required=True, help="the SQL to profile ('-' reads it from stdin)")
    p.add_argument("--runs", type=int, default=10, help="timed runs (default 10)")
    p.add_argument("--warmup", type=int, default=2, help="untimed runs first (default 2)")
    p.add_argument("--json", action="store_true", help="print the profile as JSON")
    add_progress_flag(p)
    p.set_defaults(func=run)
    return p


def run(ns: argparse.Namespace) -> int:
    """Run the command; returns the exit code (1 when the query fails)."""
    import workbench as wb
    from workbench.diagnostics import UserError
    from workbench.profile.run import profile

    sql = sys.stdin.read() if ns.query == "-" else ns.query
    db = wb.connect(database(ns.db), create=False)  # a read never creates a database file
    try:
        p = profile(db, sql, runs=ns.runs, warmup=ns.warmup, progress=ns.progress)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # the engine rejected the query: its message is the useful part
        print(f"error: the query failed on {db.dialect}: {str(exc).strip().splitlines()[0]}", file=sys.stderr)
        return 1
    finally:
        db.close()
    print(json.dumps(p.to_dict(), indent=2, default=str) if ns.json else repr(p))
    return 0
