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


def _keep(out: list[str], chunk: str) -> None:
    code = _TOKEN.sub(lambda m: "" if m.lastgroup in ("line", "block") else m.group(0), chunk)
    if code.strip():
        out.append(chunk.strip())
