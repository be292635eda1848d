"""The import graph of audit/: no import circle (counting imports inside functions), no
audit-internal import hidden inside a function, and the audit never importing glossary
authoring (issue 13; docs/architecture.md, "Where things live").

Each module under audit/ is parsed with `ast` (nothing is imported). An edge A → B is any
import statement in A that names module B: `import a.b`, `from a import b` (the module a.b
when it is one, else a), relative imports resolved. Imports under `if TYPE_CHECKING:` never
run and are not edges. Circles are the strongly connected groups of that graph.

Allowed for good: a CLI command importing the auditor inside the command (start-up), and
third-party imports, which this test does not look at (heavy optional ones stay inside
functions with a comment). Work on breaking circles lands piece by piece, so the two lists
below are a RATCHET: they hold the circles and function-level imports known today, and the
test fails when a new one appears AND when a listed one has gone (delete it from the list:
the list only shrinks).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "audit"


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    target: str  # the audit module it names
    line: int
    in_function: bool


def module_names() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The audit module `name` is, or the nearest package above it that is one."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imports_of(module: str, path: Path, modules: dict[str, Path]) -> list[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[Import] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking(child):
                for grandchild in child.orelse:
                    visit_one(grandchild, in_function)
                continue
            visit_one(child, in_function)

    def visit_one(node: ast.AST, in_function: bool) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name, node, in_function)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")
                up = up[: len(up) - node.level + 1]
                base = ".".join(up + ([base] if base else []))
            for alias in node.names:
                add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base, node, in_function)
        else:
            inner = in_function or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(node, ast.If) and _type_checking(node):
                for child in node.orelse:
                    visit_one(child, inner)
                return
            visit(node, inner)

    def add(name: str, node: ast.stmt, in_function: bool) -> None:
        target = _resolve(name, modules)
        if target is not None and target != module:
            found.append(Import(module, target, node.lineno, in_function))

    visit(tree, False)
    return found


def all_imports() -> list[Import]:
    modules = module_names()
    return [imp for module, path in modules.items() for imp in imports_of(module, path, modules)]


def circles(imports: list[Import]) -> list[frozenset[str]]:
    """The strongly connected groups of two or more modules (Tarjan, iterative)."""
    graph: dict[str, set[str]] = {}
    for imp in imports:
        graph.setdefault(imp.module, set()).add(imp.target)
        graph.setdefault(imp.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[frozenset[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, edges = work[-1]
            for nxt in edges:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(graph[nxt]))))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.add(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        groups.append(frozenset(group))
    return groups


# --- the allowlist ------------------------------------------------------------------------------

# Permanent. A CLI module imports the machinery a command runs inside that command: every `tqa`
# run imports the CLI, and `tqa --help`, completion and a usage error must not load the auditor
# (audit/cli/__init__.py's lazy groups load a command's module only when it is used). Imports
# between CLI modules are not covered: those go at the top.
def lazy_by_design(imp: Import) -> bool:
    return imp.module.startswith("audit.cli") and not imp.target.startswith("audit.cli")


# Ratchet: the import circles known today (each the set of its modules). None: keep it so.
KNOWN_CIRCLES: list[set[str]] = []

# Ratchet: audit-internal imports still inside functions, importing module → imported modules.
# Each one hides a circle that was, or delays a module for start-up; move it to the top (or the
# code to where it belongs) and delete it here.
KNOWN_FUNCTION_IMPORTS: dict[str, set[str]] = {
}


def _where(imports: list[Import], pairs) -> str:
    modules = module_names()
    return "\n".join(f"  {modules[i.module].relative_to(ROOT)}:{i.line}: {i.module} imports {i.target}"
                     for i in imports if (i.module, i.target) in pairs)


def shortest_cycle(group: frozenset[str], imports: list[Import]) -> list[Import]:
    """One shortest circle through the group's first module, as the import statements that make it."""
    edges: dict[str, dict[str, Import]] = {}
    for imp in imports:
        if imp.module in group and imp.target in group:
            edges.setdefault(imp.module, {}).setdefault(imp.target, imp)
    start = min(group)
    came: dict[str, Import] = {}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for target, imp in sorted(edges.get(node, {}).items()):
            if target == start:
                path = [imp]
                while path[0].module != start:
                    path.insert(0, came[path[0].module])
                return path
            if target not in came:
                came[target] = imp
                queue.append(target)
    return []


def test_no_new_import_circle():
    imports = all_imports()
    modules = module_names()
    new = [g for g in circles(imports) if set(g) not in KNOWN_CIRCLES]
    assert not new, "import circles (counting imports inside functions), one path through each:\n" + "\n".join(
        f"  {len(g)} modules: {', '.join(sorted(g))}\n" + "\n".join(
            f"    {modules[i.module].relative_to(ROOT)}:{i.line}: {i.module} imports {i.target}"
            + (" (inside a function)" if i.in_function else "") for i in shortest_cycle(g, imports))
        for g in new)


def test_known_circles_are_still_there():
    found = [set(g) for g in circles(all_imports())]
    gone = [sorted(g) for g in KNOWN_CIRCLES if g not in found]
    assert not gone, f"no longer a circle, delete it from KNOWN_CIRCLES in {Path(__file__).name}: {gone}"


def test_no_new_import_inside_a_function():
    imports = [i for i in all_imports() if i.in_function and not lazy_by_design(i)]
    new = {(i.module, i.target) for i in imports if i.target not in KNOWN_FUNCTION_IMPORTS.get(i.module, ())}
    assert not new, ("audit-internal imports inside functions (put them at the module's top; a circle that "
                     "forces one is the thing to fix):\n" + _where(imports, new))


def test_known_imports_inside_functions_are_still_there():
    found = {(i.module, i.target) for i in all_imports() if i.in_function}
    gone = sorted((m, t) for m, targets in KNOWN_FUNCTION_IMPORTS.items() for t in targets if (m, t) not in found)
    assert not gone, f"now at the top or gone, delete from KNOWN_FUNCTION_IMPORTS in {Path(__file__).name}: {gone}"


def test_the_audit_never_imports_glossary_authoring():
    """glossary/authoring is for people keeping the glossary (tqa glossary ...); the audit reads
    the glossary through glossary.model, load and index alone."""
    outside = [i for i in all_imports() if i.target.startswith("audit.glossary.authoring")
               and not i.module.startswith(("audit.glossary.authoring", "audit.cli"))]
    assert not outside, _where(outside, {(i.module, i.target) for i in outside})


def test_no_private_name_crosses_a_module():
    """A module's `_private` names are its own: what another module needs is public (or moved to
    where both can reach it), so a private helper can change without breaking a stranger."""
    crossing = []
    for name, path in module_names().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and not node.level and (node.module or "").split(".")[0] == "audit":
                crossing += [f"  {path.relative_to(ROOT)}:{node.lineno}: {a.name} from {node.module}"
                             for a in node.names if a.name.startswith("_") and not a.name.startswith("__")]
            elif isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__") \
                    and isinstance(node.value, ast.Name) and node.value.id in _module_aliases(path):
                crossing.append(f"  {path.relative_to(ROOT)}:{node.lineno}: {node.value.id}.{node.attr}")
    assert not crossing, "private names used outside their module:\n" + "\n".join(crossing)


def _module_aliases(path: Path) -> set[str]:
    """Names bound to audit modules in `path` (`from audit import gate`, `import audit.x as y`)."""
    modules = module_names()
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and not node.level and (node.module or "").split(".")[0] == "audit":
            out |= {a.asname or a.name for a in node.names if f"{node.module}.{a.name}" in modules}
        elif isinstance(node, ast.Import):
            out |= {a.asname for a in node.names if a.asname and a.name in modules}
    return out


# --- the checker itself ---------------------------------------------------------------------------


def test_circles_are_found_through_function_level_imports():
    imports = [Import("a", "b", 1, False), Import("b", "c", 1, True), Import("c", "a", 1, False),
               Import("c", "d", 1, False), Import("d", "e", 1, True), Import("e", "d", 1, False)]
    assert sorted(sorted(g) for g in circles(imports)) == [["a", "b", "c"], ["d", "e"]]
    assert circles([Import("a", "b", 1, False), Import("b", "c", 1, False)]) == []


def test_imports_are_read_as_python_resolves_them(tmp_path):
    pkg = tmp_path / "audit" / "sub"
    pkg.mkdir(parents=True)
    source = pkg / "mod.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "from audit import model\n"            # a submodule named through its package: audit.model
        "from audit.sub import helper\n"       # a name, not a module: the package audit.sub
        "from . import other\n"                # relative: audit.sub.other
        "import audit.errors as e\n"
        "if TYPE_CHECKING:\n"
        "    from audit import pipeline\n"     # never runs: no edge
        "def f():\n"
        "    from ..errors import DataError\n" # inside a function
        "    import json\n",                   # not an audit module
        encoding="utf-8")
    modules = {name: tmp_path / "x.py" for name in
               ("audit", "audit.model", "audit.sub", "audit.sub.other", "audit.sub.mod", "audit.errors", "audit.pipeline")}
    modules["audit.sub.mod"] = source
    found = {(i.target, i.in_function) for i in imports_of("audit.sub.mod", source, modules)}
    assert found == {("audit.model", False), ("audit.sub", False), ("audit.sub.other", False),
                     ("audit.errors", False), ("audit.errors", True)}


def test_the_whole_package_is_read():
    modules = module_names()
    assert "audit.pipeline" in modules and "audit.glossary.authoring.edit" in modules
    edges = {(i.module, i.target) for i in all_imports()}
    assert ("audit.glossary.load", "audit.glossary.model") in edges
