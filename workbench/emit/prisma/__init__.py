"""Prisma schema writer: the model view as ``.prisma`` text, laid out like ``prisma format``."""

from workbench.emit.prisma.writer import render_default, write_prisma

__all__ = ["render_default", "write_prisma"]
