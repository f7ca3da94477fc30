"""The import graph of egov/ (built with ast): no cycle among modules, no import inside a function in the
read layer (filters, read_cache, reads/, display/, shell), only the pages and the entry script import
the app shell; and each module imports first in a fresh interpreter."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# The imports of the shell outside pages/ and dashboard.py: paging draws a page's drill-down list (and
# keeps the global URL parameters in its links); export.period_note asks the shell for the session's
# filters (the shell no longer imports export: the app's CSS is egov/app_style.py).
SHELL_IMPORTERS_LEFT = {"egov.paging", "egov.export"}
READ_LAYER = ("egov.filters", "egov.read_cache", "egov.shell", "egov.reads", "egov.display")


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module(p): p for p in sorted((ROOT / "egov").rglob("*.py"))}


def _imports(path: Path, known: set[str]) -> set[tuple[str, bool]]:
    """(egov module imported, at module level?) for every import statement of the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = set(map(id, tree.body))
    found = set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from egov import shell` names a module; `from egov.filters import Filters` the module itself
            names = [f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in known else node.module
                     for a in node.names]
        found |= {(n, id(node) in top) for n in names if n in known}
    return found


def _graph(module_level_only: bool = False) -> dict[str, set[str]]:
    mods = _modules()
    graph = {}
    for name, path in mods.items():
        edges = {m for m, top in _imports(path, set(mods)) if top or not module_level_only}
        graph[name] = edges - {name}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n):
        state[n] = 1
        stack.append(n)
        for m in sorted(graph.get(n, ())):
            if state.get(m) == 1:
                return stack[stack.index(m):] + [m]
            if m not in state and (found := visit(m)):
                return found
        state[n] = 2
        stack.pop()
        return None

    for n in sorted(graph):
        if n not in state and (found := visit(n)):
            return found
    return None


def test_the_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_egov_has_no_import_cycle():
    graph = _graph(module_level_only=True)
    assert _cycle(graph) is None, " -> ".join(_cycle(graph))


def test_the_read_layer_imports_nothing_inside_a_function():
    """No function-local import in the read layer: nothing there dodges a cycle."""
    mods = _modules()
    for name, path in mods.items():
        if name.startswith(READ_LAYER):
            assert not [m for m, top in _imports(path, set(mods)) if not top], name


def test_only_pages_and_the_entry_script_import_the_shell():
    importers = {m for m, edges in _graph().items() if "egov.shell" in edges}
    assert importers == SHELL_IMPORTERS_LEFT
    known = set(_modules())
    for path in [ROOT / "dashboard.py", *(ROOT / "pages").glob("*.py")]:
        assert "egov.shell" in {m for m, _ in _imports(path, known)}, path


def test_the_read_layer_imports_no_display_and_no_shell():
    """reads and their door know nothing of the display tables, the language or the app shell."""
    graph = _graph()
    low = [m for m in graph if m.startswith("egov.reads.") or m in ("egov.read_cache", "egov.filters")]
    for m in low:
        assert not {e for e in graph[m] if e.startswith("egov.display") or e in ("egov.shell", "egov.i18n")}, m


def test_each_module_imports_first():
    """Each module imported first (no egov module loaded before it), in a fresh interpreter: no import
    order makes it work by luck."""
    mods = sorted(m for m in _modules() if m != "egov.__main__")
    script = ("import importlib, sys\n"
              "for m in sys.argv[1:]:\n"
              "    for k in [k for k in sys.modules if k == 'egov' or k.startswith('egov.')]:\n"
              "        del sys.modules[k]\n"
              "    importlib.import_module(m)\n")
    r = subprocess.run([sys.executable, "-c", script, *mods], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
