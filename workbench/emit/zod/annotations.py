"""``/// @zod.<method>(<args>)`` doc-comment annotations: refinements copied into the zod schemas.

A field's ``///`` doc may carry lines such as::

    /// Login name.
    /// @zod.email()
    /// @zod.min(3).max(320, { message: "too long" })

Each annotation line is a chain of calls whose arguments are *literals only* (strings, numbers,
bigints like ``10n``, ``true``/``false``/``null``, regular expression literals, and arrays or
objects of those). A valid chain is appended verbatim to the field's base schema (before
``.nullable()``/``.optional()`` and inside ``z.array(...)`` for lists), in the row, create and
update schemas alike; annotation lines are removed from the JSDoc / ``.describe()`` text.

Anything else (identifiers, function calls or template strings as arguments, a method zod does
not have for the field's type) is not copied: a warning (W0803) at the field says why, so a
schema can never smuggle code into the generated file and the output always type-checks.
"""

from __future__ import annotations

import re

STRING_BASIC = frozenset(
    "min max length nonempty regex includes startsWith endsWith lowercase uppercase trim normalize "
    "toLowerCase toUpperCase".split()
)
STRING_FORMATS = frozenset(
    "email url uuid guid cuid cuid2 ulid nanoid emoji ipv4 ipv6 cidrv4 cidrv6 base64 base64url e164 jwt "
    "datetime date time duration".split()
)
NUMBER = frozenset("min max gt gte lt lte positive negative nonnegative nonpositive multipleOf step int finite".split())
BIGINT = frozenset("min max gt gte lt lte positive negative nonnegative nonpositive multipleOf".split())
COMMON = frozenset({"meta"})

# Methods allowed per kind of base schema (see workbench.emit.zod.typemap.annotation_kind).
ALLOWED: dict[str, frozenset[str]] = {
    "string": STRING_BASIC | STRING_FORMATS | COMMON,
    "string-format": STRING_BASIC | COMMON,
    "number": NUMBER | COMMON,
    "bigint": BIGINT | COMMON,
    "none": COMMON,
}

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<str>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<num>-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?n?)
  | (?P<word>[A-Za-z_$][A-Za-z0-9_$]*)
  | (?P<punct>[()\[\]{},:.])
  | (?P<regex>/(?:\\.|\[(?:\\.|[^\]\\\n])*\]|[^/\\\n\[])+/[dgimsuvy]*)
    """,
    re.VERBOSE,
)


class AnnotationError(ValueError):
    pass


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise AnnotationError(
                f"unexpected {text[pos]!r}; arguments must be literals (strings, numbers, regexes, arrays, objects)"
            )
        kind = m.lastgroup or ""
        if kind != "ws":
            out.append((kind, m.group()))
        pos = m.end()
    return out


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.toks = tokens
        self.i = 0

    def peek(self) -> tuple[str, str]:
        return self.toks[self.i] if self.i < len(self.toks) else ("eof", "")

    def take(self, value: str | None = None, kind: str | None = None) -> str:
        k, v = self.peek()
        if (value is not None and v != value) or (kind is not None and k != kind) or k == "eof":
            raise AnnotationError(f"expected {value or kind}, found {v or 'end of line'!r}")
        self.i += 1
        return v

    def chain(self) -> list[str]:
        methods = []
        while True:
            methods.append(self.take(kind="word"))
            self.take("(")
            self.args(")")
            if self.peek() == ("eof", ""):
                return methods
            self.take(".")

    def args(self, close: str) -> None:
        if self.peek()[1] == close:
            self.take(close)
            return
        while True:
            self.literal()
            if self.peek()[1] == ",":
                self.take(",")
                if self.peek()[1] == close:  # trailing comma
                    break
                continue
            break
        self.take(close)

    def literal(self) -> None:
        kind, value = self.peek()
        if kind in ("str", "num", "regex") or (kind == "word" and value in ("true", "false", "null")):
            self.i += 1
        elif value == "[":
            self.i += 1
            self.args("]")
        elif value == "{":
            self.i += 1
            if self.peek()[1] == "}":
                self.take("}")
                return
            while True:
                k, _ = self.peek()
                if k not in ("word", "str"):
                    raise AnnotationError("object keys must be names or strings")
                self.i += 1
                self.take(":")
                self.literal()
                if self.peek()[1] == ",":
                    self.take(",")
                    if self.peek()[1] == "}":
                        break
                    continue
                break
            self.take("}")
        else:
            raise AnnotationError(f"arguments must be literals, found {value or 'end of line'!r}")


def parse_annotation(line: str, kind: str) -> str:
    """The call chain to append (``.email().max(3)``) for one ``@zod.`` line, or AnnotationError."""
    body = line.strip()
    if not body.startswith("@zod."):
        raise AnnotationError("an annotation starts with `@zod.`")
    chain = body[len("@zod.") :]
    methods = _Parser(_tokens(chain)).chain()
    allowed = ALLOWED[kind]
    for method in methods:
        if method not in allowed:
            what = {"string-format": "this formatted string", "none": "this type"}.get(kind, f"a {kind}")
            raise AnnotationError(f"zod has no `.{method}()` refinement for {what}")
    return "." + chain
