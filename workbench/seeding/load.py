"""Writing generated batches: DuckDB through Arrow, PostgreSQL through binary COPY.

Both writers see the same Arrow batches, so both engines receive the same rows. Memory stays
bounded by one batch (plus the key columns children reference, see ``KeyStore``).

* DuckDB: the batch is registered as a view over the Arrow table and copied with
  ``INSERT INTO t SELECT ... FROM batch`` (DuckDB's vectorised path, no per-row Python).
* PostgreSQL: ``COPY t (...) FROM STDIN (FORMAT BINARY)``; the binary rows are built column-wise
  with Arrow/numpy by :mod:`workbench.seeding.pgcopy` and written as one buffer per batch.
* SQLite: :mod:`workbench.seeding.load_sqlite`.

Writers never begin, commit or roll back: :func:`workbench.seeding.api.seed` runs them inside
``workbench.db.transaction.atomic`` so a caller's open transaction is never touched. Besides
writing, each answers the questions asked before the first row: which tables are missing,
which already hold rows, and how to empty them for ``reset=True`` inside the same transaction.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import pyarrow as pa

from workbench.seeding.plan import FkPlan, Plan, TablePlan, qualified

PG_NAME_BYTES = 63  # NAMEDATALEN - 1


def qident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def qtable(t: TablePlan) -> str:
    return f"{qident(t.schema)}.{qident(t.name)}" if t.schema else qident(t.name)


def pg_name(name: str) -> str:
    """The name PostgreSQL stores for an identifier: at most 63 bytes of UTF-8, cut before a
    character that would not fit whole (``truncate_identifier`` / ``pg_mbcliplen``)."""
    raw = name.encode()
    if len(raw) <= PG_NAME_BYTES:
        return name
    return raw[:PG_NAME_BYTES].decode("utf-8", errors="ignore")


class DuckWriter:
    dialect = "duckdb"
    # DuckDB rewrites an UPDATE of an indexed column as delete + insert, which trips foreign keys
    # pointing at the row; cycle-closing keys are therefore filled at insert time (DuckDB's lowering
    # leaves those keys out, so nothing checks them before their targets exist).
    can_update_later = False

    def __init__(self, con: Any):
        self.con = con
        self._has_pk: dict[tuple[str, str], bool] = {}
        self._fks: set[tuple[str, str, tuple[str, ...], str]] | None = None

    def enforces(self, t: TablePlan, fk: FkPlan) -> bool:
        """Whether this database has the foreign key. DuckDB's lowering leaves out the keys that
        close a cycle *in creation order*, which need not be the ones the plan fills last: a key
        DuckDB keeps is checked at insert time, before its target is loaded, and cannot be set
        by a later UPDATE (DuckDB deletes and re-inserts the row, tripping keys that point at it),
        so the seeder leaves it NULL here."""
        if self._fks is None:
            rows = self.con.execute(
                "SELECT schema_name, table_name, constraint_column_names, referenced_table "
                "FROM duckdb_constraints() WHERE constraint_type = 'FOREIGN KEY'"
            ).fetchall()
            self._fks = {((s if s != "main" else ""), n, tuple(cols), ref) for s, n, cols, ref in rows}
        return (t.key[0], t.name, tuple(fk.columns), fk.ref[1]) in self._fks

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

    @contextlib.contextmanager
    def session(self) -> Iterator[None]:
        """DuckDB draws a progress bar for long INSERTs; keep it quiet while seeding."""
        try:
            before = self.con.execute("SELECT current_setting('enable_progress_bar')").fetchall()[0][0]
        except Exception:
            before = None
        self.con.execute("SET enable_progress_bar = false")
        try:
            yield
        finally:
            if before is not None:
                with contextlib.suppress(Exception):
                    self.con.execute(f"SET enable_progress_bar = {'true' if before else 'false'}")

    def missing_tables(self, plan: Plan) -> list[str]:
        rows = self.con.execute("SELECT schema_name, table_name FROM duckdb_tables()").fetchall()
        have = {(s if s != "main" else "", n) for s, n in rows}
        return [qualified(t.key) for t in plan.tables if t.key not in have]

    def tables_with_rows(self, plan: Plan) -> list[str]:
        return _tables_with_rows(lambda q: self.con.execute(q).fetchall(), plan, qtable)

    def reset(self, plan: Plan) -> None:
        """Empty the plan's tables in the current transaction.

        DuckDB cannot delete rows that a foreign key referenced earlier in the same transaction,
        even after deleting the referencing rows (its documented foreign-key limitation), so the
        tables linked by foreign keys are dropped and re-created from their own definitions
        (``duckdb_tables().sql``, indexes, comments); DDL is transactional, so a failure later in
        the run restores them with their rows. Other tables are emptied with DELETE.
        """
        linked = self._linked(plan)
        for t in reversed(plan.tables):
            if t.key not in linked:
                self.con.execute(f"DELETE FROM {qtable(t)}")
        saved = {t.key: self._definition(t) for t in plan.tables if t.key in linked}
        for t in reversed(plan.tables):
            if t.key in linked:
                self.con.execute(f"DROP TABLE {qtable(t)}")
        for t in plan.tables:
            if t.key in linked:
                for statement in saved[t.key]:
                    self.con.execute(statement)
        self._has_pk.clear()
        self._fks = None

    def _linked(self, plan: Plan) -> set[tuple[str, str]]:
        rows = self.con.execute(
            "SELECT schema_name, table_name, referenced_table FROM duckdb_constraints() "
            "WHERE constraint_type = 'FOREIGN KEY'"
        ).fetchall()
        keys = {t.key for t in plan.tables}
        out: set[tuple[str, str]] = set()
        for schema, table, ref in rows:
            child = (schema if schema != "main" else "", table)
            parent = (child[0], ref)
            out |= {k for k in (child, parent) if k in keys}
        return out

    def _definition(self, t: TablePlan) -> list[str]:
        """CREATE TABLE, its indexes and comments, as DuckDB itself prints them."""
        schema = t.schema or "main"
        table = self.con.execute(
            "SELECT sql, comment FROM duckdb_tables() WHERE schema_name = ? AND table_name = ?", [schema, t.name]
        ).fetchall()
        out = [table[0][0]]
        indexes = self.con.execute(
            "SELECT sql FROM duckdb_indexes() WHERE schema_name = ? AND table_name = ? AND sql IS NOT NULL "
            "ORDER BY index_oid",
            [schema, t.name],
        ).fetchall()
        out.extend(r[0] for r in indexes)
        if table[0][1]:
            out.append(f"COMMENT ON TABLE {qtable(t)} IS {_literal(table[0][1])}")
        columns = self.con.execute(
            "SELECT column_name, comment FROM duckdb_columns() WHERE schema_name = ? AND table_name = ? "
            "AND comment IS NOT NULL",
            [schema, t.name],
        ).fetchall()
        out.extend(f"COMMENT ON COLUMN {qtable(t)}.{qident(c)} IS {_literal(text)}" for c, text in columns)
        return out

    def write(self, t: TablePlan, batch: pa.Table) -> None:
        cols = ", ".join(qident(c) for c in batch.column_names)
        if t.primary_key and batch.num_rows > 1024 and self._indexed(t):
            # DuckDB maintains an ART index per key; inserting in key order is ~1.5x faster
            batch = batch.sort_by([(c, "ascending") for c in t.primary_key])
        self.con.register("__workbench_seed_batch", batch)
        try:
            self.con.execute(f"INSERT INTO {qtable(t)} ({cols}) SELECT {cols} FROM __workbench_seed_batch")
        finally:  # in an aborted transaction unregistering fails too: keep the first error, not that one
            with contextlib.suppress(Exception):
                self.con.unregister("__workbench_seed_batch")

    def update(self, t: TablePlan, key: tuple[str, ...], batch: pa.Table) -> None:
        sets = ", ".join(f"{qident(c)} = v.{qident(c)}" for c in batch.column_names if c not in key)
        where = " AND ".join(f"{qtable(t)}.{qident(c)} = v.{qident(c)}" for c in key)
        self.con.register("__workbench_seed_update", batch)
        try:
            self.con.execute(f"UPDATE {qtable(t)} SET {sets} FROM __workbench_seed_update AS v WHERE {where}")
        finally:
            with contextlib.suppress(Exception):
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


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _tables_with_rows(query: Any, plan: Plan, quote: Any) -> list[str]:
    """Qualified names of the plan's tables that hold at least one row (one query)."""
    if not plan.tables:
        return []
    parts = [f"SELECT {i} WHERE EXISTS (SELECT 1 FROM {quote(t)})" for i, t in enumerate(plan.tables)]
    hits = {r[0] for r in query(" UNION ALL ".join(parts))}
    return [qualified(t.key) for i, t in enumerate(plan.tables) if i in hits]


class PgWriter:
    dialect = "postgres"
    can_update_later = True

    def __init__(self, con: Any):
        self.con = con
        self._server: dict[tuple[str, str], Any] = {}
        self._money_digits: int | None = None

    @contextlib.contextmanager
    def session(self) -> Iterator[None]:
        yield

    def _rows(self, query: Any, params: Any = None) -> list[Any]:
        with self.con.cursor() as cur:
            cur.execute(query, params)
            return list(cur.fetchall())

    def missing_tables(self, plan: Plan) -> list[str]:
        """Tables of the plan the database lacks (names compared as PostgreSQL stores them)."""
        have = {
            (s if s != "public" else "", n)
            for s, n in self._rows(
                "SELECT table_schema, table_name FROM information_schema.tables "
                "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
            )
        }
        return [qualified(t.key) for t in plan.tables if (pg_name(t.key[0]), pg_name(t.name)) not in have]

    def tables_with_rows(self, plan: Plan) -> list[str]:
        return _tables_with_rows(self._rows, plan, qtable)

    def reset(self, plan: Plan) -> None:
        """One TRUNCATE of every plan table (children and cycles included), restarting their
        identity sequences; transactional in PostgreSQL. Without CASCADE: a table outside the
        schema that references these makes it fail (and nothing changes) rather than be emptied."""
        if plan.tables:
            with self.con.cursor() as cur:
                cur.execute(f"TRUNCATE {', '.join(qtable(t) for t in plan.tables)} RESTART IDENTITY")

    def _types(self, t: TablePlan) -> Any:
        """Element OIDs of the table's array columns and MONEY's fraction digits, read once."""
        from workbench.seeding.pgcopy import ServerTypes

        if t.key not in self._server:
            oids: dict[str, int] = {}
            if any(c.array for c in t.columns):
                rows = self._rows(
                    "SELECT a.attname, ty.typelem::int FROM pg_attribute a JOIN pg_type ty ON ty.oid = a.atttypid "
                    "WHERE a.attrelid = to_regclass(%s) AND a.attnum > 0 AND ty.typelem <> 0",
                    (qtable(t),),
                )
                stored = dict(rows)
                oids = {c.name: stored[pg_name(c.name)] for c in t.columns if c.array and pg_name(c.name) in stored}
            if any(c.base == "money" for c in t.columns) and self._money_digits is None:
                self._money_digits = int(self._rows("SELECT scale(1::money::numeric)")[0][0])
            self._server[t.key] = ServerTypes(oids, self._money_digits if self._money_digits is not None else 2)
        return self._server[t.key]

    def write(self, t: TablePlan, batch: pa.Table) -> None:
        self.write_into(qtable(t), t, batch)

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
        from workbench.seeding.pgcopy import binary_copy_chunks

        cols = ", ".join(qident(c) for c in batch.column_names)
        types = self._types(t)  # a query of its own: never while the COPY holds the connection
        with self.con.cursor() as cur, cur.copy(f"COPY {target} ({cols}) FROM STDIN (FORMAT BINARY)") as copy:
            for chunk in binary_copy_chunks(t, batch, types):
                copy.write(chunk)

    def fix_sequences(self, t: TablePlan) -> None:
        from psycopg import sql

        for c in t.columns:
            if not c.autoincrement:
                continue
            # names go in as literals/identifiers, never into the query text: a `%` in a @map name
            # would otherwise read as a placeholder
            row = self._rows(
                sql.SQL("SELECT pg_get_serial_sequence({}, {})").format(
                    sql.Literal(qtable(t)), sql.Literal(pg_name(c.name))
                )
            )
            if not row or not row[0][0]:
                continue
            table = (
                sql.SQL(".").join([sql.Identifier(t.schema), sql.Identifier(t.name)])
                if t.schema
                else sql.Identifier(t.name)
            )
            with self.con.cursor() as cur:
                cur.execute(
                    sql.SQL("SELECT setval({}, COALESCE((SELECT max({}) FROM {}), 0) + 1, false)").format(
                        sql.Literal(row[0][0]), sql.Identifier(c.name), table
                    )
                )
