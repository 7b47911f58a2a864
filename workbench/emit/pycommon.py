"""What the Python targets (SQLAlchemy models, pydantic schemas, the in-process validator) share.

Three questions get one answer here so the targets agree with each other and with the
TypeScript targets (:mod:`workbench.emit.tscommon` answers them the same way for zod):

* **Names.** Prisma names are identifiers, but some are Python keywords (``from``, ``class``) or
  clash with what a base class owns (``metadata`` on a SQLAlchemy ``DeclarativeBase``,
  ``model_config``/``json``/``copy`` on a pydantic ``BaseModel``). :func:`py_name` appends ``_``
  (``metadata`` -> ``metadata_``); the column / JSON key keeps the original name (SQLAlchemy
  ``mapped_column("metadata")``, pydantic ``alias="metadata"``).
* **Which fields a create / update input has** (:func:`create_optional`): a field may be left
  out of a create input when it is optional, has any default (database or client side), is
  ``@updatedAt``, or is a scalar list (list columns are nullable in Prisma's DDL). Update inputs
  make every field optional. Relation object fields never appear in inputs; foreign-key scalars
  are ordinary fields. Exactly the zod rules.
* **Which models and fields exist in client code**: ``@@ignore`` models and ``@ignore`` fields
  are left out of pydantic (like Prisma Client); ``Unsupported`` fields are left out with a
  warning. SQLAlchemy keeps them all, because ``create_all`` must build the tables Migrate builds.

Untrusted text (names, ``///`` docs, default strings) reaches generated code only through
:func:`py_string` (a ``repr``-safe literal) and :func:`docstring`.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass

from workbench.diagnostics import Diagnostic, warning
from workbench.diagnostics.catalog.emit_py import W_NO_CREATE, W_UNSUPPORTED
from workbench.emit import fields
from workbench.ir.schema import ScalarField, ScalarType, Schema

# Attributes a DeclarativeBase subclass or a pydantic BaseModel already owns.
SQLALCHEMY_RESERVED = frozenset({"metadata", "registry", "type_annotation_map", "awaitable_attrs"})
PYDANTIC_RESERVED = frozenset(
    {
        "copy",
        "dict",
        "json",
        "schema",
        "schema_json",
        "construct",
        "validate",
        "parse_obj",
        "parse_raw",
        "parse_file",
        "from_orm",
        "update_forward_refs",
        "fields",
    }
)

# The Python type of each Prisma scalar, as both targets spell it in generated code (Prisma
# Client's own mapping). Json has no single spelling: pydantic says ``JsonValue``, SQLAlchemy
# takes the type its JSON column class declares; Enum and Unsupported are decided per field.
PY_TYPES = {
    ScalarType.STRING: "str",
    ScalarType.INT: "int",
    ScalarType.BIGINT: "int",
    ScalarType.FLOAT: "float",
    ScalarType.DECIMAL: "decimal.Decimal",
    ScalarType.BOOLEAN: "bool",
    ScalarType.DATETIME: "datetime.datetime",
    ScalarType.BYTES: "bytes",
}

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def py_name(name: str, reserved: frozenset[str] = frozenset()) -> str:
    """A usable Python attribute name: keywords, reserved names and ``model_``/dunder names get ``_``."""
    if not _IDENT.fullmatch(name):
        name = re.sub(r"\W", "_", name)
        if not name or name[0].isdigit():
            name = "_" + name
    if keyword.iskeyword(name) or name in reserved or name.startswith("__"):
        return name + "_"
    if reserved is PYDANTIC_RESERVED and name.startswith("model_"):
        return name + "_"
    return name


def py_string(text: str) -> str:
    """A Python string literal for any text (quotes, backslashes, newlines, non-printables).

    Quoted the way ``ruff format`` normalises: double quotes unless single quotes need fewer escapes.
    """
    quote = "'" if text.count('"') > text.count("'") else '"'
    out = []
    for ch in text:
        if ch == quote or ch == "\\":
            out.append("\\" + ch)
        elif ch.isprintable():
            out.append(ch)
        else:
            out.append(repr(ch)[1:-1])  # \n, \t, \x00, \u2028...
    return quote + "".join(out) + quote


def docstring(doc: str | None, indent: str = "    ") -> str:
    """A class docstring block (with trailing newline) or ``""``; quotes and backslashes are defused."""
    if not doc:
        return ""
    text = doc.strip("\n").replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    lines = [line.rstrip() for line in text.splitlines()]
    if len(lines) == 1:
        body = lines[0]
        if body.endswith('"'):
            body += " "
        return f'{indent}"""{body}"""\n'
    rest = "".join(f"{indent}{line}\n" if line else "\n" for line in lines[1:])
    return f'{indent}"""{lines[0]}\n{rest}{indent}"""\n'


def comment_lines(doc: str | None, indent: str = "    ") -> str:
    """``#`` comment lines (with trailing newline) or ``""``."""
    if not doc:
        return ""
    return "".join(f"{indent}# {line.rstrip()}".rstrip() + "\n" for line in doc.strip("\n").splitlines())


# --- which fields, and which are optional where ----------------------------------------------------


client_models = fields.client_models
client_scalars = fields.client_scalars
client_relations = fields.client_relations
create_optional = fields.create_optional
is_generated = fields.is_generated
can_create = fields.can_create


def is_email(field: ScalarField) -> bool:
    """``EmailStr`` for a String annotated ``/// @zod.email()`` or named ``email`` / ``...Email``."""
    if field.type is not ScalarType.STRING:
        return False
    for line in (field.doc or "").splitlines():
        if line.strip().replace(" ", "").startswith("@zod.email("):
            return True
    name = field.name
    return name.lower() == "email" or name.endswith("Email") or name.lower().endswith("_email")


def split_doc(doc: str | None) -> str | None:
    """The doc text without ``@zod.`` annotation lines (they are instructions, not prose)."""
    return fields.split_doc(doc)[0]


def client_diagnostics(schema: Schema, target: str) -> list[Diagnostic]:
    """Warnings for what pydantic code leaves out (worded like the TypeScript targets')."""
    out: list[Diagnostic] = []
    for model, f in fields.left_out(schema):
        if f is not None:
            out.append(
                warning(
                    W_UNSUPPORTED,
                    f"`{model.name}.{f.name}` has type {f.type_name}, which {target} cannot represent; "
                    "it is left out (like Prisma Client)",
                    f.origin,
                    help="read or write it with raw SQL, or map it to a supported type",
                )
            )
        else:
            out.append(
                warning(
                    W_NO_CREATE,
                    f"model `{model.name}` has a required field without default that generated code leaves out; "
                    "its create input cannot produce a valid row",
                    model.origin,
                    help="give the field a default or make it optional",
                )
            )
    return out


# --- layout: lines as ``ruff format`` writes them ------------------------------------------------------

LINE_LENGTH = 120  # the repo's ruff line length; generated code passes `ruff format --check`


@dataclass(frozen=True, slots=True)
class Call:
    """A bracketed expression the layout may split: ``head`` ends with ``(``/``[``/``{``."""

    head: str
    args: tuple[Call | str, ...]
    close: str = ")"


def flat(node: Call | str) -> str:
    if isinstance(node, str):
        return node
    return node.head + ", ".join(flat(a) for a in node.args) + node.close


def layout(prefix: str, node: Call | str, indent: str = "", suffix: str = "") -> str:
    """``prefix + node + suffix`` as lines, split like ruff/black: all on one line if it fits, else
    the arguments on one indented line, else one argument per line with a trailing comma."""
    line = f"{indent}{prefix}{flat(node)}{suffix}"
    if len(line) <= LINE_LENGTH or isinstance(node, str) or not node.args:
        return line + "\n"
    inner = indent + "    "
    joined = ", ".join(flat(a) for a in node.args)
    if len(inner + joined) <= LINE_LENGTH:
        return f"{indent}{prefix}{node.head}\n{inner}{joined}\n{indent}{node.close}{suffix}\n"
    body = "".join(layout("", a, inner, ",") for a in node.args)
    return f"{indent}{prefix}{node.head}\n{body}{indent}{node.close}{suffix}\n"


def used_names(code: str) -> set[str]:
    """Identifiers used in ``code`` (strings and comments ignored), to import only what is used."""
    import io
    import tokenize

    names: set[str] = set()
    previous = ""
    try:
        for tok in tokenize.generate_tokens(io.StringIO(code).readline):
            if tok.type == tokenize.NAME and previous != ".":  # not an attribute (datetime.time)
                names.add(tok.string)
            if tok.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT):
                previous = tok.string
    except (tokenize.TokenError, SyntaxError):
        return set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", code))
    return names


def noqa_ambiguous(name: str, text: str) -> str:
    """Fields named ``l``, ``O`` or ``I`` keep their name; ruff's E741 is silenced on that line."""
    if name not in ("l", "O", "I"):
        return text
    first, _, rest = text.partition("\n")
    return f"{first}  # noqa: E741\n{rest}"
