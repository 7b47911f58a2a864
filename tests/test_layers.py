"""The layers of docs/architecture.md hold: no import runs up the house, and no module imports itself in a circle.

The test reads the sources with ``ast`` (nothing is imported), so it sees every import: at the top,
inside functions (lazy imports), and under ``TYPE_CHECKING``. A lazy or type-only import still ties
two modules together, so it counts. Two modules in the same layer may import each other's package,
but never in a circle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "workbench"

# Lowest first. A module may import its own layer and the layers below it, never a layer above.
# Keep in step with the table in docs/architecture.md (test_doc_lists_every_layer checks it).
LAYERS: tuple[tuple[str, ...], ...] = (
    ("display", "progress", "collector"),
    ("diagnostics", "fsio", "fileset", "project"),
    ("ir",),
    ("dialects", "prisma"),
    ("db", "loaders"),
    ("lint", "emit", "seeding", "profile", "render", "migrate"),
    ("api",),
    ("notebook", "testing"),
    ("__init__", "__main__", "lab", "cli"),
)
RANK = {part: rank for rank, parts in enumerate(LAYERS) for part in parts}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path, known: set[str]) -> Iterator[tuple[str, int]]:
    """Every workbench module ``name`` imports, with the line: absolute and relative, lazy or typed."""
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".") if is_package else name.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base]) if base else ".".join(anchor)
            # `from pkg import mod` imports the module pkg.mod when there is one.
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target.startswith("workbench") and target != name:
                yield target, node.lineno


def _graph() -> dict[str, dict[str, int]]:
    modules = _modules()
    known = set(modules)
    return {name: dict(_imports(name, path, known)) for name, path in modules.items()}


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_every_package_has_a_layer() -> None:
    parts = {_part(m) for m in _modules()}
    assert sorted(parts - set(RANK)) == [], "give each new folder of workbench/ a layer in LAYERS and the doc"


def test_no_import_runs_up_the_layers() -> None:
    upward = []
    for module, targets in sorted(_graph().items()):
        for target, line in sorted(targets.items()):
            if RANK[_part(target)] > RANK[_part(module)]:
                path = _modules()[module].relative_to(PACKAGE.parent)
                upward.append(f"{path}:{line}: {module} imports {target} (layer {_part(target)} is above)")
    assert upward == [], "\n".join(upward)


def _cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative for deep graphs)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return sorted(found)


def test_no_import_cycle() -> None:
    graph = _graph()
    # A package's __init__ that re-exports its own modules is not a cycle with them: the modules
    # must not import their package's __init__ back, which the graph below still catches.
    cycles = _cycles(graph)
    assert cycles == [], "\n".join(" <-> ".join(c) for c in cycles)


def test_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1}, "d": {"a": 1}}
    assert _cycles(graph) == [["a", "b", "c"]]


@pytest.mark.parametrize("layer", [p for parts in LAYERS for p in parts])
def test_doc_lists_every_layer(layer: str) -> None:
    doc = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    names = [f"`{layer}/`", f"`{layer}.py`", f"`{layer}`"]
    assert any(n in doc for n in names), f"docs/architecture.md's layer table does not list {layer}"


FEATURES = set(LAYERS[5]) | {"loaders", "db", "dialects", "prisma", "ir", "diagnostics", "display"}


def test_features_never_unwrap_a_loaded_schema_by_hand() -> None:
    """Below ``api/`` nothing knows the user-facing wrapper: features take the IR (and ``sources=``),
    never "anything with a ``.schema``" (``getattr(x, "schema", x)`` hid a wrong argument until
    deep inside a feature)."""
    found = []
    for module, path in sorted(_modules().items()):
        if _part(module) not in FEATURES:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("getattr", "hasattr")
                and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant)
                and node.args[1].value in ("schema", "sources")
            ):
                found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
            if isinstance(node, ast.Name) and node.id == "LoadedSchema":
                found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: LoadedSchema")
    assert found == [], "\n".join(found)
