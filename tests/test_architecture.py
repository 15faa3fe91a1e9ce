"""The architecture, checked: the layering of the apps, no import loops, no app using another
app's private names, views reading tenant data only through selectors, and imports at the top.

See docs/architecture.md. Each rule reads the source (ast), so a break names the file and line.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Lower layers never import higher ones. Apps on one layer may use each other, without loops.
LAYERS = {
    "core": 0,
    "exports": 1,  # the documents toolkit: knows no domain
    "accounts": 2,
    "api": 3,  # the API toolkit (errors, schemas, auth, prechecks); composed in config/api.py
    "notifications": 3,  # notify(): every module tells people the same way
    "organisations": 4,
    "programmes": 5,
    "scans": 5,
    "meldpunt": 5,
    "catalogue": 5,
    "bibob": 5,
    "awareness": 5,
    "newsletters": 5,  # reads the others' selectors; mail beyond the platform
    "insights": 6,
    "config": 7,
}

# Shared reference data, the same for every tenant: a view may read it directly.
REFERENCE_MODELS = {
    "Framework",  # a norm framework (published, used by every partnership)
    "Norm",  # a norm of a framework
    "InterventionType",  # the meldpunt's list of intervention kinds
}


@dataclass(frozen=True)
class Import:
    source: Path
    line: int
    module: str
    names: tuple[str, ...]
    top_level: bool
    type_only: bool


def _sources() -> list[Path]:
    files = [*(ROOT / "dijkwacht").rglob("*.py"), *(ROOT / "config").rglob("*.py")]
    return sorted(f for f in files if "tests" not in f.parts and "migrations" not in f.parts)


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] == "config":
        return "config"
    if parts[0] == "dijkwacht" and len(parts) > 1:
        return parts[1]
    return None


def _imports(path: Path) -> list[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    type_only_lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            type_only_lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    top = {id(node) for node in tree.body}
    top.update(id(child) for node in tree.body if isinstance(node, ast.If) for child in node.body)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            module, names = node.module, tuple(a.name for a in node.names)
        elif isinstance(node, ast.Import):
            module, names = node.names[0].name, ()
        else:
            continue
        if _layer_of(module) is None:
            continue
        found.append(
            Import(path, node.lineno, module, names, id(node) in top,
                   node.lineno in type_only_lines)
        )  # fmt: skip
    return found


ALL = [imp for path in _sources() for imp in _imports(path)]


def test_no_app_imports_a_higher_layer():
    upward = []
    for imp in ALL:
        mine, theirs = _layer_of(_module_name(imp.source)), _layer_of(imp.module)
        assert mine in LAYERS, f"{mine} has no layer in LAYERS"
        assert theirs in LAYERS, f"{theirs} has no layer in LAYERS"
        if LAYERS[theirs] > LAYERS[mine]:
            upward.append(f"{imp.source.relative_to(ROOT)}:{imp.line} {mine} → {theirs}")
    assert not upward, "imports running up the layers:\n" + "\n".join(upward)


def test_newsletters_read_nothing_of_the_meldpunt_or_the_bibob_register():
    """A newsletter is mailed beyond the platform: what its draft is written from never
    includes meldpunt or Bibob content, because the app cannot reach it."""
    reached = [
        f"{imp.source.relative_to(ROOT)}:{imp.line} {imp.module}"
        for imp in ALL
        if _layer_of(_module_name(imp.source)) == "newsletters"
        and _layer_of(imp.module) in {"meldpunt", "bibob", "insights"}
    ]
    assert not reached, "newsletters reach the meldpunt or Bibob:\n" + "\n".join(reached)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one member (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
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

    for node in list(graph):
        if node not in index:
            visit(node)
    return found


def test_apps_on_one_layer_use_each_other_without_a_loop():
    graph: dict[str, set[str]] = defaultdict(set)
    for imp in ALL:
        mine, theirs = _layer_of(_module_name(imp.source)), _layer_of(imp.module)
        if mine != theirs and mine is not None and theirs is not None:
            graph[mine].add(theirs)
    assert not _cycles(graph), f"apps importing each other: {_cycles(graph)}"


def test_no_import_loop_between_modules():
    known = {_module_name(path) for path in _sources()}
    graph: dict[str, set[str]] = defaultdict(set)
    for imp in ALL:
        targets = [imp.module, *(f"{imp.module}.{name}" for name in imp.names)]
        for target in targets:
            if target in known:
                graph[_module_name(imp.source)].add(target)
    assert not _cycles(graph), f"modules importing each other: {_cycles(graph)}"


def test_no_app_imports_another_apps_private_names():
    private = [
        f"{imp.source.relative_to(ROOT)}:{imp.line} {imp.module} {name}"
        for imp in ALL
        for name in imp.names
        if name.startswith("_") and _layer_of(imp.module) != _layer_of(_module_name(imp.source))
    ]
    assert not private, "private names used across apps:\n" + "\n".join(private)


# Loaded only where a document is made or a map file read: each costs a quarter to one and a
# half second to import (shapely and pyproj bring numpy).
HEAVY_LIBRARIES = {"docx", "openpyxl", "pypdfium2", "weasyprint", "shapely", "pyproj"}


def test_imports_are_at_the_top():
    """Inside a function only an AppConfig's ready() imports (Django's rule for apps.py), and
    the heavy document libraries are imported where a document is made."""
    inside = []
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = {id(node) for node in tree.body}
        top.update(
            id(child) for node in tree.body if isinstance(node, ast.If) for child in node.body
        )
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom) or id(node) in top:
                continue
            module = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
            if path.name == "apps.py" or (module or "").split(".")[0] in HEAVY_LIBRARIES:
                continue
            inside.append(f"{path.relative_to(ROOT)}:{node.lineno} {module}")
    assert not inside, "imports inside functions:\n" + "\n".join(inside)


def _view_modules() -> list[Path]:
    return [
        path
        for path in _sources()
        if path.name in {"views.py", "api.py", "api_public.py"} or path.parent.name == "views"
    ]


def _our_models() -> set[str]:
    names = set()
    for path in (ROOT / "dijkwacht").glob("*/models.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef):
                names.add(node.name)
    return names


def test_views_read_tenant_data_only_through_selectors():
    """A view or API operation never calls a model's manager for tenant data: it asks a
    selector (`get_<thing>_for`, a list selector), which scopes with `visible_to(access)`."""
    models = _our_models() - REFERENCE_MODELS
    direct = []
    for path in _view_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in {"objects", "_default_manager", "_base_manager"}
                and isinstance(node.value, ast.Name)
                and node.value.id in models
            ):
                direct.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value.id}")
    assert not direct, "views using a manager for tenant data:\n" + "\n".join(direct)


def test_every_tenant_model_with_a_scope_takes_access():
    """`visible_to` takes the precomputed grants (`Access`), never the user."""
    wrong = []
    for path in (ROOT / "dijkwacht").glob("*/models.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name == "visible_to":
                argument = node.args.args[1]
                annotation = ast.unparse(argument.annotation) if argument.annotation else ""
                if argument.arg != "access" or annotation != "Access":
                    wrong.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not wrong, "visible_to not taking `access: Access`:\n" + "\n".join(wrong)


def test_no_two_api_schemas_share_a_name():
    """Django Ninja names an OpenAPI component after its class: two schemas of one name in
    different apps end up as one in the document, and one operation answers with the other's
    fields. The same name is only safe for the same fields."""
    shapes: dict[str, dict[tuple[str, ...], list[str]]] = {}
    for path in sorted(Path("dijkwacht").glob("*/api*.py")):
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.ClassDef):
                fields = tuple(
                    item.target.id
                    for item in node.body
                    if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)
                )
                shapes.setdefault(node.name, {}).setdefault(fields, []).append(str(path))
    assert {name: shape for name, shape in shapes.items() if len(shape) > 1} == {}
