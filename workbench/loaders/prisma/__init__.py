"""The Prisma schema loader: ``.prisma`` text -> schema IR + located diagnostics.

Layers (each a module): :mod:`.lexer` and :mod:`.parser` (syntax tree with offsets, error
recovery per line), :mod:`.resolve` (config blocks, names, types), :mod:`.fields`,
:mod:`.defaults`, :mod:`.keys` and :mod:`.enums` (attributes), :mod:`.relations` (pairing,
foreign keys), :mod:`.validate` (connector rules, run only when the schema resolves, as in
Prisma), :mod:`.lower` (to IR). Diagnostic codes are listed in
:mod:`workbench.diagnostics.catalog.prisma`; native types per provider in :mod:`.native_types`.

Usage::

    from workbench.loaders.prisma import load_prisma
    result = load_prisma("schema.prisma")          # or a folder, a list of files, or text="..."
    result.schema                                   # workbench.ir.Schema
    result.diagnostics                              # sorted, located; render with render_text

"""

from workbench.loaders.prisma.loader import PrismaLoadResult, load_prisma

__all__ = ["PrismaLoadResult", "load_prisma"]
