"""Comments as Prisma 7's grammar reads them, and the documentation they become.

Three kinds: ``// text`` (ignored), ``/// text`` and ``/* text */`` (both documentation; a block
comment may span lines, does not nest, and ``/** ... */`` is just a block comment whose text
starts with ``*``). Where they may stand, checked against the oracle (``prisma validate``):

* on a line of their own, anywhere: top level, in a model, enum, type, view, datasource or
  generator; after a block comment, the rest of its last line is read as a line of its own
  (``/* x */ model B {`` and ``/* x */ id Int @id`` are valid);
* after the last token of a field, enum value, block attribute or ``key = value`` line, as a
  trailing comment; a block comment there may span lines, but only blanks may follow its ``*/``;
* nowhere else: ``id /* c */ Int``, ``@default(/* c */ 1)``, two block comments after a field,
  or a ``//`` comment after a trailing block comment make the line invalid.

Documentation follows Prisma's parser database exactly, quirks included (each checked against the
DMMF): consecutive comments form one comment block; a block comment's text is its match minus two
bytes at each end, trimmed, and the match of a comment that is not the first of its block starts
with the blanks before it (so an indented second comment keeps its ``/*``); at top level a
comment block documents the model or enum that follows directly (not after an empty line, or
after blanks behind ``*/``), and one directly above a datasource or generator documents the next
model or enum instead; inside a block the last comment block documents the next field or enum
value, across empty lines and block attributes. The loader's parser applies these rules with the
helpers below.
"""

from __future__ import annotations

import re

# A string literal (possibly unterminated), a line comment, or the start of a block comment.
_SCAN = re.compile(r'"(?:[^"\\\n]|\\.)*"?|//|/\*')


def trailing_start(line: str) -> int:
    """Index of a ``/*`` in ``line`` outside string literals and before any ``//``, or -1."""
    if "/*" not in line:
        return -1
    for m in _SCAN.finditer(line):
        token = m.group()
        if token == "/*":
            return m.start()
        if token == "//":
            return -1
    return -1


def block_comment_text(match: str) -> str:
    """Documentation of a block comment from its match (``/* text */``, maybe after blanks):
    Prisma's ``text[2..len - 2].trim()`` on UTF-8 bytes."""
    return match.encode("utf-8")[2:-2].decode("utf-8", errors="replace").strip()


def doc_comment_text(comment: str) -> str:
    """Documentation of a ``///`` comment (``comment`` starts with ``///``): the text after the
    slashes, leading blanks trimmed, trailing blanks kept, up to a carriage return."""
    return comment[3:].split("\r", 1)[0].lstrip()
