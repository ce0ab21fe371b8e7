"""The layout's rules, checked from the import graph so they stay true.

Every ``import``/``from ... import`` in newsmon/ and pipelines/ counts, including those
inside functions: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, name: str) -> set[str]:
    """Modules of ours that ``path`` imports (``from pkg import mod`` resolves to ``pkg.mod`` when that is a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return {m for m in found if m.split(".")[0] in ("newsmon", "pipelines")}


def _graph() -> dict[str, set[str]]:
    files = [p for top in ("newsmon", "pipelines") for p in (ROOT / top).rglob("*.py") if "migrations" not in p.parts]
    names = {_module_name(p): p for p in files}
    return {name: {m for m in _imports(path, name) if m in names and m != name} for name, path in names.items()}


GRAPH = _graph()


def _under(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_the_graph_sees_the_packages() -> None:
    # A broken walker would pass every rule below vacuously.
    assert "newsmon.pages.extract" in GRAPH and "pipelines.store" in GRAPH
    assert "newsmon.store.models" in GRAPH["newsmon.events.record"]


def test_pages_is_pure_and_self_contained() -> None:
    bad = {m: sorted(d for d in deps if not _under(d, "newsmon.pages") and d != "newsmon")
           for m, deps in GRAPH.items() if _under(m, "newsmon.pages")}
    assert {m: d for m, d in bad.items() if d} == {}


def test_spiders_do_not_touch_the_store() -> None:
    bad = {m: sorted(d for d in deps if _under(d, "newsmon.store") or d == "newsmon.app")
           for m, deps in GRAPH.items() if _under(m, "newsmon.crawl.spiders")}
    assert {m: d for m, d in bad.items() if d} == {}


@pytest.mark.parametrize("forbidden", ["newsmon.crawl", "newsmon.cli", "pipelines"])
def test_store_does_not_reach_up(forbidden: str) -> None:
    bad = {m: sorted(d for d in deps if _under(d, forbidden))
           for m, deps in GRAPH.items() if _under(m, "newsmon.store")}
    assert {m: d for m, d in bad.items() if d} == {}


def test_only_main_imports_the_cli() -> None:
    importers = sorted(m for m, deps in GRAPH.items()
                       if not _under(m, "newsmon.cli") and any(_under(d, "newsmon.cli") for d in deps))
    assert importers == ["newsmon.__main__"]


def test_no_import_cycles() -> None:
    # Package __init__ files that only re-export are edges too; a cycle through them is still a cycle.
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for dep in sorted(GRAPH[node]):
            if state.get(dep) == 1:
                cycles.append(stack[stack.index(dep):] + [dep])
            elif dep not in state:
                visit(dep)
        stack.pop()
        state[node] = 2

    for node in sorted(GRAPH):
        if node not in state:
            visit(node)
    assert cycles == []


def test_no_module_grows_past_its_concern() -> None:
    # About 400 lines per module; the exceptions name the one concern that needs more.
    allowed = {}
    sizes = {m: len(p.read_text(encoding="utf-8").splitlines())
             for top in ("newsmon", "pipelines") for p in (ROOT / top).rglob("*.py")
             if "migrations" not in p.parts for m in [_module_name(p)]}
    assert {m: n for m, n in sizes.items() if n > allowed.get(m, 450)} == {}
