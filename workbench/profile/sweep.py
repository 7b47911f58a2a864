"""Scale sweeps: seed the schema at several sizes, profile the query at each, name the growth.

Every scale gets a fresh database so sizes never mix: an in-memory DuckDB, or on PostgreSQL a
scratch database on the same server (created and dropped here; needs the CREATEDB privilege).
The caller's database is never touched. Growth is named by least squares of
``t = a + b * f(n)`` (b >= 0, relative errors) over f in constant, log n, n, n log n, n^2; the simplest model whose
error is within timing noise (10% per point) of the best wins, because timings are noisy and simpler claims are safer.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from workbench.emit.sql import schema_ddl
from workbench.ir import Schema
from workbench.profile.result import Profile, ms
from workbench.profile.run import profile, target_of
from workbench.profile.safety import check
from workbench.progress import bar as progress_bar

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure, SubFigure

NOISE = 0.10  # relative timing noise tolerated per point
GROWTHS: tuple[tuple[str, Any], ...] = (
    ("constant", lambda n: 0.0),
    ("log", lambda n: math.log(n)),
    ("linear", lambda n: float(n)),
    ("n log n", lambda n: n * math.log(n)),
    ("quadratic", lambda n: float(n) ** 2),
)


@dataclass(frozen=True)
class SweepPoint:
    scale: int
    rows: int  # rows seeded in total
    profile: Profile


@dataclass(frozen=True)
class Sweep:
    sql: str
    engine: str
    points: tuple[SweepPoint, ...]

    @property
    def growth(self) -> str:
        return fit_growth([p.scale for p in self.points], [p.profile.median_ms for p in self.points])

    def __repr__(self) -> str:
        lines = [f"{self.engine} scale sweep: growth looks {self.growth}"]
        for p in self.points:
            lines.append(f"  scale {p.scale:>12,}  rows {p.rows:>12,}  median {ms(p.profile.median_ms)}")
        return "\n".join(lines)

    def plot(self, ax: Axes | None = None) -> Figure | SubFigure:
        """Latency (median, min..p95 band) against scale, log-log, titled with the fitted growth."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(6, 3.5))
        xs = [p.scale for p in self.points]
        ax.plot(xs, [p.profile.median_ms for p in self.points], marker="o", label="median")
        lo = [p.profile.min_ms for p in self.points]
        hi = [p.profile.p95_ms for p in self.points]
        ax.fill_between(xs, lo, hi, alpha=0.2, label="min..p95")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("rows per table (scale)")
        ax.set_ylabel("latency (ms)")
        ax.set_title(f"{self.engine}: growth looks {self.growth}")
        ax.legend()
        return ax.figure


def fit_growth(ns: Sequence[float], ts: Sequence[float]) -> str:
    if len(ns) < 3:
        return "unknown (need 3 or more scales)"
    errors = []
    for name, f in GROWTHS:
        xs = [f(n) for n in ns]
        errors.append((name, _sse(xs, list(ts))))
    best = min(e for _, e in errors)
    # 10% run-to-run noise per point is normal: a simpler model within that of the best one wins
    tolerance = max(best * 1.1, best + len(ns) * NOISE**2)
    for name, err in errors:  # simplest first
        if err <= tolerance:
            return name
    return errors[-1][0]


def _sse(xs: list[float], ys: list[float]) -> float:
    """Relative residual of weighted least squares y = a + b x (weights 1/y^2, b >= 0).

    Relative errors, so the smallest scale counts as much as the largest one.
    """
    ws = [1.0 / max(y, 1e-9) ** 2 for y in ys]
    sw = sum(ws)
    mx = sum(w * x for w, x in zip(ws, xs, strict=True)) / sw
    my = sum(w * y for w, y in zip(ws, ys, strict=True)) / sw
    sxx = sum(w * (x - mx) ** 2 for w, x in zip(ws, xs, strict=True))
    sxy = sum(w * (x - mx) * (y - my) for w, x, y in zip(ws, xs, ys, strict=True))
    b = max(sxy / sxx, 0.0) if sxx > 0 else 0.0
    a = my - b * mx
    return sum(w * (y - a - b * x) ** 2 for w, x, y in zip(ws, xs, ys, strict=True))


def sweep(
    con: Any,
    sql: str,
    schema: Schema,
    scales: Sequence[float] = (1e3, 1e4, 1e5),
    *,
    rows: Mapping[str, float] | None = None,
    params: Any = None,
    runs: int = 5,
    warmup: int = 1,
    seed: int = 42,
    fanout: Any = "zipf",
    progress: bool | None = None,
) -> Sweep:
    """Seed ``schema`` at each scale into a fresh database of ``con``'s engine and profile ``sql``.

    ``rows``: per-table multipliers of the scale (``{"Customer": 0.1, "Order": 1, "*": 0.01}``);
    by default every table gets ``scale`` rows. ``seed`` and ``fanout`` go to :func:`workbench.seeding.seed`.
    ``progress``: one bar over the scales (:mod:`workbench.progress`; the seeds inside draw none).
    """
    from workbench.seeding import seed as seed_rows

    tgt = target_of(con)
    check(sql, tgt.dialect, params=params is not None)  # refuse before seeding anything
    points = []
    with progress_bar(len(scales), "scale sweep", "scales", progress=progress) as bar:
        for scale in scales:
            n = int(scale)
            bar.note(f"{n:,} rows per table")
            spec: int | dict[str, int] = n if rows is None else {k: max(1, int(v * n)) for k, v in rows.items()}
            with _fresh(con, tgt.dialect) as db:
                db.run_script(schema_ddl(schema, db.dialect))
                report = seed_rows(schema, db, rows=spec, seed=seed, fanout=fanout, progress=False)
                if tgt.dialect == "postgres":
                    db.sql("ANALYZE")
                total = sum(t.rows for t in report.tables)
                points.append(SweepPoint(n, total, profile(db, sql, params, runs=runs, warmup=warmup)))
            bar.update()
    return Sweep(sql, tgt.dialect, tuple(points))


@contextmanager
def _fresh(con: Any, dialect: str) -> Iterator[Any]:
    from workbench.db.connection import Connection

    if dialect == "duckdb":
        db = Connection.open(None)
        try:
            yield db
        finally:
            db.close()
        return
    from psycopg.conninfo import make_conninfo

    raw = getattr(con, "raw", con)
    # info.dsn leaves the password out; the scratch databases need it on a server that asks for one
    dsn = make_conninfo(raw.info.dsn, password=raw.info.password) if raw.info.password else raw.info.dsn
    with scratch_postgres(dsn) as db:
        yield db


@contextmanager
def scratch_postgres(url: str) -> Iterator[Any]:
    """A new, empty database on the server at ``url`` (a URL or DSN), dropped on exit.

    Yields a :class:`workbench.db.connection.Connection`. Needs the CREATEDB privilege.
    """
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    from workbench.db.connection import Connection
    from workbench.db.opening import open_postgres

    name = f"wb_scratch_{uuid.uuid4().hex[:10]}"
    with open_postgres(url, autocommit=True) as admin:  # the connect timeout and a masked error
        admin.execute(f'CREATE DATABASE "{name}"')
    params = conninfo_to_dict(url)
    params["dbname"] = name
    # a URL keeps its form with the scratch database as its path, so tools given ``conn._url``
    # (pg_dump for ``db.backup``) reach this database; a DSN's password would not be masked in
    # ``conn.url``, so a DSN keeps a placeholder there
    parts = urlsplit(url)
    real = urlunsplit(parts._replace(path=f"/{name}")) if parts.scheme.startswith("postgres") else None
    db = Connection("postgres", open_postgres(make_conninfo("", **params)), real or f"postgresql://.../{name}")
    try:
        yield db
    finally:
        db.close()
        with open_postgres(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
