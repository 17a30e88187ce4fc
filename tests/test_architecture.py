"""The shape of the package: no import cycles, exit codes in one place, short pipeline functions.

These are read from the source with `ast`, so they hold for every import, at module
level or inside a function, except those under ``if TYPE_CHECKING:``.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "vendorrisk"
PIPELINE = ("screening",)
MAX_PIPELINE_FUNCTION_LINES = 40


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _runtime_nodes(tree: ast.AST):
    """Every node except those under ``if TYPE_CHECKING:``."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            stack.extend(node.orelse)
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


def imports_of(name: str) -> set[str]:
    """The vendorrisk modules `name` imports (a `from package import module` counts as the module)."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    found = set()
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
    return {m for m in found if m in MODULES and m != name}


def package_graph() -> dict[str, set[str]]:
    """Module -> the vendorrisk modules it imports."""
    graph = {m: imports_of(m) for m in MODULES}
    # NOTE: a package's __init__ is imported before any of its modules; that edge is no cycle.
    return {m: {d for d in deps if not m.startswith(d + ".")} for m, deps in graph.items()}


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan), as sorted names."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for dep in graph[node]:
            if dep not in index:
                visit(dep)
                low[node] = min(low[node], low[dep])
            elif dep in on_stack:
                low[node] = min(low[node], index[dep])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_no_import_cycles():
    assert find_cycles(package_graph()) == []


EXIT_CODE = re.compile(r"^\s*(EXIT_[A-Z_]+(\s*,\s*EXIT_[A-Z_]+)*)\s*=", re.MULTILINE)


def test_only_the_outcome_module_defines_exit_codes():
    defining = sorted(name for name, path in MODULES.items() if EXIT_CODE.search(path.read_text(encoding="utf-8")))
    assert defining == ["vendorrisk.screening.outcome"]


def pipeline_functions():
    for name, path in MODULES.items():
        if name.split(".")[1:2] and name.split(".")[1] in PIPELINE:
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    yield f"{name}.{node.name}", node.end_lineno - node.lineno + 1


def test_no_pipeline_function_is_longer_than_40_lines():
    long = {name: size for name, size in pipeline_functions() if size > MAX_PIPELINE_FUNCTION_LINES}
    assert long == {}


def test_the_checks_can_fail():
    """The cycle finder sees a cycle, and the exit-code pattern matches a definition."""
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert EXIT_CODE.search("EXIT_CLEAN, EXIT_FINDINGS = 0, 1\n")
    assert not EXIT_CODE.search("sys.exit(EXIT_CLEAN)\n")
    assert any(size > 0 for _, size in pipeline_functions())


@pytest.mark.parametrize("module", ["vendorrisk.lists.store", "vendorrisk.screening.screener"])
def test_the_import_reader_sees_real_imports(module):
    assert imports_of(module), f"{module} imports nothing from vendorrisk?"
