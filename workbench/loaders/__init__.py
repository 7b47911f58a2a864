"""Loaders turn a source (a Prisma schema, a live database) into the schema IR.

Each loader lives in its own subpackage and is imported on demand, so importing
``workbench.loaders`` stays cheap.
"""
