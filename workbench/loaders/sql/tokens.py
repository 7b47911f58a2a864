"""Source slices of a parsed statement, found through sqlglot's tokens.

sqlglot's tree normalises expressions (``random()::text`` becomes ``CAST(RANDOM() AS TEXT)``),
but a default expression must stay as written to equal what lowering produces from
``dbgenerated("...")`` (and a SQLite type is kept as declared). Identifiers in the tree carry
their token offsets (``meta['start']``), so the tokens after a column's name give back the
exact text of its type and of its DEFAULT expression.
"""

from __future__ import annotations

from typing import Any

# Words that end a column's type or DEFAULT expression (at bracket depth 0).
_STOP_WORDS = frozenset(
    {
        "NOT",
        "NULL",
        "PRIMARY",
        "UNIQUE",
        "REFERENCES",
        "CHECK",
        "CONSTRAINT",
        "COLLATE",
        "GENERATED",
        "AUTOINCREMENT",
        "AUTO_INCREMENT",
        "COMMENT",
        "DEFAULT",
        "ON",
        "KEY",
        "AS",
        "IDENTITY",
    }
)


class Tokens:
    """The tokens of one statement with its text (offsets are relative to the statement)."""

    def __init__(self, tokens: list[Any], text: str) -> None:
        from sqlglot import TokenType

        self.tokens = tokens
        self.text = text
        self._by_start = {t.start: i for i, t in enumerate(tokens)}
        self._literal = {TokenType.IDENTIFIER, TokenType.STRING}
        self._open = {TokenType.L_PAREN, TokenType.L_BRACKET, TokenType.L_BRACE}
        self._close = {TokenType.R_PAREN, TokenType.R_BRACKET, TokenType.R_BRACE}
        self._comma = TokenType.COMMA

    def word(self, i: int) -> str | None:
        t = self.tokens[i]
        return None if t.token_type in self._literal else t.text.upper()

    def first_word(self, i: int) -> str | None:
        """The first word of a keyword token (sqlglot has multi-word tokens such as ``PRIMARY KEY``)."""
        word = self.word(i)
        return word.split()[0] if word and word.split() else word

    def slice(self, first: int, last: int) -> str:
        return self.text[self.tokens[first].start : self.tokens[last].end + 1]

    def column_range(self, name_start: int) -> tuple[int, int] | None:
        """(first, last) token indexes of a column definition after its name, or None."""
        i = self._by_start.get(name_start)
        if i is None:
            return None
        depth = 0
        j = i + 1
        while j < len(self.tokens):
            tt = self.tokens[j].token_type
            if tt in self._open:
                depth += 1
            elif tt in self._close:
                if depth == 0:
                    break
                depth -= 1
            elif tt == self._comma and depth == 0:
                break
            j += 1
        return i + 1, j - 1

    def _until_stop(self, first: int, last: int, skip_first: bool) -> int:
        """Index of the last token before a stop word at depth 0 (``first - 1`` if none).

        ``CASE ... END`` nests like a parenthesis: a default ``CASE WHEN x THEN NULL ... END`` holds
        stop words (``NULL``) that do not end it.
        """
        depth = 0
        j = first
        while j <= last:
            tt = self.tokens[j].token_type
            if tt in self._open or self.word(j) == "CASE":
                depth += 1
            elif tt in self._close or (depth > 0 and self.word(j) == "END"):
                depth -= 1
            elif depth == 0 and not (skip_first and j == first) and self.first_word(j) in _STOP_WORDS:
                return j - 1
            j += 1
        return last

    def column_type_text(self, name_start: int) -> str:
        rng = self.column_range(name_start)
        if rng is None or rng[0] > rng[1]:
            return ""
        end = self._until_stop(rng[0], rng[1], skip_first=False)
        return self.slice(rng[0], end) if end >= rng[0] else ""

    def column_default_text(self, name_start: int) -> str | None:
        """The DEFAULT expression of a column as written (parentheses kept), None without DEFAULT."""
        rng = self.column_range(name_start)
        if rng is None:
            return None
        depth = 0
        for j in range(rng[0], rng[1] + 1):
            tt = self.tokens[j].token_type
            if tt in self._open:
                depth += 1
            elif tt in self._close:
                depth -= 1
            elif depth == 0 and self.word(j) == "DEFAULT" and j < rng[1]:
                end = self._until_stop(j + 1, rng[1], skip_first=True)
                return self.slice(j + 1, end)
        return None

    def text_after(self, word: str) -> str | None:
        """The statement text after the last depth-0 ``word`` (an index's WHERE predicate)."""
        depth = 0
        found = None
        for j, t in enumerate(self.tokens):
            if t.token_type in self._open:
                depth += 1
            elif t.token_type in self._close:
                depth -= 1
            elif depth == 0 and self.word(j) == word:
                found = j
        if found is None or found + 1 >= len(self.tokens):
            return None
        return self.text[self.tokens[found + 1].start :].strip()


__all__ = ["Tokens"]
