"""The one-way order between the areas (README, "Layout"), read from the code with `ast`.

An area may import the kernel, its own modules and the areas below it; never an area above
it or one beside it. The kernel imports only the kernel. The wiring (create_app, templating,
the CLI, the demo) may import anything. And no two modules import each other, directly or
round a circle, even from inside a function.
"""

import ast
from pathlib import Path

import pytest

from webapp.config import ROOT

KERNEL = {
    "audit",
    "clock",
    "config",
    "converters",
    "errors",
    "extensions",
    "forms",
    "htmx",
    "i18n",
    "security",
    "taskqueue",
}
# Lowest first; areas on one line stand beside each other and do not import each other.
ORDER = [
    ("schedule", "pwa"),
    ("accounts",),
    ("helpdesk",),
    ("notifications",),
    ("planning",),
    ("reports", "admin"),
]
WIRING = {"__init__", "templating", "cli", "demo", "demo_last_year"}
LEVEL = {area: level for level, areas in enumerate(ORDER) for area in areas}
PACKAGE = ROOT / "webapp"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every `webapp` import in the file, wherever it is written."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for alias in node.names:
                # `from webapp import audit` imports the module webapp.audit.
                submodule = f"{node.module}.{alias.name}"
                found.append((node.lineno, submodule if submodule in MODULES else node.module))
    return [(line, name) for line, name in found if name.split(".")[0] == "webapp"]


def part_of(module: str) -> str:
    """The area (or kernel module, or wiring module) a module belongs to."""
    parts = module.split(".")
    return "__init__" if len(parts) == 1 else parts[1]


def may_import(importer: str, imported: str) -> bool:
    if importer == imported or importer in WIRING:
        return True
    if importer in KERNEL:
        return imported in KERNEL
    if imported in KERNEL:
        return True
    if importer not in LEVEL or imported not in LEVEL:
        return False  # a new area or module: give it a place in ORDER or KERNEL first
    return LEVEL[imported] < LEVEL[importer]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_follow_the_order(module):
    importer = part_of(module)
    wrong = [
        f"line {line}: {name}"
        for line, name in imported_modules(MODULES[module])
        if not may_import(importer, part_of(name))
    ]
    assert not wrong, f"{module} ({importer}) imports against the order: {wrong}"


def test_every_part_has_a_place():
    parts = {part_of(module) for module in MODULES}
    assert parts <= KERNEL | set(LEVEL) | WIRING, parts - (KERNEL | set(LEVEL) | WIRING)


def own_blueprint(module: str, target: str) -> bool:
    """An area's package (__init__: its blueprint) importing its own views at the end, as
    Flask's "large applications as packages" pattern does: the one circle allowed."""
    return module == part_of_package(target) and MODULES[module].name == "__init__.py"


def part_of_package(module: str) -> str:
    return module.rsplit(".", 1)[0]


def test_no_import_cycles():
    graph = {
        module: {
            name
            for _line, name in imported_modules(path)
            if name in MODULES and not own_blueprint(module, name)
        }
        for module, path in MODULES.items()
    }
    cycles = []

    def visit(module, trail):
        for target in sorted(graph[module]):
            if target in trail:
                cycles.append(trail[trail.index(target) :] + [target])
            elif target not in done:
                visit(target, trail + [target])
        done.add(module)

    done: set[str] = set()
    for module in sorted(graph):
        if module not in done:
            visit(module, [module])
    assert not cycles, cycles


def test_the_check_sees_an_upward_import(tmp_path):
    """The order test itself can fail: an import from schedule up into helpdesk is caught."""
    module = tmp_path / "views.py"
    module.write_text("from webapp.helpdesk.queue import queue_of\n")
    imports = imported_modules(module)
    assert imports == [(1, "webapp.helpdesk.queue")]
    assert not may_import("schedule", part_of(imports[0][1]))
    assert may_import("reports", part_of(imports[0][1]))


VIEW_DECORATORS = {"get", "post", "put", "delete", "route"}
LONGEST_VIEW = 25


def views_in(path: Path):
    """(name, lines) of every function routed with @bp.get/post/route, decorators excluded."""
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.FunctionDef) and any(
            isinstance(decorator, ast.Call)
            and isinstance(decorator.func, ast.Attribute)
            and decorator.func.attr in VIEW_DECORATORS
            for decorator in node.decorator_list
        ):
            yield node.name, node.end_lineno - node.lineno + 1


def test_views_are_thin():
    """Load, check, one verb, render: no view longer than 25 lines (README, "Layout")."""
    long_views = {
        f"{module}:{name}": lines
        for module, path in MODULES.items()
        for name, lines in views_in(path)
        if lines > LONGEST_VIEW
    }
    assert long_views == {}
