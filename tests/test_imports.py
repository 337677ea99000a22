"""The import graph of src/releasegate: no module imports itself back through others."""

from __future__ import annotations

import ast
from pathlib import Path

import tomlkit

import releasegate
from releasegate.commands import COMMAND_NAMES

SRC = Path(releasegate.__file__).parent


def _module(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(tree: ast.AST) -> set[str]:
    """Modules named by every import, in functions too; ``if TYPE_CHECKING:`` blocks aside."""
    found: set[str] = set()
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                found |= _imports(child)
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        found |= _imports(node)
    return found


def import_graph() -> dict[str, set[str]]:
    """Module -> the releasegate modules it imports at run time.

    A family's members may import the family's ``__init__`` (its interface and registry, as
    STYLE.md §1 lays families out), which imports them back; that loop is left out.
    """
    paths = {_module(p): p for p in SRC.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        targets = _imports(ast.parse(path.read_text(encoding="utf-8"))) & paths.keys()
        graph[name] = {t for t in targets if not name.startswith(f"{t}.")}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of ``graph`` as a path that ends where it starts, or None."""
    done: set[str] = set()
    for start in sorted(graph):
        stack: list[tuple[str, list[str]]] = [(start, sorted(graph[start]))]
        on_path = [start]
        while stack:
            node, todo = stack[-1]
            if not todo:
                stack.pop()
                on_path.pop()
                done.add(node)
                continue
            nxt = todo.pop()
            if nxt in on_path:
                return [*on_path[on_path.index(nxt) :], nxt]
            if nxt not in done:
                stack.append((nxt, sorted(graph[nxt])))
                on_path.append(nxt)
    return None


def test_finds_a_cycle_hidden_in_a_function() -> None:
    """The checker itself: an import inside a function that closes a loop is reported."""
    caller = ast.parse("import releasegate.b\n")
    callee = ast.parse("def f():\n    from releasegate import a\n")
    graph = {
        "releasegate.a": _imports(caller) & {"releasegate.b"},
        "releasegate.b": _imports(callee) & {"releasegate.a"},
    }
    assert find_cycle(graph) == ["releasegate.a", "releasegate.b", "releasegate.a"]


def test_no_import_cycles() -> None:
    """No module of releasegate imports itself back, not even through a deferred import."""
    assert find_cycle(import_graph()) is None


def test_no_command_imports_another_command() -> None:
    """A command module imports library modules, never another command (shared code is library)."""
    graph = import_graph()
    commands = {
        name
        for name in graph
        if name.startswith("releasegate.commands.") and not name.rpartition(".")[2].startswith("_")
    }
    crossings = sorted((c, t) for c in commands for t in graph[c] & commands)
    assert crossings == []


def test_import_contract_lists_every_command() -> None:
    """The import contract of commands names every command, so a new one is checked too."""
    pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
    contracts = tomlkit.parse(pyproject.read_text(encoding="utf-8"))["tool"]["importlinter"]
    (independence,) = [c for c in contracts["contracts"] if c["id"] == "commands"]
    expected = {f"releasegate.commands.{n.replace('-', '_')}" for n in COMMAND_NAMES}
    assert set(independence["modules"]) == expected
