"""``capture(engine)``: record every statement SQLAlchemy sends while a block runs.

    with capture(engine) as cap:
        session.scalars(select(User).where(User.posts.any())).all()
    cap.statements  # (sql, parameters, ms, rows, executemany)

Uses the engine's ``before_cursor_execute`` / ``after_cursor_execute`` events, so it sees the SQL
exactly as the driver received it (after compilation, with the driver's parameter style), including
statements ORM lazy loads and flushes emit. The listeners are removed when the block ends.
"""

from __future__ import annotations

import html
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from workbench.display import Html, RichDisplay, html_table
from workbench.profile.result import ms

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Statement:
    sql: str
    parameters: Any
    ms: float
    rows: int  # the cursor's rowcount (-1 when the driver does not know)
    executemany: bool


@dataclass
class Capture(RichDisplay):
    statements: list[Statement] = field(default_factory=list)

    @property
    def total_ms(self) -> float:
        return sum(s.ms for s in self.statements)

    def __len__(self) -> int:
        return len(self.statements)

    def repeated(self) -> list[tuple[str, int]]:
        """Statements sent more than once (the N+1 query signature), most frequent first."""
        counts: dict[str, int] = {}
        for s in self.statements:
            counts[s.sql] = counts.get(s.sql, 0) + 1
        return sorted(((q, n) for q, n in counts.items() if n > 1), key=lambda x: (-x[1], x[0]))

    def __repr__(self) -> str:
        lines = [f"{len(self.statements)} statements, {ms(self.total_ms)} in total"]
        for i, s in enumerate(self.statements, 1):
            one = " ".join(s.sql.split())
            lines.append(f"  {i}. {ms(s.ms)}  {one[:150]}{'...' if len(one) > 150 else ''}")
        for q, n in self.repeated():
            lines.append(f"  sent {n} times: {' '.join(q.split())[:120]}")
        return "\n".join(lines)

    def _html(self) -> str:
        rows = [
            [str(i), ms(s.ms), Html(f"<code>{html.escape(s.sql)}</code>"), repr(s.parameters)]
            for i, s in enumerate(self.statements, 1)
        ]
        return html_table(
            ("#", "time", "SQL", "parameters"), rows, empty="no statements captured: nothing ran inside the block"
        )

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame([s.__dict__ for s in self.statements])


@contextmanager
def capture(engine: Any) -> Iterator[Capture]:
    """Record statements sent through ``engine`` (a SQLAlchemy Engine, or a Connection/Session bind)."""
    from sqlalchemy import event

    target = getattr(engine, "engine", engine)
    cap = Capture()
    started: list[float] = []

    def before(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        started.append(time.perf_counter())

    def after(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        elapsed = (time.perf_counter() - started.pop()) * 1000.0 if started else 0.0
        rowcount = getattr(cursor, "rowcount", -1)
        cap.statements.append(Statement(statement, parameters, elapsed, rowcount, executemany))

    event.listen(target, "before_cursor_execute", before)
    event.listen(target, "after_cursor_execute", after)
    try:
        yield cap
    finally:
        event.remove(target, "before_cursor_execute", before)
        event.remove(target, "after_cursor_execute", after)
