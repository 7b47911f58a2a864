"""The Prisma schema language itself: lexer, parser, AST with spans, expressions, comments, layout.

Below the loader (which resolves, validates and lowers the AST into the IR) and the Prisma writer
(which prints the IR back as Prisma), so both share one grammar without the writer importing a
loader. Nothing here knows the IR or a database.
"""
