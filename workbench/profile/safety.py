"""Which statements may be profiled, and how: the rule that makes profiling safe by construction.

Profiling runs the user's SQL for real, several times, so it must never leave a trace. The rule
is an allow-list, not a deny-list:

1. The query string is split into statements with sqlglot's tokenizer for the engine's dialect,
   which knows comments, quoted identifiers, escape strings and dollar quotes. A string that
   cannot be tokenized is refused: what cannot be read cannot be proven safe.
2. Each statement is parsed. It is a **read** only if it is provably a query (SELECT, set
   operations, VALUES, TABLE, WITH ... SELECT, a parenthesised query, ``EXPLAIN`` of one)
   without a data-modifying CTE, ``SELECT ... INTO`` or a row lock.
3. It is a **write** if it is DML (INSERT / UPDATE / DELETE / MERGE, data-modifying CTEs,
   TRUNCATE) or DDL that the engine undoes on ROLLBACK (``safety_rules.WRITE_OBJECTS``).
4. Everything else is **refused** with a one-line reason: transaction control, COPY, VACUUM,
   ANALYZE, settings, DO/CALL, prepared statements, CONCURRENTLY, ATTACH, ..., and anything
   that does not parse or that the rules do not recognise. So is any statement that calls a
   function whose effect outlives a rollback (``safety_rules.SIDE_EFFECTS``: nextval, setval,
   set_config, advisory locks, large objects, dblink, ...).

``EXPLAIN [ANALYZE] stmt`` is classified (and profiled) as ``stmt``: profiling is an EXPLAIN
ANALYZE already, and the inner statement is what runs.

ANALYZE is refused although PostgreSQL accepts it in a transaction: its only purpose is lasting
statistics, and rolled back it would leave the worst mix (pg_statistic undone, while the in-place
pg_class.reltuples and the autovacuum counters say the table was just analysed). Two traces of a
rolled-back write are inherent to the engines and not data: PostgreSQL refreshes a table's row
estimate (pg_class.reltuples/relpages) in place when an index is built, and a sequence drawn by a
column default (an INSERT into a serial column) is never rolled back; the profile reports that gap
as a note.

The runner (``run.py``) then executes reads and writes inside a transaction that is always rolled
back, reads in a READ ONLY transaction on PostgreSQL, and checks that the engine's own parser sees
exactly the statements classified here (defence in depth against a tokenizer disagreement).
The classifier is static (no connection) so migration rehearsal and the studio's data tab can
reuse it: :func:`classify` returns a verdict per statement, :func:`check` raises on the first refusal.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from workbench.diagnostics import UserError
from workbench.profile.safety_rules import KIND_MODIFIERS, REFUSED, SIDE_EFFECTS, WRITE_OBJECTS

if TYPE_CHECKING:
    from sqlglot import exp

Effect = Literal["read", "write", "refused"]

_READ_HEADS = frozenset({"SELECT", "WITH", "VALUES", "TABLE", "FROM", "("})
_DML_HEADS = {"Insert": "INSERT", "Update": "UPDATE", "Delete": "DELETE", "Merge": "MERGE"}
_UNKNOWN = "not a query or a change workbench knows a rollback undoes, so it cannot prove profiling it is safe"


class UnsafeQueryError(UserError):
    """The query holds a statement that profiling cannot run without a lasting effect; nothing ran."""


@dataclass(frozen=True)
class Statement:
    """One statement of a query string and what profiling may do with it."""

    text: str  # as written, without the trailing ``;``
    run: str  # what is executed: ``text`` without a leading EXPLAIN [options]
    kind: str  # SELECT, DELETE, DROP TABLE, COMMIT, ...
    effect: Effect
    reason: str  # why it is refused ("" otherwise)
    explainable: bool  # the engine can show a plan for ``run``
    line: int  # 1-based position of the statement in the query string
    col: int

    @property
    def is_read(self) -> bool:
        return self.effect == "read"


def classify(sql: str, dialect: str, *, params: bool = False) -> tuple[Statement, ...]:
    """A verdict for every statement of ``sql`` (``dialect``: ``postgres`` or ``duckdb``).

    ``params``: the query comes with driver parameters; psycopg's ``%s`` / ``%(name)s``
    placeholders are then read as parameters (PostgreSQL).
    """
    text = _placeholders_as_parameters(sql) if params and dialect == "postgres" else sql
    try:
        tokens = _tokenize(text, dialect)
    except Exception as exc:
        reason = f"workbench cannot read it ({_first_line(exc)}), so it cannot prove it safe to run"
        return (Statement(sql, sql, "this query", "refused", reason, False, 1, 1),)
    out: list[Statement] = []
    for group, end in _split(tokens, len(text)):
        try:
            out.append(_classify_tokens(sql, text, group, end, dialect))
        except Exception as exc:  # the inner statement of an EXPLAIN did not tokenize
            reason = f"workbench cannot read it ({_first_line(exc)}), so it cannot prove it safe to run"
            start = group[0].start
            out.append(
                Statement(sql[start:end].rstrip(), "", "EXPLAIN", "refused", reason, False, *_position(text, start))
            )
    return tuple(out)


def check(sql: str, dialect: str, *, params: bool = False) -> tuple[Statement, ...]:
    """The statements of ``sql``, or :class:`UnsafeQueryError` naming the first one that is refused."""
    statements = classify(sql, dialect, params=params)
    if not statements:
        raise UnsafeQueryError("nothing to profile: the query is empty (or only comments)")
    for i, s in enumerate(statements, 1):
        if s.effect == "refused":
            where = f"statement {i} of {len(statements)}, " if len(statements) > 1 else ""
            raise UnsafeQueryError(f"cannot profile {s.kind} ({where}at {s.line}:{s.col}): {s.reason}")
    if params and len(statements) > 1:
        raise UnsafeQueryError(
            f"query parameters need a single statement; this query has {len(statements)}: profile them one by one"
        )
    return statements


def is_read_only(sql: str, dialect: str) -> bool:
    """True when every statement of ``sql`` is a read under the rule above."""
    statements = classify(sql, dialect)
    return bool(statements) and all(s.is_read for s in statements)


# --- tokens ----------------------------------------------------------------------------------------
class _Tok(NamedTuple):
    text: str
    start: int  # offsets into the query string; ``end`` inclusive
    end: int
    type: str  # sqlglot's token type name


def _tokenize(sql: str, dialect: str, offset: int = 0) -> list[_Tok]:
    from sqlglot.dialects.dialect import Dialect

    return [
        _Tok(str(t.text), t.start + offset, t.end + offset, t.token_type.name)
        for t in Dialect.get_or_raise(dialect).tokenize(sql)
    ]


def _split(tokens: list[_Tok], length: int) -> Iterator[tuple[list[_Tok], int]]:
    """Token groups between semicolons, each with the offset where its statement ends.

    The end comes from the semicolon, not the last token: sqlglot folds the body of a command
    (EXPLAIN, DO, CALL, ...) into one string token whose offsets are not reliable.
    """
    group: list[_Tok] = []
    for tok in tokens:
        if tok.type == "SEMICOLON":
            if group:
                yield group, tok.start
            group = []
        else:
            group.append(tok)
    if group:
        yield group, length


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset``."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _word(tok: _Tok) -> str:
    """The keyword a token spells, upper-cased (``(`` for a parenthesis)."""
    return tok.text.upper()


def _strip_explain(text: str, group: list[_Tok], end: int, dialect: str) -> list[_Tok]:
    """The tokens after ``EXPLAIN [ ( options ) ] [ANALYZE] [VERBOSE]``; the group itself otherwise."""
    if not group or _word(group[0]) != "EXPLAIN":
        return group
    rest = group[0].end + 1
    inner = _tokenize(text[rest:end], dialect, rest)
    i = 0
    if inner and inner[0].text == "(":
        depth = 0
        while i < len(inner):
            depth += {"(": 1, ")": -1}.get(inner[i].text, 0)
            i += 1
            if depth == 0:
                break
    while i < len(inner) and _word(inner[i]) in ("ANALYZE", "ANALYSE", "VERBOSE"):
        i += 1
    return inner[i:]


def _kind(words: list[str]) -> str:
    """``DROP TABLE`` for DDL (modifiers such as OR REPLACE / UNIQUE skipped), else the first keyword."""
    words = [w for w in words if w != "("]
    if not words:
        return "?"
    if words[0] in ("CREATE", "DROP", "ALTER") and len(words) > 1:
        rest = [w for w in words[1:] if w not in KIND_MODIFIERS]
        return f"{words[0]} {rest[0]}" if rest else words[0]
    if words[0] == "WITH":
        return "WITH"
    return words[0]


# --- classification --------------------------------------------------------------------------------
def _classify_tokens(original: str, text: str, group: list[_Tok], end: int, dialect: str) -> Statement:
    start = group[0].start
    end = start + len(text[start:end].rstrip())
    line, col = _position(text, start)
    inner = _strip_explain(text, group, end, dialect)
    words = [_word(t) for t in inner[:6]]
    kind = _kind(words)

    def verdict(effect: Effect, reason: str = "", explainable: bool = False) -> Statement:
        run = original[inner[0].start : end] if inner else ""
        return Statement(original[start:end], run, kind, effect, reason, explainable, line, col)

    if not inner:
        return verdict("refused", "EXPLAIN of nothing")
    for key in (kind, words[0]):
        if key in REFUSED:
            return verdict("refused", REFUSED[key])
    calls = _side_effect_call(inner, dialect)
    if calls:
        return verdict("refused", calls)
    if any(_word(t) == "CONCURRENTLY" for t in inner):
        return verdict("refused", "CONCURRENTLY cannot run inside a transaction, so it could not be rolled back")
    try:
        tree = _parse(text[inner[0].start : end], dialect)
    except Exception as exc:
        return verdict("refused", f"workbench cannot parse it ({_first_line(exc)}), so it cannot prove it safe")
    effect, reason, explainable = _classify_tree(tree, words, dialect)
    return verdict(effect, reason, explainable)


def _classify_tree(tree: Any, words: list[str], dialect: str) -> tuple[Effect, str, bool]:
    from sqlglot import exp

    head = words[0]
    if isinstance(tree, exp.Command) and (dialect, _kind(words)) in _TRANSACTIONAL_COMMANDS:
        return "write", "", False
    if any(isinstance(node, exp.Command) for node in tree.walk()):
        return "refused", _UNKNOWN, False
    if isinstance(tree, exp.Query | exp.Values) and head in _READ_HEADS:
        if any(isinstance(n, exp.Create | exp.Drop | exp.Alter) for n in tree.walk()):
            return "refused", _UNKNOWN, False
        if any(isinstance(n, exp.Insert | exp.Update | exp.Delete | exp.Merge) for n in tree.walk()):
            return "write", "", True  # a data-modifying CTE
        if tree.find(exp.Into) is not None or tree.find(exp.Lock) is not None:
            return "write", "", True  # SELECT ... INTO creates a table; FOR UPDATE locks rows
        return "read", "", True
    name = type(tree).__name__
    if name in _DML_HEADS and head in (_DML_HEADS[name], "WITH"):
        if isinstance(tree, exp.Update) and not tree.args.get("expressions"):
            return "refused", _UNKNOWN, False  # e.g. DuckDB's UPDATE EXTENSIONS
        return "write", "", True
    if isinstance(tree, exp.TruncateTable) and head == "TRUNCATE":
        return "write", "", False
    if isinstance(tree, exp.Comment) and head == "COMMENT":
        return "write", "", False
    if isinstance(tree, exp.Create | exp.Drop | exp.Alter) and head in ("CREATE", "DROP", "ALTER"):
        kind = str(tree.args.get("kind") or "").upper()
        if kind not in WRITE_OBJECTS[dialect][head]:
            return "refused", _UNKNOWN, False
        if tree.args.get("concurrently"):
            return "refused", "CONCURRENTLY cannot run inside a transaction, so it could not be rolled back", False
        as_query = isinstance(tree, exp.Create) and isinstance(tree.args.get("expression"), exp.Query)
        return "write", "", as_query and kind == "TABLE"
    return "refused", _UNKNOWN, False


# DDL that sqlglot reads only as an opaque command but that the engine undoes on rollback.
_TRANSACTIONAL_COMMANDS = {("duckdb", "CREATE TYPE"), ("duckdb", "DROP TYPE")}


def _side_effect_call(tokens: list[_Tok], dialect: str) -> str:
    """The reason to refuse a call of a side-effect function (``name (`` anywhere), or ""."""
    table = SIDE_EFFECTS[dialect]
    for tok, nxt in itertools.pairwise(tokens):
        name = tok.text.lower()
        if name in table and nxt.text == "(":
            return f"it calls {name}(), which {table[name]}"
    for u, amp, ident in zip(tokens, tokens[1:], tokens[2:], strict=False):
        adjacent = amp.start == u.end + 1 and ident.start == amp.end + 1
        escaped = u.text in ("U", "u") and amp.text == "&" and ident.type == "IDENTIFIER" and adjacent
        if dialect == "postgres" and escaped:
            return 'a Unicode-escaped name (U&"...") could hide a function from this check: write the name plainly'
    return ""


@contextlib.contextmanager
def _quiet_sqlglot() -> Iterator[None]:
    """sqlglot logs a warning when it falls back to an opaque command; the verdict says it better."""
    logger = logging.getLogger("sqlglot")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _parse(sql: str, dialect: str) -> exp.Expr:
    import sqlglot

    with _quiet_sqlglot():
        tree = sqlglot.parse_one(sql, read=dialect)
    if tree is None:
        raise ValueError("empty statement")
    return tree


_PSYCOPG_PLACEHOLDER = re.compile(r"%%|%\([^)]*\)[sbt]|%[sbt]")


def _placeholders_as_parameters(sql: str) -> str:
    """psycopg's ``%s`` / ``%(name)s`` / ``%%`` as ``$1`` / ``%``, padded so every offset stays put."""

    def sub(m: re.Match[str]) -> str:
        return "% " if m.group(0) == "%%" else "$1".ljust(len(m.group(0)))

    return _PSYCOPG_PLACEHOLDER.sub(sub, sql)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
