"""Plan diagrams: graphviz DOT of a :class:`Plan`, rendered through ``workbench.render.graphviz_run``.

Data flows upward (scans at the bottom, the result at the top) like EXPLAIN output read bottom-up.
Boxes are filled from white to red and grow with the operator's share of the time; edges carry the
rows flowing from child to parent. The DOT text is deterministic for a given plan.
"""

from __future__ import annotations

from workbench.display import fit_svg
from workbench.profile.plan import Plan, PlanNode


def plan_dot(plan: Plan, title: str | None = None, hot: set[int] | None = None) -> str:
    hot = hot or set()
    lines = [
        "digraph plan {",
        "  graph [rankdir=BT, nodesep=0.3, ranksep=0.35, fontname=Helvetica, fontsize=11"
        + (f", label={_q(title)}, labelloc=t" if title else "")
        + "];",
        '  node [shape=box, style="rounded,filled", fontname=Helvetica, fontsize=10, margin="0.12,0.06"];',
        '  edge [fontname=Helvetica, fontsize=9, color="#555555", arrowsize=0.6];',
    ]
    for n in plan.root.walk():
        share = plan.share(n)
        lines.append(f"  n{n.node_id} [{_node_attrs(n, share, n.node_id in hot)}];")
    for n in plan.root.walk():
        for c in n.children:
            rows = "?" if c.actual_rows is None else f"{c.actual_rows:,.0f}"
            width = 1.0 + 3.0 * plan.share(c)
            lines.append(f"  n{c.node_id} -> n{n.node_id} [label={_q(rows + ' rows')}, penwidth={width:.2f}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _node_attrs(n: PlanNode, share: float, hot: bool) -> str:
    parts = [n.operator]
    if n.table:
        parts.append(n.table + (f" ({n.index})" if n.index else ""))
    elif n.index:
        parts.append(n.index)
    timing = f"{n.self_ms:.3f} ms ({share:.0%})" if n.self_ms is not None else "time n/a"
    parts.append(timing)
    est = "?" if n.estimated_rows is None else f"{n.estimated_rows:,.0f}"
    act = "?" if n.actual_rows is None else f"{n.actual_rows:,.0f}"
    parts.append(f"est {est} / actual {act}")
    # white -> red by time share (HSV: hue 0, saturation = share)
    fill = f"0.000 {min(share, 1.0) * 0.85:.3f} 1.000"
    size = 0.9 + 1.2 * share
    attrs = [
        f"label={_q(chr(10).join(parts))}",
        f'fillcolor="{fill}"',
        f"fontsize={10 + 6 * share:.1f}",
        f"width={size * 1.6:.2f}",
        f"height={size * 0.5:.2f}",
    ]
    if hot:
        attrs.append('color="#c00000", penwidth=2.5')
    return ", ".join(attrs)


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def plan_svg(plan: Plan, title: str | None = None, hot: set[int] | None = None) -> str | None:
    """The SVG text scaled to the panel it is shown in (``fit_svg``), or None when no graphviz
    renderer is installed."""
    from workbench.render.graphviz_run import RenderUnavailable, render

    try:
        svg = render(plan_dot(plan, title, hot), "svg").decode("utf-8")
    except RenderUnavailable:
        return None
    return fit_svg(svg)
