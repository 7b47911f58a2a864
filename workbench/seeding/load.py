"""Writing generated batches: DuckDB through Arrow, PostgreSQL through binary COPY.

Both writers see the same Arrow batches, so both engines receive the same rows. Memory stays
bounded by one batch (plus the key columns children reference, see ``KeyStore``).

* DuckDB: the batch is registered as a view over the Arrow table and copied with
  ``INSERT INTO t SELECT ... FROM batch`` (DuckDB's vectorised path, no per-row Python).
* PostgreSQL: ``COPY t (...) FROM STDIN (FORMAT BINARY)``; the binary rows are built column-wise
  with Arrow/numpy by :mod:`workbench.seeding.pgcopy` and written as one buffer per batch.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from workbench.seeding.plan import TablePlan


def qident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def qtable(t: TablePlan) -> str:
    return f"{qident(t.schema)}.{qident(t.name)}" if t.schema else qident(t.name)


class DuckWriter:
    dialect = "duckdb"
    # DuckDB rewrites an UPDATE of an indexed column as delete + insert, which trips foreign keys
    # pointing at the row; cycle-closing keys are therefore filled at insert time (DuckDB's lowering
    # leaves those keys out, so nothing checks them before their targets exist).
    can_update_later = False

    def __init__(self, con: Any):
        self.con = con
        self._progress = None
        self._has_pk: dict[tuple[str, str], bool] = {}

    def _indexed(self, t: TablePlan) -> bool:
        """Whether the table really has a primary key here (plain copies of a schema may not)."""
        if t.key not in self._has_pk:
            rows = self.con.execute(
                "SELECT count(*) FROM duckdb_constraints() WHERE table_name = ? AND schema_name = ? "
                "AND constraint_type = 'PRIMARY KEY'",
                [t.name, t.schema or "main"],
            ).fetchall()
            self._has_pk[t.key] = bool(rows[0][0])
        return self._has_pk[t.key]

    def missing_tables(self, plan: Any) -> list[str]:
        rows = self.con.execute("SELECT schema_name, table_name FROM duckdb_tables()").fetchall()
        have = {(s if s != "main" else "", n) for s, n in rows}
        return [f"{k[0]}.{k[1]}" if k[0] else k[1] for k in (t.key for t in plan.tables) if k not in have]

    def begin(self) -> None:
        try:
            self._progress = self.con.execute("SELECT current_setting('enable_progress_bar')").fetchall()[0][0]
        except Exception:
            self._progress = None
        self.con.execute("SET enable_progress_bar = false")
        self.con.execute("BEGIN TRANSACTION")

    def commit(self) -> None:
        self.con.execute("COMMIT")
        self._restore()

    def rollback(self) -> None:
        try:
            self.con.execute("ROLLBACK")
        finally:
            self._restore()

    def _restore(self) -> None:
        if self._progress is not None:
            self.con.execute(f"SET enable_progress_bar = {'true' if self._progress else 'false'}")

    def write(self, t: TablePlan, batch: pa.Table) -> None:
        cols = ", ".join(qident(c) for c in batch.column_names)
        if t.primary_key and batch.num_rows > 1024 and self._indexed(t):
            # DuckDB maintains an ART index per key; inserting in key order is ~1.5x faster
            batch = batch.sort_by([(c, "ascending") for c in t.primary_key])
        self.con.register("__workbench_seed_batch", batch)
        try:
            self.con.execute(f"INSERT INTO {qtable(t)} ({cols}) SELECT {cols} FROM __workbench_seed_batch")
        finally:
            self.con.unregister("__workbench_seed_batch")

    def update(self, t: TablePlan, key: tuple[str, ...], batch: pa.Table) -> None:
        sets = ", ".join(f"{qident(c)} = v.{qident(c)}" for c in batch.column_names if c not in key)
        where = " AND ".join(f"{qtable(t)}.{qident(c)} = v.{qident(c)}" for c in key)
        self.con.register("__workbench_seed_update", batch)
        try:
            self.con.execute(f"UPDATE {qtable(t)} SET {sets} FROM __workbench_seed_update AS v WHERE {where}")
        finally:
            self.con.unregister("__workbench_seed_update")

    def fix_sequences(self, t: TablePlan) -> None:
        """Advance the sequences behind autoincrement columns past the ids we inserted."""
        for c in t.columns:
            if not c.autoincrement:
                continue
            row = self.con.execute(
                "SELECT column_default FROM duckdb_columns() WHERE table_name = ? AND column_name = ?"
                + (" AND schema_name = ?" if t.schema else ""),
                [t.name, c.name] + ([t.schema] if t.schema else []),
            ).fetchall()
            default = row[0][0] if row else None
            if not default or "nextval(" not in default:
                continue
            seq = default[default.index("nextval(") + len("nextval(") : default.rindex(")")].strip()
            top = self.con.execute(f"SELECT max({qident(c.name)}) FROM {qtable(t)}").fetchall()[0][0]
            if top:
                self.con.execute(f"SELECT max(nextval({seq})) FROM range({int(top)})").fetchall()


class PgWriter:
    dialect = "postgres"
    can_update_later = True

    def __init__(self, con: Any):
        self.con = con

    def missing_tables(self, plan: Any) -> list[str]:
        with self.con.cursor() as cur:
            cur.execute(
                "SELECT table_schema, table_name FROM information_schema.tables "
                "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
            )
            have = {(s if s != "public" else "", n) for s, n in cur.fetchall()}
        self.con.rollback()
        return [f"{k[0]}.{k[1]}" if k[0] else k[1] for k in (t.key for t in plan.tables) if k not in have]

    def begin(self) -> None:
        self.con.rollback()

    def commit(self) -> None:
        self.con.commit()

    def rollback(self) -> None:
        self.con.rollback()

    def write(self, t: TablePlan, batch: pa.Table) -> None:
        from workbench.seeding.pgcopy import encode_binary_copy

        cols = ", ".join(qident(c) for c in batch.column_names)
        payload = encode_binary_copy(t, batch)
        with self.con.cursor() as cur, cur.copy(f"COPY {qtable(t)} ({cols}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.write(payload)

    def update(self, t: TablePlan, key: tuple[str, ...], batch: pa.Table) -> None:
        tmp = "__workbench_seed_update"
        cols = batch.column_names
        with self.con.cursor() as cur:
            cur.execute(
                f"CREATE TEMP TABLE {tmp} ON COMMIT DROP AS SELECT {', '.join(qident(c) for c in cols)} "
                f"FROM {qtable(t)} WITH NO DATA"
            )
        self.write_into(tmp, t, batch)
        sets = ", ".join(f"{qident(c)} = v.{qident(c)}" for c in cols if c not in key)
        where = " AND ".join(f"{qtable(t)}.{qident(c)} = v.{qident(c)}" for c in key)
        with self.con.cursor() as cur:
            cur.execute(f"UPDATE {qtable(t)} SET {sets} FROM {tmp} AS v WHERE {where}")
            cur.execute(f"DROP TABLE {tmp}")

    def write_into(self, target: str, t: TablePlan, batch: pa.Table) -> None:
        from workbench.seeding.pgcopy import encode_binary_copy

        cols = ", ".join(qident(c) for c in batch.column_names)
        payload = encode_binary_copy(t, batch)
        with self.con.cursor() as cur, cur.copy(f"COPY {target} ({cols}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.write(payload)

    def fix_sequences(self, t: TablePlan) -> None:
        for c in t.columns:
            if not c.autoincrement:
                continue
            with self.con.cursor() as cur:
                cur.execute("SELECT pg_get_serial_sequence(%s, %s)", (qtable(t), c.name))
                row = cur.fetchone()
                if not row or not row[0]:
                    continue
                cur.execute(
                    f"SELECT setval(%s, COALESCE((SELECT max({qident(c.name)}) FROM {qtable(t)}), 0) + 1, false)",
                    (row[0],),
                )
