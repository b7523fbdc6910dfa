"""The apps form floors and imports only go down: core ← accounts ← contest ← judging ← demo.

Sources are parsed, never imported, so an upward import hidden in a function body (a
deferred import) counts as much as one at the top of a module.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Each app and the apps it may import besides itself; no app but demo may import demo.
FLOORS = {
    "core": frozenset(),
    "accounts": frozenset({"core"}),
    "contest": frozenset({"core", "accounts"}),
    "judging": frozenset({"core", "accounts", "contest"}),
    "demo": frozenset({"core", "accounts", "contest", "judging"}),
}

# Circular imports that exist today, each as the set of modules importing one another.
# The list is exact: a new cycle fails, and so does an entry here once its cycle is gone,
# so the list only shrinks. A service and its own task module (contest.services.x and
# contest.tasks.x) may import each other and need no entry: the service queues the task,
# the task calls the service.
KNOWN_CYCLES: frozenset[frozenset[str]] = frozenset()


def module_name(relative: Path) -> str:
    parts = list(relative.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_files() -> Iterator[Path]:
    """Every Python file of the apps, relative to the project root, migrations excepted."""
    for app in FLOORS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "migrations" not in relative.parts:
                yield relative


def imports(source: str, relative: Path) -> Iterator[tuple[int, str, tuple[str, ...]]]:
    """``(line, module, names)`` for every import statement, relative ones made absolute.

    ``names`` are the names of a ``from module import names`` (any of them may be a
    submodule); a plain ``import module`` has none.
    """
    module = module_name(relative)
    package = module if relative.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source, filename=str(relative))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, ()
        elif isinstance(node, ast.ImportFrom):
            target = node.module or ""
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([target] if target else []))
            yield node.lineno, target, tuple(alias.name for alias in node.names)


def floor_violations(source: str, relative: Path) -> list[str]:
    """``file:line imports module`` for each import of an app above the file's own."""
    app = relative.parts[0]
    allowed = FLOORS[app] | {app}
    return [
        f"{relative.as_posix()}:{line} imports {target}"
        for line, target, _ in imports(source, relative)
        if target.split(".")[0] in FLOORS and target.split(".")[0] not in allowed
    ]


def import_graph(sources: dict[Path, str]) -> dict[str, set[str]]:
    """Module → the app modules it imports; ``from package import submodule`` points at
    the submodule, any other name at the module it comes from.

    Only import statements make edges, not the parent packages Python also runs: a
    ``tasks/__init__.py`` importing its task modules for the worker would otherwise join
    every service that queues a task into one cycle with the package.
    """
    modules = {module_name(relative) for relative in sources}
    graph: dict[str, set[str]] = {module: set() for module in modules}
    for relative, source in sources.items():
        module = module_name(relative)
        for _, target, names in imports(source, relative):
            targets = [f"{target}.{name}" for name in names if f"{target}.{name}" in modules]
            if len(targets) < len(names) or not names:
                targets.append(target)
            graph[module].update(t for t in targets if t in modules and t != module)
    return graph


def cycles(graph: dict[str, set[str]]) -> set[frozenset[str]]:
    """The groups of two or more modules that reach one another (strongly connected
    components, Tarjan's algorithm, iterative so deep chains need no recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: set[frozenset[str]] = set()
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.add(frozenset(component))
    return found


def is_service_and_its_task(cycle: frozenset[str]) -> bool:
    if len(cycle) != 2:
        return False
    first, second = sorted(cycle)
    app, _, rest = first.partition(".services.")
    return bool(rest) and second == f"{app}.tasks.{rest}"


def describe(cycle: frozenset[str]) -> str:
    return " ↔ ".join(sorted(cycle))


@pytest.fixture(scope="module")
def sources() -> dict[Path, str]:
    return {relative: (ROOT / relative).read_text(encoding="utf-8") for relative in source_files()}


def test_floors_no_app_imports_an_app_above_it(sources):
    violations = [
        violation
        for relative, source in sources.items()
        for violation in floor_violations(source, relative)
    ]

    assert violations == []


def test_floors_check_catches_a_deferred_upward_import():
    source = "def forget(user):\n    from judging.models import Juror\n    return Juror\n"

    assert floor_violations(source, Path("accounts/x.py")) == [
        "accounts/x.py:2 imports judging.models",
    ]


def test_imports_relative_ones_are_made_absolute():
    source = "from . import serializers\nfrom ..models import Entry\nfrom .uploads.tus import x\n"

    assert list(imports(source, Path("contest/api/views.py"))) == [
        (1, "contest.api", ("serializers",)),
        (2, "contest.models", ("Entry",)),
        (3, "contest.api.uploads.tus", ("x",)),
    ]


def test_imports_relative_ones_in_a_package_start_from_the_package():
    assert list(imports("from .rounds import Round\n", Path("judging/models/__init__.py"))) == [
        (1, "judging.models.rounds", ("Round",)),
    ]


def test_floors_check_refuses_demo_below_demo():
    assert floor_violations("import demo.contests\n", Path("judging/x.py")) == [
        "judging/x.py:1 imports demo.contests",
    ]


def test_floors_check_lets_an_app_import_below_and_itself():
    source = "from core.errors import E\nfrom accounts.models import User\nimport contest.enums\n"

    assert floor_violations(source, Path("contest/x.py")) == []


def test_cycles_none_but_a_service_and_its_task_or_known(sources):
    found = cycles(import_graph(sources))
    new = sorted(describe(c) for c in found - KNOWN_CYCLES if not is_service_and_its_task(c))

    assert new == []


def test_cycles_known_list_holds_only_cycles_that_still_exist(sources):
    found = cycles(import_graph(sources))

    assert sorted(describe(c) for c in KNOWN_CYCLES - found) == []


def test_cycles_found_through_a_deferred_from_package_import():
    sources = {
        Path("contest/services/a.py"): "def run():\n    from contest.services import b\n",
        Path("contest/services/b.py"): "from contest.services.a import run\n",
        Path("contest/services/__init__.py"): "",
        Path("contest/services/c.py"): "from .a import run\n",
    }

    assert cycles(import_graph(sources)) == {
        frozenset({"contest.services.a", "contest.services.b"}),
    }


def test_cycles_a_service_and_its_own_task_are_allowed():
    own = frozenset({"contest.services.validation", "contest.tasks.validation"})
    other = frozenset({"contest.services.uploads", "contest.tasks.validation"})

    assert (is_service_and_its_task(own), is_service_and_its_task(other)) == (True, False)
