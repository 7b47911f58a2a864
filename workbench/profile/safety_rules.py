"""The tables behind :mod:`workbench.profile.safety`: what may run rolled back, what is refused and why.

Kept apart from the classifier so a reader (or a reviewer of a new engine) sees every rule in one
place. Three tables:

- ``WRITE_OBJECTS``: per engine, the CREATE/DROP/ALTER object kinds whose effect a ROLLBACK undoes
  (both engines keep these in their transactional catalog). Anything else is refused.
- ``REFUSED``: statements recognised by their leading keyword(s) that cannot be undone or would
  break the profiling transaction, each with the one-line reason the user sees.
- ``SIDE_EFFECTS``: per engine, functions whose effect outlives a ROLLBACK (sequences, settings,
  locks, files, other sessions, SQL run from a string). A call to one of them anywhere in a
  statement refuses it, whatever the statement is.
"""

from __future__ import annotations

_TXN = (
    "it would end or split the transaction that undoes the profiling, so what follows could not be rolled"
    " back: profile the statements without it"
)
_SETTING = "it changes a session setting, which outlives the profiling: set it on the connection before profiling"
_OUTSIDE_TXN = "it cannot run inside a transaction, so it could not be rolled back"
_ANALYZE = (
    "ANALYZE exists to change planner statistics for good, and part of that (pg_class.reltuples, the"
    " autovacuum counters) is written in place where a rollback does not reach: run it yourself if you mean to"
)

# CREATE / DROP / ALTER object kinds that both engines undo on ROLLBACK.
WRITE_OBJECTS: dict[str, dict[str, frozenset[str]]] = {
    "postgres": {
        "CREATE": frozenset({"TABLE", "INDEX", "VIEW", "SCHEMA", "SEQUENCE", "TYPE"}),
        "DROP": frozenset({"TABLE", "INDEX", "VIEW", "SCHEMA", "SEQUENCE", "TYPE"}),
        "ALTER": frozenset({"TABLE", "INDEX", "VIEW"}),
    },
    "duckdb": {
        "CREATE": frozenset({"TABLE", "INDEX", "VIEW", "SCHEMA", "SEQUENCE", "TYPE", "MACRO"}),
        "DROP": frozenset({"TABLE", "INDEX", "VIEW", "SCHEMA", "SEQUENCE", "TYPE", "MACRO"}),
        "ALTER": frozenset({"TABLE", "VIEW"}),
    },
}

# Keywords that may sit between CREATE/DROP/ALTER and the object kind.
KIND_MODIFIERS = frozenset(
    {"OR", "REPLACE", "UNIQUE", "TEMP", "TEMPORARY", "UNLOGGED", "GLOBAL", "LOCAL", "IF", "NOT", "EXISTS"}
)

# Leading keyword (or two, for CREATE/DROP/ALTER kinds) -> why the statement is refused.
REFUSED: dict[str, str] = {
    "BEGIN": _TXN,
    "START": _TXN,
    "COMMIT": _TXN,
    "END": _TXN,
    "ROLLBACK": _TXN,
    "ABORT": _TXN,
    "SAVEPOINT": _TXN,
    "RELEASE": _TXN,
    "PREPARE": "a prepared statement outlives the profiling transaction: profile the statement itself",
    "EXECUTE": "it runs a prepared statement workbench cannot see: profile the statement itself",
    "DEALLOCATE": "it drops a prepared statement of the session, which a rollback does not restore",
    "COPY": (
        "COPY reads or writes files or programs, which a rollback cannot undo:"
        " profile the SELECT (or INSERT ... SELECT) instead"
    ),
    "VACUUM": _OUTSIDE_TXN,
    "ANALYZE": _ANALYZE,
    "ANALYSE": _ANALYZE,
    "CHECKPOINT": "CHECKPOINT writes the database files; nothing to profile",
    "CLUSTER": "CLUSTER rewrites a table and its statistics; profile the queries that read it instead",
    "REINDEX": "REINDEX rebuilds indexes (CONCURRENTLY outside any transaction); nothing to profile",
    "REFRESH": "REFRESH MATERIALIZED VIEW is not profiled: profile the view's query instead",
    "SET": _SETTING,
    "RESET": _SETTING,
    "DISCARD": "DISCARD resets session state, which a rollback does not restore",
    "DO": "a DO block runs procedural code that can COMMIT and escape the rollback: profile the statements it runs",
    "CALL": (
        "CALL runs a procedure (which can COMMIT and escape the rollback) or a DuckDB table function"
        " that may change state: profile the statements it runs"
    ),
    "LISTEN": "it changes what the session listens to, which outlives the profiling",
    "UNLISTEN": "it changes what the session listens to, which outlives the profiling",
    "NOTIFY": "NOTIFY signals other sessions; nothing to profile",
    "LOCK": "LOCK only takes locks; nothing to profile",
    "DECLARE": "cursors are not profiled: profile the query the cursor runs",
    "FETCH": "cursors are not profiled: profile the query the cursor runs",
    "MOVE": "cursors are not profiled: profile the query the cursor runs",
    "CLOSE": "cursors are not profiled: profile the query the cursor runs",
    "GRANT": "permission changes are not profiled",
    "REVOKE": "permission changes are not profiled",
    "REASSIGN": "ownership changes are not profiled",
    "SECURITY": "security labels are not profiled",
    "LOAD": "LOAD loads a library or extension into the session, which a rollback cannot undo",
    "INSTALL": "INSTALL downloads and writes an extension, which a rollback cannot undo",
    "FORCE": "FORCE INSTALL / FORCE CHECKPOINT act outside any transaction",
    "ATTACH": "ATTACH opens (or creates) another database file for the session, which a rollback cannot undo",
    "DETACH": "DETACH closes a database of the session, which a rollback does not reopen",
    "USE": "USE changes the session's default database or schema, which outlives the profiling",
    "PRAGMA": "PRAGMA changes or reports settings outside any transaction: run it directly",
    "EXPORT": "EXPORT DATABASE writes files, which a rollback cannot undo",
    "IMPORT": "IMPORT DATABASE reads files and runs their statements: profile the statements one by one",
    "SHOW": "not a query: profile a SELECT",
    "DESCRIBE": "not a query: profile a SELECT",
    "SUMMARIZE": "not a query workbench can classify: profile the SELECT it stands for",
    "PIVOT": "not a query workbench can classify: profile the SELECT it stands for",
    "UNPIVOT": "not a query workbench can classify: profile the SELECT it stands for",
    "CREATE DATABASE": _OUTSIDE_TXN,
    "DROP DATABASE": _OUTSIDE_TXN,
    "ALTER DATABASE": "database settings outlive the profiling",
    "CREATE TABLESPACE": _OUTSIDE_TXN,
    "DROP TABLESPACE": _OUTSIDE_TXN,
    "ALTER SYSTEM": "ALTER SYSTEM writes the server's configuration file, which a rollback cannot undo",
    "CREATE SECRET": "secrets live outside transactions (persistent ones in files), so a rollback cannot undo it",
    "CREATE PERSISTENT": "persistent secrets are written to files, which a rollback cannot undo",
    "DROP SECRET": "secrets live outside transactions, so a rollback cannot restore it",
    "DROP PERSISTENT": "persistent secrets are files, which a rollback cannot restore",
    "CREATE EXTENSION": "extensions are installed server or session state: install it outside profiling",
    "DROP EXTENSION": "extensions are installed server or session state: drop it outside profiling",
    "ALTER SEQUENCE": "sequence positions are never rolled back, so it could outlive the profiling",
    "ALTER TYPE": "ALTER TYPE ... ADD VALUE and friends are not profiled",
    "CREATE ROLE": "roles are shared by every database of the server: not profiled",
    "CREATE USER": "roles are shared by every database of the server: not profiled",
    "DROP ROLE": "roles are shared by every database of the server: not profiled",
    "DROP USER": "roles are shared by every database of the server: not profiled",
    "ALTER ROLE": "roles are shared by every database of the server: not profiled",
    "ALTER USER": "roles are shared by every database of the server: not profiled",
    "CREATE SUBSCRIPTION": _OUTSIDE_TXN,
    "DROP SUBSCRIPTION": _OUTSIDE_TXN,
}

_SEQUENCE = "moves a sequence, and sequence changes are never rolled back"
_LOCK = "takes or releases an advisory lock, which outlives the profiling transaction"
_LARGE_OBJECT = "reads or writes server files or large objects outside the rollback"
_OTHER_SESSION = "acts on other sessions or the server, which a rollback cannot undo"
_DYNAMIC_SQL = "runs SQL given as a string, which workbench cannot check"
_REMOTE = "runs SQL on another connection, outside the profiling transaction"
_STATS = "resets or changes server statistics, which a rollback does not restore"
_REPLICATION = "changes replication state, which a rollback does not undo"

# Per engine: lower-case function name -> why calling it cannot be profiled safely.
SIDE_EFFECTS: dict[str, dict[str, str]] = {
    "postgres": {
        "nextval": _SEQUENCE,
        "setval": _SEQUENCE,
        "set_config": "changes a setting, which can outlive the profiling",
        "setseed": "changes the session's random seed, which outlives the profiling",
        **dict.fromkeys(
            (
                "pg_advisory_lock",
                "pg_advisory_lock_shared",
                "pg_try_advisory_lock",
                "pg_try_advisory_lock_shared",
                "pg_advisory_unlock",
                "pg_advisory_unlock_shared",
                "pg_advisory_unlock_all",
                "pg_advisory_xact_lock",
                "pg_advisory_xact_lock_shared",
                "pg_try_advisory_xact_lock",
                "pg_try_advisory_xact_lock_shared",
            ),
            _LOCK,
        ),
        **dict.fromkeys(
            (
                "lo_import",
                "lo_export",
                "lo_create",
                "lo_creat",
                "lo_unlink",
                "lo_from_bytea",
                "lo_put",
                "lo_open",
                "lowrite",
                "lo_truncate",
                "lo_truncate64",
                "pg_file_write",
                "pg_file_rename",
                "pg_file_unlink",
                "pg_file_sync",
            ),
            _LARGE_OBJECT,
        ),
        **dict.fromkeys(
            (
                "pg_terminate_backend",
                "pg_cancel_backend",
                "pg_reload_conf",
                "pg_rotate_logfile",
                "pg_switch_wal",
                "pg_create_restore_point",
                "pg_backup_start",
                "pg_backup_stop",
                "pg_start_backup",
                "pg_stop_backup",
                "pg_promote",
                "pg_wal_replay_pause",
                "pg_wal_replay_resume",
                "pg_log_backend_memory_contexts",
                "pg_notify",
                "pg_import_system_collations",
            ),
            _OTHER_SESSION,
        ),
        **dict.fromkeys(
            (
                "pg_create_physical_replication_slot",
                "pg_create_logical_replication_slot",
                "pg_drop_replication_slot",
                "pg_copy_physical_replication_slot",
                "pg_copy_logical_replication_slot",
                "pg_replication_slot_advance",
                "pg_logical_slot_get_changes",
                "pg_logical_slot_get_binary_changes",
                "pg_logical_emit_message",
                "pg_replication_origin_create",
                "pg_replication_origin_drop",
                "pg_replication_origin_advance",
                "pg_replication_origin_session_setup",
                "pg_replication_origin_session_reset",
                "pg_replication_origin_xact_setup",
            ),
            _REPLICATION,
        ),
        **dict.fromkeys(
            (
                "pg_stat_reset",
                "pg_stat_reset_shared",
                "pg_stat_reset_single_table_counters",
                "pg_stat_reset_single_function_counters",
                "pg_stat_reset_slru",
                "pg_stat_reset_replication_slot",
                "pg_stat_reset_subscription_stats",
                "pg_stat_statements_reset",
            ),
            _STATS,
        ),
        **dict.fromkeys(
            ("query_to_xml", "query_to_xmlschema", "query_to_xml_and_xmlschema", "cursor_to_xml"), _DYNAMIC_SQL
        ),
        **dict.fromkeys(
            (
                "dblink",
                "dblink_exec",
                "dblink_connect",
                "dblink_connect_u",
                "dblink_send_query",
                "dblink_open",
                "dblink_fetch",
            ),
            _REMOTE,
        ),
    },
    "duckdb": {
        "nextval": _SEQUENCE,
        "setseed": "changes the session's random seed, which outlives the profiling",
        "checkpoint": "writes the database file; nothing to profile",
        "force_checkpoint": "writes the database file; nothing to profile",
        "sqlite_attach": "attaches another database file to the session, which a rollback cannot undo",
        "postgres_attach": "attaches another database to the session, which a rollback cannot undo",
        "mysql_attach": "attaches another database to the session, which a rollback cannot undo",
        "postgres_execute": _REMOTE,
        "mysql_execute": _REMOTE,
        "query": _DYNAMIC_SQL,
        "query_table": _DYNAMIC_SQL,
        "enable_logging": "changes the session's logging settings",
        "disable_logging": "changes the session's logging settings",
        "truncate_duckdb_logs": "deletes DuckDB's logs",
        "write_log": "writes to DuckDB's log",
    },
}
