"""The pg_catalog queries behind PostgreSQL introspection, kept apart from the code that reads them.

Every query filters to ordinary user schemas (no ``pg_*``, ``information_schema``) and skips objects
that belong to extensions (``pg_depend.deptype = 'e'``), like ``prisma db pull`` does. Rows come back
in a stable order so the resulting :class:`~workbench.ir.database.Database` is deterministic.
"""

from __future__ import annotations

USER_SCHEMA = """
    n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
    AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%'
"""

NOT_EXTENSION = """
    NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.objid = {oid} AND dep.deptype = 'e')
"""

SCHEMAS = f"""
SELECT n.nspname FROM pg_namespace n
WHERE {USER_SCHEMA} AND {NOT_EXTENSION.format(oid="n.oid")}
ORDER BY n.nspname
"""

RELATIONS = f"""
SELECT c.oid, n.nspname, c.relname, c.relkind, c.relispartition,
       obj_description(c.oid, 'pg_class'),
       EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid) AS inherits
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND {USER_SCHEMA} AND {NOT_EXTENSION.format(oid="c.oid")}
ORDER BY n.nspname, c.relname
"""

COLUMNS = """
SELECT a.attrelid, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
       pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated,
       t.typtype, t.typname, tn.nspname, et.typtype, et.typname, tn2.nspname, a.attndims,
       col_description(a.attrelid, a.attnum)
FROM pg_attribute a
JOIN pg_type t ON t.oid = a.atttypid
JOIN pg_namespace tn ON tn.oid = t.typnamespace
LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
LEFT JOIN pg_namespace tn2 ON tn2.oid = et.typnamespace
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attrelid = ANY(%(oids)s) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum
"""

# contype: p primary, u unique, f foreign, c check, x exclusion, t constraint trigger
CONSTRAINTS = """
SELECT con.conrelid, con.conname, con.contype, con.conkey::int2[], con.confkey::int2[],
       con.confrelid, con.confupdtype, con.confdeltype, con.conindid, pg_get_constraintdef(con.oid)
FROM pg_constraint con
WHERE con.conrelid = ANY(%(oids)s)
ORDER BY con.conrelid, con.conname
"""

INDEXES = """
SELECT i.indrelid, ic.relname, i.indisunique, i.indisprimary, i.indkey::int2[], i.indoption::int2[],
       i.indnkeyatts, i.indnatts, am.amname, pg_get_expr(i.indpred, i.indrelid),
       ARRAY(SELECT CASE WHEN opc.opcdefault THEN NULL ELSE opc.opcname END
             FROM unnest(i.indclass::oid[]) WITH ORDINALITY AS u(opc_oid, ord)
             JOIN pg_opclass opc ON opc.oid = u.opc_oid ORDER BY u.ord) AS opclasses,
       pg_get_indexdef(i.indexrelid), i.indexprs IS NOT NULL
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_am am ON am.oid = ic.relam
WHERE i.indrelid = ANY(%(oids)s)
ORDER BY i.indrelid, ic.relname
"""

ENUMS = f"""
SELECT n.nspname, t.typname, ARRAY(SELECT e.enumlabel FROM pg_enum e WHERE e.enumtypid = t.oid
                                   ORDER BY e.enumsortorder)
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype = 'e' AND {USER_SCHEMA} AND {NOT_EXTENSION.format(oid="t.oid")}
ORDER BY n.nspname, t.typname
"""

TRIGGERS = """
SELECT tg.tgrelid, tg.tgname FROM pg_trigger tg
WHERE tg.tgrelid = ANY(%(oids)s) AND NOT tg.tgisinternal
ORDER BY tg.tgrelid, tg.tgname
"""

SEQUENCE_OWNED = """
SELECT d.refobjid, d.refobjsubid FROM pg_depend d
JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
WHERE d.refobjid = ANY(%(oids)s) AND d.deptype IN ('a', 'i')
"""
