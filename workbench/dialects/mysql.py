"""MySQL (and MariaDB): read as SQL DDL and written by the Drizzle/Prisma emitters; not lowered or opened.

Declared here so that its name, aliases and limits exist once: the SQL loader reads MySQL DDL
(``load_sql(..., dialect="mysql")``) and ``lift`` writes a pulled MySQL database as
``provider = "mysql"``. ``lowers``/``connects`` are False: there is no MySQL DDL emitter and no
driver, so ``to_sql("mysql")`` and ``connect("mysql://...")`` are refused with the known names.
"""

from __future__ import annotations

from workbench.dialects.base import ALL_FK_ACTIONS, Dialect

DIALECT = Dialect(
    name="mysql",
    default_schema=None,  # a MySQL "schema" is the database itself
    max_identifier_length=64,
    supports_schemas=False,
    supports_enums=False,  # ENUM(...) is a column type, not CREATE TYPE
    supports_arrays=False,
    index_methods=frozenset({"HASH"}),
    supports_index_sort=True,
    supports_opclasses=False,
    supports_partial_indexes=False,
    fk_actions=ALL_FK_ACTIONS,
    join_table_key="primary_key",
    display_name="MySQL",
    aliases=("mariadb",),
    url_schemes=("mysql", "mariadb"),
    url_example="mysql://user@host:port/db",
    driver_modules=(),
    prisma_provider="mysql",
    prisma_providers=("mysql",),
    truncates_identifiers_at=None,  # MySQL refuses a longer name instead of cutting it
    quote_char="`",
    hash_comments=True,
    backslash_escapes=True,
    constraint_names="mysql",  # <table>_ibfk_<n>; a unique key takes its first column's name
    information_schema=True,
)
