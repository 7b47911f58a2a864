"""SQLAlchemy 2.0 typed declarative models (``models.py``) from the schema IR.

Everything the database sees (table, column, constraint and index names, column types, SQL
defaults, join tables, schemas) is read from the *database view* that
``workbench.dialects.lower(schema, dialect)`` computes, the same view our Prisma-identical DDL is
printed from; so ``Base.metadata.create_all(engine)`` builds the catalog Prisma Migrate builds
(checked against Prisma's DDL on a real PostgreSQL in the tests). The *model view* supplies what
only Python needs: class and attribute names, ``Mapped[...]`` types, client-side defaults
(``uuid()``, ``cuid()``, ``nanoid()``, ``ulid()``, ``@updatedAt``) and relationships.

Decisions (documented in the module docstring of the output too):

* The dialect follows the datasource: ``sqlite`` -> SQLite types, anything else -> PostgreSQL.
* Every foreign key is ``use_alter=True`` on PostgreSQL (Prisma adds all FKs with ``ALTER TABLE``
  after the tables, which also makes cycles such as ``accounts <-> contacts`` work).
* A single-column integer ``autoincrement()`` primary key is ``autoincrement=True`` (SQLAlchemy
  renders ``SERIAL``/``BIGSERIAL``/``SMALLSERIAL`` like Prisma); an autoincrement column that is
  not the single primary key gets the pseudo-type ``SERIAL`` itself. Integer keys without
  ``autoincrement()`` say ``autoincrement=False`` so SQLAlchemy does not invent a sequence.
* Relationships: ``back_populates`` on both ends, ``foreign_keys`` always spelled out (several
  relations between two models need it), ``remote_side`` on the many-to-one end of a self
  relation, ``secondary=`` the join table for implicit m:n (explicit joins for self m:n, column
  ``A`` on the end whose (model, field) sorts first, like Prisma). One-to-many ends use
  ``passive_deletes=True`` so the database's ``ON DELETE`` actions (Prisma's) do the work.
* ``@@ignore`` models and ``@ignore``/``Unsupported`` fields are kept (Migrate creates them);
  views are left out (Migrate creates no DDL for them) with a warning. An ``@@ignore`` model
  with neither a primary key nor a unique criterion is a Core ``sa.Table`` under the class
  name (the ORM maps only rows it can identify), with a warning.
* SQL text (defaults, index predicates) is passed verbatim: ``sa.text(...)``, or
  ``sa.literal_column(...)`` where ``sa.text`` would read ``:name`` as a bind parameter.
* ``Json`` on SQLite is declared ``JSONB`` like Prisma's DDL (a ``sa.JSON`` subclass whose
  SQLite spelling is ``JSONB``); identifiers are clipped to 63 bytes on PostgreSQL only.
"""

from __future__ import annotations

from dataclasses import replace

from workbench.diagnostics import Diagnostic, Severity, warning
from workbench.diagnostics.catalog import emit_py as codes
from workbench.dialects import lower
from workbench.emit import pycommon as pc
from workbench.emit.sql.postgres import create_extension
from workbench.emit.sqlalchemy.columns import column_args, enum_type_var
from workbench.emit.sqlalchemy.context import MODULE_NAMES, Context, dialect_for
from workbench.emit.sqlalchemy.helpers import HELPERS, needed
from workbench.emit.sqlalchemy.relations import relationship_line
from workbench.emit.sqlalchemy.tables import constraints, core_table, join_tables
from workbench.ir.database import Database, DbColumn
from workbench.ir.schema import Model, ScalarField, ScalarType, Schema


def render(schema: Schema, header: str, dialect: str | None = None) -> tuple[str, list[Diagnostic]]:
    dialect = dialect or dialect_for(schema)
    if dialect not in ("postgres", "sqlite"):
        raise ValueError(f"SQLAlchemy models are generated for postgres or sqlite, not {dialect!r}")
    database, lowered = lower(schema, dialect)
    ctx = Context(schema, database, dialect, [d for d in lowered if d.severity is not Severity.INFO])
    ctx.database = database = _clipped(ctx, database)
    if schema.provider not in (None, "postgresql", "sqlite", "cockroachdb"):
        ctx.diagnostics.append(
            warning(
                codes.W_PROVIDER,
                f"SQLAlchemy models are generated for PostgreSQL; provider `{schema.provider}` is not supported",
                schema.datasource.origin if schema.datasource else None,
            )
        )
    taken = set(MODULE_NAMES)
    for wanted in [e.name for e in schema.enums] + [m.name for m in schema.models]:
        name = pc.py_name(wanted, frozenset(taken))
        ctx.class_names[wanted] = name
        taken.add(name)
    # Lowering emits one table per model of ``schema.tables``, in that order, then the join tables.
    for model, table in zip(schema.tables, database.tables, strict=False):
        if table.name == ctx.clip(model.db_name):
            ctx.tables[model.name] = table

    body: list[str] = []
    body.append(_schemas(ctx))
    body.append(_extensions(ctx))
    body.append(_enums(ctx))
    body.append(join_tables(ctx))
    for model in schema.models:
        if model.is_view:
            ctx.diagnostics.append(
                warning(
                    codes.W_VIEW,
                    f"view `{model.name}` has no SQLAlchemy model (Prisma Migrate creates no DDL for views)",
                    model.origin,
                    help="map it yourself with a Table(...) of the view's columns if you need it",
                )
            )
            continue
        body.append(_model(ctx, model))
    helpers = "".join(HELPERS[name][1] + "\n\n" for name in needed(ctx.helpers))
    code = helpers + "".join(part for part in body if part)
    text = header + _preamble(ctx, pc.used_names(code)) + code
    return text.rstrip("\n") + "\n", ctx.diagnostics


STDLIB = ("datetime", "decimal", "enum", "hashlib", "os", "platform", "secrets", "time", "uuid")


def _preamble(ctx: Context, used: set[str]) -> str:
    where = "PostgreSQL" if ctx.dialect == "postgres" else "SQLite"
    lines = [
        f'"""SQLAlchemy 2.0 models ({where}): one class per Prisma model, names and constraints as Prisma\'s.',
        "",
        "Create the tables with ``Base.metadata.create_all(engine)``. Client-side ids (uuid/cuid/nanoid/ulid)",
        "and ``@updatedAt`` are filled in by Python defaults; SQL defaults are ``server_default``s.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        *(f"import {name}" for name in STDLIB if name in used),
    ]
    if "Any" in used:
        lines.append("from typing import Any")
    lines += ["", "import sqlalchemy as sa"]
    if "pg" in used:
        lines.append("from sqlalchemy.dialects import postgresql as pg")
    if "compiles" in used:
        lines.append("from sqlalchemy.ext.compiler import compiles")
    orm = ["DeclarativeBase"] + [name for name in ("Mapped", "mapped_column", "relationship") if name in used]
    lines += [
        f"from sqlalchemy.orm import {', '.join(orm)}",
        "",
        "",
        "class Base(DeclarativeBase):",
        "    pass",
        "",
        "",
    ]
    return "\n".join(lines) + "\n"


def _clipped(ctx: Context, db: Database) -> Database:
    """The database view with every identifier as PostgreSQL stores it (see :meth:`Context.clip`)."""
    c = ctx.clip
    tables = []
    for t in db.tables:
        pk = t.primary_key
        tables.append(
            replace(
                t,
                name=c(t.name),
                columns=tuple(replace(col, name=c(col.name)) for col in t.columns),
                primary_key=replace(pk, name=c(pk.name) if pk.name else None, columns=tuple(map(c, pk.columns)))
                if pk
                else None,
                indexes=tuple(
                    replace(i, name=c(i.name), columns=tuple(replace(ic, name=c(ic.name)) for ic in i.columns))
                    for i in t.indexes
                ),
                foreign_keys=tuple(
                    replace(
                        fk,
                        name=c(fk.name) if fk.name else None,
                        columns=tuple(map(c, fk.columns)),
                        ref_table=c(fk.ref_table),
                        ref_columns=tuple(map(c, fk.ref_columns)),
                    )
                    for fk in t.foreign_keys
                ),
            )
        )
    enums = tuple(replace(e, name=c(e.name)) for e in db.enums)
    return replace(db, tables=tuple(tables), enums=enums)


def _schemas(ctx: Context) -> str:
    if not ctx.database.schemas:
        return ""
    out = ["# Prisma creates the schemas first; create_all does not, so this listener does.\n"]
    for name in ctx.database.schemas:
        create = f"sa.schema.CreateSchema({pc.py_string(name)}, if_not_exists=True)"
        out.append(pc.layout("", pc.Call("sa.event.listen(", ("Base.metadata", '"before_create"', create))))
    return "".join(out) + "\n\n"


def _extensions(ctx: Context) -> str:
    """A ``before_create`` listener running each ``CREATE EXTENSION`` (a typed function: ``sa.DDL`` is
    untyped, and the generated module passes ``mypy --strict``)."""
    if not ctx.database.extensions:
        return ""
    out = [
        "# Prisma Migrate creates the extensions before the tables; create_all does not, so this listener does.\n",
        '@sa.event.listens_for(Base.metadata, "before_create")\n',
        "def _create_extensions(target: sa.MetaData, connection: sa.Connection, **kw: Any) -> None:\n",
    ]
    for x in ctx.database.extensions:
        out.append(pc.layout("    ", pc.Call("connection.exec_driver_sql(", (pc.py_string(create_extension(x)),))))
    return "".join(out) + "\n\n"


# --- enums ------------------------------------------------------------------------------------------


def _enums(ctx: Context) -> str:
    if not ctx.schema.enums:
        return ""
    out = [
        "def _enum_values(cls: type[enum.Enum]) -> list[str]:\n",
        "    return [str(member.value) for member in cls]\n\n\n",
    ]
    db_enums = {e.name: e for e in ctx.database.enums}
    for e in ctx.schema.enums:
        name = ctx.cls(e.name)
        out.append(f"class {name}(enum.StrEnum):\n")
        out.append(pc.docstring(pc.split_doc(e.doc)) + ("\n" if e.doc else ""))
        members = set()
        for v in e.values:
            member = pc.py_name(v.name, frozenset({"name", "value", "mro"}))
            members.add(member)
            out.append(f"    {member} = {pc.py_string(v.db_name)}\n")
        if not e.values:
            out.append("    pass\n")
        out.append("\n\n")
        args = [name, f"name={pc.py_string(ctx.clip(e.db_name))}"]
        if ctx.dialect == "postgres":
            lowered = db_enums.get(ctx.clip(e.db_name))
            if lowered is not None and lowered.schema:
                args.append(f"schema={pc.py_string(lowered.schema)}")
            args += ["values_callable=_enum_values", "metadata=Base.metadata"]
        else:
            args += ["values_callable=_enum_values", "native_enum=False", "create_constraint=False"]
        out.append(pc.layout(f"{enum_type_var(name)} = ", pc.Call("sa.Enum(", tuple(args))) + "\n\n")
    return "".join(out)


# --- models -------------------------------------------------------------------------------------------


def _model(ctx: Context, model: Model) -> str:
    table = ctx.tables.get(model.name)
    if table is None:
        return ""
    if table.primary_key is None and not _substitute_key(model):
        return core_table(ctx, model, table)
    name = ctx.cls(model.name)
    lines = [f"class {name}(Base):\n"]
    doc = pc.split_doc(model.doc)
    if doc:
        lines.append(pc.docstring(doc) + "\n")
    lines.append(f"    __tablename__ = {pc.py_string(table.name)}\n")
    args = constraints(ctx, table)
    options = []
    if table.schema:
        options.append(f'"schema": {pc.py_string(table.schema)}')
    if ctx.dialect == "sqlite" and any(c.autoincrement for c in table.columns):
        options.append('"sqlite_autoincrement": True')
    if options:
        args.append("{" + ", ".join(options) + "}")
    if len(args) == 1 and "\n" not in (one := pc.layout("__table_args__ = (", args[0], "    ", ",)")).rstrip("\n"):
        lines.append(one)  # a one-element tuple on one line (its comma is syntax, not a "magic" comma)
    else:
        lines.append("    __table_args__ = (\n" + "".join(pc.layout("", a, "        ", ",") for a in args) + "    )\n")
    if table.primary_key is None:
        keys = _substitute_key(model)
        if keys:
            cols = ", ".join(pc.py_string(ctx.attr(model.name, k)) for k in keys)
            lines.append(f'    __mapper_args__ = {{"primary_key": [{cols}]}}  # noqa: RUF012\n')
    lines.append("\n")
    columns = {c.name: c for c in table.columns}
    pk_cols = table.primary_key.columns if table.primary_key else ()
    for f in model.fields:
        if isinstance(f, ScalarField):
            col = columns.get(ctx.clip(f.db_name))
            if col is not None:
                lines.append(_column(ctx, model, f, col, pk_cols))
        else:
            rel = relationship_line(ctx, model, f)
            if rel:
                lines.append(rel)
    return "".join(lines) + "\n\n"


def _substitute_key(model: Model) -> tuple[str, ...]:
    for index in model.indexes:
        if index.unique and index.where is None:
            return index.field_names
    return ()


def _column(ctx: Context, model: Model, f: ScalarField, col: DbColumn, pk_cols: tuple[str, ...]) -> str:
    attr, py, args = column_args(ctx, model, f, col, pk_cols)
    if attr != col.name:
        args.insert(0, pc.py_string(col.name))
    note = "    # @ignore: hidden from Prisma Client\n" if f.ignored else ""
    if f.type is ScalarType.UNSUPPORTED:
        note = f"    # Unsupported({pc.py_string(f.unsupported or '')}) in Prisma: typed Any\n"
    return note + pc.noqa_ambiguous(
        attr, pc.layout(f"{attr}: Mapped[{py}] = ", pc.Call("mapped_column(", tuple(args)), "    ")
    )
