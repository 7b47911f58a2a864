"""Split a SQL script into statements without a SQL parser.

Drivers differ in whether they run several statements per call (psycopg does, sqlite3's
``execute`` does not, DuckDB does but reports errors without saying which statement failed), so
scripts are run one statement at a time. Quotes, dollar quotes and comments are respected.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(
    r"""
      (?P<squote>'(?:[^']|'')*')
    | (?P<dquote>"(?:[^"]|"")*")
    | (?P<dollar>\$(?P<tag>[A-Za-z_]*)\$.*?\$(?P=tag)\$)
    | (?P<line>--[^\n]*)
    | (?P<block>/\*.*?\*/)
    | (?P<semi>;)
    """,
    re.VERBOSE | re.DOTALL,
)


def split_statements(script: str) -> list[str]:
    """Statements of ``script`` without their trailing ``;``; comment-only chunks are dropped."""
    statements: list[str] = []
    start = 0
    for m in _TOKEN.finditer(script):
        if m.lastgroup == "semi":
            _keep(statements, script[start : m.start()])
            start = m.end()
    _keep(statements, script[start:])
    return statements


def split_statements_at(script: str) -> list[tuple[str, int]]:
    """Like :func:`split_statements`, each statement with the offset in ``script`` where its text starts.

    The migration runner reports a failing statement as ``migration.sql:LINE:COL``; the texts are
    exactly those :func:`split_statements` returns, so both count statements alike.
    """
    found: list[tuple[str, int]] = []
    start = 0
    for m in _TOKEN.finditer(script):
        if m.lastgroup == "semi":
            _keep_at(found, script, start, m.start())
            start = m.end()
    _keep_at(found, script, start, len(script))
    return found


def _keep_at(out: list[tuple[str, int]], script: str, start: int, end: int) -> None:
    chunk = script[start:end]
    kept: list[str] = []
    _keep(kept, chunk)
    if kept:
        out.append((kept[0], start + (len(chunk) - len(chunk.lstrip()))))


def _keep(out: list[str], chunk: str) -> None:
    code = _TOKEN.sub(lambda m: "" if m.lastgroup in ("line", "block") else m.group(0), chunk)
    if code.strip():
        out.append(chunk.strip())
